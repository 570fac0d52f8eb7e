"""Plain text and markdown: one block per line, tab-separated and markdown table lines as rows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from index.document import HEADING, PARAGRAPH, ROW, Block, Document, ReadError
from index.parse.numbers import BLANK_MARKS, is_number
from index.readers._grid import PAGE_DASHES, PAGE_OF, clean_text, field_meta
from index.readers.encoding import decode_text
from index.readers.fixed_width import fixed_rows

# A line break inside a markdown table cell, as PDF-to-markdown converters write a wrapped cell.
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKDOWN_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、\S{2,30}$")
_HEADER_LINES = 20
# A printed page's number as a text export keeps it between the lines of a page, inside a table too. A bare
# 「5」 is not one: it may be a cell of a one-cell-per-line export.
_PAGE_NUMBER = re.compile(rf"[{PAGE_DASHES}]+\d+[{PAGE_DASHES}]+|[{PAGE_DASHES}]*(?:{PAGE_OF})[{PAGE_DASHES}]*")
_DOUBLE_SPACED_LINES = 20  # a text this long with every other line empty is double-spaced, not a chance
# A first line naming where a saved copy came from is about the file, not the report.
_PROVENANCE = "# source:"


def read_text(path: Path) -> Document:
    """Read a .txt or .md report in whichever encoding it was saved (index/readers/encoding.py)."""
    decoded = decode_text(path.read_bytes())
    lines = decoded.text.splitlines()
    numbered = _single_spaced(list(enumerate(lines, 1)))
    kept = [(n, line) for n, line in numbered if not _is_page_number(line)]
    blocks = list(_blocks(kept, fixed_rows([line for _, line in kept])))
    if not blocks:
        raise ReadError("文件没有任何文字内容")
    return Document(str(path), blocks, field_meta(lines[:_HEADER_LINES]), decoded.warnings)


def _blocks(lines: list[tuple[int, str]], fixed: dict[int, tuple[str, ...]]) -> Iterator[Block]:
    """One block per line (numbered lines, page numbers left out), except that a run of lines each holding
    one number or nothing, between two lines of text, is one table row: exports that write one table cell
    per line write an empty line for a blank cell, so within such a run an empty line is a cell, not a
    paragraph break. A run with no number is no row: 「无」 alone under a heading is the section's text. A line
    of a fixed-width table (`fixed`, by index) is a row of the cells placed in its columns."""
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and _bare_cell(lines[end][1]):
            end += 1
        cells = tuple(line.strip() for _, line in lines[n:end])
        if end - n >= 2 and any(is_number(c) for c in cells) and n > 0 and end < len(lines):
            yield Block(ROW, "\t".join(cells), cells, line=lines[n][0])
        else:
            for i in range(n, max(end, n + 1)):
                number, line = lines[i]
                if i in fixed:
                    yield Block(ROW, "\t".join(fixed[i]), fixed[i], line=number, fixed=True)
                elif (block := _block(line, number)) is not None:
                    yield block
        n = max(end, n + 1)


def _single_spaced(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A double-spaced export (an empty line after every line, as some editors save paragraphs) without
    its spacing lines: every other line is empty throughout, so those are spacing, and an empty line in
    between is a blank cell of a one-cell-per-line table, not a second one of spacing."""
    if len(lines) >= _DOUBLE_SPACED_LINES and all(not line.strip() for _, line in lines[1::2]):
        return lines[::2]
    return lines


def _is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch("".join(unicodedata.normalize("NFKC", line).split())))


def _bare_cell(line: str) -> bool:
    """An empty line, a blank mark (「—」「/」) or one bare number (a tab-separated line is a row of its own)."""
    stripped = line.strip()
    if "\t" in line:
        return False
    return not stripped or stripped in BLANK_MARKS or (len(stripped.split()) == 1 and is_number(stripped))


def _block(line: str, number: int) -> Block | None:
    stripped = line.strip()
    if not stripped or _MARKDOWN_SEPARATOR.match(stripped) or stripped.startswith(_PROVENANCE):
        return None
    if "\t" in line:
        cells = tuple(c.strip() for c in line.rstrip("\r\n").split("\t"))
        return Block(ROW, "\t".join(cells), cells, line=number)
    if stripped.startswith("|") and stripped.count("|") >= 3:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]  # one pipe each side, not a blank cell
        cells = tuple(clean_text(_LINE_BREAK.sub(" ", c)) for c in inner.split("|"))
        return Block(ROW, "\t".join(cells), cells, line=number)
    if stripped.startswith("#"):
        return Block(HEADING, stripped.lstrip("#").strip(), line=number)
    if _SECTION_HEADING.match(stripped):
        return Block(HEADING, stripped, line=number)
    return Block(PARAGRAPH, stripped, line=number)
