"""An answer's chart drawn here as inline SVG (no chart library, nothing fetched), with a table beside it.

Every bar and point links to its citation (the same /source address as the answer's [n]); values are
written on the chart; a derived value is drawn hollow and dashed and says 推算; a missing or ambiguous
value is a gap that says so, never a zero. The SVG is an image for screen readers (role="img", a <title>
and an aria-label that read out every value); the table under it is the same data as text. Everything that
comes from a report goes through `esc`.
"""

from __future__ import annotations

from assistant.answer.chart import NO_REPORT
from index.model import AMBIGUOUS, DERIVED, MISSING, STATUS_ZH
from index.parse.numbers import format_number
from ui.html import esc

KIND_ZH = {"bar": "柱状图", "line": "折线图"}
DERIVED_WORD = STATUS_ZH[DERIVED]  # 推算
GAP_WORDS = {NO_REPORT: "无报告", AMBIGUOUS: STATUS_ZH[AMBIGUOUS], MISSING: STATUS_ZH[MISSING]}
BROKEN_WORD = "勾稽不成立"
COLOURS = ("#8f1d1d", "#1f5fa8", "#2e7d32", "#b26a00")
GAP_COLOUR = "#777"
FLAG_COLOUR = "#c5221f"
FONT = 13
MAX_LABEL_CHARS = 9  # longer year labels are cut on a line chart (in full in the tooltip and the table)
CITE_TARGET = "gk-source"

# Bars run across, each group's label on its own line above its bars (long agency names and reasons keep
# their length) and values at the bar's end: narrow enough that a phone shrinks the text only a little.
BAR_WIDTH = 320
BAR_LABEL_CHARS = 23
BAR_LABEL_H = FONT + 5
BAR_VALUE_W = 96
BAR_FLAG_W = 84  # room for 「⚠勾稽不成立」 when a bar carries it
BAR_H = 18
BAR_GAP = 4
GROUP_GAP = 10

LINE_WIDTH = 420
LINE_H = 220
LINE_LEFT = 16
LINE_RIGHT = 16
LINE_TOP = 34
LINE_BOTTOM = 30


def chart_html(chart: dict | None, hrefs: dict[int, str]) -> str:
    """The chart as a <figure>: caption, legend, SVG, and the data table folded under it; "" for no chart.
    `hrefs` maps a citation number to the address its source opens at."""
    if not chart or not chart.get("series"):
        return ""
    legend = _legend(chart) if len(chart["series"]) > 1 else ""
    return (
        f'<figure class="gk-chart"><figcaption>{esc(chart["title"])}</figcaption>{legend}'
        f"{chart_svg(chart, hrefs)}<details><summary>查看数据表</summary>{chart_table(chart, hrefs)}</details></figure>"
    )


def describe(chart: dict) -> str:
    """What the chart shows, read out: 「柱状图：…。2021年70件，2022年74件（推算），2023年报告未列明」."""
    several = len(chart["series"]) > 1
    parts = []
    for s in chart["series"]:
        values = "，".join(f"{_x_text(chart, p['x'])}{_value_words(p, chart['unit'])}" for p in s["points"])
        parts.append(f"{s['label']}：{values}" if several else values)
    return f"{KIND_ZH.get(chart['kind'], '图表')}：{chart['title']}。{'；'.join(parts)}。"


def chart_svg(chart: dict, hrefs: dict[int, str]) -> str:
    draw = _line if chart["kind"] == "line" else _bars
    width, height, body = draw(chart, hrefs)
    text = esc(describe(chart))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart-svg" role="img" aria-label="{text}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'font-size="{FONT}" font-family="system-ui, &quot;Noto Sans CJK SC&quot;, sans-serif">'
        f"<title>{text}</title>{body}</svg>"
    )


def chart_table(chart: dict, hrefs: dict[int, str]) -> str:
    head = "年度" if chart["kind"] == "line" else "项目"
    columns = "".join(f'<th scope="col">{esc(s["label"])}</th>' for s in chart["series"])
    xs = list(dict.fromkeys(p["x"] for s in chart["series"] for p in s["points"]))
    rows = []
    for x in xs:
        cells = []
        for s in chart["series"]:
            p = next((p for p in s["points"] if p["x"] == x), None)
            cells.append(f"<td>{_table_value(p, chart['unit'], hrefs)}</td>")
        rows.append(f'<tr><th scope="row">{esc(_x_text(chart, x))}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="gk-chart-table"><caption>{esc(chart["title"])}（单位：{esc(chart["unit"])}）</caption>'
        f'<thead><tr><th scope="col">{head}</th>{columns}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


# ---------------------------------------------------------------- words


def _x_text(chart: dict, x: str) -> str:
    return f"{x}年" if chart["kind"] == "line" else x


def _gap_word(p: dict) -> str:
    return GAP_WORDS.get(p["status"], STATUS_ZH[MISSING])


def _value_words(p: dict, unit: str) -> str:
    words = _gap_word(p) if p["y"] is None else f"{format_number(p['y'])}{unit}"
    if p["status"] == DERIVED:
        words += f"（{DERIVED_WORD}）"
    return words + (f"（{BROKEN_WORD}）" if p.get("broken") else "")


def _table_value(p: dict | None, unit: str, hrefs: dict[int, str]) -> str:
    if p is None:
        return ""
    words = esc(_value_words(p, unit))
    if p["n"] is None:
        return words
    mark = f"[{p['n']}]"
    return f"{words} {_link(p['n'], hrefs, mark)}"


def _link(n: int | None, hrefs: dict[int, str], inner: str) -> str:
    """A citation link around `inner` (already markup): HTML <a> and SVG <a> are written alike."""
    href = hrefs.get(n) if n is not None else None
    if href is None:
        return inner
    return f'<a class="gk-cite" href="{esc(href)}" target="{CITE_TARGET}" data-n="{n}">{inner}</a>'


def _short(label: str, chars: int = MAX_LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _legend(chart: dict) -> str:
    items = "".join(
        f'<span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="{_colour(i)}"/>'
        f"</svg> {esc(s['label'])}</span>"
        for i, s in enumerate(chart["series"])
    )
    return f'<p class="gk-chart-legend">{items}</p>'


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _top(chart: dict) -> float:
    values = [p["y"] for s in chart["series"] for p in s["points"] if p["y"] is not None]
    return max([v for v in values if v > 0], default=1)


# ---------------------------------------------------------------- bars


def _bars(chart: dict, hrefs: dict[int, str]) -> tuple[int, int, str]:
    """Horizontal bars from one left edge: one group per category (its label above), one bar per series."""
    series = chart["series"]
    xs = list(dict.fromkeys(p["x"] for s in series for p in s["points"]))
    top = _top(chart)
    x0 = 1
    flagged = any(p.get("broken") for s in series for p in s["points"])
    span = BAR_WIDTH - x0 - BAR_VALUE_W - (BAR_FLAG_W if flagged else 0)
    out, y = [], 0
    for x in xs:
        out.append(f'<text x="{x0}" y="{y + FONT}"><title>{esc(x)}</title>{esc(_short(x, BAR_LABEL_CHARS))}</text>')
        y += BAR_LABEL_H
        for i, s in enumerate(series):
            p = next((p for p in s["points"] if p["x"] == x), None)
            if p is not None:
                out.append(_bar(p, chart["unit"], x0, y, span, top, _colour(i), hrefs, s["label"]))
            y += BAR_H + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    return BAR_WIDTH, y, "".join(out)


def _bar(p: dict, unit: str, x0: float, y: float, span: float, top: float, colour: str, hrefs, label: str) -> str:
    mid = y + BAR_H / 2 + FONT * 0.35
    tip = _tip(f"{label} {p['x']}", p, unit)
    if p["y"] is None:
        words = (
            f'<text x="{x0 + 4}" y="{mid:.1f}" fill="{GAP_COLOUR}" font-style="italic">{esc(_gap_word(p))}'
            f"{_flag(p)}</text>"
        )
        return _link(p["n"], hrefs, f'<g data-gap="{esc(p["status"])}">{tip}{words}</g>')
    width = max(p["y"], 0) / top * span
    derived = p["status"] == DERIVED
    style = f'fill="#fff" stroke="{colour}" stroke-dasharray="4 2"' if derived else f'fill="{colour}"'
    value = f"{format_number(p['y'])}{unit}" + (f" {DERIVED_WORD}" if derived else "")
    cite = f'<tspan fill="#b3261e"> [{p["n"]}]</tspan>' if p["n"] is not None else ""
    shape = (
        f'<rect x="{x0}" y="{y}" width="{width:.1f}" height="{BAR_H}" {style}/>'
        f'<text x="{x0 + width + 4:.1f}" y="{mid:.1f}">{esc(value)}{cite}{_flag(p)}</text>'
    )
    return _link(p["n"], hrefs, f'<g data-status="{esc(p["status"])}" data-y="{p["y"]}">{tip}{shape}</g>')


def _tip(what: str, p: dict, unit: str) -> str:
    """A point's tooltip: what it is, its value in words, and the broken rules in full."""
    rules = "".join(f"\n{BROKEN_WORD}：{d}" for d in p.get("broken", ()))
    return f"<title>{esc(what)}：{esc(_value_words(p, unit))}{esc(rules)}</title>"


def _flag(p: dict, short: bool = False) -> str:
    """「⚠勾稽不成立」 beside a value whose report breaks a rule that involves it (on a line, where points sit
    close, only ⚠: the tooltip and the table say which rule)."""
    if not p.get("broken"):
        return ""
    words = "⚠" if short else f" ⚠{BROKEN_WORD}"
    return f'<tspan fill="{FLAG_COLOUR}" font-weight="600" data-broken="{len(p["broken"])}">{words}</tspan>'


# ---------------------------------------------------------------- lines


def _line(chart: dict, hrefs: dict[int, str]) -> tuple[int, int, str]:
    """Points over the years, joined where neighbours both have values (dashed to or from a derived one);
    a gap breaks the line and says why at the foot of its year."""
    xs = list(dict.fromkeys(p["x"] for s in chart["series"] for p in s["points"]))
    top = _top(chart)
    step = (LINE_WIDTH - LINE_LEFT - LINE_RIGHT) / max(len(xs), 1)
    base = LINE_H - LINE_BOTTOM

    def px(x: str) -> float:
        return LINE_LEFT + step * (xs.index(x) + 0.5)

    def py(v: float) -> float:
        return base - max(v, 0) / top * (base - LINE_TOP)

    out = [f'<line x1="{LINE_LEFT}" y1="{base}" x2="{LINE_WIDTH - LINE_RIGHT}" y2="{base}" stroke="#999"/>']
    out += [f'<text x="{px(x):.1f}" y="{base + FONT + 6}" text-anchor="middle">{esc(_short(x))}</text>' for x in xs]
    for i, s in enumerate(chart["series"]):
        colour, pts = _colour(i), s["points"]
        for a, b in zip(pts, pts[1:]):
            if a["y"] is not None and b["y"] is not None:
                dash = ' stroke-dasharray="5 3"' if DERIVED in (a["status"], b["status"]) else ""
                out.append(
                    f'<line x1="{px(a["x"]):.1f}" y1="{py(a["y"]):.1f}" x2="{px(b["x"]):.1f}" y2="{py(b["y"]):.1f}" '
                    f'stroke="{colour}" stroke-width="2"{dash}/>'
                )
        for p in pts:
            out.append(_line_point(p, chart["unit"], px(p["x"]), py, base, colour, hrefs, s["label"], i))
    return LINE_WIDTH, LINE_H, "".join(out)


def _line_point(p: dict, unit: str, x: float, py, base: float, colour: str, hrefs, label: str, row: int) -> str:
    tip = _tip(f"{label} {p['x']}年", p, unit)
    if p["y"] is None:
        y = base - 6 - row * (FONT + 2)
        words = (
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{GAP_COLOUR}" font-size="{FONT - 2}" '
            f'font-style="italic">{esc(_gap_word(p))}{_flag(p, short=True)}</text>'
        )
        return _link(p["n"], hrefs, f'<g data-gap="{esc(p["status"])}">{tip}{words}</g>')
    y = py(p["y"])
    derived = p["status"] == DERIVED
    look = (
        f'r="5" fill="#fff" stroke="{colour}" stroke-width="2" stroke-dasharray="3 2"'
        if derived
        else f'r="4.5" fill="{colour}"'
    )
    marker = f'<circle cx="{x:.1f}" cy="{y:.1f}" {look}/>'
    value = f"{format_number(p['y'])}{unit}"
    words = f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle">{esc(value)}{_flag(p, short=True)}</text>'
    if derived:
        words += (
            f'<text x="{x:.1f}" y="{y + 18:.1f}" text-anchor="middle" fill="{colour}" font-size="{FONT - 2}">'
            f"{DERIVED_WORD}</text>"
        )
    return _link(p["n"], hrefs, f'<g data-status="{esc(p["status"])}" data-y="{p["y"]}">{tip}{marker}{words}</g>')
