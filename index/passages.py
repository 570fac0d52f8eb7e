"""Cut a report's narrative into passages that keep their section and source location.

Tables are answered from cells, so table rows never become passages; the table sections
(二、三、四 of the national template) only contribute sentences that read as prose. Site dumps put
a whole report on one line, so headings are found inside blocks as well as on their own.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from index.document import HEADING, ROW, Block, Document
from index.template import SECTIONS, label_pattern

MAX_CHARS = 400
MIN_REPEAT_CHARS = 12  # a repeated sentence this long is the same text again, not a formula of the template
REPEAT_RUN_CHARS = 100  # consecutive repeated blocks this long are a copy of the report (see _distinct)
PREAMBLE = "前言"
# The sections whose body is a statistics table in the national template.
TABLE_SECTIONS = ("二", "三", "四")
# 四 holds only a table, so a （一） after it starts 五 whose heading the conversion lost.
_LAST_TABLE, _AFTER_LAST_TABLE = "四", "五"

_NUMERALS = "一二三四五六七八九十"
_SECTION_NAMES = {numeral: f"{numeral}、{name}" for numeral, name, _ in SECTIONS}
_SECTION_ORDER = ("", *_SECTION_NAMES)
_SECTION_START = re.compile(r"[一二三四五六]、")
_ALIAS_WINDOW = 10  # characters a variant puts before the alias: 「五、政府信息公开工作存在的主要问题…」
_HEADING_TAIL = re.compile(r"[\s：:]*")
_SUB_START = re.compile(r"[（(]([一二三四五六七八九十])[）)]\s*")
_SUB_AFTER = "。；！？：: "
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、")
_SUB_TITLE_END = re.compile(r"[，。；：！？,;:]|\d+[.．、]|[一二三四五六七八九十]是")
_SUB_TITLE_WORD = re.compile(r"方面|情况|做法")
_SUB_TITLE_MAX = 24
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+$")
_SENTENCE_END = re.compile(r"[。！？；][”’」』）)]*$")
_PAUSE = re.compile(r"(?<=[，、,：:])")
_GLUED_DIGITS = re.compile(r"\d{5,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCTUATION = re.compile(r"[，。；：、！？,;:]")
_PAGE_FOOTER = re.compile(r"^[—\-－–]+\s*\d+\s*[—\-－–]+$")
_BULLET = re.compile(r"^[-*+>]\s+")
_SPACES = re.compile(r"\s+")
# Lines that site dumps and archives put before the body: they describe the page, not the report.
_META_LINE = re.compile(
    r"^(?:#?\s*source\s*:|(?:标题|名称|发布时间|发布日期|公开日期|成文日期|发文日期|文号|索引号|发布机构|发文机关|栏目|分类"
    r"|主题分类|原文链接|本地目录|来源|采集时间)\s*[:：]|页面链接与图片详见|=*\s*正文\s*=*$)"
)


@dataclass(frozen=True)
class Passage:
    """A piece of narrative, at most 400 characters, cut at sentence ends; `section` is e.g.
    「一、总体情况 / （二）依申请公开方面」 and `line`/`page` locate its first sentence."""

    ordinal: int
    section: str
    text: str
    line: int | None
    page: int | None


def headed(title: str | None, section: str | None, text: str) -> str:
    """A passage as retrieval sees it, under its report title and section.

    Questions name an agency, a year and a topic (「平潭2023年…存在什么问题」); without this heading only
    the few passages that happen to repeat the agency and year match them. Measured on 28 paraphrased
    questions over 5 corpus reports, hybrid R@1 within the right report: 10/28 bare, 26/28 with it.
    """
    head = " ".join(v for v in (title, section) if v)
    return f"{head}：{text}" if head else text


@dataclass
class _Segment:
    """Text between two headings, with the block each piece came from."""

    section: str  # numeral of the template section, "" for the preamble
    heading: str = ""  # the sub-heading, e.g. 「（二）依申请公开方面」
    number: int = 0  # the sub-heading's number, so that only （n+1） or a new （一） follows
    pieces: list[tuple[str, Block]] = field(default_factory=list)

    @property
    def title(self) -> str:
        section = _SECTION_NAMES.get(self.section, PREAMBLE)
        return f"{section} / {self.heading}" if self.heading else section


def chunk(document: Document) -> list[Passage]:
    """Passages of a document's narrative, in reading order, each sentence once.

    A file that holds its report several times over (a site dump that repeats the page, a copy pasted
    twice) gives the passages of one copy: a run of blocks seen before is dropped, and so is a sentence
    seen before; the first occurrence keeps its place.
    """
    passages: list[Passage] = []
    seen: set[str] = set()
    for segment in _segments(_distinct(document.blocks)):
        pieces = segment.pieces
        if segment.section in TABLE_SECTIONS:  # header cells pulled out of a table carry no punctuation
            pieces = [(text, block) for text, block in pieces if _PUNCTUATION.search(text)]
        text, starts, blocks = _joined(pieces)
        sentences = _sentences(text)
        if segment.section in TABLE_SECTIONS:
            sentences = [(start, s) for start, s in sentences if _is_prose(s)]
        sentences = [(start, s) for start, s in sentences if _first_time(s, seen)]
        for group in _pack(sentences):
            block = blocks[bisect_right(starts, group[0][0]) - 1]
            body = "".join(s for _, s in group).strip()
            passages.append(Passage(len(passages), segment.title, body, block.line, block.page))
    return passages


def _distinct(blocks: list[Block]) -> list[Block]:
    """The blocks without the runs that repeat earlier ones.

    A copy of the report has to go as a whole: headings of a second copy come after the last section,
    where they read as list items, and its table labels would read as prose. Short blocks may recur on
    their own (a heading above its section, a signature, a table's header row): the longest such run in
    the corpus is 22 characters, so a run is dropped from REPEAT_RUN_CHARS on.
    """
    seen: set[str] = set()
    keep = [True] * len(blocks)
    run: list[int] = []
    mass = 0
    for i, block in enumerate([*blocks, None]):
        key = _key(block.text) if block else None
        if key == "":
            continue
        if key is not None and key in seen:
            run.append(i)
            mass += len(key)
            continue
        if mass >= REPEAT_RUN_CHARS:
            for j in run:
                keep[j] = False
        run, mass = [], 0
        if key is not None:
            seen.add(key)
    return [block for block, kept in zip(blocks, keep, strict=True) if kept]


def _key(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _first_time(sentence: str, seen: set[str]) -> bool:
    """Whether a sentence is new to its report; short ones (「无。」) may rightly recur under another heading."""
    key = _key(sentence)
    if len(key) < MIN_REPEAT_CHARS:
        return True
    if key in seen:
        return False
    seen.add(key)
    return True


# ---------------------------------------------------------------- headings


def _segments(blocks: list[Block]) -> list[_Segment]:
    """Split the narrative at section and sub-section headings, found on their own or inline."""
    segments = [_Segment("")]
    for block in blocks:
        if block.kind == ROW:
            continue
        text = _BULLET.sub("", _SPACES.sub(" ", block.text).strip())
        if not text or _PAGE_FOOTER.match(text) or (not segments[-1].section and _META_LINE.match(text)):
            continue
        if block.kind == HEADING and _NUMBERED_HEADING.match(text) and not _section_at(text, 0):
            # A numbered heading outside the template (「二、工作机制保障」 under 一) names a sub-section.
            segments.append(_Segment(segments[-1].section, text, 0, [(text, block)]))
            continue
        _scan(text, block, segments)
    return [s for s in segments if s.pieces]


def _scan(text: str, block: Block, segments: list[_Segment]) -> None:
    """Walk one block, opening a segment at each heading it contains."""
    position = 0
    for start, end, numeral, number in _candidates(text):
        current = segments[-1]
        if start < position:
            continue
        if numeral:  # a section heading: it lives on in the passages' section, not in their text
            if _SECTION_ORDER.index(numeral) < _SECTION_ORDER.index(current.section):
                continue  # a list item that happens to name a section
            _add(current, text[position:start], block)
            if numeral != current.section:
                segments.append(_Segment(numeral))
            rest = text[end:]  # a line of its own may go on with a variant's words: 「…及整改措施」
            whole = block.kind == HEADING or (start == 0 and len(rest) < 20 and not _SENTENCE_END.search(rest))
            position = len(text) if whole else end
            continue
        if number not in (1, current.number + 1):
            continue  # （二）… in a table's row labels, or a list inside a sub-section
        section = _AFTER_LAST_TABLE if number == 1 and current.section == _LAST_TABLE else current.section
        _add(current, text[position:start], block)
        heading = f"（{_NUMERALS[number - 1]}）{_sub_title(text[end:])}"
        segments.append(_Segment(section, heading, number))
        position = start  # the sub-heading stays in the text: it often carries the topic
    _add(segments[-1], text[position:], block)


def _candidates(text: str) -> list[tuple[int, int, str, int]]:
    """Possible headings in a block, in order: (start, end, section numeral or "", sub number or 0)."""
    found = []
    for match in _SECTION_START.finditer(text):
        if section := _section_at(text, match.start()):
            found.append((match.start(), section[1], section[0], 0))
    section_ends = {end for _, end, _, _ in found}
    for match in _SUB_START.finditer(text):
        # After a sentence or a section heading; 「第二十条第（一）项」 cites, it does not head.
        if match.start() == 0 or text[match.start() - 1] in _SUB_AFTER or match.start() in section_ends:
            found.append((match.start(), match.end(), "", _NUMERALS.index(match.group(1)) + 1))
    return sorted(found)


def _section_at(text: str, start: int) -> tuple[str, int] | None:
    """(numeral, end) when a template section's name or alias follows the 「X、」 at `start`.

    The numeral is not trusted: reports renumber (上海科委 puts its tables under 一、二、三).
    """
    after = start + 2
    for numeral, name, aliases in SECTIONS:
        for alias in (name, *aliases):
            found = label_pattern((alias,)).search(text, after, after + _ALIAS_WINDOW + len(alias))
            if found is None:
                continue
            end = found.end()
            tail = name[name.find(alias) + len(alias) :] if alias in name else ""
            if tail and text.startswith(tail, end):
                end += len(tail)
            return numeral, _HEADING_TAIL.match(text, end).end()
    return None


def _sub_title(rest: str) -> str:
    """The words of a sub-heading: a short line on its own, or the head of an inline one
    (「主动公开方面平潭综合实验区…」 → 「主动公开方面」)."""
    if len(rest) <= _SUB_TITLE_MAX and not _SENTENCE_END.search(rest[:-1]):
        return rest.rstrip("。")
    end = _SUB_TITLE_END.search(rest)
    clause = rest[: end.start()] if end else rest
    if word := _SUB_TITLE_WORD.search(clause):
        clause = clause[: word.end()]
    return clause.strip() if len(clause) <= _SUB_TITLE_MAX else ""


def _add(segment: _Segment, text: str, block: Block) -> None:
    if text.strip():
        segment.pieces.append((text, block))


# ---------------------------------------------------------------- sentences


def _joined(pieces: list[tuple[str, Block]]) -> tuple[str, list[int], list[Block]]:
    """One text for a segment, with the offset where each block's piece starts.

    PDF and markdown dumps break lines mid-sentence, so pieces join without a space unless a
    heading ends or two Latin words or numbers meet.
    """
    text, starts, blocks = "", [], []
    for piece, block in pieces:
        if text and (blocks[-1].kind == HEADING or (text[-1].isascii() and text[-1].isalnum() and piece[0].isalnum())):
            text += " "
        starts.append(len(text))
        blocks.append(block)
        text += piece
    return text, starts, blocks


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) at 。！？；, longer ones split at pauses and, failing that, between characters
    that are not inside a number."""
    out = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            out.extend(_split_long(match.start() + match.group().index(sentence[0]), sentence))
    return out


def _split_long(start: int, sentence: str) -> list[tuple[int, str]]:
    if len(sentence) <= MAX_CHARS:
        return [(start, sentence)]
    parts: list[tuple[int, str]] = []
    offset = 0
    for clause in _PAUSE.split(sentence):
        if parts and len(parts[-1][1]) + len(clause) <= MAX_CHARS:
            parts[-1] = (parts[-1][0], parts[-1][1] + clause)
        else:
            parts.append((start + offset, clause))
        offset += len(clause)
    out = []
    for at, part in parts:
        while len(part) > MAX_CHARS:
            cut = _safe_cut(part, MAX_CHARS)
            out.append((at, part[:cut]))
            at, part = at + cut, part[cut:]
        out.append((at, part))
    return out


def _safe_cut(text: str, limit: int) -> int:
    """The last position at or before `limit` that does not split a number or a Latin word."""
    for cut in range(limit, limit // 2, -1):
        before, after = text[cut - 1], text[cut]
        if not (before.isascii() and after.isascii() and (before + after).replace(".", "0").isalnum()):
            return cut
    return limit


def _is_prose(sentence: str) -> bool:
    """A sentence of a table section worth a passage: it ends like a sentence, is mostly words,
    and holds no glued cells such as 「801000081」."""
    s = sentence.strip()
    digits = sum(ch.isdigit() for ch in s)
    return (
        bool(_SENTENCE_END.search(s))
        and not _GLUED_DIGITS.search(s)
        and len(_CJK.findall(s)) >= 8
        and digits <= len(s) // 5
    )


def _pack(sentences: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group consecutive sentences into passages of even size, none over MAX_CHARS."""
    total = sum(len(s) for _, s in sentences)
    if not total:
        return []
    target = total / math.ceil(total / MAX_CHARS)
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    size = 0
    for sentence in sentences:
        if current and size + len(sentence[1]) > MAX_CHARS:
            groups.append(current)
            current, size = [], 0
        current.append(sentence)
        size += len(sentence[1])
        if size >= target:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups
