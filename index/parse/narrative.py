"""Figures the report's own prose states for 表二 cells, to split glued digits no rule can split.

「动态更新本年度制发的规范性文件77件」 names one item (规范性文件), one column (制发) and one number:
a reading of the glued row 「77132470」 that puts 77 in 本年制发件数 is the report's own. A hint
only ever chooses among the readings the table digits allow; it never adds a value.
"""

from __future__ import annotations

import re

from index import template as T

_CLAUSE = re.compile(r"[，,。；;！？!?\n\t]")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:件|项|个|万元|元)")


def narrative_hints(prose: str, fmt: str) -> dict[str, set[float]]:
    """cell id → the numbers clauses of the prose give it (clauses naming exactly one cell)."""
    hints: dict[str, set[float]] = {}
    for clause in _CLAUSE.split(prose):
        numbers = {float(n) for n in _AMOUNT.findall(clause)}
        if not numbers:
            continue
        cells = _cells_named(clause, fmt)
        if len(cells) == 1:
            hints.setdefault(cells[0], set()).update(numbers)
    return hints


def _cells_named(clause: str, fmt: str) -> list[str]:
    out = []
    for item in T.ACTIVE_ITEMS[fmt]:
        if not any(k in clause for k in T.NARRATIVE_ACTIVE_ITEMS.get(item.key, item.keys)):
            continue
        for col in item.columns:
            if any(w in clause for w in T.NARRATIVE_ACTIVE_COLUMNS.get(col.key, ())):
                out.append(f"active.{item.key}.{col.key}")
    return out
