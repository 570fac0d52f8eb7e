"""Optional chat model: it may only rephrase the composed answer, and a number guard checks it.

Any number in the model's output that is not a cited figure, a number in a cited passage or
title, or a result computed in code rejects the output; the composed answer stands.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answer.compose import Answer
from index.parse.numbers import format_number

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CITATION_MARK = re.compile(r"\[\d+\]")
SYSTEM = (
    "你是政务公开年报问答助手。请把下面的回答改写得更通顺、更口语化，但必须保留每一个数字和每一个[编号]引用标记，"
    "不得增加任何新的数字、事实或推测。只输出改写后的回答。"
)


def chat_model_from_env() -> BaseChatModel | None:
    """An OpenAI-compatible endpoint (vLLM, Ollama …) when GONGKAI_LLM_BASE_URL is set; else None."""
    base_url = os.environ.get("GONGKAI_LLM_BASE_URL")
    if not base_url:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        api_key=os.environ.get("GONGKAI_LLM_API_KEY", "not-needed"),
        model=os.environ.get("GONGKAI_LLM_MODEL", "qwen2.5-7b-instruct"),
        temperature=0,
        timeout=30,
    )


def allowed_numbers(answer: Answer) -> set[str]:
    texts = [c.text for c in answer.citations] + [c.title for c in answer.citations]
    found = {m for t in texts for m in _NUMBER.findall(t)}
    found |= {format_number(f.cell.value) for f in answer.figures}
    found |= {format_number(v) for v in answer.computed}
    found |= {str(c.n) for c in answer.citations}
    return found


def guard(text: str, answer: Answer) -> bool:
    """True when every number in `text` is allowed, every citation mark is kept, and the lines each table
    stands for are kept word for word (the chat draws the table in their place)."""
    allowed = allowed_numbers(answer)
    numbers = _NUMBER.findall(_CITATION_MARK.sub(" ", text))
    marks = set(_CITATION_MARK.findall(answer.answer))
    tables = all(t.text in text for t in answer.tables)
    return all(n in allowed for n in numbers) and marks <= set(_CITATION_MARK.findall(text)) and tables


def rephrase(answer: Answer, model: BaseChatModel) -> Answer:
    try:
        reply = model.invoke([SystemMessage(SYSTEM), HumanMessage(answer.answer)])
    except Exception:  # noqa: BLE001 - an unreachable model must not cost the user the answer
        return answer
    text = reply.content if isinstance(reply.content, str) else ""
    if text.strip() and guard(text, answer):
        return replace(answer, answer=text.strip())
    return answer
