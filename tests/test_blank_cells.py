"""Blank cells keep their place: a report that leaves cells blank is read cell for cell, in every layout.

The reports are built here from cell sets written out below (2019 format with 总计 left blank in the
result rows, as such reports often do; 2021 format with scattered blanks) and written as TSV, markdown
pipes, one cell per line and HTML. Every stated cell must come back exactly; every blank one must not
be stated (a blank is 报告未列明, never 0, never a neighbour's value).
"""

from __future__ import annotations

import pytest

from index import template as T
from index.document import HEADING, PARAGRAPH
from index.ingest import parse_file
from index.model import DERIVED, MISSING, STATED
from index.readers import read
from tests.layouts import LAYOUTS, SUFFIX, TSV, render


def _request_rows(rows: dict[str, tuple[float | None, ...]]) -> dict[str, float | None]:
    return {f"requests.{row}.{col}": v for row, values in rows.items() for col, v in zip(T.APPLICANT_KEYS, values)}


def _review(values: tuple[float | None, ...]) -> dict[str, float | None]:
    ids = [f"{g.key}.{c.key}" for g in T.REVIEW_GROUPS for c in T.REVIEW_COLUMNS]
    return dict(zip(ids, values, strict=True))


_ = None
# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
REQUESTS_2019 = _request_rows(
    {
        "new": (258, 12, _, _, 1, 1, _),  # the row of the issue: 258\t12\t\t\t1\t1\t
        "carried_in": (3, _, _, _, _, _, 3),
        "disclosed": (100, 5, _, _, _, _, _),
        "partial": (20, _, _, _, _, _, _),
        "withheld.state_secret": (_, _, _, _, _, _, _),
        "withheld.third_party": (2, _, _, _, _, _, _),
        "unavailable.not_held": (50, 3, _, _, _, _, _),
        "not_processed.repeated": (10, _, _, _, _, _, _),
        "other": (30, 2, _, _, 1, 1, _),
        "results_total": (212, 10, _, _, 1, 1, 224),
        "carried_out": (49, 2, _, _, _, _, 51),
    }
)
REPORT_2019 = {
    "active.rules.made": 0,
    "active.rules.published": 0,
    "active.rules.public_total": 3,
    "active.normative_docs.made": 5,
    "active.normative_docs.published": 5,
    "active.normative_docs.public_total": _,
    "active.licensing.prev_items": 10,
    "active.licensing.change": _,
    "active.licensing.decisions": 4,
    "active.fees.prev_items": 2,
    "active.fees.change": _,
    "active.procurement.items": 3,
    "active.procurement.amount": 12.5,
    **REQUESTS_2019,
    **_review((1, _, _, _, 1, _, _, _, 2, 2, _, _, _, _, _)),
}

REQUESTS_2021 = _request_rows(
    {
        "new": (7, _, _, _, 2, _, 9),
        "carried_in": (_, _, _, _, _, _, _),
        "disclosed": (3, _, _, _, 1, _, 4),
        "partial": (1, _, _, _, _, _, 1),
        "withheld.process_info": (_, _, _, _, 1, _, 1),
        "unavailable.not_held": (2, _, _, _, _, _, 2),
        "other.other": (1, _, _, _, _, _, 1),
        "results_total": (7, _, _, _, 2, _, 9),
        "carried_out": (_, _, _, _, _, _, _),
    }
)
REPORT_2021 = {
    "active.rules.issued": _,
    "active.rules.repealed": _,
    "active.rules.in_force": 2,
    "active.normative_docs.issued": 1,
    "active.normative_docs.repealed": _,
    "active.normative_docs.in_force": 6,
    "active.licensing.decisions": 120,
    "active.penalty.decisions": _,
    "active.coercion.decisions": 3,
    "active.fees.amount": 0.56,
    **REQUESTS_2021,
    **_review((_, _, _, 1, 1, 2, _, _, _, 2, _, _, _, _, _)),
}

CASES = {T.FORMAT_2019: REPORT_2019, T.FORMAT_2021: REPORT_2021}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", sorted(CASES))
def test_every_cell_keeps_its_place_and_blanks_stay_blank(tmp_path, fmt, layout):
    cells = CASES[fmt]
    path = tmp_path / f"report{SUFFIX[layout]}"
    path.write_text(render(cells, fmt, layout), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    assert parsed.meta.format == fmt
    got = {cid: parsed.cells[cid].value for cid, v in cells.items() if v is not None}
    assert got == {cid: v for cid, v in cells.items() if v is not None}
    assert all(parsed.cells[cid].status == STATED for cid, v in cells.items() if v is not None)
    assert [cid for cid, v in cells.items() if v is None and parsed.cells[cid].status == STATED] == []


_MARKED = 987654  # stands in for a blank value cell while rendering, then replaced by the mark


@pytest.mark.parametrize("mark", ["—", "——", "/", "－"])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", sorted(CASES))
def test_a_dash_or_slash_in_a_cell_is_a_blank_cell(tmp_path, fmt, layout, mark):
    """Tables often write 「—」 or 「/」 where they state nothing: every cell keeps its place, 表四's row and
    one-cell-per-line exports included, and the marked cells are not stated."""
    cells = CASES[fmt]
    text = render({cid: _MARKED if v is None else v for cid, v in cells.items()}, fmt, layout)
    path = tmp_path / f"report{SUFFIX[layout]}"
    path.write_text(text.replace(str(_MARKED), mark), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    stated = {cid: v for cid, v in cells.items() if v is not None}
    assert {cid: (parsed.cells[cid].status, parsed.cells[cid].value) for cid in stated} == {
        cid: (STATED, v) for cid, v in stated.items()
    }
    assert [cid for cid, v in cells.items() if v is None and parsed.cells[cid].status == STATED] == []


def test_the_blank_total_of_the_issue_row_is_missing_not_its_neighbour(tmp_path):
    path = tmp_path / "report.txt"
    text = render(REPORT_2019, T.FORMAT_2019, TSV)
    assert "一、本年新收政府信息公开申请数量\t\t\t258\t12\t\t\t1\t1\t\n" in text
    path.write_text(text, encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    total = parsed.cells["requests.new.total"]
    assert (total.status, total.value) == (DERIVED, 272)  # 推算 from 本年新收 + 上年结转 = 总计 + 结转, never the 1
    assert parsed.cells["requests.new.other_org"].value == 1
    assert parsed.cells["requests.new.research"].status == MISSING


def test_a_blank_line_in_a_one_cell_per_line_export_is_a_blank_cell(tmp_path):
    text = render(REPORT_2019, T.FORMAT_2019, "cells")
    assert "一、本年新收政府信息公开申请数量\n258\n12\n\n\n1\n1\n\n二、" in text
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    new = [parsed.cells[f"requests.new.{c}"] for c in T.APPLICANT_KEYS]
    assert [c.value for c in new[:6]] == [258, 12, None, None, 1, 1]
    assert [c.status for c in new] == [STATED, STATED, MISSING, MISSING, STATED, STATED, DERIVED]


@pytest.mark.parametrize("spacing", ["\n", "\n\n"])
def test_a_lone_none_under_a_heading_is_the_sections_text_not_a_row(tmp_path, spacing):
    """「无」 is a blank mark inside a table, but a run of lines with no number is no one-cell-per-line row."""
    path = tmp_path / "report.txt"
    lines = ["六、其他需要报告的事项", "", "无", "", "（本页无正文）", "甲乙县人民政府办公室"]
    path.write_text(spacing.join(lines), encoding="utf-8")
    blocks = read(path).blocks
    assert [(b.kind, b.text) for b in blocks][:2] == [(HEADING, "六、其他需要报告的事项"), (PARAGRAPH, "无")]


def test_an_empty_markdown_cell_is_a_blank_cell(tmp_path):
    body = render(REPORT_2021, T.FORMAT_2021, "pipes")
    assert "| 行政处罚 |  |" in body
    path = tmp_path / "report.md"
    path.write_text(body, encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    assert parsed.cells["active.penalty.decisions"].status == MISSING
    assert parsed.cells["active.coercion.decisions"].value == 3
