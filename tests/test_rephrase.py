"""An optional chat model may only rephrase; the number guard keeps invented numbers out."""

from __future__ import annotations

from dataclasses import replace

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer.compact import AnswerTable
from assistant.answer.compose import Answer, Citation
from assistant.answer.figures import Figure
from assistant.answer.rephrase import guard, rephrase
from index.model import STATED, Cell
from index.store.reports import ReportRow

TITLE = "平潭综合实验区2023年度政府信息公开工作年度报告"
REPORT = ReportRow(1, "2023_pingtan_shiyanqu.txt", "", "平潭综合实验区", 2023, TITLE, "2021", [])
COMPOSED = Answer(
    "平潭2023年收到多少申请？",
    "根据《平潭综合实验区2023年度政府信息公开工作年度报告》，本年新收政府信息公开申请数量（总计）为81件[1]。",
    "figure",
    [Figure(REPORT, REPORT.agency, REPORT.year, Cell("requests.new.total", STATED, 81.0))],
    [
        Citation(
            1,
            "2023_pingtan_shiyanqu.txt",
            "平潭综合实验区2023年度政府信息公开工作年度报告",
            "三、收到和处理政府信息公开申请情况",
            "requests.new.total",
            None,
            11,
            False,
            "表三 本年新收政府信息公开申请数量（总计）：81件",
        )
    ],
)


def test_a_faithful_rephrasing_is_used():
    model = FakeListChatModel(responses=["平潭综合实验区2023年共新收政府信息公开申请81件[1]。"])
    assert rephrase(COMPOSED, model).answer == "平潭综合实验区2023年共新收政府信息公开申请81件[1]。"


def test_an_invented_number_falls_back_to_the_composed_answer():
    model = FakeListChatModel(responses=["平潭2023年共收到申请81件[1]，比上年增长12%。"])
    assert rephrase(COMPOSED, model).answer == COMPOSED.answer


def test_a_dropped_citation_falls_back():
    model = FakeListChatModel(responses=["平潭2023年共收到申请81件。"])
    assert rephrase(COMPOSED, model).answer == COMPOSED.answer


def test_an_unreachable_model_costs_nothing():
    class Down(FakeListChatModel):
        def _call(self, *args, **kwargs):
            raise ConnectionError("模型服务不可用")

    assert rephrase(COMPOSED, Down(responses=["x"])).answer == COMPOSED.answer


def test_guard_accepts_numbers_from_cited_texts_and_titles():
    assert guard("2023年平潭收到81件[1]。", COMPOSED)
    assert not guard("2023年平潭收到82件[1]。", COMPOSED)


def test_a_rephrasing_keeps_a_tables_lines_or_falls_back():
    lines = "本年新收政府信息公开申请数量：总计81件；\n上年结转政府信息公开申请数量：总计0件。"
    table = AnswerTable((1,), "三、收到和处理政府信息公开申请情况", ("总计",), (), lines)
    cited = [replace(COMPOSED.citations[0], text=f"表三 {lines}")]
    answer = f"根据《平潭综合实验区2023年度政府信息公开工作年度报告》[1]：\n{lines}"
    composed = replace(COMPOSED, answer=answer, citations=cited, tables=[table])
    kept = f"平潭综合实验区2023年度年报显示[1]：\n{lines}"
    assert rephrase(composed, FakeListChatModel(responses=[kept])).answer == kept
    merged = "平潭2023年新收申请81件，上年结转0件[1]。"  # its numbers allowed, but the table's lines are gone
    assert rephrase(composed, FakeListChatModel(responses=[merged])).answer == composed.answer
