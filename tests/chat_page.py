"""The chat page's calls for a question as the browser makes them, for the tests and the load bench.

The page keeps the conversation (ui/static/chat.js): it draws the question and the placeholder answer itself
(`gkShowQuestion`), queues the answer (`ask`) with the question as typed, and draws the answered turn the server
returns in their place (`gkShowAnswer`). Both page steps are mirrored here.
"""

from __future__ import annotations

import html
import json

from index.normalize import clean_line
from ui.chat import KEPT_MESSAGES, PENDING

ANSWER = "ask"


def page_shows(question: str, messages: list) -> tuple[str, list]:
    """What gkShowQuestion draws: the question (cleaned and escaped) and the placeholder after the conversation;
    nothing for an empty question. Returns the question to answer and the conversation as drawn."""
    cleaned = clean_line(question)
    if not cleaned:
        return "", list(messages)
    return cleaned, [*messages, said("user", html.escape(cleaned)), said("assistant", PENDING)]


def page_answers(turn: str, messages: list) -> tuple[list, dict]:
    """What gkShowAnswer draws from the answered turn (the `ask` event's first output) in place of the question
    and its placeholder. Returns the conversation and what the browser keeps of it."""
    turn = json.loads(turn or "{}")
    if _waiting(messages):
        messages = messages[:-2]
    if turn.get("question"):
        messages = [*messages, said("user", turn["question"]), said("assistant", turn["answer"])]
    asked = turn.get("asked")
    return messages, {"messages": messages[-KEPT_MESSAGES:], "asked": asked if isinstance(asked, list) else []}


def answer_event(config: dict) -> tuple[int, int]:
    """The queued answer's event id and the id of the question box, whose submit starts it, from gradio's /config."""
    answer = next(d for d in config["dependencies"] if d.get("api_name") == ANSWER)
    shown = next(d for d in config["dependencies"] if d["id"] == answer["trigger_after"])
    return answer["id"], shown["targets"][0][0]


def answer_body(question: str, session: str, config: dict) -> dict:
    """The body of POST /gradio_api/queue/join for a question typed on the page: the question as the page
    cleaned it, and the questions asked before it (server-side state: None)."""
    event, trigger = answer_event(config)
    question, _ = page_shows(question, [])
    return {"fn_index": event, "data": [question, None], "session_hash": session, "trigger_id": trigger}


def said(role: str, text: str) -> dict:
    return {"role": role, "metadata": None, "content": [{"type": "text", "text": text}], "options": None}


def _waiting(messages: list) -> bool:
    if len(messages) < 2:
        return False
    before, last = messages[-2:]
    texts = [part.get("text") for part in last.get("content") or []]
    return last.get("role") == "assistant" and "".join(texts) == PENDING and before.get("role") == "user"
