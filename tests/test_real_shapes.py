"""Reports in the shapes real portals and converters deliver them, built here from every gold file's cells
(so the truth is known) by reshaping a rendered layout (tests/layouts.py): page furniture inside the tables,
表三 continued over a page with its header repeated or 「续表」, thousands separators, full-width digits,
「无」「/」「—」 or units in cells, CMS and WeChat HTML (rowspans off by one too), 表三 as two Word tables,
double-spaced text, wrapped labels, numbers apart
by spaces only (pdftotext -layout), the agency only in a field, the signature, a breadcrumb or the file
name, a report followed by 附件 or 解读, two reports in one file. Nothing is ever read wrong or invented; a
lossless shape gives back every printed cell. Non-reports that quote the tables stay rejected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from index.document import ReadError
from index.ingest import parse_file
from tests.harness import judge
from tests.helpers import gold_files, load_gold
from tests.layouts import (
    BLANK_ZERO,
    CELL_LINES,
    DOCX,
    FIXED_WIDTH,
    FIXED_WIDTH_BLANK,
    HTML,
    PIPES,
    TSV,
    TSV_ROWS,
    display_width,
    render,
)
from tests.layouts import _is_request_grid as is_request_grid
from tests.layouts import _parts as layout_parts
from tests.layouts import _split as cut_grid
from tests.layouts import _write_docx as write_docx

GOLD = {p.stem: load_gold(p) for p in gold_files()}
AGENCY = "测试县人民政府"  # what tests/layouts.py titles a report with
TITLE = f"{AGENCY}2023年政府信息公开工作年度报告"
TOWN = "甲乙县丙丁镇人民政府"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _requests_middle(lines: list[str]) -> int:
    """A line index in the middle of 表三."""
    top = next(i for i, x in enumerate(lines) if x.startswith("三、收到和处理"))
    end = next(i for i, x in enumerate(lines) if x.startswith("四、政府信息公开行政复议"))
    return (top + end) // 2


def _inserted(text: str, junk: list[str], header: int = 0) -> str:
    """`junk` lines (and 表三's first `header` rows again) put in the middle of 表三."""
    lines = text.split("\n")
    mid = _requests_middle(lines)
    top = next(i for i, x in enumerate(lines) if x.startswith("三、收到和处理"))
    return "\n".join(lines[:mid] + junk + lines[top + 1 : top + 1 + header] + lines[mid:])


def _values(text: str, change: Callable[[str], str]) -> str:
    """Every number standing alone in a tab field or on its own line, changed."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            line = "\t".join(change(c) if _NUMBER.fullmatch(c) else c for c in line.split("\t"))
        elif _NUMBER.fullmatch(line.strip()):
            line = change(line.strip())
        out.append(line)
    return "\n".join(out)


def _grouped(separator: str) -> Callable[[str], str]:
    return lambda c: c if "." in c or len(c.lstrip("-")) < 4 else f"{int(c):,}".replace(",", separator)


def _spaced(text: str, zeros_blank: bool = False) -> str:
    """Cells apart by runs of spaces, a blank cell a wider gap, but no column at a fixed position (a
    text export that kept the gaps, not the positions): a blank's column is lost."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = ["" if zeros_blank and c == "0" else c for c in line.split("\t")]
            line = "   ".join(c or "  " for c in cells).rstrip()
        out.append(line)
    return "\n".join(out)


def _double_spaced(text: str) -> str:
    """An empty line after every line, as some exports of pdftotext output leave them."""
    return "\n\n".join(text.split("\n"))


def _fixed_wrapped(text: str, values_below: bool) -> str:
    """A fixed-width table's labels longer than 10 characters wrapped after 8, the rest flush left on the
    next line, the values (at their columns) on the first line or the second."""
    out = []
    for line in text.split("\n"):
        match = re.match(r"(\S+(?: \S+)*)(\s{2,}.*\d.*)$", line)
        if not match or len(match.group(1)) <= 10:
            out.append(line)
            continue
        label, values = match.groups()
        head, tail = label[:8], label[8:]
        if values_below:
            out += [head, tail + " " * (display_width(label) - display_width(tail)) + values]
        else:
            out += [head + " " * (display_width(label) - display_width(head)) + values, tail]
    return "\n".join(out)


def _wrapped(text: str, values_below: bool) -> str:
    """Label cells longer than 8 characters wrapped onto a second line, the values on the first or second."""
    out = []
    for line in text.split("\n"):
        label, *cells = line.split("\t")
        if cells and len(label) > 10:
            values = "\t" + "\t".join(cells)
            out += [label[:8], label[8:] + values] if values_below else [label[:8] + values, label[8:]]
        else:
            out.append(line)
    return "\n".join(out)


def _html_cells(html: str) -> str:
    """WeChat/CMS soup: paragraphs in sections and spans, every cell's text in a styled <p><span>."""
    html = html.replace("<p>", '<section style="margin:0"><p style="text-indent:2em"><span style="font-size:16px">')
    html = html.replace("</p>", "</span></p></section>")
    return re.sub(
        r"<td([^>]*)>(.*?)</td>", r'<td\1 style="border:1px solid"><p align="center"><span>\2</span></p></td>', html
    )


def _html_th(html: str) -> str:
    """Header rows (no value in them) written with <th>."""

    def row(match: re.Match) -> str:
        tr = match.group(0)
        return tr if re.search(r"<td[^>]*>-?\d", tr) else tr.replace("<td", "<th").replace("</td>", "</th>")

    return re.sub(r"<tr>.*?</tr>", row, html)


def _html_split(html: str) -> str:
    """表三 cut into two <table>s with the page number between, as pasted from a paged document."""
    start = html.index("申请人情况")
    rows = [m.start() for m in re.finditer("<tr>", html) if m.start() > start]
    cut = rows[len(rows) // 4]
    return html[:cut] + '</table><p style="text-align:center">- 5 -</p><table>' + html[cut:]


def _span_off(label: str, by: int) -> Callable[[str], str]:
    """A CMS editor's table whose rowspan on `label` is off by `by` (a row added or deleted by hand)."""
    pattern = re.compile(rf'<td rowspan="(\d+)"([^>]*)>{re.escape(label)}')
    return lambda h: pattern.sub(lambda m: f'<td rowspan="{int(m.group(1)) + by}"{m.group(2)}>{label}', h)


def _untitled(text: str) -> str:
    """The body without its title line, its overview opening with the year."""
    return text.split("\n", 1)[1].replace("本机关认真", "2023年，本机关认真", 1)


def _html_untitled(html: str, head: str, before_body: str = "") -> str:
    html = html.replace(f"<title>{TITLE}</title>", head).replace(f"<p>{TITLE}</p>", "")
    return html.replace("本机关认真", "2023年，本机关认真", 1).replace("<body>", "<body>" + before_body)


def _info_table(colon: str) -> str:
    """A 信息公开 page's info table above the article: label cells with or without 「：」, no 名称 row."""
    cells = [
        ("索引号", "11320000MB0000000X/2024-00012", "主题分类", "综合政务"),
        ("发布机构", TOWN, "成文日期", "2024-01-20"),
    ]
    rows = "".join(
        "<tr>" + "".join(f"<td>{c}{colon if i % 2 == 0 else ''}</td>" for i, c in enumerate(r)) + "</tr>" for r in cells
    )
    return f'<table class="xxgk">{rows}</table>'


def _scaled(cells: dict[str, float | None]) -> dict[str, float | None]:
    """Every count times 1013 (the rules still hold), so tables carry four- and five-digit numbers."""
    return {c: v if v is None or c.startswith("active.fees") else v * 1013 for c, v in cells.items()}


@dataclass(frozen=True)
class Shape:
    name: str
    layout: str  # the layout rendered before reshaping
    reshape: Callable[[str], str]
    judged_as: str = TSV  # BLANK_ZERO where the shape leaves every 0 unprinted
    lossless: bool = True  # every printed cell must come back
    suffix: str = ".txt"
    file: str = "report"
    identity: tuple[str, int] = (AGENCY, 2023)
    big_numbers: bool = False


SHAPES = [
    Shape("page header and page number in 表三", TSV, lambda t: _inserted(t, [TITLE, "- 5 -"])),
    Shape("第3页 共8页 in 表三", TSV_ROWS, lambda t: _inserted(t, ["第 3 页 共 8 页", "— 5 —"])),
    Shape("page number between one-cell lines", CELL_LINES, lambda t: _inserted(t, ["- 5 -"])),
    Shape("表三 header repeated after the page break", TSV, lambda t: _inserted(t, ["- 5 -"], 3)),
    Shape("续表 and the header repeated", TSV, lambda t: _inserted(t, ["续表"], 3)),
    Shape("续表 in markdown", PIPES, lambda t: _inserted(t, ["", "续表", ""], 4)),
    Shape("note line inside 表三", TSV, lambda t: _inserted(t, ["注：本表数据统计时间为2023年1月1日至12月31日。"])),
    Shape("thousands 1,234", TSV, lambda t: _values(t, _grouped(",")), big_numbers=True),
    Shape("thousands 1，234", TSV, lambda t: _values(t, _grouped("，")), big_numbers=True),
    Shape(
        "thousands in HTML cells",
        HTML,
        lambda h: re.sub(r"<td>(\d{4,})</td>", lambda m: f"<td>{int(m.group(1)):,}</td>", h),
        suffix=".html",
        big_numbers=True,
    ),
    Shape("full-width digits", TSV, lambda t: _values(t, lambda c: c.translate(_FULL_WIDTH))),
    Shape("无 for zero", TSV, lambda t: _values(t, lambda c: "无" if c == "0" else c), BLANK_ZERO),
    Shape("/ for zero", TSV, lambda t: _values(t, lambda c: "/" if c == "0" else c), BLANK_ZERO),
    Shape(
        "— for zero, one cell a line", CELL_LINES, lambda t: _values(t, lambda c: "—" if c == "0" else c), BLANK_ZERO
    ),
    Shape(
        "units and padding in cells", TSV, lambda t: _values(t, lambda c: f" {c}件 " if "." not in c else c + "万元")
    ),
    Shape("cells apart by tab and spaces", TSV, lambda t: t.replace("\t", " \t ")),
    Shape("half-width brackets and quotes", TSV, lambda t: t.translate(str.maketrans("（）“”", '()""'))),
    Shape("double-spaced one-cell lines", CELL_LINES, lambda t: "\n\n".join(t.split("\n"))),
    Shape("long labels wrapped, values on the second line", TSV_ROWS, lambda t: _wrapped(t, True)),
    Shape("long labels wrapped after the values", TSV_ROWS, lambda t: _wrapped(t, False)),
    Shape("numbers apart by spaces, no fixed columns", TSV, _spaced, lossless=False),
    Shape(
        "apart by spaces, no fixed columns, zeros blank", TSV, lambda t: _spaced(t, True), BLANK_ZERO, lossless=False
    ),
    Shape("pdftotext -layout", FIXED_WIDTH, lambda t: t),
    Shape("pdftotext -layout, zeros blank", FIXED_WIDTH_BLANK, lambda t: t, BLANK_ZERO),
    Shape("pdftotext -layout, zeros blank, double-spaced", FIXED_WIDTH_BLANK, _double_spaced, BLANK_ZERO),
    Shape(
        "pdftotext -layout, zeros blank, labels wrapped",
        FIXED_WIDTH_BLANK,
        lambda t: _fixed_wrapped(t, False),
        BLANK_ZERO,
    ),
    Shape(
        "pdftotext -layout, zeros blank, labels wrapped, values below",
        FIXED_WIDTH_BLANK,
        lambda t: _fixed_wrapped(t, True),
        BLANK_ZERO,
    ),
    Shape(
        "pdftotext -layout, zeros blank, page break in 表三, header repeated",
        FIXED_WIDTH_BLANK,
        lambda t: _inserted(t, ["- 5 -"], 3),
        BLANK_ZERO,
    ),
    Shape("WeChat section/p/span soup", HTML, _html_cells, suffix=".html"),
    Shape("header rows in <th>", HTML, _html_th, suffix=".html"),
    Shape(
        "inside a layout table",
        HTML,
        lambda h: h.replace("<body>", '<body><table width="100%"><tr><td>导航</td><td>').replace(
            "</body>", "</td></tr></table></body>"
        ),
        suffix=".html",
    ),
    Shape(
        "tbody, inline styles, &nbsp; blanks, an empty first column",
        HTML,
        lambda h: (
            h.replace("<table>", '<table border="1" style="width:100%"><tbody>')
            .replace("</table>", "</tbody></table>")
            .replace("<td></td>", "<td>&nbsp;</td>")
            .replace("<tr>", '<tr><td style="width:0"></td>')
        ),
        suffix=".html",
    ),
    Shape(
        "row labels as <p> lines in a cell",
        HTML,
        lambda h: h.replace(">三、本年度办理结果<", "><p>三、本年度</p><p>办理结果</p><"),
        suffix=".html",
    ),
    Shape(
        "values in spans with <br>",
        HTML,
        lambda h: re.sub(r"<td>(\d+)</td>", r"<td><span>\1</span><br/></td>", h),
        suffix=".html",
    ),
    Shape("表三 in two tables", HTML, _html_split, suffix=".html"),
    Shape("办理结果 rowspan one too many", HTML, _span_off("三、本年度办理结果", 1), suffix=".html"),
    Shape("办理结果 rowspan one too few", HTML, _span_off("三、本年度办理结果", -1), suffix=".html"),
    Shape("不予公开 rowspan one too many", HTML, _span_off("（三）不予公开", 1), suffix=".html"),
    Shape(
        "agency only in 发布机构",
        TSV,
        lambda t: f"发布机构：{TOWN}\n发布日期：2024-01-20\n" + _untitled(t),
        file="content_1234",
        identity=(TOWN, 2023),
    ),
    Shape(
        "agency only in the signature after 特此报告",
        TSV,
        lambda t: _untitled(t) + f"\n特此报告。\n\n{TOWN}\n2024年1月20日\n",
        file="P020240120000001",
        identity=(TOWN, 2023),
    ),
    Shape(
        "agency and year only in the file name",
        TSV,
        lambda t: t.split("\n", 1)[1],
        file="戊己区庚辛街道办事处2023年政府信息公开工作年度报告",
        identity=("戊己区庚辛街道办事处", 2023),
    ),
    Shape(
        "a provincial department",
        TSV,
        lambda t: t.replace(AGENCY, "甲省自然资源厅", 1),
        identity=("甲省自然资源厅", 2023),
    ),
    Shape(
        "a vertically managed office",
        TSV,
        lambda t: t.replace(AGENCY, "国家税务总局甲乙县税务局", 1),
        identity=("国家税务总局甲乙县税务局", 2023),
    ),
    Shape(
        "a sub-district, the year after the name",
        TSV,
        lambda t: t.replace(TITLE, "戊己区庚辛街道办事处政府信息公开工作年度报告（2023年度）", 1),
        identity=("戊己区庚辛街道办事处", 2023),
    ),
    Shape(
        "the title only in the breadcrumb",
        HTML,
        lambda h: _html_untitled(
            h,
            "<title>甲乙县人民政府门户网站</title>",
            f'<div class="position">当前位置：首页 &gt; 政务公开 &gt; {TOWN}2023年政府信息公开工作年度报告</div>',
        ),
        suffix=".html",
        identity=(TOWN, 2023),
    ),
    Shape(
        "the agency only in <meta ContentSource>",
        HTML,
        lambda h: _html_untitled(h, f'<title>信息公开</title><meta name="ContentSource" content="{TOWN}">'),
        suffix=".html",
        identity=(TOWN, 2023),
    ),
    Shape(
        "the agency only in the info table, labels with 「：」",
        HTML,
        lambda h: _html_untitled(h, "<title>甲乙县人民政府</title>", _info_table("：")),
        suffix=".html",
        identity=(TOWN, 2023),
    ),
    Shape(
        "the agency only in the info table, bare labels",
        HTML,
        lambda h: _html_untitled(h, "<title>甲乙县人民政府</title>", _info_table("")),
        suffix=".html",
        identity=(TOWN, 2023),
    ),
    Shape(
        "followed by an 解读 quoting figures",
        TSV,
        lambda t: (
            t + "附件：\n图解：2023年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 999件\n"
            "二、上年结转政府信息公开申请数量 888件\n全年主动公开信息5000条。\n"
        ),
    ),
    Shape(
        "followed by an 附件 table",
        TSV,
        lambda t: (
            t
            + "附件\n2023年度依申请公开办理情况明细\n序号\t申请事项\t办理结果\n"
            + "1\t征收补偿\t予以公开\n2\t规划许可\t部分公开\n"
        ),
    ),
]


def _concatenated(cells: dict[str, float | None], fmt: str) -> str:
    other = {c: None if v is None else v + 1 for c, v in cells.items()}
    return render(cells, fmt, TSV) + "\n" + render(other, fmt, TSV, agency="戊己县人民政府", year=2022)


@pytest.mark.parametrize("name", sorted(GOLD))
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_a_real_shape_gives_back_the_gold_cells(tmp_path, shape, name):
    gold = GOLD[name]
    cells = _scaled(gold["cells"]) if shape.big_numbers else gold["cells"]
    path = tmp_path / f"{shape.file}{shape.suffix}"
    path.write_text(shape.reshape(render(cells, gold["format"], shape.layout)), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    verdict = judge(cells, parsed, shape.judged_as)
    assert (verdict.wrong, verdict.invented) == ([], [])
    assert (parsed.meta.agency, parsed.meta.year) == shape.identity
    if shape.lossless:
        assert verdict.lost == []


@pytest.mark.parametrize("name", sorted(GOLD))
def test_two_reports_in_one_file_read_as_the_first(tmp_path, name):
    gold = GOLD[name]
    path = tmp_path / "report.txt"
    path.write_text(_concatenated(gold["cells"], gold["format"]), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    verdict = judge(gold["cells"], parsed, TSV)
    assert (verdict.wrong, verdict.invented, verdict.lost) == ([], [], [])
    assert (parsed.meta.agency, parsed.meta.year) == (AGENCY, 2023)


@pytest.mark.parametrize("name", sorted(GOLD))
@pytest.mark.parametrize("between", [[], ["续表"], ["续表", "header"]], ids=["cut", "续表", "续表 and header"])
def test_a_word_table_split_in_two_gives_back_the_gold_cells(tmp_path, name, between):
    """表三 as two Word tables (a page break in the editor), with 「续表」 and the header rows again or not."""
    gold = GOLD[name]
    title, parts = layout_parts(gold["cells"], gold["format"], AGENCY, 2023, DOCX)
    split: list[tuple[str, object]] = []
    for kind, x in parts:
        if kind == "t" and is_request_grid(x):
            top, bottom = cut_grid(x, len(x) // 2)
            bottom = x[:3] + bottom if "header" in between else bottom
            split += [("t", top), *(("p", "续表") for _ in between[:1]), ("t", bottom)]
        else:
            split.append((kind, x))
    path = tmp_path / "report.docx"
    write_docx(title, split, path)
    _, parsed = parse_file(path, path.name)
    verdict = judge(gold["cells"], parsed, DOCX)
    assert (verdict.wrong, verdict.invented, verdict.lost) == ([], [], [])


REFERENCE = "图解：一图读懂戊己县2022年政府信息公开工作年度报告\n"  # a 解读 of another report, above the title


@pytest.mark.parametrize(
    ("lead", "tail", "identity"),
    [
        ("", "", (AGENCY, 2023)),  # the report alone: its title line
        (REFERENCE, "", None),  # two titles in the head: neither is trusted, nothing else names it
        (REFERENCE, f"\n本报告所列数据统计期限为2023年1月1日至12月31日。\n{AGENCY}\n2024年1月20日\n", (AGENCY, 2023)),
    ],
    ids=["alone", "under another title", "under another title, signed"],
)
def test_another_reports_title_above_the_title_names_neither(tmp_path, lead, tail, identity):
    gold = GOLD["2023_pingtan_shiyanqu"]
    path = tmp_path / "content_123.txt"
    path.write_text(lead + render(gold["cells"], gold["format"], TSV) + tail, encoding="utf-8")
    if identity is None:
        with pytest.raises(ReadError, match="--agency"):
            parse_file(path, path.name)
        return
    _, parsed = parse_file(path, path.name)
    assert (parsed.meta.agency, parsed.meta.year) == identity


NOT_REPORTS = {
    "部门决算": "甲乙县财政局2023年度部门决算\n一、部门基本情况\n二、收入支出决算总表\n收入\t支出\n"
    "一般公共预算拨款收入\t1234.56\t一般公共服务支出\t1000.00\n三、政府采购支出情况\n四、国有资产占有使用情况\n",
    "news of the report": "甲乙县发布2023年政府信息公开工作年度报告\n来源：甲乙县融媒体中心\n"
    "近日，甲乙县人民政府发布《甲乙县人民政府2023年政府信息公开工作年度报告》。报告显示，2023年全县主动公开政府信息"
    "12000余条，本年新收政府信息公开申请数量81件，上年结转政府信息公开申请数量3件，予以公开22件，部分公开20件，"
    "行政复议2件，行政诉讼5件。报告还梳理了存在的主要问题及改进情况。\n",
    "work plan": "甲乙县2024年政务公开工作要点\n一、总体要求\n二、主动公开政府信息\n三、依申请公开\n"
    "规范办理，做好本年新收政府信息公开申请数量统计；予以公开、部分公开、不予公开、无法提供、不予处理等办理结果"
    "准确统计；上年结转政府信息公开申请数量核对。\n四、政府信息公开行政复议、行政诉讼\n五、存在的主要问题及改进情况\n"
    "六、其他需要报告的事项\n做好2024年政府信息公开工作年度报告编制。\n",
}


@pytest.mark.parametrize("kind", sorted(NOT_REPORTS))
def test_texts_quoting_the_report_are_not_reports(tmp_path, kind):
    path = tmp_path / "page.txt"
    path.write_text(NOT_REPORTS[kind], encoding="utf-8")
    with pytest.raises(ReadError, match="这不是政府信息公开工作年度报告"):
        parse_file(path, path.name)
