"""Answer wording on the real corpus (fake embedder: figure answers never touch retrieval): several figures
of one report as one line or one table, cited once; a broken rule as a plain sentence, its formula cited for
staff; a text answer citing only the passages it quotes. Every number still traceable (ARCHITECTURE.md)."""

from __future__ import annotations

import re

import pytest

from assistant.answer.compose import ROUTE_CHAT, ROUTE_FIGURE, ROUTE_TEXT, compose_chat, compose_text
from assistant.answer.passages import Hit, Words, quoted
from index.model import AMBIGUOUS, BROKEN, DERIVED
from index.passages import PREAMBLE
from tests.helpers import numbers_are_traceable
from ui.answer_table import grid, turned
from ui.citations import answer_html

PINGTAN_2020 = "平潭综合实验区2020年度政府信息公开工作年度报告"
PINGTAN_2023 = "平潭综合实验区2023年度政府信息公开工作年度报告"
FILE_2023 = "2023_pingtan_shiyanqu.txt"
CHUANHUI_2023 = "川汇区政府办公室2023年政府信息公开工作年度报告"


def report(g, file: str):
    return g.store.report_by_file(file)


def cells(g, file: str) -> dict:
    return g.store.cells(report(g, file).id)


def marks(answer: str) -> list[str]:
    return re.findall(r"\[\d+\]", answer)


def test_a_single_figure_is_still_one_sentence(fake_corpus_index):
    result = fake_corpus_index.ask("平潭综合实验区2023年一共收到多少件政府信息公开申请？")
    assert cells(fake_corpus_index, "2023_pingtan_shiyanqu.txt")["requests.new.total"].value == 81
    assert result["answer"] == f"根据《{PINGTAN_2023}》，本年新收政府信息公开申请数量（总计）为81件[1]。"
    assert result["tables"] == [] and [c["cell"] for c in result["citations"]] == ["requests.new.total"]


def test_lone_figures_of_several_tables_stay_one_sentence(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年收到多少件申请，行政复议多少件？")
    assert result["answer"] == (
        f"根据《{PINGTAN_2023}》，本年新收政府信息公开申请数量（总计）为81件[1]；行政复议总计为2件[2]。"
    )
    assert [c["cell"] for c in result["citations"]] == ["requests.new.total", "review.total"]


def test_one_row_of_figures_is_one_line_with_one_citation(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2020年收到的申请按申请人类型分别是多少？")
    stated = cells(fake_corpus_index, "2020_pingtan_shiyanqu.txt")
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
    assert [stated[f"requests.new.{c}"].value for c in columns] == [20, 0, 0, 0, 0, 1]
    assert result["answer"] == (
        f"根据《{PINGTAN_2020}》，本年新收政府信息公开申请数量：自然人20件，商业企业0件，科研机构0件，"
        "社会公益组织0件，法律服务机构0件，其他1件[1]。"
    )
    (citation,) = result["citations"]
    source = stated["requests.new.natural_person"].source.text
    assert citation["text"] == (
        "表三 本年新收政府信息公开申请数量：自然人20件，商业企业0件，科研机构0件，社会公益组织0件，"
        f"法律服务机构0件，其他1件（原文：{source}）"
    )
    assert citation["text"].count("原文") == 1  # the source line once, not six times
    assert citation["cell"] == "requests.new.natural_person"
    assert citation["cells"] == [f"requests.new.{c}" for c in columns]
    assert [f["cell"] for f in result["figures"]] == [f"requests.new.{c}" for c in columns]
    assert result["tables"] == [] and numbers_are_traceable(result)
    assert {p["n"] for s in result["chart"]["series"] for p in s["points"]} == {1}  # the chart cites the same line


def test_one_column_of_several_rows_is_one_line_with_one_citation(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年予以公开和部分公开各多少件？")
    assert result["answer"] == f"根据《{PINGTAN_2023}》，予以公开（总计）为22件，部分公开（总计）为20件[1]。"
    assert len(result["citations"]) == 1 and numbers_are_traceable(result)


def test_rows_by_columns_are_a_table_cited_once(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年行政诉讼维持和纠正各多少件？")
    stated = cells(fake_corpus_index, "2023_pingtan_shiyanqu.txt")
    ids = ("litigation_direct.upheld", "litigation_direct.corrected")
    ids += ("litigation_after_review.upheld", "litigation_after_review.corrected")
    assert [stated[c].value for c in ids] == [4, 0, 1, 0]
    lines = (
        "行政诉讼（未经复议直接起诉）：结果维持4件，结果纠正0件；\n行政诉讼（复议后起诉）：结果维持1件，结果纠正0件。"
    )
    assert result["route"] == ROUTE_FIGURE
    assert result["answer"] == f"根据《{PINGTAN_2023}》[1]：\n{lines}"
    assert marks(result["answer"]) == ["[1]"] and len(result["citations"]) == 1
    (table,) = result["tables"]
    assert table == {
        "citations": [1],
        "title": "四、政府信息公开行政复议、行政诉讼情况",
        "columns": ["结果维持", "结果纠正"],
        "rows": [
            {
                "label": "行政诉讼（未经复议直接起诉）",
                "cells": [
                    {"text": "4件", "file": FILE_2023, "cell": "litigation_direct.upheld", "status": "stated"},
                    {"text": "0件", "file": FILE_2023, "cell": "litigation_direct.corrected", "status": "stated"},
                ],
                "citations": [],
            },
            {
                "label": "行政诉讼（复议后起诉）",
                "cells": [
                    {"text": "1件", "file": FILE_2023, "cell": "litigation_after_review.upheld", "status": "stated"},
                    {"text": "0件", "file": FILE_2023, "cell": "litigation_after_review.corrected", "status": "stated"},
                ],
                "citations": [],
            },
        ],
        "text": lines,
    }
    assert numbers_are_traceable(result) and result["chart"] is None  # the table is the reading, not drawn twice
    assert {f["cell"]: f["value"] for f in result["figures"]} == {c: stated[c].value for c in ids}


def test_a_table_read_from_two_renditions_cites_each_file_once(fake_corpus_index):
    """平潭 2023 is stored as its text dump and its web page: the dump glues 「行政规范性文件77132470」, so the
    two cells it cannot split are read from the web page. One table still, with one citation per file."""
    g = fake_corpus_index
    result = g.ask("平潭2023年主动公开规章和规范性文件情况")
    assert result["answer"] == (
        f"根据《{PINGTAN_2023}》[1][2]：\n规章：本年制发件数0件，本年废止件数0件，现行有效件数0件；\n"
        "行政规范性文件：本年制发件数77件，本年废止件数132件，现行有效件数470件。"
    )
    files = [c["file"] for c in result["citations"]]
    assert files == [FILE_2023, "html/2023_pingtan_shiyanqu.html"]
    for citation in result["citations"]:
        stated = cells(g, citation["file"])
        assert all(stated[c].source.text in citation["text"] for c in citation["cells"])
    (table,) = result["tables"]
    assert table["citations"] == [1, 2]
    by_file = {c["cell"]: c["file"] for row in table["rows"] for c in row["cells"]}
    assert by_file["active.normative_docs.in_force"] == files[1] and by_file["active.rules.issued"] == files[0]
    assert numbers_are_traceable(result)


def test_a_derived_figure_in_a_line_keeps_its_rule(fake_corpus_index):
    result = fake_corpus_index.ask("2023年川汇区收到的申请按申请人类型分别是多少？")
    cell = cells(fake_corpus_index, "2023_chuanhuiqu_zfbgs.txt")["requests.new.natural_person"]
    assert cell.status == DERIVED and cell.value == 6
    assert result["answer"] == (
        f"根据《{CHUANHUI_2023}》，本年新收政府信息公开申请数量：自然人6件（推算），商业企业0件，科研机构0件，"
        "社会公益组织0件，法律服务机构0件，其他0件[1]。\n"
        f"其中本年新收政府信息公开申请数量（自然人）为推算：报告未直接列明，依据「{cell.rule}」算出。"
    )
    assert [f["status"] for f in result["figures"]][0] == DERIVED and numbers_are_traceable(result)


def test_ambiguous_figures_in_a_table_are_named_not_given(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2019年行政处罚情况")
    stated = cells(fake_corpus_index, "2019_pingtan_shiyanqu.txt")
    assert stated["active.penalty.decisions"].status == AMBIGUOUS
    assert result["answer"] == (
        "根据《平潭综合实验区2019年度政府信息公开工作年度报告》，行政处罚：上一年项目数量无法确定，本年增/减无法确定，"
        "处理决定数量无法确定[1]。\n“无法确定”表示原文中的数字相连，无法唯一拆分，因此不给出数字。"
    )
    assert result["figures"] == [] and numbers_are_traceable(result)


def test_a_broken_rule_is_a_plain_sentence_and_its_formula_is_cited(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2020年办理结果总计是多少？")
    g = fake_corpus_index
    (check,) = [
        c
        for c in g.store.checks(report(g, "2020_pingtan_shiyanqu.txt").id)
        if c.status == BROKEN and c.rule == "requests.results_sum.total"
    ]
    assert result["answer"] == (
        f"根据《{PINGTAN_2020}》，办理结果总计（总计）为21件[1]。\n"
        "注意：该报告“收到和处理政府信息公开申请情况”表的「总计」列中，办理结果总计（21件）与各项办理结果之和"
        "（27件）不一致，数字可能有误，请以原文为准[2]。"
    )
    rule = result["citations"][1]
    assert rule["text"] == f"勾稽关系不成立：{check.detail}" and rule["cell"] == "requests.results_total.total"
    assert " = " not in result["answer"] and " = 27" in rule["text"]  # the formula is for staff, in the JSON
    assert numbers_are_traceable(result)


def test_a_text_answer_cites_only_the_passages_it_quotes(fake_corpus_index):
    g = fake_corpus_index
    row = report(g, "2020_pingtan_shiyanqu.txt")
    problems, measures = [p for p in g.store.passages(row.id) if "存在的主要问题" in p.section][:2]
    hits = [(row, p.section, p.text, p.line, p.page) for p in (problems, measures)]
    result = compose_text("平潭2020年存在哪些问题，打算怎么改进？", hits, "").to_json()
    assert result["route"] == ROUTE_TEXT
    assert result["answer"] == (
        f"根据《{row.title}》「{problems.section}」部分：“{problems.text}”[1]\n"
        f"该报告「{measures.section}」部分还写道：“{measures.text}”[2]"
    )
    assert [c["text"] for c in result["citations"]] == [problems.text, measures.text]
    assert "另见" not in result["answer"] and numbers_are_traceable(result)


def test_only_passages_covering_the_question_as_fully_as_the_best_are_quoted():
    words = Words(("存在", "问题"), ("问题",))
    section = "五、存在的主要问题及改进情况"
    best = Hit(1, section, "一是公开内容还不够全面。", 40, None, 1.0)
    also = Hit(1, section, "二是解读形式较为单一。", 41, None, 1.0)
    copy = Hit(2, section, "一是公开内容 还不够全面。", None, 3, 1.0)  # the same paragraph of another rendition
    preface = Hit(1, PREAMBLE, "本报告由总体情况、存在的主要问题及改进情况等部分组成。", 1, None, 1.0)
    aside = Hit(1, "一、总体情况", "通过召开专题会议研究解决存在的问题。", 12, None, 1.0)  # its words, not its section
    weaker = Hit(1, "一、总体情况", "全年公开信息1200条。", 10, None, 0.5)
    assert quoted([best, preface, copy, aside, also, weaker], words, fact=False) == [best, also]
    assert quoted([preface, best], words, fact=False) == [preface, best] and quoted([], words, fact=False) == []


def test_a_count_quotes_the_tied_passages_that_give_a_number_for_it():
    words = Words(("公布", "政府信息"), ("政府信息",))
    best = Hit(1, "一、总体情况 / （二）主要做法", "严格按照要求公布政府信息。", 20, None, 1.0)
    counted = Hit(1, "一、总体情况 / （一）基本情况", "全年共公布政府信息2599条。", 8, None, 1.0)
    other = Hit(1, "一、总体情况 / （二）主要做法", "及时公布政府信息，回应关切。", 21, None, 1.0)
    assert quoted([best, other, counted], words, fact=True) == [best, counted]


def test_the_chat_draws_the_table_in_place_of_its_lines(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年行政诉讼维持和纠正各多少件？")
    html = answer_html(result)
    assert html.count('<table class="gk-table"') == 1
    plain = f'<span class="gk-plain">{result["tables"][0]["text"]}</span>'  # hidden: what a copy gives
    assert html.count(plain) == 1 and "结果维持4件" not in html.replace(plain, "")  # the lines are replaced
    for c in ("litigation_direct.upheld", "litigation_after_review.corrected"):
        assert f'href="/source?file=2023_pingtan_shiyanqu.txt&amp;cell={c}#hit"' in html
    assert html.index('class="gk-cite" href') < html.index("<table")  # [1] stays on the lead line
    assert "<br><span" not in html and "</div><br>" not in html  # no empty line around the table


def test_a_wide_table_is_turned_and_its_labels_escaped():
    value = {"text": "1件", "file": "a.txt", "cell": "requests.new.total", "status": "stated"}
    table = {
        "citations": [1],
        "title": "<b>表</b>",
        "columns": ["甲", "乙", "丙"],
        "rows": [{"label": "<i>行</i>", "cells": [None, value, None]}],
        "text": "<i>行</i>：乙1件。",
    }
    assert turned(table) and grid(table)[0] == [("<i>行</i>", [])]
    assert [label for (label, _), _ in grid(table)[1]] == ["甲", "乙", "丙"]
    result = {"answer": "根据《某报告》[1]：\n<i>行</i>：乙1件。", "citations": [], "tables": [table]}
    html = answer_html(result)
    assert "<i>" not in html and "<b>" not in html and "&lt;i&gt;行&lt;/i&gt;" in html


def test_figures_over_years_that_no_chart_draws_are_a_table_of_years(fake_corpus_index):
    """Six applicant columns over three years are more lines than a chart draws (MAX_LINES): a line a year,
    each year's report cited once, then each column's changes worked out in code."""
    result = fake_corpus_index.ask("平潭2021年到2023年各类申请人新收申请数量是怎么变化的？")
    assert result["chart"] is None
    assert result["answer"] == (
        "平潭综合实验区本年新收政府信息公开申请数量各项，2021—2023年：\n"
        "2021年：自然人64件，商业企业0件，科研机构0件，社会公益组织2件，法律服务机构0件，其他4件[1]；\n"
        "2022年：自然人71件，商业企业3件，科研机构0件，社会公益组织0件，法律服务机构0件，其他0件[2]；\n"
        "2023年：自然人80件，商业企业1件，科研机构0件，社会公益组织0件，法律服务机构0件，其他0件[3]。\n"
        "变化（差值由系统根据上述数字计算）：自然人2022年比2021年增加7件，2023年比2022年增加9件；"
        "商业企业2022年比2021年增加3件，2023年比2022年减少2件；科研机构各年持平；"
        "社会公益组织2022年比2021年减少2件，2023年比2022年持平；法律服务机构各年持平；"
        "其他2022年比2021年减少4件，2023年比2022年持平。"
    )
    assert [c["file"] for c in result["citations"]] == [f"{y}_pingtan_shiyanqu.txt" for y in (2021, 2022, 2023)]
    (table,) = result["tables"]
    assert [(r["label"], r["citations"]) for r in table["rows"]] == [("2021年", [1]), ("2022年", [2]), ("2023年", [3])]
    assert table["citations"] == [1, 2, 3] and table["columns"][0] == "自然人"
    assert {"value": 7, "operation": "difference", "operands": [2, 1]} in result["computed"]
    assert numbers_are_traceable(result)
    html = answer_html(result)  # turned: the years across, each with its [n]
    assert '<th scope="col">2021年<a class="gk-cite" href="/source?file=2021_pingtan_shiyanqu.txt' in html


@pytest.mark.parametrize(
    ("question", "starts"),
    [
        ("谢谢", "不客气"),
        ("好的，谢谢", "不客气"),
        ("好的，明白了，多谢啦", "不客气"),  # thanks at the end of a turn too
        ("辛苦了", "不客气"),
        ("再见", "再见"),
        ("你好", "您好！我可以回答"),  # a greeting gets what the assistant does
        ("怎么用", "您好！我可以回答"),
    ],
)
def test_thanks_and_goodbyes_are_answered_as_such_and_a_greeting_says_what_can_be_asked(question, starts):
    answer = compose_chat(question, ["平潭综合实验区收到多少件政府信息公开申请？"])
    assert answer.answer.startswith(starts) and answer.route == ROUTE_CHAT


@pytest.mark.parametrize(
    ("question", "said", "operation"),
    [
        ("平潭2023年新收申请比上年增长百分之多少", "2023年比2022年增加7件（增长9.46%）", "relative_change"),
        ("平潭2022年行政复议比2021年减少了百分之几", "2022年比2021年减少1件（下降33.33%）", "relative_change"),
        ("平潭2023年收到的申请是2019年的多少倍", "2023年比2019年增加58件（是2019年的3.52倍）", "ratio"),
        ("平潭2023年予以公开比部分公开多百分之几", "前者比后者多2件（多10%）", "relative_change"),
        ("平潭2023年平均每月收到多少申请", "全年81件[1]，平均每月约6.75件", "average"),
    ],
)
def test_a_rate_a_multiple_or_an_average_is_computed_from_the_cited_cells(fake_corpus_index, question, said, operation):
    result = fake_corpus_index.ask(question)
    assert said in result["answer"] and operation in [c["operation"] for c in result["computed"]]
    assert numbers_are_traceable(result)


def test_a_bare_disclosure_counted_is_asked_back_with_both_readings(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年公开了几件")
    assert result["route"] == "none" and result["figures"] == []
    assert "予以公开" in result["answer"] and "主动公开" in result["answer"]


def test_a_member_that_is_no_item_is_said_before_the_others_are_answered(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年主动公开和部分公开各多少")
    assert result["answer"].startswith("「主动公开」在统计表里没有总数")
    assert [f["cell"] for f in result["figures"]] == ["requests.partial.total"]


def test_a_cell_the_table_leaves_blank_is_followed_by_the_prose_that_gives_it(fake_corpus_index):
    # The markdown of this report lost the digits of 部分公开; its 依申请公开 paragraph states the figure.
    assert cells(fake_corpus_index, "2024_shanghai_kewei.txt")["requests.partial.total"].status == "missing"
    result = fake_corpus_index.ask("上海市科委2024年部分公开的申请有几件")
    assert result["answer"].startswith(
        "根据《2024年上海市科委政府信息公开工作年度报告》，部分公开（总计）报告未列明[1]。"
    )
    assert "报告正文写道：“" in result["answer"] and "部分公开答复 0 件" in result["citations"][1]["text"]
    assert result["citations"][1]["cell"] is None and result["figures"] == []
    assert numbers_are_traceable(result)
