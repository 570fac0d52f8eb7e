"""Every answer logged with its question and route (index/store/feedback.py), and POST /api/feedback: a 👍/👎 with an
optional comment on a logged answer. Nothing about who asked or voted is stored: no address, no browser, no
session; the question text is all.

The chat page and the widget draw the vote buttons in the browser (static/feedback.js); the chat's answer HTML
carries its answer id in a class of the `gk-rated` block around it (gradio's sanitiser drops data attributes,
keeps classes).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from assistant.answer.compose import ROUTE_FIGURE, ROUTE_NONE
from assistant.engine import Gongkai
from index.normalize import clean_text
from index.store.feedback import Asked
from ui.html import esc
from ui.schemas import ErrorMessage, FeedbackRequest, FeedbackResponse

PATH = "/api/feedback"
NO_ANSWER = "没有这个回答（answer_id 不正确，或回答记录已删除）"
THANKS = "感谢您的反馈！"
ID_CLASS = "gk-answer-id-"  # as static/feedback.js reads it


def answered(result: dict) -> bool:
    """Whether the reports gave what was asked: not when the chain says they do not (or asks back, route
    `none`), nor when a figure question found only cells the report leaves blank or unreadable (no figure)."""
    if result["route"] == ROUTE_NONE:
        return False
    if result["route"] == ROUTE_FIGURE:
        return bool(result["figures"] or result["computed"])
    return True


def log_answer(gongkai: Gongkai, question: str, result: dict) -> Asked:
    return gongkai.store.feedback.log(question, result["answer"], result["route"], answered(result))


def rated_html(answer_html: str, answer_id: str) -> str:
    """The chat's answer HTML inside the block static/feedback.js puts the vote buttons under."""
    return f'<div class="gk-rated {ID_CLASS}{esc(answer_id)}">{answer_html}</div>'


def router(gongkai: Gongkai) -> APIRouter:
    api = APIRouter()

    @api.post(
        PATH,
        summary="评价一个回答（👍/👎 与可选的补充说明）",
        tags=["问答"],
        response_model=FeedbackResponse,
        responses={404: {"model": ErrorMessage, "description": "没有这个回答"}},
    )
    def feedback(request: FeedbackRequest) -> FeedbackResponse:
        asked = gongkai.store.feedback.asked(request.answer_id)
        if asked is None:
            raise HTTPException(404, NO_ANSWER)
        comment = clean_text(request.comment).strip()  # no control characters or lone surrogates
        log = gongkai.store.feedback
        log.vote(request.vote, comment, asked.question, asked.answer, asked.route, answer_id=asked.id)
        return FeedbackResponse(answer_id=asked.id, vote=request.vote, message=THANKS)

    return api
