"""Hostile DOCX/PDF files are refused (or read) within bounded time with a Chinese message naming the limit,
and the index stays exactly as it was."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest

from index import limits
from index.document import ReadError
from index.readers.docx import read_docx
from tests.test_bad_input import _dump, data  # noqa: F401 - the module's one-report index fixture
from ui.cli import main

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, body: str, styles: int = 0, padding: int = 0):
    """A DOCX made from python-docx's own template with our body, `styles` extra paragraph styles, and
    `padding` bytes of highly compressible XML (a decompression bomb when large)."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    extra = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/></w:style>' for i in range(styles)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", extra.encode() + b"</w:styles>")
            if item.filename == "word/document.xml":
                xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
                data = xml.encode() + b" " * padding
            out.writestr(item.filename, data)
    return path


def _paragraphs(n: int, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return "".join(f"<w:p>{ppr}<w:r><w:t>第{i}段</w:t></w:r></w:p>" for i in range(n))


def test_many_styles_and_paragraphs_read_in_about_a_second(tmp_path):
    """3,000 styles × 20,000 paragraphs (110 KB) took 20 s with per-paragraph style lookups."""
    path = _docx(tmp_path / "styles.docx", _paragraphs(limits.MAX_PARAGRAPHS, "S2999"), styles=3000)
    start = time.monotonic()
    document = read_docx(path)
    assert time.monotonic() - start < 5
    assert len(document.blocks) == limits.MAX_PARAGRAPHS


@pytest.mark.parametrize(
    ("body", "padding", "named"),
    [
        (_paragraphs(limits.MAX_PARAGRAPHS + 1), 0, "段落数"),
        (
            "<w:tbl>" + "<w:tr>" + "<w:tc><w:p/></w:tc>" * (limits.MAX_TABLE_CELLS + 1) + "</w:tr></w:tbl>",
            0,
            "表格单元格数",
        ),
        (_paragraphs(3), limits.MAX_EXPANDED_BYTES + 1, "解压后大小"),
    ],
)
def test_docx_over_a_limit_is_refused_naming_it(tmp_path, body, padding, named):
    path = _docx(tmp_path / "over.docx", body, padding=padding)
    start = time.monotonic()
    with pytest.raises(ReadError, match=f"超出处理上限：{named}"):
        read_docx(path)
    assert time.monotonic() - start < 5


def test_bomb_and_broken_docx_leave_the_index_untouched(data, tmp_path, capsys):  # noqa: F811
    bomb = _docx(tmp_path / "bomb.docx", _paragraphs(1), padding=limits.MAX_EXPANDED_BYTES + 1)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    before = _dump(data)
    for path, reason in ((bomb, "解压后大小"), (broken, "不是有效的 DOCX 文件")):
        assert main(["ingest", str(path), "--data", str(data)]) == 1
        err = capsys.readouterr().err
        assert reason in err and "Traceback" not in err and "/tmp" not in err.replace(str(path), ""), err
        assert _dump(data) == before
