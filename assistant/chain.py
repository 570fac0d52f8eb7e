"""The answering chain: understand → scope → route (figure | text | none) → compose → guard.

A LangChain Runnable so that a portal can stream it, trace it or swap a step; the steps
themselves are plain functions over SQLite and the retriever, and no model writes a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from assistant.answer.compose import (
    ROUTE_CHAT,
    ROUTE_FIGURE,
    ROUTE_NONE,
    ROUTE_TEXT,
    Answer,
    compose_chat,
    compose_compare,
    compose_difference,
    compose_monthly,
    compose_none,
    compose_proposals,
    compose_rank,
    compose_share,
    compose_sum,
    compose_text,
    compose_values,
    gap_sentences,
)
from assistant.answer.examples import example_questions
from assistant.answer.figures import default_denominator, figure_of, format_gaps, read_figures
from assistant.answer.measure_proposals import MeasureProposer, asks_a_count
from assistant.answer.passages import (
    Words,
    asks_a_person,
    asks_a_plan,
    choose,
    content_words,
    gives_a_number,
    is_fact_question,
    named_section,
    quoted,
    unmentioned,
)
from assistant.answer.prose import prose_quotes
from assistant.answer.rephrase import rephrase
from assistant.answer.retrieve import HybridRetriever
from assistant.understand.agencies import Agency
from assistant.understand.naming import find_agencies
from assistant.understand.parse import follow_up, normalise_question, understand
from assistant.understand.query import Intent, Operation, Query, Slot
from assistant.understand.scope import Scope, resolve_scope
from assistant.understand.vocabulary import Kind
from index import template as T
from index.model import ANSWERABLE
from index.parse.layout import other_split as layout_other_split
from index.store.reports import Store

SEARCH_DEPTH = 8
SECTION_DEPTH = 40


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
        proposer: MeasureProposer | None = None,
    ):
        """`proposer` suggests figures to ask about when a count names none the templates have."""
        self.store = store
        self.retriever = retriever
        self.agencies = agencies
        self.chat_model = chat_model
        self.proposer = proposer
        self.runnable: Runnable = (
            RunnableLambda(self.read)
            | RunnableBranch(
                (lambda s: s["route"] == ROUTE_FIGURE, RunnableLambda(self._figures)),
                (lambda s: s["route"] == ROUTE_TEXT, RunnableLambda(self._text)),
                (lambda s: s["route"] == ROUTE_CHAT, RunnableLambda(self._chat)),
                RunnableLambda(self._none),
            )
            | RunnableLambda(self._rephrase)
        )

    def ask(self, question: str, history: list | None = None, agency: str | None = None) -> dict:
        """`agency` scopes a portal's widget to one agency when the question names none."""
        state = {"question": question, "history": history or [], "agency": agency}
        return self.runnable.invoke(state).to_json()

    # ------------------------------------------------------------ steps

    def read(self, state: dict) -> dict:
        """The turn as understood: its typed query (`u`), the reports in scope and the route; public so that
        question understanding is tested on what the chain really decides."""
        agencies = self.agencies()
        q = None  # each turn is read in the light of the turns before it, oldest first
        for question in [*history_questions(state["history"]), state["question"]]:
            current = understand(question, agencies)
            q = current if q is None else follow_up(current, q)
        portal = self._portal_agencies(state.get("agency"), agencies)
        if portal and not q.agencies and not q.every_agency:
            q = replace(q, agencies=portal)
        state = {**state, "u": q, "portal": portal}
        if q.intent is Intent.CHAT:
            return {**state, "route": ROUTE_CHAT}
        if q.vague and not (q.agencies or q.years.named):
            return {**state, "route": ROUTE_CHAT}  # 「早上好」「你能帮我做什么」: say what can be asked
        if not agencies:
            return {**state, "route": ROUTE_NONE, "reason": "索引中还没有任何报告，请先导入年报。"}
        unheard = self._unheard_of(q)
        if unheard:
            reason = f"抱歉，现有年报中都没有提到「{'、'.join(unheard)}」。我只能回答政府信息公开工作年度报告里的问题。"
            return {**state, "route": ROUTE_NONE, "reason": reason, "missing": (Slot.MEASURE,)}
        scope = resolve_scope(q, agencies)
        if q.vague:  # asked back what it asks, about the reports it named (the agency's latest, without a year)
            reason = "抱歉，问题没有说明想了解哪一项数字或内容，请说得具体一些。"
            named = {} if scope.problem else {"scope": scope}
            return {**state, **named, "route": ROUTE_NONE, "reason": reason, "missing": (Slot.MEASURE,)}
        if scope.problem:
            return {
                **state,
                "route": ROUTE_NONE,
                "reason": scope.problem,
                "candidates": scope.candidates,
                "missing": scope.missing,
            }
        if q.readings:  # 「公开了几件」: which of the figures it may mean, asked back
            asked = [f"{s}是多少？" for s in q.readings.suggestions]
            reason = q.readings.reason
            return {
                **state,
                "scope": scope,
                "route": ROUTE_NONE,
                "reason": reason,
                "readings": asked,
                "missing": (Slot.MEASURE,),
            }
        if not q.wants_figures:
            return {**state, "scope": scope, "route": ROUTE_TEXT}
        apart = [u.reason for u in q.unresolved if u.slot is Slot.MEASURE]  # members asked each that are no item
        if apart:
            scope = replace(scope, note="；".join([*apart, *filter(None, [scope.note])]))
        gaps = format_gaps(q.asks, [(year, r[0], self._other_split(q, r[0].id)) for _, year, r in scope.reports])
        if not gaps:
            return {**state, "scope": scope, "route": ROUTE_FIGURE}
        words = self._column_words(q)
        if len(gaps) == len(q.measures) * len(scope.reports):  # nothing asked is in any report's template
            said = gap_sentences(gaps, words, "该年度" if len(scope.reports) == 1 else "这几个年度")
            reason = f"抱歉，{'；'.join(said)}，报告里没有您问的这个数字。"
            return {**state, "scope": scope, "route": ROUTE_NONE, "reason": reason, "missing": (Slot.MEASURE,)}
        said = gap_sentences(gaps, words, "其余年度" if len({g.year for g in gaps}) < len(scope.reports) else "各年度")
        note = "；".join([*said, scope.note] if scope.note else said)
        return {**state, "scope": replace(scope, note=note), "route": ROUTE_FIGURE}

    def _unheard_of(self, q: Query) -> list[str]:
        """The nouns of a question that names no agency (known or not), figure or template phrase, when no
        passage of any report holds one of them (「明天天气怎么样」「GDP是多少」): off the reports' subject, said
        so rather than asked which agency. A question with no noun is left to the other readings."""
        if q.agencies or q.unresolved or q.every_agency or q.wants_figures or q.mentions.get("hits"):
            return []
        words = content_words(q.question, [])
        terms = words.nouns + tuple(w for w in words.all if w.isascii())  # GDP, CPI: names jieba tags eng
        if not terms or any(self.store.search_passages(t, 1, None) for t in terms):
            return []
        return list(terms)

    def _other_split(self, q: Query, report_id: int) -> bool:
        """Whether the report splits 其他处理 (read only when a sub-row of it is asked)."""
        if not any(a.row in T.OTHER_SPLIT_ROWS for a in q.asks):
            return True
        return layout_other_split(set(self.store.cells(report_id)))

    @staticmethod
    def _column_words(q: Query) -> dict[str, str]:
        """Each 表二 column key as the question wrote it (「罚款金额」的「金额」)."""
        words: dict[str, str] = {}
        for h in q.mentions.get("hits", ()):
            if h.entry.kind is Kind.ITEM_COLUMN:
                words.setdefault(h.entry.key, h.text)
        return words

    @staticmethod
    def _portal_agencies(name: str | None, agencies: list[Agency]) -> tuple[Agency, ...]:
        """A widget's agency scope (data-agency), read like an agency named in a question."""
        if not name:
            return ()
        text = normalise_question(name)
        return find_agencies(text, agencies, [False] * len(text)).agencies

    def _figures(self, state: dict) -> Answer:
        q: Query = state["u"]
        scope: Scope = state["scope"]
        figures = read_figures(self.store, q, scope)
        if not figures:
            return self._text(state)
        note = scope.note
        several_reports = len(scope.reports) > 1
        if q.operation is Operation.RANK:
            by_agency = q.every_agency or len(q.agencies) > 1
            placed = q.placed.name if q.placed else None
            return compose_rank(q.question, figures, note, q.ascending, by_agency, placed)
        if q.operation is Operation.SHARE:
            return compose_share(q.question, self.share_pairs(q, scope, figures), note)
        if q.operation in (Operation.TREND, Operation.DIFFERENCE) and len({f.year for f in figures}) > 1:
            return compose_compare(q.question, figures, note, q.change)
        if q.operation is Operation.DIFFERENCE and len(figures) == 2:
            return compose_difference(q.question, figures, note, q.change)
        if q.per_month:
            return compose_monthly(q.question, figures, note)
        if q.operation is Operation.SUM and len(figures) > 1:
            return compose_sum(q.question, figures, note)
        if several_reports and q.operation is Operation.TREND:
            return compose_compare(q.question, figures, note)
        listed = q.operation is Operation.LIST or bool(q.groups)
        return compose_values(q.question, figures, note, listed, prose_quotes(figures, self.store.passages))

    def share_pairs(self, q: Query, scope: Scope, figures: list) -> list:
        """(parts, whole) for each share: the whole is the measure after 占, or the cells' own total;
        a joint share (「A及B的占比」) has all of a report's figures as its parts."""
        if q.joint:
            by_report: dict[int, list] = {}
            for f in figures:
                by_report.setdefault(f.report.id, []).append(f)
            groups = list(by_report.values())
        else:
            # A whole the question also names (「维持的占复议总数的比例」) is the whole, not a part.
            wholes = {(f.report.id, default_denominator(f.cell.id)) for f in figures}
            groups = [[f] for f in figures if (f.report.id, f.cell.id) not in wholes]
        if q.denominator is not None:
            # A whole is one cell of each report: a group of several (「占不予公开的比例」) is no whole to divide by.
            read: dict[int, list] = {}
            for w in read_figures(self.store, q, scope, (q.denominator,)):
                read.setdefault(w.report.id, []).append(w)
            wholes = {rid: ws[0] for rid, ws in read.items() if len(ws) == 1}
            return [(parts, wholes[parts[0].report.id]) for parts in groups if parts[0].report.id in wholes]
        pairs = []
        for parts in groups:
            totals = {default_denominator(f.cell.id) for f in parts}
            whole = totals.pop() if len(totals) == 1 else None
            if whole:
                pairs.append((parts, figure_of(self.store, parts[0], whole)))
        return pairs

    def _text(self, state: dict) -> Answer:
        u: Query = state["u"]
        scope: Scope = state["scope"]
        beyond = [x for x in u.unresolved if x.slot is Slot.MEASURE and x.reason]
        places = [p for a in self.agencies() for p in a.places]
        stored = [p for rid in scope.report_ids for p in self.store.passages(rid)]
        sections = {rid: {p.section for p in stored if p.report_id == rid} for rid in scope.report_ids}
        asked, words = self._asked(u, places, sections)
        fact = is_fact_question(asked)
        passages = [p.text for p in stored]
        missing = unmentioned(asked, words, passages)

        def refuse(reason: str) -> Answer:
            return self._none({**state, "reason": reason, **self._proposals(u, scope, words)})

        lead = f"抱歉，{beyond[0].reason}；" if beyond else "抱歉，"
        if asks_a_person(asked):
            return refuse("抱歉，年报只写工作情况和统计数字，没有写负责人或工作人员是谁，无法回答这个问题。")
        if missing:
            reason = f"{lead}相关年报中没有提到「{'、'.join(missing)}」，无法回答这个问题。"
            return refuse(reason)
        # Each report asked about answers for itself: a comparison or several years quote every one of them.
        hits, shown = [], []
        for rid in scope.report_ids:
            ids = [rid]
            # A count is searched wherever it is stated, not only in the part its words are about.
            section = named_section(asked, places, {rid: sections[rid]}, own_words=not fact)
            depth = SECTION_DEPTH if section else SEARCH_DEPTH  # the named section's passages, wherever they rank
            found = choose(self.retriever().search(asked, k=depth, report_ids=ids), words, section)
            hits += found
            shown += quoted(found, words, fact)
        if not hits and beyond:
            return refuse(f"抱歉，{beyond[0].reason}，报告正文也没有提到。")
        if not hits:
            return refuse("抱歉，在相关年报中没有找到能回答这个问题的内容。")
        # A count by a breakdown the tables lack (「邮寄的几件」) is quoted only from a clause that gives a
        # number for that very breakdown, and the answer first says the tables do not count it.
        named = tuple(x.text for x in beyond)
        if beyond and fact and not gives_a_number(hits, Words(named, named), alone=True):
            return refuse(f"抱歉，{beyond[0].reason}，报告正文也没有给出这个数字。")
        if fact and not gives_a_number(hits, words):
            return refuse(f"{lead}相关年报提到了这方面的工作，但没有给出您问的具体数字。")
        if fact and asks_a_plan(asked) and not gives_a_number(hits, words, planned=True):
            return refuse("抱歉，年报只报告已经做了的工作；下一步的打算没有写具体数字，无法回答这个问题。")
        note = "；".join([*(x.reason for x in beyond), *([scope.note] if scope.note else [])])
        reports = {r.id: r for _, _, renditions in scope.reports for r in renditions}
        rows = [(reports[h.report_id], h.section, h.text, h.line, h.page) for h in shown if h.report_id in reports]
        return compose_text(u.question, rows, note)

    @staticmethod
    def _asked(u: Query, places: list[str], sections: dict[int, set[str]]) -> tuple[str, Words]:
        """What a text answer is searched for: the turn's own subject, or, when it names neither words nor a
        part of the report of its own (「那2023年呢」「改了吗」「具体说说」), the latest one before that did."""
        own = u.subject or u.question
        for text in (own, *u.topics):
            words = content_words(text, places)
            if words.all or named_section(text, places, sections):
                return text if text is own else f"{text} {own}", words
        return own, content_words(own, places)

    def _proposals(self, u: Query, scope: Scope, words: Words) -> dict:
        """For a count of something no template cell is named for: the nearest cells, to ask instead."""
        if self.proposer is None or not asks_a_count(u.question) or not scope.reports:
            return {}
        report = scope.reports[0][2][0]
        stated = {cell_id for cell_id, c in self.store.cells(report.id).items() if c.status in ANSWERABLE}
        found = self.proposer.run("".join(words.all), stated)
        # Asked next in this conversation, a proposal keeps its agency and year (and holds no number).
        return {"proposals": [f"{p.label}是多少？" for p in found]}

    def _none(self, state: dict) -> Answer:
        # Suggestions fit the conversation: the cells proposed for a count no cell is named for, the
        # candidates asked back about, else the agencies in play.
        reason = state.get("reason", "抱歉，现有年报没有回答这个问题。")
        if state.get("proposals"):
            return compose_proposals(state["question"], reason, state["proposals"])
        if state.get("readings"):
            return compose_proposals(state["question"], reason, state["readings"], nearest=False)
        pool = state.get("candidates") or state.get("portal") or (state["u"].agencies if state.get("u") else ())
        names = [a.name for a in pool or self.agencies()]
        return compose_none(state["question"], reason, names)

    def _chat(self, state: dict) -> Answer:
        pool = list(state.get("portal") or ()) or self.agencies()
        return compose_chat(state["question"], example_questions(pool))

    def _rephrase(self, answer: Answer) -> Answer:
        if self.chat_model is None or answer.route == ROUTE_NONE:
            return answer
        return rephrase(answer, self.chat_model)
