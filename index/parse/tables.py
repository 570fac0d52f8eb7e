"""Locate the three statistics tables in a Document and collect each row's raw values.

The document is flattened into one stream of text (cells joined by tabs, blocks by
newlines) so that the same label search works on clean table rows, PDF text with labels
on other lines, and site dumps where a whole table is glued into one line. What comes out
is, per template row, the candidate readings of its values; choosing among them is
index.parse.resolve's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from index import template as T
from index.document import ROW, Block, Document
from index.model import Source
from index.parse.numbers import BLANK, UNREAD, Reading, clean_token, is_blank, is_number, readings

_VALUE_RUN = re.compile(r"[\s\d.,，\-+~>|．０-９－]*")
_TOKEN = re.compile(r"-?[\d０-９]+(?:[.．][\d０-９]+)?")
# The same with 1,234 or 1，234 as one number. In running text a comma between digit groups is a thousands
# separator or a cell separator; both readings are offered and the rules choose.
_GROUPED_TOKEN = re.compile(
    r"-?[\d０-９]{1,3}(?:[,，][\d０-９]{3})+(?![\d０-９])(?:[.．][\d０-９]+)?|" + _TOKEN.pattern
)
_SOURCE_CHARS = 160
_MIN_WRAPPED_PART = 2  # characters of each line of a wrapped label key (「公开」 of 公开出版物)


@dataclass(frozen=True)
class Span:
    """A piece of the stream: one table cell or one paragraph/heading block."""

    start: int
    end: int
    block: int
    cell: int | None


@dataclass(frozen=True)
class Stream:
    text: str
    spans: list[Span]
    document: Document

    def span_at(self, pos: int) -> Span:
        lo, hi = 0, len(self.spans) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.spans[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return self.spans[lo]

    def sure(self, lo: int, hi: int) -> bool:
        """Every block the text between lo and hi comes from was read with enough confidence."""
        return all(self.document.blocks[s.block].sure for s in self.spans if s.end > lo and s.start < hi)

    def source(self, pos: int, end: int | None = None) -> Source:
        span = self.span_at(pos)
        block = self.document.blocks[span.block]
        text = block.text if block.kind == ROW or end is None else self.text[pos:end]
        values_from = span.cell + 1 if block.kind == ROW and span.cell is not None else 0
        confidence = block.confidence_of(values_from)
        return Source(" ".join(text.split())[:_SOURCE_CHARS], block.line, block.page, confidence)


@dataclass(frozen=True)
class Placed:
    """A row whose cells keep their positions: per cell of its block a numeric token or BLANK,
    and the index of the label's cell (-1 when the values stand in the block after the label's)."""

    cells: tuple[str | None, ...]
    label_at: int
    # Read by OCR: the cells are the page's ruled grid, so a cell never moves to another column; an
    # unread cell (UNREAD) holds its place like a number, and no cell of the row was lost.
    recognized: bool = False

    def fits(self, start: int, columns: int, lost: bool = False) -> bool:
        """Whether value columns starting at cell `start` hold every number (and unread cell) of the
        row; with `lost`, they may start at or before the label's cell (the row lost its first cells)."""
        numbers = [i for i, c in enumerate(self.cells) if c is not BLANK and i > self.label_at]
        lost = lost and not self.recognized
        return (lost or start > self.label_at) and all(start <= i < start + columns for i in numbers)

    def window(self, start: int, columns: int) -> Reading:
        """The row's values for columns starting at cell `start`; None where the cell is blank or lost."""
        return tuple(self._value(i) for i in range(start, start + columns))

    def _value(self, i: int) -> float | None:
        if i <= self.label_at or i >= len(self.cells) or self.cells[i] in (BLANK, UNREAD):
            return None
        return float(self.cells[i])


@dataclass(frozen=True)
class RowValues:
    """The candidate readings of one template row, and where they were read.

    `placed` is set when the source keeps the row's cell positions; the readings are then the
    row's own, until the table's common placement of its columns replaces them (see frames)."""

    key: str
    readings: list[Reading]
    source: Source | None
    from_orphan: bool = False
    # OCR confidence per column when each column's value comes from one recognised cell; otherwise the
    # source's confidence (the lowest of the row's values) stands for every column.
    confidences: tuple[float, ...] = ()
    placed: Placed | None = None
    value_block: int | None = None  # the block after the label's, when the values stand there

    def source_of(self, column: int) -> Source | None:
        if self.source is None or not self.confidences:
            return self.source
        return replace(self.source, confidence=self.confidences[column])


def flatten(document: Document) -> Stream:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for b, block in enumerate(document.blocks):
        pieces = [(c, i) for i, c in enumerate(block.cells)] if block.kind == ROW else [(block.text, None)]
        for n, (piece, cell) in enumerate(pieces):
            spans.append(Span(pos, pos + len(piece), b, cell))
            parts.append(piece)
            pos += len(piece)
            sep = "\t" if n < len(pieces) - 1 else "\n"
            parts.append(sep)
            pos += 1
    return Stream("".join(parts), spans, document)


# ---------------------------------------------------------------- finding labels


@dataclass(frozen=True)
class Label:
    key: str
    start: int  # where the label (with its ordinal, e.g. "2.") begins
    end: int  # where the matched key ends


def find_labels(stream: Stream, rows: list[tuple[str, tuple[str, ...], int, str]], lo: int, hi: int) -> list[Label]:
    """Find each row's label between lo and hi, in template order where the text keeps it.

    `rows` are (row key, label keys, ordinal within its group or 0, the label as the template prints
    it). A label standing in a table row is preferred to the same words in a heading or paragraph; a
    label wrapped over two lines is found by its keys or its printed words. A label not found
    after the previous one is looked for anywhere in the region not already taken, since
    PDF conversions sometimes swap two labels.
    """
    found: list[Label] = []
    taken: list[tuple[int, int]] = []
    cursor = lo
    for key, keys, ordinal, printed in rows:
        hit = None
        written = T.label_pattern(keys)
        wrapped = _wrapped_pattern((*keys, printed))
        # In a table row as written, then wrapped over two lines, then anywhere.
        for in_row, pattern in ((True, written), (True, wrapped), (False, wrapped), (False, written)):
            hit = _search(stream, pattern, cursor, hi, taken, in_row) or _search(stream, pattern, lo, hi, taken, in_row)
            if hit:
                break
        if hit is None:
            continue
        start, end = hit
        start = _with_ordinal(stream.text, start, ordinal)
        found.append(Label(key, start, end))
        taken.append((start, end))
        cursor = max(cursor, end)
    return sorted(found, key=lambda label: label.start)


def _search(
    stream: Stream, pattern: re.Pattern[str], lo: int, hi: int, taken: list[tuple[int, int]], in_row: bool
) -> tuple[int, int] | None:
    """The first place between lo and hi, outside `taken`, where `pattern` (a label's) matches."""
    for match in pattern.finditer(stream.text, lo, hi):
        pos = match.start()
        if any(a <= pos < b for a, b in taken):
            continue
        if in_row and stream.span_at(pos).cell is None:
            continue
        return pos, match.end()
    return None


@lru_cache(maxsize=256)
def _wrapped_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """A long label whose cell a text export wrapped over two lines: its head ends one line, its tail opens
    the next, and the row's values follow the head (「2.其他法律行政\t0\t0…\n法规禁止公开」: the head is
    matched) or the tail (「一、本年新收政府\n信息公开申请数量\t26…」: both are). Head and tail are each at
    least _MIN_WRAPPED_PART characters, so 「总\n计」 is no label."""
    parts = []
    for key in keys:
        for cut in range(_MIN_WRAPPED_PART, len(key) - _MIN_WRAPPED_PART + 1):
            head, tail = T.label_pattern((key[:cut],)).pattern, T.label_pattern((key[cut:],)).pattern
            parts.append(f"(?:{head})(?:(?=\t[^\n]*\n(?:{tail}))|\n(?:{tail}))")
    return re.compile("|".join(parts) or "(?!)")


def _with_ordinal(text: str, start: int, ordinal: int) -> int:
    """Move a label's start back over its own number ("2." in "…3100000312.没有现成…")."""
    if not ordinal:
        return start
    for mark in (f"{ordinal}.", f"{ordinal}．", f"{ordinal}、", f"{ordinal}. "):
        if text.startswith(mark, start - len(mark)):
            return start - len(mark)
    return start


# ---------------------------------------------------------------- values of a label


def row_values(stream: Stream, label: Label, stop: int, columns: int) -> RowValues:
    """Readings of the values that follow a label, up to `stop` (the next label).

    Cells that keep their positions (a table row, or a row of bare numbers in the block after
    the label's) are read in place, blanks included; only text without cells is read as a run
    of unaligned numbers.
    """
    span = stream.span_at(label.start)
    if span.cell is None and (ending := stream.span_at(label.end - 1)).cell is not None:
        span = ending  # a long label wrapped onto the line of its row: the row's cells are its values
    block = stream.document.blocks[span.block]
    if span.cell is not None:
        cells = block.read_cells(span.cell + 1)
        read_label = block.read_cells(span.cell)[0] != UNREAD
        tail = _glued_tail(block.cells[span.cell], label, stream, span) if read_label else None
        glued = bool(tail) and not any(is_number(t) for c in cells for t in c.split())
        if glued:
            cells = [tail, *cells]
        if block.recognized:
            cells = [_unread_words(c) for c in cells]
        items = _cell_items(cells)
        if any(i is not BLANK for i in items):
            aligned = all(len(c.split()) <= 1 for c in cells) and placed_as(block, cells, columns)
            if not aligned:
                items = [i for i in items if i is not BLANK]  # a blank left no trace between the numbers
            if block.recognized and (glued or not aligned):
                # Several numbers in one grid cell (a ruling lost in the scan) or digits in the label's
                # cell: the row's values cannot be matched one-to-one with the columns, so none is read.
                return RowValues(label.key, [], stream.source(label.start))
            confidences = _column_confidences(block, span.cell + 1, items, columns) if aligned and not glued else ()
            placed = Placed(_positions(block), span.cell, block.recognized) if aligned and not glued else None
            source = stream.source(label.start)
            return RowValues(
                label.key, readings(items, columns, aligned), source, confidences=confidences, placed=placed
            )
    following = _value_row_after(stream, span.block, stop, columns)
    if following is not None and (span.cell is not None or not _digits_after(stream, label, span)):
        cells, source = following
        placed = Placed(cells, -1, stream.document.blocks[span.block + 1].recognized)
        return RowValues(
            label.key, readings(list(cells), columns, True), source, placed=placed, value_block=span.block + 1
        )
    if span.cell is not None:
        return RowValues(label.key, [], None)  # blank cells state nothing; out-of-place values may (orphans)
    run = _value_run(stream.text, label.end, stop)
    if run is None or not stream.sure(run[0], run[1]):
        return RowValues(label.key, [], None)
    _, end, text = run
    tokens = [pattern.findall(text) for pattern in (_TOKEN, _GROUPED_TOKEN)]
    found = [r for t in dict.fromkeys(map(tuple, tokens)) for r in readings(list(t), columns, False)]
    return RowValues(label.key, list(dict.fromkeys(found)), stream.source(label.start, end))


def _column_confidences(block: Block, start: int, items: list[str | None], columns: int) -> tuple[float, ...]:
    """Each column's OCR confidence, when the row's cells (one item each) fill the columns exactly once
    trailing blanks and leading layout blanks are dropped, as `readings` drops them."""
    if not block.recognized:
        return ()
    pairs = list(zip(items, block.confidence[start:]))
    while pairs and pairs[-1][0] is BLANK:
        pairs.pop()
    while len(pairs) > columns and pairs[0][0] is BLANK:
        pairs.pop(0)
    return tuple(conf for _, conf in pairs) if len(pairs) == columns else ()


def _value_row_after(
    stream: Stream, block: int, stop: int, columns: int
) -> tuple[tuple[str | None, ...], Source] | None:
    """The next block, when it is a table row of bare numbers and blanks that starts before `stop`."""
    blocks = stream.document.blocks
    if block + 1 >= len(blocks) or blocks[block + 1].kind != ROW:
        return None
    start = next(s.start for s in stream.spans if s.block == block + 1)
    cells = tuple(blocks[block + 1].read_cells())
    if start >= stop or not all(is_blank(c) or (len(c.split()) == 1 and is_number(c)) for c in cells):
        return None
    if not placed_as(blocks[block + 1], cells, columns):
        return None
    if all(is_blank(c) for c in cells):
        return None
    return _positions(blocks[block + 1]), stream.source(start)


def placed_as(block: Block, cells: list[str] | tuple[str, ...], columns: int) -> bool:
    """Whether a row's value cells keep the table's columns: always where a separator split them; for
    a row placed by character positions (fixed-width text), only when they are as many as its columns."""
    return not block.fixed or len(cells) == columns


def _digits_after(stream: Stream, label: Label, span: Span) -> bool:
    return bool(re.search(r"[\d０-９]", stream.text[label.end : span.end]))


def frames(rows: list[Placed], columns: int) -> list[tuple[int | None, ...]]:
    """The placements of a table's value columns: per row, the cell where its first value column
    starts, or None for a row the placement does not fit.

    A table keeps its columns either at the same cell index in every row (a grid, where merged
    cells leave blanks) or at the same distance after each row's label. A placement fits a row
    when it holds every number of the row, so a blank is never moved into another column. The
    placements fitting the most rows win, then those reaching past the fewest rows' last cell; a
    row none of them fits (shifted by a conversion) is left to its own placements (see `own`).
    """
    width = max((len(p.cells) for p in rows), default=0)
    options = [tuple(start if p.fits(start, columns) else None for p in rows) for start in range(width)]
    for offset in range(width):
        starts = [p.label_at + 1 + offset for p in rows]
        options.append(tuple(s if p.fits(s, columns) else None for p, s in zip(rows, starts)))

    def rank(option: tuple[int | None, ...]) -> tuple[int, int]:
        fitted = [(p, s) for p, s in zip(rows, option) if s is not None]
        return -len(fitted), sum(1 for p, s in fitted if s + columns > len(p.cells))

    options = [o for o in dict.fromkeys(options) if any(s is not None for s in o)]
    top = min(map(rank, options), default=None)
    return [o for o in options if rank(o) == top]


def own(row: Placed, columns: int) -> list[int]:
    """Every start of the value columns that holds all of one row's numbers, counting the row's
    first cells as lost where a conversion dropped them."""
    first = row.label_at + 2 - columns
    return [s for s in range(first, len(row.cells) + 1) if row.fits(s, columns, lost=True)]


def _glued_tail(label_cell: str, label: Label, stream: Stream, span: Span) -> str | None:
    """Digits glued to the end of a label cell ("总计23 0 00") are values, not label text."""
    tail = label_cell[label.end - span.start :]
    match = re.search(r"[\d\s.]+$", tail)
    return match.group(0).strip() if match and match.group(0).strip() else None


def _cell_items(cells: list[str]) -> list[str | None]:
    items: list[str | None] = []
    for cell in cells:
        if cell == UNREAD or is_blank(cell):
            items.append(UNREAD if cell == UNREAD else BLANK)
            continue
        tokens = cell.split()
        if not all(is_number(t) or t in ("+", "~", ">") for t in tokens):
            items.append(BLANK)  # text in a value column (a header or a note) states no value
            continue
        items.extend(clean_token(t) for t in tokens if is_number(t))
    return items


def _unread_words(cell: str) -> str:
    """An OCR'd value cell holding words or letters is a value misread, not a note: UNREAD."""
    numeric = all(is_number(t) or t in ("+", "~", ">") for t in cell.split())
    return cell if is_blank(cell) or numeric else UNREAD


def _positions(block: Block) -> tuple[str | None, ...]:
    """One entry per cell of a row: its number, or BLANK for a blank cell and for a cell of words.

    In a row read by OCR a cell holding anything but a number (read unsurely, or as letters: 「d」,
    「5]」) is UNREAD: a value stands there that was not read, so it keeps its column.
    """
    out: list[str | None] = []
    for cell in block.read_cells():
        if len(cell.split()) == 1 and is_number(cell):
            out.append(clean_token(cell))
        else:
            out.append(UNREAD if block.recognized and not is_blank(cell) else BLANK)
    return tuple(out)


def _value_run(text: str, pos: int, stop: int) -> tuple[int, int, str] | None:
    """The first run of numbers after a label's own text (its tail has no digits)."""
    segment = text[pos:stop]
    first_digit = re.search(r"[\d０-９]", segment)
    if first_digit is None:
        return None
    start = pos + first_digit.start()
    run = _VALUE_RUN.match(text, start, stop).group(0)
    run = re.sub(r"\d[.．、]\s*$", "", run)  # the next label's own number, glued on
    return start, start + len(run), run


# ---------------------------------------------------------------- orphan value rows


def orphan_rows(stream: Stream, lo: int, hi: int, taken_blocks: set[int]) -> list[tuple[list[str | None], Source]]:
    """Table rows between lo and hi holding numbers and no label: values pulled out of place."""
    out = []
    seen: set[int] = set()
    for span in stream.spans:
        if span.start < lo or span.start >= hi or span.block in seen or span.block in taken_blocks:
            continue
        seen.add(span.block)
        block = stream.document.blocks[span.block]
        if not block.sure and block.kind != ROW:
            continue
        cells = block.read_cells() if block.kind == ROW else block.text.split()
        numeric = all(c == UNREAD or is_blank(c) or all(is_number(t) for t in c.split()) for c in cells)
        if cells and numeric and any(not is_blank(c) and c != UNREAD for c in cells):
            out.append((_cell_items(cells), stream.source(span.start)))
    return out
