"""What the HTML and DOCX readers share: cleaned cell text, heading detection, table grids to row blocks."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from index.document import HEADING, PARAGRAPH, ROW, Block

K = TypeVar("K", bound=Hashable)

_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")
# Ideographs, CJK and full-width punctuation (not full-width digits or letters): a line break between two
# of them is layout, not a space.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
# Chinese official-document numbering: 「一、」 for sections, 「（一）」 for subsections.
_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_SENTENCE_END = ("。", "；", ";", "，", ",", "：", ":")
_HEADING_MAX_CHARS = 40
# Page furniture as printed reports number their pages: 「- 3 -」「— 3 —」「第3页 共8页」 (after NFKC).
PAGE_DASHES = r"\-‐‑‒–—―−~·•"
PAGE_OF = r"第\d+页(?:[,/]?共\d+页)?|共\d+页[,/]?第\d+页"


def clean_text(raw: str) -> str:
    """Collapse whitespace runs (nbsp and ideographic space included) to one space, and drop it between
    Chinese characters, so a label broken over source lines becomes one string while digits stay apart."""
    return _CJK_GAP.sub("", " ".join(raw.translate(_INVISIBLE).split()))


def looks_like_heading(text: str) -> bool:
    """A short line opening with section numbering and not ending like a sentence: how reports head
    sections when the source carries no heading markup."""
    return len(text) <= _HEADING_MAX_CHARS and _NUMBERED.match(text) is not None and not text.endswith(_SENTENCE_END)


def text_block(text: str, line: int | None, heading: bool = False) -> Block | None:
    """A heading or paragraph block from raw text, or None when nothing visible is left."""
    text = clean_text(text)
    if not text:
        return None
    kind = HEADING if heading or looks_like_heading(text) else PARAGRAPH
    return Block(kind=kind, text=text, line=line)


def row_blocks(
    grid: Sequence[Sequence[K | None]], lines: Sequence[int | None], text_of: Callable[[K], str]
) -> list[Block]:
    """Turn a table grid into row blocks.

    `grid` holds, per row, the cell occupying each grid position (the same cell repeated where it spans,
    None for a hole). The first position of a cell keeps its text; the positions it spans and holes become
    "", so a span is never read as a repeated value and a blank stays "not stated". Rows are padded to the
    widest; rows with no text at all are left out.
    """
    width = max((len(row) for row in grid), default=0)
    seen: set[K] = set()
    blocks = []
    for row, line in zip(grid, lines):
        cells = []
        for cell in row:
            if cell is None or cell in seen:
                cells.append("")
            else:
                seen.add(cell)
                cells.append(clean_text(text_of(cell)))
        cells += [""] * (width - len(cells))
        if any(cells):
            blocks.append(Block(kind=ROW, text="\t".join(cells), cells=tuple(cells), line=line))
    return blocks


# "标题: …" lines that site dumps put before the body; they name the page's own metadata. A page's info
# line holds several: 「发布时间：2024-01-25 10:20　来源：甲乙市丙丁局　浏览次数：12」.
_META_KEYS = {
    "标题": "title",
    "名称": "title",
    "发布时间": "published",
    "发文日期": "published",
    "成文日期": "published",
    "发布机构": "agency",
    "发文机关": "agency",
    "发布单位": "agency",
    "信息来源": "agency",
    "来源": "agency",
}
META_FIELDS = tuple(_META_KEYS)
_META_LINE = re.compile(r"^\s*(?:" + "|".join(_META_KEYS) + r")\s*[:：]")
# One field of such a line; a title runs to the line's end, any other value to the next field.
_META_FIELD = re.compile(r"(?:^|(?<=\s))(" + "|".join(_META_KEYS) + r")\s*[:：]\s*(.+?)\s*(?=\s\S{2,8}?\s*[:：]|$)")


def field_meta(head: list[str]) -> dict[str, str]:
    """The page's own fields written in its first lines (a text export's header, an HTML page's 信息公开
    info table): title, published, agency."""
    meta: dict[str, str] = {}
    for line in head:
        if not _META_LINE.match(line):
            continue
        for key, value in _META_FIELD.findall(line.strip()):
            field = _META_KEYS[key]
            meta.setdefault(field, line.split(key, 1)[1].lstrip(" \t:：").strip() if field == "title" else value)
    return meta
