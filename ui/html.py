"""HTML shared by the staff view and the source view: the page shell and the template tables
with every cell's status visible. Every text that comes from a report or a person goes
through `esc`; pages carry no inline script, so the CSP can forbid it."""

from __future__ import annotations

from html import escape

from index import template as T
from index.layout import TableLayout, layouts, other_split
from index.model import AMBIGUOUS, CHECK_STATUS_ZH, DERIVED, HOLDS, MISSING, RECOGNIZED_ZH, STATUS_ZH, Cell, Check
from index.numbers import format_number
from index.store import ReportRow

STATIC = "/gk-static"
HIT_ID = "hit"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str, scripts: tuple[str, ...] = (), css: str = "site.css") -> str:
    tags = "".join(f'<script src="{STATIC}/{s}" defer></script>' for s in scripts)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)}</title><link rel="stylesheet" href="{STATIC}/{css}">{tags}</head>'
        f"<body>{body}</body></html>"
    )


def legend() -> str:
    items = "".join(f'<span class="st-{s}">{esc(name)}</span>' for s, name in STATUS_ZH.items())
    return f'<p class="legend">单元格状态：{items}</p>'


def report_tables(report: ReportRow, cells: dict[str, Cell], hit: str | None = None) -> str:
    """The report's three tables as the template lays them out; with `hit`, only the table
    holding that cell, the cell marked so the page can scroll to it."""
    out = []
    for layout in layouts(report.format, other_split(set(cells))):
        if hit is None or any(hit in ids for _, ids in layout.rows):
            out.append(_table(layout, cells, hit))
    return "".join(out)


def _table(layout: TableLayout, cells: dict[str, Cell], hit: str | None) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in layout.header)
    rows = "".join(
        f'<tr><th scope="row">{esc(label)}</th>{"".join(_td(cid, cells, hit) for cid in ids)}</tr>'
        for label, ids in layout.rows
    )
    return (
        f'<section class="table"><h3>{esc(layout.title)}</h3><div class="scroll">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def _td(cell_id: str | None, cells: dict[str, Cell], hit: str | None) -> str:
    if cell_id is None:
        return '<td class="void"></td>'
    cell = cells.get(cell_id) or Cell(cell_id, MISSING)
    attrs = f' class="st-{cell.status}{" hit" if cell_id == hit else ""}" title="{esc(cell_note(cell))}"'
    if cell_id == hit:
        attrs += f' id="{HIT_ID}"'
    return f"<td{attrs}>{cell_text(cell)}</td>"


def cell_text(cell: Cell) -> str:
    """A cell's value as HTML, its status spelled out when it is not a plain stated number."""
    if cell.status in (MISSING, AMBIGUOUS):
        return f"<small>{esc(STATUS_ZH[cell.status])}</small>"
    text = esc(format_number(cell.value))
    return text + (f" <small>{esc(STATUS_ZH[DERIVED])}</small>" if cell.status == DERIVED else "")


def cell_note(cell: Cell) -> str:
    """What a person checking the cell wants to know: label, status, how it was read."""
    parts = [T.cell(cell.id).label, STATUS_ZH[cell.status], *cell_details(cell)]
    if cell.source and cell.source.text:
        parts.append(f"原文：{cell.source.text}")
    return "；".join(parts)


def cell_details(cell: Cell) -> list[str]:
    """The rule a derived value comes from; the readings an ambiguous cell allows."""
    parts = [f"依据：{cell.rule}"] if cell.rule else []
    if cell.readings:
        parts.append("可能的读法：" + "、".join(format_number(v) for v in cell.readings))
    if cell.source and cell.source.recognized:
        parts.append(f"{RECOGNIZED_ZH}读出（置信度 {cell.source.confidence:.2f}）")
    return parts


def checks_list(checks: list[Check]) -> str:
    """Rules that fail or cannot be checked first, in full; those that hold folded away."""
    if not checks:
        return "<p>没有可核对的勾稽关系。</p>"
    attention = [c for c in checks if c.status != HOLDS]
    holding = [c for c in checks if c.status == HOLDS]
    out = _check_items(attention) if attention else "<p>所有勾稽关系均成立。</p>"
    if holding:
        summary = f"{CHECK_STATUS_ZH[HOLDS]}的 {len(holding)} 条（点击展开）"
        out += f"<details><summary>{esc(summary)}</summary>{_check_items(holding)}</details>"
    return out


def _check_items(checks: list[Check]) -> str:
    items = "".join(
        f'<li class="chk-{c.status}"><b>{esc(CHECK_STATUS_ZH[c.status])}</b> {esc(c.detail)}</li>' for c in checks
    )
    return f'<ul class="checks">{items}</ul>'
