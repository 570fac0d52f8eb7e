"""JSON routes: ask, the reports with their cells and rule results, a CSV of a report's cells.

Handlers are plain functions (FastAPI runs them in its thread pool): asking is CPU work.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from assistant.chain import history_questions
from assistant.engine import Gongkai
from index import template as T
from index.model import STATUS_ZH, Cell, ParsedReport, ReportMeta
from index.normalize import clean_line
from index.parse.numbers import format_number
from index.report_json import tables_json
from index.store.reports import ReportRow
from ui.citations import answer_chart
from ui.feedback import log_answer
from ui.html import cell_details
from ui.schemas import AskRequest, AskResponse, ErrorMessage, Health, Report, ReportDetail
from ui.settings import Settings

NO_REPORT = "没有这份报告"
CSV_HEADER = (
    "机关",
    "年度",
    "文件",
    "表",
    "行",
    "列",
    "数值",
    "单位",
    "状态",
    "依据或可能的读法",
    "来源行",
    "来源页",
    "原文",
    "单元格编号",
)
MAX_HISTORY = 20  # items kept; earlier ones no longer change how a question is understood
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id names no report
BAD_REQUEST = {400: {"model": ErrorMessage, "description": "问题为空、太长，或请求内容无法解析"}}
NOT_FOUND = {404: {"model": ErrorMessage, "description": "没有这份报告"}}
CSV_DOC = {
    "response_class": Response,
    "responses": {200: {"content": {"text/csv": {}}, "description": "CSV（UTF-8，带 BOM）"}},
}


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


def _cell_rows(row: ReportRow, cells: dict[str, Cell]) -> list[tuple]:
    """Every cell of a report with what a spreadsheet needs to stand alone: agency, year and file, the Chinese
    labels of its table, row and column, how it was read, and where in the report, in template order."""
    order = {cid: i for i, cid in enumerate(T.cells_of_format(row.format))}
    out = []
    for cid in sorted(cells, key=lambda c: order.get(c, len(order))):
        cell, spec, source = cells[cid], T.cell(cid), cells[cid].source
        out.append(
            (
                row.agency,
                row.year,
                row.file,
                T.TABLE_SHORT_NAMES[spec.table],
                spec.row_label,
                spec.column_label,
                "" if cell.value is None else format_number(cell.value),
                spec.unit,
                STATUS_ZH[cell.status],
                "；".join(cell_details(cell)),
                source.line if source and source.line is not None else "",
                source.page if source and source.page is not None else "",
                source.text if source else "",
                cid,
            )
        )
    return out


def csv_response(header: tuple[str, ...], rows: list[tuple], name: str, ascii_name: str) -> Response:
    """A CSV download: a BOM so that spreadsheet programs read the Chinese as UTF-8; the Chinese file name as
    RFC 6266 says (RFC 5987 encoding), with an ASCII one for clients that cannot read it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def router(gongkai: Gongkai, settings: Settings) -> APIRouter:
    api = APIRouter()

    @api.post("/api/ask", summary="提问", tags=["问答"], response_model=AskResponse, responses=BAD_REQUEST)
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
        asked_now = log_answer(gongkai, question, result)  # its id is what a 👍/👎 refers to
        # The chart drawn here (SVG and its table, links to the sources), for the widget and any portal.
        return {**result, "chart_html": answer_chart(result) or None, "answer_id": asked_now.id}

    @api.get("/api/reports", summary="全部报告", tags=["报告"], response_model=list[Report])
    def reports() -> list[dict]:
        broken = gongkai.store.broken_counts()
        return [report_json(r, broken.get(r.id, 0)) for r in gongkai.store.reports()]

    @api.get(
        "/api/reports/{report_id}",
        summary="一份报告的单元格与勾稽关系核对结果",
        tags=["报告"],
        response_model=ReportDetail,
        responses=NOT_FOUND,
    )
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

    @api.get("/api/reports/{report_id}/cells.csv", summary="一份报告的单元格 CSV", tags=["报告"], **CSV_DOC)
    def cells_csv(report_id: int) -> Response:
        row = find_report(gongkai, report_id)
        return _csv([row], f"{row.agency}-{row.year}-统计表.csv", f"report-{row.id}-cells.csv")

    @api.get("/api/cells.csv", summary="全部报告的单元格 CSV（比较各机关用）", tags=["报告"], **CSV_DOC)
    def all_cells_csv() -> Response:
        return _csv(gongkai.store.reports(), "全部年报-统计表.csv", "all-cells.csv")

    def _csv(reports: list[ReportRow], name: str, ascii_name: str) -> Response:
        rows = [r for row in reports for r in _cell_rows(row, gongkai.store.cells(row.id))]
        return csv_response(CSV_HEADER, rows, name, ascii_name)

    @api.get("/healthz", summary="健康检查", tags=["运维"], response_model=Health)
    def healthz() -> dict:
        return {"status": "ok", "reports": len(gongkai.store.reports())}

    return api
