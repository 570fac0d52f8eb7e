"""Render a set of canonical cells as a report in the layouts real portals produce.

The three tables are built once as a grid of spanning cells, laid out as the national
template prints them (row groups with rowspan, header groups with colspan), then written
as TSV, markdown pipes, one cell per line (an empty line for a blank cell) or HTML. A
cell the set leaves out, or sets to None, is printed blank.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from index import template as T
from index.layout import layouts
from index.numbers import format_number

TSV = "tsv"  # the grid: a merged cell's shadow is an empty field
TSV_ROWS = "tsv-rows"  # each row's own cells only, as copied from a page
PIPES = "pipes"
CELL_LINES = "cells"
HTML = "html"
LAYOUTS = (TSV, TSV_ROWS, PIPES, CELL_LINES, HTML)
SUFFIX = {TSV: ".txt", TSV_ROWS: ".txt", PIPES: ".md", CELL_LINES: ".txt", HTML: ".html"}

_TOP_ROWS = {"new": "一、", "carried_in": "二、", "carried_out": "四、"}
_RESULT_NUMBERS = "（一）（二）（三）（四）（五）（六）（七）"
_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Box:
    text: str
    rowspan: int = 1
    colspan: int = 1


def render(
    cells: dict[str, float | None], fmt: str, layout: str, agency: str = "测试县人民政府", year: int = 2023
) -> str:
    """The whole report as the text of a file in `layout`."""
    other_split = f"requests.{T.OTHER_SINGLE_ROW}.total" not in cells if fmt == T.FORMAT_2021 else False
    tables = _tables(cells, fmt, other_split)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    parts: list[tuple[str, object]] = [("p", title), ("p", "一、总体情况"), ("p", "本机关认真贯彻落实《条例》。")]
    for heading, grids in zip([T.TABLE_TITLES[t] for t in (T.TABLE_ACTIVE, T.TABLE_REQUESTS, T.TABLE_REVIEW)], tables):
        parts.append(("p", heading))
        parts.extend(("t", g) for g in grids)
    parts += [("p", "五、存在的主要问题及改进情况"), ("p", "无。"), ("p", "六、其他需要报告的事项"), ("p", "无。")]
    if layout == HTML:
        body = "".join(f"<p>{html.escape(x)}</p>" if kind == "p" else _html_table(x) for kind, x in parts)
        return f"<html><head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
    lines: list[str] = []
    for kind, x in parts:
        lines.extend([x] if kind == "p" else _text_table(x, layout))
    return "\n".join(lines) + "\n"


def _value(cells: dict[str, float | None], cid: str | None) -> str:
    value = cells.get(cid) if cid else None
    return "" if value is None else format_number(value)


def _tables(cells: dict[str, float | None], fmt: str, other_split: bool) -> list[list[list[Box]]]:
    active, requests, review = [], [], []
    for lay in layouts(fmt, other_split):
        if lay.table == T.TABLE_ACTIVE:
            width = len(lay.header)
            active.append(
                [[Box(lay.title.split(" · ")[-1], colspan=width)], [Box(h) for h in lay.header]]
                + [[Box(label)] + [Box(_value(cells, cid)) for cid in ids] for label, ids in lay.rows]
            )
        elif lay.table == T.TABLE_REQUESTS:
            requests.append(_request_grid(cells, lay.rows, other_split))
        else:
            review.append(_review_grid(cells, lay.rows))
    return [active, requests, review]


def _request_grid(cells: dict[str, float | None], rows, other_split: bool) -> list[list[Box]]:
    columns = T.APPLICANT_COLUMNS
    grid = [
        [Box(_CHECK_NOTE, rowspan=3, colspan=3), Box("申请人情况", colspan=len(columns))],
        [Box(columns[0].label, rowspan=2), Box("法人或其他组织", colspan=5), Box(columns[-1].label, rowspan=2)],
        [Box(c.label) for c in columns[1:-1]],
    ]
    keys = T.request_rows(other_split)
    results = [k for k in keys if T.REQUEST_ROW_BY_KEY[k].group == "results"] + ["results_total"]
    numbers = iter(_RESULT_NUMBERS[i : i + 3] for i in range(0, len(_RESULT_NUMBERS), 3))
    seen_groups: set[str] = set()
    for key, (_, ids) in zip(keys, rows):
        values = [Box(_value(cells, cid)) for cid in ids]
        row = T.REQUEST_ROW_BY_KEY[key]
        if key not in results:
            grid.append([Box(_TOP_ROWS[key] + row.label, colspan=3), *values])
            continue
        lead = [Box("三、本年度办理结果", rowspan=len(results))] if key == results[0] else []
        group = key.split(".")[0]
        if "." in key:
            siblings = [k for k in keys if k.startswith(group + ".")]
            if group not in seen_groups:
                seen_groups.add(group)
                lead.append(Box(next(numbers) + T.REQUEST_GROUPS[group][3:], rowspan=len(siblings)))
            label = f"{siblings.index(key) + 1}.{row.label.split('：')[-1]}"
            grid.append([*lead, Box(label), *values])
        else:
            text = "总计" if key == "results_total" else row.label
            grid.append([*lead, Box(next(numbers) + text, colspan=2), *values])
    return grid


def _review_grid(cells: dict[str, float | None], rows) -> list[list[Box]]:
    n = len(T.REVIEW_COLUMNS)
    heads = [Box(c.label) for c in T.REVIEW_COLUMNS]
    return [
        [Box(T.REVIEW_GROUPS[0].label, colspan=n), Box("行政诉讼", colspan=2 * n)],
        [
            *(Box(c.label, rowspan=2) for c in T.REVIEW_COLUMNS),
            Box("未经复议直接起诉", colspan=n),
            Box("复议后起诉", colspan=n),
        ],
        heads + heads,
        [Box(_value(cells, cid)) for _, ids in rows for cid in ids],
    ]


def _positions(grid: list[list[Box]]) -> list[list[Box | None]]:
    """The grid with every position a box covers: the box at its first, None in its shadow."""
    width = sum(b.colspan for b in grid[0])
    out: list[list[Box | None]] = [[None] * width for _ in grid]
    taken = [[False] * width for _ in grid]
    for r, row in enumerate(grid):
        c = 0
        for box in row:
            while taken[r][c]:
                c += 1
            for dr in range(box.rowspan):
                for dc in range(box.colspan):
                    taken[r + dr][c + dc] = True
            out[r][c] = box
            c += box.colspan
    return out


def _text_table(grid: list[list[Box]], layout: str) -> list[str]:
    if layout == CELL_LINES:
        return [box.text for row in grid for box in row]
    if layout == TSV_ROWS:
        return ["\t".join(box.text for box in row) for row in grid]
    rows = [[box.text if box else "" for box in row] for row in _positions(grid)]
    if layout == TSV:
        return ["\t".join(r) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return [lines[0], "|" + "---|" * len(rows[0]), *lines[1:]]


def _html_table(grid: list[list[Box]]) -> str:
    def td(box: Box) -> str:
        span = (f' rowspan="{box.rowspan}"' if box.rowspan > 1 else "") + (
            f' colspan="{box.colspan}"' if box.colspan > 1 else ""
        )
        return f"<td{span}>{html.escape(box.text)}</td>"

    return "<table>" + "".join("<tr>" + "".join(td(b) for b in row) + "</tr>" for row in grid) + "</table>"
