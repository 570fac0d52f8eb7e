"""Borderless tables: columns from where the values and headings stand, so a blank stays in its column."""

from __future__ import annotations

from index.readers.borderless import Line, Piece, table_rows


def line(*pieces: tuple[str, float]) -> Line:
    """A line of pieces, each given by its text and left edge, 7 points a character."""
    return Line(tuple(Piece(text, x, x + 7 * len(text)) for text, x in pieces))


HEADER = [
    line(("申请人情况", 200)),  # spans every column: opens none
    line(("自然人", 200), ("法人或其他组织", 250), ("总计", 350)),
    line(("商业企业", 250), ("科研机构", 300)),
]


def test_blank_cells_keep_their_columns_from_the_headings():
    rows, columns = table_rows([*HEADER, line(("一、本年新收", 20), ("26", 200), ("26", 350))])
    assert len(columns) == 4
    assert rows == {3: ("一、本年新收", "26", "", "", "26")}


def test_a_table_going_on_over_a_page_break_keeps_its_columns():
    _, columns = table_rows([*HEADER, line(("一、本年新收", 20), ("26", 200), ("1", 250), ("2", 300), ("29", 350))])
    rows, _ = table_rows([line(("8.属于行政查询事项", 20), ("0", 200), ("0", 350))], columns)
    assert rows == {0: ("8.属于行政查询事项", "0", "", "", "0")}


def test_values_that_share_a_column_leave_the_table_as_text():
    wide = line(("一、本年新收", 20), ("12345678", 200), ("3", 210))
    assert table_rows([*HEADER, wide]) == ({}, ())


def test_a_section_heading_starts_another_table():
    first = [line(("信息内容", 20), ("本年制发件数", 200)), line(("规章", 20), ("3", 200))]
    second = [line(("三、收到和处理政府信息公开申请情况", 20)), *HEADER, line(("一、本年新收", 20), ("5", 350))]
    rows, _ = table_rows([*first, *second])
    assert rows == {1: ("规章", "3"), 6: ("一、本年新收", "", "", "", "5")}


def test_prose_with_numbers_is_not_a_table():
    assert table_rows([line(("本年共收到申请26件，办结25件。", 20))]) == ({}, ())


def test_numbers_standing_under_no_heading_of_their_own_leave_the_table_as_text():
    """Numbers set right under headings set left: which heading is theirs is a guess, so no row is placed."""
    right_set = line(("一、本年新收", 20), ("26", 235), ("26", 385))
    assert table_rows([*HEADER, right_set]) == ({}, ())


def test_a_line_of_prose_above_a_table_without_labels_is_no_heading():
    """「无。」 above 表四's lone row of values would otherwise open a column of its own."""
    prose = line(("无。", 20))
    values = line(("0", 60), ("1", 120))
    headings = line(("维持", 60), ("纠正", 120))
    rows, columns = table_rows([prose, headings, values])
    assert rows == {2: ("0", "1")} and len(columns) == 2
