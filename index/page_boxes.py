"""Where a cited cell or passage sits on its PDF page, as boxes in PDF points (x0, top, x1, bottom).

A cell's source is its table row's text and page (「规章 1 0 11」, page 3): the row is the line of the
page whose numbers read the same, in order; when several rows read the same (rows of zeros), the one
level with the row's label; the cell is the number at its column. A passage is found by its first
characters in the page's text and boxed as far as the page goes on with its text. Words come from
pdfplumber; text is compared after the reader's own cleaning (index.readers.pdf.clean_line: NFKC,
no spaces), so 「（一）」 on the page matches 「(一)」 in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdfplumber.page import Page
from pdfplumber.utils import cluster_objects

from index import template as T
from index.model import STATED, Cell
from index.readers.pdf import clean_line

Box = tuple[float, float, float, float]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ROW_TOLERANCE = 3  # points between the vertical centres of numbers on one table row
_LABEL_CHARS = 6  # the first characters of a row label that find it on the page
_PASSAGE_KEY = 12  # the first characters of a passage that find it on the page
_MIN_KEY = 4
PAD = 4.0  # points around the words, so the outline does not cover them


@dataclass(frozen=True)
class _Word:
    text: str  # cleaned
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def number(self) -> float | None:
        return float(self.text) if _NUMBER.fullmatch(self.text) else None


def words(page: Page) -> list[_Word]:
    """The page's words in reading order (line by line, left to right), cleaned as the reader cleans text;
    on a scanned page (only an image), the text boxes OCR recognises, as the reader recognised them."""
    out = []
    for w in page.extract_words():
        if text := clean_line(w["text"]).replace(" ", ""):
            out.append(_Word(text, w["x0"], w["top"], w["x1"], w["bottom"]))
    if not out and not page.chars and page.images:
        return _recognized(page)
    return out


def _recognized(page: Page) -> list[_Word]:
    """OCR's text boxes of a scanned page in points, top to bottom; none without the extra gongkai[ocr]."""
    try:
        from index.readers.ocr import recognized_boxes
    except ModuleNotFoundError:
        return []
    boxes, scale = recognized_boxes(page)
    found = [_Word(b.text.replace(" ", ""), b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale) for b in boxes]
    return sorted(found, key=lambda w: (round(w.middle / _ROW_TOLERANCE), w.x0))


def cell_box(page_words: list[_Word], source_text: str, position: int | None) -> list[Box]:
    """The box of the number at `position` among the numbers of the row `source_text`; the whole row's
    numbers when the position is unknown; the row's label alone when its numbers are not found."""
    tokens = source_text.split()
    numbers = [float(t) for t in tokens if _NUMBER.fullmatch(t)]
    label = [t for t in tokens if not _NUMBER.fullmatch(t)]
    label_at = _label_middle(page_words, label)
    row = _row(page_words, numbers, label_at) if numbers else None
    if row is None:
        key = (label[-1] if label else "")[:_LABEL_CHARS]
        found = _find(page_words, key) if len(key) >= 2 else []
        return [_pad(_union(found))] if found else []
    if position is not None and 0 <= position < len(row):
        return [_pad(_union([row[position]]))]
    return [_pad(_union(row))]


def cell_position(cells: dict[str, Cell], cell_id: str) -> int | None:
    """Which number of its source row the cell is: the cells read from the same row, in template order
    (the row's columns, and 表四's groups on one line), matched in order to the row's numbers. None when
    the cell is not a stated number or the values do not line up with the numbers (a split glued number)."""
    cited = cells.get(cell_id)
    if cited is None or cited.status != STATED or cited.source is None or cited.value is None:
        return None
    numbers = [float(t) for t in cited.source.text.split() if _NUMBER.fullmatch(t)]
    where = (cited.source.text, cited.source.page)
    at = 0
    for cid in T.CELLS:
        cell = cells.get(cid)
        if (
            cell is None
            or cell.status != STATED
            or cell.source is None
            or (cell.source.text, cell.source.page) != where
        ):
            continue
        while at < len(numbers) and numbers[at] != cell.value:
            at += 1
        if at == len(numbers):
            return None
        if cid == cell_id:
            return at
        at += 1
    return None


def passage_box(page_words: list[_Word], text: str) -> list[Box]:
    """The box around the passage's text on the page, from its first characters as far as the page
    continues with the passage."""
    wanted = clean_line(text).replace(" ", "")
    if len(wanted) < _MIN_KEY:
        return []
    joined, owners = _joined(page_words)
    start = joined.find(wanted[:_PASSAGE_KEY])
    if start < 0:
        return []
    length = 0
    while start + length < len(joined) and length < len(wanted) and joined[start + length] == wanted[length]:
        length += 1
    chosen = sorted({owners[i] for i in range(start, start + length)})
    return [_pad(_union([page_words[i] for i in chosen]))]


def _row(page_words: list[_Word], numbers: list[float], label_at: float | None) -> list[_Word] | None:
    """The run of number words on one line of the page reading `numbers` in order; of several, the one
    nearest the label."""
    runs = []
    lines = cluster_objects([w for w in page_words if w.number is not None], lambda w: w.middle, _ROW_TOLERANCE)
    for line in lines:
        line = sorted(line, key=lambda w: w.x0)
        values = [w.number for w in line]
        for start in range(len(values) - len(numbers) + 1):
            if values[start : start + len(numbers)] == numbers:
                runs.append(line[start : start + len(numbers)])
    if not runs:
        return None
    if label_at is None:
        return runs[0]
    return min(runs, key=lambda run: abs(run[0].middle - label_at))


def _label_middle(page_words: list[_Word], label: list[str]) -> float | None:
    """The vertical middle of the row label's last part (「(三)不予公开 1.属于国家秘密」: 「1.属于国家秘密」, the
    part in the row's own cell), found by its first characters."""
    if not label:
        return None
    for key in (label[-1][:_LABEL_CHARS], "".join(label)[:_LABEL_CHARS]):
        if len(key) >= 2 and (found := _find(page_words, key)):
            return found[0].middle
    return None


def _find(page_words: list[_Word], key: str) -> list[_Word]:
    """The words holding the first occurrence of `key` in the page's text."""
    joined, owners = _joined(page_words)
    start = joined.find(key)
    if start < 0:
        return []
    return [page_words[i] for i in sorted({owners[j] for j in range(start, start + len(key))})]


def _joined(page_words: list[_Word]) -> tuple[str, list[int]]:
    """The page's text with no spaces, and the word each character belongs to."""
    owners = [i for i, w in enumerate(page_words) for _ in w.text]
    return "".join(w.text for w in page_words), owners


def _union(found: list[_Word]) -> Box:
    return (min(w.x0 for w in found), min(w.top for w in found), max(w.x1 for w in found), max(w.bottom for w in found))


def _pad(box: Box) -> Box:
    x0, top, x1, bottom = box
    return (x0 - PAD, top - PAD, x1 + PAD, bottom + PAD)
