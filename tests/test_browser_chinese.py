"""No English a citizen or staff member sees or hears, in a real headless Chromium on a desktop and a phone:
every visible text, every aria-label, title, placeholder and alt, the page's language and its link-preview
title, on the chat, the widget's chat, the staff pages and the source view. Latin words are allowed only
for proper nouns and units (PDF, CSV, API, ...) and for what a citizen typed or a report itself says.

The index is the corpus with the fake embedder (retrieval is not measured here).
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.test_browser import ARTIFACTS, CHROMIUM, PENDING, TIMEOUT_MS

QUESTION = "平潭2023年新收多少件政府信息公开申请？"
# A desktop and a phone; and a desktop whose browser speaks English (gradio then speaks English too).
VIEWPORTS = {"desktop": (1366, 900, "zh-CN"), "phone": (390, 844, "zh-CN"), "desktop-en": (1366, 900, "en-US")}
# Proper nouns and units a Chinese page writes in Latin letters; the file types the upload form accepts.
ALLOWED = {
    "PDF",
    "CSV",
    "API",
    "DOCX",
    "HTML",
    "TXT",
    "MD",
    "PNG",
    "JPG",
    "OCR",
    "MB",
    "pdf",
    "csv",
    "txt",
    "md",
    "html",
    "docx",
    "png",
    "jpg",
    "Bearer",
    "OpenAPI",
    "Tab",
}
# Everything a page says: visible text, what a screen reader reads (aria-label, title, placeholder, alt,
# label text, the accessible names of inputs), the document's language, title and link-preview title.
SAID = r"""() => {
  // (an icon's own CSS rules, should innerText ever include an SVG <style>, are not said)
  const said = [document.body.innerText.replace(/\.[\w-]+\s*\{[^}]*\}/g, " "), document.title];
  document.querySelectorAll("[aria-label], [title], [placeholder], [alt], [aria-roledescription], [aria-valuetext]")
    .forEach((el) => ["aria-label", "title", "placeholder", "alt", "aria-roledescription", "aria-valuetext"]
      .forEach((a) => el.hasAttribute(a) && said.push(el.getAttribute(a))));
  document.querySelectorAll("label, legend, caption, option, button").forEach((el) => said.push(el.innerText));
  document.querySelectorAll('meta[property$=":title"], meta[property$=":description"], meta[name$=":title"], ' +
    'meta[name$=":description"], meta[name="description"]')
    .forEach((m) => said.push(m.getAttribute("content") || ""));
  return { said, lang: document.documentElement.lang };
}"""


def english(frame, typed: str = "") -> set[str]:
    """The Latin words (two letters or more) a page says that are neither allowed nor typed by the user."""
    found = frame.evaluate(SAID)
    assert found["lang"] == "zh-CN", found["lang"]
    words = set(re.findall(r"[A-Za-z]{2,}", " ".join(found["said"])))
    return words - ALLOWED - set(re.findall(r"[A-Za-z]{2,}", typed))


pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser, served):
    width, height, locale = VIEWPORTS[request.param]
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.viewport_name = request.param
    yield page
    context.close()
    assert [u for u in requests if not u.startswith((served, "data:", "blob:", "about:"))] == []


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"chinese-{name}-{page.viewport_name}.png"), full_page=True)


def test_the_chat_page_is_sent_as_chinese_with_chinese_link_previews(served):
    """What a link preview or a crawler reads, before any script runs."""
    sent = httpx.get(served).text
    assert re.search(r'<html\b[^>]*\blang="zh-CN"', sent)
    previews = re.findall(r'<meta (?:property="og:|name="twitter:)[^>]*content="([^"]*)"', sent)
    assert "政务公开问答" in previews and "Gradio" not in sent.split("<script", 1)[0]
    assert all(not re.search(r"[A-Za-z]{2,}", p) or p == "website" for p in previews), previews


def test_the_chat_says_nothing_in_english_before_while_and_after_answering(page, served):
    page.goto(served)
    box = page.locator("#gk-question textarea")
    box.wait_for()
    page.locator("#gk-chat .example").first.wait_for()
    assert english(page) == set()
    held = []
    page.route("**/queue/join**", lambda route: held.append(route))
    box.fill(QUESTION)
    box.press("Enter")
    expect(page.locator("#gk-chat")).to_contain_text(QUESTION)  # shown at once
    expect(page.locator("#gk-chat")).to_contain_text(PENDING)
    assert english(page) == set()  # no 「processing | 0.2s」
    held[0].continue_()
    page.unroute("**/queue/join**")
    page.locator("#gk-chat .gk-answer a.gk-cite").first.wait_for()
    page.locator("#gk-chat .gk-feedback").first.wait_for()
    assert english(page) == set()
    shot(page, "chat")


def test_an_example_is_asked_and_answered_in_chinese(page, served):
    page.goto(served)
    example = page.locator("#gk-chat .example").first
    example.wait_for()
    example.click()
    chat = page.locator("#gk-chat")
    chat.locator(".gk-answer").first.wait_for()  # the page drew the answered turn in place of the placeholder
    expect(chat).not_to_contain_text(PENDING)
    assert chat.locator(".message-row").count() == 2, chat.inner_text()  # the question and its answer, once
    assert english(page) == set()


def test_the_widget_chat_says_nothing_in_english(page, served):
    page.goto(f"{served}/embed")
    textarea = page.locator("textarea")
    expect(textarea).to_have_attribute("aria-label", re.compile(r"[\u4e00-\u9fff]"))
    assert english(page) == set()
    textarea.fill(QUESTION)
    textarea.press("Enter")
    page.locator(".msg.bot a.cite").first.wait_for()
    assert english(page) == set()
    shot(page, "embed")


@pytest.mark.parametrize("path", ["/reports", "/reports/1", "/questions", "/compare", "/source"])
def test_the_staff_pages_say_nothing_in_english(page, served, path, fake_corpus_index):
    page.goto(f"{served}{path}")
    files = " ".join(r.file for r in fake_corpus_index.store.reports())  # file names are the reports' own
    assert english(page, typed=files) == set()
    shot(page, path.strip("/").replace("/", "-"))


def test_the_source_view_of_a_cell_and_of_a_passage_say_nothing_in_english(page, served, fake_corpus_index):
    report = next(r for r in fake_corpus_index.store.reports() if "平潭" in r.agency and r.year == 2023)
    page.goto(f"{served}/source?file={report.file}&cell=requests.new.total")
    page.locator("td.hit").wait_for()
    assert english(page) == set()
    passage = fake_corpus_index.store.passages(report.id)[0]
    page.goto(f"{served}/source?file={report.file}&line={passage.line or ''}&text={passage.text[:60]}")
    page.locator("#hit").wait_for()
    assert english(page, typed=passage.text) == set()
