"""The PDF reader on the corpus PDFs (2024 洪泽区 values as in gold/2024_huaian_hongzequ.json, the others
as the PDFs print them) and on unreadable files made inside the tests."""

import random
import re
import sys
from pathlib import Path

import pytest
from PIL import Image

from index.document import HEADING, PARAGRAPH, ROW, ReadError
from index.readers import NO_OCR, read
from index.readers.pdf import read_pdf
from tests.helpers import NEGATIVE as NEGATIVE_DIR

PDFS = Path(__file__).resolve().parents[1] / "corpus" / "pdf"
NEGATIVE = NEGATIVE_DIR / "2024_putuo_shehuigongzuobu_bumenjuesuan.pdf"

# label fragment → the last cells of the one row holding it: 表二 values, or 表三's seven columns
ROWS = {
    "2024_huaian_hongzequ.pdf": {
        "行政规范性文件": ["3", "0", "8"],
        "行政事业性收费": ["7545"],
        "本年新收": ["95", "0", "0", "0", "0", "0", "95"],
        "国家秘密": ["0", "0", "0", "0", "0", "0", "0"],
        "行政止公开": ["0", "0", "0", "0", "0", "0", "0"],  # the report's typo for 行政法规禁止公开
        "危及": ["1", "0", "0", "0", "0", "0", "1"],
        "不掌握": ["31", "0", "0", "0", "0", "0", "31"],
        "没有现成信息": ["1", "0", "0", "0", "0", "0", "1"],  # first row of page 4, after the footer
        "(六)其他处理": ["0", "0", "0", "0", "0", "0", "0"],
        "(七)总计": ["95", "0", "0", "0", "0", "0", "95"],
        "结转下年度": ["0", "0", "0", "0", "0", "0", "0"],
    },
    "2023_huaian_hongzequ.pdf": {
        "行政规范性文件": ["0", "5", "5"],
        "行政事业性收费": ["7730.28"],
        "本年新收": ["21", "0", "0", "0", "0", "0", "21"],
        "国家秘密": ["1", "0", "0", "0", "0", "0", "1"],
        "危及": ["0", "0", "0", "0", "0", "0", "0"],
        "不掌握": ["10", "0", "0", "0", "0", "0", "10"],
        "没有现成信息": ["3", "0", "0", "0", "0", "0", "3"],  # last row of page 3, printed without a bottom border
        "(七)总计": ["21", "0", "0", "0", "0", "0", "21"],
    },
    "2024_huaian_shi.pdf": {
        "行政规范性文件": ["8", "26", "66"],
        "行政处罚": ["3985758"],
        "行政事业性收费": ["96171.6"],
        "本年新收": ["3001", "53", "0", "0", "61", "4", "3119"],
        "危及": ["5", "0", "0", "0", "0", "0", "5"],
        "不掌握": ["746", "12", "0", "0", "10", "1", "769"],
        "没有现成信息": ["11", "0", "0", "0", "0", "0", "11"],
        "逾期不补正": ["67", "3", "0", "0", "1", "0", "71"],
        "3、其他": ["108", "2", "0", "0", "0", "0", "110"],
        "(七)总计": ["2932", "53", "0", "0", "61", "4", "3050"],
    },
}
# 表四: one data row of 15 values under two header rows
REVIEW_ROWS = {
    "2024_huaian_hongzequ.pdf": ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"],
    # 复议 总计 0 as printed: a broken rule the reader must keep
    "2023_huaian_hongzequ.pdf": ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"],
    "2024_huaian_shi.pdf": ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"],
}
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
KANGXI = re.compile("[\u2f00-\u2fdf]")
PAGE_NUMBER = re.compile(r"[-—\s]*\d+[-—\s]*|第\s*\d+\s*页")


@pytest.fixture(scope="module")
def docs():
    return {name: read_pdf(PDFS / name) for name in ROWS}


def _row(doc, fragment):
    rows = [b.cells for b in doc.blocks if b.kind == ROW and any(fragment in c for c in b.cells)]
    assert len(rows) == 1, f"{fragment}: {len(rows)} rows"
    return list(rows[0])


@pytest.mark.parametrize("name", sorted(ROWS))
def test_rows_keep_label_and_values_together(docs, name):
    for fragment, values in ROWS[name].items():
        assert _row(docs[name], fragment)[-len(values) :] == values, fragment


@pytest.mark.parametrize("name", sorted(REVIEW_ROWS))
def test_review_table_is_one_row_of_fifteen(docs, name):
    data = [list(b.cells) for b in docs[name].blocks if b.kind == ROW and all(c.isdigit() for c in b.cells)]
    assert REVIEW_ROWS[name] in data


def test_split_labels_join_and_span_cells_stay_blank(docs):
    doc = docs["2024_huaian_hongzequ.pdf"]
    first = _row(doc, "予以公开")
    assert first[:2] == ["三、本年度办理结果", "(一)予以公开"]  # printed one character per line
    assert _row(doc, "部分公开")[1] == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    assert _row(doc, "法律服务机构")[4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert _row(doc, "行政许可") == ["行政许可", "9487", "", ""]
    assert all(b.text == "\t".join(b.cells) and b.line is None for b in doc.blocks if b.kind == ROW)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_sections_tables_and_text_in_reading_order(docs, name):
    texts = [b.text for b in docs[name].blocks]
    order = [texts.index(s) for s in SECTIONS[:3]]
    order.append(next(i for i, b in enumerate(docs[name].blocks) if b.kind == ROW and "本年新收" in b.text))
    order += [texts.index(s) for s in SECTIONS[3:]]
    assert order == sorted(order)
    assert all(docs[name].blocks[texts.index(s)].kind == HEADING for s in SECTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_block_has_its_page_and_clean_text(docs, name):
    doc = docs[name]
    assert doc.blocks[0].kind == HEADING and doc.blocks[0].text.endswith("年政府信息公开工作年度报告")
    pages = [b.page for b in doc.blocks]
    assert all(isinstance(p, int) and p >= 1 for p in pages) and pages == sorted(pages)
    for b in doc.blocks:
        assert not KANGXI.search(b.text), b.text
        assert not PAGE_NUMBER.fullmatch(b.text) and "- 3 -" not in b.text, b.text
        assert "\n" not in b.text


def test_wrapped_lines_become_paragraphs(docs):
    doc = docs["2024_huaian_hongzequ.pdf"]
    paragraphs = {b.text: b.page for b in doc.blocks if b.kind == PARAGRAPH}
    preamble = next(t for t in paragraphs if t.startswith("本报告由"))
    assert preamble.endswith("电话:0517-87290606)。") and paragraphs[preamble] == 1
    assert any("主动发布各类政府信息2428条,公开政府常务会议7期" in t for t in paragraphs)
    # runs on from page 4 to page 5 and keeps its first page
    across = next(t for t in paragraphs if "答复书模板,使各行政机关答复的方式" in t)
    assert across.startswith("针对存在问题") and paragraphs[across] == 4
    fee = "2024年,区政府严格落实《政府信息公开信息处理费管理办法》,全年收取政府信息公开信息处理费0元。"
    assert paragraphs[fee] == 5


def test_reads_a_pdf_that_is_not_a_report():
    doc = read_pdf(NEGATIVE)
    assert any(b.kind == ROW for b in doc.blocks)
    assert doc.blocks[0].text == "中共上海市普陀区委社会工作部2024年度部门决算"


def test_scanned_pdf_is_rejected(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (595, 842), "white").save(path, "PDF")
    with pytest.raises(ReadError, match="没有文字层"):
        read_pdf(path)


def test_without_the_ocr_extra_a_scan_gets_the_clear_message_and_an_image_is_refused(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "index.readers.ocr", None)  # as if gongkai[ocr] were not installed
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (595, 842), "white").save(path, "PDF")
    with pytest.raises(ReadError, match="^此PDF没有文字层（可能是扫描件），需要先做OCR$"):
        read_pdf(path)
    image = tmp_path / "page.png"
    Image.new("RGB", (595, 842), "white").save(image)
    with pytest.raises(ReadError, match=re.escape(NO_OCR)):
        read(image)


def test_random_bytes_are_rejected(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(ReadError, match="无法读取PDF文件：文件已损坏或不是PDF"):
        read_pdf(path)


def test_truncated_pdf_is_rejected(tmp_path):
    data = (PDFS / "2024_huaian_hongzequ.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError, match="文件已损坏"):
        read_pdf(path)


def test_password_protected_pdf_is_rejected(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_locked_pdf())
    with pytest.raises(ReadError, match="已加密"):
        read_pdf(path)


def _locked_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    size, file_id = len(objects) + 1, b"33" * 16
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (size, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
