"""Agency, year and title of a report: supplied by a person, else read from the document itself.

Evidence in order: what a person supplies (`--agency/--year`), the page's meta title, the
title line, then the body's own sentences (the statistics period, the report's name quoted
in the text, 「本报告由……编制」). A page body exported without its title line is still a
report when it has the template's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import template as T
from index.document import Document, ReadError

_HEAD_BLOCKS = 40
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
# 本报告由XX编制 / XX编制（完成）了本报告 / XX编制了2023年度…年度报告.
_COMPILED_BY = re.compile(rf"本(?:年度)?报告由({_NAME}{{2,30}}?)(?:负责)?(?:编制|制作|编写)")
_COMPILER = re.compile(rf"({_NAME}{{2,30}}?)(?:编制|编写)(?:完成)?了?(?:本|[^。]{{0,20}}?年度)报告")
# 「XX编制了2024年度…报告」: the verb is not part of the agency's name.
_COMPILER_VERB = re.compile(r"(?:编制|编写|制作|发布|公布)(?:完成)?了?$")
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
    if _title(document) is not None:
        return True
    if any(marker in _head(document) for marker in T.REPORT_TITLE_MARKERS):
        return True
    body = "".join(document.text.split())
    return sum(T.find_label(body, (marker,)) is not None for marker in T.REPORT_STRUCTURE_MARKERS) >= (
        _MIN_STRUCTURE_MARKERS
    )


def report_title_and_year(document: Document, supplied: Supplied = NOTHING_SUPPLIED) -> tuple[str, int, str]:
    """(title, year, agency) — raises ReadError, saying how to supply them, when either cannot be found."""
    title, year, agency = _title(document) or _from_body("".join(document.text.split()))
    agency = supplied.agency or agency or document.meta.get("agency", "").strip()
    year = supplied.year or year
    if not agency or not year:
        missing = "、".join(name for name, value in (("机关名称", agency), ("年度", year)) if not value)
        raise ReadError(
            f"无法从文件中确定报告的{missing}（标题和正文中都没有写明）；"
            "请用 gongkai ingest --agency 机关名称 --year 年度 补充"
        )
    return title or f"{agency}{year}年政府信息公开工作年度报告", year, agency


def _head(document: Document) -> str:
    return "".join("".join(b.text.split()) for b in document.blocks[:_HEAD_BLOCKS])


def _title(document: Document) -> tuple[str, int, str] | None:
    for text in ["".join(document.meta.get("title", "").split()), _head(document)]:
        match = next((m for m in _TITLE.finditer(text) if not _inside_other_quote(text, m)), None)
        if match:
            pre = _COMPILER_VERB.sub("", match.group("pre"))
            agency = _clean_agency(pre) or _clean_agency(match.group("post"))
            title = _LEADING_NOISE.sub("", pre.strip("（）()· ") + match.group(0)[len(match.group("pre")) :])
            return title, int(match.group("year")), agency
    return None


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
