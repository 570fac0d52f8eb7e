"""Scanned tables, without the model: the recogniser's boxes are made from the text layer of the gold PDF
(each word where the page prints it, in the pixels of a 150-dpi scan), the scan itself is the rendered
page with its real ruling lines. A value whose box is missing stays missing; its neighbours keep their
columns and are read exactly as the gold has them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber
import pytest

from index.document import OCR_SURE_CONFIDENCE
from index.ingest import parse_file
from index.model import BROKEN, DERIVED, STATED
from index.parse.metadata import Supplied
from tests.helpers import GOLD, PDFS, image_only_pdf, load_gold

ocr = pytest.importorskip("index.readers.ocr", reason="the extra gongkai[ocr] is not installed")

REPORT = "2024_huaian_hongzequ"
PAGES = (3, 4)  # 表三 of that report, over a page break
SUPPLIED = Supplied(agency="淮安市洪泽区", year=2024)
SCALE = ocr.DPI / 72
ROW = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")


def gold_requests() -> dict[str, float]:
    cells = load_gold(GOLD / f"{REPORT}.json")["cells"]
    return {cid: v for cid, v in cells.items() if cid.startswith("requests.") and v is not None}


@dataclass(frozen=True)
class Misread:
    """What the recogniser makes of the n-th value on the row of `label` (page 3): no box when `text`
    is None, else `text` with `confidence`."""

    label: str
    n: int
    text: str | None = None
    confidence: float = 0.999


def page_boxes(misreads: tuple[Misread, ...]) -> list[list[ocr.Box]]:
    """Per page, one box per printed word in image pixels, as the recogniser would give them."""
    out = []
    with pdfplumber.open(PDFS / f"{REPORT}.pdf") as pdf:
        for number in PAGES:
            words = pdf.pages[number - 1].extract_words()
            changed = {id(_value_word(words, m)): m for m in misreads} if number == 3 else {}
            boxes = []
            for w in words:
                m = changed.get(id(w))
                if m is None:
                    boxes.append(_box(w, w["text"], 0.999))
                elif m.text is not None:
                    boxes.append(_box(w, m.text, m.confidence))
            out.append(boxes)
    return out


def _box(word: dict, text: str, confidence: float) -> ocr.Box:
    return ocr.Box(text, confidence, *(word[k] * SCALE for k in ("x0", "top", "x1", "bottom")))


def _value_word(words: list[dict], misread: Misread) -> dict:
    label = misread.label.replace("(", "（").replace(")", "）")
    head = next(w for w in words if w["text"].startswith(label))
    line = [w for w in words if abs(w["top"] - head["top"]) < 4 and w["x0"] > head["x1"]]
    return sorted(line, key=lambda w: w["x0"])[misread.n]


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    return image_only_pdf(PDFS / f"{REPORT}.pdf", tmp_path_factory.mktemp("scan") / "scan.pdf", ocr.DPI, PAGES)


def parse_scan(scan, monkeypatch, *misreads: Misread):
    pages = iter(page_boxes(misreads))
    monkeypatch.setattr(ocr, "recognize", lambda gray: next(pages))  # pages are recognised in order
    _, parsed = parse_file(scan, scan.name, SUPPLIED)
    return parsed


def test_a_scan_whose_boxes_fit_the_grid_reads_every_cell_of_the_gold(scan, monkeypatch):
    parsed = parse_scan(scan, monkeypatch)
    got = {cid: (parsed.cells[cid].status, parsed.cells[cid].value) for cid in gold_requests()}
    assert got == {cid: (STATED, v) for cid, v in gold_requests().items()}
    assert all(parsed.cells[cid].source.recognized for cid in gold_requests())


def stated_as_gold_except(parsed, lost: set[str]) -> dict:
    """The gold's 表三 cells outside `lost` that are not stated with the gold's value (none, we expect)."""
    gold = gold_requests()
    got = {cid: (parsed.cells[cid].status, parsed.cells[cid].value) for cid in gold if cid not in lost}
    return {cid: (s, v, gold[cid]) for cid, (s, v) in got.items() if (s, v) != (STATED, gold[cid])}


def never_wrong(parsed, cid: str) -> bool:
    """Not stated; derived by the rules (marked so) only with the right value."""
    cell, gold = parsed.cells[cid], gold_requests().get(cid, 0)
    return cell.status != STATED and (cell.status != DERIVED or cell.value == gold)


UNSEEN = {
    "no box": lambda n: Misread(LABEL, n),
    "read unsurely": lambda n: Misread(LABEL, n, "0", ocr_min_confidence() / 2),
    "read as letters": lambda n: Misread(LABEL, n, "d"),
}
LABEL = "一、本年新收"


def ocr_min_confidence() -> float:
    from index.document import OCR_MIN_CONFIDENCE

    return OCR_MIN_CONFIDENCE


@pytest.mark.parametrize("column", [0, 2, 6], ids=["first", "middle", "last"])
@pytest.mark.parametrize("how", list(UNSEEN))
def test_a_value_not_read_stays_unread_and_moves_no_neighbour(scan, monkeypatch, how, column):
    parsed = parse_scan(scan, monkeypatch, UNSEEN[how](column))
    lost = f"requests.new.{ROW[column]}"
    assert never_wrong(parsed, lost)
    assert stated_as_gold_except(parsed, {lost}) == {}


def wrong(parsed) -> dict:
    """The gold's 表三 cells stated or derived with another value than the gold's: never any."""
    gold = gold_requests()
    cells = {cid: parsed.cells[cid] for cid in gold}
    return {cid: c.value for cid, c in cells.items() if c.status in (STATED, DERIVED) and c.value != gold[cid]}


def test_a_row_with_a_value_not_read_and_a_misread_total_is_not_shifted_to_fit_its_rule(scan, monkeypatch):
    """The row 95 0 d 0 0 0 96 (96 read at 0.98): fitted one column to the right it would keep its rule
    (95 as 商业企业…); in a scan's grid nothing moves, so the misread total is unread and no cell is wrong."""
    parsed = parse_scan(scan, monkeypatch, Misread(LABEL, 2, "d"), Misread(LABEL, 6, "96", 0.98))
    assert wrong(parsed) == {}
    assert parsed.cells["requests.new.total"].status != STATED
    assert parsed.cells["requests.new.natural_person"].status == STATED  # in its own column, as printed


def test_a_value_read_not_quite_surely_that_breaks_its_rules_is_not_stated(scan, monkeypatch):
    """予以公开 50 read as 58 at 0.98 (above OCR_MIN_CONFIDENCE): the row rule and the column rule break,
    so no recognised term of them is stated; the rules may derive the right values back."""
    parsed = parse_scan(scan, monkeypatch, Misread("(一)予以公开", 0, "58", 0.98))
    assert wrong(parsed) == {}
    assert parsed.cells["requests.disclosed.natural_person"].status != STATED


def test_a_rule_broken_by_values_all_read_surely_is_the_reports_own_and_stays_as_printed(scan, monkeypatch):
    """Every term read at OCR_SURE_CONFIDENCE or more: no number was misread that surely in the measured
    scans, and printed reports do break their own rules; the value is stated as printed, the check says so."""
    assert OCR_SURE_CONFIDENCE <= 0.999
    parsed = parse_scan(scan, monkeypatch, Misread("(一)予以公开", 6, "59", 0.999))
    total = parsed.cells["requests.disclosed.total"]
    assert (total.status, total.value) == (STATED, 59)
    assert {c.rule: c.status for c in parsed.checks}["requests.row_total.disclosed"] == BROKEN
