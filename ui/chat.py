"""The citizens' chat at "/": gradio, Chinese, multi-turn, citations open beside the answer (over it on a phone).

Each [n] is a link targeting the source frame on the right (static/chat.js also catches the
click, so it works whatever gradio's sanitiser does with `target`). Messages are escaped here
rather than trusted to the sanitiser, and Markdown and LaTeX rendering are off: a quote shows what
the report says, and a report's `![](http://...)` is text, never an image a citizen's browser fetches.
The raw questions go to Gongkai as the history.

The page keeps the conversation (static/chat.js draws each question at once and the answered turn in place of
its placeholder); per question the server gets only the question, with the session's earlier questions as its
state, and returns the turn, as the JSON API does. The conversation (what is shown and the questions sent as
history) is kept in the browser's localStorage (gradio's BrowserState), so a reload keeps it; 「新对话」 clears
both. Its encryption key is drawn at start,
so a server restart starts new conversations: their citations may point at a re-indexed store.

Every answer is logged with its question and route (ui/feedback.py); its id rides in a class of the answer's
block, under which static/feedback.js draws 👍/👎 and the optional comment.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
from contextlib import nullcontext

import gradio as gr
import gradio.utils

from assistant.answer.examples import example_questions
from assistant.engine import Gongkai
from index.normalize import clean_line
from ui.api import MAX_HISTORY
from ui.citations import SOURCE_FRAME, SOURCE_PATH, answer_html
from ui.errors import SERVER_ERROR
from ui.feedback import log_answer, rated_html
from ui.html import STATIC, esc
from ui.settings import Settings

log = logging.getLogger("gongkai")
# Gradio's queue recomputes a pandas summary of its last 10,000 events after every event, for a monitoring
# page we do not serve: 6 ms of CPU per answer once the server has run a while. Read when the queue is made.
GRADIO_QUEUE_STATS = {"GRADIO_ANALYTICS_MAX_EVENTS": "100", "GRADIO_ANALYTICS_CACHE_FREQUENCY": str(10**9)}
# By default ("auto") gradio's queue tells every waiting question its place whenever an answer starts: under load,
# one event-stream message per waiting citizen per answer (with 50 citizens, most of the chat's messages and a
# tenth of the server's CPU). The page shows no place in the queue (gradio's progress is hidden), so it is told
# only now and then.
QUEUE_STATUS_SECONDS = 10.0

TITLE = "政务公开问答"
PENDING = "正在查找年报……"
HEAD = (
    f'<script src="{STATIC}/chat.js" defer></script><script src="{STATIC}/feedback.js" defer></script>'
    f'<link rel="stylesheet" href="{STATIC}/chat-page.css"><link rel="stylesheet" href="{STATIC}/feedback.css">'
)
STORAGE_KEY = "gongkai-chat"
EMPTY = {"messages": [], "asked": []}
KEPT_MESSAGES = 2 * MAX_HISTORY  # what the browser keeps: the last turns only (localStorage is small, and earlier
# turns no longer change how a question is understood)
# The page keeps the conversation (static/chat.js): it draws the question and the placeholder itself, as
# show_question would, and the answered turn in their place; the server gets the question and the questions asked
# before it, and returns the turn, as the JSON API does. No round trip before the answer is queued, and no
# conversation sent to the server or back with each question.
SHOW_IN_BROWSER = f"(message, messages) => gkShowQuestion(message, messages, {json.dumps(PENDING)})"
SHOW_ANSWER = f"(turn, messages) => gkShowAnswer(turn, messages, {json.dumps(PENDING)}, {KEPT_MESSAGES})"


def _guarded(fn):
    """An event that fails says so in Chinese (gradio would show its own English title and, with
    show_error, the exception); the trace goes to the log."""

    @functools.wraps(fn)
    def run(*args):
        try:
            return fn(*args)
        except Exception as exc:
            log.error("chat event %s failed", fn.__name__, exc_info=exc)
            raise gr.Error(SERVER_ERROR, title="出错了", print_exception=False) from exc

    return run


def _text(value: object) -> str:
    """A question as gradio's API may pass it: anything; only text is a question."""
    return clean_line(value) if isinstance(value, str) else ""


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def build_chat(gongkai: Gongkai, settings: Settings) -> gr.Blocks:
    @_guarded
    def show_question(message: str, messages: list):
        """The question at once, with a placeholder answer while Gongkai looks it up."""
        question, messages = _text(message), _list(messages)
        if not question:
            return "", messages, ""
        return "", messages + [_user(question), {"role": "assistant", "content": PENDING}], question

    @_guarded
    def respond(question: str, asked: list[str]):
        """The turn the page draws in place of the question and its placeholder (JSON): the question as
        cleaned, the answer, and the questions asked so far, which the browser keeps with the conversation."""
        question = _text(question)
        asked = [q for q in _list(asked) if isinstance(q, str)]
        if not question:
            return _turn(None, None, asked), asked
        if len(question) > settings.max_question_chars:
            reply = f"问题太长了（最多 {settings.max_question_chars} 字），请精简后再问。"
        else:
            result = gongkai.ask(question, history=asked)
            reply = rated_html(answer_html(result), log_answer(gongkai, question, result).id)
            asked = (asked + [question])[-MAX_HISTORY:]  # each turn rereads them: a long chat stays cheap
        return _turn(question, reply, asked), asked

    @_guarded
    def restore(saved: dict | None):
        """The conversation kept in the browser; anything else there (edited by hand, an older shape) is
        a new conversation."""
        saved = saved if isinstance(saved, dict) else EMPTY
        messages, asked = _list(saved.get("messages")), _list(saved.get("asked"))
        if not all(isinstance(m, dict) and isinstance(m.get("content"), (str, list)) for m in messages):
            return [], []
        return messages, [q for q in asked if isinstance(q, str)]

    def start_over():
        return [], [], EMPTY, "", ""

    @_guarded
    def pick_example(selected: gr.SelectData, messages: list):
        value = selected.value if isinstance(selected.value, dict) else {}
        return show_question(value.get("text"), messages)

    for name, value in GRADIO_QUEUE_STATS.items():
        os.environ.setdefault(name, value)
    _no_matplotlib_lookup()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        gr.HTML(
            f'<div class="gk-welcome"><h1>{TITLE}</h1><p>您好！我可以回答各机关政府信息公开工作年度报告中的问题。'
            "数字都直接取自年报的统计表，每句话都注明出处，点击 [1] 这样的标记即可查看原文。"
            '<a href="/reports">查看全部年报和核对结果</a></p></div>'
        )
        asked = gr.State([])
        saved = gr.BrowserState(EMPTY, storage_key=STORAGE_KEY)
        with gr.Row(equal_height=True):
            with gr.Column(scale=3, min_width=320):
                chatbot = gr.Chatbot(
                    label="对话",
                    height="62vh",
                    elem_id="gk-chat",
                    examples=[{"text": q} for q in example_questions(gongkai.agencies())],
                    placeholder="可以试试下面的问题，或直接输入您的问题。",
                    buttons=["copy"],
                    render_markdown=False,
                    latex_delimiters=[],
                    feedback_options=None,
                )
                textbox = gr.Textbox(
                    placeholder="请输入问题，例如：某机关某年收到多少件政府信息公开申请？",
                    label="问题",
                    show_label=False,
                    submit_btn="发送",
                    max_length=settings.max_question_chars,
                    elem_id="gk-question",
                )
                # The question being answered, as typed (the answer step cleans it), and the answered turn: components,
                # not States, so the page's own steps can set and read them. They never show.
                question = gr.Textbox(visible="hidden", label="正在回答的问题", elem_id="gk-asking")
                turn = gr.Textbox(visible="hidden", label="刚回答的一问", elem_id="gk-turn")
                new_chat = gr.Button("新对话", size="sm", elem_id="gk-new-chat")
            with gr.Column(scale=2, min_width=300):
                gr.HTML(
                    '<div class="gk-source-panel"><button type="button" class="gk-back">← 返回对话</button>'
                    f'<iframe name="{SOURCE_FRAME}" id="{SOURCE_FRAME}" class="gk-source" '
                    f'src="{SOURCE_PATH}" title="出处原文"></iframe></div>'
                )
        # Three steps: the question shows at once (drawn by the page itself; an example, which the page cannot read,
        # by the server without the queue), the server answers (queued), the page draws the answered turn in place
        # of the placeholder and keeps the conversation; gradio's own progress text (English) is hidden.
        shown = {"queue": False, "show_progress": "hidden"}
        # Answering is thread-safe (the JSON API runs it in parallel too): gradio's default of one event
        # at a time would queue every citizen behind the others.
        answered = {
            "fn": respond,
            "inputs": [question, asked],
            "outputs": [turn, asked],
            "show_progress": "hidden",
            "concurrency_limit": settings.chat_concurrency,
        }
        drawn = {"fn": None, "inputs": [turn, chatbot], "outputs": [chatbot, saved], "js": SHOW_ANSWER, **shown}
        asking = textbox.submit(
            None,
            [textbox, chatbot],
            [textbox, chatbot, question],
            js=SHOW_IN_BROWSER,
            **shown,
            api_visibility="private",
        )
        asking.then(**answered, api_name="ask").success(**drawn, api_visibility="private")
        picked = chatbot.example_select(pick_example, [chatbot], [textbox, chatbot, question], **shown)
        picked.then(**answered, api_visibility="private").success(**drawn, api_visibility="private")
        blocks.load(restore, [saved], [chatbot, asked], **shown, api_visibility="private")
        # gradio's own clear button (the bin over the chat) starts over too, not only on screen.
        for clear in (new_chat.click, chatbot.clear):
            clear(start_over, None, [chatbot, asked, saved, textbox, turn], **shown, api_visibility="private")
    return blocks.queue(status_update_rate=QUEUE_STATUS_SECONDS)


def _user(question: str) -> dict:
    return {"role": "user", "content": esc(question)}


def _turn(question: str | None, answer: str | None, asked: list[str]) -> str:
    """An answered turn as the page draws it: the question escaped (None: nothing was asked), the answer's HTML."""
    shown = esc(question) if question else None
    return json.dumps({"question": shown, "answer": answer, "asked": asked}, ensure_ascii=False)


def _no_matplotlib_lookup() -> None:
    """gradio imports matplotlib around every event, to set its backend; where it is not installed, each of those
    imports searches the whole path and fails (4% of the server's CPU under load). Nothing to set: no lookup."""
    if importlib.util.find_spec("matplotlib") is None:
        gradio.utils.MatplotlibBackendMananger = nullcontext
