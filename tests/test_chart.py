"""The chart of an answer equals its figures point for point: a trend over years, a ranking across every
agency of the index, the parts of a result group; gaps where the reports do not say, never zeros."""

from __future__ import annotations

from assistant.answer.chart import BAR, LINE
from index.model import ANSWERABLE
from tests.helpers import numbers_are_traceable

NEW_TOTAL = "requests.new.total"
TREND = "平潭2019年到2024年本年新收的政府信息公开申请数量是怎么变化的？"
RANK = "2023年哪个机关收到的政府信息公开申请最多？"
PARTS = "平潭2023年不予公开的申请都是因为什么？"
GAPS = "平潭2019年到2024年行政处罚的处理决定分别是多少？"
DERIVED_ACROSS = "2023年各机关自然人提出的申请分别有多少件"


def read(g, question: str) -> dict:
    return g.chain.read({"question": question, "history": [], "agency": None})


def points(chart: dict) -> list[dict]:
    return [p for s in chart["series"] for p in s["points"]]


def assert_chart_is_the_answer(g, result: dict) -> None:
    """Every point is the cell its citation names, read again from SQLite: a value only where the cell is
    stated or derived (and then among the answer's figures), a gap where it is not."""
    chart = result["chart"]
    cites = {c["n"]: c for c in result["citations"]}
    figures = {(f["file"], f["cell"]): f for f in result["figures"]}
    assert points(chart)
    for p in points(chart):
        if p["n"] is None:  # no report for that year
            assert p["y"] is None
            continue
        cite = cites[p["n"]]
        cell = g.store.cells(g.store.report_by_file(cite["file"]).id)[cite["cell"]]
        assert p["status"] == cell.status
        if cell.status in ANSWERABLE:
            assert p["y"] == cell.value == figures[(cite["file"], cite["cell"])]["value"]
            operands = {n for c in result["computed"] for n in c["operands"]}
            assert f"[{p['n']}]" in result["answer"] or p["n"] in operands  # 「其余各项均为0件」 are summed
        else:
            assert p["y"] is None
            assert "报告未列明" in cite["text"] or "无法确定" in cite["text"]
    assert numbers_are_traceable(result)


def test_a_trend_over_six_years_is_a_line_of_the_six_cited_figures(fake_corpus_index):
    g = fake_corpus_index
    state = read(g, TREND)
    assert state["route"] == "figure" and state["u"].operation.value == "trend"
    assert [a.name for a in state["u"].agencies] == ["平潭综合实验区"]
    result = g.ask(TREND)
    chart = result["chart"]
    assert chart["kind"] == LINE and chart["unit"] == "件" and "2019—2024年" in chart["title"]
    (series,) = chart["series"]
    assert [p["x"] for p in series["points"]] == [str(y) for y in range(2019, 2025)]
    for p in series["points"]:
        cite = next(c for c in result["citations"] if c["n"] == p["n"])
        report = g.store.report_by_file(cite["file"])
        assert (report.year, cite["cell"]) == (int(p["x"]), NEW_TOTAL) and "平潭" in report.agency
    assert_chart_is_the_answer(g, result)


def test_a_ranking_is_bars_of_every_agency_with_a_report_that_year_in_ranked_order(fake_corpus_index):
    g = fake_corpus_index
    state = read(g, RANK)
    assert state["u"].operation.value == "rank" and state["u"].every_agency
    result = g.ask(RANK)
    chart = result["chart"]
    assert chart["kind"] == BAR and "2023年" in chart["title"]
    (series,) = chart["series"]
    shown = [p["x"] for p in series["points"]]
    in_scope = [a.name for a, _, _ in state["scope"].reports]
    assert sorted(shown) == sorted(in_scope) and len(set(shown)) == len(shown)
    assert len(in_scope) == len({r.agency for r in g.store.reports() if r.year == 2023})
    values = [p["y"] for p in series["points"] if p["y"] is not None]
    assert values == sorted(values, reverse=True) and len(values) > 2
    # the answer's own order: 1. first …, the same agencies in the same places
    assert [result["answer"].index(x) for x in shown] == sorted(result["answer"].index(x) for x in shown)
    assert_chart_is_the_answer(g, result)


def test_the_reasons_for_withholding_are_bars_of_the_group_parts_summing_to_the_answers_total(fake_corpus_index):
    g = fake_corpus_index
    state = read(g, PARTS)
    assert state["u"].operation.value == "list" and state["u"].groups == ("withheld",)
    result = g.ask(PARTS)
    chart = result["chart"]
    assert chart["kind"] == BAR and "不予公开" in chart["title"]
    (series,) = chart["series"]
    assert len(series["points"]) == 8 and series["points"][0]["x"] == "属于国家秘密"
    (total,) = [c for c in result["computed"] if c["operation"] == "sum"]
    assert sorted(total["operands"]) == sorted(p["n"] for p in series["points"])
    assert sum(p["y"] for p in series["points"]) == total["value"]
    assert_chart_is_the_answer(g, result)


def test_ambiguous_years_are_gaps_never_zeros(fake_corpus_index):
    g = fake_corpus_index
    result = g.ask(GAPS)
    chart = result["chart"]
    gaps = [p for p in points(chart) if p["y"] is None]
    assert gaps and all(p["status"] == "ambiguous" and p["n"] for p in gaps)
    assert all(p["y"] for p in points(chart) if p["y"] is not None)  # the stated years are real, non-zero values
    assert_chart_is_the_answer(g, result)


def test_a_derived_figure_across_agencies_keeps_its_status_on_the_chart(fake_corpus_index):
    g = fake_corpus_index
    result = g.ask(DERIVED_ACROSS)
    chart = result["chart"]
    assert chart["kind"] == BAR
    assert any(p["status"] == "derived" and p["y"] is not None for p in points(chart))
    assert_chart_is_the_answer(g, result)


def test_a_single_figure_has_no_chart(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2023年新收多少件政府信息公开申请？")
    assert result["chart"] is None and result["figures"]
