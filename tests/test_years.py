"""Years as Chinese writes them, table-driven: each row is how people write a year or a span of years."""

from __future__ import annotations

import pytest

from assistant.understand.parse import follow_up, normalise_question, understand
from assistant.understand.query import Operation, Slot
from assistant.understand.scope import resolve_scope
from assistant.understand.years import read_years
from tests.test_understand import SMALL


def years_of(question: str):
    text = normalise_question(question)
    return read_years(text, [False] * len(text))


@pytest.mark.parametrize(
    ("question", "explicit", "recent", "since", "every"),
    [
        ("甲乙市2023年收到多少", (2023,), 0, None, False),
        ("甲乙市２２年收到多少", (2022,), 0, None, False),
        ("二〇二一年甲乙市收到多少", (2021,), 0, None, False),
        ("甲乙市一九年收到多少", (2019,), 0, None, False),
        ("甲乙市二二年度收到多少", (2022,), 0, None, False),
        ("甲乙市二〇年收到多少", (2020,), 0, None, False),
        ("甲乙市二一到二三年收到多少", (2021, 2022, 2023), 0, None, False),
        ("甲乙市二零二四年度收到多少", (2024,), 0, None, False),
        ("甲乙市2020到2022年收到多少", (2020, 2021, 2022), 0, None, False),
        ("甲乙市近三年收到多少", (), 3, None, False),
        ("甲乙市这两年收到多少", (), 2, None, False),
        ("甲乙市三年来收到多少", (), 3, None, False),
        ("甲乙市2021年以来收到多少", (), 0, 2021, False),
        ("甲乙市从20年起收到多少", (), 0, 2020, False),
        ("甲乙市自2019年开始每年收到多少", (), 0, 2019, True),
        ("甲乙市历年收到多少", (), 0, None, True),
        ("甲乙市哪一年收到最多", (), 0, None, True),
        ("甲乙市逐年收到多少", (), 0, None, True),
        # a year said aloud as a number
        ("甲乙市两千零二十三年收到多少", (2023,), 0, None, False),
        ("甲乙市二千零二十二年度收到多少", (2022,), 0, None, False),
        # not years: a count of years, a decade
        ("甲乙市10年代收到多少", (), 0, None, False),
        ("甲乙市十二年来收到多少", (), 12, None, False),
        ("甲乙市近一二年收到多少", (), 2, None, False),
        ("甲乙市这两三年收到多少", (), 3, None, False),
        ("甲乙市二十年来收到多少", (), 20, None, False),
        ("甲乙市三十二年收到多少", (), 0, None, False),
        # short years listed, 年 written once after the last (or after a count of them)
        ("甲乙市21、22、23三年收到多少", (2021, 2022, 2023), 0, None, False),
        ("甲乙市22和23年收到多少", (2022, 2023), 0, None, False),
        ("甲乙市23/24年收到多少", (2023, 2024), 0, None, False),
        # not years: counts and other numbers beside words
        ("甲乙市收到22件", (), 0, None, False),
        ("甲乙市是不是22", (), 0, None, False),
    ],
)
def test_years_and_spans_of_years(question, explicit, recent, since, every):
    y = years_of(question)
    assert (y.explicit, y.recent, y.since, y.every) == (explicit, recent, since, every)


@pytest.mark.parametrize(
    ("question", "operation"),
    [
        ("甲乙市历年收到的申请数量", Operation.TREND),
        ("甲乙市2021年以来予以公开的申请怎么变的", Operation.TREND),
        ("甲乙市哪一年收到的申请最多", Operation.RANK),
        ("甲乙市2023年哪类申请人提的申请最多", Operation.RANK),
        ("甲乙市2023年各类申请人分别提了多少申请", Operation.LIST),
        ("甲乙市2023年行政复议结果怎么样", Operation.LIST),
        ("甲乙市2023年收到多少申请", Operation.VALUE),
        ("甲乙市2022年和2023年分别收到多少申请", Operation.VALUE),  # each year's value, not a trend
        ("甲乙市2023年予以公开和部分公开分别是多少", Operation.VALUE),  # two rows, no group
        ("甲乙市2023年行政复议纠正率", Operation.SHARE),  # a result of 表四 and 率
        ("甲乙市2023年行政诉讼的维持率是多少", Operation.SHARE),
    ],
)
def test_the_operation_follows_from_the_years_and_the_breakdown_asked(question, operation):
    assert understand(question, SMALL).operation is operation


def test_onward_in_a_follow_up_starts_at_the_year_asked_before():
    q = follow_up(understand("之后每年是怎么变化的", SMALL), understand("甲乙市2021年收到多少申请", SMALL))
    assert q.years.since == 2021 and q.operation is Operation.TREND and q.measures


@pytest.mark.parametrize(
    ("question", "explicit", "with_previous"),
    [
        ("甲乙市2023年收到的申请比上一年多多少", (2022, 2023), False),
        ("甲乙市2023年行政复议较上年增减多少", (2022, 2023), False),
        ("甲乙市收到的申请比去年多了还是少了", (), True),  # the latest report and the one before it
        ("甲乙市收到的申请同比增长多少", (), True),
    ],
)
def test_a_comparison_with_the_year_before_names_both_years(question, explicit, with_previous):
    y = years_of(question)
    assert (y.explicit, y.with_previous, y.recent) == (explicit, with_previous, 0)
    assert understand(question, SMALL).operation is Operation.DIFFERENCE


def test_a_follow_up_against_the_year_before_compares_with_the_year_asked_before():
    q = follow_up(understand("比上一年多了多少", SMALL), understand("甲乙市2021年收到多少申请", SMALL))
    assert q.years.explicit == (2021,) and q.years.with_previous and q.operation is Operation.DIFFERENCE
    assert [m.ask.row for m in q.measures] == ["new"]


@pytest.mark.parametrize(
    "question",
    [
        "甲乙市2023年收到的申请比2022年多多少",  # the index has 甲乙市 only for 2023
        "甲乙市2023年收到的申请比上一年多多少",
        "甲乙市2022年和2023年一共收到多少申请",
    ],
)
def test_a_difference_or_sum_with_a_year_the_index_lacks_is_not_computed(question):
    scope = resolve_scope(understand(question, SMALL), SMALL)
    assert scope.reports == () and scope.missing == (Slot.YEAR,)
    assert "2022年" in scope.problem and "无法" in scope.problem


def test_a_value_with_a_year_the_index_lacks_answers_the_years_it_has_and_says_so():
    scope = resolve_scope(understand("甲乙市2022年和2023年分别收到多少申请", SMALL), SMALL)
    assert [y for _, y, _ in scope.reports] == [2023] and "2022年" in scope.note


@pytest.mark.parametrize(
    ("question", "recent", "these"),
    [
        ("两年加起来是多少", 2, True),  # a bare count before what is done with the years
        ("这三年的变化", 3, True),
        ("两年的合计", 2, True),
        ("近两年加起来多少", 2, False),  # the latest two reports
        ("两年来收到多少申请", 2, False),
        ("三年行动计划进展如何", 0, False),  # a duration, no years asked
        ("第三年的情况", 0, False),
        ("每三年评估一次", 0, False),
    ],
)
def test_a_count_of_years_is_read_with_whether_it_points_back(question, recent, these):
    years = read_years(question, [False] * len(question))
    assert (years.recent, years.these, years.explicit) == (recent, these, ())


@pytest.mark.parametrize(
    ("turns", "years"),
    [
        (["甲乙市2021年收到多少申请", "那2022年呢", "两年加起来是多少"], (2021, 2022)),
        (["甲乙市2021年收到多少申请", "2022年呢", "2023年呢", "这两年一共多少"], (2022, 2023)),
        # one year named: 「两年」 cannot point back to two, so it is the latest two reports
        (["甲乙市2021年收到多少申请", "两年加起来是多少"], ()),
    ],
)
def test_a_count_of_years_in_a_follow_up_is_the_years_the_conversation_named(turns, years):
    q = understand(turns[0], SMALL)
    for turn in turns[1:]:
        q = follow_up(understand(turn, SMALL), q)
    assert q.years.explicit == years and q.operation is Operation.SUM and [m.ask.row for m in q.measures] == ["new"]


@pytest.mark.parametrize(
    ("question", "relatives", "missing"),
    [
        ("甲乙市人民政府去年和前年收到多少申请", (1, 2), "2024年"),  # each relative word is a year of its own
        ("甲乙市人民政府前年和大前年的申请", (2, 3), "2022年"),
        ("甲乙市人民政府前年收到多少申请", (2,), None),
    ],
)
def test_several_relative_years_are_each_asked(question, relatives, missing):
    years = read_years(normalise_question(question), [False] * len(question))
    assert sorted((years.relative, *years.more_relative)) == list(relatives)
    assert years.several is (len(relatives) > 1)
    scope = resolve_scope(understand(question, SMALL), SMALL, this_year=2025)
    # 甲乙市 has only a 2023 report: it is answered, and the other year is said to be missing, never replaced
    assert [year for _, year, _ in scope.reports] == [2023]
    assert (missing in scope.note) if missing else "索引中没有" not in scope.note


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("丙丁区23 新收", (2023,)),
        ("丙丁区22 上年结转", (2022,)),
        ("丙丁区 24 予以公开", (2024,)),
        ("丙丁区新收23", (2023,)),
        # a count, or no report year
        ("丙丁区新收23件", ()),
        ("丙丁区95 新收", ()),
        ("丙丁区2023年新收81件，予以公开22", (2023,)),  # a year written: the other two digits are a figure
    ],
)
def test_two_digits_beside_the_agency_or_a_figure_are_the_year(question, years):
    """「洪泽 23 新收」: a staff member's terse two digits, a token of their own beside what other slots took."""
    assert understand(question, SMALL).years.explicit == years
