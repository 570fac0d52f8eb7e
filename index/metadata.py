"""Agency, year and title of a report, read from the document itself."""

from __future__ import annotations

import re

from index import template as T
from index.document import Document, ReadError

_HEAD_BLOCKS = 40
_TITLE = re.compile(
    r"(?P<pre>[\u4e00-\u9fff（）()·]{0,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*"
    r"(?P<post>[\u4e00-\u9fff（）()·]{0,30}?)\s*(?:政府信息公开|政务公开)\s*(?:工作)?\s*(?:年度)?\s*报\s*告"
)
_LEADING_NOISE = re.compile(r"^(?:标题|名称|正文|关于|印发)+")


def report_title_and_year(document: Document) -> tuple[str, int, str]:
    """(title, year, agency) — raises ReadError when the document names no annual report."""
    candidates = [document.meta.get("title", "")] + [b.text for b in document.blocks[:_HEAD_BLOCKS]]
    head = "".join("".join(c.split()) for c in candidates[1:])
    for text in ["".join(candidates[0].split()), head]:
        match = _TITLE.search(text)
        if match:
            agency = _clean_agency(match.group("pre")) or _clean_agency(match.group("post"))
            title = _LEADING_NOISE.sub("", match.group(0))
            year = int(match.group("year"))
            return title, year, agency or document.meta.get("agency", "")
    raise ReadError("没有找到报告标题（如「××2023年政府信息公开工作年度报告」），无法确定这是哪个机关哪一年的年度报告")


def is_annual_report(document: Document) -> bool:
    head = "".join(document.meta.get("title", "").split()) + "".join(
        "".join(b.text.split()) for b in document.blocks[:_HEAD_BLOCKS]
    )
    return any(marker in head for marker in T.REPORT_TITLE_MARKERS) or bool(_TITLE.search(head))


def _clean_agency(text: str) -> str:
    text = _LEADING_NOISE.sub("", text.strip("（）()· "))
    return text if len(text) >= 2 else ""
