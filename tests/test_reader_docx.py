"""The DOCX reader on a report built from the text of 2023_chuanhuiqu_zfbgs (its 表三 as a merged Word table)."""

import zipfile
from pathlib import Path

import docx
import pytest

from index.document import HEADING, PARAGRAPH, ROW, ReadError
from index.readers.docx import read_docx

SOURCE = Path(__file__).resolve().parents[1] / "corpus" / "2023_chuanhuiqu_zfbgs.txt"
TITLE = "川汇区政府办公室2023年政府信息公开工作年度报告"
WIDTH = 10  # three label columns, then 自然人 · five 法人或其他组织 columns · 总计


def _starting(lines, prefix):
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _add_table(document, lines):
    """表三 as Word holds it: header cells merged across and down, label cells merged across blank columns,
    and each numbered result group's label merged down its rows."""
    applicant, organisation, columns, *data = [line.split("\t") for line in lines if line.strip()]
    assert all(len(fields) >= WIDTH and not any(fields[WIDTH:]) for fields in data)
    table = document.add_table(rows=3 + len(data), cols=WIDTH)
    for row, fields in zip(table.rows[3:], data):
        for cell, text in zip(row.cells, fields):
            cell.text = text
    table.cell(0, 0).merge(table.cell(2, 2)).text = columns[0]
    table.cell(0, 3).merge(table.cell(0, 9)).text = applicant[4]
    table.cell(1, 3).merge(table.cell(2, 3)).text = columns[3]
    table.cell(1, 4).merge(table.cell(1, 8)).text = organisation[3]
    table.cell(1, 9).merge(table.cell(2, 9)).text = columns[9]
    for c in range(4, 9):
        table.cell(2, c).text = columns[c]
    groups: list[list[int]] = []  # [first, last] table row of each run of rows numbered 1., 2., …
    for r, fields in enumerate(data, start=3):
        if fields[0] and not fields[1] and not fields[2]:
            table.cell(r, 0).merge(table.cell(r, 2))
        if fields[2].startswith("1."):
            groups.append([r, r])
        elif fields[2][:1].isdigit():
            groups[-1][1] = r
    for first, last in groups:
        table.cell(first, 1).merge(table.cell(last, 1))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    lines = SOURCE.read_text("utf-8").splitlines()
    section_2, section_3, section_4, section_5 = (
        _starting(lines, prefix) for prefix in ("## 二、", "# 三、", "### 四、", "### 五、")
    )
    document = docx.Document()
    document.core_properties.title = TITLE
    for line in lines[_starting(lines, "####") : section_2]:
        if line.strip():
            document.add_paragraph(line.lstrip("# "))  # plain style: headings known by their numbering only
    document.add_heading(lines[section_3].lstrip("# "), level=1)
    _add_table(document, lines[section_3 + 1 : section_4])
    for line in [lines[section_4], *lines[section_5:]]:
        if line.startswith("#"):
            document.add_heading(line.lstrip("# "), level=2)
        elif line.strip():
            document.add_paragraph(line.removeprefix("- "))
    path = tmp_path_factory.mktemp("docx") / "2023_chuanhuiqu_zfbgs.docx"
    document.save(path)
    return read_docx(path)


def _row(doc, label):
    rows = [b for b in doc.blocks if b.kind == ROW and label in b.cells]
    assert len(rows) == 1, label
    return rows[0]


def test_headings_paragraphs_and_rows_in_body_order(report):
    kinds = [b.kind for b in report.blocks]
    texts = [b.text for b in report.blocks]
    assert report.blocks[0].kind == HEADING and report.blocks[0].text == "一、总体情况"
    assert (HEADING, "(一) 政府信息主动公开情况") in [(b.kind, b.text) for b in report.blocks]
    assert report.blocks[2].kind == PARAGRAPH and report.blocks[2].text.startswith("2023年以来,区政府办公室")
    table_3 = texts.index("三、收到和处理政府信息公开申请情况")
    table_4 = texts.index("四、政府信息公开行政复议、行政诉讼情况")
    assert kinds[table_3] == kinds[table_4] == HEADING
    assert set(kinds[table_3 + 1 : table_4]) == {ROW} and table_4 - table_3 - 1 == 3 + 25
    assert texts.index("五、存在的主要问题及改进情况") > table_4
    assert texts[-2:] == ["六、其他需要报告的事项", "无"]
    lines = [b.line for b in report.blocks]
    assert lines == sorted(set(lines)) and lines[0] == 1
    assert lines[table_3 + 1 : table_4 + 1] == list(range(lines[table_3] + 1, lines[table_4] + 1))


def test_merged_header_cells_keep_their_text_once(report):
    rows = [b.cells for b in report.blocks if b.kind == ROW][:3]
    rule = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"  # "等 于" in the source
    assert rows == [
        (rule, "", "", "申请人情况", "", "", "", "", "", ""),
        ("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
        ("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
    ]


def test_merged_labels_and_values(report):
    withheld = [b.cells for b in report.blocks if b.kind == ROW and b.cells[2][:2] in {f"{n}." for n in range(1, 9)}]
    assert withheld[0][1:3] == ("(三)不予公开", "1.属于国家秘密")
    assert [cells[1] for cells in withheld[1:8]] == [""] * 7
    assert _row(report, "2.重复申请").cells[3:] == ("0",) * 7
    assert _row(report, "3.其他").cells[1:] == ("", "3.其他", "2", "0", "0", "0", "0", "0", "2")


def test_blank_cells_stay_blank_and_noise_stays_text(report):
    new = _row(report, "一、本年新收政府信息公开申请数量")
    assert new.cells == ("一、本年新收政府信息公开申请数量", "", "", "", "0", "0", "0", "0", "0", "6")
    assert new.text == "\t".join(new.cells)
    assert _row(report, "(七) 总记").cells[2:] == ("+", "6", "0", "0", "0", "0", "0", "6")


def test_core_title_is_meta(report, tmp_path):
    assert report.meta == {"title": TITLE}
    untitled = tmp_path / "untitled.docx"
    docx.Document().save(untitled)
    assert read_docx(untitled).meta == {}


def test_not_a_docx_raises_a_chinese_read_error(tmp_path):
    noise = tmp_path / "noise.docx"
    noise.write_bytes(bytes(range(256)) * 16)
    valid = tmp_path / "valid.docx"
    docx.Document().save(valid)
    without_body = tmp_path / "without_body.docx"
    with zipfile.ZipFile(valid) as source, zipfile.ZipFile(without_body, "w") as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
    bare_zip = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare_zip, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    for path in (noise, without_body, bare_zip):
        with pytest.raises(ReadError, match="不是有效的 DOCX 文件"):
            read_docx(path)
