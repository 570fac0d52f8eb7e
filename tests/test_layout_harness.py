"""The layout harness: every gold file, and random cell sets that keep the 勾稽 rules, rendered in every
layout real portals produce and read back. A printed value comes back exactly (or ambiguous among the
readings glued digits allow); a blank is never stated; nothing is ever read as a wrong value."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings

from index import template as T
from tests.harness import reports, round_trip
from tests.helpers import gold_files, load_gold
from tests.layouts import (
    CELL_LINES,
    CONVERTED_PIPES,
    DOCX,
    FIXED_WIDTH_BLANK,
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


_RANDOM_LAYOUTS = (
    TSV,
    CELL_LINES,
    HTML,
    CONVERTED_PIPES,
    GLUED,
    FIXED_WIDTH_BLANK,
    DOCX,
    PDF_BORDERLESS,
    PDF_CENTRED,
)


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
