"""The original page in a real headless Chromium: a citation of a figure from a PDF report opens the source
view beside (desktop) or over (phone) the chat; 「查看原页」 shows the PDF page with the cited cell boxed in
red, loaded and no wider than the screen, and hides it again. Every request stays on this site.

The index is the corpus with the fake embedder (a figure question is answered from SQL). Screenshots go to
test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_browser import ARTIFACTS, CHROMIUM, english_words

QUESTION = "淮安市2024年新收多少件政府信息公开申请？"  # 表三 of corpus/pdf/2024_huaian_shi.pdf, page 4
LOADED = "img => img.complete && img.naturalWidth > 0"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


def test_a_pdf_citation_shows_its_original_page_with_the_cell_boxed(page, served):
    width, device = page.width, page.device
    page.goto(served)
    box = page.locator("#gk-question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    cite = page.locator("#gk-chat .gk-answer a.gk-cite").first
    cite.wait_for()  # the answer is in (the page's timeout, not expect's five seconds: the machine may be busy)
    expect(page.locator("#gk-chat .gk-answer").first).to_contain_text("3119")
    cite.click()
    source = page.frame_locator("#gk-source")
    source.locator("td.hit").wait_for()

    toggle = source.get_by_role("button", name="查看原页")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    image = source.get_by_role("img", name="第4页原页图像，红框为引用处")
    expect(image).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(image).to_be_visible()
    frame = next(f for f in page.frames if "/source" in f.url)
    frame.wait_for_function(f"() => ({LOADED})(document.querySelector('#original-page img'))")
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural[0] > 500 and natural[1] > natural[0]  # a portrait A4 page
    image.scroll_into_view_if_needed()
    shown = image.bounding_box()
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= width + 0.5, shown  # never wider than the screen
    assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")  # no sideways scroll
    assert english_words(frame) == set()  # the toggle, the alt text and the caption are Chinese
    page.screenshot(path=str(ARTIFACTS / f"original-page-{device}.png"))

    toggle.press("Enter")  # by keyboard: hidden again
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(image).to_be_hidden()
