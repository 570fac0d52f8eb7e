"""Broken conversions: shifted columns, values on the line after their label, header rows amid the data.

Each case edits a report rendered from the constructed cell sets of test_blank_cells the way a
PDF→markdown or table→text conversion does. The rules choose among the alignments; what they
cannot decide is ambiguous. A value is never read into a neighbouring column.
"""

from __future__ import annotations

from index import template as T
from index.ingest import parse_file
from index.model import AMBIGUOUS, DERIVED, STATED
from tests.layouts import PIPES, TSV, render
from tests.test_blank_cells import REPORT_2019, REPORT_2021


def _parse(tmp_path, text: str, suffix: str):
    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    return parse_file(path, path.name)[1]


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _never_wrong(parsed, cells: dict[str, float | None]) -> None:
    """A stated or derived value is the report's; an ambiguous cell offers it; missing is allowed."""
    for cid, expected in cells.items():
        cell = parsed.cells[cid]
        if expected is None:
            assert cell.status != STATED, cid
        elif cell.status in (STATED, DERIVED):
            assert cell.value == expected, cid
        elif cell.status == AMBIGUOUS:
            assert expected in cell.readings, cid


def test_a_row_shifted_one_cell_left_is_ambiguous_not_moved(tmp_path):
    # The conversion dropped a blank cell: 法律服务机构 1 and 总计 1 slide under 社会公益组织 and 其他.
    # The table's placement then breaks 办理结果总计 = 各项之和 (blanks counted as 0), the row read one
    # cell over keeps it; as stated, both readings break nothing, so the cells are ambiguous.
    text = _edit(
        render(REPORT_2021, T.FORMAT_2021, PIPES),
        "| 6.属于四类过程性信息 |  |  |  |  | 1 |  | 1 |",
        "| 6.属于四类过程性信息 |  |  |  | 1 |  | 1 |",
    )
    parsed = _parse(tmp_path, text, ".md")
    _never_wrong(parsed, REPORT_2021)
    row = {
        c: parsed.cells[f"requests.withheld.process_info.{c}"] for c in ("public_interest", "legal_service", "total")
    }
    assert {c: (cell.status, cell.readings) for c, cell in row.items()} == {
        "public_interest": (AMBIGUOUS, (1,)),
        "legal_service": (AMBIGUOUS, (1,)),
        "total": (AMBIGUOUS, (1,)),
    }
    assert parsed.cells["requests.withheld.process_info.other_org"].status != STATED


def test_a_full_row_shifted_one_cell_right_is_read_where_its_numbers_stand(tmp_path):
    text = _edit(
        render(REPORT_2021, T.FORMAT_2021, PIPES),
        "| （一）予以公开 |  | 3 |",
        "| （一）予以公开 |  |  | 3 |",
    )
    parsed = _parse(tmp_path, text, ".md")
    _never_wrong(parsed, REPORT_2021)
    assert [parsed.cells[f"requests.disclosed.{c}"].value for c in T.APPLICANT_KEYS] == [
        3,
        None,
        None,
        None,
        1,
        None,
        4,
    ]


def test_a_shift_the_rules_cannot_undo_is_ambiguous_or_blank_never_wrong(tmp_path):
    # Only one row of 2019's table says anything about 总计 here, so the rules see little.
    text = _edit(
        render(REPORT_2019, T.FORMAT_2019, TSV),
        "2.重复申请\t10\t",
        "2.重复申请\t\t10",
    )
    parsed = _parse(tmp_path, text, ".txt")
    _never_wrong(parsed, REPORT_2019)


def test_values_on_the_line_after_their_label(tmp_path):
    text = _edit(
        render(REPORT_2019, T.FORMAT_2019, TSV),
        "一、本年新收政府信息公开申请数量\t\t\t258",
        "一、本年新收政府信息公开申请数量\n\t\t\t258",
    )
    parsed = _parse(tmp_path, text, ".txt")
    _never_wrong(parsed, REPORT_2019)
    assert [parsed.cells[f"requests.new.{c}"].value for c in T.APPLICANT_KEYS[:6]] == [258, 12, None, None, 1, 1]


def test_header_rows_repeated_after_a_page_break_and_a_data_row_made_header(tmp_path):
    original = render(REPORT_2019, T.FORMAT_2019, TSV)
    lines = original.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("（本列数据"))
    header = lines[start : start + 3]
    at = next(i for i, line in enumerate(lines) if "1.本机关不掌握" in line)
    repeated = "\n".join(lines[:at] + ["- 3 -", *header] + lines[at:]) + "\n"
    parsed = _parse(tmp_path, repeated, ".txt")
    _never_wrong(parsed, REPORT_2019)
    expected = _parse(tmp_path, original, ".txt")
    assert {k: (c.status, c.value) for k, c in parsed.cells.items()} == {
        k: (c.status, c.value) for k, c in expected.cells.items()
    }

    # A converter that takes the first data row for the header puts the separator under it.
    markdown = render(REPORT_2021, T.FORMAT_2021, PIPES)
    lines = [line for line in markdown.splitlines() if not line.startswith("|---")]
    first = next(i for i, line in enumerate(lines) if "一、本年新收" in line)
    lines.insert(first + 1, "|" + "---|" * 10)
    parsed = _parse(tmp_path, "\n".join(lines) + "\n", ".md")
    _never_wrong(parsed, REPORT_2021)
    assert all(parsed.cells[cid].status == STATED for cid, v in REPORT_2021.items() if v is not None)
