"""Tolerant decoding, over every text and HTML file of the corpus: each encoding a report is really saved in
reads back to the same text, a few damaged bytes are replaced and counted (the count reaches the report's
parsing notes), and only what no encoding reads as text is refused."""

from __future__ import annotations

import codecs
import random

import pytest

from index.document import ReadError
from index.ingest import parse_file
from index.readers.encoding import MAX_BAD_SHARE, decode_text
from tests.helpers import CORPUS

TEXT_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md", ".html"))
REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"


@pytest.fixture(scope="module", params=TEXT_FILES, ids=lambda p: p.name)
def text(request) -> str:
    return request.param.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_each_encoding_reads_back_the_same_text(text, encoding, bom):
    decoded = decode_text(bom + text.encode(encoding))
    assert decoded.text == text and decoded.replaced == 0


def test_big5_reads_back_what_big5_can_hold(text):
    saved = text.encode("big5", errors="replace")
    assert decode_text(saved).text == saved.decode("big5")


@pytest.mark.parametrize("damaged", [1, 8, 40])
def test_a_few_damaged_bytes_are_replaced_and_counted(damaged):
    data = bytearray(REPORT.read_bytes())
    for i in random.Random(damaged).sample(range(len(data)), damaged):
        data[i] = 0xFF
    decoded = decode_text(bytes(data))
    assert decoded.encoding == "utf-8" and decoded.replaced == damaged
    assert f"{damaged} 处字节不是有效的 UTF-8" in decoded.warnings[0]


def test_damage_past_the_measured_share_is_refused():
    text = REPORT.read_text(encoding="utf-8")
    data = bytearray(text.encode())
    spots = int(sum(ord(ch) > 127 for ch in text) * MAX_BAD_SHARE) * 3
    for i in random.Random(13).sample(range(len(data)), spots):
        data[i] = 0xFF
    with pytest.raises(ReadError, match="无法识别文件编码"):
        decode_text(bytes(data))


def test_the_count_of_damaged_bytes_is_among_the_parsing_notes(tmp_path):
    data = bytearray(REPORT.read_bytes())
    data[len(data) // 2] = 0xFF
    path = tmp_path / REPORT.name
    path.write_bytes(bytes(data))
    _, parsed = parse_file(path, path.name)
    assert any("1 处字节不是有效的 UTF-8" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b" \n\t", "文件是空的"),
        (bytes(range(256)) * 20, "二进制"),
        (random.Random(13).randbytes(4000), "二进制"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "不是有效的 UTF-16"),
    ],
)
def test_what_no_encoding_reads_as_text_is_refused(data, message):
    with pytest.raises(ReadError, match=message):
        decode_text(data)
