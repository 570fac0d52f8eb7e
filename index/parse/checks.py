"""The 勾稽 rules on one report: which hold, which are broken, what a lost cell must be.

Rules are checked on stated values only. A broken rule is reported, never repaired: no
stated value is ever changed. A missing cell is derived (推算) only when it is the single
unknown term of a rule whose other terms are all stated, and every such rule agrees.
"""

from __future__ import annotations

from dataclasses import replace

from index import template as T
from index.model import BROKEN, DERIVED, HOLDS, MISSING, STATED, UNCHECKED, Cell, Check
from index.parse.numbers import format_number
from index.parse.resolve import evaluate


def check(cells: dict[str, Cell], rules: list[T.Rule]) -> list[Check]:
    stated = {cid: c.value for cid, c in cells.items() if c.status == STATED}
    out = []
    for rule in rules:
        result = evaluate(rule, stated)
        status = UNCHECKED if result is None else HOLDS if result else BROKEN
        out.append(Check(rule.id, status, _detail(rule, stated, status)))
    return out


def derive(cells: dict[str, Cell], rules: list[T.Rule]) -> dict[str, Cell]:
    """Cells with every derivable missing value filled in and marked derived."""
    stated = {cid: c.value for cid, c in cells.items() if c.status == STATED}
    proposals: dict[str, list[tuple[float, T.Rule]]] = {}
    for rule in rules:
        unknown = [t for t in rule.terms if stated.get(t) is None]
        if len(unknown) != 1 or cells.get(unknown[0], Cell(unknown[0], MISSING)).status != MISSING:
            continue
        target = unknown[0]
        left = sum(stated[t] for t in rule.left if t != target)
        right = sum(stated[t] for t in rule.right if t != target)
        value = right - left if target in rule.left else left - right
        proposals.setdefault(target, []).append((value, rule))
    out = dict(cells)
    for target, options in proposals.items():
        values = {round(v, 6) for v, _ in options}
        if len(values) != 1 or min(values) < 0:
            continue
        rule = options[0][1]
        out[target] = replace(cells[target], status=DERIVED, value=values.pop(), rule=rule.description)
    return out


def _detail(rule: T.Rule, stated: dict[str, float | None], status: str) -> str:
    def side(terms: tuple[str, ...]) -> str:
        parts = [f"{_short_label(t)} {_fmt_or_dash(stated.get(t))}" for t in terms]
        known = [stated.get(t) for t in terms]
        total = "" if any(v is None for v in known) or len(terms) == 1 else f" = {_fmt_or_dash(sum(known))}"
        return " + ".join(parts) + total

    text = f"{rule.description}：{side(rule.left)}；{side(rule.right)}"
    if status == UNCHECKED:
        missing = [_short_label(t) for t in rule.terms if stated.get(t) is None]
        text += f"（{('、'.join(missing[:4]))}{'等' if len(missing) > 4 else ''}未列明，无法核对）"
    return text


def _short_label(cell_id: str) -> str:
    spec = T.cell(cell_id)
    return spec.row_label.split("：")[-1] if spec.table == T.TABLE_REQUESTS else spec.column_label


def _fmt_or_dash(value: float | None) -> str:
    return "—" if value is None else format_number(value)
