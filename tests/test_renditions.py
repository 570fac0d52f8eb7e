"""One report in several formats gives the same cells: web page vs text dump, DOCX vs text."""

from __future__ import annotations

import docx
import pytest

from index.ingest import parse_file
from index.model import MISSING, STATED
from tests.helpers import CORPUS


@pytest.mark.parametrize("year", [2021, 2023])
def test_html_page_and_text_dump_agree_cell_for_cell(year):
    _, text = parse_file(CORPUS / f"{year}_pingtan_shiyanqu.txt", "t")
    _, page = parse_file(CORPUS / "html" / f"{year}_pingtan_shiyanqu.html", "h")
    assert (page.meta.agency, page.meta.year, page.meta.format) == (text.meta.agency, text.meta.year, text.meta.format)
    assert all(c.status == STATED for c in page.cells.values())
    disagree = {
        cid: (c.value, page.cells[cid].value)
        for cid, c in text.cells.items()
        if c.status == STATED and page.cells[cid].value != c.value
    }
    assert disagree == {}
    # The text dump's glued 表二 digits it cannot split are exactly what the page states separately.
    for cid, c in text.cells.items():
        if c.status != STATED:
            assert page.cells[cid].value in c.readings


def test_docx_report_parses_like_its_text(tmp_path):
    source = CORPUS / "2023_chuanhuiqu_zfbgs.txt"
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cells = line.split("\t")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, text in zip(table.rows[0].cells, cells, strict=True):
                cell.text = text
        elif line.strip():
            document.add_paragraph(line.lstrip("#").strip())
    path = tmp_path / "chuanhui.docx"
    document.save(path)
    _, from_docx = parse_file(path, path.name)
    _, from_text = parse_file(source, source.name)
    assert {k: (c.status, c.value) for k, c in from_docx.cells.items()} == {
        k: (c.status, c.value) for k, c in from_text.cells.items()
    }


def test_a_report_missing_a_table_is_kept_with_that_table_missing_and_a_warning(tmp_path):
    source = CORPUS / "2023_chuanhuiqu_zfbgs.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "四、政府信息公开行政复议" in line)
    end = next(i for i, line in enumerate(lines) if "五、存在的主要问题" in line)
    cut = tmp_path / "no_review_table.txt"
    cut.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    _, parsed = parse_file(cut, cut.name)
    assert all(c.status == MISSING for cid, c in parsed.cells.items() if cid.startswith(("review.", "litigation")))
    assert parsed.cells["requests.new.total"].value == 6
    assert any("表四" in w for w in parsed.warnings)
