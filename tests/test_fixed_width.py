"""Fixed-width tables (pdftotext -layout): each number placed by its position, blanks kept, and the table left
as text wherever the positions are not a grid."""

from __future__ import annotations

import pytest

from index.ingest import parse_file
from index.readers.fixed_width import display_width, fixed_rows
from tests.harness import judge
from tests.helpers import gold_files, load_gold
from tests.layouts import BLANK_ZERO, FIXED_WIDTH_BLANK, _fixed_width, _parts, render

GOLD = {p.stem: load_gold(p) for p in gold_files()}

# A small table of a made-up agency: 已办结 is blank in every row, known only from its header.
TABLE = [
    "甲乙市戊己县统计表",
    "事项            受理数   已办结   未办结",
    "行政许可          12                 3",
    "行政处罚           7                10",
    "行政强制                             1",
]


def test_display_width_counts_a_wide_character_twice():
    assert display_width("行政a１") == 7


def test_a_blank_column_known_from_its_header_keeps_its_place():
    rows = fixed_rows(TABLE)
    assert rows == {
        2: ("行政许可", "12", "", "3"),
        3: ("行政处罚", "7", "", "10"),
        4: ("行政强制", "", "", "1"),
    }


def test_rows_with_blanks_take_the_columns_of_the_full_rows():
    lines = ["甲乙县", "规章          5     6     7", "规范性文件          2", "其他          1           9"]
    assert fixed_rows(lines) == {1: ("规章", "5", "6", "7"), 2: ("规范性文件", "", "2", ""), 3: ("其他", "1", "", "9")}


def test_a_number_across_two_columns_leaves_the_table_as_text():
    lines = ["规章          5     6     7", "其他          12345678"]  # 12345678 stands under both 5 and 6
    assert fixed_rows(lines) == {}


def test_two_numbers_of_a_row_in_one_column_leave_the_table_as_text():
    lines = ["规章          5     6666", "其他                1 2"]  # 1 and 2 both under 6666
    assert fixed_rows(lines) == {}


def test_numbers_apart_by_spaces_without_fixed_columns_are_left_as_text():
    lines = ["行政许可   12   3", "其他对外管理服务事项   7   10"]  # the numbers start inside the longer label
    assert fixed_rows(lines) == {}


def test_a_line_of_prose_with_a_number_is_no_table():
    assert fixed_rows(["本年度共受理  12", "特此报告。"]) == {}


def test_tab_separated_and_markdown_lines_are_left_to_their_own_cells():
    assert fixed_rows(["规章\t5\t6", "规范性文件\t2\t3"]) == {}
    assert fixed_rows(["| 规章 | 5 | 6 |", "| 规范性文件 | 2 | 3 |"]) == {}


def _read(tmp_path, text: str, gold: dict):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    return judge(gold["cells"], parsed, BLANK_ZERO)


def test_a_column_blank_throughout_under_a_row_spanning_header_is_read_in_place(tmp_path):
    """表三's 自然人 column all zeros, so blank in every row: its header (spanning two header lines) gives its
    place. The 总计 column less the 自然人 one keeps every rule."""
    gold = GOLD["2023_pingtan_shiyanqu"]
    cells = dict(gold["cells"])
    for cid, value in gold["cells"].items():
        row, column = cid.rsplit(".", 1)
        if cid.startswith("requests.") and column == "natural_person" and value is not None:
            cells[cid], cells[f"{row}.total"] = 0, cells[f"{row}.total"] - value
    verdict = _read(tmp_path, render(cells, gold["format"], FIXED_WIDTH_BLANK), {"cells": cells})
    assert (verdict.wrong, verdict.invented, verdict.lost) == ([], [], [])


def test_columns_fewer_than_the_tables_are_read_unaligned_never_wrong(tmp_path):
    """Without the header line of 表三's five 法人 columns a column blank throughout leaves no trace: the
    rows found six columns where the table has seven, so their numbers are read as unaligned text."""
    for gold in GOLD.values():
        text = render(gold["cells"], gold["format"], FIXED_WIDTH_BLANK)
        text = "\n".join(line for line in text.split("\n") if "商业企业" not in line)
        verdict = _read(tmp_path, text, gold)
        assert (verdict.wrong, verdict.invented) == ([], [])


@pytest.mark.parametrize("numbers", ["left", "right"])
@pytest.mark.parametrize("name", sorted(GOLD))
def test_numbers_set_left_or_right_in_their_columns_are_read_in_place(tmp_path, name, numbers):
    """Set right, a narrow table's header may end left of the numbers of the table above it, so the two run
    together and are read as text (values missing, none wrong)."""
    gold = GOLD[name]
    _, parts = _parts(gold["cells"], gold["format"], "测试县人民政府", 2023, FIXED_WIDTH_BLANK)
    lines = [line for kind, x in parts for line in ([x] if kind == "p" else _fixed_width(x, numbers))]
    verdict = _read(tmp_path, "\n".join(lines) + "\n", gold)
    assert (verdict.wrong, verdict.invented) == ([], [])
    assert numbers == "right" or verdict.lost == []
