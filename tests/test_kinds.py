"""What a cell can hold chooses among glued readings no 勾稽 rule reaches: counts are whole and never
negative, only 本年增/减 may be negative (never below the items there were), amounts are never negative.
The reports here are written out below (2019 format, glued as site dumps print them)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from index import template as T
from index.ingest import parse_file
from index.model import AMBIGUOUS, STATED
from index.parse.kinds import fits, fitting, reading_fits
from tests.harness import judge, reports
from tests.helpers import CORPUS
from tests.layouts import CELL_LINES, GLUED, HTML, TSV, render, write

LICENSING = ("active.licensing.prev_items", "active.licensing.change", "active.licensing.decisions")
PROCUREMENT = ("active.procurement.items", "active.procurement.amount")


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("active.licensing.decisions", 12.0, True),
        ("active.licensing.decisions", 12.5, False),  # a count of decisions is whole
        ("active.licensing.decisions", -12.0, False),  # and never negative
        ("active.licensing.change", -12.0, True),  # 本年增/减 may be negative
        ("active.licensing.change", 1.5, False),  # but counts items
        ("active.procurement.items", 39573802895.9, False),  # 采购项目数量 (个) is whole
        ("active.procurement.amount", 2895.9, True),  # 采购总金额 (元) has decimals
        ("active.procurement.amount", -5.0, False),
        ("active.fees.amount", 24252.311082, True),  # 万元
        ("requests.new.total", 7.5, False),
        ("requests.new.total", -1.0, False),
        ("review.total", 3.0, True),
        ("requests.new.total", None, True),  # a blank is never ruled out
    ],
)
def test_a_cell_holds_what_its_unit_and_column_allow(cell, value, expected):
    assert fits(cell, value) is expected


def test_the_items_of_a_year_never_fall_below_zero():
    assert reading_fits(LICENSING, (5.0, -1.0, 23.0))
    assert not reading_fits(LICENSING, (5.0, -12.0, 3.0))  # 5 items less 12 would leave -7
    assert reading_fits(LICENSING, (5.0, None, 3.0))


def test_a_row_none_of_whose_readings_fits_keeps_them_all():
    # The report itself prints an odd figure: it is stated as printed, not dropped.
    odd = [(-3.0,)]
    assert fitting(("requests.new.total",), odd) == odd
    assert fitting(LICENSING, [(5.0, -1.0, 23.0), (5.0, -12.0, 3.0)]) == [(5.0, -1.0, 23.0)]


def _report_2019(active: dict[str, float]) -> dict[str, float | None]:
    """A 2019-format report: 表二 as given (0 elsewhere), 表三 with one application, 表四 all 0."""
    cells: dict[str, float | None] = {cid: 0.0 for cid in T.cells_of_format(T.FORMAT_2019)}
    cells = {cid: v for cid, v in cells.items() if T.cell(cid).row not in T.OTHER_SPLIT_ROWS}
    for cid in ("requests.new", "requests.disclosed", "requests.results_total"):
        cells[f"{cid}.natural_person"] = cells[f"{cid}.total"] = 1.0
    return cells | active


def _parse(tmp_path, cells: dict[str, float | None]):
    path = tmp_path / "report.txt"
    path.write_text(render(cells, T.FORMAT_2019, GLUED), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    assert parsed.meta.format == T.FORMAT_2019
    return parsed, path.read_text(encoding="utf-8")


def test_a_negative_change_fixes_the_items_before_it_and_never_makes_decisions_negative(tmp_path):
    cells = _report_2019(dict(zip(LICENSING, (2648.0, -18.0, 538.0))))
    parsed, text = _parse(tmp_path, cells)
    assert "行政许可2648-18538" in text
    prev, change, decisions = (parsed.cells[c] for c in LICENSING)
    assert (prev.status, prev.value) == (STATED, 2648)  # 2|648|-18538 … would be negative decisions
    # Which digits are the change is still open (-18 | 538 or -1 | 8538 …): ambiguous, never guessed.
    assert change.status == decisions.status == AMBIGUOUS
    assert -18 in change.readings and 538 in decisions.readings
    assert all(v >= 0 for v in decisions.readings)


def test_a_real_glued_row_with_a_minus_states_its_items_and_leaves_the_rest_open():
    # 平潭 2020 「行政处罚2648-18538」: 上一年项目数量 2648 (as the 2019 gold notes read it from the page).
    _, parsed = parse_file(CORPUS / "2020_pingtan_shiyanqu.txt", "2020_pingtan_shiyanqu.txt")
    prev, change, decisions = (parsed.cells[f"active.penalty.{c}"] for c in ("prev_items", "change", "decisions"))
    assert (prev.status, prev.value) == (STATED, 2648)
    assert change.status == decisions.status == AMBIGUOUS
    assert -18 in change.readings and 538 in decisions.readings
    assert min(decisions.readings) >= 0


def test_a_change_larger_than_the_items_is_not_a_reading(tmp_path):
    cells = _report_2019(dict(zip(LICENSING, (5.0, -1.0, 23.0))))
    parsed, text = _parse(tmp_path, cells)
    assert "行政许可5-123" in text
    assert [(parsed.cells[c].status, parsed.cells[c].value) for c in LICENSING] == [
        (STATED, 5),
        (STATED, -1),  # 5 | -12 | 3 would leave -7 items
        (STATED, 23),
    ]


def test_the_decimals_of_a_glued_amount_stay_in_the_amount(tmp_path):
    cells = _report_2019(dict(zip(PROCUREMENT, (12.0, 3.25))))
    parsed, text = _parse(tmp_path, cells)
    assert "政府集中采购123.25" in text
    # 1 | 23.25, 12 | 3.25 or a blank count and 123.25 (glued text keeps no trace of a blank): still
    # open, but never 123.2 projects for 5 元.
    items, amount = (parsed.cells[c] for c in PROCUREMENT)
    assert items.status == amount.status == AMBIGUOUS
    assert set(items.readings) == {1, 12}
    assert set(amount.readings) == {23.25, 3.25, 123.25}


def test_nothing_decides_a_glued_row_of_positive_counts(tmp_path):
    # 「3960181」 (396 | 0 | 181 as printed): no rule, no prose, no kind of cell tells the cuts apart.
    cells = _report_2019(dict(zip(LICENSING, (396.0, 0.0, 181.0))))
    parsed, _ = _parse(tmp_path, cells)
    assert all(parsed.cells[c].status == AMBIGUOUS for c in LICENSING)
    assert 396 in parsed.cells[LICENSING[0]].readings


# ---------------------------------------------------------------- random 表二 with signed changes and decimals

_AMOUNTS = {
    T.UNIT_TEN_THOUSAND_YUAN: st.one_of(st.integers(0, 40).map(float), st.integers(0, 10**10).map(lambda n: n / 10**6)),
    T.UNIT_YUAN: st.one_of(st.integers(0, 40).map(float), st.integers(0, 10**9).map(lambda n: n / 100)),
}


@st.composite
def _with_signed_active(draw, fmt: str) -> dict[str, float | None]:
    """A report that keeps the rules, its 表二 as real ones print it: 本年增/减 down as well as up
    (never below the items there were), amounts in 万元 or 元 with their decimals."""
    cells = draw(reports(fmt))
    for item in T.ACTIVE_ITEMS[fmt]:
        for col, unit in zip(item.columns, item.units, strict=True):
            cid = f"active.{item.key}.{col.key}"
            if col.key in T.SIGNED_COLUMNS:
                cells[cid] = float(draw(st.integers(-int(cells[f"active.{item.key}.prev_items"]), 40)))
            elif unit not in T.COUNT_UNITS:
                cells[cid] = draw(_AMOUNTS[unit])
    return cells


@pytest.mark.parametrize("layout", [TSV, CELL_LINES, HTML, GLUED])
@pytest.mark.parametrize("fmt", [T.FORMAT_2019, T.FORMAT_2021])
def test_signed_changes_and_decimal_amounts_come_back_and_readings_always_fit(tmp_path_factory, fmt, layout):
    @seed(20260104)
    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_with_signed_active(fmt))
    def check(cells):
        path = write(cells, fmt, layout, tmp_path_factory.mktemp("kinds"))
        _, parsed = parse_file(path, path.name)
        verdict = judge(cells, parsed, layout)
        # 表二 is this test's business; glued 表三/表四 rows with many multi-digit values can lose cells
        # (too many cuts to enumerate), which is not about kinds: those are judged by test_layout_harness.
        assert (verdict.wrong, verdict.invented) == ([], [])
        assert [c for c in verdict.lost if T.table_of(c) == T.TABLE_ACTIVE or layout != GLUED] == []
        for cid in cells:
            cell = parsed.cells[cid]
            assert all(fits(cid, v) for v in cell.readings), (cid, cell.readings)

    check()
