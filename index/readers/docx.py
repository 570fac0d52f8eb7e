"""DOCX report → heading, paragraph and table-row blocks in body order."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from index.document import Block, Document, ReadError
from index.readers._grid import row_blocks, text_block

_HEADING_STYLES = ("heading", "title", "标题")


def read_docx(path: Path) -> Document:
    """Read one DOCX; `line` counts body paragraphs and table rows, 1-based, in body order."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx fails on broken packages in many ways; each means "not a DOCX"
        raise ReadError(f"不是有效的 DOCX 文件（可能已损坏，或是旧版 .doc 等其他格式）：{exc}") from exc
    blocks: list[Block] = []
    line = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            line += 1
            block = text_block(item.text, line, _has_heading_style(item))
            if block:
                blocks.append(block)
        elif isinstance(item, Table):
            rows = list(item.rows)
            grid = [_row_grid(row) for row in rows]
            blocks += row_blocks(grid, range(line + 1, line + 1 + len(rows)), _cell_text)
            line += len(rows)
    title = (document.core_properties.title or "").strip()
    return Document(path=str(path), blocks=blocks, meta={"title": title} if title else {})


def _has_heading_style(paragraph: Paragraph) -> bool:
    style = paragraph.style
    return style is not None and (style.name or "").lower().startswith(_HEADING_STYLES)


def _row_grid(row: _Row) -> list[etree._Element | None]:
    """The <w:tc> at each grid position: python-docx repeats a merged cell's element over every position
    it spans (vertically too); columns a row skips before or after its cells are holes."""
    return [None] * row.grid_cols_before + [cell._tc for cell in row.cells] + [None] * row.grid_cols_after


def _cell_text(tc: etree._Element) -> str:
    """All paragraphs of a cell, nested tables included, one per line."""
    return "\n".join(p.text for p in tc.iter(qn("w:p")))
