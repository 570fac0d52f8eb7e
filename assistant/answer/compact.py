"""Several figures of one report's table written compactly: one row as one line, rows × columns as a table.

The answer's text always holds the figures (the CLI, a copy and the number guard read it); a table also travels
as data (`AnswerTable`), which the chat and the widget draw in place of the lines it stands for. One citation
covers the whole block: the cells of one table of one report (one per file, when a report is stored in two
renditions and some cells were read from the other).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.figures import Figure, label
from index import template as T
from index.model import AMBIGUOUS, DERIVED, MISSING
from index.parse.numbers import format_number

UNSTATED_ZH = {MISSING: "报告未列明", AMBIGUOUS: "无法确定"}
AMBIGUOUS_NOTE = "“无法确定”表示原文中的数字相连，无法唯一拆分，因此不给出数字。"


@dataclass(frozen=True)
class TableCell:
    text: str  # 「20件」「74件（推算）」「报告未列明」: as the answer's line writes it
    file: str  # the rendition the value was read from
    cell: str  # the cell id, so a client can link the value to its own source
    status: str

    def to_json(self) -> dict:
        return {"text": self.text, "file": self.file, "cell": self.cell, "status": self.status}


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[TableCell | None, ...]  # one per column; None where the row has no such cell asked
    citations: tuple[int, ...] = field(default=())  # a year's report, in a table of years; else the table's

    def to_json(self) -> dict:
        cells = [c.to_json() if c else None for c in self.cells]
        return {"label": self.label, "cells": cells, "citations": list(self.citations)}


@dataclass(frozen=True)
class AnswerTable:
    """Rows × columns of one table of one report, cited once (once per rendition read) by `citations`; `text`
    is the run of the answer's lines it stands for, exactly as written there."""

    citations: tuple[int, ...]
    title: str  # the template table's title
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    text: str

    def to_json(self) -> dict:
        return {
            "citations": list(self.citations),
            "title": self.title,
            "columns": list(self.columns),
            "rows": [r.to_json() for r in self.rows],
            "text": self.text,
        }


def figure_text(f: Figure) -> str:
    """A value as a compact block writes it: 「20件」, 「74件（推算）」, 「报告未列明」."""
    if not f.answerable:
        return UNSTATED_ZH[f.cell.status]
    mark = "（推算）" if f.cell.status == DERIVED else ""
    return f"{format_number(f.cell.value)}{T.cell(f.cell.id).unit}{mark}"


def by_table(figures: list[Figure]) -> list[list[Figure]]:
    """One report's figures by template table, in the order asked."""
    out: dict[str, list[Figure]] = {}
    for f in figures:
        out.setdefault(T.cell(f.cell.id).table, []).append(f)
    return list(out.values())


def by_rendition(figures: list[Figure]) -> list[list[Figure]]:
    """Figures by the file each was read from (a citation names one file), in the order asked."""
    out: dict[int, list[Figure]] = {}
    for f in figures:
        out.setdefault(f.report.id, []).append(f)
    return list(out.values())


def block(title: str, figures: list[Figure], citations: tuple[int, ...]) -> tuple[str, AnswerTable | None]:
    """Several figures of one table of one report, cited once (per rendition): one line when they share a row
    or a column, else a lead line and one line per row, which the table stands for."""
    rows = _rows(figures)
    columns = list(dict.fromkeys(T.cell(f.cell.id).column for f in figures))
    cited = "".join(f"[{n}]" for n in citations)
    if len(rows) == 1:
        (row,) = rows.values()
        return f"根据《{title}》，{_line(row)}{cited}。", None
    if len(columns) == 1:
        values = "，".join(f"{label(f.cell.id)}{'为' if f.answerable else ''}{figure_text(f)}" for f in figures)
        return f"根据《{title}》，{values}{cited}。", None
    text = "；\n".join(_line(row) for row in rows.values()) + "。"
    labels = tuple(_column_label(figures, c) for c in columns)
    table_rows = tuple(
        TableRow(
            T.cell(row[0].cell.id).row_label,
            tuple(_table_cell(next((f for f in row if T.cell(f.cell.id).column == c), None)) for c in columns),
        )
        for row in rows.values()
    )
    table = AnswerTable(citations, T.TABLE_TITLES[T.cell(figures[0].cell.id).table], labels, table_rows, text)
    return f"根据《{title}》{cited}：\n{text}", table


def years_block(whose: str, figures: list[Figure], cited: dict[int, tuple[int, ...]]) -> tuple[str, AnswerTable]:
    """One agency's figures over several years: a line a year, ending in that year's citations (`cited`), a
    column a figure; the table of years × figures stands for the lines."""
    cells = list(dict.fromkeys(f.cell.id for f in figures))
    names = {c: short_name(c, figures) for c in cells}
    years = sorted(cited)
    lines, rows = [], []
    for year in years:
        found = {f.cell.id: f for f in figures if f.year == year}
        marks = "".join(f"[{n}]" for n in cited[year])
        values = "，".join(f"{names[c]}{figure_text(found[c])}" for c in cells if c in found)
        lines.append(f"{year}年：{values}{marks}")
        rows.append(TableRow(f"{year}年", tuple(_table_cell(found.get(c)) for c in cells), cited[year]))
    text = "；\n".join(lines) + "。"
    title = f"{whose}{_subject(figures)}，{years[0]}—{years[-1]}年"
    table = AnswerTable(tuple(n for y in years for n in cited[y]), title, tuple(names.values()), tuple(rows), text)
    return f"{title}：\n{text}", table


def short_name(cell_id: str, figures: list[Figure]) -> str:
    """A figure's name among others: its column when they all share a row (「自然人」), else its full label."""
    if len({T.cell(f.cell.id).row for f in figures}) == 1:
        return T.cell(cell_id).column_label
    return label(cell_id)


def _subject(figures: list[Figure]) -> str:
    """What the figures have in common: their row (「本年新收政府信息公开申请数量」), or nothing said."""
    rows = {T.cell(f.cell.id).row_label for f in figures}
    return f"{rows.pop()}各项" if len(rows) == 1 else "各项数字"


def notes(figures: list[Figure]) -> list[str]:
    """What a compact block's marks mean: the rule behind each 推算 value, and 无法确定 once."""
    out = [
        f"其中{label(f.cell.id)}为推算：报告未直接列明，依据「{f.cell.rule}」算出。"
        for f in figures
        if f.cell.status == DERIVED
    ]
    if any(f.cell.status == AMBIGUOUS for f in figures):
        out.append(AMBIGUOUS_NOTE)
    return out


def _line(row: list[Figure]) -> str:
    """「本年新收政府信息公开申请数量：自然人20件，商业企业0件」."""
    values = "，".join(f"{T.cell(f.cell.id).column_label}{figure_text(f)}" for f in row)
    return f"{T.cell(row[0].cell.id).row_label}：{values}"


def _rows(figures: list[Figure]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for f in figures:
        out.setdefault(T.cell(f.cell.id).row, []).append(f)
    return out


def _column_label(figures: list[Figure], column: str) -> str:
    return next(T.cell(f.cell.id).column_label for f in figures if T.cell(f.cell.id).column == column)


def _table_cell(f: Figure | None) -> TableCell | None:
    return TableCell(figure_text(f), f.report.file, f.cell.id, f.cell.status) if f else None
