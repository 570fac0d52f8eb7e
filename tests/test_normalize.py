"""Text hygiene, table-driven: what people type and name loses what cannot be stored, shown or encoded."""

from __future__ import annotations

import pytest

from index.normalize import MAX_NAME_BYTES, clean_file_name, clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("平潭2023年收到多少件申请？", "平潭2023年收到多少件申请？"),
        ("\ud800平潭\udfff", "平潭"),  # lone surrogates
        ("平\x00潭\x07\x1b[31m", "平潭[31m"),  # NUL, bell, escape
        ("平\u202e潭\u2066\u2069\u200f", "平潭"),  # bidi override, isolates, mark
        ("平\u200b潭\u200d\ufeff\u2060\u00ad", "平潭"),  # zero-width, BOM, word joiner, soft hyphen
        ("第一行\n第二行\t完", "第一行\n第二行\t完"),
        ("\x85\x9f平潭", "平潭"),  # C1 controls
        ("ｆｕｌｌ２０２３", "ｆｕｌｌ２０２３"),  # full width stays for the reader's NFKC
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean
    clean.encode("utf-8")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  平潭\n\n2023年  ", "平潭 2023年"),
        ("\u3000平潭\u3000", "平潭"),
        ("\ud800", ""),
        ("\u202e\u200b \x00", ""),
    ],
)
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2023_平潭.txt", "2023_平潭.txt"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\报告.docx", "报告.docx"),
        ("C:\\Users\\张三\\桌面\\年报.pdf", "年报.pdf"),
        ("/abs/path/年报.html", "年报.html"),
        ("..", ""),
        ("a/..", ""),
        (".hidden.txt", "hidden.txt"),
        ("年报.txt. . ", "年报.txt"),
        ("年\x00报\u202e.txt", "年报.txt"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("console.txt", "console.txt"),
        ('年报:2023*?"|.txt', "年报_2023____.txt"),
        ("<img src=x onerror=alert(1)>年报.txt", "<img src=x onerror=alert(1)>年报.txt"),
        ("\ud800", ""),
    ],
)
def test_clean_file_name(raw, clean):
    assert clean_file_name(raw) == clean


@pytest.mark.parametrize("stem", ["报" * 300, "a" * 1000, "报a" * 200])
@pytest.mark.parametrize("extension", [".docx", ".txt", ""])
def test_a_long_file_name_is_cut_to_whole_characters_and_keeps_its_extension(stem, extension):
    name = clean_file_name(stem + extension)
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith(extension) and name.removesuffix(extension)
    assert stem.startswith(name.removesuffix(extension))


def test_a_long_extension_is_not_an_extension():
    name = clean_file_name("报告." + "x" * 400)
    assert len(name.encode()) <= MAX_NAME_BYTES and name.startswith("报告.x")
