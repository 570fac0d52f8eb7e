"""Agency, year and title of a report: supplied by a person, else read from the document itself.

Evidence in order: what a person supplies (`--agency/--year`, the upload form), the page's meta
title, the title line, then the body's own sentences (the statistics period, the report's name
quoted in the text, 「本报告由……编制」), then the file name. Which one gave the agency and the year
is kept with the report (index.model.Evidence). A page body exported without its title line is still a
report when it has the template's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index import template as T
from index.document import Document, ReadError
from index.model import Evidence

_HEAD_BLOCKS = 40
_TITLE_LEAD = 8  # characters a title line may carry before the title: 「标题：」, a number
_MIN_STRUCTURE_MARKERS = 6  # a 部门决算 or news text shares one or two of them, a report more than ten
_NAME = r"[\u4e00-\u9fff（）()·]"
_TITLE = re.compile(
    rf"(?P<pre>{_NAME}{{0,40}}?)\s*(?P<year>(?:19|20)\d{{2}})\s*年度?\s*(?P<post>{_NAME}{{0,30}}?)\s*{T.REPORT_KIND}"
)
_LEADING_NOISE = re.compile(r"^(?:标题|名称|正文|关于|印发|现将|特将)+")  # labels and 「现将…报告如下」
# The period a report's figures cover: 统计期限自2023年1月1日起…, 统计时限为2023年1月1日至….
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|区间|周期)[^。；\d]{0,12}((?:19|20)\d{2})\s*年")
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
# A year written as such in a file name: 「2023年…」, not a bare number that may be the publication date.
_FILE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A subject that refers to the agency instead of naming it (我区、本机关) is no name.
_PRONOUN = re.compile(r"^(?:我|本|该|各|全)")


@dataclass(frozen=True)
class Supplied:
    """Agency and year a person gives with the file; they override what is read from it."""

    agency: str = ""
    year: int | None = None


NOTHING_SUPPLIED = Supplied()


def is_annual_report(document: Document) -> bool:
    """A title that names the report, or enough of the template's section and table labels."""
    if _title("".join(document.meta.get("title", "").split())) or _title(_head(document)):
        return True
    if any(marker in _head(document) for marker in T.REPORT_TITLE_MARKERS):
        return True
    body = "".join(document.text.split())
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
    the title's: it often names the office that published the page, not the agency reporting."""
    if found := _title("".join(document.meta.get("title", "").split())):
        yield _Clue(Evidence.META, *found)
    if found := _title(_head(document)):
        yield _Clue(Evidence.TITLE if _opens_a_line(document, found[0]) else Evidence.BODY, *found)
    yield _Clue(Evidence.META, agency=document.meta.get("agency", "").strip())
    yield _Clue(Evidence.BODY, *_from_body("".join(document.text.split())))
    stem = Path(file).stem
    if found := _title(stem):
        yield _Clue(Evidence.FILE_NAME, *found)
    if year := _FILE_YEAR.search(stem):
        yield _Clue(Evidence.FILE_NAME, year=int(year.group(1)))


def _opens_a_line(document: Document, title: str) -> bool:
    """Whether a title found in the head starts a line (after at most a 「标题：」 or so; it may wrap onto
    the next), not a sentence such as 「市科委编制了2024年度…报告」."""
    at, start = _head(document).find(title), 0
    for block in document.blocks[:_HEAD_BLOCKS]:
        if 0 <= at - start <= _TITLE_LEAD:
            return True
        start += len("".join(block.text.split()))
    return False


def _head(document: Document) -> str:
    return "".join("".join(b.text.split()) for b in document.blocks[:_HEAD_BLOCKS])


def _title(text: str) -> tuple[str, int, str] | None:
    """(title, year, agency) of the report's title in `text`; the agency may be empty."""
    match = next((m for m in _TITLE.finditer(text) if not _inside_other_quote(text, m)), None)
    if match is None:
        return None
    pre = _COMPILER_VERB.sub("", match.group("pre"))
    agency = _clean_agency(pre) or _clean_agency(match.group("post"))
    title = _LEADING_NOISE.sub("", pre.strip("（）()· ") + match.group(0)[len(match.group("pre")) :])
    return title, int(match.group("year")), agency


def _inside_other_quote(text: str, match: re.Match) -> bool:
    """A title found inside 《…》 that is more than the title, e.g. the notice 《关于编制2022年…年度报告的通知》."""
    opening = text.rfind("《", 0, match.start())
    if opening < 0 or text.rfind("》", opening, match.start()) >= 0:
        return False
    closing = text.find("》", match.end())
    return closing < 0 or _TITLE.fullmatch(text[opening + 1 : closing]) is None


def _from_body(body: str) -> tuple[str, int | None, str]:
    """("", year, agency) from the body's sentences; either may be empty."""
    title, year, agency = "", None, ""
    for quoted in _QUOTED.findall(body):
        match = _TITLE.fullmatch(quoted)
        if match:
            title, year = quoted, int(match.group("year"))
            agency = _clean_agency(match.group("pre")) or _clean_agency(match.group("post"))
            break
    period = _PERIOD_YEAR.search(body)
    if period:
        year = int(period.group(1))
    if not agency:
        prose = _QUOTED.sub("《》", body)  # 《关于编制2023年…报告的通知》 names another document's author
        agency = next((a for m in (_COMPILED_BY, _COMPILER) for a in map(_clean_agency, m.findall(prose)) if a), "")
    return title, year, agency


def _clean_agency(text: str) -> str:
    text = _LEADING_NOISE.sub("", text.strip("（）()· "))
    return text if len(text) >= 2 and not _PRONOUN.match(text) else ""
