"""Comparing one figure for staff: `/compare` (ranked chart and table, CSV), `GET /api/compare` (typed JSON)
and `GET /api/compare.csv`.

`cell` and `year`: every agency of the index in that year, ranked. `cell`, `agency` and optionally `from`/`to`
(default: the agency's first and last year): one agency over the years. A bad parameter gets a Chinese 400.
"""

from __future__ import annotations

import csv
import io
from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from assistant.answer.chart import NO_REPORT
from assistant.answer.compare import (
    BY_AGENCY,
    BY_YEAR,
    CompareError,
    Comparison,
    Row,
    compare_agency,
    compare_year,
    find_agency,
    target,
    targets,
)
from assistant.engine import Gongkai
from index import template as T
from index.model import STATUS_ZH
from index.parse.numbers import format_number, json_number
from ui.charts import BROKEN_WORD, GAP_WORDS, chart_html
from ui.citations import source_url
from ui.html import esc, page
from ui.schemas import Chart, Citation

MAX_YEARS = 30  # a range of years longer than this is a mistake, not a question
STATUS_WORDS = {**STATUS_ZH, **GAP_WORDS}
CSV_HEADER = ("排名", "机关", "年度", "数值", "单位", "状态", "勾稽关系不成立", "文件", "报告", "出处")
EXAMPLE_CELL = "requests.new.total"
GROUP_SECTION = "表三 各组合计（各项相加）"


class CompareRow(BaseModel):
    rank: int | None = Field(description="按年度比较时的名次（相同数值名次相同）；未列明的不排名")
    agency: str
    year: int
    value: int | float | None = Field(description="数值；空缺为 null")
    status: str = Field(description="同 ChartPoint.status")
    status_zh: str = Field(description="状态的中文说法")
    file: str | None = Field(description="报告文件（相对导入目录）；该年没有报告时为 null")
    title: str | None
    source: str | None = Field(description="出处地址：单元格在表中的位置；各项相加的合计为报告核对页")
    report_page: str | None = Field(description="报告核对页地址")
    cites: list[int] = Field(description="引用编号：该单元格，或相加的各项")
    broken: list[str] = Field(description="不成立的勾稽关系（数字按原文，未作修改）")


class CompareResponse(BaseModel):
    mode: Literal["year", "agency"] = Field(description="year：某年各机关排名；agency：某机关历年")
    cell: str = Field(description="标准单元格 id，或表三某组合计（如 requests.withheld.total）")
    label: str
    unit: str
    summed: bool = Field(description="数值为各项相加（由系统计算），不是报告中的一个单元格")
    year: int | None = None
    agency: str | None = None
    from_year: int | None = Field(None, alias="from")
    to_year: int | None = Field(None, alias="to")
    rows: list[CompareRow]
    chart: Chart
    citations: list[Citation]

    model_config = {"populate_by_name": True}


def router(gongkai: Gongkai) -> APIRouter:
    api = APIRouter()

    def compare(cell: str | None, year: int | None, agency: str | None, first: int | None, last: int | None):
        if not cell:
            raise CompareError(f"请指定要比较的数字（cell 参数，例如 {EXAMPLE_CELL}）")
        what = target(cell.strip())
        if what is None:
            raise CompareError(f"没有这个单元格：{cell}（可选的单元格见 /compare 页面）")
        if year is not None and agency:
            raise CompareError("year 与 agency 只能选一种：某年各机关比较，或某机关历年比较")
        if year is not None:
            if first is not None or last is not None:
                raise CompareError("按年度比较时不需要 from、to 参数")
            return compare_year(gongkai.store, gongkai.agencies(), what, year)
        if not agency or not agency.strip():
            raise CompareError("请指定年度（year），或机关（agency）及起止年度（from、to）")
        found = find_agency(agency.strip(), gongkai.agencies())
        first = found.years[0] if first is None else first
        last = found.years[-1] if last is None else last
        if last - first >= MAX_YEARS:
            raise CompareError(f"年度范围太大（最多 {MAX_YEARS} 年）")
        return compare_agency(gongkai.store, found, what, first, last)

    def answered(cell, year, agency, first, last) -> Comparison:
        try:
            return compare(cell, year, agency, first, last)
        except CompareError as exc:
            raise HTTPException(400, str(exc)) from exc

    @api.get("/api/compare", summary="比较一个数字：某年各机关排名，或某机关历年", tags=["比较"])
    def compare_json(
        cell: str | None = Query(None, description="标准单元格 id，如 requests.new.total；或表三某组合计"),
        year: int | None = Query(None, description="年度：比较索引中该年的全部机关"),
        agency: str | None = Query(None, description="机关名称：比较该机关历年"),
        first: int | None = Query(None, alias="from", description="起始年度（默认该机关最早的报告）"),
        last: int | None = Query(None, alias="to", description="结束年度（默认该机关最新的报告）"),
    ) -> CompareResponse:
        return response(answered(cell, year, agency, first, last))

    @api.get("/api/compare.csv", summary="比较结果 CSV", tags=["比较"])
    def compare_csv(
        cell: str | None = None,
        year: int | None = None,
        agency: str | None = None,
        first: int | None = Query(None, alias="from"),
        last: int | None = Query(None, alias="to"),
    ) -> Response:
        result = answered(cell, year, agency, first, last)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for r in result.rows:
            writer.writerow(
                (
                    r.rank or "",
                    r.agency,
                    r.year,
                    "" if r.value is None else format_number(r.value),
                    result.target.unit,
                    STATUS_WORDS[r.status],
                    "；".join(r.broken),
                    r.report.file if r.report else "",
                    r.report.title if r.report else "",
                    "、".join(f"[{n}]" for n in r.cites),
                )
            )
        return Response(
            "\ufeff" + out.getvalue(),  # a BOM so that spreadsheet programs read the Chinese as UTF-8
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="compare.csv"'},
        )

    @api.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(
        cell: str | None = None,
        year: str | None = None,
        agency: str | None = None,
        first: str | None = Query(None, alias="from"),
        last: str | None = Query(None, alias="to"),
    ) -> HTMLResponse:
        # The page's own forms send empty fields for what is not chosen: read them as absent.
        asked = {k: (v or "").strip() for k, v in (("cell", cell), ("year", year), ("agency", agency))}
        asked |= {"from": (first or "").strip(), "to": (last or "").strip()}
        forms = _forms(gongkai, asked)
        if not asked["cell"]:
            return HTMLResponse(_page(forms))
        try:
            years = {k: _year(asked[k]) for k in ("year", "from", "to")}
            result = compare(asked["cell"], years["year"], asked["agency"] or None, years["from"], years["to"])
        except CompareError as exc:
            return HTMLResponse(_page(forms + f'<p class="hint error" role="alert">{esc(exc)}</p>'), status_code=400)
        return HTMLResponse(_page(forms + _result(result, asked)))

    return api


def response(result: Comparison) -> CompareResponse:
    cites = {c.n: c.to_json() for c in result.citations}
    agencies = {r.agency for r in result.rows}
    years = [r.year for r in result.rows]
    return CompareResponse(
        mode=result.mode,
        cell=result.target.id,
        label=result.target.label,
        unit=result.target.unit,
        summed=result.summed,
        year=years[0] if result.mode == BY_YEAR else None,
        agency=agencies.pop() if result.mode == BY_AGENCY else None,
        from_year=years[0] if result.mode == BY_AGENCY else None,
        to_year=years[-1] if result.mode == BY_AGENCY else None,
        rows=[_row_json(r, cites) for r in result.rows],
        chart=Chart.model_validate(result.chart.to_json()),
        citations=[Citation.model_validate(c) for c in cites.values()],
    )


def _row_json(r: Row, cites: dict[int, dict]) -> CompareRow:
    return CompareRow(
        rank=r.rank,
        agency=r.agency,
        year=r.year,
        value=json_number(r.value),
        status=r.status,
        status_zh=STATUS_WORDS[r.status],
        file=r.report.file if r.report else None,
        title=r.report.title if r.report else None,
        source=_source(r, cites),
        report_page=f"/reports/{r.report.id}" if r.report else None,
        cites=list(r.cites),
        broken=list(r.broken),
    )


def _source(r: Row, cites: dict[int, dict]) -> str | None:
    if len(r.cites) == 1:
        return source_url(cites[r.cites[0]])
    return f"/reports/{r.report.id}" if r.report else None


def _year(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise CompareError(f"年度应为四位数字，而不是「{text}」")
    return int(text)


# ---------------------------------------------------------------- page


def _page(body: str) -> str:
    head = (
        '<header><a href="/reports">← 年报核对</a> · <a href="/questions">群众问了什么</a><h1>各机关比较</h1></header>'
    )
    return page("各机关比较", f'{head}<main class="compare">{body}</main>')


def _options(items: list[tuple[str, str]], chosen: str) -> str:
    return "".join(
        f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(text)}</option>' for v, text in items
    )


def _cell_select(chosen: str, field_id: str) -> str:
    groups: dict[str, list[tuple[str, str]]] = {}
    for t in targets():
        section = T.TABLE_SHORT_NAMES[T.cell(t.cell).table] if t.cell else GROUP_SECTION
        groups.setdefault(section, []).append((t.id, f"{t.label}（{t.unit}）"))
    chosen = chosen or EXAMPLE_CELL
    body = "".join(f'<optgroup label="{esc(g)}">{_options(items, chosen)}</optgroup>' for g, items in groups.items())
    return f'<label for="{field_id}">数字</label><select id="{field_id}" name="cell">{body}</select>'


def _forms(gongkai: Gongkai, asked: dict[str, str]) -> str:
    agencies = sorted(gongkai.agencies(), key=lambda a: a.name)
    years = sorted({y for a in agencies for y in a.years}, reverse=True)
    year_items = [(str(y), f"{y}年") for y in years]
    by_agency = bool(asked["agency"])
    chosen_year = asked["year"] or (str(years[0]) if years else "")
    return (
        '<div class="forms">'
        '<form method="get" action="/compare" class="card"><h2>某年各机关排名</h2>'
        f"{_cell_select(asked['cell'] if not by_agency else '', 'cell-year')}"
        f'<label for="year">年度</label><select id="year" name="year">{_options(year_items, chosen_year)}</select>'
        '<button type="submit">比较</button></form>'
        '<form method="get" action="/compare" class="card"><h2>某机关历年变化</h2>'
        f"{_cell_select(asked['cell'] if by_agency else '', 'cell-agency')}"
        '<label for="agency">机关</label><select id="agency" name="agency">'
        f"{_options([(a.name, a.name) for a in agencies], asked['agency'])}</select>"
        f'<label for="from">起始年度</label><select id="from" name="from">'
        f"{_options([('', '最早'), *sorted(year_items)], asked['from'])}</select>"
        f'<label for="to">结束年度</label><select id="to" name="to">'
        f"{_options([('', '最新'), *year_items], asked['to'])}</select>"
        '<button type="submit">查看</button></form></div>'
    )


def _result(result: Comparison, asked: dict[str, str]) -> str:
    cites = {c.n: c.to_json() for c in result.citations}
    hrefs = {n: source_url(c) for n, c in cites.items()}
    query = esc(urlencode({k: v for k, v in asked.items() if v}))
    ranked = result.mode == BY_YEAR
    head = (
        ("名次", "机关", "数值", "状态", "勾稽关系", "出处") if ranked else ("年度", "数值", "状态", "勾稽关系", "出处")
    )
    rows = "".join(_table_row(r, result, cites, ranked) for r in result.rows)
    note = "合计由系统将各项相加，出处为报告核对页。" if result.summed else ""
    if ranked:
        unstated = sum(r.value is None and r.status != NO_REPORT for r in result.rows)
        absent = sum(r.status == NO_REPORT for r in result.rows)
        if unstated:
            note += f"有 {unstated} 个机关的该项报告未列明或无法确定，列在排名之后，不参加排名。"
        if absent:
            note += f"另有 {absent} 个机关没有该年的报告，列在最后。"
    return (
        f'<section class="result">{chart_html(result.chart.to_json(), hrefs)}'
        f'<p class="meta">{esc(note)} <a href="/api/compare.csv?{query}">下载 CSV</a> · '
        f'<a href="/api/compare?{query}">JSON</a></p>'
        '<div class="scroll"><table class="list"><thead><tr>'
        f"{''.join(f'<th>{h}</th>' for h in head)}</tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def _table_row(r: Row, result: Comparison, cites: dict[int, dict], ranked: bool) -> str:
    value = "" if r.value is None else f"{format_number(r.value)} {result.target.unit}"
    flag = f'<td class="bad rule">{esc(BROKEN_WORD)}：{esc("；".join(r.broken))}</td>' if r.broken else "<td>—</td>"
    if r.report is None:
        source = "—"
    else:
        links = "".join(f'<a href="{esc(source_url(cites[n]))}">[{n}]</a>' for n in r.cites)
        source = f'<a href="/reports/{r.report.id}">{esc(r.report.file)}</a> {links}'
    status = f'<td class="st-{esc(r.status)}">{esc(STATUS_WORDS[r.status])}</td>'
    lead = f"<td>{r.rank or '—'}</td><td>{esc(r.agency)}</td>" if ranked else f"<td>{r.year}</td>"
    return f"<tr>{lead}<td>{esc(value)}</td>{status}{flag}<td>{source}</td></tr>"
