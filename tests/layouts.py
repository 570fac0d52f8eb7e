"""Render a set of canonical cells as a report in the layouts real portals produce.

The three tables are built once as a grid of spanning cells, laid out as the national
template prints them (row groups with rowspan, header groups with colspan), then written
as TSV, markdown pipes, one cell per line (an empty line for a blank cell), HTML, DOCX with
merged cells or a PDF drawn with reportlab. A cell the set leaves out, or sets to None, is
printed blank.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from index import template as T
from index.parse.layout import layouts
from index.parse.numbers import format_number, is_number

TSV = "tsv"  # the grid: a merged cell's shadow is an empty field
TSV_ROWS = "tsv-rows"  # each row's own cells only, as copied from a page
PIPES = "pipes"
CELL_LINES = "cells"
HTML = "html"
LAYOUTS = (TSV, TSV_ROWS, PIPES, CELL_LINES, HTML)
# Layouts written as text by `render`; the harness adds the binary and the lossy ones (see `write`).
CONVERTED_PIPES = "converted-pipes"  # markdown as PDF converters write it: spans repeated, <br> in cells
IDEOGRAPHIC = "ideographic"  # TSV whose labels and values are padded with ideographic spaces
GLUED = "glued"  # a row's values glued to its label without separators, blanks gone (site dumps)
BLANK_ZERO = "blank-for-zero"  # TSV that leaves every 0 blank
FIXED_WIDTH = "fixed-width"  # as pdftotext -layout writes a table: cells at fixed positions, apart by spaces
FIXED_WIDTH_BLANK = "fixed-width-blank-for-zero"  # the same leaving every 0 blank (only spaces where it stood)
DOCX = "docx"  # a Word table with merged cells
PDF_BORDERED = "pdf-bordered"  # reportlab, ruled grid, 表三 broken over two pages, vertical labels
PDF_BORDERLESS = "pdf-borderless"  # the same without any ruling lines
PDF_CENTRED = "pdf-centred"  # borderless, every cell's text centred, as Word and WPS exports set tables
PDFS = (PDF_BORDERED, PDF_BORDERLESS, PDF_CENTRED)
HARNESS_LAYOUTS = (
    *LAYOUTS,
    CONVERTED_PIPES,
    IDEOGRAPHIC,
    GLUED,
    BLANK_ZERO,
    FIXED_WIDTH,
    FIXED_WIDTH_BLANK,
    DOCX,
    PDF_BORDERED,
    PDF_BORDERLESS,
    PDF_CENTRED,
)
# Layouts that lose information: glued digits may be ambiguous; a 0 left blank is not stated.
LOSSY = (GLUED, BLANK_ZERO, FIXED_WIDTH_BLANK)
SUFFIX = {
    TSV: ".txt",
    TSV_ROWS: ".txt",
    PIPES: ".md",
    CELL_LINES: ".txt",
    HTML: ".html",
    CONVERTED_PIPES: ".md",
    IDEOGRAPHIC: ".txt",
    GLUED: ".txt",
    BLANK_ZERO: ".txt",
    FIXED_WIDTH: ".txt",
    FIXED_WIDTH_BLANK: ".txt",
    DOCX: ".docx",
    PDF_BORDERED: ".pdf",
    PDF_BORDERLESS: ".pdf",
    PDF_CENTRED: ".pdf",
}

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
    """The whole report as the text of a file in a text layout."""
    title, parts = _parts(cells, fmt, agency, year, layout)
    if layout == HTML:
        body = "".join(f"<p>{html.escape(x)}</p>" if kind == "p" else _html_table(x) for kind, x in parts)
        return f"<html><head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
    lines: list[str] = []
    for kind, x in parts:
        lines.extend([x] if kind == "p" else _text_table(x, layout))
    return "\n".join(lines) + "\n"


def write(cells: dict[str, float | None], fmt: str, layout: str, directory: Path, name: str = "report") -> Path:
    """The report as a file in `layout` (any of HARNESS_LAYOUTS) in `directory`."""
    path = directory / f"{name}{SUFFIX[layout]}"
    if layout == DOCX:
        _write_docx(*_parts(cells, fmt, "测试县人民政府", 2023, layout), path)
    elif layout in PDFS:
        _write_pdf(*_parts(cells, fmt, "测试县人民政府", 2023, layout), path, layout)
    else:
        path.write_text(render(cells, fmt, layout), encoding="utf-8")
    return path


def _parts(
    cells: dict[str, float | None], fmt: str, agency: str, year: int, layout: str
) -> tuple[str, list[tuple[str, object]]]:
    """The title and the report's paragraphs ("p", text) and tables ("t", grid), in order."""
    if layout in (BLANK_ZERO, FIXED_WIDTH_BLANK):
        cells = {cid: (None if v == 0 else v) for cid, v in cells.items()}
    other_split = f"requests.{T.OTHER_SINGLE_ROW}.total" not in cells if fmt == T.FORMAT_2021 else False
    tables = _tables(cells, fmt, other_split)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    parts: list[tuple[str, object]] = [("p", title), ("p", "一、总体情况"), ("p", "本机关认真贯彻落实《条例》。")]
    for heading, grids in zip([T.TABLE_TITLES[t] for t in (T.TABLE_ACTIVE, T.TABLE_REQUESTS, T.TABLE_REVIEW)], tables):
        parts.append(("p", heading))
        parts.extend(("t", g) for g in grids)
    parts += [("p", "五、存在的主要问题及改进情况"), ("p", "无。"), ("p", "六、其他需要报告的事项"), ("p", "无。")]
    return title, parts


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
    if layout == GLUED:
        return ["".join(box.text for box in row) for row in grid]
    if layout in (FIXED_WIDTH, FIXED_WIDTH_BLANK):
        return _fixed_width(grid)
    if layout == CONVERTED_PIPES:
        rows = [[_converted(box) for box in row] for row in _spread(grid)]
    else:
        rows = [[box.text if box else "" for box in row] for row in _positions(grid)]
    if layout == IDEOGRAPHIC:
        rows = [[_padded(text) for text in row] for row in rows]
    if layout in (TSV, IDEOGRAPHIC, BLANK_ZERO):
        return ["\t".join(r) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return [lines[0], "|" + "---|" * len(rows[0]), *lines[1:]]


_FIXED_GAP = 3  # spaces pdftotext leaves at least between two cells of a row


def _fixed_width(grid: list[list[Box]], numbers: str = "centre") -> list[str]:
    """The grid as pdftotext -layout writes it: each column at a fixed display position (a CJK character
    two columns wide), a first-column label flush left, every other text centred over the columns it
    spans, a number centred too (or set "left" or "right" in its column), a blank cell only spaces."""
    positions = _positions(grid)
    widths = [0] * len(positions[0])
    boxes = [(c, box) for row in positions for c, box in enumerate(row) if box is not None]
    for c, box in sorted(boxes, key=lambda cb: cb[1].colspan):
        span = range(c, c + box.colspan)
        short = display_width(box.text) - sum(widths[i] for i in span) - _FIXED_GAP * (box.colspan - 1)
        widths[span[-1]] += max(0, short)
    starts = [sum(widths[:i]) + _FIXED_GAP * i for i in range(len(widths))]
    lines = []
    for row in positions:
        line = ""
        for c, box in enumerate(row):
            if box is None or not box.text:
                continue
            room = starts[c + box.colspan - 1] + widths[c + box.colspan - 1] - starts[c]
            free = room - display_width(box.text)
            if is_number(box.text) and numbers != "centre":
                free = free * 2 if numbers == "right" else 0
            at = starts[c] + (0 if c == 0 else free // 2)
            line += " " * (at - display_width(line)) + box.text
        lines.append(line)
    return lines


def display_width(text: str) -> int:
    """Columns a text takes in pdftotext -layout output: two for a wide (CJK, full-width) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _spread(grid: list[list[Box]]) -> list[list[Box]]:
    """Every grid position with the box covering it: a span's text stands in each position it covers."""
    width = sum(b.colspan for b in grid[0])
    out: list[list[Box | None]] = [[None] * width for _ in grid]
    for r, row in enumerate(_positions(grid)):
        for c, box in enumerate(row):
            if box is not None:
                for dr in range(box.rowspan):
                    for dc in range(box.colspan):
                        out[r + dr][c + dc] = box
    return out


_CONVERTER_WIDTH = 8  # characters a converter keeps on one line of a cell before it writes <br>


def _converted(box: Box | None) -> str:
    """A cell as PDF-to-markdown converters write it: its wrapped lines joined by <br> (a number is
    never wrapped: its column is as wide as it)."""
    text = box.text if box else ""
    if is_number(text):
        return text
    return "<br>".join(text[i : i + _CONVERTER_WIDTH] for i in range(0, len(text), _CONVERTER_WIDTH))


def _padded(text: str) -> str:
    """Short labels spread with ideographic spaces (「总　计」), values set off by them (「　7　」)."""
    if is_number(text):
        return f"\u3000{text}\u3000"
    return "\u3000".join(text) if len(text) <= 4 else text


def _html_table(grid: list[list[Box]]) -> str:
    def td(box: Box) -> str:
        span = (f' rowspan="{box.rowspan}"' if box.rowspan > 1 else "") + (
            f' colspan="{box.colspan}"' if box.colspan > 1 else ""
        )
        return f"<td{span}>{html.escape(box.text)}</td>"

    return "<table>" + "".join("<tr>" + "".join(td(b) for b in row) + "</tr>" for row in grid) + "</table>"


# ---------------------------------------------------------------- DOCX and PDF


def _write_docx(title: str, parts: list[tuple[str, object]], path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, x in parts:
        if kind == "p":
            document.add_paragraph(x)
            continue
        positions = _positions(x)
        table = document.add_table(rows=len(positions), cols=len(positions[0]))
        for r, row in enumerate(positions):
            for c, box in enumerate(row):
                if box is None:
                    continue
                cell = table.cell(r, c)
                if box.rowspan > 1 or box.colspan > 1:
                    cell = cell.merge(table.cell(r + box.rowspan - 1, c + box.colspan - 1))
                cell.text = box.text
    document.save(str(path))


_PDF_FONT = "STSong-Light"  # an Adobe CID font every PDF viewer has; reportlab needs no font file for it
_PDF_SIZE = 7
# Columns that hold a label written downwards, one character per line, as printed reports set narrow spans.
_VERTICAL = ("三、本年度办理结果", *T.REQUEST_GROUPS.values())


def _write_pdf(title: str, parts: list[tuple[str, object]], path: Path, layout: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
    body = ParagraphStyle("body", fontName=_PDF_FONT, fontSize=10, leading=14)
    story: list = []
    for kind, x in parts:
        if kind == "p":
            story.append(Paragraph(html.escape(x), body))
            continue
        pieces = _split(x, len(x) // 2) if _is_request_grid(x) else [x]
        for n, piece in enumerate(pieces):
            if n:
                story.append(PageBreak())  # 表三 runs on over the page break
            story.append(_pdf_table(piece, layout))

    def footer(canvas, doc) -> None:
        canvas.setFont(_PDF_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"- {doc.page} -")

    margin = 36
    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)


def _is_request_grid(grid: list[list[Box]]) -> bool:
    return any(box.text == "申请人情况" for box in grid[0])


def _split(grid: list[list[Box]], at: int) -> list[list[list[Box]]]:
    """The grid cut before row `at`, as a page break cuts it: a span running over the cut keeps its
    text above and continues blank below."""
    top: list[list[tuple[int, Box]]] = [[] for _ in range(at)]
    bottom: list[list[tuple[int, Box]]] = [[] for _ in range(len(grid) - at)]
    for r, row in enumerate(_positions(grid)):
        for c, box in enumerate(row):
            if box is None:
                continue
            if r >= at:
                bottom[r - at].append((c, box))
            elif r + box.rowspan > at:
                top[r].append((c, replace(box, rowspan=at - r)))
                bottom[0].append((c, Box("", rowspan=r + box.rowspan - at, colspan=box.colspan)))
            else:
                top[r].append((c, box))
    return [[[box for _, box in sorted(row, key=lambda cb: cb[0])] for row in part] for part in (top, bottom)]


def _pdf_table(grid: list[list[Box]], layout: str):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    centred = layout == PDF_CENTRED
    cell_style = ParagraphStyle(
        "cell", fontName=_PDF_FONT, fontSize=_PDF_SIZE, leading=_PDF_SIZE + 2, alignment=TA_CENTER if centred else 0
    )
    positions = _positions(grid)
    width = len(positions[0])
    data: list[list[object]] = [[""] * width for _ in positions]
    commands = [("FONT", (0, 0), (-1, -1), _PDF_FONT, _PDF_SIZE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, row in enumerate(positions):
        for c, box in enumerate(row):
            if box is None:
                continue
            if box.text in _VERTICAL and box.rowspan > 1:
                data[r][c] = "\n".join(box.text)
            elif is_number(box.text) or not box.text:
                data[r][c] = box.text
            else:
                data[r][c] = Paragraph(html.escape(box.text), cell_style)
            if box.rowspan > 1 or box.colspan > 1:
                commands.append(("SPAN", (c, r), (c + box.colspan - 1, r + box.rowspan - 1)))
    if centred:
        commands.append(("ALIGN", (0, 0), (-1, -1), "CENTER"))
    if layout == PDF_BORDERED:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    return Table(data, colWidths=_widths(width), style=TableStyle(commands))


def _widths(columns: int) -> list[float]:
    """Column widths in points for a table of this many columns on an A4 page with 36 pt margins."""
    if columns == len(T.APPLICANT_COLUMNS) + 3:  # 表三: two narrow vertical label columns, one for sub-rows
        return [18, 18, 150] + [40] * len(T.APPLICANT_COLUMNS)
    if columns == len(T.REVIEW_GROUPS) * len(T.REVIEW_COLUMNS):
        return [34.0] * columns
    return [150] + [(520 - 150) / (columns - 1)] * (columns - 1)
