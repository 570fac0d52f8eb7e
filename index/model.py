"""The parsed truth of one report: cells with their status, rule results and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class ReportMeta:
    agency: str
    year: int
    title: str
    format: str


@dataclass
class ParsedReport:
    """Everything `gongkai tables` prints and `gongkai ingest` stores for one file."""

    file: str
    meta: ReportMeta
    cells: dict[str, Cell]
    checks: list[Check]
    warnings: list[str] = field(default_factory=list)
