"""The original page: a cited cell or passage of a corpus PDF drawn on its page, outlined in red.

Real parsing, SQLite and the PDFs kept in the data dir at ingest (the corpus with the fake embedder:
retrieval is not measured). Where the red box must be is found here independently of the code under
test, straight from pdfplumber's words of the corpus PDF.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections.abc import Callable

import pdfplumber
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from index.ingest import Ingestor, parse_file
from index.model import STATED
from index.originals import Originals
from index.page_boxes import cell_box, cell_position, words
from index.parse.metadata import Supplied
from index.store.reports import Store
from tests.helpers import CORPUS, PDFS, image_only_pdf
from ui.app import create_app
from ui.page_image import MAX_SIDE_PX
from ui.settings import Settings

PDF = "pdf/2024_huaian_shi.pdf"
CELL = "requests.new.natural_person"  # 3001 in 「一、本年新收政府信息公开申请数量」, page 4
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def client(fake_corpus_index):
    return TestClient(create_app(fake_corpus_index, Settings()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def report(fake_corpus_index):
    return fake_corpus_index.store.report_by_file(PDF)


def get_png(client, report_id, page, **query) -> Image.Image:
    response = client.get(f"/api/reports/{report_id}/pages/{page}.png", params=query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def red_pixels(image: Image.Image) -> set[tuple[int, int]]:
    width, height = image.size
    data = image.load()
    return {
        (x, y) for y in range(height) for x in range(width) if (p := data[x, y])[0] > 170 and p[1] < 90 and p[2] < 90
    }


def word_box(page_no: int, match: Callable[[str], bool]) -> tuple[float, float, float, float, float]:
    """The only word on the page that `match`es (its NFKC text; x0, top, x1, bottom in points), and the
    page width."""
    with pdfplumber.open(PDFS / PDF.removeprefix("pdf/")) as pdf:
        page = pdf.pages[page_no - 1]
        found = [w for w in page.extract_words() if match(unicodedata.normalize("NFKC", w["text"]))]
        assert len(found) == 1, found
        w = found[0]
        return w["x0"], w["top"], w["x1"], w["bottom"], float(page.width)


def test_the_cited_cell_is_boxed_in_red_on_its_page(client, report, fake_corpus_index):
    cell = fake_corpus_index.store.cells(report.id)[CELL]
    assert (cell.value, cell.source.page) == (3001, 4)
    boxed = get_png(client, report.id, 4, cell=CELL)
    plain = get_png(client, report.id, 4)  # the same page, nothing cited
    assert boxed.size == plain.size and max(boxed.size) <= MAX_SIDE_PX

    x0, top, x1, bottom, width = word_box(4, lambda text: text == "3001")
    scale = boxed.size[0] / width
    drawn = red_pixels(boxed) - red_pixels(plain)
    assert len(drawn) > 100
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    # The outline surrounds the word 「3001」, a few points off it on each side, and is drawn nowhere else.
    assert x0 * scale - 12 <= min(xs) < x0 * scale and x1 * scale < max(xs) <= x1 * scale + 12
    assert top * scale - 12 <= min(ys) < top * scale and bottom * scale < max(ys) <= bottom * scale + 12
    # The word itself is not painted over: its middle is the page's own ink, not red.
    middle = (int((x0 + x1) / 2 * scale), int((top + bottom) / 2 * scale))
    assert middle not in drawn


def test_the_cited_passage_is_boxed_from_its_first_line(client, report, fake_corpus_index):
    passage = next(p for p in fake_corpus_index.store.passages(report.id) if p.page == 2 and "3119" in p.text)
    boxed = get_png(client, report.id, 2, text=passage.text[:60])
    drawn = red_pixels(boxed) - red_pixels(get_png(client, report.id, 2))
    first = passage.text.replace(" ", "")
    x0, top, x1, bottom, width = word_box(2, lambda text: len(text) >= 4 and first.startswith(text))
    scale = boxed.size[0] / width
    assert drawn
    ys = [y for _, y in drawn]
    assert top * scale - 12 <= min(ys) < top * scale  # the box opens at the passage's first line
    assert max(ys) > bottom * scale + 20  # and runs over the lines that follow


def test_images_are_cached_in_the_data_dir(client, report, fake_corpus_index):
    get_png(client, report.id, 4, cell="requests.new.commercial")
    cached = list((fake_corpus_index.data_dir / "page-images").glob(f"{report.sha256}-4-*.png"))
    assert cached
    again = client.get(f"/api/reports/{report.id}/pages/4.png", params={"cell": "requests.new.commercial"})
    assert again.content in {p.read_bytes() for p in cached}


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/reports/abc/pages/1.png", {}),
        ("/api/reports/999999/pages/1.png", {}),
        ("/api/reports/-1/pages/1.png", {}),
        ("/api/reports/{id}/pages/0.png", {}),
        ("/api/reports/{id}/pages/99.png", {}),
        ("/api/reports/{id}/pages/x.png", {}),
        ("/api/reports/{id}/pages/４.png", {}),
        ("/api/reports/{id}/pages/99999999999999.png", {}),
        ("/api/reports/{id}/pages/4.png", {"cell": "no.such.cell"}),
        ("/api/reports/{txt}/pages/1.png", {}),
    ],
)
def test_bad_ids_and_pages_are_chinese_404s(client, report, fake_corpus_index, path, query):
    txt = fake_corpus_index.store.report_by_file("2023_pingtan_shiyanqu.txt")
    response = client.get(path.format(id=report.id, txt=txt.id), params=query)
    assert response.status_code == 404, response.text
    detail = response.json()["detail"]
    assert CHINESE.search(detail) and "Traceback" not in detail


def test_the_source_view_offers_the_page_of_a_pdf_and_nothing_else(client, report, fake_corpus_index):
    shown = client.get("/source", params={"file": PDF, "cell": CELL})
    assert shown.status_code == 200
    assert "img-src 'self' data:" in shown.headers["content-security-policy"]
    assert "script-src 'self'" in shown.headers["content-security-policy"]
    html = shown.text
    assert '<button type="button" class="original-toggle" aria-pressed="false"' in html
    assert 'alt="第4页原页图像，红框为引用处"' in html
    assert f'data-src="/api/reports/{report.id}/pages/4.png?cell={CELL}"' in html
    passage = next(p for p in fake_corpus_index.store.passages(report.id) if p.page == 2)
    passage_view = client.get("/source", params={"file": PDF, "page": 2, "text": passage.text[:60]}).text
    assert 'alt="第2页原页图像，红框为引用处"' in passage_view
    text_view = client.get("/source", params={"file": "2023_pingtan_shiyanqu.txt", "cell": "requests.new.total"})
    assert text_view.status_code == 200 and "original-toggle" not in text_view.text


def test_ingest_keeps_the_pdf_and_drops_it_with_its_report(tmp_path):
    store = Store(tmp_path / "db.sqlite3")
    originals = Originals(tmp_path / "originals")
    ingestor = Ingestor(store, originals=originals)
    source = tmp_path / "in" / "2023_huaian_hongzequ.pdf"
    source.parent.mkdir()
    shutil.copyfile(PDFS / source.name, source)
    added = ingestor.ingest(source, source.name)
    sha = store.report(added.report_id).sha256
    kept = originals.find(sha)
    assert kept is not None and kept.read_bytes() == source.read_bytes()

    kept.unlink()  # as a data dir from before originals were kept: an unchanged re-ingest restores it
    assert ingestor.ingest(source, source.name).status == "unchanged"
    assert originals.find(sha) is not None

    text = tmp_path / "in" / "2023_pingtan_shiyanqu.txt"
    shutil.copyfile(CORPUS / text.name, text)
    assert ingestor.ingest(text, text.name).status == "added"
    assert [p.name for p in originals.folder.iterdir()] == [f"{sha}.pdf"]  # only PDFs are kept

    assert ingestor.remove(source.name)
    assert originals.find(sha) is None
    store.close()


@pytest.mark.ocr
def test_on_a_scan_the_cell_is_boxed_where_ocr_reads_it(tmp_path):
    """The table page of a corpus PDF as a 150-dpi scan: OCR finds the cited number where the text layer has it."""
    pytest.importorskip("index.readers.ocr", reason="the extra gongkai[ocr] is not installed")
    source = PDFS / "2023_huaian_hongzequ.pdf"
    scan = image_only_pdf(source, tmp_path / "scan.pdf", 150, (3,))
    _, parsed = parse_file(scan, scan.name, Supplied(agency="淮安市洪泽区", year=2023))
    cell_id = "requests.partial.natural_person"  # 4, in a row of zeros but for two 4s
    cell = parsed.cells[cell_id]
    assert (cell.status, cell.value, cell.source.page, cell.source.recognized) == (STATED, 4, 1, True)
    with pdfplumber.open(scan) as pdf:
        (box,) = cell_box(words(pdf.pages[0]), cell.source.text, cell_position(parsed.cells, cell_id))
    with pdfplumber.open(source) as pdf:
        fours = [w for w in pdf.pages[2].extract_words() if w["text"] == "4"]
    first = min(fours, key=lambda w: w["x0"])  # the 自然人 column, left of the row's 总计
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    assert abs(x - (first["x0"] + first["x1"]) / 2) < 4 and abs(y - (first["top"] + first["bottom"]) / 2) < 4


def test_openapi_documents_the_page_image(client):
    op = client.get("/openapi.json").json()["paths"]["/api/reports/{report_id}/pages/{page}.png"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"report_id", "page", "cell", "text"}
    assert all(CHINESE.search(p["description"]) for p in op["parameters"])
    assert "image/png" in op["responses"]["200"]["content"]
    assert {"404", "503"} <= set(op["responses"])
