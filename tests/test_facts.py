"""Fact sentences: one short sentence per cell, spelled only with the template's labels."""

from __future__ import annotations

import pytest

from index.facts import fact_sentence
from index.numbers import format_number
from index.template import CELLS, TABLE_SHORT_NAMES


def test_the_sentence_reads_like_the_report():
    assert (
        fact_sentence("平潭综合实验区", 2023, "requests.new.total", 81.0, "stated")
        == "平潭综合实验区2023年 表三 收到和处理政府信息公开申请情况：本年新收政府信息公开申请数量（总计）为81件。"
    )


def test_units_decimals_negatives_and_derived_values():
    assert fact_sentence("淮安市", 2024, "active.fees.amount", 5949.088667, "stated").endswith(
        "表二 主动公开政府信息情况：行政事业性收费（本年收费金额）为5949.088667万元。"
    )
    assert fact_sentence("平潭综合实验区", 2019, "active.licensing.change", -3.0, "stated").endswith(
        "行政许可（本年增/减）为-3件。"
    )
    assert fact_sentence("洪泽区", 2023, "review.total", 11, "derived").endswith(
        "表四 政府信息公开行政复议、行政诉讼情况：行政复议（总计）为11件（推算）。"
    )
    assert [format_number(v) for v in (81.0, 0, 0.1, 13575394432.52)] == ["81", "0", "0.1", "13575394432.52"]


def test_every_cell_has_a_sentence_with_its_table_and_label():
    for cell_id, spec in CELLS.items():
        sentence = fact_sentence("某机关", 2023, cell_id, 1, "stated")
        assert TABLE_SHORT_NAMES[spec.table] in sentence and spec.row_label in sentence, cell_id
        assert sentence.endswith(f"为1{spec.unit}。")


@pytest.mark.parametrize("status", ["missing", "ambiguous"])
def test_unanswerable_cells_have_no_fact(status):
    with pytest.raises(ValueError):
        fact_sentence("平潭综合实验区", 2023, "requests.new.total", 0, status)
