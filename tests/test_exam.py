"""The dev exam (../shared/exam), scored as `gongkai eval` scores it: ≥90% right, 0 wrong numbers."""

from __future__ import annotations

from tests.helpers import EXAM, numbers_are_traceable
from ui.evaluate import load_exam, score


def test_dev_exam(corpus_index):
    report_of = {r.file: (r.agency, r.year) for r in corpus_index.store.reports()}
    results = [(q, corpus_index.ask(q["question"])) for q in load_exam(EXAM)]
    scores = [score(q, result, report_of) for q, result in results]
    right = sum(s.right for s in scores)
    assert len(scores) >= 90
    assert sum(s.wrong_numbers for s in scores) == 0
    assert right / len(scores) >= 0.9, [s.id for s in scores if not s.right]
    untraced = [q["id"] for q, result in results if not numbers_are_traceable(result)]
    assert untraced == [], "every number comes from a figure, a cited text or `computed`"
