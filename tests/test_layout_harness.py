"""The layout harness: every gold file, and random cell sets that keep the 勾稽 rules, rendered in every
layout real portals produce and read back. A printed value comes back exactly (or ambiguous among the
readings glued digits allow); a blank is never stated; nothing is ever read as a wrong value."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from index import template as T
from index.layout import other_split
from tests.harness import round_trip
from tests.helpers import gold_files, load_gold
from tests.layouts import (
    CELL_LINES,
    CONVERTED_PIPES,
    DOCX,
    GLUED,
    HARNESS_LAYOUTS,
    HTML,
    PDF_BORDERLESS,
    PDF_CENTRED,
    TSV,
)

GOLD = {p.stem: load_gold(p) for p in gold_files()}


@pytest.mark.parametrize("layout", HARNESS_LAYOUTS)
@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_gold_file_comes_back_in_every_layout(tmp_path, name, layout):
    gold = GOLD[name]
    verdict = round_trip(gold["cells"], gold["format"], layout, tmp_path)
    assert (verdict.wrong, verdict.invented) == ([], [])
    assert verdict.lost == []
    assert verdict.read + len(verdict.ambiguous) + len(verdict.unplaced) == verdict.printed


# ---------------------------------------------------------------- random reports that keep the rules

_COUNT = st.integers(0, 40)
_SPARSE = st.one_of(st.just(0), st.just(0), st.integers(0, 12))  # most result cells of a real report are 0
_BLANK = st.booleans()


@st.composite
def reports(draw, fmt: str) -> dict[str, float | None]:
    """A report's cells with every 勾稽 rule holding; some rows leave their zeros blank, as 2019-format
    reports leave 总计."""
    split = fmt == T.FORMAT_2021 and draw(st.booleans())
    cells: dict[str, float | None] = {}
    for item in T.ACTIVE_ITEMS[fmt]:
        for col in item.columns:
            cells[f"active.{item.key}.{col.key}"] = float(draw(_COUNT))
    results = T.result_rows(split)
    for col in T.APPLICANT_DETAIL_KEYS:
        values = {row: draw(_SPARSE) for row in results}
        done = sum(values.values())
        carried_out = draw(_SPARSE)
        carried_in = draw(st.integers(0, done + carried_out))
        values |= {"results_total": done, "carried_out": carried_out, "carried_in": carried_in}
        values["new"] = done + carried_out - carried_in
        for row, v in values.items():
            cells[f"requests.{row}.{col}"] = float(v)
    for row in T.request_rows(split):
        cells[f"requests.{row}.total"] = sum(cells[f"requests.{row}.{c}"] for c in T.APPLICANT_DETAIL_KEYS)
    for group in T.REVIEW_GROUPS:
        parts = [float(draw(_SPARSE)) for _ in T.REVIEW_COLUMNS[:-1]]
        for col, v in zip(T.REVIEW_COLUMNS, [*parts, sum(parts)]):
            cells[f"{group.key}.{col.key}"] = v
    if draw(_BLANK):  # a row that leaves its zeros blank
        row = draw(st.sampled_from(T.request_rows(split)))
        for col in T.APPLICANT_KEYS:
            if cells[f"requests.{row}.{col}"] == 0:
                cells[f"requests.{row}.{col}"] = None
    assert other_split(set(cells)) == split or fmt == T.FORMAT_2019
    return cells


_RANDOM_LAYOUTS = (TSV, CELL_LINES, HTML, CONVERTED_PIPES, GLUED, DOCX, PDF_BORDERLESS, PDF_CENTRED)


@pytest.mark.parametrize("layout", _RANDOM_LAYOUTS)
@pytest.mark.parametrize("fmt", [T.FORMAT_2021, T.FORMAT_2019])
def test_random_reports_that_keep_the_rules_come_back(fmt, layout):
    @seed(20260101)
    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(reports(fmt))
    def check(cells):
        with tempfile.TemporaryDirectory() as tmp:
            verdict = round_trip(cells, fmt, layout, Path(tmp))
        assert (verdict.lost, verdict.wrong, verdict.invented) == ([], [], [])

    check()
