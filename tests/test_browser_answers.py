"""Compact answers in a real headless Chromium against a real server: several figures of one report drawn as
one table, cited once, in the chat ("/") and in the portal widget, on a desktop and a phone. Every value of
the table opens its own cell in the source view; nothing is pushed off a phone; a copy gives the answer's
own lines, not markup.

The index is the corpus with the fake embedder (figure answers never touch retrieval). Screenshots go to
test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_browser import ARTIFACTS, CHROMIUM, TIMEOUT_MS, ask_chat, ask_widget, english_words

# Two rows × two columns of 表四: drawn as it stands.
SQUARE = "平潭2023年行政诉讼维持和纠正各多少件？"
SQUARE_HEADINGS = ["", "结果维持", "结果纠正"]
SQUARE_ROWS = [["行政诉讼（未经复议直接起诉）", "4件", "0件"], ["行政诉讼（复议后起诉）", "1件", "0件"]]
# Two rows × six applicant columns of 表三: drawn turned, the six columns down the side.
WIDE = "平潭2023年各类申请人新收申请和上年结转分别是多少？"
WIDE_HEADINGS = ["", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量"]
WIDE_FIRST_ROW = ["自然人", "80件", "0件"]
# Six applicant columns over three years, which no chart draws: a table of years, each year's report cited.
YEARS = "平潭2021年到2023年各类申请人新收申请数量是怎么变化的？"
YEARS_HEADINGS = ["", "2021年[1]", "2022年[2]", "2023年[3]"]
YEARS_FIRST_ROW = ["自然人", "64件", "71件", "80件"]
DESKTOP, PHONE = (1366, 900), (390, 844)
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)

ROWS = """(table) => Array.from(table.querySelectorAll("tr"), (tr) =>
  Array.from(tr.children, (cell) => cell.textContent.trim()))"""


def name(viewport: tuple[int, int]) -> str:
    return "desktop" if viewport == DESKTOP else "phone"


def fits(page, viewport: tuple[int, int], table) -> None:
    """Nothing is wider than the screen, and the table is wholly inside it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport[0], box


@VIEWPORTS
def test_chat_draws_several_figures_as_one_table_cited_once(open_page, served, viewport):
    page = open_page(viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    answer = ask_chat(page, served, SQUARE)
    table = answer.locator("table.gk-table")
    table.wait_for()  # the page timeout: an answer may take a while on a busy machine
    assert table.evaluate(ROWS) == [SQUARE_HEADINGS, *SQUARE_ROWS]
    assert answer.locator("a.gk-cite:not(.gk-cell)").all_text_contents() == ["[1]", "[1]"]  # the mark and its note
    assert "结果维持4件" not in answer.inner_text()  # the table stands for the lines, not beside them
    assert english_words(page) == set()
    fits(page, viewport, table)
    answer.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"answer-table-chat-{name(viewport)}.png"))

    answer.hover()
    page.locator('#gk-chat button[aria-label="复制回答"]').last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    lines = (
        "行政诉讼（未经复议直接起诉）：结果维持4件，结果纠正0件；\n行政诉讼（复议后起诉）：结果维持1件，结果纠正0件。"
    )
    assert "<" not in copied and copied.startswith(
        f"根据《平潭综合实验区2023年度政府信息公开工作年度报告》[1]：\n{lines}\n"
    )

    table.locator("a.gk-cell", has_text="1件").click()  # a value opens its own cell
    hit = page.frame_locator("#gk-source").locator("td.hit")
    expect(hit).to_have_attribute("data-cell", "litigation_after_review.upheld", timeout=TIMEOUT_MS)
    assert hit.inner_text().strip() == "1"
    page.screenshot(path=str(ARTIFACTS / f"answer-table-chat-{name(viewport)}-source.png"))


@VIEWPORTS
def test_chat_turns_a_wide_table_so_it_fits(open_page, served, viewport):
    page = open_page(viewport)
    answer = ask_chat(page, served, WIDE)
    table = answer.locator("table.gk-table")
    rows = table.evaluate(ROWS)
    assert rows[0] == WIDE_HEADINGS and rows[1] == WIDE_FIRST_ROW and len(rows) == 7
    fits(page, viewport, table)
    answer.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"answer-table-wide-chat-{name(viewport)}.png"))


@VIEWPORTS
def test_chat_draws_figures_over_years_as_a_table_each_year_cited(open_page, served, viewport):
    page = open_page(viewport)
    answer = ask_chat(page, served, YEARS)
    table = answer.locator("table.gk-table")
    rows = table.evaluate(ROWS)
    assert rows[0] == YEARS_HEADINGS and rows[1] == YEARS_FIRST_ROW and len(rows) == 7
    expect(answer).to_contain_text("变化（差值由系统根据上述数字计算）：自然人2022年比2021年增加7件")
    fits(page, viewport, table)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"answer-table-years-chat-{name(viewport)}.png"))

    table.locator("thead a.gk-cite", has_text="[2]").click()  # the 2022 report's line
    hit = page.frame_locator("#gk-source").locator("td.hit")
    expect(hit).to_have_attribute("data-cell", "requests.new.natural_person", timeout=TIMEOUT_MS)
    assert hit.inner_text().strip() == "71"


@VIEWPORTS
def test_widget_draws_the_same_table_with_text_only(open_page, served, viewport):
    page = open_page(viewport)
    chat = ask_widget(page, served, SQUARE)
    answer = chat.locator(".msg.bot").filter(has=chat.locator("table.gk-table")).last
    table = answer.locator("table.gk-table")
    table.wait_for()  # the page timeout: an answer may take a while on a busy machine
    assert table.evaluate(ROWS) == [SQUARE_HEADINGS, *SQUARE_ROWS]
    assert [t for t in answer.locator("a.cite:not(.gk-cell)").all_text_contents()] == ["[1]", "[1]"]
    assert "结果维持4件" not in answer.inner_text()
    frame = next(f for f in page.frames if "/embed" in f.url)
    assert english_words(frame) == set()
    assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate("innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"answer-table-widget-{name(viewport)}.png"))

    chat.locator("textarea[name=question]").fill(WIDE)
    chat.locator("textarea[name=question]").press("Enter")
    wide = chat.locator(".msg.bot table.gk-table").nth(1)
    wide.wait_for()  # the page timeout: an answer may take a while on a busy machine
    rows = wide.evaluate(ROWS)
    assert rows[0] == WIDE_HEADINGS and rows[1] == WIDE_FIRST_ROW
    assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate("innerWidth")
    wide.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"answer-table-wide-widget-{name(viewport)}.png"))

    wide.locator("a.gk-cell").first.click()
    hit = chat.frame_locator("#source iframe").locator("td.hit")
    expect(hit).to_have_attribute("data-cell", "requests.new.natural_person", timeout=TIMEOUT_MS)
    assert hit.inner_text().strip() == "80"

    chat.locator("#back").click()
    chat.locator("textarea[name=question]").fill(YEARS)
    chat.locator("textarea[name=question]").press("Enter")
    years = chat.locator(".msg.bot table.gk-table").nth(2)
    years.wait_for()  # the page timeout: an answer may take a while on a busy machine
    rows = years.evaluate(ROWS)
    assert rows[0] == YEARS_HEADINGS and rows[1] == YEARS_FIRST_ROW
    assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate("innerWidth")
    years.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"answer-table-years-widget-{name(viewport)}.png"))
