"""The question bank (tests/fixtures/question_bank.jsonl) read through the chain, case by case.

Each case says what a correct reading decides: the route, the agencies and years answered from, the
cells, the operation and what is named but unresolved. `check` returns the differences, empty when right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer.figures import read_figures
from assistant.chain import AnsweringChain
from assistant.understand.query import Operation, Slot

BANK = Path(__file__).parent / "fixtures" / "question_bank.jsonl"


@dataclass(frozen=True)
class Case:
    question: str
    kind: str
    expect: dict
    history: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.question}"


@dataclass
class Reading:
    route: str
    agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    operation: str = ""
    unresolved: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the section paths of the passages quoted


def load_bank(path: Path = BANK) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["q"], r["class"], r["expect"], tuple(r.get("history", ()))) for r in rows]


def read(chain: AnsweringChain, case: Case) -> Reading:
    state = chain.read({"question": case.question, "history": list(case.history), "agency": None})
    answer = chain.ask(case.question, list(case.history))
    route = answer["route"]  # the text route may still end in none
    q = state["u"]
    scope = state.get("scope")
    unresolved = {u.slot.value for u in q.unresolved} | {s.value for s in state.get("missing", ())}
    if state["route"] == "none" and state.get("candidates") and not unresolved:
        unresolved.add(Slot.AGENCY.value)  # asked back: which agency
    named = [(a, y) for a, y, _ in scope.reports] if scope else [(a, None) for a in q.agencies]
    return Reading(
        route=route,
        agencies=sorted({a.name for a, _ in named}),
        years=sorted({y for _, y in named if y is not None} or set(q.years.explicit)),
        cells=_cells(chain, state) if state["route"] == "figure" else [],
        operation=q.operation.value,
        unresolved=sorted(unresolved),
        sections=[c["section"] for c in answer["citations"] if route == "text" and c.get("section")],
    )


def _cells(chain: AnsweringChain, state: dict) -> list[str]:
    """The cells the answer is read from: for a share, the parts and the wholes."""
    q, scope = state["u"], state["scope"]
    figures = read_figures(chain.store, q, scope)
    if q.operation is Operation.SHARE:
        figures = [f for parts, whole in chain.share_pairs(q, scope, figures) for f in [*parts, whole]]
    return sorted({f.cell.id for f in figures})


def check(case: Case, got: Reading) -> list[str]:
    """What differs from the expectation; agencies, years and cells compare as sets. `sections` are heading
    words: each is in a section quoted, and every section quoted holds one of them (nothing else is quoted)."""
    out = []
    for key, want in case.expect.items():
        have = getattr(got, key)
        if key == "sections":
            same = all(any(w in h for h in have) for w in want) and all(any(w in h for w in want) for h in have)
        else:
            same = sorted(want) == sorted(have) if isinstance(want, list) else want == have
        if not same:
            out.append(f"{key}: want {want!r}, got {have!r}")
    return out
