"""Qualifiers that narrow a figure below what the tables count (our own examples, table-driven)."""

from __future__ import annotations

import pytest

from assistant.understand.parse import normalise_question, understand
from assistant.understand.query import Intent, Slot
from assistant.understand.restrict import restrictions, untaken_members
from tests.test_understand import SMALL


def mask(text: str, *taken_words: str) -> list[bool]:
    taken = [False] * len(text)
    for word in taken_words:
        start = text.index(word)
        taken[start : start + len(word)] = [True] * len(word)
    return taken


@pytest.mark.parametrize(
    ("text", "taken_words", "found"),
    [
        ("行政许可里涉及食品经营的有几件", ("行政许可", "几件"), ["食品经营"]),
        ("通过信函方式提交的申请几件", ("提交",), ["信函"]),
        ("以传真形式递交的申请", ("递交",), ["传真"]),
        ("规范性文件中有关教育的有几件", ("规范性文件",), ["教育"]),
        # Content a slot took is no restriction, nor are the domain's generic nouns between the frame.
        ("申请中属于国家秘密的有几件", ("国家秘密",), []),
        ("企业申请中予以公开的有几件", ("企业", "予以公开"), []),
        ("因申请内容不明确而需要补正的", ("不明确", "补正"), []),
        ("行政复议一共几件？其中结果被纠正的几件", ("行政复议", "纠正"), []),
        ("不予公开的各项理由里哪一项最多", ("不予公开", "理由"), []),
        ("政府集中采购的金额", ("政府集中采购", "金额"), []),
        # With no frame word: a modifier before 的 and the measure, a verb before 了 and the count,
        # the noun after the count.
        ("被撤销的行政复议有几件", ("行政复议",), ["被撤销"]),
        ("申请人主动放弃了几件申请", ("申请人",), ["主动放弃"]),
        ("收到多少份群众建议", ("群众",), ["建议"]),
        # ... but not when the measure does not follow, nor for the verbs that only say a count happened.
        ("予以公开的申请有几件", ("予以公开",), []),
        ("企业申请比上一年增长了多少", ("企业",), []),
        ("今年收到的申请有几件", ("今年",), []),
        ("行政处罚各作出多少处理决定", ("行政处罚", "处理决定"), []),
    ],
)
def test_a_qualifier_is_a_restriction_only_when_no_slot_took_its_content(text, taken_words, found):
    assert [s.text for s in restrictions(text, mask(text, *taken_words), generic=True)] == found


@pytest.mark.parametrize(
    ("text", "taken_words"),
    [("新出了几份行政规范性文件", ("行政规范性文件",)), ("没经过复议的直接起诉案子", ("直接起诉",))],
)
def test_beside_a_named_row_unframed_words_are_its_paraphrase(text, taken_words):
    assert restrictions(text, mask(text, *taken_words), generic=False) == []


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # a qualifier no slot took
        ("甲乙市2023年涉及房屋征收的申请有几件", "房屋征收"),
        ("甲乙市2022年通过微信公众号提交的申请有多少", "微信公众号"),
        ("甲乙市2022年行政处罚里关于环境保护的有多少件", "环境保护"),
        ("甲乙市2023年被驳回的复议申请有几件", "被驳回"),
        ("甲乙市2023年收到了多少封人大代表来信", "人大代表来信"),
        # a modifier before the counted noun when no phrase named the count (申请 asked by 几件)
        ("甲乙市2023年被退回的申请有几件", "被退回"),
        ("甲乙市2023年材料不全的申请有多少", "材料不全"),
        # money or time asked of a figure counted in cases
        ("甲乙市2023年行政复议纠错的案件赔了多少钱", "赔了多少"),
        ("甲乙市2023年收到的申请平均要多少天才答复", "多少天"),
        ("甲乙市2022年予以公开的申请平均几个工作日办结", "几个工作日"),
        # a time asked of nothing the tables name: no table counts a time
        ("甲乙市2023年依申请公开平均办理时长多少天", "多少天"),
        ("甲乙市2023年答复一件申请平均要多久", "多久"),
    ],
)
def test_a_figure_question_asking_what_the_tables_do_not_count_is_unresolved(question, phrase):
    q = understand(question, SMALL)
    assert q.intent is Intent.TEXT
    assert [(u.slot, u.text) for u in q.unresolved] == [(Slot.MEASURE, phrase)]


@pytest.mark.parametrize(
    "question",
    [
        "甲乙市2023年申请中因保护第三方合法权益不予公开的有几件",
        "甲乙市2022年企业提交的申请中予以公开的有多少件",
        "甲乙市2023年有没有被纠错的行政复议",  # 有没有 asks; it qualifies nothing
        "甲乙市2023年是否有被撤销的行政诉讼",
        "甲乙市2023年来自企业的申请",  # 来自 only joins the column to what is counted
    ],
)
def test_a_question_whose_every_qualifier_names_a_slot_is_a_figure(question):
    q = understand(normalise_question(question), SMALL)
    assert q.intent is Intent.FIGURES and q.unresolved == ()


def test_money_asked_of_a_table_two_row_is_left_to_the_template_of_the_year():
    q = understand("甲乙市2023年行政事业性收费收了多少钱", SMALL)
    assert q.intent is Intent.FIGURES and q.unresolved == ()


def test_which_department_of_one_agency_asks_who_which_no_table_records():
    q = understand("甲乙市丙丁区2023年行政复议被纠正的案件是哪个部门的", SMALL)
    assert not q.every_agency and q.intent is Intent.TEXT
    assert [(u.slot, u.text) for u in q.unresolved] == [(Slot.MEASURE, "哪个部门")]


def test_which_department_with_an_ordering_still_ranks_the_agencies():
    q = understand("2023年哪个部门收到的申请最多", SMALL)
    assert q.every_agency and q.intent is Intent.FIGURES and q.unresolved == ()


@pytest.mark.parametrize(
    ("text", "taken_words", "found"),
    [
        # a list member no slot took, beside one a slot took, on either side of the join
        ("公开的跟部分公开的一共多少", ("部分公开", "一共", "多少"), ["公开"]),
        ("自然人与外国人的申请加起来几件", ("自然人", "加起来", "几件"), ["外国人"]),
        ("行政复议、信访投诉各几件", ("行政复议", "各", "几件"), ["信访投诉"]),
        # both taken, neither taken, or the join inside a taken phrase
        ("自然人和商业企业的申请几件", ("自然人", "商业企业", "申请", "几件"), []),
        ("根据中华人民共和国的规定", (), []),
        ("有没有因为危及三安全一稳定而不公开的", ("三安全一稳定", "不公开"), []),  # 及 of 危及 joins nothing
        ("人大代表建议和政协提案办理情况", ("人大代表建议和政协提案",), []),
        # the generic nouns of the domain are no member
        ("予以公开和政府信息公开申请", ("予以公开",), []),
    ],
)
def test_a_list_member_no_slot_took_is_found(text, taken_words, found):
    assert [s.text for s in untaken_members(text, mask(text, *taken_words))] == found


def test_a_sum_with_a_member_no_slot_took_is_not_answered_with_the_other_members():
    # 转办 is no row of the template: the sum is not answered with 部分公开 alone
    q = understand("甲乙市2023年转办的跟部分公开的一共多少件", SMALL)
    assert q.intent is Intent.TEXT and [(u.slot, u.text) for u in q.unresolved] == [(Slot.MEASURE, "转办")]


def test_without_a_sum_or_each_only_a_conjunction_joins_members():
    """「没结案、还在审」 restates one thing; 「转办和部分公开」 names two."""
    text = "没结案、还在审查的几件"
    assert untaken_members(text, mask(text, "没结案", "几件"), enumerations=False) == []
    text = "转办和部分公开的几件"
    assert [s.text for s in untaken_members(text, mask(text, "部分公开", "几件"), enumerations=False)] == ["转办"]
