"""Answers: figures from SQLite with citations, honest about derived, missing and broken cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.answer.compose import ROUTE_FIGURE, ROUTE_NONE, ROUTE_TEXT
from index import template as T
from tests.helpers import numbers_are_traceable

CONTRACT = {"question", "answer", "route", "figures", "citations", "computed", "chart", "tables"}
FIGURE_KEYS = {"file", "cell", "value", "unit", "status"}
CITATION_KEYS = {"n", "file", "title", "section", "cell", "page", "line", "text", "recognized"}


def cell_of(g, file: str, cell_id: str):
    report = g.store.report_by_file(file)
    return g.store.cells(report.id)[cell_id]


def test_figure_answer_follows_the_contract_and_reads_sqlite(corpus_index):
    result = corpus_index.ask("平潭综合实验区2023年一共收到多少件政府信息公开申请？")
    assert set(result) == CONTRACT and result["route"] == ROUTE_FIGURE
    expected = cell_of(corpus_index, "2023_pingtan_shiyanqu.txt", "requests.new.total").value
    (figure,) = result["figures"]
    assert set(figure) == FIGURE_KEYS
    assert (figure["file"], figure["cell"], figure["value"], figure["unit"]) == (
        "2023_pingtan_shiyanqu.txt",
        "requests.new.total",
        expected,
        "件",
    )
    assert all(set(c) == CITATION_KEYS for c in result["citations"])
    assert f"{int(expected)}件[1]" in result["answer"] and result["citations"][0]["cell"] == "requests.new.total"
    assert numbers_are_traceable(result)


def test_derived_value_is_labelled_with_its_rule(corpus_index):
    result = corpus_index.ask("川汇区政府办2023年新收的申请里个人提的有几件？")
    (figure,) = result["figures"]
    assert figure["status"] == "derived" and "推算" in result["answer"] and "自然人" in result["answer"]


def test_blank_cell_is_said_to_be_missing_never_a_number(corpus_index):
    result = corpus_index.ask("沭阳县发改局2023年商业企业提出的信息公开申请有多少件？")
    assert result["route"] == ROUTE_FIGURE and result["figures"] == []
    assert "报告未列明" in result["answer"]
    assert numbers_are_traceable(result)


def test_ambiguous_glued_digits_are_not_answered(corpus_index):
    result = corpus_index.ask("平潭2019年行政处罚的处理决定有多少个？")
    assert not [f for f in result["figures"] if f["cell"] == "active.penalty.decisions"]
    assert "无法确定" in result["answer"]


def test_a_broken_rule_in_the_report_is_mentioned(corpus_index):
    result = corpus_index.ask("洪泽区2023年因政府信息公开被申请行政复议多少件？")
    assert result["figures"][0]["file"] == "pdf/2023_huaian_hongzequ.pdf"
    assert "不一致，数字可能有误，请以原文为准" in result["answer"] and " = " not in result["answer"]
    assert any(c["text"].startswith("勾稽关系不成立：") for c in result["citations"])  # the formula, for staff
    assert numbers_are_traceable(result)


def test_year_over_year_difference_is_computed_in_code(corpus_index):
    result = corpus_index.ask("平潭2022年和2023年新收的政府信息公开申请数量相比变化了多少？")
    a = cell_of(corpus_index, "2022_pingtan_shiyanqu.txt", "requests.new.total").value
    b = cell_of(corpus_index, "2023_pingtan_shiyanqu.txt", "requests.new.total").value
    assert {f["file"] for f in result["figures"]} == {"2022_pingtan_shiyanqu.txt", "2023_pingtan_shiyanqu.txt"}
    assert f"{int(abs(b - a))}件" in result["answer"]
    assert numbers_are_traceable(result)


def test_sum_across_agencies_is_computed_in_code(corpus_index):
    result = corpus_index.ask("平潭和洪泽区2024年一共收到多少件政府信息公开申请？")
    a = cell_of(corpus_index, "2024_pingtan_shiyanqu.txt", "requests.new.total").value
    b = cell_of(corpus_index, "pdf/2024_huaian_hongzequ.pdf", "requests.new.total").value
    assert len(result["figures"]) == 2 and f"合计{int(a + b)}件" in result["answer"]
    assert numbers_are_traceable(result)


def test_asking_for_a_group_lists_its_non_zero_reasons_and_their_sum(corpus_index):
    result = corpus_index.ask("2023年平潭不予公开的申请都是因为什么？")
    stated = {f["cell"]: f["value"] for f in result["figures"]}
    assert stated and all(c.startswith("requests.withheld.") and c.endswith(".total") for c in stated)
    cells = corpus_index.store.cells(corpus_index.store.report_by_file("2023_pingtan_shiyanqu.txt").id)
    total = sum(c.value for cid, c in cells.items() if cid.startswith("requests.withheld.") and cid.endswith(".total"))
    assert f"不予公开共{int(total)}件" in result["answer"] and "其余各项均为0件" in result["answer"]
    assert numbers_are_traceable(result)


def test_ranking_the_years_of_one_agency_names_the_year(corpus_index):
    result = corpus_index.ask("平潭哪一年收到的政府信息公开申请最多？")
    files = sorted(f["file"] for f in result["figures"])
    assert len(files) == len(set(files)) >= 5 and all("pingtan" in f for f in files)
    values = {f["file"]: f["value"] for f in result["figures"]}
    top = max(values, key=values.get)
    assert f"{top[:4]}年最多" in result["answer"] and result["computed"][0]["operation"] == "rank"
    assert numbers_are_traceable(result)


def test_which_kind_of_applicant_ranks_the_columns_of_one_row(corpus_index):
    result = corpus_index.ask("平潭2023年哪类申请人提的申请最多？")
    cells = {f["cell"]: f["value"] for f in result["figures"]}
    assert len(cells) == 6 and all(c.startswith("requests.new.") and c != "requests.new.total" for c in cells)
    top = max(cells, key=cells.get)
    assert f"{T.cell(top).column_label}最多" in result["answer"]
    assert numbers_are_traceable(result)


def test_agencies_ranked_on_several_cells_each_are_ranked_on_their_sums(corpus_index):
    # 行政诉讼 is two rows of 表四 (直接起诉, 复议后起诉): a ranking of agencies adds each one's two.
    result = corpus_index.ask("2024年哪个地方被起诉的最多？")
    by_file: dict[str, float] = {}
    for f in result["figures"]:
        by_file[f["file"]] = by_file.get(f["file"], 0) + f["value"]
    assert len(by_file) >= 3 and {f["cell"] for f in result["figures"]} == {
        "litigation_direct.total",
        "litigation_after_review.total",
    }
    sums = sorted((c["value"] for c in result["computed"]), reverse=True)
    assert [c["operation"] for c in result["computed"]] == ["sum"] * len(by_file)
    assert sums == sorted(by_file.values(), reverse=True)
    assert [c["value"] for c in result["computed"]] == sums  # listed from the most
    assert "最多" in result["answer"] and numbers_are_traceable(result)


def test_where_one_agency_stands_is_its_place_in_a_ranking_of_them_all(corpus_index):
    result = corpus_index.ask("洪泽区2024年收到的申请排第几？")
    values = {f["file"]: f["value"] for f in result["figures"]}
    assert len(values) >= 3 and all(Path(file).name.startswith("2024_") for file in values)
    own = values["pdf/2024_huaian_hongzequ.pdf"]
    place = 1 + sum(1 for v in values.values() if v > own)
    assert f"淮安市洪泽区人民政府排第{place}位" in result["answer"]
    assert {"value": place, "operation": "rank"}.items() <= result["computed"][-1].items()
    assert numbers_are_traceable(result)


def test_a_share_of_a_review_result_is_taken_of_the_review_total(corpus_index):
    result = corpus_index.ask("上海市科委2024年行政复议中结果纠正的占比是多少？")
    assert {f["cell"] for f in result["figures"]} == {"review.corrected", "review.total"}
    assert [c["operation"] for c in result["computed"]] == ["share"]
    assert numbers_are_traceable(result)


def test_a_named_review_result_is_that_result_not_the_total(corpus_index):
    result = corpus_index.ask("洪泽区2024年行政复议结果维持的有几件？")
    assert [f["cell"] for f in result["figures"]] == ["review.upheld"]


def test_latest_report_is_used_and_said_when_no_year_is_given(corpus_index):
    result = corpus_index.ask("洪泽区收到多少件政府信息公开申请？")
    assert result["figures"][0]["file"] == "pdf/2024_huaian_hongzequ.pdf"
    assert "问题未说明年度" in result["answer"] and "2024" in result["answer"]


def test_last_year_counts_back_from_the_calendar_and_is_never_replaced(corpus_index):
    """去年 is the calendar year before today's; without that report the answer says so, not another year's figure."""
    last_year = date.today().year - 1
    result = corpus_index.ask("平潭去年收到多少件政府信息公开申请？")
    held = {r.year for r in corpus_index.store.reports() if "平潭" in r.agency}
    if last_year in held:
        assert {f["file"][:4] for f in result["figures"]} == {str(last_year)}
    else:
        assert result["figures"] == [] and str(last_year) in result["answer"]


def test_follow_ups_reuse_the_previous_turn(corpus_index):
    history = ["平潭2023年收到多少件政府信息公开申请？"]
    year = corpus_index.ask("那2022年呢？", history)
    assert [(f["file"], f["cell"]) for f in year["figures"]] == [("2022_pingtan_shiyanqu.txt", "requests.new.total")]
    column = corpus_index.ask("其中企业申请的呢？", history + ["那2022年呢？"])
    assert [(f["file"], f["cell"]) for f in column["figures"]] == [
        ("2022_pingtan_shiyanqu.txt", "requests.new.commercial")
    ]


def test_a_follow_up_about_applicants_keeps_the_row_asked_before(corpus_index):
    history = ["平潭2023年予以公开的申请有多少件？"]
    result = corpus_index.ask("其中个人的呢？", history)
    assert [(f["file"], f["cell"]) for f in result["figures"]] == [
        ("2023_pingtan_shiyanqu.txt", "requests.disclosed.natural_person")
    ]
    result = corpus_index.ask("那2022年呢？", history + ["其中个人的呢？"])
    assert [(f["file"], f["cell"]) for f in result["figures"]] == [
        ("2022_pingtan_shiyanqu.txt", "requests.disclosed.natural_person")
    ]


def test_gradio_style_history_is_understood(corpus_index):
    history = [{"role": "user", "content": "洪泽区2024年行政复议几件？"}, {"role": "assistant", "content": "…"}]
    result = corpus_index.ask("那2023年呢？", history)
    assert result["figures"][0]["file"] == "pdf/2023_huaian_hongzequ.pdf"


def test_unnamed_agency_is_asked_back_with_candidates(corpus_index):
    result = corpus_index.ask("去年收到多少件申请？")
    assert result["route"] == ROUTE_NONE and "哪个机关" in result["answer"] and "平潭综合实验区" in result["answer"]


def test_widget_scope_names_the_agency(corpus_index):
    result = corpus_index.ask("2023年收到多少件申请？", agency="平潭")
    assert result["figures"][0]["file"] == "2023_pingtan_shiyanqu.txt"


def test_a_year_not_in_the_index_is_said_so(corpus_index):
    result = corpus_index.ask("平潭2015年收到多少件政府信息公开申请？")
    assert result["route"] == ROUTE_NONE and "没有" in result["answer"] and result["figures"] == []


@pytest.mark.parametrize(
    "question",
    ["平潭2023年的政府网站一共有多少个栏目？", "洪泽区2024年政府信息公开工作的负责人是谁？"],
)
def test_facts_the_reports_do_not_state_get_route_none(corpus_index, question):
    result = corpus_index.ask(question)
    assert result["route"] == ROUTE_NONE and result["figures"] == [] and "没有" in result["answer"]


def test_text_answer_quotes_a_cited_passage(corpus_index):
    result = corpus_index.ask("洪泽区2024年的政府信息公开工作存在哪些不足？")
    assert result["route"] == ROUTE_TEXT and result["figures"] == []
    first = result["citations"][0]
    assert first["file"] == "pdf/2024_huaian_hongzequ.pdf" and first["page"] and first["section"].startswith("五")
    assert first["text"] in result["answer"]
    assert numbers_are_traceable(result)


def test_a_count_by_a_breakdown_the_tables_lack_is_quoted_only_where_the_text_counts_it(corpus_index):
    # 平潭 2023 counts the applications sent by post only together with online ones (「通过邮寄、网络提交的…共计
    # 81件」): that is no count of those sent by post, and the answer says so rather than quote 81.
    joint = corpus_index.ask("平潭2023年通过邮寄提交的申请有多少件")
    assert joint["route"] == ROUTE_NONE and joint["citations"] == []
    assert joint["answer"].startswith("抱歉，年报统计表没有按「邮寄」分类统计") and "81" not in joint["answer"]
    # 淮安市 2024 never gives a number of online applications: a passage about its website is no answer.
    uncounted = corpus_index.ask("淮安市政府2024年通过政府网站在线申请的有多少件")
    assert uncounted["route"] == ROUTE_NONE and "在线申请" in uncounted["answer"] and uncounted["citations"] == []


@pytest.mark.parametrize("question", ["明天天气怎么样", "今年的高考分数线是多少", "明年房价会涨吗", "2024年GDP是多少"])
def test_a_question_on_what_no_report_mentions_is_said_to_be_beyond_them(fake_corpus_index, question):
    result = fake_corpus_index.ask(question)
    assert result["route"] == ROUTE_NONE and result["citations"] == []
    assert (
        result["answer"].startswith("抱歉，现有年报中都没有提到「") and "请问您想了解哪个机关" not in result["answer"]
    )


def test_a_question_on_what_reports_say_but_naming_no_agency_asks_which_of_them_all(fake_corpus_index):
    result = fake_corpus_index.ask("政策解读是怎么做的")
    assert result["route"] == ROUTE_NONE and result["answer"].startswith("请问您想了解哪个机关的年报？")
    named = result["answer"].split("目前可查询：")[1].split("。")[0].split("、")
    assert len(named) >= 3 and "淮安市洪泽区人民政府" in named  # every agency, not just the two of one city
