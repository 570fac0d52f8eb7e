"""The chat page's calls for a question as the browser makes them, for the tests and the load bench.

The page draws the question and the placeholder answer itself (ui/static/chat.js `gkShowQuestion`), then
queues the answer (`ask`) with the question as typed and the conversation as drawn.
"""

from __future__ import annotations

import html

from index.normalize import clean_line
from ui.chat import PENDING

ANSWER = "ask"


def page_shows(question: str, messages: list) -> tuple[str, list]:
    """What gkShowQuestion draws: the question (cleaned and escaped) and the placeholder after the conversation;
    nothing for an empty question. Returns the question to answer and the conversation as drawn."""
    cleaned = clean_line(question)
    if not cleaned:
        return "", list(messages)
    return cleaned, [*messages, said("user", html.escape(cleaned)), said("assistant", PENDING)]


def answer_event(config: dict) -> tuple[int, int]:
    """The queued answer's event id and the id of the question box, whose submit starts it, from gradio's /config."""
    answer = next(d for d in config["dependencies"] if d.get("api_name") == ANSWER)
    shown = next(d for d in config["dependencies"] if d["id"] == answer["trigger_after"])
    return answer["id"], shown["targets"][0][0]


def answer_body(question: str, messages: list, session: str, config: dict) -> dict:
    """The body of POST /gradio_api/queue/join for a question typed after `messages`: the question, the
    conversation as the page drew it, and the server-side state (None)."""
    event, trigger = answer_event(config)
    question, drawn = page_shows(question, messages)
    return {"fn_index": event, "data": [question, drawn, None], "session_hash": session, "trigger_id": trigger}


def said(role: str, text: str) -> dict:
    return {"role": role, "metadata": None, "content": [{"type": "text", "text": text}], "options": None}
