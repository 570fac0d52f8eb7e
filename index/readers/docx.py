"""DOCX report → heading, paragraph and table-row blocks in body order.

The zip directory is checked before anything is inflated, and paragraph and cell counts before
the walk; paragraph styles are resolved once per style, not looked up per paragraph (python-docx's
lookup scans every style, which made a small file with many styles take minutes).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from index.document import Block, Document, ReadError
from index.limits import MAX_PARAGRAPHS, MAX_TABLE_CELLS, check_zip, over
from index.readers._grid import row_blocks, text_block

_HEADING_STYLES = ("heading", "title", "标题")
BROKEN = "不是有效的 DOCX 文件（可能已损坏，或是旧版 .doc 等其他格式）"


def read_docx(path: Path) -> Document:
    """Read one DOCX; `line` counts body paragraphs and table rows, 1-based, in body order."""
    document = _open(path)
    body = document.element.body
    if sum(1 for _ in body.iter(qn("w:tc"))) > MAX_TABLE_CELLS:
        raise over("表格单元格数", MAX_TABLE_CELLS, "个")
    if sum(1 for _ in body.iter(qn("w:p"))) > MAX_PARAGRAPHS:
        raise over("段落数", MAX_PARAGRAPHS, "段")
    headings = _heading_style_ids(document)
    blocks: list[Block] = []
    line = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            line += 1
            block = text_block(item.text, line, _style_id(item) in headings)
            if block:
                blocks.append(block)
        elif isinstance(item, Table):
            rows = list(item.rows)
            grid = [_row_grid(row) for row in rows]
            blocks += row_blocks(grid, range(line + 1, line + 1 + len(rows)), _cell_text)
            line += len(rows)
    title = (document.core_properties.title or "").strip()
    return Document(path=str(path), blocks=blocks, meta={"title": title} if title else {})


def _open(path: Path):
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
        return docx.Document(str(path))
    except ReadError:
        raise
    except Exception as exc:  # python-docx and zipfile fail on broken packages in many ways; each means "not a DOCX"
        raise ReadError(BROKEN) from exc


def _heading_style_ids(document) -> frozenset[str]:
    """The paragraph style ids whose names say heading or title, and the default style if it does."""
    ids = set()
    for style in document.styles.element.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower().startswith(_HEADING_STYLES):
            ids.add(style.get(qn("w:styleId")))
            if style.get(qn("w:default")) in ("1", "true"):
                ids.add(None)
    return frozenset(ids)


def _style_id(paragraph: Paragraph) -> str | None:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def _row_grid(row: _Row) -> list[etree._Element | None]:
    """The <w:tc> at each grid position: python-docx repeats a merged cell's element over every position
    it spans (vertically too); columns a row skips before or after its cells are holes."""
    return [None] * row.grid_cols_before + [cell._tc for cell in row.cells] + [None] * row.grid_cols_after


def _cell_text(tc: etree._Element) -> str:
    """All paragraphs of a cell, nested tables included, one per line."""
    return "\n".join(p.text for p in tc.iter(qn("w:p")))
