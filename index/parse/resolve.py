"""Choose among the readings of each table row with the 勾稽 rules; never guess.

A row read from glued digits or a row with a lost value can have several readings. The
combination of readings that breaks the fewest rules (then satisfies the most) wins; a
cell on which the winning combinations disagree is ambiguous. A reading that leaves fewer
cells blank is no likelier than one that leaves more: reports leave cells blank, and a blank
leaves no trace in glued or space-separated text (「行政事业性收费 35」 is 35 and a blank as
likely as 3 and 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from index.parse.numbers import Reading
from index.template import Rule

MAX_COMBINATIONS = 20000


@dataclass(frozen=True)
class Group:
    """Cells read together (one table row) and their candidate readings."""

    cells: tuple[str, ...]
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Choice:
    value: float | None
    candidates: tuple[float, ...] = ()  # set when the winning readings disagree

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


def resolve(groups: list[Group], rules: list[Rule]) -> dict[str, Choice]:
    """One Choice per cell of every group that has at least one reading."""
    groups = [g for g in groups if g.readings]
    local = [[r for r in rules if set(r.terms) <= set(g.cells)] for g in groups]
    narrowed = [_narrow(g, rs) for g, rs in zip(groups, local)]
    lossy = {_table(n) for n in narrowed if all(None in r for r in n.readings)}
    narrowed = [_narrow(g, rs, True) if _table(g) in lossy else n for g, rs, n in zip(groups, local, narrowed)]
    fixed = {c: v for g in narrowed if len(g.readings) == 1 for c, v in zip(g.cells, g.readings[0])}
    open_groups = [g for g in narrowed if len(g.readings) > 1]
    # In a table that lost values, a row keeping its own rule is no evidence.
    quiet = frozenset(r.id for g, rs in zip(groups, local) if _table(g) in lossy for r in rs)
    winners = _best_combinations(open_groups, rules, fixed, quiet)
    out = {c: Choice(v) for c, v in fixed.items()}
    for i, g in enumerate(open_groups):
        for j, cell in enumerate(g.cells):
            values = {w[i][j] for w in winners} if winners else {r[j] for r in g.readings}
            out[cell] = Choice(values.pop()) if len(values) == 1 else Choice(None, _sorted(values))
    return out


def best(candidates: list[dict[str, float | None]], rules: list[Rule]) -> list[int]:
    """The indexes of the candidate value sets that break the fewest rules, then hold the most."""
    scores = [_score(c, [r for r in rules if c.keys() & set(r.terms)]) for c in candidates]
    top = min(scores, default=None)
    return [i for i, s in enumerate(scores) if s == top]


def _table(group: Group) -> str:
    return group.cells[0].split(".", 1)[0]


def _narrow(group: Group, local_rules: list[Rule], blanks_seen: bool = False) -> Group:
    """The readings a row's own rules prefer: fewest broken, then most holding.

    Where the row's table has lost values elsewhere (`blanks_seen`: some row of it has a value
    missing in every reading it is left with), a full reading keeping the row's rule may hold it by
    coincidence (「1200003」 as 1, 2, …, 3 where the report says 12, …, 3 and leaves 总计 blank), so
    the best readings with a missing value stay beside the best full ones, for the table's rules
    to choose between or to leave ambiguous."""
    if len(group.readings) == 1:
        return group
    scored = [(_score(dict(zip(group.cells, r)), local_rules), r) for r in group.readings]
    best = min(s for s, _ in scored)
    if not blanks_seen:
        return Group(group.cells, tuple(r for s, r in scored if s == best))
    kept: list[Reading] = []
    for full in (True, False):
        side = [(s, r) for s, r in scored if s[0] == best[0] and (None not in r) == full]
        top = min((s for s, _ in side), default=None)
        kept.extend(r for s, r in side if s == top)
    return Group(group.cells, tuple(kept))


def _best_combinations(
    groups: list[Group], rules: list[Rule], fixed: dict[str, float | None], quiet: frozenset[str] = frozenset()
) -> list[tuple]:
    if not groups:
        return []
    size = 1
    for g in groups:
        size *= len(g.readings)
    if size > MAX_COMBINATIONS:
        return []
    relevant = [r for r in rules if any(t in g.cells for g in groups for t in r.terms)]
    best_score, winners = None, []
    for combo in product(*(g.readings for g in groups)):
        values = dict(fixed)
        for g, reading in zip(groups, combo):
            values.update(zip(g.cells, reading))
        score = _score(values, relevant, quiet)
        if best_score is None or score < best_score:
            best_score, winners = score, [combo]
        elif score == best_score:
            winners.append(combo)
    return winners


def _score(values: dict[str, float | None], rules: list[Rule], quiet: frozenset[str] = frozenset()) -> tuple[int, int]:
    """(rules broken, -rules holding): lower is better; the `quiet` rules holding are not counted (a
    glued row keeps its own rule by coincidence as easily as a blank leaves it unchecked)."""
    broken = holds = 0
    for rule in rules:
        result = evaluate(rule, values)
        if result is True:
            holds += rule.id not in quiet
        elif result is False:
            broken += 1
    return broken, -holds


def evaluate(rule: Rule, values: dict[str, float | None]) -> bool | None:
    """True/False when every term is known, None when a term is missing."""
    terms = [values.get(t) for t in rule.terms]
    if any(v is None for v in terms):
        return None
    left = sum(values[t] for t in rule.left)
    right = sum(values[t] for t in rule.right)
    return abs(left - right) < 1e-6


def plausible(rule: Rule, values: dict[str, float | None]) -> bool | None:
    """The rule with the blank cells of a side counted as 0, unless the whole side is blank.

    Never a value (a blank stays 报告未列明): only a hint that a row was read in the wrong
    columns, since a report leaving zeros blank still adds up. A side wholly blank (a 总计 the
    report leaves blank) says nothing.
    """
    sides = []
    for terms in (rule.left, rule.right):
        known = [values[t] for t in terms if values.get(t) is not None]
        if not known:
            return None
        sides.append(sum(known))
    return abs(sides[0] - sides[1]) < 1e-6


def _sorted(values: set[float | None]) -> tuple[float, ...]:
    return tuple(sorted(v for v in values if v is not None))
