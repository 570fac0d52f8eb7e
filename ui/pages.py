"""The staff view (every report, its tables, rule results and warnings) and the source view
a citation opens (the cell in its table, or the passage within its section)."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from assistant.engine import Gongkai
from index import template as T
from index.model import (
    BROKEN,
    CHECK_STATUS_ZH,
    EVIDENCE_ZH,
    HOLDS,
    MISSING,
    STATUS_ZH,
    UNCHECKED,
    Cell,
    Check,
    where_zh,
)
from index.parse.numbers import format_number
from index.store.reports import ReportRow, StoredPassage
from ui.api import NO_REPORT, stored_report
from ui.html import HIT_ID, cell_details, checks_list, esc, legend, page, report_tables
from ui.page_image import cell_toggle, passage_toggle
from ui.upload import MAX_YEAR, MIN_YEAR

SOURCE_HINT = "点击回答中的 [1] 这样的标记，这里会显示它的出处原文。"
CELL_HINT = "点击或轻触单元格（或用 Tab 键选中后按回车），可查看它的来源行或页、原文、推算依据或可能的读法。"
CHECK_ORDER = {BROKEN: 0, UNCHECKED: 1, HOLDS: 2}


def router(gongkai: Gongkai) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/reports", response_class=HTMLResponse)
    def reports() -> str:
        broken = gongkai.store.broken_counts()
        stored = gongkai.store.reports()
        rows = "".join(_report_row(r, broken.get(r.id, 0)) for r in stored)
        body = (
            '<header><a href="/">← 返回问答</a><h1>年报核对</h1></header><main>'
            f'<div id="report-list"><p>索引中共有 <span id="report-count">{len(stored)}</span> 份'
            "政府信息公开工作年度报告。"
            '<a href="/compare">各机关比较</a>'
            ' · <a href="/questions">群众问了什么</a> · <a href="/api/cells.csv">下载全部报告的单元格 CSV</a></p>'
            '<div class="scroll"><table class="list"><thead><tr><th>机关</th><th>年度</th><th>格式</th>'
            f'<th>勾稽不成立</th><th class="file">文件</th></tr></thead><tbody>{rows}</tbody></table></div></div>'
            f"{_upload_form()}</main>"
        )
        return page("年报核对", body, scripts=("staff.js",))

    @pages.get("/reports/{report_id}", response_class=HTMLResponse)
    def report(report_id: int) -> HTMLResponse:
        row = stored_report(gongkai, report_id)
        if row is None:
            return _not_found(NO_REPORT)
        cells = gongkai.store.cells(row.id)
        checks = sorted(gongkai.store.checks(row.id), key=lambda c: CHECK_ORDER[c.status])
        counts = "，".join(f"{name} {sum(c.status == s for c in checks)} 条" for s, name in CHECK_STATUS_ZH.items())
        warnings = "".join(f"<li>{esc(w)}</li>" for w in row.warnings) or "<li>无</li>"
        body = (
            f'<header><a href="/reports">← 全部报告</a><h1>{esc(row.title)}</h1></header><main>'
            f'<p class="meta">{esc(row.agency)} · {row.year} 年 · {esc(row.format)} 年格式 · 文件 {esc(row.file)}'
            f' · <a href="/api/reports/{row.id}/cells.csv">下载单元格 CSV</a></p>{_evidence(row)}'
            f'{legend(broken=True)}<p class="hint">{CELL_HINT}</p>'
            f'<div class="cells" data-file="{esc(row.file)}">{report_tables(row, cells, checks=checks)}</div>'
            '<div id="cell-detail" class="quote" role="status" hidden></div>'
            f"<section><h2>勾稽关系核对</h2><p>{esc(counts)}</p>{checks_list(checks)}</section>"
            f'<section><h2>解析提示</h2><ul class="warnings">{warnings}</ul></section>'
            f"{_upload_form()}</main>"
        )
        return HTMLResponse(page(row.title, body, scripts=("staff.js",)))

    @pages.get("/source", response_class=HTMLResponse)
    def source(
        file: str | None = None,
        cell: str | None = None,
        line: int | None = None,
        page_no: int | None = Query(None, alias="page"),
        text: str = "",
    ) -> HTMLResponse:
        if not file:
            return HTMLResponse(page("出处", f'<p class="hint">{SOURCE_HINT}</p>'))
        row = gongkai.store.report_by_file(file)
        if row is None:
            return _not_found(NO_REPORT)
        if cell:
            if cell not in T.CELLS:
                return _not_found("报告中没有这个单元格")
            cells = gongkai.store.cells(row.id)
            toggle = cell_toggle(gongkai, row, cells, cell)
            body = _cell_source(row, cells, cell, toggle, gongkai.store.checks(row.id))
        else:
            passages = gongkai.store.passages(row.id)
            hit = _hit(passages, text, line, page_no)
            body = _passage_source(passages, hit, text, passage_toggle(gongkai, row, hit))
        main = f'<main class="source"><h1>{esc(row.title)}</h1>{body}</main>'
        return HTMLResponse(page(f"出处：{row.title}", main, scripts=("source.js",)))

    return pages


def _report_row(r: ReportRow, broken: int) -> str:
    flag = f'<td class="{"bad" if broken else "ok"}">{broken}</td>'
    return (
        f'<tr><td><a href="/reports/{r.id}">{esc(r.agency)}</a></td><td>{r.year}</td><td>{esc(r.format)}</td>'
        f'{flag}<td class="file">{esc(r.file)}</td></tr>'
    )


def _evidence(row: ReportRow) -> str:
    """Where the agency and the year were found, so staff can tell a name read from a file name."""
    found = [(name, source) for name, source in (("机关名称", row.agency_from), ("年度", row.year_from)) if source]
    text = "；".join(f"{name}来源：{EVIDENCE_ZH[source]}" for name, source in found)
    return f'<p class="meta evidence">{esc(text)}</p>' if text else ""


def _upload_form() -> str:
    return (
        '<section class="upload"><h2>上传年报</h2>'
        '<form id="upload-form"><label>报告文件（txt、md、pdf、html、docx、png、jpg）'
        # The browser's own file button speaks the browser's language (「Choose File」): ours says it in Chinese.
        '<span class="file-pick"><input type="file" name="file" id="upload-file" required'
        ' aria-describedby="upload-file-chosen">'
        '<span class="file-button" aria-hidden="true">选择文件</span>'
        '<span id="upload-file-chosen" class="file-chosen">未选择文件</span></span>'
        '</label><label>机关名称（可选）<input type="text" name="agency" maxlength="60">'
        f'</label><label>年度（可选）<input type="number" name="year" min="{MIN_YEAR}" max="{MAX_YEAR}">'
        '</label><label>管理员令牌<input type="password" name="token" autocomplete="off" required></label>'
        '<button type="submit">上传并导入</button></form>'
        '<p class="note">机关名称和年度可以不填，系统从文件中读取；填写后以填写的为准。文件中没有写明时必须填写。</p>'
        '<div id="upload-result" role="status"></div></section>'
    )


def _where(line: int | None, page_no: int | None, recognized: bool = False) -> str:
    return where_zh(line, page_no, recognized) or "位置未知"


def _cell_source(
    row: ReportRow, cells: dict[str, Cell], cell_id: str, toggle: str = "", checks: Sequence[Check] = ()
) -> str:
    """The cited cell with how it was read, above its table; the cells of the table's broken rules outlined,
    the rules (their formula with the report's values, for staff) written under it."""
    cell = cells.get(cell_id) or Cell(cell_id, MISSING)
    spec = T.cell(cell_id)
    value = f"{format_number(cell.value)} {spec.unit}" if cell.value is not None else ""
    lines = [f'<b class="st-{cell.status}">{esc(value)} {esc(STATUS_ZH[cell.status])}</b>']
    lines += [esc(d) for d in cell_details(cell)]
    if cell.source and cell.source.text:
        where = _where(cell.source.line, cell.source.page, cell.source.recognized)
        lines.append(f"原文（{esc(where)}）：{esc(cell.source.text)}")
    details = "".join(f"<p>{line}</p>" for line in lines)
    head = f'<p class="cellhead">{esc(T.TABLE_SHORT_NAMES[spec.table])} {esc(spec.label)}</p>'
    tables = report_tables(row, cells, hit=cell_id, checks=checks)
    broken = "table-broken" in tables  # a rule of the shown table does not hold
    return f'<div class="quote sticky">{head}{details}</div>{toggle}{legend(broken=broken)}{tables}'


def _hit(passages: list[StoredPassage], text: str, line: int | None, page_no: int | None) -> StoredPassage | None:
    """The cited passage: the one starting with the citation's text, at its line or page if several do."""
    found = [p for p in passages if text and p.text.startswith(text)]
    return next((p for p in found if (p.line, p.page) == (line, page_no)), found[0] if found else None)


def _passage_source(passages: list[StoredPassage], hit: StoredPassage | None, text: str, toggle: str = "") -> str:
    """The cited passage among the other passages of its section, marked."""
    if hit is None:
        return f'<p class="quote" id="{HIT_ID}">{esc(text)}</p><p class="note">（原文段落已不在索引中）</p>'
    section = [p for p in passages if p.section == hit.section]
    paragraphs = "".join(
        f'<p class="hit" id="{HIT_ID}">{esc(p.text)}</p>' if p == hit else f"<p>{esc(p.text)}</p>" for p in section
    )
    return (
        f'<h2>{esc(hit.section)}</h2><p class="note">引用段落位于{esc(_where(hit.line, hit.page))}，已标出。</p>'
        f'{toggle}<div class="passages">{paragraphs}</div>'
    )


def _not_found(message: str) -> HTMLResponse:
    return HTMLResponse(page(message, f'<main><p class="hint">{esc(message)}</p></main>'), status_code=404)
