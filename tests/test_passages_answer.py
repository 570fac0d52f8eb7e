"""Whether a passage speaks to a question, judged on the question's content words."""

from __future__ import annotations

import pytest

from assistant.answer.passages import Hit, Words, coverage, gives_a_number, named_section


@pytest.mark.parametrize(
    ("passage", "word", "covered"),
    [
        ("本年度未收取任何费用。", "收费", True),  # a near synonym of the group
        ("全年收取政府信息公开信息处理费120元。", "信息处理", True),  # the word itself
        ("本年度信息公开处理费收费情况：未发生收费事项。", "信息处理", True),  # each part of the compound
        ("本年度加强信息化建设，处理群众来信。", "信息处理", True),  # both parts, far apart: still covered
        ("本年度加强网站建设。", "信息处理", False),  # neither part
        ("做好信息发布工作。", "信息处理", False),  # only one part
    ],
)
def test_a_word_is_covered_by_itself_a_synonym_or_each_part_of_a_compound(passage, word, covered):
    assert (coverage(passage, Words((word,), (word,))) == 1.0) is covered


SECTIONS = {
    1: {
        "前言",
        "一、总体情况",
        "一、总体情况 / （一）主动公开情况",
        "一、总体情况 / （二）依申请公开情况",
        "一、总体情况 / （五）政府信息公开监督保障情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    },
    2: {"一、总体情况 / 三、政府信息公开平台建设", "一、总体情况 / 四、政府信息公开监督保障"},
}


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("甲乙市2023年依申请公开工作有哪些做法", "依申请公开"),
        ("甲乙市依申请公开方面做了什么", "依申请公开"),
        ("甲乙市2023年平台建设怎么样", "平台建设"),
        ("甲乙市监督保障有哪些措施", "监督保障"),
        ("甲乙市2023年其他需要报告的事项", "其他需要报告的事项"),
        # what every report is about names no section, though headings repeat it
        ("甲乙市2023年政府信息公开工作有哪些做法", None),
        ("甲乙市2023年做了哪些工作", None),  # too short a run (工作) to name one
        ("甲乙市2023年前言说了什么", None),  # the preface is no section of the template
    ],
)
def test_a_question_names_a_section_by_a_rare_run_of_its_heading(question, section):
    assert named_section(question, ["甲乙市"], SECTIONS) == section


def test_a_run_in_more_than_two_headings_of_a_report_names_none():
    sections = {1: {"一、总体情况 / （一）公开平台建设", "二、公开平台维护", "三、公开平台管理"}}
    assert named_section("甲乙市公开平台有哪些", ["甲乙市"], sections) is None


def hit(text: str) -> Hit:
    return Hit(1, "一、总体情况", text, 1, None, 1.0)


@pytest.mark.parametrize(
    ("passage", "alone"),
    [
        ("全年通过邮寄提交申请12件。", True),
        ("全年接收通过邮寄、网络提交的申请共计81件。", False),  # a count of both
        ("全年接收通过网络和邮寄提交的申请共计81件。", False),
        ("网络申请30件，邮寄申请5件。", True),  # each with its own number
        ("全年通过邮寄提交申请。", False),  # no number at all
    ],
)
def test_a_breakdown_is_counted_only_by_a_clause_naming_it_alone(passage, alone):
    assert gives_a_number([hit(passage)], Words(("邮寄",), ("邮寄",)), alone=True) is alone
