"""The layout harness: a report rendered in a layout (tests/layouts.py), read back, and judged cell by cell.

A cell the layout prints must come back stated with exactly its value (or, where the layout loses
information, ambiguous with its value among the readings); a cell it leaves blank must not be stated,
and is derived only to its true value. `python tests/harness.py` prints the pass rate per layout
over every gold file; `python tests/bench_layouts.py` adds random reports that keep the rules.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from index import template as T
from index.ingest import parse_file
from index.model import AMBIGUOUS, DERIVED, STATED, ParsedReport
from index.parse.layout import other_split
from tests.layouts import BLANK_ZERO, FIXED_WIDTH_BLANK, GLUED, HARNESS_LAYOUTS, write

# Layouts where glued digits may leave a printed value ambiguous among the readings the rules allow.
MAY_BE_AMBIGUOUS = (GLUED,)


@dataclass
class Verdict:
    """Per printed or blank cell of one rendering: what went wrong, by kind."""

    printed: int = 0
    read: int = 0
    ambiguous: list[str] = field(default_factory=list)  # printed, ambiguous where the layout allows it
    unplaced: list[str] = field(default_factory=list)  # printed in a row whose blanks the layout dropped: not read
    lost: list[str] = field(default_factory=list)  # printed, not read
    wrong: list[str] = field(default_factory=list)  # stated or derived with another value
    invented: list[str] = field(default_factory=list)  # left blank, stated

    @property
    def passed(self) -> bool:
        return not (self.lost or self.wrong or self.invented)


def printed_value(value: float | None, layout: str) -> float | None:
    """What the layout prints for a cell: None for a blank."""
    return None if value is None or (layout in (BLANK_ZERO, FIXED_WIDTH_BLANK) and value == 0) else value


def row_of(cid: str) -> str:
    """The printed row a cell stands in: 表四's fifteen values are one row."""
    return "review" if T.table_of(cid) == T.TABLE_REVIEW else cid.rsplit(".", 1)[0]


def judge(cells: dict[str, float | None], parsed: ParsedReport, layout: str) -> Verdict:
    """A printed value must be read exactly, or be ambiguous offering it where glued digits allow that;
    where a glued row dropped its blanks, no value can be placed and missing (or derived right) is honest."""
    dropped = {row_of(cid) for cid, v in cells.items() if v is None} if layout == GLUED else set()
    verdict = Verdict()
    for cid, value in cells.items():
        cell = parsed.cells[cid]
        shown = printed_value(value, layout)
        if shown is None:
            if cell.status == STATED:
                verdict.invented.append(cid)
            elif cell.status == DERIVED and value is not None and cell.value != value:
                verdict.wrong.append(cid)
            continue
        verdict.printed += 1
        if cell.status == STATED and cell.value == value:
            verdict.read += 1
        elif cell.status in (STATED, DERIVED) and cell.value != value:
            verdict.wrong.append(cid)
        elif cell.status == AMBIGUOUS and layout in MAY_BE_AMBIGUOUS and value in cell.readings:
            verdict.ambiguous.append(cid)
        elif row_of(cid) in dropped:
            verdict.unplaced.append(cid)
        else:
            verdict.lost.append(cid)
    return verdict


def round_trip(cells: dict[str, float | None], fmt: str, layout: str, directory: Path) -> Verdict:
    path = write(cells, fmt, layout, directory)
    _, parsed = parse_file(path, path.name)
    assert parsed.meta.format == fmt
    return judge(cells, parsed, layout)


COLUMNS = ("passed", "exact", "ambiguous", "unplaced", "missing", "wrong", "invented")


def tally(verdicts: list[Verdict]) -> Counter[str]:
    """Per layout: reports passed, printed cells read exactly, ambiguous offering the value, unplaced,
    missing (printed, not read), wrong and invented."""
    totals: Counter[str] = Counter()
    for v in verdicts:
        totals.update(
            reports=1, passed=v.passed, printed=v.printed, exact=v.read, ambiguous=len(v.ambiguous),
            unplaced=len(v.unplaced), missing=len(v.lost), wrong=len(v.wrong), invented=len(v.invented),
        )  # fmt: skip
    return totals


def table(rows: dict[str, Counter[str]]) -> str:
    """The per-layout pass table as text: one line per layout, counts of cells, exact as a share too."""
    head = f"{'layout':<18} {'passed':>9} {'printed':>8} {'exact':>13} " + " ".join(f"{c:>9}" for c in COLUMNS[2:])
    lines = [head]
    for layout, t in rows.items():
        share = t["exact"] / t["printed"] if t["printed"] else 1.0
        passed = f"{t['passed']}/{t['reports']}"
        lines.append(
            f"{layout:<18} {passed:>9} {t['printed']:>8} {t['exact']:>6} {share:>6.1%} "
            + " ".join(f"{t[c]:>9}" for c in COLUMNS[2:])
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- random reports that keep the rules

_COUNT = st.integers(0, 40)
_SPARSE = st.one_of(st.just(0), st.just(0), st.integers(0, 12))  # most result cells of a real report are 0


@st.composite
def reports(draw, fmt: str) -> dict[str, float | None]:
    """A report's cells with every 勾稽 rule holding; some rows leave their zeros blank, and some
    reports leave the 总计 column of the result rows blank, as 2019-format reports do."""
    split = fmt == T.FORMAT_2021 and draw(st.booleans())
    cells: dict[str, float | None] = {}
    for item in T.ACTIVE_ITEMS[fmt]:
        for col in item.columns:
            cells[f"active.{item.key}.{col.key}"] = float(draw(_COUNT))
    results = T.result_rows(split)
    for col in T.APPLICANT_DETAIL_KEYS:
        values = {row: draw(_SPARSE) for row in results}
        done = sum(values.values())
        carried_out = draw(_SPARSE)
        carried_in = draw(st.integers(0, done + carried_out))
        values |= {"results_total": done, "carried_out": carried_out, "carried_in": carried_in}
        values["new"] = done + carried_out - carried_in
        for row, v in values.items():
            cells[f"requests.{row}.{col}"] = float(v)
    for row in T.request_rows(split):
        cells[f"requests.{row}.total"] = sum(cells[f"requests.{row}.{c}"] for c in T.APPLICANT_DETAIL_KEYS)
    for group in T.REVIEW_GROUPS:
        parts = [float(draw(_SPARSE)) for _ in T.REVIEW_COLUMNS[:-1]]
        for col, v in zip(T.REVIEW_COLUMNS, [*parts, sum(parts)]):
            cells[f"{group.key}.{col.key}"] = v
    if draw(st.booleans()):  # a row that leaves its zeros blank
        row = draw(st.sampled_from(T.request_rows(split)))
        for col in T.APPLICANT_KEYS:
            if cells[f"requests.{row}.{col}"] == 0:
                cells[f"requests.{row}.{col}"] = None
    if draw(st.integers(0, 3)) == 0:  # the 总计 column left blank in every result row
        for row in results:
            cells[f"requests.{row}.total"] = None
    assert other_split(set(cells)) == split or fmt == T.FORMAT_2019
    return cells


def main() -> None:
    from tests.helpers import gold_files, load_gold

    golds = [load_gold(p) for p in gold_files()]
    rows: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for layout in sys.argv[1:] or HARNESS_LAYOUTS:
            rows[layout] = tally([round_trip(g["cells"], g["format"], layout, Path(tmp)) for g in golds])
    print(table(rows))


if __name__ == "__main__":
    main()
