"""The SVG of an answer's chart: well-formed, readable out loud, every drawn value the chart's own data and
linked to its citation, derived values drawn apart, gaps as gaps, and every label escaped."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from ui.charts import chart_html, chart_svg, describe
from ui.citations import answer_chart, answer_html, source_url

SVG = "{http://www.w3.org/2000/svg}"
QUESTIONS = {
    "bar": "2023年哪个机关收到的政府信息公开申请最多？",
    "parts": "平潭2023年不予公开的申请都是因为什么？",
    "line": "平潭2019年到2024年本年新收的政府信息公开申请数量是怎么变化的？",
    "gaps": "平潭2019年到2024年行政处罚的处理决定分别是多少？",
    "derived": "2023年各机关自然人提出的申请分别有多少件",
}
HOSTILE = '<script>alert("x")</script>&amp;\'"'


@pytest.fixture(scope="module")
def answers(fake_corpus_index) -> dict[str, dict]:
    return {k: fake_corpus_index.ask(q) for k, q in QUESTIONS.items()}


def hrefs(result: dict) -> dict[int, str]:
    return {c["n"]: source_url(c) for c in result["citations"]}


def svg_of(result: dict) -> ET.Element:
    return ET.fromstring(chart_svg(result["chart"], hrefs(result)))


def drawn(root: ET.Element) -> list[tuple[int, float, str]]:
    """(citation, value, status) of every drawn bar or point: the groups inside a citation link."""
    out = []
    for a in root.iter(f"{SVG}a"):
        for g in a.iter(f"{SVG}g"):
            if "data-y" in g.attrib:
                out.append((int(a.get("data-n")), float(g.get("data-y")), g.get("data-status")))
    return out


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_svg_is_well_formed_and_draws_exactly_the_charts_points(answers, kind):
    result = answers[kind]
    chart = result["chart"]
    root = svg_of(result)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == root.get("aria-label") == describe(chart)
    points = [p for s in chart["series"] for p in s["points"]]
    assert sorted(drawn(root)) == sorted((p["n"], p["y"], p["status"]) for p in points if p["y"] is not None)
    gaps = [g for g in root.iter(f"{SVG}g") if "data-gap" in g.attrib]
    assert len(gaps) == sum(p["y"] is None for p in points)
    links = {int(a.get("data-n")): a.get("href") for a in root.iter(f"{SVG}a")}
    cites = {c["n"]: c for c in result["citations"]}
    assert all(links[n] == source_url(cites[n]) for n, _, _ in drawn(root))


def test_the_description_reads_out_every_value_in_chinese(answers):
    chart = answers["line"]["chart"]
    text = describe(chart)
    assert text.startswith("折线图：" + chart["title"])
    assert all(f"{p['x']}年{p['y']}件" in text for p in chart["series"][0]["points"])
    bars = describe(answers["bar"]["chart"])
    assert bars.startswith("柱状图：") and all(p["x"] in bars for p in answers["bar"]["chart"]["series"][0]["points"])


def test_values_are_written_on_the_chart(answers):
    root = svg_of(answers["bar"])
    text = "".join(root.itertext())
    assert all(f"{p['y']}件" in text for p in answers["bar"]["chart"]["series"][0]["points"])


def test_a_derived_value_is_drawn_hollow_and_dashed_and_says_so(answers):
    root = svg_of(answers["derived"])
    derived = [g for g in root.iter(f"{SVG}g") if g.get("data-status") == "derived"]
    stated = [g for g in root.iter(f"{SVG}g") if g.get("data-status") == "stated"]
    assert derived and stated
    for g in derived:
        rect = g.find(f"{SVG}rect")
        assert rect.get("stroke-dasharray") and rect.get("fill") == "#fff" and "推算" in "".join(g.itertext())
    assert all(g.find(f"{SVG}rect").get("stroke-dasharray") is None for g in stated)
    assert "（推算）" in describe(answers["derived"]["chart"])


def test_gaps_say_why_and_draw_nothing(answers):
    root = svg_of(answers["gaps"])
    gaps = [g for g in root.iter(f"{SVG}g") if "data-gap" in g.attrib]
    assert gaps and all("无法确定" in "".join(g.itertext()) for g in gaps)
    assert all(g.find(f"{SVG}circle") is None and g.find(f"{SVG}rect") is None for g in gaps)
    # no line is drawn into a gap year: 2019 and 2020 are gaps, 2021–2024 four points, three segments
    assert len(root.findall(f"{SVG}line")) == 1 + 3  # the axis and the segments


def test_hostile_labels_are_text_never_markup(answers):
    chart = copy.deepcopy(answers["parts"]["chart"])
    chart["title"] = HOSTILE
    chart["series"][0]["label"] = HOSTILE
    chart["series"][0]["points"][0]["x"] = HOSTILE
    html = chart_html(chart, hrefs(answers["parts"]))
    assert "<script" not in html
    root = ET.fromstring(chart_svg(chart, hrefs(answers["parts"])))
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert HOSTILE in root.get("aria-label") and HOSTILE in "".join(root.itertext())


def test_the_chat_answer_carries_the_chart_between_the_text_and_the_sources(answers):
    result = answers["line"]
    html = answer_html(result)
    assert answer_chart(result) in html
    assert html.index("<figure") > html.index("[1]") and html.index("<figure") < html.index("gk-notes")
    assert "查看数据表" in html and all(f"{p['y']}件" in html for p in result["chart"]["series"][0]["points"])
    assert answer_chart({"chart": None, "citations": []}) == ""
