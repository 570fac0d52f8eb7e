"""JSON routes: ask, the reports with their cells and rule results, a CSV of a report's cells.

Handlers are plain functions (FastAPI runs them in its thread pool): asking is CPU work.
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.chain import history_questions
from assistant.engine import Gongkai
from index import template as T
from index.model import STATUS_ZH, ParsedReport, ReportMeta
from index.normalize import clean_line
from index.numbers import format_number
from index.report_json import tables_json
from index.store import ReportRow
from ui.citations import answer_chart
from ui.settings import Settings

NO_REPORT = "没有这份报告"
CSV_HEADER = ("单元格", "表", "行", "列", "数值", "单位", "状态", "来源行", "来源页", "原文")
MAX_HISTORY = 20  # items kept; earlier ones no longer change how a question is understood
MAX_HISTORY_ITEMS = 200  # more is a client that never trims its history, told so
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id names no report


class AskRequest(BaseModel):
    question: str = Field("", description="问题（中文）")
    history: list = Field(
        default_factory=list,
        max_length=MAX_HISTORY_ITEMS,
        description=f"此前的对话：字符串，或 {{role, content}} 对象（最多 {MAX_HISTORY_ITEMS} 项）",
    )
    agency: str | None = Field(None, description="门户网站限定的机关，问题未指明机关时使用")


def report_json(report: ReportRow, broken: int) -> dict:
    return {
        "id": report.id,
        "file": report.file,
        "agency": report.agency,
        "year": report.year,
        "title": report.title,
        "format": report.format,
        "agency_from": report.agency_from,
        "year_from": report.year_from,
        "broken": broken,
    }


def stored_report(gongkai: Gongkai, report_id: int) -> ReportRow | None:
    return gongkai.store.report(report_id) if 0 < report_id <= MAX_ID else None


def find_report(gongkai: Gongkai, report_id: int) -> ReportRow:
    report = stored_report(gongkai, report_id)
    if report is None:
        raise HTTPException(404, NO_REPORT)
    return report


def router(gongkai: Gongkai, settings: Settings) -> APIRouter:
    api = APIRouter()

    @api.post("/api/ask", summary="提问", tags=["问答"])
    def ask(request: AskRequest) -> dict:
        question = clean_line(request.question)
        if not question:
            raise HTTPException(400, "问题不能为空")
        if len(question) > settings.max_question_chars:
            raise HTTPException(400, f"问题太长（最多 {settings.max_question_chars} 字）")
        # Earlier questions as the chain reads them, cleaned and cut like a question could have been asked.
        earlier = history_questions(request.history[-MAX_HISTORY:])
        asked = [clean_line(q)[: settings.max_question_chars] for q in earlier]
        result = gongkai.ask(question, history=asked, agency=clean_line(request.agency or "") or None)
        # The chart drawn here (SVG and its table, links to the sources), for the widget and any portal.
        return {**result, "chart_html": answer_chart(result) or None}

    @api.get("/api/reports", summary="全部报告", tags=["报告"])
    def reports() -> list[dict]:
        broken = gongkai.store.broken_counts()
        return [report_json(r, broken.get(r.id, 0)) for r in gongkai.store.reports()]

    @api.get("/api/reports/{report_id}", summary="一份报告的单元格与勾稽关系核对结果", tags=["报告"])
    def report(report_id: int) -> dict:
        row = find_report(gongkai, report_id)
        parsed = ParsedReport(
            row.file,
            ReportMeta(row.agency, row.year, row.title, row.format, row.agency_from, row.year_from),
            gongkai.store.cells(row.id),
            gongkai.store.checks(row.id),
            row.warnings,
        )
        broken = gongkai.store.broken_counts().get(row.id, 0)
        return {"report": report_json(row, broken), **tables_json(parsed)}

    @api.get("/api/reports/{report_id}/cells.csv", summary="单元格 CSV", tags=["报告"])
    def cells_csv(report_id: int) -> Response:
        row = find_report(gongkai, report_id)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        cells = gongkai.store.cells(row.id)
        order = {cid: i for i, cid in enumerate(T.cells_of_format(row.format))}
        for cid in sorted(cells, key=lambda c: order.get(c, len(order))):
            cell, spec = cells[cid], T.cell(cid)
            source = cell.source
            writer.writerow(
                (
                    cid,
                    T.TABLE_SHORT_NAMES[spec.table],
                    spec.row_label,
                    spec.column_label,
                    "" if cell.value is None else format_number(cell.value),
                    spec.unit,
                    STATUS_ZH[cell.status],
                    source.line if source and source.line is not None else "",
                    source.page if source and source.page is not None else "",
                    source.text if source else "",
                )
            )
        # A BOM so that spreadsheet programs read the Chinese as UTF-8.
        return Response(
            "\ufeff" + out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="report-{row.id}-cells.csv"'},
        )

    @api.get("/healthz", summary="健康检查", tags=["运维"])
    def healthz() -> dict:
        return {"status": "ok", "reports": len(gongkai.store.reports())}

    return api
