"""One short Chinese sentence per stated or derived cell, so that a question worded like the
report finds the figure through the same retriever as the narrative."""

from __future__ import annotations

from index.numbers import format_number
from index.template import TABLE_SHORT_NAMES, TABLE_TITLES, cell

DERIVED_MARK = "推算"
_ANSWERABLE = ("stated", "derived")


def fact_sentence(agency: str, year: int, cell_id: str, value: float, status: str) -> str:
    """E.g. 「平潭综合实验区2023年 表三 收到和处理政府信息公开申请情况：本年新收政府信息公开申请数量（总计）为81件。」

    Only template labels are used, so the sentence reads the same for every report.
    """
    if status not in _ANSWERABLE:
        raise ValueError(f"{cell_id}: only stated or derived cells have a fact, not {status!r}")
    spec = cell(cell_id)
    title = TABLE_TITLES[spec.table].split("、", 1)[1]
    label = f"{spec.row_label}（{spec.column_label}）" if spec.column_label else spec.row_label
    amount = f"{format_number(value)}{spec.unit}" + (f"（{DERIVED_MARK}）" if status == "derived" else "")
    return f"{agency}{year}年 {TABLE_SHORT_NAMES[spec.table]} {title}：{label}为{amount}。"
