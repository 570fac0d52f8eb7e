"""Plain text and markdown: one block per line, tab-separated and markdown table lines as rows."""

from __future__ import annotations

import re
from pathlib import Path

from index.document import HEADING, PARAGRAPH, ROW, Block, Document, ReadError
from index.readers.encoding import decode_text

_MARKDOWN_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、\S{2,30}$")
# "标题: …" lines that site dumps put before the body; they name the page's own metadata.
_META_KEYS = {
    "标题": "title",
    "名称": "title",
    "发布时间": "published",
    "发文日期": "published",
    "成文日期": "published",
    "发布机构": "agency",
    "发文机关": "agency",
}
_META_LINE = re.compile(r"^\s*(" + "|".join(_META_KEYS) + r")\s*[:：]\s*(.+?)\s*$")
_HEADER_LINES = 20
# A first line naming where a saved copy came from is about the file, not the report.
_PROVENANCE = "# source:"


def read_text(path: Path) -> Document:
    """Read a .txt or .md report; GB18030 is tried when the bytes are not UTF-8."""
    text = decode_text(path.read_bytes())
    lines = text.splitlines()
    blocks = [b for n, line in enumerate(lines, 1) if (b := _block(line, n)) is not None]
    if not blocks:
        raise ReadError("文件没有任何文字内容")
    return Document(str(path), blocks, _meta(lines[:_HEADER_LINES]))


def _block(line: str, number: int) -> Block | None:
    stripped = line.strip()
    if not stripped or _MARKDOWN_SEPARATOR.match(stripped) or stripped.startswith(_PROVENANCE):
        return None
    if "\t" in line:
        cells = tuple(c.strip() for c in line.rstrip("\r\n").split("\t"))
        return Block(ROW, "\t".join(cells), cells, line=number)
    if stripped.startswith("|") and stripped.count("|") >= 3:
        inner = stripped.strip("|")
        cells = tuple(c.strip() for c in inner.split("|"))
        return Block(ROW, "\t".join(cells), cells, line=number)
    if stripped.startswith("#"):
        return Block(HEADING, stripped.lstrip("#").strip(), line=number)
    if _SECTION_HEADING.match(stripped):
        return Block(HEADING, stripped, line=number)
    return Block(PARAGRAPH, stripped, line=number)


def _meta(head: list[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in head:
        if m := _META_LINE.match(line):
            meta.setdefault(_META_KEYS[m.group(1)], m.group(2))
    return meta
