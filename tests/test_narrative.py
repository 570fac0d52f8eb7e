"""The report's own prose may choose among the readings of glued 表二 digits, and never adds one."""

from __future__ import annotations

from index.ingest import parse_file
from index.model import AMBIGUOUS, STATED
from index.parse.narrative import narrative_hints
from tests.helpers import CORPUS


def test_hints_come_from_clauses_that_name_one_cell():
    prose = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。制发和废止规范性文件共5件。"
    assert narrative_hints(prose, "2021") == {
        "active.normative_docs.in_force": {698.0},
        "active.normative_docs.issued": {88.0},
    }


def test_prose_splits_a_glued_row_when_its_figures_are_among_the_readings():
    # 2022 平潭: 「行政规范性文件8855698」, prose: 现行有效…698件, 制发的规范性文件88件.
    _, parsed = parse_file(CORPUS / "2022_pingtan_shiyanqu.txt", "2022_pingtan_shiyanqu.txt")
    values = {c: parsed.cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")}
    assert {c: (v.status, v.value) for c, v in values.items()} == {
        "issued": (STATED, 88),
        "repealed": (STATED, 55),
        "in_force": (STATED, 698),
    }


def test_a_figure_the_digits_cannot_hold_is_ignored_and_the_rest_stays_ambiguous():
    # 2023 平潭: 「77132470」; prose says 制发77件 (a reading) and 现行有效393件 (not a reading).
    _, parsed = parse_file(CORPUS / "2023_pingtan_shiyanqu.txt", "2023_pingtan_shiyanqu.txt")
    assert (
        parsed.cells["active.normative_docs.issued"].status,
        parsed.cells["active.normative_docs.issued"].value,
    ) == (
        STATED,
        77,
    )
    assert parsed.cells["active.normative_docs.repealed"].status == AMBIGUOUS
    assert parsed.cells["active.normative_docs.in_force"].status == AMBIGUOUS
    assert 470 in parsed.cells["active.normative_docs.in_force"].readings
