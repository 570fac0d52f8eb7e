"""Finding the tables: narrative that uses table words does not pull the table out of place."""

from __future__ import annotations

from index.ingest import parse_file
from tests.helpers import CORPUS

REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"


def _variant(tmp_path, edit) -> dict:
    path = tmp_path / "variant.txt"
    path.write_text(edit(REPORT.read_text(encoding="utf-8")), encoding="utf-8")
    _, parsed = parse_file(path, path.name)
    _, original = parse_file(REPORT, REPORT.name)
    return {cid: (c.status, c.value) for cid, c in parsed.cells.items()}, {
        cid: (c.status, c.value) for cid, c in original.cells.items()
    }


def test_narrative_with_table_words_before_the_table(tmp_path):
    sentence = "本年新收政府信息公开申请9件，上年结转政府信息公开申请数量1件，其中予以公开3件、部分公开2件。"
    variant, original = _variant(
        tmp_path, lambda t: t.replace("#### (三) 政府信息公开平台建设情况", sentence + "\n\n#### (三)")
    )
    assert variant == original


def test_a_heading_that_repeats_a_row_label_before_its_table_row(tmp_path):
    def add_heading(text: str) -> str:
        return text.replace(
            "一、本年新收政府信息公开申请数量\t",
            "### 一、本年新收政府信息公开申请数量\n类别\t数据1\t数据2\n一、本年新收政府信息公开申请数量\t",
            1,
        )

    variant, original = _variant(tmp_path, add_heading)
    assert variant == original
