"""The chat ("/") and the portal widget on a desktop (1366×900, mouse) and a phone (390×844, touch), in a real
headless Chromium: copy gives plain text with the sources as footnotes; a citation opens its source beside
the chat on a desktop and over it on a phone, with a way back; the conversation survives a reload until
「新对话」; the widget is a labelled modal dialog that keeps the focus and closes on Esc, and its answers are
rated (👎 and a comment) by a tap; a broken rule reads as a sentence. Every request stays on
this site.

The index is the corpus with the fake embedder (retrieval is not measured here). Screenshots go to
test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import ARTIFACTS, CHROMIUM, PENDING, ask_chat, english_words
from tests.test_browser_feedback import group_of

QUESTION = "平潭2023年新收多少件政府信息公开申请？"
FOLLOW_UP = "那2022年呢？"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


def press(page, locator) -> None:
    """A tap on a phone, a click on a desktop."""
    locator.tap() if page.device == "phone" else locator.click()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"viewport-{name}-{page.device}.png"))


def expected_new_total(gongkai) -> int:
    report = next(r for r in gongkai.store.reports() if "平潭" in r.agency and r.year == 2023)
    return int(gongkai.store.cells(report.id)["requests.new.total"].value)


def ask(page, served: str, question: str):
    answer = ask_chat(page, served, question)
    expect(answer.locator("a.gk-cite").first).to_be_visible()
    return answer


def test_copy_is_plain_text_and_the_source_opens_beside_or_over_the_chat(page, served, fake_corpus_index):
    expected = expected_new_total(fake_corpus_index)
    answer = ask(page, served, QUESTION)
    assert f"{expected}件" in answer.inner_text()
    if page.device == "desktop":
        answer.hover()
    copy = page.locator('#gk-chat button[aria-label="复制回答"]').last
    press(page, copy)
    expect(page.locator('#gk-chat button[aria-label="已复制"]').last).to_be_attached()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in copied and f"{expected}件[1]" in copied.replace(" ", ""), copied
    footnote = copied.split("出处：\n", 1)[1].splitlines()[0]
    assert re.fullmatch(r"\[1\] .*平潭.* · .+ · 第\d+(行|页)", footnote), copied
    assert english_words(page) == set()

    cite = answer.locator("a.gk-cite").first
    press(page, cite)
    hit = page.frame_locator("#gk-source").locator("td.hit")
    assert hit.inner_text().strip() == str(expected)
    assert len(page.context.pages) == 1  # opened on this page, not in a new tab
    panel, chat = page.locator(".gk-source-panel").bounding_box(), page.locator("#gk-chat").bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    if page.device == "desktop":  # beside the chat, both in full view, no back button needed
        assert panel["x"] >= chat["x"] + chat["width"] - 0.5 and panel["x"] + panel["width"] <= page.width + 0.5
        assert page.locator(".gk-back").is_hidden()
        shot(page, "source-beside")
    else:  # over the chat, the full width, with the way back
        assert panel["x"] == 0 and panel["width"] == page.width
        back = page.get_by_role("button", name="← 返回对话")
        expect(back).to_be_visible()
        shot(page, "source-over")
        press(page, back)
        expect(page.locator(".gk-source-panel")).not_to_have_class(re.compile("open"))
        expect(cite).to_be_visible()


def test_the_conversation_survives_a_reload_until_a_new_one(page, served, fake_corpus_index):
    expected = expected_new_total(fake_corpus_index)
    ask(page, served, QUESTION)
    chat, box = page.locator("#gk-chat"), page.locator("#gk-question textarea")
    page.reload()
    expect(chat).to_contain_text(QUESTION)
    expect(chat).to_contain_text(f"{expected}件")
    box.fill(FOLLOW_UP)  # the questions before the reload are still the history of a follow-up
    box.press("Enter")
    expect(chat.locator(".gk-answer").nth(1)).to_contain_text("2022")
    assert "平潭" in chat.locator(".gk-answer").nth(1).inner_text()
    shot(page, "after-reload")

    press(page, page.get_by_role("button", name="新对话"))
    expect(chat).not_to_contain_text(QUESTION)
    page.reload()
    box.wait_for()
    expect(chat).not_to_contain_text(QUESTION)
    box.fill(FOLLOW_UP)  # nothing before it any more: no agency to follow
    box.press("Enter")
    expect(chat.locator(".gk-answer").last).not_to_contain_text(PENDING)
    assert "平潭" not in chat.locator(".gk-answer").last.inner_text()


def test_the_widget_is_a_labelled_dialog_that_keeps_the_focus_and_closes_on_esc(page, served, fake_corpus_index):
    expected = expected_new_total(fake_corpus_index)
    page.goto(f"{served}/demo")
    bubble = page.locator("[data-gongkai-widget] .bubble")
    expect(bubble).to_have_attribute("aria-expanded", "false")
    press(page, bubble)
    expect(bubble).to_have_attribute("aria-expanded", "true")
    panel = page.locator("[data-gongkai-widget] .panel")
    expect(panel).to_have_attribute("role", "dialog")
    expect(panel).to_have_attribute("aria-modal", "true")
    chat = page.frame_locator("[data-gongkai-widget] iframe")
    textarea = chat.locator("textarea")
    expect(textarea).to_have_attribute("aria-label", "您的问题")
    if page.device == "phone":  # the whole screen
        box = panel.bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, page.width, page.height)
    textarea.fill(QUESTION)
    textarea.press("Enter")
    expect(chat.locator(".msg.user").last).to_have_text(QUESTION)  # the question shows at once
    answer = chat.locator(".msg.bot").filter(has=chat.locator("a.cite")).last
    answer.wait_for()
    assert f"{expected}件" in answer.inner_text()
    assert english_words(next(f for f in page.frames if "/embed" in f.url)) == set()
    shot(page, "widget-answer")

    page.locator("a").first.focus()  # a link of the portal page, behind the open panel
    expect(page.locator("[data-gongkai-widget] .close")).to_be_focused()
    textarea.focus()
    page.keyboard.press("Escape")  # from inside the chat's frame
    expect(panel).to_be_hidden()
    expect(bubble).to_be_focused()
    expect(bubble).to_have_attribute("aria-expanded", "false")


BROKEN_QUESTION = "平潭2020年政府信息公开申请办理结果总计是多少？"


def test_a_broken_rule_reads_as_a_sentence_and_its_source_shows_the_formula(page, served, fake_corpus_index):
    """平潭 2020: a 总计 of 21 against results summing to 27. The citizen reads a sentence with both sums and no
    formula; the note's citation opens the rule's total in the source view, where the rule's cells are outlined
    and the formula with the report's values is written under the table, for staff."""
    answer = ask(page, served, BROKEN_QUESTION)
    lines = answer.inner_text().splitlines()
    note = next(line for line in lines if line.startswith("注意："))
    assert re.search(r"（\d+件）与.+（\d+件）不一致，数字可能有误，请以原文为准\[2\]。$", note), note
    assert not re.search(r"[=+＝＋]", note), note  # no formula in the sentence
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    shot(page, "broken-note")
    press(page, answer.locator("a.gk-cite", has_text="[2]").first)
    hit = page.frame_locator("#gk-source").locator("td.hit")
    expect(hit).to_have_text(re.compile(r"^\s*21\s*$"))  # the total the rule does not add up to
    rule = page.frame_locator("#gk-source").locator("ul.table-broken li.chk-broken", has_text="「总计」列")
    expect(rule).to_contain_text("办理结果总计 21")  # the formula with the report's values, for staff
    expect(rule).to_contain_text("= 27")
    assert page.frame_locator("#gk-source").locator("td.broken").count() > 1  # the rule's cells outlined
    shot(page, "broken-rule-source")


def test_a_widget_answer_is_rated_by_a_tap_or_click_with_a_comment(page, served, fake_corpus_index):
    question = f"平潭2021年新收多少件政府信息公开申请？（{page.width}）"  # one question per viewport, its own group
    comment = f"想看{page.width}上的办理结果"
    page.goto(f"{served}/demo")
    press(page, page.locator("[data-gongkai-widget] .bubble"))
    chat = page.frame_locator("[data-gongkai-widget] iframe")
    chat.locator("textarea[name=question]").fill(question)
    chat.locator("textarea[name=question]").press("Enter")
    rating = chat.locator(".msg.bot").filter(has=chat.locator(".gk-feedback")).last.locator(".gk-feedback")
    down = rating.get_by_role("button", name="没有帮助", exact=True)
    press(page, down)
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(rating.get_by_role("status")).to_contain_text("感谢您的反馈")
    rating.get_by_label("补充说明（可选）").fill(comment)
    press(page, rating.get_by_role("button", name="提交说明"))
    expect(rating.get_by_role("status")).to_contain_text("感谢您的补充说明")
    shot(page, "widget-feedback")
    group = group_of(fake_corpus_index, question)
    assert (group.up, group.down, group.comments) == (0, 1, (comment,))


def test_a_text_answer_cites_only_the_passages_it_quotes(page, served, fake_corpus_index):
    """A text answer quotes passages, each closed by its own citation; no passage is cited unquoted (no
    「相关内容另见[n]」), and the quotes fit the screen."""
    answer = ask(page, served, "平潭2023年存在哪些问题？")
    text = answer.inner_text()
    cited = set(re.findall(r"\[(\d+)\]", text))
    quoted = set(re.findall(r"”\[(\d+)\]", text))
    assert cited and cited == quoted and "另见" not in text, text
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    shot(page, "text-answer")
