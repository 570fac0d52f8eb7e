"""An optional chat model may only rephrase; the number guard keeps invented numbers out."""

from __future__ import annotations

from dataclasses import replace

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.compact import AnswerTable
from assistant.compose import Answer
from assistant.rephrase import guard, rephrase

COMPOSED = Answer(
    "平潭2023年收到多少申请？",
    "根据《平潭综合实验区2023年度政府信息公开工作年度报告》，本年新收政府信息公开申请数量（总计）为81件[1]。",
    "figure",
    [
        {
            "file": "2023_pingtan_shiyanqu.txt",
            "cell": "requests.new.total",
            "value": 81,
            "unit": "件",
            "status": "stated",
        }
    ],
    [
        {
            "n": 1,
            "file": "2023_pingtan_shiyanqu.txt",
            "title": "平潭综合实验区2023年度政府信息公开工作年度报告",
            "section": "三、收到和处理政府信息公开申请情况",
            "cell": "requests.new.total",
            "page": None,
            "line": 11,
            "text": "表三 本年新收政府信息公开申请数量（总计）：81件",
        }
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
    cited = [{**COMPOSED.citations[0], "text": f"表三 {lines}"}]
    answer = f"根据《平潭综合实验区2023年度政府信息公开工作年度报告》[1]：\n{lines}"
    composed = replace(COMPOSED, answer=answer, citations=cited, tables=[table])
    kept = f"平潭综合实验区2023年度年报显示[1]：\n{lines}"
    assert rephrase(composed, FakeListChatModel(responses=[kept])).answer == kept
    merged = "平潭2023年新收申请81件，上年结转0件[1]。"  # its numbers allowed, but the table's lines are gone
    assert rephrase(composed, FakeListChatModel(responses=[merged])).answer == composed.answer
