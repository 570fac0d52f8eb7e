"""Whether a passage speaks to a question, judged on the question's content words."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.answer.passages import (
    Hit,
    Words,
    asks_a_person,
    asks_a_plan,
    choose,
    content_words,
    coverage,
    gives_a_number,
    named_section,
    unmentioned,
)


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
        ("甲乙市2023年前言说了什么", None),  # the preface is no section of the template
    ],
)
def test_a_question_names_a_section_by_a_rare_run_of_its_heading(question, section):
    assert named_section(question, ["甲乙市"], SECTIONS) == ((section,) if section else ())


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("甲乙市的网站和公众号弄得怎么样", ("平台",)),  # 平台建设, in report 2's headings
        ("甲乙市有没有收钱", ("其他需要报告",)),  # a fee is reported under 六
        ("甲乙市依申请公开有没有收钱", ("依申请公开", "其他需要报告")),  # a heading and a part named
        ("甲乙市的问题是什么，后来怎么改的，改进了没有", ("改进", "问题")),  # both halves of 五
        ("甲乙市去年存在哪些不足", ("问题",)),
        ("甲乙市政务公开考核和培训搞了没有", ("监督",)),
        ("我想问下甲乙市怎么样才能申请政府信息", ("依申请",)),
        ("甲乙市2023年做了哪些工作", ("总体情况",)),  # the whole year's work: the overview
        ("甲乙市网站建设上存在哪些短板", ("问题",)),  # a concern about a part is answered where concerns are
        ("甲乙市的政策解读", ()),  # no part of the template is about it alone
    ],
)
def test_a_question_names_a_part_of_the_narrative_in_its_own_words(question, named):
    assert named_section(question, ["甲乙市"], SECTIONS) == named


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("我是记者，想了解甲乙市的培训情况", ("培训",)),  # who asks is not what
        ("市民咨询：甲乙市信息处理费怎么收", ("信息处理",)),
        ("老大爷想问一下甲乙市那边公开得咋样", ()),
        ("我是学生，写论文用，甲乙市和丙丁区在解读上有什么不同", ("解读",)),  # nor is comparing
    ],
)
def test_the_asker_and_function_words_are_no_content_words(question, words):
    assert content_words(question, ["甲乙市", "丙丁区"]).all == words


@pytest.mark.parametrize(
    ("question", "person", "plan"),
    [
        ("甲乙市信息公开办主任是谁", True, False),
        ("甲乙市负责人叫什么名字", True, False),
        ("甲乙市明年打算公开多少文件", False, True),
        ("甲乙市下一年度计划开展几次培训", False, True),
        ("甲乙市今年公开了多少文件", False, False),
    ],
)
def test_a_question_about_a_person_or_a_plan(question, person, plan):
    assert asks_a_person(question) is person and asks_a_plan(question) is plan


def test_a_plan_is_counted_only_by_a_clause_that_plans():
    done = [hit("全年公开文件62件。")]
    planned = [hit("2025年，计划公开文件不少于80件。")]
    words = Words(("文件",), ("文件",))
    assert not gives_a_number(done, words, planned=True)
    assert gives_a_number(planned, words, planned=True)


def test_a_long_term_no_report_mentions_is_said_so_even_when_no_fact_is_asked():
    texts = ["开展“回头看”活动，推进督促整改。"]
    assert unmentioned("甲乙市政府开放日活动", Words(("开放日", "活动"), ("开放日", "活动")), texts) == ["开放日"]
    assert unmentioned("甲乙市的活动", Words(("活动",), ("活动",)), texts) == []
    # a term whose part the reports write is not unheard of (门户网站 where they say 网站)
    assert unmentioned("甲乙市门户网站改进了吗", Words(("门户网站",), ("门户网站",)), ["加强政府网站管理。"]) == []


def test_a_run_in_more_than_two_headings_of_a_report_names_none():
    sections = {1: {"一、总体情况 / （一）公开平台建设", "二、公开平台维护", "三、公开平台管理"}}
    assert named_section("甲乙市公开平台有哪些", ["甲乙市"], sections) == ()


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


def _doc(section: str, text: str) -> Document:
    return Document(page_content=text, metadata={"section": section, "report_id": 1, "line": 1})


FIVE = "五、存在的主要问题及改进情况"
OLD_LAYOUT = [  # 五's own text states the problems, its sub-sections the improvements
    _doc(FIVE, "存在一些不足：队伍不稳定。"),
    _doc(f"{FIVE} / （一）继续强化信息公开责任", "压实责任，加强培训。"),
    _doc("一、总体情况", "全年公开信息2599条。"),
]
NEW_LAYOUT = [
    _doc(f"{FIVE} / （一）存在的主要问题", "政策解读形式不够丰富。"),
    _doc(f"{FIVE} / （二）改进措施", "丰富解读形式。"),
    _doc("一、总体情况", "全年公开信息。"),
    _doc("一、总体情况 / （一）主动公开方面", "主动公开信息。"),
]


@pytest.mark.parametrize(
    ("documents", "section", "quoted"),
    [
        # a part named by a heading without sub-headings of its own name takes the sub-sections under it
        (OLD_LAYOUT, ("改进",), {FIVE, f"{FIVE} / （一）继续强化信息公开责任"}),
        # where a sub-heading holds the name, that sub-section alone
        (NEW_LAYOUT, ("存在的主要问题",), {f"{FIVE} / （一）存在的主要问题"}),
        (NEW_LAYOUT, ("问题", "改进"), {f"{FIVE} / （一）存在的主要问题", f"{FIVE} / （二）改进措施"}),
        # the overview is its own text, not the parts under it
        (NEW_LAYOUT, ("总体情况",), {"一、总体情况"}),
    ],
)
def test_a_section_named_is_quoted_with_the_parts_under_it_that_no_sub_heading_claims(documents, section, quoted):
    assert {h.section for h in choose(documents, Words((), ()), section)} == quoted
