"""A 表二 row or column that the template of the year asked does not have is said to be absent,
never answered with the row's other columns (2019's 收费 has no 金额; 2021 has no 政府集中采购)."""

from __future__ import annotations

import pytest

from assistant.answer.compose import ROUTE_FIGURE, ROUTE_NONE
from assistant.answer.figures import Gap, GapKind, cell_ids, format_gaps
from assistant.understand.query import CellAsk
from index import template as T
from index.store.reports import ReportRow
from tests.helpers import numbers_are_traceable


def report(year: int, fmt: str) -> ReportRow:
    return ReportRow(year, f"{year}.txt", "", "某机关", year, "", fmt, [])


FEES_AMOUNT = CellAsk(T.TABLE_ACTIVE, "fees", ("amount",))


@pytest.mark.parametrize(
    ("ask", "fmt", "ids"),
    [
        (FEES_AMOUNT, T.FORMAT_2021, ["active.fees.amount"]),
        (FEES_AMOUNT, T.FORMAT_2019, []),
        (CellAsk(T.TABLE_ACTIVE, "penalty", ("decisions", "amount")), T.FORMAT_2021, []),
        (CellAsk(T.TABLE_ACTIVE, "penalty", ()), T.FORMAT_2021, ["active.penalty.decisions"]),
        (CellAsk(T.TABLE_ACTIVE, "procurement", ("amount",)), T.FORMAT_2021, []),
    ],
)
def test_a_column_the_format_lacks_reads_no_cell(ask, fmt, ids):
    assert cell_ids(ask, fmt, other_split=False) == ids


def test_gaps_name_what_the_row_has_in_that_format():
    reports = [(2019, report(2019, T.FORMAT_2019), False), (2022, report(2022, T.FORMAT_2021), True)]
    procurement = CellAsk(T.TABLE_ACTIVE, "procurement", ("items",))
    review = CellAsk(T.TABLE_REVIEW, "review", ("total",))
    unpaid = CellAsk(T.TABLE_REQUESTS, "other.unpaid_fee", ("total",))
    assert format_gaps((FEES_AMOUNT, procurement, review, unpaid), reports) == [
        Gap(2019, T.FORMAT_2019, GapKind.COLUMN, "行政事业性收费", ("上一年项目数量", "本年增/减"), ("amount",)),
        Gap(2019, T.FORMAT_2019, GapKind.MERGED, "其他处理：申请人逾期未按收费通知要求缴纳费用"),
        Gap(2022, T.FORMAT_2021, GapKind.ROW, "政府集中采购"),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "平潭2020年行政事业性收费收了多少钱",
        "平潭2022年行政强制涉及的金额是多少",
        "平潭2022年政府集中采购了几个项目",
        "平潭2019年有几件申请因为申请人逾期不补正而终止",
    ],
)
def test_a_figure_no_template_of_that_year_has_is_not_answered(fake_corpus_index, question):
    result = fake_corpus_index.ask(question)
    assert result["route"] == ROUTE_NONE and result["figures"] == []
    assert "该年度的报告" in result["answer"] and "没有" in result["answer"]


def test_years_whose_template_has_the_column_are_answered_and_the_others_said(fake_corpus_index):
    result = fake_corpus_index.ask("平潭2020年到2022年的行政事业性收费金额")
    assert result["route"] == ROUTE_FIGURE
    assert {f["cell"] for f in result["figures"]} == {"active.fees.amount"}
    assert sorted(f["file"][:4] for f in result["figures"]) == ["2021", "2022"]
    assert "其余年度的报告用的是旧版统计表" in result["answer"] and "没有「金额」" in result["answer"]
    assert numbers_are_traceable(result)
