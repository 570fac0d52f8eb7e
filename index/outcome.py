"""What ingesting one file did, in words staff can act on.

An ingest adds a report, replaces an older version of it, keeps it beside another rendition of the
same agency and year, skips it (the same bytes as before, or as another stored file) or rejects it.
Beyond that verdict staff need what the new report holds (how many figures are stated, derived,
ambiguous or missing, and which), which 勾稽 rules it breaks, and, when a version of the same agency
and year is already stored, which figures differ from it, old → new. The CLI prints these lines,
the upload API returns them and the staff page shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from index import template as T
from index.model import AMBIGUOUS, BROKEN, DERIVED, MISSING, STATED, STATUS_ZH, Cell, Check, ParsedReport
from index.parse.layout import other_split
from index.parse.numbers import format_number

MAX_NAMED = 5  # cells named in a list before 「等N个」
MAX_CHANGES = 8  # changed figures spelled out before 「等N个」


class Outcome(StrEnum):
    """The verdict on one file; the values are the `status` strings of the CLI and the upload API."""

    ADDED = "added"
    REPLACED = "replaced"  # an older version of this report (same file, or contradicted figures) went
    RENDITION = "rendition"  # another rendition of a stored report of the same agency and year: both kept
    UNCHANGED = "unchanged"  # skipped: this file holds what it held at its last ingest
    DUPLICATE = "duplicate"  # skipped: byte for byte another stored file
    FAILED = "failed"  # rejected: nothing was written


SKIPPED = (Outcome.UNCHANGED, Outcome.DUPLICATE)  # nothing was written

VERB_ZH = {
    Outcome.ADDED: "已新增",
    Outcome.REPLACED: "已替换",
    Outcome.RENDITION: "已作为另一版本保留",
    Outcome.UNCHANGED: "跳过",
    Outcome.DUPLICATE: "跳过",
    Outcome.FAILED: "失败",
}


@dataclass(frozen=True)
class CellChange:
    """One figure that differs between the stored version and the new one, as a person reads it."""

    cell: str
    label: str  # 「表三 本年新收政府信息公开申请数量 · 总计」
    old: str  # 「20」, 「5（推算）」, 「无法确定」, 「报告未列明」
    new: str

    @property
    def line(self) -> str:
        return f"{self.label}：{self.old} → {self.new}"


@dataclass(frozen=True)
class Contents:
    """What a parsed report holds: its figures by status, the cells it cannot give, its broken rules."""

    agency: str
    year: int
    format: str
    stated: int
    derived: int
    ambiguous: tuple[str, ...]  # labels of the 无法确定 cells, template order
    missing: tuple[str, ...]  # labels of the 报告未列明 cells, template order
    broken: tuple[str, ...]  # one sentence per broken rule

    def sentences(self) -> list[str]:
        counts = f"列明 {self.stated} 个数字"
        if self.derived:
            counts += f"，推算 {self.derived} 个"
        counts += f"，无法确定 {len(self.ambiguous)} 个{_named(self.ambiguous)}"
        counts += f"，报告未列明 {len(self.missing)} 个{_named(self.missing)}"
        out = [counts]
        if self.broken:
            out.append(f"勾稽关系不成立 {len(self.broken)} 条：" + "；".join(self.broken))
        else:
            out.append("没有不成立的勾稽关系")
        return out


def cell_label(cell_id: str) -> str:
    """「表三 本年新收政府信息公开申请数量 · 总计」: the table and the template's row and column labels."""
    spec = T.cell(cell_id)
    return f"{T.TABLE_SHORT_NAMES[spec.table]} {spec.label}"


def contents(parsed: ParsedReport) -> Contents:
    cells = parsed.cells
    ordered = [cid for cid in T.CELLS if cid in cells]

    def labels(status: str) -> tuple[str, ...]:
        return tuple(cell_label(cid) for cid in ordered if cells[cid].status == status)

    return Contents(
        agency=parsed.meta.agency,
        year=parsed.meta.year,
        format=T.FORMAT_NAMES.get(parsed.meta.format, parsed.meta.format),
        stated=sum(c.status == STATED for c in cells.values()),
        derived=sum(c.status == DERIVED for c in cells.values()),
        ambiguous=labels(AMBIGUOUS),
        missing=labels(MISSING),
        broken=tuple(broken_sentences(cells, parsed.checks)),
    )


def broken_sentences(cells: dict[str, Cell], checks: Iterable[Check]) -> list[str]:
    """Each broken rule as a sentence: what the template says, and what the report's figures give on each side."""
    rules = {r.id: r for r in T.rules(other_split(set(cells)))}
    stated = {cid: c.value for cid, c in cells.items() if c.status == STATED and c.value is not None}
    out = []
    for check in checks:
        if check.status != BROKEN:
            continue
        rule = rules.get(check.rule)
        if rule is None or any(t not in stated for t in rule.terms):
            out.append(check.detail)
            continue
        left = format_number(sum(stated[t] for t in rule.left))
        right = format_number(sum(stated[t] for t in rule.right))
        out.append(f"{rule.description}，但报告中左边是 {left}，右边是 {right}")
    return out


def diff(old: dict[str, Cell], new: dict[str, Cell]) -> list[CellChange]:
    """The cells whose figure a person would read differently in the new version, in template order."""
    out = []
    for cid in T.CELLS:
        if cid not in old and cid not in new:
            continue
        before, after = _shown(old.get(cid)), _shown(new.get(cid))
        if before != after:
            out.append(CellChange(cid, cell_label(cid), before, after))
    return out


def changes_sentence(changes: list[CellChange] | tuple[CellChange, ...], against: str | None) -> str:
    """「与 a.txt 相比有 2 个数字不同：…」; `against` None for the last version of the same file."""
    than = f"与 {against} 相比" if against else "与这个文件上次导入的版本相比"
    if not changes:
        return f"{than}，所有数字都相同"
    shown = "；".join(c.line for c in changes[:MAX_CHANGES])
    more = f" 等{len(changes)}个" if len(changes) > MAX_CHANGES else ""
    return f"{than}有 {len(changes)} 个数字不同：{shown}{more}"


def _shown(cell: Cell | None) -> str:
    if cell is None:
        return STATUS_ZH[MISSING]
    if cell.status in (STATED, DERIVED) and cell.value is not None:
        value = format_number(cell.value)
        return f"{value}（推算）" if cell.status == DERIVED else value
    return STATUS_ZH[cell.status]


def _named(labels: tuple[str, ...]) -> str:
    if not labels:
        return ""
    more = f" 等{len(labels)}个" if len(labels) > MAX_NAMED else ""
    return f"（{'、'.join(labels[:MAX_NAMED])}{more}）"
