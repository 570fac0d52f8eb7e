"""「群众问了什么」 for staff: every question asked on the chat or the API, grouped by its normalised text, with
how often it was asked, how often the reports did not answer it (or it was asked back), the votes and comments
and the latest answer; those needing attention first (index/store/feedback.py orders them). /api/questions.csv is the
same list for a spreadsheet.

Questions and comments are a citizen's own words: escaped on the page, and in the CSV a cell that a spreadsheet
would read as a formula (=, +, -, @) is prefixed with an apostrophe.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from assistant.answer.compose import ROUTE_CHAT, ROUTE_FIGURE, ROUTE_NONE, ROUTE_TEXT
from assistant.engine import Gongkai
from index.store.feedback import QuestionGroup
from ui.api import CSV_DOC, csv_response
from ui.html import esc, page

TITLE = "群众问了什么"
PATH = "/questions"
CSV_PATH = "/api/questions.csv"
CSV_NAME = f"{TITLE}.csv"
MAX_SHOWN = 500  # groups on the page; the CSV holds them all
ANSWER_PREVIEW_CHARS = 80
BEIJING = timezone(timedelta(hours=8), "北京时间")
ROUTE_ZH = {
    ROUTE_FIGURE: "统计表数字",
    ROUTE_TEXT: "报告正文",
    ROUTE_NONE: "没有回答或追问",
    ROUTE_CHAT: "问候与帮助",
}
CSV_HEADER = (
    "问题",
    "提问次数",
    "没有回答或追问的次数",
    "有帮助",
    "没有帮助",
    "需要关注",
    "回答方式",
    "最近的回答",
    "补充说明",
    "最近提问时间（北京时间）",
)
COLUMNS = (
    "问题",
    "提问次数",
    "没有回答或追问",
    "有帮助",
    "没有帮助",
    "回答方式",
    "最近的回答",
    "补充说明",
    "最近提问（北京时间）",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def router(gongkai: Gongkai) -> APIRouter:
    pages = APIRouter()

    @pages.get(PATH, response_class=HTMLResponse, include_in_schema=False)
    def questions() -> str:
        return page(TITLE, questions_body(gongkai.store.feedback.groups()))

    @pages.get(
        CSV_PATH,
        summary="群众问了什么（CSV）",
        tags=["问答"],
        **CSV_DOC,
    )
    def questions_csv() -> Response:
        rows = [_csv_row(g) for g in gongkai.store.feedback.groups()]
        return csv_response(CSV_HEADER, rows, CSV_NAME, "questions.csv")

    return pages


def questions_body(groups: list[QuestionGroup]) -> str:
    attention = sum(g.needs_attention for g in groups)
    asked = sum(g.asked for g in groups)
    intro = (
        f"共 {len(groups)} 个不同的问题，提问 {asked} 次；其中 {attention} 个需要关注"
        "（年报没有回答、需要追问，或有人评价「没有帮助」），排在前面。"
        "同一个问题的不同写法（空格、标点、全角半角）算作一个。这里只记录问题和回答，不记录提问人的任何信息。"
    )
    shown = groups[:MAX_SHOWN]
    more = f'<p class="note">只显示前 {MAX_SHOWN} 个问题，完整列表请下载 CSV。</p>' if len(groups) > MAX_SHOWN else ""
    if shown:
        rows = "".join(_row(g) for g in shown)
        head = "".join(f"<th>{c}</th>" for c in COLUMNS)
        table = (
            f'<div class="scroll"><table class="list questions"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>{more}"
        )
    else:
        table = '<p class="hint">还没有人提问。市民在问答页面或门户网站挂件上提问后，问题会出现在这里。</p>'
    return (
        f'<header><a href="/reports">← 年报核对</a><h1>{TITLE}</h1></header><main>'
        f'<p>{esc(intro)}</p><p class="meta"><a href="{CSV_PATH}">下载 CSV</a> · '
        f'<a href="/reports">年报核对</a> · <a href="/compare">各机关比较</a></p>{table}</main>'
    )


def _row(g: QuestionGroup) -> str:
    flag = '<br><span class="flag">需要关注</span>' if g.needs_attention else ""
    comments = "".join(f"<li>{esc(c)}</li>" for c in g.comments)
    cells = (
        (f"{esc(g.question)}{flag}", ""),
        (str(g.asked), "num"),
        (str(g.unanswered), "num bad" if g.unanswered else "num"),
        (str(g.up), "num"),
        (str(g.down), "num bad" if g.down else "num"),
        (esc(_routes(g)), ""),
        (_answer(g.answer), ""),
        (f'<ul class="comments">{comments}</ul>' if comments else "", ""),
        (esc(beijing_time(g.last_asked)), ""),
    )
    # Each cell names its column, so that a phone can show a row as a card (site.css).
    tds = "".join(_td(html, cls, label) for (html, cls), label in zip(cells, COLUMNS, strict=True))
    return f'<tr class="{"attention" if g.needs_attention else "plain"}">{tds}</tr>'


def _td(html: str, cls: str, label: str) -> str:
    classes = f' class="{cls}"' if cls else ""
    return f'<td data-label="{label}"{classes}>{html}</td>'


def _answer(answer: str) -> str:
    if len(answer) <= ANSWER_PREVIEW_CHARS:
        return esc(answer)
    return f"<details><summary>{esc(answer[:ANSWER_PREVIEW_CHARS])}……</summary>{esc(answer)}</details>"


def _routes(g: QuestionGroup) -> str:
    return "；".join(f"{ROUTE_ZH.get(route, route)} {times} 次" for route, times in g.routes)


def beijing_time(iso: str) -> str:
    """A stored UTC time as staff read it; the text as stored when it is not a time."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return when.replace(tzinfo=when.tzinfo or UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _csv_row(g: QuestionGroup) -> tuple:
    return (
        _cell(g.question),
        g.asked,
        g.unanswered,
        g.up,
        g.down,
        "是" if g.needs_attention else "否",
        _routes(g),
        _cell(g.answer),
        _cell("；".join(g.comments)),
        beijing_time(g.last_asked),
    )


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
