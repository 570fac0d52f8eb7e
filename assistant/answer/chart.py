"""The chart of an answer that holds a series, built from the very figures the answer cites.

Three shapes: one figure over several years (a line), one figure across several agencies (bars,
in the answer's order: ranked when the answer ranks), the parts of a result group (bars: the reasons
for 不予公开 …). Each point carries the citation number [n] of its cell and the report's broken rules that
involve it; a missing or ambiguous cell, or a year with no report, is a gap (`y` None), never a zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.figures import Figure, label
from index import template as T
from index.model import MISSING
from index.parse.numbers import json_number

LINE = "line"
BAR = "bar"
NO_REPORT = "no_report"  # the status of a year the index holds no report for
MAX_NAMED_CELLS = 2  # a title names the cells of a trend up to this many
MAX_LINES = 4  # more lines than this in one chart are a tangle: the answer's text stays the reading

Cite = Callable[[Figure], int]


@dataclass(frozen=True)
class Point:
    x: str
    y: float | None  # None: a gap (the cell is missing or ambiguous, or there is no report)
    n: int | None  # the citation of the cell; None where no single cell is cited (no report, a sum of parts)
    status: str  # the cell's status: stated, derived, missing, ambiguous; or NO_REPORT
    broken: tuple[str, ...] = ()  # the report's broken rules that involve the cell

    def to_json(self) -> dict:
        return {
            "x": self.x,
            "y": json_number(self.y),
            "n": self.n,
            "status": self.status,
            "broken": list(self.broken),
        }


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]

    def to_json(self) -> dict:
        return {"label": self.label, "points": [p.to_json() for p in self.points]}


@dataclass(frozen=True)
class Chart:
    kind: str  # LINE | BAR
    title: str
    unit: str
    series: tuple[Series, ...]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "series": [s.to_json() for s in self.series],
        }


def point(x: str, f: Figure, cite: Cite) -> Point:
    broken = tuple(b.detail for b in f.broken_rules)
    return Point(x, f.cell.value if f.answerable else None, cite(f), f.cell.status, broken)


def series_chart(figures: list[Figure], cite: Cite, ranked: bool = False) -> Chart | None:
    """One figure (or a few of one unit) over several years as lines, or across several agencies as bars
    in the order given (always bars when `ranked`); None when the figures are not a series worth drawing."""
    unit = _one_unit(figures)
    cells = list(dict.fromkeys(f.cell.id for f in figures))
    agencies = list(dict.fromkeys(f.agency for f in figures))
    years = sorted({f.year for f in figures})
    if unit is None or not _drawable(figures):
        return None
    if not ranked and len(years) > 1 and _per_line_years(figures):
        lines = len({(f.agency, f.cell.id) for f in figures})
        return _trend(figures, cells, agencies, years, unit, cite) if lines <= MAX_LINES else None
    if len(cells) == 1 and len({(f.agency, f.year) for f in figures}) == len(figures):
        several_years = len(years) > 1
        points = tuple(point(f"{f.agency}（{f.year}年）" if several_years else f.agency, f, cite) for f in figures)
        when = "" if several_years else f"，{years[0]}年"
        return Chart(BAR, f"{label(cells[0])}{when}", unit, (Series(label(cells[0]), points),))
    return None


def parts_chart(figures: list[Figure], cite: Cite) -> Chart | None:
    """The parts of a result group as bars, one series per report (and column)."""
    unit = _one_unit(figures)
    if unit is None or not _drawable(figures) or any(T.table_of(f.cell.id) != T.TABLE_REQUESTS for f in figures):
        return None  # the result groups are rows of 表三; 表四's results are columns, drawn by no chart yet
    rows = list(dict.fromkeys(T.cell(f.cell.id).row for f in figures))
    by_series: dict[tuple[str, int, str], dict[str, Figure]] = {}
    for f in figures:
        spec = T.cell(f.cell.id)
        by_series.setdefault((f.agency, f.year, spec.column_label), {})[spec.row] = f
    headings = "、".join(dict.fromkeys(_group_heading(r) for r in rows))
    columns = {column for _, _, column in by_series}
    column = f"（{columns.pop()}）" if len(columns) == 1 else ""
    series = []
    for (agency, year, column_label), found in by_series.items():
        name = f"{agency}{year}年" + ("" if column else f"（{column_label}）")
        points = tuple(
            point(_part_label(r), found[r], cite) if r in found else Point(_part_label(r), None, None, MISSING)
            for r in rows
        )
        series.append(Series(name, points))
    whose = series[0].label if len(series) == 1 else ""
    return Chart(BAR, f"{whose}{headings}各项{column}", unit, tuple(series))


def _trend(
    figures: list[Figure], cells: list[str], agencies: list[str], years: list[int], unit: str, cite: Cite
) -> Chart:
    """A line per agency and cell over every year from the first to the last; a year without a report is a gap."""
    span = range(years[0], years[-1] + 1)
    series = []
    for agency in agencies:
        for cid in cells:
            by_year = {f.year: f for f in figures if f.agency == agency and f.cell.id == cid}
            if not by_year:
                continue
            name = agency if len(cells) == 1 else label(cid) if len(agencies) == 1 else f"{agency} {label(cid)}"
            points = tuple(
                point(str(y), by_year[y], cite) if y in by_year else Point(str(y), None, None, NO_REPORT) for y in span
            )
            series.append(Series(name, points))
    subject = agencies[0] if len(agencies) == 1 else ""
    what = "、".join(label(c) for c in cells) if len(cells) <= MAX_NAMED_CELLS else "各项"
    return Chart(LINE, f"{subject}{what}，{years[0]}—{years[-1]}年", unit, tuple(series))


def _per_line_years(figures: list[Figure]) -> bool:
    """Every (agency, cell) line has one figure a year, and some line has more than one year."""
    keys = [(f.agency, f.cell.id, f.year) for f in figures]
    lines = {(a, c) for a, c, _ in keys}
    return len(set(keys)) == len(keys) and len(keys) > len(lines)


def _one_unit(figures: list[Figure]) -> str | None:
    units = {T.cell(f.cell.id).unit for f in figures}
    return units.pop() if len(units) == 1 else None


def _drawable(figures: list[Figure]) -> bool:
    """At least two points, and at least one of them a value."""
    return len(figures) > 1 and any(f.answerable for f in figures)


def _part_label(row: str) -> str:
    """「不予公开：属于国家秘密」 → 「属于国家秘密」."""
    return T.REQUEST_ROW_BY_KEY[row].label.split("：")[-1]


def _group_heading(row: str) -> str:
    """「withheld.state_secret」 → 「不予公开」."""
    return T.REQUEST_GROUPS.get(row.split(".")[0], "").split("）")[-1] or T.REQUEST_ROW_BY_KEY[row].label
