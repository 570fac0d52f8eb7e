"""勾稽 rules: broken rules are reported, never repaired; a lost cell is derived only from one rule."""

from __future__ import annotations

from index import template as T
from index.ingest import parse_file
from index.model import BROKEN, DERIVED, HOLDS, MISSING, STATED, UNCHECKED, Cell
from index.parse.checks import check, derive
from tests.helpers import CORPUS


def _cells(values: dict[str, float | None]) -> dict[str, Cell]:
    return {cid: Cell(cid, MISSING) if v is None else Cell(cid, STATED, v) for cid, v in values.items()}


REVIEW = [r for r in T.rules() if r.id == "review.total"]


def test_rule_holds_and_breaks_with_figures_in_detail():
    holds = check(
        _cells({"review.upheld": 1, "review.corrected": 1, "review.other": 0, "review.pending": 0, "review.total": 2}),
        REVIEW,
    )
    assert holds[0].status == HOLDS
    broken = check(
        _cells({"review.upheld": 10, "review.corrected": 1, "review.other": 0, "review.pending": 0, "review.total": 0}),
        REVIEW,
    )
    assert broken[0].status == BROKEN and "10" in broken[0].detail and "总计 0" in broken[0].detail


def test_one_missing_term_is_derived_and_marked():
    cells = derive(
        _cells(
            {"review.upheld": 1, "review.corrected": None, "review.other": 0, "review.pending": 0, "review.total": 2}
        ),
        REVIEW,
    )
    assert cells["review.corrected"] == Cell("review.corrected", DERIVED, 1.0, None, REVIEW[0].description)
    assert check(cells, REVIEW)[0].status == UNCHECKED  # rules are checked on stated values only


def test_two_missing_terms_derive_nothing():
    cells = derive(
        _cells(
            {"review.upheld": None, "review.corrected": None, "review.other": 0, "review.pending": 0, "review.total": 2}
        ),
        REVIEW,
    )
    assert cells["review.upheld"].status == MISSING and cells["review.corrected"].status == MISSING


def test_negative_derivation_is_refused():
    cells = derive(
        _cells(
            {"review.upheld": 5, "review.corrected": None, "review.other": 0, "review.pending": 0, "review.total": 2}
        ),
        REVIEW,
    )
    assert cells["review.corrected"].status == MISSING


def test_a_report_that_breaks_its_own_rule_is_reported_not_fixed():
    # 2020 平潭: the result rows add up to 26 for 自然人 while （七）总计 states 20.
    _, parsed = parse_file(CORPUS / "2020_pingtan_shiyanqu.txt", "2020_pingtan_shiyanqu.txt")
    broken = {c.rule for c in parsed.checks if c.status == BROKEN}
    assert "requests.results_sum.natural_person" in broken
    assert parsed.cells["requests.results_total.natural_person"].value == 20
    assert parsed.cells["requests.disclosed.natural_person"].value == 6
