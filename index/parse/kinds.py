"""What a template cell can hold: evidence among the readings of glued digits that no 勾稽 rule reaches.

A count (件, 个) is a whole number and never negative, an amount (万元, 元) is never negative, and only
本年增/减 (2019 format) may be negative, never by more than 上一年项目数量 had. This is true of every
report, so a reading that breaks it is not what the report printed: 「行政处罚2648-18538」 may be
2648 | -18 | 538 or 2648 | -1 | 8538, but never 2648 ... | -18538 处理决定, and 「政府集中采购…895.90」 never
puts the decimals in 采购项目数量. A row none of whose readings fits keeps them all: an odd figure the
report itself prints is stated as printed, not dropped.
"""

from __future__ import annotations

from index import template as T
from index.parse.numbers import Reading


def fits(cell_id: str, value: float | None) -> bool:
    """Whether the cell can hold `value` (a missing value always fits)."""
    if value is None:
        return True
    spec = T.CELLS.get(cell_id)
    if spec is None:
        return True
    if value < 0 and spec.column not in T.SIGNED_COLUMNS:
        return False
    return spec.unit not in T.COUNT_UNITS or float(value).is_integer()


def reading_fits(ids: tuple[str, ...], reading: Reading) -> bool:
    """Every value fits its cell, and no item count of the row falls below 0."""
    if not all(fits(c, v) for c, v in zip(ids, reading)):
        return False
    values = dict(zip(ids, reading))
    for prefix in {c.rsplit(".", 1)[0] for c in ids}:
        stock = [values.get(f"{prefix}.{col}") for col in T.ITEM_STOCK_COLUMNS]
        if all(v is not None for v in stock) and sum(stock) < 0:
            return False
    return True


def fitting(ids: tuple[str, ...], readings: list[Reading]) -> list[Reading]:
    """The readings that fit the row's cells; all of them when none does."""
    kept = [r for r in readings if reading_fits(ids, r)]
    return kept or list(readings)
