"""The answering chain: understand → scope → route (figure | text | none) → compose → guard.

A LangChain Runnable so that a portal can stream it, trace it or swap a step; the steps
themselves are plain functions over SQLite and the retriever, and no model writes a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from assistant.agencies import Agency, mentioned
from assistant.compose import (
    ROUTE_FIGURE,
    ROUTE_NONE,
    ROUTE_TEXT,
    Answer,
    compose_compare,
    compose_none,
    compose_sum,
    compose_text,
    compose_values,
)
from assistant.figures import read_figures
from assistant.passages_answer import choose, content_words, gives_a_number, is_fact_question, unmentioned
from assistant.rephrase import rephrase
from assistant.retrieve import HybridRetriever
from assistant.scope import Scope, resolve_scope
from assistant.understand import COMPARE, LIST, SUM, Understanding, follow_up, understand
from index.store import Store

PASSAGE_KIND = "passage"
SEARCH_DEPTH = 8


def history_questions(history: list | None) -> list[str]:
    """The user's earlier questions, from any of the shapes chat front-ends send."""
    out = []
    for item in history or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if item.get("role") == "user" and isinstance(item.get("content"), str):
                out.append(item["content"])
            elif isinstance(item.get("question"), str):
                out.append(item["question"])
        elif isinstance(item, list | tuple) and item and isinstance(item[0], str):
            out.append(item[0])
    return out


class AnsweringChain:
    """Build once per process; `runnable` is the LangChain view, `ask` the plain call."""

    def __init__(
        self,
        store: Store,
        retriever: Callable[[], HybridRetriever],
        agencies: Callable[[], list[Agency]],
        chat_model: BaseChatModel | None = None,
    ):
        self.store = store
        self.retriever = retriever
        self.agencies = agencies
        self.chat_model = chat_model
        self.runnable: Runnable = (
            RunnableLambda(self._understand)
            | RunnableBranch(
                (lambda s: s["route"] == ROUTE_FIGURE, RunnableLambda(self._figures)),
                (lambda s: s["route"] == ROUTE_TEXT, RunnableLambda(self._text)),
                RunnableLambda(self._none),
            )
            | RunnableLambda(self._rephrase)
        )

    def ask(self, question: str, history: list | None = None, agency: str | None = None) -> dict:
        """`agency` scopes a portal's widget to one agency when the question names none."""
        state = {"question": question, "history": history or [], "agency": agency}
        return self.runnable.invoke(state).to_json()

    # ------------------------------------------------------------ steps

    def _understand(self, state: dict) -> dict:
        agencies = self.agencies()
        u = None  # each turn is read in the light of the turns before it, oldest first
        for question in [*history_questions(state["history"]), state["question"]]:
            current = understand(question, agencies)
            u = current if u is None else follow_up(current, u)
        if state.get("agency") and not u.agencies:
            u = replace(u, agencies=tuple(mentioned(state["agency"], agencies)))
        if not agencies:
            return {**state, "u": u, "route": ROUTE_NONE, "reason": "索引中还没有任何报告，请先导入年报。"}
        scope = resolve_scope(u, agencies, need_agency=u.wants_figures)
        if scope.problem:
            return {**state, "u": u, "route": ROUTE_NONE, "reason": scope.problem, "candidates": scope.candidates}
        route = ROUTE_FIGURE if u.wants_figures else ROUTE_TEXT
        return {**state, "u": u, "scope": scope, "route": route}

    def _figures(self, state: dict) -> Answer:
        u: Understanding = state["u"]
        scope: Scope = state["scope"]
        figures = read_figures(self.store, u, scope)
        if not figures:
            return self._text(state)
        if u.operation == COMPARE:
            return compose_compare(u.question, figures, scope.note)
        if u.operation == SUM:
            return compose_sum(u.question, figures, scope.note)
        return compose_values(u.question, figures, scope.note, list_groups=u.operation == LIST)

    def _text(self, state: dict) -> Answer:
        u: Understanding = state["u"]
        scope: Scope = state["scope"]
        words = content_words(u.question, [p for a, _, _ in scope.reports for p in a.places])
        passages = [p.text for rid in scope.report_ids for p in self.store.passages(rid)]
        missing = unmentioned(u.question, words, passages)
        if missing:
            reason = f"抱歉，相关年报中没有提到「{'、'.join(missing)}」，无法回答这个问题。"
            return self._none({**state, "reason": reason})
        docs = self.retriever().search(u.question, k=SEARCH_DEPTH, report_ids=scope.report_ids, kinds=[PASSAGE_KIND])
        hits = choose(docs, words)
        if not hits:
            return self._none({**state, "reason": "抱歉，在相关年报中没有找到能回答这个问题的内容。"})
        if is_fact_question(u.question) and not gives_a_number(hits, words):
            return self._none({**state, "reason": "抱歉，相关年报提到了这方面的工作，但没有给出您问的具体数字。"})
        reports = {r.id: r for _, _, renditions in scope.reports for r in renditions}
        rows = [(reports[h.report_id], h.section, h.text, h.line, h.page) for h in hits if h.report_id in reports]
        return compose_text(u.question, rows, scope.note)

    def _none(self, state: dict) -> Answer:
        # Asking back which agency: suggest questions about the candidates, not about every agency.
        names = [a.name for a in state.get("candidates") or self.agencies()]
        return compose_none(state["question"], state.get("reason", "抱歉，现有年报没有回答这个问题。"), names)

    def _rephrase(self, answer: Answer) -> Answer:
        if self.chat_model is None or answer.route == ROUTE_NONE:
            return answer
        return rephrase(answer, self.chat_model)
