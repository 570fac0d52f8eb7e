"""PDF with a text layer → ordered heading, paragraph and table-row blocks, each with its 1-based page.

Tables come from the ruling lines pdfplumber finds; the text outside them arrives as lines and is
regrouped into paragraphs here, since a PDF knows nothing of paragraphs.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from index.document import HEADING, PARAGRAPH, ROW, Block, Document, ReadError
from index.limits import MAX_PAGES, over
from index.readers._grid import PAGE_DASHES, PAGE_OF, looks_like_heading
from index.readers.borderless import Column, Line, Piece, pieces, table_rows

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # "Could not get FontBBox" warnings by the hundred

NO_TEXT_LAYER = "此PDF没有文字层（可能是扫描件），需要先做OCR"
NOTHING_RECOGNIZED = "此PDF没有文字层，文字识别也没有读出文字（可能是空白页或图片不清晰）"
UNREADABLE = "无法读取PDF文件：文件已损坏或不是PDF"
ENCRYPTED = "无法读取PDF文件：文件已加密，需要密码才能打开"

# Ideographs (Kangxi radicals included, they are what NFKC later repairs) and CJK/full-width punctuation,
# but not full-width digits: a space pdfplumber puts next to one of these is a glyph gap, not a word break.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
_SPACE_BY_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_PAGE_NUMBER = re.compile(rf"[{PAGE_DASHES}\s]*(?:{PAGE_OF}|\d+(?:/\d+)?)[{PAGE_DASHES}\s]*")
# What opens a numbered paragraph after NFKC: 「一、」「(一)」「1.」「2、」, but not 「1.5万元」.
_NUMBERED = re.compile(r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)")
_SENTENCE_END = ("。", "!", "?")
_PAINT = ("rect", "line", "curve")
MARGIN = 0.08  # share of the page height at top and bottom where a bare number is a page number
_TITLE_SCALE = 1.2  # a line this much larger than body text is the document title
_SNAP = 3  # pdfplumber's default snap tolerance, in points


@dataclass(frozen=True)
class TextLine:
    """A text line outside the tables, with the geometry paragraph merging looks at (in points).
    `confidence` is set when the line was read by OCR (index.readers.ocr)."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    size: float
    in_margin: bool
    confidence: float | None = None


@dataclass(frozen=True)
class TableRow:
    """A table row; `confidence` holds each cell's OCR confidence when the row was read by OCR."""

    page: int
    top: float
    cells: tuple[str, ...]
    confidence: tuple[float, ...] = ()


@dataclass(frozen=True)
class _Layout:
    """What a plain body line of this file looks like: where it starts and ends, its size, line pitch,
    and whether paragraphs open with a first-line indent."""

    left: float
    right: float
    size: float
    pitch: float
    indents: bool


def read_pdf(path: Path) -> Document:
    """Read a PDF; pages without a text layer go through OCR when the extra gongkai[ocr] is installed.
    ReadError for scans without it, damaged or non-PDF files and locked files."""
    items, recognized = _items(path)
    blocks = blocks_of(items)
    if not blocks:
        raise ReadError(NOTHING_RECOGNIZED if recognized else NO_TEXT_LAYER)
    return Document(path=str(path), blocks=blocks)


def blocks_of(items: list[TextLine | TableRow]) -> list[Block]:
    """Lines and rows in reading order → blocks, page numbers left out."""
    items = [i for i in items if not (isinstance(i, TextLine) and _is_page_number(i))]
    return _blocks(items, _layout([i for i in items if isinstance(i, TextLine)]))


def _items(path: Path) -> tuple[list[TextLine | TableRow], bool]:
    """Every page's rows and lines in reading order, and whether OCR read any page: a page that is only
    an image is read by OCR when the extra is installed."""
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise over("页数", MAX_PAGES, "页")
            pages = [page.dedupe_chars() for page in pdf.pages]
            scanned = {n for n, page in enumerate(pages, 1) if not page.chars and page.images}
            read = _ocr_pages(pages, scanned)
            items: list[TextLine | TableRow] = []
            columns: tuple[Column, ...] = ()  # a borderless table's columns, kept over a page break
            for n, page in enumerate(pages, 1):
                if n in read:
                    items += read[n]
                    columns = ()
                else:
                    page_items, columns = _page_items(page, n, columns)
                    items += page_items
            return items, bool(read)
    except ReadError:
        raise
    except PdfminerException as exc:
        locked = bool(exc.args) and isinstance(exc.args[0], PDFEncryptionError)
        raise ReadError(ENCRYPTED if locked else UNREADABLE) from exc
    except Exception as exc:  # a damaged file makes pdfplumber fail anywhere, e.g. TypeError on a broken MediaBox
        raise ReadError(UNREADABLE) from exc


def _ocr_pages(pages: list[Page], scanned: set[int]) -> dict[int, list[TextLine | TableRow]]:
    """The scanned pages' items by page number; none without the OCR extra (the pages then read as empty)."""
    if not scanned:
        return {}
    try:
        from index.readers.ocr import read_pages
    except ModuleNotFoundError:  # gongkai[ocr] is not installed
        return {}
    return read_pages({n: pages[n - 1] for n in sorted(scanned)})


def _page_items(
    page: Page, number: int, columns: tuple[Column, ...]
) -> tuple[list[TextLine | TableRow], tuple[Column, ...]]:
    """A page's table rows and the text lines outside its tables, top to bottom, and the columns of its
    last borderless table. Ruled tables come from their lines; lines of text that stand in columns
    become rows of a borderless table (index.readers.borderless)."""
    drawn = page.filter(_is_visible)
    settings = {"explicit_horizontal_lines": _closing_rules(drawn.edges)}
    # A one-column "table" is a framed paragraph, not a grid: leave its text to the paragraphs.
    tables = [t for t in drawn.find_tables(settings) if len(t.columns) > 1]
    items: list[TextLine | TableRow] = []
    for table in tables:
        for row, texts in zip(table.rows, table.extract(), strict=True):
            cells = tuple(clean_line(t or "") for t in texts)
            if any(cells):
                items.append(TableRow(number, row.bbox[1], cells))
    boxes = [t.bbox for t in tables]
    prose = page.filter(lambda obj: obj["object_type"] != "char" or not _inside(obj, boxes))
    top, height = page.bbox[1], page.height
    lines: list[tuple[TextLine, Line]] = []
    for line in prose.extract_text_lines(return_chars=True):
        if text := clean_line(line["text"]):
            rel_top, rel_bottom = line["top"] - top, line["bottom"] - top
            margin = rel_top > (1 - MARGIN) * height or rel_bottom < MARGIN * height
            size = _mode(c["size"] for c in line["chars"])
            parts = (Piece(clean_line(p.text), p.x0, p.x1) for p in pieces(line["chars"]))
            lines.append(
                (TextLine(number, text, line["x0"], line["x1"], line["top"], size, margin), Line(tuple(parts)))
            )
    rows, columns = table_rows([line for _, line in lines], columns)
    for n, (text_line, _) in enumerate(lines):
        items.append(TableRow(number, text_line.top, rows[n]) if n in rows else text_line)
    return sorted(items, key=lambda item: item.top), columns


def clean_line(raw: str) -> str:
    """One line of text: line breaks and runs of spaces become one space, spaces pdfplumber infers from
    glyph gaps next to Chinese characters go, then NFKC (it maps Kangxi radicals such as ⾏ to 行)."""
    return unicodedata.normalize("NFKC", _SPACE_BY_CJK.sub("", " ".join(raw.split())))


def _is_visible(obj: dict[str, Any]) -> bool:
    """False for paint that vanishes on white paper. Word exports put white boxes behind text lines;
    their edges would turn prose into tables and glue it to the real table below."""
    if obj["object_type"] not in _PAINT:
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _is_white(color: Any) -> bool:
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not all(isinstance(v, int | float) for v in color):
        return False  # unset (black by default) or a pattern
    return tuple(color) in {(1,), (1, 1, 1), (0, 0, 0, 0)}  # gray, RGB, CMYK white


def _closing_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A horizontal rule wherever two or more column rules start or end together.

    A table split over pages often lacks its border at the break, and pdfplumber then drops the open
    row (「2.没有现成信息需要另行制作」 at the foot of a page). Where column rules stop, a border belongs.
    """
    verticals = [e for e in edges if e["orientation"] == "v"]
    rules = []
    for key, outermost in (("top", min), ("bottom", max)):
        for group in cluster_objects(verticals, key, _SNAP):
            if len(group) > 1:
                y = outermost(e[key] for e in group)
                x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
                rules.append(
                    {
                        "object_type": "closing_edge",
                        "orientation": "h",
                        "x0": x0,
                        "x1": x1,
                        "width": x1 - x0,
                        "top": y,
                        "bottom": y,
                        "height": 0,
                    }
                )
    return rules


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _is_page_number(line: TextLine) -> bool:
    """Page furniture: 「- 3 -」「— 3 —」「第3页」 anywhere; a bare 「3」 or 「3/5」 only in the top or
    bottom margin, since inside the body it may be part of the text."""
    if not _PAGE_NUMBER.fullmatch(line.text):
        return False
    return line.in_margin or not line.text.replace("/", "").isdigit()


def _mode(values: Iterable[float], default: float = 0.0) -> float:
    """The most common value to the nearest point: robust against the odd title or short line."""
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0]) if counts else default


def _layout(lines: list[TextLine]) -> _Layout:
    size = _mode(line.size for line in lines)
    left = _mode(line.x0 for line in lines)
    pitches = (b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page and b.top > a.top)
    indented = sum(size < line.x0 - left < 4 * size and not _NUMBERED.match(line.text) for line in lines)
    return _Layout(
        left=left,
        right=_mode(line.x1 for line in lines),
        size=size,
        pitch=_mode(pitches, default=2 * size),
        indents=indented >= 2,
    )


def _blocks(items: list[TextLine | TableRow], layout: _Layout) -> list[Block]:
    """Rows as they come; lines grouped into titles, headings and paragraphs (a paragraph may run on
    across a page break, and keeps the page it starts on)."""
    blocks: list[Block] = []
    group: list[TextLine] = []

    def flush() -> None:
        if group:
            kind = HEADING if _is_title(group[0], layout) or _is_heading(group[0], layout) else PARAGRAPH
            read = [line.confidence for line in group if line.confidence is not None]
            confidence = (min(read),) if read else ()
            blocks.append(Block(kind, "".join(line.text for line in group), page=group[0].page, confidence=confidence))
            group.clear()

    for item in items:
        if isinstance(item, TableRow):
            flush()
            blocks.append(Block(ROW, "\t".join(item.cells), item.cells, page=item.page, confidence=item.confidence))
            continue
        if group and not _continues(group[-1], item, layout):
            flush()
        group.append(item)
    flush()
    return blocks


def _is_title(line: TextLine, layout: _Layout) -> bool:
    return line.size >= _TITLE_SCALE * layout.size


def _is_heading(line: TextLine, layout: _Layout) -> bool:
    """A numbered line such as 「一、总体情况」 or 「(三)政府信息管理情况。」 that stands alone: a numbered
    line running to the right margin opens a paragraph instead."""
    return looks_like_heading(line.text.rstrip("。")) and not _fills(line, layout)


def _fills(line: TextLine, layout: _Layout) -> bool:
    return line.x1 >= layout.right - 1.5 * layout.size


def _continues(prev: TextLine, line: TextLine, layout: _Layout) -> bool:
    """Whether `line` wraps on from `prev`: Chinese text wraps mid-sentence, and a new paragraph shows
    as a first-line indent, a number (一、 （一） 1.), a short line before it, a wider line gap or
    another font size."""
    if _is_title(prev, layout) or _is_title(line, layout):
        same_title = _is_title(prev, layout) and _is_title(line, layout) and abs(prev.size - line.size) < 1
        return same_title and prev.page == line.page
    if _is_heading(prev, layout) or _is_heading(line, layout):
        return False
    if abs(line.size - prev.size) > 1 or (line.page == prev.page and line.top - prev.top > 1.5 * layout.pitch):
        return False
    if line.x0 > layout.left + layout.size or not _fills(prev, layout):
        return False
    if _NUMBERED.match(line.text):
        return False
    return layout.indents or not prev.text.endswith(_SENTENCE_END)
