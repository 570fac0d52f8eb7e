"""Saved government web page → the article body as heading, paragraph and table-row blocks."""

from __future__ import annotations

import codecs
import re
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

import lxml.html
from lxml import etree

from index.document import ROW, Block, Document, ReadError
from index.readers._grid import META_FIELDS, field_meta, row_blocks, text_block
from index.readers.encoding import Decoded, decode_text

_DECLARED = re.compile(rb"""<(?:meta[^>]*?charset|\?xml[^>]*?encoding)\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DECLARATION_SCAN_BYTES = 8192
# What the shared text decoding covers: GB18030 is a superset of the GBK and GB2312 that pages declare.
_TEXT_DECODING = {"utf-8", "gb2312", "gbk", "gb18030"}

_DROPPED = (
    "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg", "canvas",
    "button", "select", "input", "textarea", "nav", "header", "footer", "aside",
)  # fmt: skip
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = _HEADING_TAGS | {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "form", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
_CONTENT_HINT = re.compile(r"trs_?editor|zoom|article|content|detail|main-?txt|xxgk", re.I)
_CHROME_HINT = re.compile(
    r"share|fenxiang|qrcode|erweima|breadcrumb|crumb|sidebar|(?:^|[\W_])(?:nav|menu|print|related|footer|header)"
    r"(?:$|[\W_])",
    re.I,
)
# A page's headline outside its article text: the title element above it, and the breadcrumb naming it.
_TITLE_HINT = re.compile(r"title|headline|biaoti|(?:^|[\W_])(?:tit|bt)(?:$|[\W_])", re.I)
_CRUMB_HINT = re.compile(r"crumb|mianbao|position|location|weizhi|dqwz", re.I)
_HEADLINE_MAX_CHARS = 150
_WORD = re.compile(r"\w")  # a breadcrumb's own 「>」 between items is no item
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")
_LINK_WEIGHT = 2  # link text counts against an element twice as much as its own text counts for it
_HINT_BONUS = 1.3
_DESCEND_SHARE = 0.9  # go down into a child holding this share of the text: the tightest wrapper wins
_LINK_DOMINATED = 0.5
_CHROME_MAX_SHARE = 0.2
_MAX_SPAN = 1000
_FIELD_BLOCKS = 12  # the blocks above the article text where a page's info table or info line stands
_LAYOUT_CELL_CHARS = 300  # more text than any table label: the cell holds running text, the table is layout

_META_KEYS = {
    "title": ("articletitle",),
    "published": ("pubdate", "publishdate", "firstpublishedtime", "article:published_time"),
    "agency": ("contentsource", "source", "publisher", "dc.publisher"),
}


def read_html(path: Path) -> Document:
    """Read one saved page; raises ReadError when it cannot be decoded or holds no text."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc}") from exc
    decoded = _decode(raw)
    page = _parse(decoded.text)
    meta = _meta(page)
    for el in page.xpath("//head | //" + " | //".join(_DROPPED)):
        el.drop_tree()
    body = page.find("body")
    stats = _measure(body if body is not None else page)
    root = _content_root(stats)
    _drop_chrome(root, stats)
    blocks = _Flow.of(root)
    if not blocks:
        raise ReadError("网页中没有找到正文内容")
    for field, value in field_meta(_field_lines(blocks[:_FIELD_BLOCKS])).items():
        meta.setdefault(field, value)
    return Document(path=str(path), blocks=blocks, meta=meta, warnings=decoded.warnings)


def _field_lines(blocks: list[Block]) -> list[str]:
    """The first blocks as lines of 「字段：值」: a 信息公开 info table's row of label and value cells
    (「发布机构 | 甲乙县丙丁镇人民政府 | 成文日期 | 2024-01-20」) written as one such line."""
    lines = []
    for block in blocks:
        cells = [c for c in block.cells if c] if block.kind == ROW else [block.text]
        pairs = [
            f"{label.rstrip(':：')}：{value}"
            for label, value in zip(cells, cells[1:])
            if label.rstrip(":： ") in META_FIELDS and value.rstrip(":： ") not in META_FIELDS
        ]
        lines.append(" ".join(pairs) if pairs else " ".join(cells))
    return lines


def _decode(raw: bytes) -> Decoded:
    """Bytes to text: the shared text decoding, except for a declared charset it does not try (e.g.
    Shift_JIS), tried after UTF-8: valid UTF-8 wins over any declaration, since re-saved pages keep stale tags."""
    declared = _declared_encoding(raw)
    if declared and declared not in _TEXT_DECODING:
        for encoding in ("utf-8-sig", declared):
            with suppress(UnicodeDecodeError):
                return Decoded(raw.decode(encoding), encoding)
    return decode_text(raw)


def _declared_encoding(raw: bytes) -> str | None:
    """The charset named by a <meta> tag or XML declaration, as a Python codec name."""
    match = _DECLARED.search(raw[:_DECLARATION_SCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower().removeprefix("x-")
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _parse(text: str) -> etree._Element:
    # lxml refuses str input that still carries an XML encoding declaration; NULs cut its input short.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text).replace("\x00", "")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"无法解析网页（{exc}）") from exc


def _meta(page: etree._Element) -> dict[str, str]:
    """ArticleTitle / PubDate / ContentSource and kin from <meta>; the <title> when no ArticleTitle; the
    headlines and breadcrumbs of the page, one a line (a portal's <title> is often only its own name, and
    the report's title sits in an <h1> or title element beside the article, not in it)."""
    declared: dict[str, str] = {}
    for tag in page.iter("meta"):
        name = (tag.get("name") or tag.get("property") or "").strip().lower()
        content = " ".join((tag.get("content") or "").split())
        if name and content:
            declared.setdefault(name, content)
    meta = {}
    for field, names in _META_KEYS.items():
        value = next((declared[n] for n in names if n in declared), None)
        if value:
            meta[field] = value
    title = page.find(".//title")
    if "title" not in meta and title is not None and title.text_content().strip():
        meta["title"] = " ".join(title.text_content().split())
    body = page.find("body")
    for field, lines in zip(("headline", "breadcrumb"), _headlines(page if body is None else body)):
        if lines:
            meta[field] = "\n".join(dict.fromkeys(lines))
    return meta


def _headlines(body: etree._Element) -> tuple[list[str], list[str]]:
    """Texts of the headings and title elements that are not links (a list of related articles), and of
    the breadcrumbs with their items apart."""
    headlines, crumbs = [], []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        hints = f"{el.get('class', '')} {el.get('id', '')}"
        crumb = _CRUMB_HINT.search(hints) is not None
        title = el.tag in _HEADING_TAGS or _TITLE_HINT.search(hints) is not None
        if not (crumb or title) or (not crumb and el.xpath("ancestor-or-self::a | .//a")):
            continue
        texts = [t.strip() for t in el.itertext() if _WORD.search(t)]
        if texts and sum(map(len, texts)) <= _HEADLINE_MAX_CHARS:
            (crumbs if crumb else headlines).append((" > " if crumb else " ").join(texts))
    return headlines, crumbs


def _content_root(stats: dict[etree._Element, _Stats]) -> etree._Element:
    """The article container: the element with most Chinese text and least link text (helped by the
    container names of common government CMSs), then down to the tightest wrapper of that text."""

    def score(el: etree._Element) -> float:
        value = stats[el].han - _LINK_WEIGHT * stats[el].link
        hint = _CONTENT_HINT.search(f"{el.get('class', '')} {el.get('id', '')}")
        return value * _HINT_BONUS if hint and value > 0 else value

    root = max(stats, key=score)
    while root.tag != "table":
        widest = max((c for c in root if c in stats), key=lambda c: stats[c].size, default=None)
        if widest is None or stats[widest].size < _DESCEND_SHARE * stats[root].size:
            break
        root = widest
    return root


class _Stats(NamedTuple):
    size: int  # visible characters
    han: int  # Chinese characters outside links
    link: int  # visible characters inside links


def _measure(top: etree._Element) -> dict[etree._Element, _Stats]:
    """Text statistics of every element under `top`, in one pass."""
    stats: dict[etree._Element, _Stats] = {}

    def visit(el: etree._Element, in_link: bool) -> _Stats:
        in_link = in_link or (el.tag == "a" and el.get("href") is not None)
        texts = [el.text] + [child.tail for child in el]
        size = sum(len("".join(t.split())) for t in texts if t)
        own = _Stats(size, 0 if in_link else sum(len(_HAN.findall(t)) for t in texts if t), size if in_link else 0)
        parts = [own] + [visit(child, in_link) for child in el if isinstance(child.tag, str)]
        stats[el] = _Stats(*map(sum, zip(*parts)))
        return stats[el]

    visit(top, False)
    return stats


def _drop_chrome(root: etree._Element, stats: dict[etree._Element, _Stats]) -> None:
    """Remove share, print, QR-code, breadcrumb and menu widgets and hidden elements left inside the body,
    never one holding much of its text (a class name is only a hint)."""
    doomed = [
        el
        for el in root.iterdescendants()
        if isinstance(el.tag, str)
        and stats[el].size <= _CHROME_MAX_SHARE * stats[root].size
        and (
            _CHROME_HINT.search(f"{el.get('class', '')} {el.get('id', '')}")
            or _HIDDEN.search(el.get("style", ""))
            or el.get("hidden") is not None
        )
    ]
    for el in doomed:
        el.drop_tree()


class _Flow:
    """Walks an element in document order, gathering inline text into paragraphs that every block
    boundary and <br> closes, and data tables into row blocks."""

    def __init__(self, drop_links: bool) -> None:
        self.blocks: list[Block] = []
        self._drop_links = drop_links
        self._parts: list[tuple[str, bool, bool]] = []
        self._line: int | None = None

    @classmethod
    def of(cls, root: etree._Element, drop_links: bool = True) -> list[Block]:
        flow = cls(drop_links)
        flow._walk(root, link=False, heading=False)
        flow._close()
        return flow.blocks

    def _walk(self, el: etree._Element, link: bool, heading: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comment or processing instruction: only its tail is text
            return
        if tag == "br":
            self._close()
            return
        if tag == "table" and _is_data_table(el):
            self._close()
            self.blocks.extend(_table_rows(el))
            return
        block = tag in _BLOCK_TAGS
        link = link or (tag == "a" and el.get("href") is not None)
        heading = heading or tag in _HEADING_TAGS
        if block:
            self._close()
        self._text(el.text, el.sourceline, link, heading)
        for child in el:
            self._walk(child, link, heading)
            self._text(child.tail, child.sourceline, link, heading)
        if block:
            self._close()

    def _text(self, text: str | None, line: int | None, link: bool, heading: bool) -> None:
        if not text:
            return
        if self._line is None and text.strip():
            self._line = line
        self._parts.append((text, link, heading))

    def _close(self) -> None:
        text = "".join(t for t, _, _ in self._parts)
        linked = sum(len(t.strip()) for t, is_link, _ in self._parts if is_link)
        heading = any(h and t.strip() for t, _, h in self._parts)
        line, self._parts, self._line = self._line, [], None
        if self._drop_links and linked and linked >= _LINK_DOMINATED * len(text.strip()):
            return  # a line that is mostly links: related articles, prev/next, attachments
        block = text_block(text, line, heading)
        if block:
            self.blocks.append(block)


def _is_data_table(table: etree._Element) -> bool:
    """Tables holding other tables, a single cell or running text lay out the page; the others carry data."""
    cells = table.xpath(".//td | .//th")
    return (
        table.find(".//table") is None
        and len(cells) > 1
        and all(len("".join(cell.text_content().split())) <= _LAYOUT_CELL_CHARS for cell in cells)
    )


def _table_rows(table: etree._Element) -> list[Block]:
    """One row block per <tr>, rowspan/colspan resolved: each cell occupies every grid position it spans."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    occupied: dict[tuple[int, int], etree._Element] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td | ./th"):
            while (r, c) in occupied:
                c += 1
            rowspan = _span(cell, "rowspan") or len(rows) - r  # rowspan="0": to the end of the table
            colspan = _span(cell, "colspan") or 1
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    occupied[(r + dr, c + dc)] = cell
            c += colspan
    width = max((c for _, c in occupied), default=-1) + 1
    grid = [[occupied.get((r, c)) for c in range(width)] for r in range(len(rows))]
    return row_blocks(grid, [tr.sourceline for tr in rows], _cell_text)


def _span(cell: etree._Element, name: str) -> int:
    """A span attribute as browsers read it (leading digits, capped); 1 when absent or unreadable."""
    match = re.match(r"\s*(\d+)", cell.get(name, "1"))
    return min(int(match.group(1)), _MAX_SPAN) if match else 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs joined by spaces, so numbers in separate paragraphs never run together."""
    return " ".join(b.text for b in _Flow.of(cell, drop_links=False))
