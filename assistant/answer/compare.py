"""One figure compared: across every agency of the index in one year (ranked), or over one agency's years.

The figure is a canonical cell, or a group total of 表三 (「requests.withheld.total」: the parts of 不予公开
added in code, never a stored number). Cells are read like an answer reads them (`read_figures`: the first
rendition that states a cell), cited the same way, and drawn by the same chart; unstated figures are listed,
never ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.answer.chart import BAR, LINE, NO_REPORT, Chart, Point, Series
from assistant.answer.compose import Citation, Citations
from assistant.answer.figures import Figure, label, read_figures
from assistant.understand.agencies import Agency
from assistant.understand.naming import find_agencies
from assistant.understand.parse import normalise_question
from assistant.understand.query import CellAsk, Intent, Measure, Query
from assistant.understand.scope import Scope
from index import template as T
from index.model import AMBIGUOUS, ANSWERABLE, DERIVED, MISSING, STATED
from index.store.reports import ReportRow, Store

BY_YEAR = "year"
BY_AGENCY = "agency"


class CompareError(ValueError):
    """A comparison that cannot be made as asked: said in Chinese."""


@dataclass(frozen=True)
class Target:
    """What is compared: one canonical cell, or the total of a 表三 result group in one column."""

    id: str
    label: str
    unit: str
    cell: str = ""  # a canonical cell id
    group: str = ""  # a 表三 result group (withheld …), its parts summed
    column: str = ""

    @property
    def measure(self) -> Measure:
        if self.group:
            return Measure(group=self.group)
        spec = T.cell(self.cell)
        return Measure(ask=CellAsk(spec.table, spec.row, (spec.column,)))


@dataclass(frozen=True)
class Row:
    agency: str
    year: int
    report: ReportRow | None  # None: the agency has no report that year
    value: float | None  # None unless every cell it is read from is stated or derived
    status: str  # stated, derived (a cell, or any part of a sum, is derived), missing, ambiguous, NO_REPORT
    cites: tuple[int, ...] = ()  # the cell's citation, or the citations of the parts summed
    broken: tuple[str, ...] = ()  # the report's broken rules that involve the cell or its parts
    rank: int | None = None  # BY_YEAR: 1 for the most, equal values share a rank; None when not ranked


@dataclass(frozen=True)
class Comparison:
    target: Target
    mode: str  # BY_YEAR | BY_AGENCY
    rows: tuple[Row, ...]
    citations: list[Citation]
    chart: Chart
    summed: bool  # the values are sums of parts, computed in code


def targets() -> list[Target]:
    """Everything that can be compared: every canonical cell, then the 表三 group totals by column."""
    out = [target(cid) for cid in T.CELLS]
    out += [target(f"requests.{g}.{c.key}") for g in T.REQUEST_GROUPS for c in T.APPLICANT_COLUMNS]
    return [t for t in out if t is not None]


def target(target_id: str) -> Target | None:
    if target_id in T.CELLS:
        return Target(target_id, label(target_id), T.cell(target_id).unit, cell=target_id)
    parts = target_id.split(".")
    columns = {c.key: c.label for c in T.APPLICANT_COLUMNS}
    if len(parts) == 3 and parts[0] == T.TABLE_REQUESTS and parts[1] in T.REQUEST_GROUPS and parts[2] in columns:
        heading = T.REQUEST_GROUPS[parts[1]].split("）")[-1]
        name = f"{heading}合计（{columns[parts[2]]}，各项相加）"
        return Target(target_id, name, T.UNIT_ITEMS, group=parts[1], column=parts[2])
    return None


def compare_year(store: Store, agencies: list[Agency], what: Target, year: int) -> Comparison:
    """Every agency with a report of `year`, ranked from the most; unstated ones after them, unranked, and
    last the agencies of the index with no report that year (in the rows, not on the chart)."""
    reports = [(a, year, tuple(a.reports_of(year))) for a in agencies if year in a.years]
    if not reports:
        known = sorted({y for a in agencies for y in a.years})
        raise CompareError(
            f"索引中没有{year}年的报告" + (f"（现有年度：{'、'.join(map(str, known))}）" if known else "")
        )
    read = _read(store, what, reports)
    values = [r.value for r, _ in read if r.value is not None]
    ranked = sorted(
        ((replace(r, rank=1 + sum(v > r.value for v in values)), parts) for r, parts in read if r.value is not None),
        key=lambda item: item[0].rank,
    )
    cites, rows = _cited(ranked + [(r, parts) for r, parts in read if r.value is None])
    points = tuple(_point(r.agency, r) for r in rows)
    rows += [Row(a.name, year, None, None, NO_REPORT) for a in agencies if year not in a.years]
    chart = Chart(BAR, f"{what.label}，{year}年，各机关从多到少", what.unit, (Series(what.label, points),))
    return Comparison(what, BY_YEAR, tuple(rows), cites.items, chart, bool(what.group))


def compare_agency(store: Store, agency: Agency, what: Target, first: int, last: int) -> Comparison:
    """One agency over every year from `first` to `last`; a year without its report is said, not skipped."""
    if first > last:
        raise CompareError(f"起始年度 {first} 晚于结束年度 {last}")
    if not any(first <= y <= last for y in agency.years):
        have = "、".join(map(str, agency.years))
        raise CompareError(f"{agency.name}在{first}—{last}年没有报告（现有年度：{have}）")
    reports = [(agency, y, tuple(agency.reports_of(y))) for y in range(first, last + 1) if y in agency.years]
    found = {r.year: (r, parts) for r, parts in _read(store, what, reports)}
    absent = (Row(agency.name, 0, None, None, NO_REPORT), [])
    cites, rows = _cited([found.get(y) or (replace(absent[0], year=y), []) for y in range(first, last + 1)])
    points = tuple(_point(str(r.year), r) for r in rows)
    chart = Chart(LINE, f"{agency.name}{what.label}，{first}—{last}年", what.unit, (Series(agency.name, points),))
    return Comparison(what, BY_AGENCY, tuple(rows), cites.items, chart, bool(what.group))


def find_agency(name: str, agencies: list[Agency]) -> Agency:
    """The agency a staff member picked (its full name), else the one a name as people type it fits."""
    exact = [a for a in agencies if name in (a.name, a.key)]
    if exact:
        return exact[0]
    text = normalise_question(name)
    found = find_agencies(text, agencies, [False] * len(text)).agencies if text else ()
    if len(found) == 1:
        return found[0]
    if found:
        raise CompareError(f"「{name}」对应多个机关：{'、'.join(a.name for a in found)}，请选择其中一个")
    raise CompareError(f"索引中没有「{name}」这个机关")


# ---------------------------------------------------------------- reading


def _read(store: Store, what: Target, reports: list) -> list[tuple[Row, list[Figure]]]:
    """Each report's row, with the figures it is read from (one cell, or the parts of a group)."""
    mentions = {"applicant": [what.column]} if what.group else {}
    q = Query("", Intent.FIGURES, measures=(what.measure,), mentions=mentions)
    by_report: dict[tuple[str, int], list[Figure]] = {}
    for f in read_figures(store, q, Scope(reports=tuple(reports))):
        if what.group or f.cell.id == what.cell:  # a report of the other format may lack the cell
            by_report.setdefault((f.agency, f.year), []).append(f)
    out = []
    for agency, year, renditions in reports:
        parts = by_report.get((agency.name, year), [])
        out.append((_row(agency.name, year, renditions[0], parts), parts))
    return out


def _row(agency: str, year: int, primary: ReportRow, parts: list[Figure]) -> Row:
    if not parts:  # the report's format has no such cell (表二 differs between 2019 and 2021)
        return Row(agency, year, primary, None, MISSING)
    broken = tuple(dict.fromkeys(b.detail for f in parts for b in f.broken_rules))
    report = parts[0].report if len(parts) == 1 else primary
    statuses = {f.cell.status for f in parts}
    if not statuses <= set(ANSWERABLE):
        return Row(agency, year, report, None, AMBIGUOUS if AMBIGUOUS in statuses else MISSING, broken=broken)
    value = sum(f.cell.value for f in parts)
    return Row(agency, year, report, value, DERIVED if DERIVED in statuses else STATED, broken=broken)


def _cited(read: list[tuple[Row, list[Figure]]]) -> tuple[Citations, list[Row]]:
    """Citations numbered in the order the rows are shown: each row's cell, or each part of its sum."""
    cites = Citations()
    return cites, [replace(r, cites=tuple(cites.cell(f) for f in parts)) for r, parts in read]


def _point(x: str, row: Row) -> Point:
    """A row on the chart: linked to its cell's citation; a sum of parts links to none (its table row cites
    every part)."""
    n = row.cites[0] if len(row.cites) == 1 else None
    return Point(x, row.value, n, row.status, row.broken)
