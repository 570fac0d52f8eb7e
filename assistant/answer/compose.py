"""Chinese answers composed from figures and passages, with [n] citations.

Every number written here is a cell value, a quote from a cited passage, or a difference or
sum computed below from the cited cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer import compact
from assistant.answer.chart import Chart, parts_chart, series_chart
from assistant.answer.compact import AnswerTable
from assistant.answer.figures import BrokenRule, Figure, Gap, GapKind, label
from assistant.answer.prose import ProseQuote
from assistant.understand.query import Change
from index import template as T
from index.model import AMBIGUOUS, DERIVED, MISSING, where_zh
from index.parse.numbers import format_number, json_number

ROUTE_FIGURE = "figure"
ROUTE_TEXT = "text"
ROUTE_NONE = "none"
ROUTE_CHAT = "chat"


@dataclass(frozen=True)
class Computed:
    """A number worked out in code from cited figures: `operands` are their citation numbers."""

    value: float
    operation: str
    operands: tuple[int, ...]

    def to_json(self) -> dict:
        value = json_number(float(format_number(self.value)))  # exactly as the answer writes it
        return {"value": value, "operation": self.operation, "operands": list(self.operands)}


@dataclass(frozen=True)
class Citation:
    """One [n] of an answer: a cell (or a block of cells) of one table, a broken rule, or a passage."""

    n: int
    file: str
    title: str
    section: str
    cell: str | None  # the first cell of a block; None for a passage
    page: int | None
    line: int | None
    recognized: bool  # read by OCR: the source view says so
    text: str
    cells: tuple[str, ...] = ()  # every cell of a block citation

    def to_json(self) -> dict:
        body = {k: getattr(self, k) for k in ("n", "file", "title", "section", "cell", "page", "line")}
        body |= {"recognized": self.recognized, "text": self.text}
        return body | ({"cells": list(self.cells)} if self.cells else {})


@dataclass
class Answer:
    question: str
    answer: str
    route: str
    figures: list[Figure] = field(default_factory=list)  # the stated and derived figures the answer gives
    citations: list[Citation] = field(default_factory=list)
    computed: list[Computed] = field(default_factory=list)
    chart: Chart | None = None  # when the answer holds a series: drawn from the same figures and citations
    tables: list[AnswerTable] = field(default_factory=list)  # rows × columns of one report, drawn by the UI

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "route": self.route,
            "figures": [figure_json(f) for f in self.figures],
            "citations": [c.to_json() for c in self.citations],
            "computed": [c.to_json() for c in self.computed],
            "chart": self.chart.to_json() if self.chart else None,
            "tables": [t.to_json() for t in self.tables],
        }


def value_text(value: float, cell_id: str) -> str:
    return f"{format_number(value)}{T.cell(cell_id).unit}"


# ---------------------------------------------------------------- citations


class Citations:
    """Numbers citations in order of first use; one per cell of one report, one per compact block of cells
    (`block`), one per broken rule (`rule`)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple, int] = {}

    def cell(self, f: Figure) -> int:
        key = (f.report.id, f.cell.id)
        if key not in self._index:
            spec = T.cell(f.cell.id)
            source = f.cell.source
            stated = (
                value_text(f.cell.value, f.cell.id)
                if f.answerable
                else ("无法确定" if f.cell.status == AMBIGUOUS else "报告未列明")
            )
            text = f"{T.TABLE_SHORT_NAMES[spec.table]} {label(f.cell.id)}：{stated}"
            recognized = bool(source and source.recognized)
            if source and source.text:
                where = f"，{where_zh(source.line, source.page, True)}" if recognized else ""
                text += f"（原文{where}：{source.text}）"
            self._add_cells(key, f.report, f.cell.id, (), source, text)
        return self._index[key]

    def block(self, figures: list[Figure]) -> int:
        """One citation for several cells of one table of one file: every value, and each distinct source
        line once; it points at the first cell (the source view shows its whole table)."""
        f0 = figures[0]
        key = (f0.report.id, "block", tuple(f.cell.id for f in figures))
        if key not in self._index:
            rows: dict[str, list[str]] = {}
            for f in figures:
                s = T.cell(f.cell.id)
                rows.setdefault(s.row_label, []).append(f"{s.column_label}{compact.figure_text(f)}")
            table = T.TABLE_SHORT_NAMES[T.cell(f0.cell.id).table]
            text = f"{table} " + "；".join(f"{r}：{'，'.join(v)}" for r, v in rows.items())
            sources = list(dict.fromkeys(f.cell.source for f in figures if f.cell.source and f.cell.source.text))
            if len(sources) == 1:
                where = where_zh(sources[0].line, sources[0].page, True) if sources[0].recognized else ""
                text += f"（原文{'，' + where if where else ''}：{sources[0].text}）"
            elif sources:
                quoted = "；".join(f"{where_zh(s.line, s.page, s.recognized) or '位置未知'}：{s.text}" for s in sources)
                text += f"（原文{quoted}）"
            cells = tuple(f.cell.id for f in figures)
            self._add_cells(key, f0.report, f0.cell.id, cells, sources[0] if sources else None, text)
            for f in figures:  # a chart drawn from these figures links to the same citation
                self._index.setdefault((f.report.id, f.cell.id), self._index[key])
        return self._index[key]

    def rule(self, report, broken: BrokenRule) -> int:
        """A broken rule, cited with its formula and the report's values (for staff checking it); it points at
        the rule's first cell, whose table the source view shows."""
        key = (report.id, "rule", broken.rule.id)
        if key not in self._index:
            section = T.TABLE_TITLES[T.cell(broken.total).table]
            self._add(key, report, section, broken.total, None, None, f"勾稽关系不成立：{broken.detail}")
        return self._index[key]

    def passage(self, report, section: str, text: str, line: int | None, page: int | None) -> int:
        key = (report.id, "passage", text)
        if key not in self._index:
            self._add(key, report, section, None, page, line, text)
        return self._index[key]

    def _add_cells(self, key, report, cell: str, cells: tuple[str, ...], source, text: str) -> None:
        """A cell, or a block of `cells` of one table led by `cell`, located at `source` (None where unknown)."""
        section = T.TABLE_TITLES[T.cell(cell).table]
        page, line = (source.page, source.line) if source else (None, None)
        self._add(key, report, section, cell, page, line, text, bool(source and source.recognized), cells)

    def _add(self, key, report, section, cell, page, line, text, recognized=False, cells=()) -> None:
        n = len(self.items) + 1
        self._index[key] = n
        self.items.append(Citation(n, report.file, report.title, section, cell, page, line, recognized, text, cells))


# ---------------------------------------------------------------- figures


def figure_json(f: Figure) -> dict:
    value = f.cell.value
    number = int(value) if float(value).is_integer() else value
    return {
        "file": f.report.file,
        "cell": f.cell.id,
        "value": number,
        "unit": T.cell(f.cell.id).unit,
        "status": f.cell.status,
    }


def figure_phrase(f: Figure, n: int) -> str:
    name = label(f.cell.id)
    if f.cell.status == MISSING:
        return f"{name}报告未列明[{n}]"
    if f.cell.status == AMBIGUOUS:
        return f"{name}无法确定（原文数字相连，无法唯一拆分）[{n}]"
    phrase = f"{name}为{value_text(f.cell.value, f.cell.id)}"
    if f.cell.status == DERIVED:
        phrase += f"（推算：报告未直接列明，依据「{f.cell.rule}」算出）"
    return phrase + f"[{n}]"


def compose_values(
    question: str, figures: list[Figure], note: str, list_groups: bool, prose: dict[int, ProseQuote] | None = None
) -> Answer:
    """The figures asked, report by report: one figure a sentence; several figures of one report a compact
    line or table cited once; the parts of a result group (`list_groups`) listed under their sum. `prose` is the
    sentence of a report's text that gives a number for a cell its table leaves blank, quoted after it."""
    cites = Citations()
    prose = prose or {}
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    tables: list[AnswerTable] = []
    for group in _by_report(figures).values():
        report = group[0].report
        summed = list_groups and any(len(rows) > 1 for rows in _by_result_group(group).values())
        if summed:
            body = "；".join(
                _list_phrase(rows, cites, computed) if len(rows) > 1 else figure_phrase(rows[0], cites.cell(rows[0]))
                for rows in _by_result_group(group).values()
            )
        elif len(group) > 1:
            parts += _compact(report.title, group, cites, tables)
            parts += _broken_notes(group, cites) + _prose_note(prose.get(report.id), report, cites)
            continue
        else:
            body = figure_phrase(group[0], cites.cell(group[0]))
        parts.append(f"根据《{report.title}》，{body}。")
        parts += _broken_notes(group, cites) + _prose_note(prose.get(report.id), report, cites)
    chart = parts_chart(figures, cites.cell) if list_groups else series_chart(figures, cites.cell)
    chart = None if tables else chart  # the table is the reading: the same figures drawn twice only crowd a phone
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(figures), cites.items, computed, chart, tables)


def _prose_note(quote: ProseQuote | None, report, cites: Citations) -> list[str]:
    if quote is None:
        return []
    n = cites.passage(report, quote.section, quote.text, quote.line, quote.page)
    return [f"表格中未列明的这一项，报告正文写道：“{quote.text}”[{n}]"]


def _compact(title: str, group: list[Figure], cites: Citations, tables: list[AnswerTable]) -> list[str]:
    """Several figures of one report: a line or a table per template table, each cited once; the lone figures
    of other tables in one sentence, as before."""
    parts: list[str] = []
    lone: list[Figure] = []

    def said_alone() -> None:
        if lone:
            parts.append(f"根据《{title}》，{'；'.join(figure_phrase(f, cites.cell(f)) for f in lone)}。")
            lone.clear()

    for figures in compact.by_table(group):
        if len(figures) == 1:
            lone.append(figures[0])
            continue
        said_alone()
        citations = tuple(cites.block(part) for part in compact.by_rendition(figures))
        text, table = compact.block(title, figures, citations)
        parts.append(text)
        parts += compact.notes(figures)
        if table:
            tables.append(table)
    said_alone()
    return parts


def _by_result_group(figures: list[Figure]) -> dict[tuple[str, str], list[Figure]]:
    """Sub-rows by their group (不予公开 …) and column: a group's total is their sum."""
    out: dict[tuple[str, str], list[Figure]] = {}
    for f in figures:
        spec = T.cell(f.cell.id)
        out.setdefault((spec.row.split(".")[0], spec.column), []).append(f)
    return out


def _list_phrase(rows: list[Figure], cites: Citations, computed: list[Computed]) -> str:
    """「不予公开共5件（系统相加）：第三方1件[1]；…；其余各项均为0件」."""
    spec = T.cell(rows[0].cell.id)
    heading = T.REQUEST_GROUPS.get(spec.row.split(".")[0], "").split("）")[-1]
    column = "" if spec.column == "total" else f"（{spec.column_label}）"
    shown = [f for f in rows if not f.answerable or f.cell.value]
    zeros = [f for f in rows if f.answerable and not f.cell.value]
    if all(f.answerable for f in rows):
        total = sum(f.cell.value for f in rows)
        computed.append(Computed(total, "sum", tuple(cites.cell(f) for f in rows)))
        lead = f"{heading}{column}共{value_text(total, rows[0].cell.id)}（由系统将以下各项相加）"
    else:
        lead = f"{heading}{column}的部分项目报告未列明或无法确定，无法合计"
    if not shown:
        return f"{lead}，各项均为0件[{cites.cell(zeros[0])}]"
    text = "；".join(figure_phrase(f, cites.cell(f)) for f in shown)
    return f"{lead}：{text}" + ("；其余各项均为0件" if zeros else "")


def compose_compare(question: str, figures: list[Figure], note: str, change: Change = Change.AMOUNT) -> Answer:
    """Figures over years (and agencies), with the change from year to year worked out in code (as a rate or
    a multiple too, when `change` asks it): a sentence per figure; several figures of one agency that no chart
    draws as a table of years × figures, each year's report cited once."""
    cites = Citations()
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    tables: list[AnswerTable] = []
    drawn = series_chart(figures, lambda f: 0) is not None
    for agency, group in _by_agency(figures).items():
        if not drawn and len({f.cell.id for f in group}) > 1 and len({f.year for f in group}) > 1:
            parts += _years_table(agency, group, cites, computed, tables, change)
            parts += _broken_notes(group, cites)
            continue
        for cid, series in _by_cell(group).items():
            series = sorted(series, key=lambda f: f.year)
            values = "，".join(f"{f.year}年{_short(f, cites)}" for f in series)
            sentence = f"{agency}{label(cid)}：{values}"
            if len(series) > 1:
                sentence += "。" + _changes(series, cites, computed, change=change)
            parts.append(sentence + "。")
            parts += _broken_notes(series, cites)
    chart = series_chart(figures, cites.cell)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(figures), cites.items, computed, chart, tables)


def _years_table(
    agency: str,
    group: list[Figure],
    cites: Citations,
    computed: list[Computed],
    tables: list[AnswerTable],
    change: Change,
) -> list[str]:
    """One agency's figures as a line a year (each year's report cited once), then each figure's changes."""
    by_year: dict[int, list[Figure]] = {}
    for f in sorted(group, key=lambda f: f.year):
        by_year.setdefault(f.year, []).append(f)
    cited = {y: tuple(cites.block(part) for part in compact.by_rendition(fs)) for y, fs in by_year.items()}
    text, table = compact.years_block(agency, group, cited)
    tables.append(table)
    before = len(computed)
    changes = []
    for cid, series in _by_cell(group).items():
        series = sorted(series, key=lambda f: f.year)
        name = compact.short_name(cid, group)
        if len(series) > 1 and all(f.answerable for f in series) and len({f.cell.value for f in series}) == 1:
            changes.append(f"{name}各年持平")
        elif len(series) > 1:
            changes.append(f"{name}{_changes(series, cites, computed, said=False, change=change)}")
    explained = "（差值由系统根据上述数字计算）" if len(computed) > before else ""
    return [text, *compact.notes(group), f"变化{explained}：{'；'.join(changes)}。"] if changes else [text]


def _changes(
    series: list[Figure], cites: Citations, computed: list[Computed], said: bool = True, change: Change = Change.AMOUNT
) -> str:
    """「2022年比2021年增加7件，2023年比2022年持平」 for one figure over years, the differences (and rates or
    multiples) in `computed`; `said`: followed by 「（差值由系统根据上述数字计算）」."""
    if not all(f.answerable for f in series):
        return "由于部分年度该项未列明或无法确定，无法计算变化"
    changes = []
    for a, b in zip(series, series[1:]):
        diff = b.cell.value - a.cell.value
        computed.append(Computed(abs(diff), "difference", (cites.cell(b), cites.cell(a))))
        word = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        amount = f"{value_text(abs(diff), b.cell.id)}" if diff else ""
        changes.append(f"{b.year}年比{a.year}年{word}{amount}{_relative(b, a, cites, computed, change)}")
    return "，".join(changes) + ("（差值由系统根据上述数字计算）" if said else "")


def _relative(new: Figure, base: Figure, cites: Citations, computed: list[Computed], change: Change) -> str:
    """「（增长9.46%）」 or 「（是后者的3.52倍）」: `new` against `base`, in code, added to `computed`."""
    if change is Change.AMOUNT:
        return ""
    if not base.cell.value:
        return "（基数为0，无法计算增减幅度）" if change is Change.RATE else "（基数为0，无法计算倍数）"
    operands = (cites.cell(new), cites.cell(base))
    if change is Change.TIMES:
        times = round(new.cell.value / base.cell.value, 2)
        computed.append(Computed(times, "ratio", operands))
        whose = f"{base.year}年" if new.year != base.year else "后者"
        return f"（是{whose}的{format_number(times)}倍）"
    rate = round((new.cell.value - base.cell.value) / base.cell.value * 100, 2)
    computed.append(Computed(abs(rate), "relative_change", operands))
    words = ("增长", "下降") if new.year != base.year else ("多", "少")  # over years, or one figure against another
    return f"（{words[rate < 0]}{format_number(abs(rate))}%）" if rate else ""


MONTHS = 12  # written 十二 in the answer: every Arabic number there is a figure or computed


def compose_monthly(question: str, figures: list[Figure], note: str) -> Answer:
    """「平均每月收到多少」: the tables count a year; each figure is stated for the year and divided by 12 in code."""
    cites = Citations()
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    for f in figures:
        sentence = f"根据《{f.report.title}》，{label(f.cell.id)}全年{_short(f, cites)}"
        if f.answerable:
            average = round(f.cell.value / MONTHS, 2)
            computed.append(Computed(average, "average", (cites.cell(f),)))
            sentence += f"，平均每月约{value_text(average, f.cell.id)}（统计表只有全年数字，由系统按十二个月平均计算）"
        parts.append(sentence + "。")
    parts += _broken_notes(figures, cites)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(figures), cites.items, computed)


def compose_sum(question: str, figures: list[Figure], note: str) -> Answer:
    """A total in code: of one cell over several reports, or of several cells of one report."""
    cites = Citations()
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    several_reports = len(_by_report(figures)) > 1
    groups = _by_cell(figures) if several_reports else {"": figures}
    for cid, group in groups.items():
        if several_reports:
            terms = "，".join(f"{f.agency}{f.year}年{_short(f, cites)}" for f in group)
            head = f"{label(cid)}：{terms}"
        else:
            f0 = group[0]
            terms = "，".join(f"{label(f.cell.id)}{_short(f, cites)}" for f in group)
            head = f"根据《{f0.report.title}》，{terms}"
        units = {T.cell(f.cell.id).unit for f in group}
        if all(f.answerable for f in group) and len(units) == 1:
            total = sum(f.cell.value for f in group)
            computed.append(Computed(total, "sum", tuple(cites.cell(f) for f in group)))
            head += f"。合计{value_text(total, group[0].cell.id)}（由系统根据上述数字相加）"
        elif len(units) > 1:
            head += "。这些数字单位不同，不能相加"
        else:
            head += "。其中有报告未列明或无法确定该项，无法合计"
        parts.append(head + "。")
        parts += _broken_notes(group, cites)
    chart = series_chart(figures, cites.cell)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(figures), cites.items, computed, chart)


def compose_difference(question: str, figures: list[Figure], note: str, change: Change = Change.AMOUNT) -> Answer:
    """The difference of two figures (two cells of one report, or one cell of two agencies), in code."""
    cites = Citations()
    parts = [note + "。"] if note else []
    a, b = figures[0], figures[1]
    if a.cell.id == b.cell.id:  # one cell of two reports: named once
        sentence = f"{label(a.cell.id)}：" + "，".join(f"{_whose(f, figures)}{_short(f, cites)}" for f in (a, b))
    else:
        sentence = "，".join(f"{_whose(f, figures)}{label(f.cell.id)}{_short(f, cites)}" for f in (a, b))
    if a.answerable and b.answerable and T.cell(a.cell.id).unit == T.cell(b.cell.id).unit:
        diff = a.cell.value - b.cell.value
        computed = [Computed(abs(diff), "difference", (cites.cell(a), cites.cell(b)))]
        if diff:
            word = "多" if diff > 0 else "少"
            relative = _relative(a, b, cites, computed, change)
            sentence += f"。前者比后者{word}{value_text(abs(diff), a.cell.id)}{relative}（差值由系统根据上述数字计算）"
        else:
            sentence += "。两者相同"
    else:
        computed = []
        sentence += "。其中有数字未列明或无法确定，无法计算差值"
    parts.append(sentence + "。")
    parts += _broken_notes([a, b], cites)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable([a, b]), cites.items, computed)


def compose_share(question: str, pairs: list[tuple[list[Figure], Figure]], note: str) -> Answer:
    """A share of figures in another, in code: 「予以公开占办理结果总计的比例」; several parts are summed
    first (「予以公开及部分公开的占比」)."""
    cites = Citations()
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    used: list[Figure] = []
    every = [f for shares, whole in pairs for f in [*shares, whole]]
    if not pairs:
        parts.append("抱歉，没有找到可以作为比例分母的总数，无法计算这个占比。请说明占哪一项的比例。")
    for shares, whole in pairs:
        used += [*shares, whole]
        named = "、".join(f"{label(f.cell.id)}{_short(f, cites)}" for f in shares)
        sentence = f"{_whose(shares[0], every)}{named}，{label(whole.cell.id)}{_short(whole, cites)}"
        if not all(f.answerable for f in [*shares, whole]):
            parts.append(sentence + "。其中有数字未列明或无法确定，无法计算比例。")
            continue
        part = sum(f.cell.value for f in shares)
        operands = tuple(cites.cell(f) for f in shares)
        if len(shares) > 1:
            computed.append(Computed(part, "sum", operands))
            sentence += f"。以上各项合计{value_text(part, shares[0].cell.id)}"
        if whole.cell.value:
            share = round(part / whole.cell.value * 100, 2)
            computed.append(Computed(share, "share", (*operands, cites.cell(whole))))
            whose = "前者" if len(shares) == 1 else "合计"
            sentence += f"。{whose}占后者的{format_number(share)}%（由系统根据上述数字计算）"
        else:
            sentence += "。后者为0，无法计算比例"
        parts.append(sentence + "。")
    used = list({(f.report.id, f.cell.id): f for f in used}.values())
    parts += _broken_notes(used, cites)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(used), cites.items, computed)


def compose_rank(
    question: str,
    figures: list[Figure],
    note: str,
    ascending: bool,
    by_agency: bool = False,
    placed: str | None = None,
) -> Answer:
    """Figures ranked in code: agencies or years for one cell, or the cells of one report (「哪类申请人
    最多」); unstated figures are listed apart, never ranked. Agencies ranked `by_agency` on several cells
    each (「哪个地方被起诉最多」: both kinds of 行政诉讼) are ranked on each one's sum. The agency `placed`
    (「洪泽区排第几」) is told its place."""
    reports = list(dict.fromkeys((f.agency, f.year) for f in figures))
    if by_agency and len(reports) > 1 and len({f.cell.id for f in figures}) > 1:
        return _rank_sums(question, figures, reports, note, ascending, placed)
    cites = Citations()
    parts = [note + "。"] if note else []
    stated = sorted((f for f in figures if f.answerable), key=lambda f: f.cell.value, reverse=not ascending)
    unstated = [f for f in figures if not f.answerable]
    computed: list[Computed] = []
    cells = {f.cell.id for f in figures}
    if stated:
        order = "从少到多" if ascending else "从多到少"
        ranked = "；".join(f"{i}. {_ranked_name(f, figures)}{_short(f, cites)}" for i, f in enumerate(stated, 1))
        what = label(stated[0].cell.id) if len(cells) == 1 else _common_label(figures)
        parts.append(f"{what}，按{order}排列（由系统排序）：{ranked}。")
        top = stated[0]
        computed.append(Computed(1, "rank", (cites.cell(top),)))
        word = "最少" if ascending else "最多"
        ties = [_ranked_name(f, figures) for f in stated if f.cell.value == top.cell.value]
        parts.append(f"{'、'.join(ties)}{word}。")
        own = next((f for f in stated if f.agency == placed), None)
        if own is not None:
            place = _place([f.cell.value for f in stated], own.cell.value, ascending)
            computed.append(Computed(place, "rank", (cites.cell(own),)))
            parts.append(f"{placed}排第{place}位（由系统排序）。")
    if placed and not any(f.agency == placed for f in stated):
        parts.append(f"{placed}的这个数字未列明，不参与排序。")
    if unstated:
        unranked = "；".join(f"{_ranked_name(f, figures)}{_short(f, cites)}" for f in unstated)
        parts.append(f"未列入排序：{unranked}。")
    chart = series_chart(stated + unstated, cites.cell, ranked=True)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(figures), cites.items, computed, chart)


def _place(values: list[float], value: float, ascending: bool) -> int:
    """A value's place in a ranking: one more than the values ahead of it (ties share a place)."""
    return 1 + sum(1 for v in values if (v < value if ascending else v > value))


def _rank_sums(
    question: str, figures: list[Figure], reports: list, note: str, ascending: bool, placed: str | None
) -> Answer:
    """Each agency's cells added in code, then the agencies ranked on the sums; an agency with a cell
    unstated has no sum and is listed apart."""
    several_years = len({year for _, year in reports}) > 1
    groups = []
    for agency, year in reports:
        own = [f for f in figures if (f.agency, f.year) == (agency, year)]
        total = sum(f.cell.value for f in own) if all(f.answerable for f in own) else None
        groups.append((total, f"{agency}{year}年" if several_years else agency, own))
    stated = sorted((g for g in groups if g[0] is not None), key=lambda g: g[0], reverse=not ascending)
    unstated = [g for g in groups if g[0] is None]
    cites = Citations()  # numbered in the order the answer reads them
    parts = [note + "。"] if note else []
    computed: list[Computed] = []
    common = _common_label(figures)
    what = "、".join(dict.fromkeys(label(f.cell.id) for f in figures)) if common == "各项" else common
    if stated:
        ranked = []
        for i, (total, name, own) in enumerate(stated, 1):
            terms = "＋".join(_short(f, cites) for f in own)
            computed.append(Computed(total, "sum", tuple(cites.cell(f) for f in own)))
            ranked.append(f"{i}. {name}{value_text(total, own[0].cell.id)}（{terms}）")
        order = "从少到多" if ascending else "从多到少"
        parts.append(f"{what}相加后，按{order}排列（由系统相加并排序）：{'；'.join(ranked)}。")
        ties = [name for total, name, _ in stated if total == stated[0][0]]
        parts.append(f"{'、'.join(ties)}{'最少' if ascending else '最多'}。")
        own = next((g for g in stated if g[2][0].agency == placed), None)
        if own is not None:
            place = _place([g[0] for g in stated], own[0], ascending)
            computed.append(Computed(place, "rank", tuple(cites.cell(f) for f in own[2])))
            parts.append(f"{placed}排第{place}位（由系统排序）。")
    if unstated:
        listed = "；".join(f"{name}（{'＋'.join(_short(f, cites) for f in own)}）" for _, name, own in unstated)
        parts.append(f"未列入排序（有数字未列明或无法确定）：{listed}。")
    used = list({(f.report.id, f.cell.id): f for f in figures}.values())
    parts += _broken_notes(used, cites)
    return Answer(question, "\n".join(parts), ROUTE_FIGURE, _answerable(used), cites.items, computed)


def _ranked_name(f: Figure, figures: list[Figure]) -> str:
    """What tells one ranked figure from the others: its agency, its year, its cell, or all of them."""
    out = []
    if len({g.agency for g in figures}) > 1:
        out.append(f.agency)
    if len({g.year for g in figures}) > 1:
        out.append(f"{f.year}年")
    if len({g.cell.id for g in figures}) > 1:
        out.append(_own_label(f, figures))
    return "".join(out) or f"{f.agency}{f.year}年"


def _common_label(figures: list[Figure]) -> str:
    """What several cells have in common: their row (「本年新收…」 by applicant) or their result group."""
    specs = [T.cell(f.cell.id) for f in figures]
    if len({s.row for s in specs}) == 1:
        return specs[0].row_label
    groups = {s.row.split(".")[0] for s in specs}
    if len(groups) == 1 and groups <= set(T.REQUEST_GROUPS):
        return T.REQUEST_GROUPS[groups.pop()].split("）")[-1] + "的各项"
    return "各项"


def _own_label(f: Figure, figures: list[Figure]) -> str:
    """A cell's name without what it shares with the others: the column of a row, the reason of a group."""
    specs = [T.cell(g.cell.id) for g in figures]
    spec = T.cell(f.cell.id)
    if len({s.row for s in specs}) == 1:
        return spec.column_label
    name = spec.row_label.split("：", 1)[-1] if len({s.row.split(".")[0] for s in specs}) == 1 else spec.row_label
    return name if len({s.column for s in specs}) == 1 else f"{name}（{spec.column_label}）"


def _whose(f: Figure, figures: list[Figure]) -> str:
    """The agency and year before a figure, when the figures come from more than one report."""
    if len({(g.agency, g.year) for g in figures}) > 1:
        return f"{f.agency}{f.year}年"
    return ""


def _short(f: Figure, cites: Citations) -> str:
    n = cites.cell(f)
    if f.answerable:
        mark = "（推算）" if f.cell.status == DERIVED else ""
        return f"{value_text(f.cell.value, f.cell.id)}{mark}[{n}]"
    return f"{'无法确定' if f.cell.status == AMBIGUOUS else '报告未列明'}[{n}]"


MAX_BROKEN_NOTES = 2


def _broken_notes(figures: list[Figure], cites: Citations) -> list[str]:
    """A plain sentence per broken rule the figures are in (at most two), each citing the rule's formula."""
    broken = {(f.report.id, b.rule.id): (f.report, b) for f in figures for b in f.broken_rules}
    return [broken_sentence(b, cites.rule(report, b)) for report, b in list(broken.values())[:MAX_BROKEN_NOTES]]


def broken_sentence(b: BrokenRule, n: int) -> str:
    """「注意：该报告“收到和处理政府信息公开申请情况”表的「总计」列中，办理结果总计（21件）与各项办理结果之和
    （27件）不一致，数字可能有误，请以原文为准[2]。」: the rule's two sides and their sums, no formula."""
    unit = T.cell(b.total).unit
    table = T.cell(b.total).table
    where, _, equation = b.rule.description.partition("：")
    left, _, right = equation.partition(" = ")
    where = where.removeprefix(T.TABLE_SHORT_NAMES[table])
    whose = f"“{T.TABLE_TITLES[table].split('、', 1)[-1]}”表的{where}中"
    if not (left and right):
        left, right = "一方", "另一方"
    sides = f"{_side(left)}（{format_number(b.left)}{unit}）与{_side(right)}（{format_number(b.right)}{unit}）"
    return f"注意：该报告{whose}，{sides}不一致，数字可能有误，请以原文为准[{n}]。"


def _side(text: str) -> str:
    """「本年新收 + 上年结转」 → 「本年新收加上年结转」; 「维持 + 纠正 + 其他结果」 → 「维持、纠正、其他结果之和」."""
    terms = text.split(" + ")
    if len(terms) == 1:
        return text
    return "加".join(terms) if len(terms) == 2 else "、".join(terms) + "之和"


def _by_report(figures: list[Figure]) -> dict[tuple[str, int], list[Figure]]:
    out: dict[tuple[str, int], list[Figure]] = {}
    for f in figures:
        out.setdefault((f.agency, f.year), []).append(f)
    return out


def _by_cell(figures: list[Figure]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for f in figures:
        out.setdefault(f.cell.id, []).append(f)
    return out


def _by_agency(figures: list[Figure]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for f in figures:
        out.setdefault(f.agency, []).append(f)
    return out


def _answerable(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if f.answerable]


# ---------------------------------------------------------------- text and none


def compose_text(question: str, hits: list[tuple[object, str, str, int | None, int | None]], note: str) -> Answer:
    """hits: (report, section, passage text, line, page), best first, each quoted and cited: a passage is
    cited only where the answer quotes it (never a bare 「另见[n]」)."""
    cites = Citations()
    parts = [note + "。"] if note else []
    for i, (report, section, text, line, page) in enumerate(hits):
        n = cites.passage(report, section, text, line, page)
        if i == 0:
            parts.append(f"根据《{report.title}》「{section}」部分：“{text}”[{n}]")
        elif report.id == hits[i - 1][0].id:
            parts.append(f"该报告「{section}」部分还写道：“{text}”[{n}]")
        else:
            parts.append(f"另据《{report.title}》「{section}」部分：“{text}”[{n}]")
    return Answer(question, "\n".join(parts), ROUTE_TEXT, [], cites.items)


# Thanks and goodbyes are answered as such, not with the introduction a greeting gets.
_THANKS = re.compile(r"谢谢|感谢|多谢|谢了|辛苦")
_GOODBYE = re.compile(r"^(?:再见|拜拜)")


def compose_chat(question: str, examples: list[str]) -> Answer:
    """A greeting, thanks or 「怎么用」: what the assistant does, with questions the index can answer."""
    tips = "\n".join(f"· {e}" for e in examples[:4])
    if _THANKS.search(question):
        return Answer(question, "不客气！还有想了解的，随时可以接着问。", ROUTE_CHAT)
    if _GOODBYE.search(question):
        return Answer(question, "再见！需要时欢迎再来查询。", ROUTE_CHAT)
    body = (
        "您好！我可以回答各级行政机关《政府信息公开工作年度报告》里的问题：表格里的数字"
        "（收到多少申请、公开了多少、行政复议和诉讼情况等），以及报告正文（存在的问题、改进措施等）。"
        "每个数字都注明出处。"
    )
    return Answer(question, body + (f"\n您可以这样问：\n{tips}" if tips else ""), ROUTE_CHAT)


def gap_sentences(gaps: list[Gap], words: dict[str, str], whose: str) -> list[str]:
    """What the templates of the years asked do not count, one sentence per row and format: the
    absent columns named in the question's own words (`words`: column key → the phrase asked).
    `whose` names the reports (「该年度」「其余年度」) without digits that would read as figures."""
    out = []
    for fmt, kind, row, has, asked in dict.fromkeys((g.fmt, g.kind, g.row, g.has, g.asked) for g in gaps):
        if kind is GapKind.MERGED:
            out.append(f"{whose}的报告把「其他处理」合为一行统计，没有分出「{row}」，只有「其他处理」的合计")
        elif kind is GapKind.ROW:
            out.append(f"{whose}的报告用的是{T.FORMAT_NAMES[fmt]}，表中没有「{row}」这一项")
        else:
            named = "、".join(f"「{words.get(k, k)}」" for k in asked)
            columns = "、".join(f"「{c}」" for c in has)
            out.append(f"{whose}的报告用的是{T.FORMAT_NAMES[fmt]}，其中「{row}」只统计{columns}，没有{named}")
    return out


def compose_none(question: str, reason: str, agencies: list[str]) -> Answer:
    """A polite "the reports do not say", with questions the index can answer."""
    examples = [f"{a}收到多少件政府信息公开申请？" for a in agencies[:2]]
    examples += [f"{a}的政府信息公开工作存在哪些问题？" for a in agencies[2:3]]
    return Answer(question, reason + _tips("您可以这样问", examples), ROUTE_NONE)


def compose_proposals(question: str, reason: str, proposals: list[str], nearest: bool = True) -> Answer:
    """The reports do not count what was asked; these counts are the nearest they have (no figure given).
    Not `nearest`: the question may mean either, and these are its readings, asked back."""
    lead = "统计表里相近的数字有，您可以接着问" if nearest else "您可以接着问"
    return Answer(question, reason + _tips(lead, proposals), ROUTE_NONE)


def _tips(lead: str, questions: list[str]) -> str:
    return f"\n{lead}：{'；'.join(f'“{q}”' for q in questions)}" if questions else ""
