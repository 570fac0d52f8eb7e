"""The web app in a real headless Chromium (Debian's, driven by playwright) against a real
server: a portal's widget, the source view, the staff view and the gradio chat.

Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from index.parse.layout import layouts, other_split
from tests.chat_page import page_answers, page_shows
from tests.helpers import ROOT
from ui.app import create_app
from ui.charts import FONT
from ui.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
QUESTION = "平潭2023年新收多少件政府信息公开申请？"
PAYLOAD = "<script>alert(1)</script>"
TIMEOUT_MS = 60_000
PENDING = "正在查找年报……"
CHART_TREND = "平潭2019年到2024年本年新收的政府信息公开申请数量是怎么变化的？"
CHART_ACROSS = "2023年哪个机关收到的政府信息公开申请最多？"
MIN_TEXT_PX = 10
# Latin words a citizen may see or hear; anything else in ASCII letters is untranslated English.
ALLOWED_WORDS = {"CSV", "API", "PDF"}
# Every aria-label, title, placeholder and alt, and the visible text, of a page or frame.
HEARD = """() => {
  const said = [document.body.innerText];
  document.querySelectorAll("[aria-label], [title], [placeholder], [alt]").forEach((el) =>
    ["aria-label", "title", "placeholder", "alt"].forEach((a) => el.hasAttribute(a) && said.push(el.getAttribute(a))));
  document.querySelectorAll("label").forEach((el) => said.push(el.textContent));
  return said;
}"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


def serve(gongkai, settings: Settings | None = None):
    """The app on a free local port, served by uvicorn in a background thread, for a fixture to yield from."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(gongkai, settings or Settings()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


def launch_chromium():
    """Headless Debian Chromium, for a fixture to yield from; screenshots go to ARTIFACTS."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def ask_chat(page, served: str, question: str):
    """Ask on the chat page; the last answer once it is in (the page's timeout: the machine may be busy)."""
    page.goto(served)
    box = page.locator("#gk-question textarea")
    box.fill(question)
    box.press("Enter")
    answer = page.locator("#gk-chat .gk-answer").last
    expect(answer).not_to_contain_text(PENDING, timeout=TIMEOUT_MS)
    return answer


def ask_widget(page, served: str, question: str):
    """Open the demo portal's widget and ask in it; its frame, for the caller to find the answer it waits for."""
    page.goto(f"{served}/demo")
    page.locator("[data-gongkai-widget] .bubble").click()
    chat = page.frame_locator("[data-gongkai-widget] iframe")
    chat.locator("textarea[name=question]").fill(question)
    chat.locator("textarea[name=question]").press("Enter")
    return chat


@pytest.fixture(scope="module")
def base_url(corpus_index):
    yield from serve(corpus_index)


@pytest.fixture
def page(browser, base_url):
    """A page that records every request and any alert(), so tests can assert neither leaks."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()
    assert dialogs == []
    assert [u for u in requests if not u.startswith((base_url, "data:", "blob:", "about:"))] == []


def expected_new_total(gongkai) -> int:
    report = next(r for r in gongkai.store.reports() if "平潭" in r.agency and r.year == 2023)
    return int(gongkai.store.cells(report.id)["requests.new.total"].value)


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def english_words(frame) -> set[str]:
    """ASCII words (of letters) a user sees or hears on the page, besides the allowed ones."""
    said = " ".join(frame.evaluate(HEARD))
    return set(re.findall(r"[A-Za-z]{2,}", said)) - ALLOWED_WORDS


def test_portal_widget_answers_with_a_citation_that_opens_the_cell(page, base_url, corpus_index):
    expected = expected_new_total(corpus_index)
    page.goto(f"{base_url}/demo")
    bubble = page.locator("[data-gongkai-widget] .bubble")
    expect(bubble).to_have_attribute("aria-expanded", "false")
    bubble.click()
    expect(bubble).to_have_attribute("aria-expanded", "true")
    panel = page.locator("[data-gongkai-widget] .panel")
    expect(panel).to_have_attribute("aria-modal", "true")
    expect(panel).to_have_attribute("role", "dialog")
    chat = page.frame_locator("[data-gongkai-widget] iframe")
    expect(chat.locator("textarea")).to_have_attribute("aria-label", "您的问题")
    chat.locator("textarea").fill(QUESTION)
    chat.locator("textarea").press("Enter")
    answer = chat.locator(".msg.bot").filter(has=chat.locator("a.cite")).last
    answer.wait_for()
    assert f"{expected}件" in answer.inner_text()
    shot(page, "widget-answer")

    answer.locator("a.cite").first.click()
    hit = chat.frame_locator("#source iframe").locator("td.hit")
    assert hit.inner_text().strip() == str(expected)
    shot(page, "widget-source")

    chat.locator("#back").click()
    assert english_words(next(f for f in page.frames if "/embed" in f.url)) == set()
    chat.locator("textarea").fill(PAYLOAD)
    chat.locator("textarea").press("Enter")
    expect(chat.locator(".msg.user").last).to_have_text(PAYLOAD)
    expect(chat.locator(".msg.bot").last).not_to_have_text("正在查找年报……")  # answered, nothing ran
    page.locator("a").first.focus()  # a link of the portal page, behind the open panel
    expect(page.locator("[data-gongkai-widget] .close")).to_be_focused()

    page.keyboard.press("Escape")  # from inside the chat's frame
    expect(panel).to_be_hidden()
    expect(bubble).to_be_focused()
    expect(bubble).to_have_attribute("aria-expanded", "false")


def test_widget_draws_the_chart_of_a_trend_with_linked_points(page, base_url):
    """The widget draws the server's chart (an SVG image with a Chinese description), each point linked to
    its citation, and the years in order."""
    chat = ask_widget(page, base_url, CHART_TREND)
    svg = chat.locator(".msg.bot figure.gk-chart svg").last
    svg.wait_for()
    expect(svg).to_have_attribute("role", "img")
    expect(svg).to_have_attribute("aria-label", re.compile(r"^折线图.*2019年\d+件"))
    labels = svg.locator("text").all_text_contents()
    assert [y for y in ("2019", "2020", "2021", "2022", "2023", "2024") if any(y in t for t in labels)] == [
        "2019",
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]
    assert chat.locator(".msg.bot figure.gk-chart a.gk-cite").count() >= 6
    shot(page, "widget-chart")


def test_widget_panel_is_full_screen_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 390, "height": 780})
    page.goto(f"{base_url}/demo")
    page.locator("[data-gongkai-widget] .bubble").click()
    panel = page.locator("[data-gongkai-widget] .panel")
    page.frame_locator("[data-gongkai-widget] iframe").locator(".example").first.wait_for()
    box = panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 780)
    shot(page, "widget-phone")


# Every element that draws text of its own: its colour, the first opaque background behind it, and whether
# WCAG counts it as large text (24px, or 18.66px bold).
TEXT_COLOURS = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const behind = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll("body *")).filter((el) =>
    Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim()) && el.getClientRects().length
  ).map((el) => {
    const s = getComputedStyle(el), size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    return { text: el.textContent.trim().slice(0, 20), fg: rgb(s.color).slice(0, 3), bg: behind(el),
             large: size >= 24 || (bold && size >= 18.66) };
  });
}"""


def rgb(css: str) -> list[float]:
    return [float(v) for v in re.findall(r"[\d.]+", css)[:3]]


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_staff_view_lists_reports_and_shows_one(page, base_url, corpus_index):
    report_id = next(rid for rid, n in corpus_index.store.broken_counts().items() if n)
    page.goto(f"{base_url}/reports")
    assert page.locator("table.list tbody tr").count() == len(corpus_index.store.reports())
    shot(page, "staff-reports")
    page.locator(f'a[href="/reports/{report_id}"]').first.click()
    page.locator(".chk-broken").first.wait_for()
    report = corpus_index.store.report(report_id)
    tables = layouts(report.format, other_split(set(corpus_index.store.cells(report_id))))
    assert page.locator("section.table table").count() == len(tables)  # 表二's clauses, 表三, 表四
    page.screenshot(path=str(ARTIFACTS / "staff-report.png"), full_page=True)
    texts = page.evaluate(TEXT_COLOURS)
    assert {"报告未列明", "无法确定", "推算"} <= {t["text"] for t in texts}  # the states' own colours are measured
    low = [t for t in texts if contrast(t["fg"], t["bg"]) < (3 if t["large"] else 4.5)]
    assert low == [], low  # WCAG AA for every text drawn
    frames = page.locator("td.broken").evaluate_all(
        "(tds) => tds.map((td) => [getComputedStyle(td).outlineColor, getComputedStyle(td).backgroundColor])"
    )
    assert frames and all(contrast(*(rgb(c) for c in pair)) >= 3 for pair in frames)  # the outline is seen

    ambiguous = page.locator("td.st-ambiguous").first  # a tap shows what the tooltip says, and links to the source
    ambiguous.click()
    detail = page.locator("#cell-detail")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("可能的读法")
    page.locator("td.st-derived, td.st-stated").last.focus()
    page.keyboard.press("Enter")
    expect(detail).to_contain_text("原文")
    shot(page, "staff-cell-detail")
    detail.get_by_role("link").click()
    expect(page.locator("td.hit")).to_be_visible()


def test_gradio_chat_answers_in_chinese_and_opens_the_citation_beside_it(page, base_url, corpus_index):
    expected = expected_new_total(corpus_index)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url)
    box = page.locator("#gk-question textarea")
    box.wait_for()
    held = []  # the answer's request, held so the waiting state can be seen
    page.route("**/queue/join**", lambda route: held.append(route))
    box.fill(QUESTION)
    box.press("Enter")
    expect(page.locator("#gk-chat")).to_contain_text(PENDING)
    expect(page.locator("#gk-chat")).to_contain_text(QUESTION)
    assert english_words(page) == set()
    shot(page, "chat-waiting")
    held[0].continue_()
    page.unroute("**/queue/join**")

    cite = page.locator("#gk-chat a.gk-cite").first
    cite.wait_for()
    assert f"{expected}件" in page.locator("#gk-chat").inner_text()
    assert english_words(page) == set()

    page.locator("#gk-chat .gk-answer").hover()
    page.locator('#gk-chat button[aria-label="复制回答"]').last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in copied and f"{expected}件[1]" in copied.replace(" ", "")
    footnote = copied.split("出处：\n", 1)[1].splitlines()[0]
    assert re.fullmatch(r"\[1\] .*平潭.* · .+ · 第\d+(行|页)", footnote), copied

    cite.click()
    hit = page.frame_locator("#gk-source").locator("td.hit")
    assert hit.inner_text().strip() == str(expected)
    assert len(page.context.pages) == 1  # opened beside the chat, not in a new tab
    shot(page, "chat-answer-source")

    box.fill(PAYLOAD)
    box.press("Enter")
    expect(page.locator("#gk-chat")).to_contain_text(PAYLOAD)  # shown as text; the page asserts no alert ran
    expect(page.locator("#gk-chat")).not_to_contain_text(PENDING)
    shot(page, "chat-escaped")


# Questions as typed: lone surrogates, controls, bidi and zero-width characters, runs of spaces, markup and quotes.
TYPED = ["平潭2023年？", " \ud800<b>平潭</b>\u0000  2023年\u202e？\t", "\u200b \t\udfff", "a & 'b' \"c\"\n  d"]


def test_the_pages_own_steps_draw_what_the_tests_mirror(page, base_url):
    """static/chat.js draws the question and the answered turn in the browser; tests/chat_page.py, which the
    gradio tests and the load bench use, draws them alike."""
    page.goto(base_url)
    page.locator("#gk-question textarea").wait_for()
    earlier = page_shows(QUESTION, [])[1][:1] + page_answers(json.dumps({"question": "问", "answer": "答"}), [])[0]
    for typed in TYPED:
        # JSON.parse: a lone surrogate goes to the browser as the \ud800 escape JSON writes
        shown = page.evaluate(
            "([q, m, p]) => gkShowQuestion(JSON.parse(q), m, p)", [json.dumps(typed), earlier, PENDING]
        )
        question, drawn = page_shows(typed, earlier)
        assert shown == ["", drawn, question], typed
        for answered in (question or None, "平潭&lt;b&gt;"):
            turn = json.dumps({"question": answered, "answer": "<div>答</div>", "asked": ["问"]})
            got = page.evaluate("([t, m, p, k]) => gkShowAnswer(t, m, p, k)", [turn, drawn, PENDING, 3])
            messages, kept = page_answers(turn, drawn)
            assert got == [messages, {**kept, "messages": messages[-3:]}], (typed, answered)


def test_gradio_chat_keeps_the_conversation_across_a_reload_until_a_new_one(page, base_url, corpus_index):
    expected = expected_new_total(corpus_index)
    page.goto(base_url)
    box = page.locator("#gk-question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    chat = page.locator("#gk-chat")
    expect(chat.locator("a.gk-cite").first).to_be_visible()

    page.reload()
    expect(chat).to_contain_text(QUESTION)
    expect(chat).to_contain_text(f"{expected}件")
    box.fill("那2022年呢？")  # the questions before the reload are still the history sent with a follow-up
    box.press("Enter")
    expect(chat.locator(".gk-answer").nth(1)).to_contain_text("2022")
    assert "平潭" in chat.locator(".gk-answer").nth(1).inner_text()
    shot(page, "chat-after-reload")

    page.get_by_role("button", name="新对话").click()
    expect(chat).not_to_contain_text(QUESTION)
    page.reload()
    box.wait_for()
    expect(chat).not_to_contain_text(QUESTION)
    box.fill("那2022年呢？")  # nothing before it any more: no agency to follow
    box.press("Enter")
    expect(chat.locator(".gk-answer").last).not_to_contain_text(PENDING)
    assert "平潭" not in chat.locator(".gk-answer").last.inner_text()


# Each element of an answer's chart, where it sits and what the browser says of it.
CHART_BOXES = """(svg) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    svg: box(svg), answer: box(svg.closest(".gk-answer")),
    parts: Array.from(svg.querySelectorAll("text, rect, circle"), box),
    labels: Array.from(svg.querySelectorAll("text"), (t) => t.textContent),
    scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
  };
}"""


CHINESE_TEXT_ID = """() => Array.from(document.querySelectorAll("#gk-chat svg.gk-chart-svg text"))
  .find((t) => /[\u4e00-\u9fff]/.test(t.textContent)).id = "gk-chinese-text"
"""


def rendered_fonts(page, selector: str) -> set[str]:
    """The fonts Chromium really drew the first element matching `selector` with (not what the CSS asks)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_chat_draws_trend_and_comparison_charts_that_fit_the_screen(browser, base_url, viewport):
    width, height = viewport
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base_url)
    box = page.locator("#gk-question textarea")
    for n, question in enumerate((CHART_TREND, CHART_ACROSS)):
        box.fill(question)
        box.press("Enter")
        svg = page.locator("#gk-chat .gk-answer").nth(n).locator("svg.gk-chart-svg")
        svg.wait_for()
        expect(svg).to_have_attribute("role", "img")
        expect(svg).to_have_attribute("viewBox", re.compile(r"^0 0 \d+ \d+$"))
        label = svg.get_attribute("aria-label")
        assert label.startswith(("折线图：", "柱状图：")) and re.search(r"\d+件", label), label
        svg.scroll_into_view_if_needed()
        drawn = svg.evaluate(CHART_BOXES)
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in drawn["labels"])  # the axis labels are Chinese
        left, top, right, bottom = drawn["svg"]
        assert left >= 0 and right <= min(width, drawn["answer"][2]) + 0.5, drawn["svg"]
        for part in drawn["parts"]:  # nothing drawn outside the chart, nor past the screen's edge
            assert left - 0.5 <= part[0] and part[2] <= right + 0.5, (part, drawn["svg"])
            assert top - 0.5 <= part[1] and part[3] <= bottom + 0.5, (part, drawn["svg"])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert FONT * drawn["scale"] >= MIN_TEXT_PX, drawn["scale"]  # shrunk to fit, still readable
        shot(page, f"chart-{n}-{width}")
    page.evaluate(CHINESE_TEXT_ID)
    fonts = rendered_fonts(page, "#gk-chinese-text")
    assert any("CJK" in f for f in fonts), fonts
    context.close()


# Whether each element is the one drawn at its centre (not covered by another) and inside the screen.
SEEN = """(els) => els.map((el) => {
  const r = el.getBoundingClientRect();
  const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  const top = document.elementFromPoint(x, y);
  const inside = r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
  const covered = inside && !(top && (top === el || el.contains(top)));
  return { inside, covered, box: [r.left, r.top, r.right, r.bottom] };
})"""


def test_on_a_phone_the_source_opens_over_the_chat_and_hides_neither_headers_nor_the_question(page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url)
    box = page.locator("#gk-question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    cite = page.locator("#gk-chat .gk-answer a.gk-cite").first
    cite.click()
    hit = page.frame_locator("#gk-source").locator("td.hit")
    hit.wait_for()
    back = page.get_by_role("button", name="← 返回对话")
    expect(back).to_be_focused()
    panel, question = page.locator(".gk-source-panel").bounding_box(), page.locator("#gk-question").bounding_box()
    assert panel["width"] == 390 and panel["y"] == 0
    assert panel["y"] + panel["height"] <= question["y"] + 0.5 and question["y"] + question["height"] <= 844 + 0.5
    assert [s["covered"] or not s["inside"] for s in box.evaluate_all(SEEN)] == [False]  # the question box usable
    shot(page, "phone-source")

    source = next(f for f in page.frames if "/source" in f.url)
    assert not any(s["covered"] for s in source.locator("thead th").evaluate_all(SEEN))  # no header under the quote
    row = source.locator("tr:has(td.hit)")
    seen = row.locator("th, td.hit").evaluate_all(SEEN)
    assert all(s["inside"] and not s["covered"] for s in seen), seen  # the cited cell and its row's label

    back.click()
    expect(page.locator(".gk-source-panel")).not_to_have_class(re.compile("open"))
    assert page.locator(".gk-back").is_hidden()
    expect(cite).to_be_focused()
    box.fill("平潭2022年新收多少件政府信息公开申请？")
    box.press("Enter")
    expect(page.frame_locator("#gk-source").locator(".hint")).to_be_visible()  # no stale source beside a new answer
