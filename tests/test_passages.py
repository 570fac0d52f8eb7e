"""Section-aware chunking on the real text corpus and on small made-up documents."""

from __future__ import annotations

import re

import pytest

from index.document import HEADING, PARAGRAPH, ROW, Block, Document
from index.passages import MAX_CHARS, PREAMBLE, chunk
from index.readers import read
from tests.helpers import CORPUS

TEXT_FILES = sorted(CORPUS.glob("*.txt"))


def passages_of(name: str):
    return chunk(read(CORPUS / name))


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_sizes_locations_and_no_tables(path):
    passages = chunk(read(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert passages
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    for p in passages:
        assert len(p.text) <= MAX_CHARS
        assert len(p.text) >= 20 or p is passages[-1], p
        assert p.line is not None and p.page is None
        source = re.sub(r"\s+", "", "".join(lines[p.line - 1 : p.line + 1]))  # PDF dumps wrap mid-sentence
        assert re.sub(r"\s+", "", p.text)[:6] in source, (p.line, p.text[:20])
        assert not re.search(r"原文链接|source:|^标题[:：]", p.text)
        # Table sections give passages only for prose (上海 2025's 「注：…」), never for glued cells.
        assert not re.search(r"\d{7,}0{3}", p.text), p.text


def test_one_line_site_dump_finds_inline_sections():
    passages = passages_of("2023_pingtan_shiyanqu.txt")
    sections = [p.section for p in passages]
    assert sections[0] == PREAMBLE
    assert "一、总体情况" in sections
    for sub in ("（一）主动公开方面", "（二）依申请公开方面", "（三）政府信息管理方面", "（五）监督保障方面"):
        assert f"一、总体情况 / {sub}" in sections
    assert "五、存在的主要问题及改进情况" in sections
    assert sections[-1] == "六、其他需要报告的事项"
    assert not [s for s in sections if s.startswith(("二、", "三、", "四、"))]
    text = "".join(p.text for p in passages)
    for glued in ("801000081", "5949.088667", "77132470", "第二十条"):
        assert glued not in text
    assert "标题:" not in text and "原文链接" not in text
    problems = next(p for p in passages if p.section.startswith("五、"))
    assert problems.text.startswith("存在的问题主要有以下几个方面") and problems.line == 11


def test_markdown_headings():
    passages = passages_of("2023_chuanhuiqu_zfbgs.txt")
    by_section = {p.section: p for p in passages}
    assert by_section["一、总体情况 / （二）依申请公开办理情况"].line == 15
    assert by_section["一、总体情况 / （六）政府信息公开保密审查情况"].text.endswith("失泄密情况。")
    assert by_section["五、存在的主要问题及改进情况"].text.startswith("一是信息公开的质量需要改进")
    assert by_section["六、其他需要报告的事项"].text == "无"
    assert not [s for s in by_section if s.startswith(("二、", "三、", "四、"))]


def test_renumbered_and_lost_headings():
    # 上海科委 numbers its tables 一、二、三 and loses the heading of 五 in conversion.
    kewei = {p.section for p in passages_of("2024_shanghai_kewei.txt")}
    assert "一、总体情况 / 二、工作机制保障" in kewei
    assert "五、存在的主要问题及改进情况 / （一）主要问题" in kewei
    assert "六、其他需要报告的事项" in kewei
    shanghai = {p.section for p in passages_of("2025_shanghai_shizhengfu_bangongting.txt")}
    assert "五、存在的主要问题及改进情况 / （二）2025 年工作中存在的主要问题" in shanghai


def test_sub_heading_right_after_an_inline_section_heading():
    sections = {p.section for p in passages_of("2021_pingtan_shiyanqu.txt")}
    assert "五、存在的主要问题及改进情况 / （一）存在的主要问题" in sections


def document(*blocks: Block) -> Document:
    return Document("made-up.txt", list(blocks))


def test_long_sentences_are_cut_between_numbers_not_inside():
    sentence = "全年公开" + "、".join(f"第{n}类信息12345.678条" for n in range(60)) + "。"
    passages = chunk(document(Block(HEADING, "一、总体情况", line=1), Block(PARAGRAPH, sentence, line=2)))
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert "".join(p.text for p in passages) == sentence
    for a, b in zip(passages, passages[1:], strict=False):
        assert not (a.text[-1].isdigit() and b.text[0].isdigit())


def test_even_sizes_and_rows_skipped():
    sentences = "".join(f"第{n}句话讲的是政府信息公开工作的一个方面，内容比较具体。" for n in range(20))
    passages = chunk(
        document(
            Block(PARAGRAPH, "五、存在的主要问题及整改措施", line=1),
            Block(PARAGRAPH, sentences, line=2),
            Block(ROW, "行政许可\t12", ("行政许可", "12"), line=3),
        )
    )
    sizes = [len(p.text) for p in passages]
    assert sum(sizes) == len(sentences)
    assert max(sizes) - min(sizes) < 60  # balanced, not 400 + a short tail
    assert {p.section for p in passages} == {"五、存在的主要问题及改进情况"}


def test_citations_of_the_table_template_are_not_sub_headings():
    text = "依据第二十条第（一）项的规定，我们公开了规章。（一）依申请公开方面全年收到申请81件。（三）不予公开…"
    passages = chunk(document(Block(PARAGRAPH, "一、总体情况 " + text, line=7)))
    # 「第（一）项」 cites the template; （三） cannot follow （一）.
    assert [p.section for p in passages] == ["一、总体情况", "一、总体情况 / （一）依申请公开方面"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "情况如上。六、其他需要报告的事项 无其他需要报告的事项",
            [("前言", "情况如上。"), ("六、其他需要报告的事项", "无其他需要报告的事项")],
        ),
        ("六、其他需要报告的事项：无。", [("六、其他需要报告的事项", "无。")]),
        ("五、存在的主要问题及整改措施", []),
    ],
)
def test_a_heading_keeps_the_text_that_follows_it_on_its_line(line, expected):
    assert [(p.section, p.text) for p in chunk(document(Block(PARAGRAPH, line, line=1)))] == expected
