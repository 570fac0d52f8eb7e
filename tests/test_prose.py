"""A cell the table leaves blank, and the sentence of the report's prose that gives it (examples are ours)."""

import pytest

from assistant.answer.figures import Figure
from assistant.answer.prose import prose_quotes
from index.model import MISSING, STATED, Cell
from index.store.reports import ReportRow, StoredPassage

REPORT = ReportRow(7, "2022_jiayi.txt", "", "甲乙市科委", 2022, "甲乙市科委2022年政府信息公开工作年度报告", "2021", [])


def _figure(cell_id: str, status: str = MISSING) -> Figure:
    return Figure(REPORT, REPORT.agency, REPORT.year, Cell(cell_id, status, 3.0 if status == STATED else None))


def _quotes(prose: str, *figures: Figure) -> dict:
    return prose_quotes(list(figures), lambda rid: [StoredPassage(rid, 0, "一、总体情况", prose, 12, None)])


@pytest.mark.parametrize(
    ("prose", "quoted"),
    [
        ("办结申请中，予以公开5件，部分公开答复2件。", "办结申请中，予以公开5件，部分公开答复2件。"),
        ("本年度部分公开 0 件；无法提供 3 件。", "本年度部分公开 0 件；"),
        ("2022年部分公开4件。", "2022年部分公开4件。"),
        ("予以公开及部分公开共7件。", None),  # a joint figure is not the row's
        ("部分公开、不予公开合计3件。", None),
        ("2021年部分公开4件。", None),  # another year's figure
        ("对部分公开的申请，逐项说明理由。", None),  # no count
        ("今年依申请公开办理规范，部分公开的均说明理由，全年办结12件。", None),  # the count is another clause's
    ],
)
def test_a_blank_cell_is_quoted_only_from_a_clause_giving_its_own_count(prose, quoted):
    got = _quotes(prose, _figure("requests.partial.total"))
    assert (got[REPORT.id].text if got else None) == quoted


def test_a_long_sentence_is_cut_to_the_clause_that_gives_the_count():
    prose = "，".join(["我们坚持公开为常态、不公开为例外的原则"] * 8) + "，部分公开3件。"
    assert _quotes(prose, _figure("requests.partial.total"))[REPORT.id].text == "部分公开3件。"


def test_a_stated_cell_or_a_cell_its_row_name_alone_does_not_name_is_not_quoted():
    prose = "部分公开3件。"
    assert _quotes(prose, _figure("requests.partial.total", STATED)) == {}
    assert _quotes(prose, _figure("requests.partial.natural_person")) == {}
    assert _quotes("全年主动公开规章2件、规范性文件5件。", _figure("active.rules.in_force")) == {}


def test_a_table_lost_in_conversion_is_not_patched_from_the_prose():
    blanks = [_figure(c) for c in ("requests.partial.total", "requests.new.total", "requests.carried_in.total")]
    assert _quotes("部分公开3件，本年新收政府信息公开申请数量9件。", *blanks) == {}
