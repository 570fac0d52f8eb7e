"""Typos as data: the known ways reports misspell template labels sit in one list (template.LABEL_VARIANTS),
and every label search goes through one tolerant matcher, so a new typo is a line of data, not code."""

from __future__ import annotations

import pytest

from index import template as T
from index.ingest import parse_file
from index.model import STATED
from tests.layouts import TSV, render
from tests.test_blank_cells import REPORT_2021

RESULTS_TOTAL = T.REQUEST_ROW_BY_KEY["results_total"].keys
LAW_PROHIBITED = T.REQUEST_ROW_BY_KEY["withheld.law_prohibited"].keys
OTHER_OTHER = T.REQUEST_ROW_BY_KEY["other.other"].keys
REVIEW_SECTION = next(aliases for numeral, _, aliases in T.SECTIONS if numeral == "四")


@pytest.mark.parametrize(
    ("keys", "text", "found"),
    [
        # the template's own words, and the gaps conversions put between characters
        (RESULTS_TOTAL, "（七）总计", "总计"),
        (RESULTS_TOTAL, "（七）总 \u3000计", "总 \u3000计"),
        (RESULTS_TOTAL, "（七）总\t计", "总\t计"),
        # known misspellings, listed once in LABEL_VARIANTS
        (RESULTS_TOTAL, "(七) 总记\t+\t6", "总记"),
        (LAW_PROHIBITED, "2.其他法律行政止公开 0 0", "法律行政止公开"),
        (LAW_PROHIBITED, "2.其他法律行政法规禁止公开", "法律行政法规禁止公开"),
        (REVIEW_SECTION, "四、政府信息公开行政法复议、行政诉讼情况", "行政法复议、行政诉讼"),
        (REVIEW_SECTION, "四、政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼"),
        # equivalent marks
        (OTHER_OTHER, "3．其他\t0", "3．其他"),
        (OTHER_OTHER, "3、其他\t0", "3、其他"),
        (OTHER_OTHER, "3.其他\t0", "3.其他"),
        # the longest spelling wins at one position
        (T.REQUEST_ROW_BY_KEY["withheld.third_party"].keys, "4.保护第三方合法权益", "保护第三方"),
        # words that only look alike are not labels
        (RESULTS_TOTAL, "年度工作总结", None),
        (RESULTS_TOTAL, "总\n计", None),
        (LAW_PROHIBITED, "行政止步公开", None),
        (REVIEW_SECTION, "行政诉讼、行政复议", None),
        (OTHER_OTHER, "3。其他", None),
        (OTHER_OTHER, "13其他", None),
    ],
)
def test_the_label_matcher(keys, text, found):
    match = T.find_label(text, keys)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("总计", ("总计", "总记")),
        ("（七）总计", ("（七）总计", "（七）总记")),
        ("其他法律行政法规禁止公开", ("其他法律行政法规禁止公开", "其他法律行政止公开")),
        ("行政复议、行政诉讼", ("行政复议、行政诉讼", "行政法复议、行政诉讼")),
        ("复议后起诉", ("复议后起诉",)),  # no variant's words inside: written one way only
    ],
)
def test_spellings_apply_each_variant_wherever_its_words_stand(key, expected):
    assert T.spellings(key) == expected


def test_typo_fragments_are_not_label_keys():
    """The variants are the only place a misspelling is written: no row, column or section spells one."""
    written = {v.written for v in T.LABEL_VARIANTS}
    keys = [k for r in T.REQUEST_ROWS for k in r.keys] + [a for _, _, aliases in T.SECTIONS for a in aliases]
    assert [k for k in keys if any(w in k for w in written)] == []


def _typed(text: str, typos: dict[str, str]) -> str:
    for words, written in typos.items():
        assert words in text
        text = text.replace(words, written)
    return text


def _parse(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return parse_file(path, path.name)[1]


def test_a_report_with_the_known_typos_reads_every_cell(tmp_path):
    text = _typed(
        render(REPORT_2021, T.FORMAT_2021, TSV),
        {"（七）总计": "（七）总记", "其他法律行政法规禁止公开": "其他法律行政止公开", "行政复议、": "行政法复议、"},
    )
    parsed = _parse(tmp_path, text)
    stated = {cid: v for cid, v in REPORT_2021.items() if v is not None}
    assert {cid: parsed.cells[cid].value for cid in stated} == stated
    assert all(parsed.cells[cid].status == STATED for cid in stated)


def test_a_new_typo_is_one_line_of_data(tmp_path, monkeypatch):
    text = _typed(render(REPORT_2021, T.FORMAT_2021, TSV), {"本年新收": "本年心收"})
    assert _parse(tmp_path, text).cells["requests.new.total"].status != STATED
    monkeypatch.setattr(T, "LABEL_VARIANTS", (*T.LABEL_VARIANTS, T.Variant("本年新收", "本年心收")))
    T.label_pattern.cache_clear()
    try:
        parsed = _parse(tmp_path, text)
    finally:
        monkeypatch.undo()
        T.label_pattern.cache_clear()
    assert parsed.cells["requests.new.total"].value == REPORT_2021["requests.new.total"]
    assert parsed.cells["requests.new.natural_person"].value == REPORT_2021["requests.new.natural_person"]
