"""The parsed truth of one report: cells with their status, rule results and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

STATED = "stated"
DERIVED = "derived"
MISSING = "missing"
AMBIGUOUS = "ambiguous"
ANSWERABLE = (STATED, DERIVED)

HOLDS = "holds"
BROKEN = "broken"
UNCHECKED = "unchecked"

STATUS_ZH = {STATED: "报告列明", DERIVED: "推算", MISSING: "报告未列明", AMBIGUOUS: "无法确定"}
CHECK_STATUS_ZH = {HOLDS: "成立", BROKEN: "不成立", UNCHECKED: "无法核对"}


RECOGNIZED_ZH = "文字识别"


def where_zh(line: int | None, page: int | None, recognized: bool = False) -> str:
    """「第3页」 or 「第12行」 (empty when unknown), with 「，文字识别」 for a text read by OCR."""
    where = f"第{page}页" if page is not None else f"第{line}行" if line is not None else ""
    return f"{where}，{RECOGNIZED_ZH}" if recognized and where else RECOGNIZED_ZH if recognized else where


@dataclass(frozen=True)
class Source:
    """Where a value was read: the line (text sources) or page (PDF) and the source text.
    `confidence` is set when the text was read by OCR: the lowest recognition confidence of the values."""

    text: str
    line: int | None = None
    page: int | None = None
    confidence: float | None = None

    @property
    def recognized(self) -> bool:
        return self.confidence is not None


@dataclass(frozen=True)
class Cell:
    """One canonical cell. `value` is None unless the status is stated or derived;
    `readings` lists the candidate values of an ambiguous cell; `rule` names the rule
    a derived value comes from."""

    id: str
    status: str
    value: float | None = None
    source: Source | None = None
    rule: str | None = None
    readings: tuple[float, ...] = ()


@dataclass(frozen=True)
class Check:
    rule: str
    status: str
    detail: str


class Evidence(StrEnum):
    """Where a report's agency or year was found, best first (index.parse.metadata)."""

    SUPPLIED = "supplied"  # given by a person: `gongkai ingest --agency --year`, the upload form
    META = "meta"  # the web page's <meta> or <title>
    TITLE = "title"  # the report's title line
    BODY = "body"  # the body's own sentences
    FILE_NAME = "file_name"


EVIDENCE_ZH = {
    Evidence.SUPPLIED: "人工填写",
    Evidence.META: "网页标题或元数据",
    Evidence.TITLE: "标题行",
    Evidence.BODY: "正文",
    Evidence.FILE_NAME: "文件名",
}


@dataclass(frozen=True)
class ReportMeta:
    agency: str
    year: int
    title: str
    format: str
    agency_from: Evidence | None = None  # None for a report stored before the source was recorded
    year_from: Evidence | None = None


@dataclass
class ParsedReport:
    """Everything `gongkai tables` prints and `gongkai ingest` stores for one file."""

    file: str
    meta: ReportMeta
    cells: dict[str, Cell]
    checks: list[Check]
    warnings: list[str] = field(default_factory=list)
