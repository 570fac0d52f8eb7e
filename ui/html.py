"""HTML shared by the staff view and the source view: the page shell and the template tables
with every cell's status visible. Every text that comes from a report or a person goes
through `esc`; pages carry no inline script, so the CSP can forbid it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from index import template as T
from index.model import (
    AMBIGUOUS,
    BROKEN,
    CHECK_STATUS_ZH,
    DERIVED,
    HOLDS,
    MISSING,
    RECOGNIZED_ZH,
    STATED,
    STATUS_ZH,
    Cell,
    Check,
    where_zh,
)
from index.parse.layout import TableLayout, layouts, other_split
from index.parse.numbers import format_number
from index.store.reports import ReportRow

STATIC = "/gk-static"
HIT_ID = "hit"
STATUS_EXPLAINED = {
    STATED: "报告原文给出的数字。",
    DERIVED: "报告空缺，但恰好是某条勾稽关系中唯一缺少的一项，按这条规则算出。",
    MISSING: "报告这一格是空白或原文已丢失，不给数字。",
    AMBIGUOUS: "原文数字粘连，有几种拆法，勾稽关系和正文都定不下来，不给数字。",
}
BROKEN_EXPLAINED = "这个数字所在的一条勾稽关系不成立（规则列在该表下方）；数字仍按原文，不做修改。"
BROKEN_CELL = "勾稽不成立"
# Every rule of either layout by id: a stored check names its rule by id.
_RULES = {r.id: r for other in (True, False) for r in T.rules(other)}


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


def legend(broken: bool = False) -> str:
    """What each cell state means, in a sentence each (and the outline of a broken rule's cells)."""
    items = [(f"st-{s}", name, STATUS_EXPLAINED[s]) for s, name in STATUS_ZH.items()]
    if broken:
        items.append(("broken", BROKEN_CELL, BROKEN_EXPLAINED))
    rows = "".join(f'<dt><span class="{c}">{esc(n)}</span></dt><dd>{esc(e)}</dd>' for c, n, e in items)
    return f'<section class="legend" aria-label="单元格状态说明"><h2>单元格状态</h2><dl>{rows}</dl></section>'


def report_tables(
    report: ReportRow, cells: dict[str, Cell], hit: str | None = None, checks: Sequence[Check] = ()
) -> str:
    """The report's three tables as the template lays them out; with `hit`, only the table
    holding that cell, the cell marked so the page can scroll to it. The cells of every broken rule among
    `checks` are outlined, and the rule is written under its table."""
    broken = [(c, _RULES[c.rule]) for c in checks if c.status == BROKEN and c.rule in _RULES]
    involved = {t for _, rule in broken for t in rule.terms}
    out = []
    for layout in layouts(report.format, other_split(set(cells))):
        if hit is None or any(hit in ids for _, ids in layout.rows):
            ids = {cid for _, row in layout.rows for cid in row if cid}
            here = [c for c, rule in broken if ids & set(rule.terms)]
            out.append(_table(layout, cells, hit, involved, here))
    return "".join(out)


def _table(
    layout: TableLayout, cells: dict[str, Cell], hit: str | None, involved: set[str], broken: list[Check]
) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in layout.header)
    rows = "".join(
        f'<tr><th scope="row">{esc(label)}</th>{"".join(_td(cid, cells, hit, involved) for cid in ids)}</tr>'
        for label, ids in layout.rows
    )
    rules = f'<ul class="checks table-broken">{_items(broken)}</ul>' if broken else ""
    return (
        f'<section class="table"><h3>{esc(layout.title)}</h3><div class="scroll">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{rules}</section>"
    )


def _td(cell_id: str | None, cells: dict[str, Cell], hit: str | None, involved: set[str]) -> str:
    if cell_id is None:
        return '<td class="void"></td>'
    cell = cells.get(cell_id) or Cell(cell_id, MISSING)
    marks = "".join(m for m, on in ((" broken", cell_id in involved), (" hit", cell_id == hit)) if on)
    lines = cell_lines(cell) + ([BROKEN_CELL] if cell_id in involved else [])
    # The tooltip for a mouse; the same lines shown on a tap or Enter by static/staff.js, with the source link.
    attrs = f' class="st-{cell.status}{marks}" title="{esc("；".join(lines))}" data-cell="{esc(cell_id)}"'
    attrs += f' data-lines="{esc(chr(10).join(lines))}"'
    if cell_id == hit:
        attrs += f' id="{HIT_ID}"'
    return f"<td{attrs}>{cell_text(cell)}</td>"


def cell_text(cell: Cell) -> str:
    """A cell's value as HTML, its status spelled out when it is not a plain stated number."""
    if cell.status in (MISSING, AMBIGUOUS):
        return f"<small>{esc(STATUS_ZH[cell.status])}</small>"
    text = esc(format_number(cell.value))
    return text + (f" <small>{esc(STATUS_ZH[DERIVED])}</small>" if cell.status == DERIVED else "")


def cell_lines(cell: Cell) -> list[str]:
    """What a person checking the cell wants to know: label, status, how it was read, where, the source text."""
    parts = [T.cell(cell.id).label, STATUS_ZH[cell.status], *cell_details(cell)]
    if cell.source and cell.source.text:
        where = where_zh(cell.source.line, cell.source.page, cell.source.recognized)
        parts.append(f"原文（{where}）：{cell.source.text}" if where else f"原文：{cell.source.text}")
    return parts


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
    return f'<ul class="checks">{_items(checks)}</ul>'


def _items(checks: list[Check]) -> str:
    return "".join(
        f'<li class="chk-{c.status}"><b>{esc(CHECK_STATUS_ZH[c.status])}</b> {esc(c.detail)}</li>' for c in checks
    )
