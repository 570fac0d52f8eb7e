"""The layout harness: a report rendered in a layout (tests/layouts.py), read back, and judged cell by cell.

A cell the layout prints must come back stated with exactly its value (or, where the layout loses
information, ambiguous with its value among the readings); a cell it leaves blank must not be stated,
and is derived only to its true value. `python tests/harness.py` prints the pass rate per layout
over every gold file.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index import template as T
from index.ingest import parse_file
from index.model import AMBIGUOUS, DERIVED, STATED, ParsedReport
from tests.layouts import BLANK_ZERO, GLUED, HARNESS_LAYOUTS, write

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
    return None if value is None or (layout == BLANK_ZERO and value == 0) else value


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


def main() -> None:
    from tests.helpers import gold_files, load_gold

    golds = [load_gold(p) for p in gold_files()]
    print(
        f"{'layout':<16} {'files passed':>12} {'cells read':>10} {'ambiguous':>9} {'unplaced':>8} {'lost':>5}"
        f" {'wrong':>5} {'invented':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for layout in sys.argv[1:] or HARNESS_LAYOUTS:
            totals: Counter[str] = Counter()
            for gold in golds:
                v = round_trip(gold["cells"], gold["format"], layout, Path(tmp))
                totals.update(
                    passed=v.passed, printed=v.printed, read=v.read, ambiguous=len(v.ambiguous),
                    unplaced=len(v.unplaced), lost=len(v.lost), wrong=len(v.wrong), invented=len(v.invented),
                )  # fmt: skip
            share = totals["read"] / totals["printed"] if totals["printed"] else 1.0
            print(
                f"{layout:<16} {totals['passed']:>6}/{len(golds):<5} {share:>10.1%} {totals['ambiguous']:>9}"
                f" {totals['unplaced']:>8} {totals['lost']:>5} {totals['wrong']:>5} {totals['invented']:>8}"
            )


if __name__ == "__main__":
    main()
