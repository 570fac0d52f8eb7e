"""Tables drawn without ruling lines: cells placed in columns found from where words stand.

Without rules a row arrives as one text line, and its blank cells vanish: 「26　　　　　26」 reads as two
unaligned numbers in a seven-column row. The columns are where the numbers and the column headings
stand, across the table's lines, so each value keeps its column and a blank stays a blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from index.parse.numbers import is_number
from index.readers._grid import looks_like_heading

Column = tuple[float, float]  # x0, x1 in points


@dataclass(frozen=True)
class Piece:
    """A run of text on one line with no gap of a character's width inside it: one cell's text."""

    text: str
    x0: float
    x1: float

    def meets(self, column: Column) -> bool:
        return self.x0 < column[1] and self.x1 > column[0]


@dataclass(frozen=True)
class Line:
    """A text line outside the ruled tables, as pieces left to right."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def first_value(self) -> int | None:
        """Index of the piece where the row's values begin (None for a line stating no number): a
        number standing apart from other text on a line of at least two pieces."""
        if len(self.pieces) < 2:
            return None
        return next((i for i, piece in enumerate(self.pieces) if is_number(piece.text)), None)


def pieces(chars: Sequence[dict[str, Any]]) -> list[Piece]:
    """A line's characters split where the gap between two is at least a character wide."""
    out: list[Piece] = []
    text, x0, x1 = "", 0.0, 0.0
    for char in sorted(chars, key=lambda c: c["x0"]):
        if text and char["x0"] - x1 < char["size"]:
            text, x1 = text + char["text"], char["x1"]
            continue
        if text.strip():
            out.append(Piece(text, x0, x1))
        text, x0, x1 = char["text"], char["x0"], char["x1"]
    if text.strip():
        out.append(Piece(text, x0, x1))
    return out


def table_rows(
    lines: Sequence[Line], carried: tuple[Column, ...] = ()
) -> tuple[dict[int, tuple[str, ...]], tuple[Column, ...]]:
    """The cells of each line that is a borderless table row, by line index, and the columns of the
    last table (a table going on over a page break keeps them: pass them as `carried`).

    A row is its label pieces, then one cell per column, "" where the row leaves it blank. Section
    headings split tables. A table whose values cannot be given one column each is left as text."""
    rows: dict[int, tuple[str, ...]] = {}
    for region in _regions(lines):
        columns = _columns([lines[i] for i in region], carried)
        placed = _placed([lines[i] for i in region], columns) if columns else None
        if placed is None:
            continue
        rows |= {region[n]: cells for n, cells in placed.items()}
        carried = columns
    return rows, carried


def _regions(lines: Sequence[Line]) -> list[list[int]]:
    """Runs of line indices between section headings that hold at least one row of values."""
    regions: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.first_value() is None and looks_like_heading(line.text.rstrip("。")):
            regions.append([])
        else:
            regions[-1].append(i)
    return [r for r in regions if any(lines[i].first_value() is not None for i in r)]


def _columns(lines: list[Line], carried: tuple[Column, ...]) -> tuple[Column, ...]:
    """The table's columns, or () when they are not sure. First where its values stand (pieces that
    overlap share a column); then, when each of those stands under a heading of its own, each heading
    piece over no column yet opens one, narrowest first, so a heading spanning several columns opens
    none. Values alone cannot tell which columns a row leaves blank; a table with no heading of its
    own keeps the columns carried in, when its values stand in them."""
    values = [i for i, line in enumerate(lines) if line.first_value() is not None]
    cells = [p for i in values for p in lines[i].pieces[lines[i].first_value() :]]
    labels_end = max((p.x1 for i in values for p in lines[i].pieces[: lines[i].first_value()]), default=float("-inf"))
    columns: list[Column] = []
    for piece in sorted(cells, key=lambda p: p.x0):
        hit = [c for c in columns if piece.meets(c)]
        merged = (min([piece.x0, *(c[0] for c in hit)]), max([piece.x1, *(c[1] for c in hit)]))
        columns = [c for c in columns if c not in hit] + [merged]
    headings = _heading_pieces(lines, values[0], values[-1], labels_end, min(c[0] for c in columns))
    if not headings:
        return carried if carried and all(sum(p.meets(c) for c in carried) == 1 for p in cells) else ()
    if not _under_their_headings(columns, headings):
        return ()
    for piece in sorted(headings, key=lambda p: p.x1 - p.x0):
        if not any(piece.meets(c) for c in columns):
            columns.append((piece.x0, piece.x1))
    return tuple(sorted(columns))


def _under_their_headings(columns: list[Column], headings: list[Piece]) -> bool:
    """Whether every column of values stands under a heading of its own (one meeting no other column).
    Numbers set right under headings set left stand in no heading's span: which heading is theirs is
    then a guess, and a wrong guess moves values into other columns."""
    own = [h for h in headings if sum(h.meets(c) for c in columns) == 1]
    return all(any(h.meets(c) for h in own) for c in columns)


def _heading_pieces(lines: list[Line], first: int, last: int, labels_end: float, left: float) -> list[Piece]:
    """Pieces right of the labels on the lines without values: those between the rows, and those of the
    lines just above the first row, up to a line with nothing right of the labels or a line of prose
    (one piece, starting left of every column)."""

    def right(line: Line) -> list[Piece]:
        return [p for p in line.pieces if p.x0 > labels_end]

    found = [p for line in lines[first:last] if line.first_value() is None for p in right(line)]
    for line in reversed(lines[:first]):
        if not right(line) or (len(line.pieces) == 1 and line.pieces[0].x0 < left):
            break
        found += right(line)
    return found


def _placed(lines: list[Line], columns: tuple[Column, ...]) -> dict[int, tuple[str, ...]] | None:
    """Each value line's cells: its labels, then its pieces in their columns; None when a piece meets no
    column or two columns, or two pieces meet one: the columns are not sure, and no value may move."""
    rows = {}
    for n, line in enumerate(lines):
        start = line.first_value()
        if start is None:
            continue
        cells = [""] * len(columns)
        for piece in line.pieces[start:]:
            hit = [k for k, c in enumerate(columns) if piece.meets(c)]
            if len(hit) != 1 or cells[hit[0]]:
                return None
            cells[hit[0]] = piece.text
        rows[n] = tuple(p.text for p in line.pieces[:start]) + tuple(cells)
    return rows
