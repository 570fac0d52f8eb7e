"""Feedback in a real headless Chromium against a real server: 👍/👎 and a comment under an answer of the chat
("/") on a desktop and a phone, and in the portal widget, by keyboard; the staff page 「群众问了什么」 then lists
the question with its vote and comment; /docs draws offline. Every request stays on this site.

The index is the corpus with the fake embedder (retrieval is not measured here). Screenshots go to
test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from index.store.feedback import normalize_question
from tests.test_browser import ARTIFACTS, CHROMIUM, PENDING, ask_widget, english_words

QUESTION = "平潭2023年新收多少件政府信息公开申请？"
WIDGET_QUESTION = "平潭2022年新收多少件政府信息公开申请？"
DESKTOP, PHONE = (1366, 900), (390, 844)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


def group_of(gongkai, question: str):
    key = normalize_question(question)
    return next((g for g in gongkai.store.feedback.groups() if g.normalized == key), None)


def vote_by_keyboard(box, comment: str) -> None:
    """👎 of the rating `box` pressed with the keyboard, then a comment typed and sent with the keyboard."""
    down = box.get_by_role("button", name="没有帮助", exact=True)
    down.focus()
    down.press("Enter")
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(box.get_by_role("status")).to_contain_text("感谢您的反馈")
    text = box.get_by_label("补充说明（可选）")
    expect(text).to_be_visible()
    text.focus()
    text.fill(comment)
    text.press("Tab")
    send = box.get_by_role("button", name="提交说明")
    expect(send).to_be_focused()
    send.press("Enter")
    expect(box.get_by_role("status")).to_contain_text("感谢您的补充说明")
    expect(text).to_be_hidden()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_chat_answer_is_rated_by_keyboard_and_staff_see_it(open_page, served, fake_corpus_index, viewport):
    question = f"{QUESTION}（{viewport[0]}）"  # one question per viewport, each its own group
    comment = f"想知道{viewport[0]}上的办理结果"
    page = open_page(viewport)
    page.goto(served)
    box = page.locator("#gk-question textarea")
    box.fill(question)
    box.press("Enter")
    answer = page.locator("#gk-chat .gk-rated").last
    expect(answer.locator(".gk-answer")).not_to_contain_text(PENDING)
    rating = answer.locator(".gk-feedback")
    expect(rating.get_by_role("button", name="有帮助", exact=True)).to_be_visible()
    expect(rating.get_by_role("button", name="没有帮助", exact=True)).to_have_attribute("aria-pressed", "false")
    assert english_words(page) == set()
    rating.scroll_into_view_if_needed()
    shot_name = "desktop" if viewport == DESKTOP else "phone"
    page.screenshot(path=str(ARTIFACTS / f"feedback-chat-{shot_name}.png"))

    vote_by_keyboard(rating, comment)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]  # nothing pushed off a phone
    page.screenshot(path=str(ARTIFACTS / f"feedback-chat-{shot_name}-thanks.png"))
    group = group_of(fake_corpus_index, question)
    assert (group.asked, group.down, group.up, group.comments) == (1, 1, 0, (comment,))
    assert group.routes == (("figure", 1),)

    page.reload()  # the conversation comes back from localStorage, and so does the thank-you
    rated = page.locator("#gk-chat .gk-rated").last.locator(".gk-feedback")
    expect(rated.get_by_role("button", name="没有帮助", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(rated.get_by_role("status")).to_contain_text("感谢您的补充说明")

    staff = open_page(viewport)
    staff.goto(f"{served}/reports")
    staff.get_by_role("link", name="群众问了什么").click()
    expect(staff.locator("h1")).to_have_text("群众问了什么")
    row = staff.locator("table.questions tbody tr", has_text=question)
    expect(row).to_have_class("attention")  # disliked: among those needing attention
    expect(row).to_contain_text(comment)
    expect(row).to_contain_text("统计表数字 1 次")
    # Only what citizens typed (or answers quoting it) may be English: the page's own words are Chinese.
    typed = " ".join(
        f"{g.question} {g.answer} {' '.join(g.comments)}" for g in fake_corpus_index.store.feedback.groups()
    )
    assert english_words(staff) - set(re.findall(r"[A-Za-z]{2,}", typed)) <= {"CSV"}
    staff.screenshot(path=str(ARTIFACTS / f"feedback-questions-{shot_name}.png"), full_page=viewport == DESKTOP)


def test_widget_answer_is_rated_and_commented(open_page, served, fake_corpus_index):
    page = open_page(DESKTOP)
    chat = ask_widget(page, served, WIDGET_QUESTION)
    answer = chat.locator(".msg.bot").filter(has=chat.locator(".gk-feedback")).last
    rating = answer.locator(".gk-feedback")
    expect(rating.get_by_role("button", name="有帮助", exact=True)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "feedback-widget.png"))

    up = rating.get_by_role("button", name="有帮助", exact=True)
    up.focus()
    up.press(" ")  # Space presses a button as Enter does
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(rating.get_by_role("status")).to_contain_text("感谢您的反馈")
    text = rating.get_by_label("补充说明（可选）")
    text.fill("很清楚，谢谢")
    rating.get_by_role("button", name="提交说明").click()
    expect(rating.get_by_role("status")).to_contain_text("感谢您的补充说明")
    page.screenshot(path=str(ARTIFACTS / "feedback-widget-thanks.png"))
    frame = next(f for f in page.frames if "/embed" in f.url)
    assert english_words(frame) == set()
    group = group_of(fake_corpus_index, WIDGET_QUESTION)
    assert (group.up, group.down, group.comments) == (1, 0, ("很清楚，谢谢",))


def test_api_docs_draw_offline(open_page, served):
    page = open_page(DESKTOP)
    page.goto(f"{served}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("政务公开年报问答 API")
    expect(page.locator(".swagger-ui button.authorize")).to_be_visible()  # the admin token's scheme
    expect(page.get_by_text("/api/feedback").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "feedback-docs.png"))
