"""Tables laid out in fixed-width columns (pdftotext -layout): each number placed by its position.

pdftotext writes a table row as its cells' texts at their x positions, apart by runs of spaces, and a
blank cell as more spaces: the gap does not say how many cells are blank. Within a table the columns
stand at the same positions in every line, so the columns are the spans its numbers cover (numbers of
one column overlap, centred or aligned either way), with the headers of columns left wholly blank.
Each row's numbers are then placed in those columns, blanks kept. Only where the positions are
consistent: a number overlapping two columns' numbers, or two numbers of a row in one column, leaves
the whole table as text, read as today (unaligned); the parser checks the count of columns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.parse.numbers import BLANK_MARKS, is_number

_TOKEN = re.compile(r"\S+")
_FIELD_GAP = 2  # spaces that separate two cells; one space stays inside a cell's text


@dataclass(frozen=True)
class Field:
    """A cell's text and the display columns it covers, [start, end)."""

    start: int
    end: int
    text: str
    value: bool  # a number or a blank mark (「—」「/」), which stands in a value column

    def overlaps(self, lo: int, hi: int) -> bool:
        return self.start < hi and lo < self.end


@dataclass(frozen=True)
class Line:
    fields: tuple[Field, ...]

    @property
    def values(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.value)

    @property
    def labels(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.value)

    @property
    def is_row(self) -> bool:
        """Label text then values, nothing after them, at least two fields: a table row."""
        kinds = [f.value for f in self.fields]
        return len(kinds) >= 2 and any(kinds) and kinds == sorted(kinds)

    @property
    def breaks(self) -> bool:
        """A flush-left line of one text (a heading, a paragraph, a table's title) ends a table."""
        return len(self.fields) == 1 and not self.fields[0].value and self.fields[0].start == 0


def display_width(text: str) -> int:
    """Columns a text takes in pdftotext -layout output: two for a wide (CJK, full-width) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fixed_rows(lines: list[str]) -> dict[int, tuple[str, ...]]:
    """Per index of a line that is a table row laid out in fixed-width columns: its cells, the label's
    text first (when it has one), then one cell per column, "" for a blank one. A tab-separated or
    markdown line keeps its own cells and ends a table."""
    out: dict[int, tuple[str, ...]] = {}
    for table in _tables([None if "\t" in text or text.lstrip().startswith("|") else _line(text) for text in lines]):
        out.update(_placed(table))
    return out


def _line(text: str) -> Line:
    fields: list[Field] = []
    for match in _TOKEN.finditer(text):
        start = display_width(text[: match.start()])
        token = match.group(0)
        end = start + display_width(token)
        value = token in BLANK_MARKS or is_number(token)
        previous = fields[-1] if fields else None
        if previous and not value and not previous.value and start - previous.end < _FIELD_GAP:
            fields[-1] = Field(previous.start, end, f"{previous.text} {token}", False)
        else:
            fields.append(Field(start, end, token, value))
    return Line(tuple(fields))


def _tables(lines: list[Line | None]) -> list[dict[int, Line]]:
    """Runs of lines that may be one table, broken by a tab-separated or markdown line (None) and by a
    header line after rows, which opens the next table: text only, several cells, reaching into the
    rows' values (a row of labels without values stays left of them). Empty lines and flush-left lines
    of one text (a heading, a paragraph, a row's label alone) neither end a table nor count as its
    header."""
    tables: list[dict[int, Line]] = []
    current: dict[int, Line] = {}
    for i, line in enumerate(lines):
        if line is not None and (not line.fields or line.breaks):
            continue
        header = line is not None and not line.values and len(line.fields) > 1
        rows = [x for x in current.values() if x.is_row]
        if line is None or (header and rows and line.fields[-1].end > min(f.start for x in rows for f in x.values)):
            tables.append(current)
            current = {}
        if line is not None:
            current[i] = line
    tables.append(current)
    return [t for t in tables if any(x.is_row for x in t.values())]


def _placed(table: dict[int, Line]) -> dict[int, tuple[str, ...]]:
    rows = {i: x for i, x in table.items() if x.is_row}
    columns = _columns(table, rows)
    if columns is None:
        return {}
    out = {}
    for i, row in rows.items():
        cells = [""] * len(columns)
        for f in row.values:
            (at,) = [c for c, (lo, hi) in enumerate(columns) if f.overlaps(lo, hi)]
            if cells[at]:
                return {}  # two numbers of a row in one column: the positions are not a grid
            cells[at] = f.text
        label = " ".join(f.text for f in row.labels)
        out[i] = ((label,) if label else ()) + tuple(cells)
    return out


def _columns(table: dict[int, Line], rows: dict[int, Line]) -> list[tuple[int, int]] | None:
    """The value columns' spans: the numbers' spans, those that overlap merged into one, and, where the
    header lines (above the rows, two cells or more right of the labels: a row of labels alone has one
    at most), the header cells over no number: columns left blank throughout. None where the positions
    are no grid: a column starting inside the rows' labels, or, under header lines, a column of numbers
    with no header cell over it alone (two tables run together, numbers apart by gaps, not positions)."""
    spans = _merged([(f.start, f.end) for row in rows.values() for f in row.values])
    label_end = max((f.end for row in rows.values() for f in row.labels), default=0)
    if spans[0][0] < label_end:
        return None
    headers = {
        i: [f for f in line.fields if f.end > label_end]
        for i, line in table.items()
        if i < min(rows) and sum(f.start >= label_end for f in line.fields) >= 2
    }
    if len(rows) < 2 and not headers:
        return None  # one line of text and numbers, no header: nothing says it is a table
    if headers and not all(_headed(lo, hi, headers, spans, label_end) for lo, hi in spans):
        return None  # a column of numbers under no header cell of its own: the headers are no grid over them
    return sorted(spans + _blank_columns(headers, spans, label_end))


def _over(f: Field, spans: list[tuple[int, int]]) -> int:
    return sum(f.overlaps(lo, hi) for lo, hi in spans)


def _headed(lo: int, hi: int, headers: dict[int, list[Field]], spans: list[tuple[int, int]], label_end: int) -> bool:
    """Whether a header cell right of the labels stands over the column of numbers [lo, hi) and no other."""
    return any(
        f.start >= label_end and f.overlaps(lo, hi) and _over(f, spans) == 1 for c in headers.values() for f in c
    )


def _blank_columns(headers: dict[int, list[Field]], spans: list[tuple[int, int]], label_end: int) -> list:
    """The spans of header cells right of the labels over no number and over no header cell of a lower
    line (a group heading stands above its columns' own cells)."""
    heads = [(i, f) for i, fields in headers.items() for f in fields if f.start >= label_end and not _over(f, spans)]
    lower = [(j, o) for j, fields in headers.items() for o in fields]
    return [(h.start, h.end) for i, h in heads if not any(j > i and o.overlaps(h.start, h.end) for j, o in lower)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
