"""Agency, year and title of a report: supplied by a person, else read from the document itself.

Evidence in order: what a person supplies (`--agency/--year`, the upload form), the page's meta
title, the page's headline (<h1>, a title element), the title line, the breadcrumb, then the body's own
sentences (the statistics period, the report's name quoted in the text, 「本报告由……编制」, the year of
the table headings or opening 总体情况, the signature above the closing date), then the file name. Which
one gave the agency and the year is kept with the report (index.model.Evidence). A page body exported
without its title line is still a report when it has the template's structure. A date (the signature's,
the page's publication date) never gives the year: a report for 2023 is published in 2024.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index import template as T
from index.document import ROW, Document, ReadError
from index.model import Evidence
from index.normalize import CHINESE_DIGITS

_HEAD_BLOCKS = 40
_TITLE_LEAD = 8  # characters a title line may carry before the title: 「标题：」, a number
_MIN_STRUCTURE_MARKERS = 6  # a 部门决算 or news text shares one or two of them, a report more than ten
_NAME = r"[\u4e00-\u9fff（）()【】·]"
_NAME_MARKS = "（）()【】· "  # round a name: 「【区发改委】2023年…报告」, a portal's bracketed source
_YEAR = r"(?:19|20)\d{2}"
# 「XX2023年度政府信息公开工作年度报告」, or with the year after it: 「XX政府信息公开工作年度报告（2023年度）」.
_TITLE = re.compile(
    rf"(?P<pre>{_NAME}{{0,40}}?)\s*(?:(?P<year>{_YEAR})\s*年度?\s*(?P<post>{_NAME}{{0,30}}?)\s*{T.REPORT_KIND}"
    rf"|{T.REPORT_KIND}\s*[（(]\s*(?P<after>{_YEAR})\s*年度?\s*[）)])"
)
_LEADING_NOISE = re.compile(r"^(?:标题|名称|正文|关于|印发|现将|特将)+")  # labels and 「现将…报告如下」
# The period a report's figures cover: 统计期限自2023年1月1日起…, 统计时限为2023年1月1日至…,
# 数据统计截至2023年12月31日.
_PERIOD_YEAR = re.compile(
    rf"统计(?:期限|时限|时间|区间|周期|期间|日期|范围|截至|截止|自)[^。；\d]{{0,12}}({_YEAR})\s*年"
)
# The report's own name quoted in its text: 《XX2023年政府信息公开工作年度报告》.
_QUOTED = re.compile(r"《([^《》]{4,80})》")
# 本报告由XX编制 / 本报告根据《条例》要求，由XX编制 (a quotation is blanked out before this is matched).
_COMPILED_BY = re.compile(rf"本(?:年度)?报告[^。由]{{0,30}}?由({_NAME}{{2,30}}?)(?:负责)?(?:编制|制作|编写)")
# XX编制（完成）了本报告 / XX编制了2023年度…年度报告. The compiler is a clause's subject, before at
# most an adverbial 「依据《条例》要求」: never a word after a quotation (「…《》要求编制本报告」 names no one).
_COMPILER = re.compile(
    rf"(?:^|(?<=[。，；：！？]))({_NAME}{{2,30}}?)(?:(?:依据|根据|按照|依照)[^。，；]{{0,30}}?)?"
    rf"(?:编制|编写)(?:完成)?了?(?:本|[^。]{{0,20}}?年度)报告"
)
# 「XX编制了2024年度…报告」: the verb is not part of the agency's name.
_COMPILER_VERB = re.compile(r"(?:编制|编写|制作|发布|公布)(?:完成)?了?$")
# 「XX关于2023年度…报告」: the title's preposition is not part of the agency's name either.
_ABOUT = "关于"
# A year written as such in a file name: 「2023年…」, not a bare number that may be the publication date.
_FILE_YEAR = re.compile(rf"({_YEAR})\s*年")
# A subject that refers to the agency instead of naming it (我区、本机关) is no name.
_PRONOUN = re.compile(r"^(?:我|本|该|各|全)")
# 「现向社会公布XX2023年…报告」: the title's agency is what follows the verb that publishes it.
_PUBLISHED = re.compile(r"^.*(?:公布|发布|印发)了?")
# Full-width digits, and a year in Chinese numerals (二〇二三年度), read as the patterns above read a year.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERALS = CHINESE_DIGITS | {"Ｏ": "0"}  # a full-width letter O typed for 〇
_NUMERAL_YEAR = re.compile(rf"[{''.join(_NUMERALS)}]{{4}}(?=\s*年)")
# A portal's 「当前位置：首页 政务公开 … XX2023年…报告」: its items are apart, the title is one of them.
_BREADCRUMB = re.compile(r"^\s*(?:当前位置|您的位置|您现在的位置|您当前的位置|您所在的位置|所在位置)\s*[:：]?")
# The closing date of a signature block: 2024年1月25日, （二〇二四年一月二十五日）.
_DAY = r"[\d一二三四五六七八九十〇零]{1,3}"
_SIGNATURE = re.compile(rf"({_NAME}{{0,30}}?)[（(]?{_YEAR}年{_DAY}月(?:{_DAY}日)?[）)]?")
_BARE_NAME = re.compile(rf"{_NAME}{{2,30}}")
_SIGNATURE_BLOCKS = 6  # the blocks at each end of a report a signature may sit in (a cover; page footers)
_CLOSING_SECTION = next(aliases for numeral, _, aliases in T.SECTIONS if numeral == "六")  # and all after it
# The year a sentence opens with as its time (「2023年，」「2023年以来」「2023年度」), at the start of the body
# or of 总体情况: never a date (2024年1月), never a year inside a sentence (较2022年).
_OVERVIEW = next(name for numeral, name, _ in T.SECTIONS if numeral == "一")
_OPENING_YEAR = re.compile(rf"(?:^|{_OVERVIEW})[^\u4e00-\u9fff\d]{{0,8}}({_YEAR})年(?:度|以来|[，,])")
# A year in a table heading or cell: 「2023年度」, not a date.
_HEADING_YEAR = re.compile(rf"({_YEAR})年(?![\d月])")
_HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Supplied:
    """Agency and year a person gives with the file; they override what is read from it."""

    agency: str = ""
    year: int | None = None


NOTHING_SUPPLIED = Supplied()


def is_annual_report(document: Document) -> bool:
    """A title that names the report, or enough of the template's section and table labels."""
    if any(_title(t) for t in (_compact(document.meta.get("title", "")), *_headlines(document), _head(document))):
        return True
    if any(marker in _head(document) for marker in T.REPORT_TITLE_MARKERS):
        return True
    body = _compact(document.text)
    return sum(T.find_label(body, (marker,)) is not None for marker in T.REPORT_STRUCTURE_MARKERS) >= (
        _MIN_STRUCTURE_MARKERS
    )


@dataclass(frozen=True)
class Identity:
    """A report's title, year and agency, and the evidence each of year and agency came from."""

    title: str
    year: int
    agency: str
    year_from: Evidence
    agency_from: Evidence


@dataclass(frozen=True)
class _Clue:
    source: Evidence
    title: str = ""
    year: int | None = None
    agency: str = ""


def identify(document: Document, file: str, supplied: Supplied = NOTHING_SUPPLIED) -> Identity:
    """Title, year and agency, each from the best evidence that has it; raises ReadError, saying how to
    supply them, when the year or the agency cannot be found."""
    clues = [_Clue(Evidence.SUPPLIED, year=supplied.year, agency=supplied.agency), *_clues(document, file)]
    agency = next((c for c in clues if c.agency), None)
    year = next((c for c in clues if c.year), None)
    if agency is None or year is None:
        missing = "、".join(name for name, clue in (("机关名称", agency), ("年度", year)) if clue is None)
        raise ReadError(
            f"无法从文件中确定报告的{missing}（标题、正文和文件名中都没有写明）；"
            "请在上传表单中填写机关名称和年度，或用 gongkai ingest --agency 机关名称 --year 年度 补充"
        )
    title = next((c.title for c in clues if c.title), f"{agency.agency}{year.year}年政府信息公开工作年度报告")
    return Identity(title, year.year, agency.agency, year.source, agency.source)


def _clues(document: Document, file: str) -> Iterator[_Clue]:
    """What the document says of itself, best first. A page's <meta> agency (ContentSource) comes after
    the title's: it often names the office that published the page, not the agency reporting. A meta title
    naming another year than the title line yields to it."""
    meta = _found(Evidence.META, _title(_compact(document.meta.get("title", ""))))
    headline = _found(Evidence.TITLE, next(filter(None, map(_title, _headlines(document))), None))
    head = _head_title(document)
    line = _found(Evidence.TITLE if head and _opens_a_line(document, head[0]) else Evidence.BODY, head)
    titles = [meta, headline, line]
    if meta and line and line.source is Evidence.TITLE and line.year != meta.year:
        titles = [line, meta, headline]  # a Word file's properties kept from last year's copy
    yield from filter(None, titles)
    for crumb in document.meta.get("breadcrumb", "").splitlines():
        if found := _title(_compact(crumb)):
            yield _Clue(Evidence.META, *found)
    yield _Clue(Evidence.META, agency=document.meta.get("agency", "").strip())
    yield _Clue(Evidence.BODY, *_from_body(document))
    yield _Clue(Evidence.BODY, agency=_signer(document))
    stem = _compact(Path(file).stem)
    if found := _title(stem):
        yield _Clue(Evidence.FILE_NAME, *found)
    if year := _FILE_YEAR.search(stem):
        yield _Clue(Evidence.FILE_NAME, year=int(year.group(1)))


def _found(source: Evidence, title: tuple[str, int, str] | None) -> _Clue | None:
    return _Clue(source, *title) if title else None


def _compact(text: str) -> str:
    """`text` without white space, its digits ASCII and a year in Chinese numerals in digits."""
    return "".join(_NUMERAL_YEAR.sub(lambda m: _year_digits(m.group()), text.translate(_DIGITS)).split())


def _year_digits(numerals: str) -> str:
    digits = "".join(_NUMERALS[c] for c in numerals)
    return digits if digits.startswith(("19", "20")) else numerals


def _headlines(document: Document) -> list[str]:
    """The page's headlines outside its article text (index.readers.html), compacted."""
    return [_compact(line) for line in document.meta.get("headline", "").splitlines() if line.strip()]


def _opens_a_line(document: Document, title: str) -> bool:
    """Whether a title found in the head starts a line (after at most a 「标题：」 or so; it may wrap onto
    the next), not a sentence such as 「市科委编制了2024年度…报告」."""
    lines = _head_lines(document)
    at, start = "".join(lines).find(title), 0
    for line in lines:
        if 0 <= at - start <= _TITLE_LEAD:
            return True
        start += len(line)
    return False


def _head_lines(document: Document) -> list[str]:
    """The first blocks compacted; a breadcrumb's items kept apart by 「>」, as white space is all that
    separates them in a text export."""
    return [
        _compact(">".join(b.text.split()) if _BREADCRUMB.match(b.text) else b.text)
        for b in document.blocks[:_HEAD_BLOCKS]
    ]


def _head(document: Document) -> str:
    return "".join(_head_lines(document))


def _title(text: str) -> tuple[str, int, str] | None:
    """(title, year, agency) of the report's title in `text`; the agency may be empty."""
    return next(_titles(text), None)


def _titles(text: str) -> Iterator[tuple[str, int, str]]:
    """Every report title in `text`, in order (see _title)."""
    for match in _TITLE.finditer(text):
        if _inside_other_quote(text, match):
            continue
        pre = _COMPILER_VERB.sub("", _PUBLISHED.sub("", match.group("pre")))
        agency = _clean_agency(pre.removesuffix(_ABOUT)) or _clean_agency(match.group("post") or "")
        title = _LEADING_NOISE.sub("", pre.strip("（）()· ") + match.group(0)[len(match.group("pre")) :])
        yield title, _year_of(match), agency


def _head_title(document: Document) -> tuple[str, int, str] | None:
    """The title in the head, unless lines of the head title two reports (another year, another agency):
    a 解读 or a link to last year's report above the title. Which is this one's cannot be told there."""
    head = _head(document)
    found = _title(head)
    lines = [t for t in _titles(head) if _opens_a_line(document, t[0])]
    if len({year for _, year, _ in lines}) > 1 or len({agency for _, _, agency in lines if agency}) > 1:
        return None
    return found


def _year_of(title: re.Match) -> int:
    return int(title.group("year") or title.group("after"))


def _inside_other_quote(text: str, match: re.Match) -> bool:
    """A title found inside 《…》 that is more than the title, e.g. the notice 《关于编制2022年…年度报告的通知》."""
    opening = text.rfind("《", 0, match.start())
    if opening < 0 or text.rfind("》", opening, match.start()) >= 0:
        return False
    closing = text.find("》", match.end())
    return closing < 0 or _TITLE.fullmatch(text[opening + 1 : closing]) is None


def _from_body(document: Document) -> tuple[str, int | None, str]:
    """(title, year, agency) from the body's sentences; any may be empty. The year: the statistics
    period's, else the quoted title's, else the one year of the table headings, else the one year the body
    and its 总体情况 open with."""
    body = _compact(document.text)
    title, year, agency = "", None, ""
    for quoted in _QUOTED.findall(body):
        match = _TITLE.fullmatch(quoted)
        if match:
            title, year = quoted, _year_of(match)
            agency = _clean_agency(match.group("pre")) or _clean_agency(match.group("post") or "")
            break
    period = _PERIOD_YEAR.search(body)
    if period:
        year = int(period.group(1))
    year = (
        year or _only(_HEADING_YEAR.findall("\n".join(_table_headings(document)))) or _only(_OPENING_YEAR.findall(body))
    )
    if not agency:
        prose = _QUOTED.sub("《》", body)  # 《关于编制2023年…报告的通知》 names another document's author
        agency = next((a for m in (_COMPILED_BY, _COMPILER) for a in map(_clean_agency, m.findall(prose)) if a), "")
    return title, year, agency


def _table_headings(document: Document) -> Iterator[str]:
    """The table rows, and the headings of the table sections (「二、2023年度主动公开政府信息情况」)."""
    for block in document.blocks:
        text = _compact(block.text)
        if block.kind == ROW or (len(text) <= _HEADING_MAX_CHARS and T.find_label(text, T.TABLE_HEADINGS)):
            yield text


def _only(years: list[str]) -> int | None:
    return int(years[0]) if len(set(years)) == 1 else None


def _signer(document: Document) -> str:
    """The agency of the signature block: a bare name on the line of the closing date or the line above
    it (「甲乙市丙丁局\n2024年1月25日」), after 六、其他需要报告的事项 or on the cover, when exactly one is."""
    texts = [_compact(b.text) for b in document.blocks if b.kind != ROW]
    closing = [i for i, t in enumerate(texts) if len(t) <= _HEADING_MAX_CHARS and T.find_label(t, _CLOSING_SECTION)]
    end = min([*closing[-1:], len(texts) - _SIGNATURE_BLOCKS])  # a page's footer may follow the signature
    edges = {*range(min(_SIGNATURE_BLOCKS, len(texts))), *range(max(0, end), len(texts))}
    names = set()
    for i in sorted(edges):
        if signed := _SIGNATURE.fullmatch(texts[i]):
            above = texts[i - 1] if i else ""
            names.add(_clean_agency(signed.group(1) or (above if _BARE_NAME.fullmatch(above) else "")))
    names.discard("")
    return names.pop() if len(names) == 1 else ""


def _clean_agency(text: str) -> str:
    text = _LEADING_NOISE.sub("", text.strip(_NAME_MARKS))
    return text if len(text) >= 2 and not _PRONOUN.match(text) else ""
