"""The three tables laid out as in the template: header, then rows of cell ids.

Shared by `gongkai check` (text for a person) and the staff view (HTML), so both show a
report exactly as the national template arranges it.
"""

from __future__ import annotations

from dataclasses import dataclass

from index import template as T


@dataclass(frozen=True)
class TableLayout:
    table: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str | None, ...]], ...]  # (row label, cell id per column)


def layouts(fmt: str, other_split: bool) -> list[TableLayout]:
    return [*_active(fmt), _requests(other_split), _review()]


def _active(fmt: str) -> list[TableLayout]:
    """表二 as the template prints it: one small table per article clause, with its own columns."""
    clauses: dict[str, list[T.ActiveItem]] = {}
    for item in T.ACTIVE_ITEMS[fmt]:
        clauses.setdefault(item.clause, []).append(item)
    out = []
    for clause, items in clauses.items():
        columns = max((i.columns for i in items), key=len)
        header = ("信息内容",) + tuple(c.label for c in columns)
        rows = tuple(
            (i.label, tuple(f"active.{i.key}.{c.key}" if c in i.columns else None for c in columns)) for i in items
        )
        out.append(TableLayout(T.TABLE_ACTIVE, f"{T.TABLE_TITLES[T.TABLE_ACTIVE]} · {clause}", header, rows))
    return out


def _requests(other_split: bool) -> TableLayout:
    rows = []
    for key in T.request_rows(other_split):
        row = T.REQUEST_ROW_BY_KEY[key]
        rows.append((row.label, tuple(f"requests.{key}.{c}" for c in T.APPLICANT_KEYS)))
    header = ("申请人情况",) + tuple(c.label for c in T.APPLICANT_COLUMNS)
    return TableLayout(T.TABLE_REQUESTS, T.TABLE_TITLES[T.TABLE_REQUESTS], header, tuple(rows))


def _review() -> TableLayout:
    rows = tuple((g.label, tuple(f"{g.key}.{c.key}" for c in T.REVIEW_COLUMNS)) for g in T.REVIEW_GROUPS)
    header = ("",) + tuple(c.label for c in T.REVIEW_COLUMNS)
    return TableLayout(T.TABLE_REVIEW, T.TABLE_TITLES[T.TABLE_REVIEW], header, rows)


def other_split(cell_ids: set[str]) -> bool:
    """Whether a report's cells split （六）其他处理 into its three sub-rows."""
    return f"requests.{T.OTHER_SINGLE_ROW}.total" not in cell_ids
