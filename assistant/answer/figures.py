"""Figures read from SQLite for the cells a question asks: never computed by a model.

A report may be stored in several renditions (the text dump and the web page of one report):
each cell is read from the first rendition that states it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from assistant.understand.query import CellAsk, Measure, Query
from assistant.understand.scope import Scope
from index import template as T
from index.model import ANSWERABLE, MISSING, STATED, Cell
from index.parse.layout import other_split as layout_other_split
from index.store.reports import ReportRow, Store


@dataclass(frozen=True)
class BrokenRule:
    """A 勾稽 rule the report breaks: its two sides as the report states them, and the formula for staff."""

    rule: T.Rule
    detail: str  # the stored check's formula with the report's values (「办理结果总计 21；予以公开 7 + … = 27」)
    left: float  # the sum of the left side's stated values
    right: float

    @property
    def total(self) -> str:
        """The cell a broken rule is shown at: its first term (a total, or the first of a sum)."""
        return self.rule.left[0]


@dataclass(frozen=True)
class Figure:
    report: ReportRow
    agency: str  # the agency's display name across years
    year: int
    cell: Cell
    broken_rules: tuple[BrokenRule, ...] = ()  # rules of this report that break and involve the cell

    @property
    def answerable(self) -> bool:
        return self.cell.status in ANSWERABLE


def label(cell_id: str) -> str:
    """A cell as an answer names it: 「本年新收政府信息公开申请数量（总计）」, 「行政复议结果维持」."""
    spec = T.cell(cell_id)
    if spec.table == T.TABLE_REQUESTS:
        return f"{spec.row_label}（{spec.column_label}）"
    return f"{spec.row_label}{spec.column_label}"


def cell_ids(ask: CellAsk, fmt: str, other_split: bool) -> list[str]:
    """The canonical ids of one ask in a report of this format and layout."""
    if ask.table == T.TABLE_ACTIVE:
        item = next((i for i in T.ACTIVE_ITEMS[fmt] if i.key == ask.row), None)
        if item is None:
            return []
        keys = [c.key for c in item.columns]
        if any(c not in keys for c in ask.columns):
            return []  # a column this format lacks: a gap (format_gaps), never the row's other columns
        return [f"active.{item.key}.{c}" for c in ask.columns or keys]
    if ask.table == T.TABLE_REQUESTS:
        rows = _request_rows(ask.row, other_split)
        columns = ask.columns or ("total",)
        return [f"requests.{r}.{c}" for r in rows for c in columns]
    return [f"{ask.row}.{c}" for c in ask.columns or ("total",)]


class GapKind(Enum):
    ROW = "row"  # the format has no such row (2021 has no 政府集中采购)
    COLUMN = "column"  # the row has no such column in that format (2019's 收费 has no 金额)
    MERGED = "merged"  # the report keeps （六）其他处理 as one row: its sub-rows are not counted


@dataclass(frozen=True)
class Gap:
    """A row or column asked that a report's table does not have: the 2019 and 2021 formats count
    different things, and some reports do not split 其他处理; said so, never answered with the cells
    the row does have."""

    year: int
    fmt: str
    kind: GapKind
    row: str  # the row's label, as the template spells it in that format or in the other one
    has: tuple[str, ...] = ()  # COLUMN: the row's column labels in that format
    asked: tuple[str, ...] = ()  # COLUMN: the absent columns' keys


def format_gaps(asks: tuple[CellAsk, ...], reports: list[tuple[int, ReportRow, bool]]) -> list[Gap]:
    """Every (year, ask) whose row or column the report's table lacks; `reports` are (year, report,
    whether it splits 其他处理)."""
    out = []
    for year, report, other_split in reports:
        for ask in asks:
            gap = _gap(ask, report.format, other_split)
            if gap is not None:
                out.append(Gap(year, report.format, *gap))
    return out


def _gap(ask: CellAsk, fmt: str, other_split: bool) -> tuple | None:
    if ask.table == T.TABLE_REQUESTS:
        if ask.row in T.OTHER_SPLIT_ROWS and not other_split:
            return GapKind.MERGED, T.REQUEST_ROW_BY_KEY[ask.row].label
        return None
    if ask.table != T.TABLE_ACTIVE:
        return None
    item = next((i for i in T.ACTIVE_ITEMS[fmt] if i.key == ask.row), None)
    if item is None:
        other = next(i for items in T.ACTIVE_ITEMS.values() for i in items if i.key == ask.row)
        return GapKind.ROW, other.label
    absent = tuple(c for c in ask.columns if c not in {col.key for col in item.columns})
    if absent:
        return GapKind.COLUMN, item.label, tuple(c.label for c in item.columns), absent
    return None


def _request_rows(row: str, other_split: bool) -> list[str]:
    """（六）其他处理 as asked, in whichever layout the report uses."""
    if row in T.OTHER_SPLIT_ROWS and not other_split:
        return []  # a gap (format_gaps): the report counts 其他处理 only as a whole
    if row == T.OTHER_SINGLE_ROW and other_split:
        return list(T.OTHER_SPLIT_ROWS)
    return [row]


def group_rows(group: str, other_split: bool) -> list[str]:
    """The sub-rows of a result group (不予公开 → its eight reasons); the results as a whole (办理结果)
    are every row （七）总计 sums."""
    if group == T.RESULTS_GROUP:
        return list(T.result_rows(other_split))
    rows = T.request_rows(other_split)
    return [r for r in rows if r.startswith(group + ".")] or ([group] if group in rows else [])


def read_figures(store: Store, q: Query, scope: Scope, measures: tuple[Measure, ...] | None = None) -> list[Figure]:
    """The figures of every measure in every report of the scope, in the order asked."""
    measures = q.measures if measures is None else measures
    columns = list(q.mentions.get("applicant", [])) or ["total"]
    out: list[Figure] = []
    for agency, year, renditions in scope.reports:
        primary = renditions[0]
        cells_by_report = {r.id: store.cells(r.id) for r in renditions}
        other_split = layout_other_split(set(cells_by_report[primary.id]))
        broken = _broken(store, primary.id, cells_by_report[primary.id])
        ids: list[str] = []
        for m in measures:
            if m.ask:
                ids += cell_ids(m.ask, primary.format, other_split)
            elif m.group:
                ids += [f"requests.{r}.{c}" for r in group_rows(m.group, other_split) for c in columns]
        for cid in dict.fromkeys(ids):
            report, cell = _first_answerable(cid, renditions, cells_by_report)
            involved = tuple(b for b in broken if cid in b.rule.terms)
            out.append(Figure(report, agency.name, year, cell, involved))
    return out


def default_denominator(cell_id: str) -> str | None:
    """What a share of one cell is taken of when the question does not say: the row's 总计 for an
    applicant column of 表三 or a result of 表四, 办理结果总计 for a result row of 表三."""
    spec = T.cell(cell_id)
    if spec.table not in (T.TABLE_REQUESTS, T.TABLE_REVIEW):
        return None
    if spec.column != "total":
        return _total_of_row(spec)
    if spec.table == T.TABLE_REVIEW:
        return None
    if T.REQUEST_ROW_BY_KEY[spec.row].group == T.RESULTS_GROUP:
        return "requests.results_total.total"
    return None


def _total_of_row(spec: T.CellSpec) -> str:
    return next(s.id for s in T.CELLS.values() if (s.table, s.row, s.column) == (spec.table, spec.row, "total"))


def figure_of(store: Store, figure: Figure, cell_id: str) -> Figure:
    """Another cell of the same report as `figure`."""
    cell = store.cells(figure.report.id).get(cell_id, Cell(cell_id, MISSING))
    return Figure(figure.report, figure.agency, figure.year, cell)


def _first_answerable(
    cid: str, renditions: tuple[ReportRow, ...], cells_by_report: dict[int, dict[str, Cell]]
) -> tuple[ReportRow, Cell]:
    for report in renditions:
        cell = cells_by_report[report.id].get(cid)
        if cell is not None and cell.status in ANSWERABLE:
            return report, cell
    primary = renditions[0]
    return primary, cells_by_report[primary.id].get(cid, Cell(cid, MISSING))


def _broken(store: Store, report_id: int, cells: dict[str, Cell]) -> list[BrokenRule]:
    """The report's broken rules, each side summed over its stated cells (as the rules were checked)."""
    rules = {r.id: r for r in T.rules(True) + T.rules(False)}
    stated = {cid: c.value for cid, c in cells.items() if c.status == STATED and c.value is not None}
    out = []
    for check in store.checks(report_id):
        if check.status == "broken" and check.rule in rules:
            rule = rules[check.rule]
            left, right = (sum(stated.get(t, 0) for t in side) for side in (rule.left, rule.right))
            out.append(BrokenRule(rule, check.detail, left, right))
    return out
