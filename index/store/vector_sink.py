"""Keeps Chroma a pure function of SQLite: every item is rebuilt from stored passages.

Ingest embeds before it writes SQLite (embedding is slow and may fail; the content-hash cache
makes the second embedding of the same text free), then writes Chroma from what SQLite holds.
`sync` repairs the vector side after a crash or a deleted Chroma folder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from langchain_core.embeddings import Embeddings

from index.model import ParsedReport
from index.passages import Passage
from index.store.reports import Store
from index.store.vectors import IndexItem, VectorIndex, indexed_text, passage_id, passage_item

_NOT_YET_STORED = 0


def report_items(report_id: int, title: str, passages: Iterable[Passage]) -> list[IndexItem]:
    return [passage_item(report_id, p, title) for p in passages]


class PassageEmbedder:
    """Embeds a parsed report's passages before it is stored; the vectors wait in the embedding cache,
    so this runs as well in an ingest worker process as in the writer."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings

    def prepare(self, parsed: ParsedReport, passages: list[Passage]) -> None:
        items = report_items(_NOT_YET_STORED, parsed.meta.title, passages)
        self.embeddings.embed_documents([indexed_text(i) for i in items])


class ReportVectors:
    def __init__(self, store: Store, vectors: VectorIndex):
        self.store = store
        self.vectors = vectors
        self.prepare = PassageEmbedder(vectors.embeddings).prepare

    def write(self, report_id: int, prepared: object = None) -> None:
        self.vectors.replace_report(report_id, self.items_for(report_id))

    def delete(self, report_id: int) -> None:
        self.vectors.delete_report(report_id)

    def items_for(self, report_id: int) -> list[IndexItem]:
        report = self.store.report(report_id)
        if report is None:
            return []
        passages = [Passage(p.ordinal, p.section, p.text, p.line, p.page) for p in self.store.passages(report_id)]
        return report_items(report_id, report.title, passages)

    def sync(self) -> int:
        """Bring Chroma in line with SQLite; returns how many reports were (re)written or dropped.

        When Chroma holds as many items as SQLite has passages, they are taken to match: each write
        replaces a whole report, so a crash or a lost folder leaves a count that differs, and a serve
        start over 10,000 reports need not read 110,000 ids. Otherwise one linear pass over Chroma's ids
        and SQLite's passage ordinals finds the reports that differ; only those are rewritten.
        """
        if self.vectors.count() == self.store.passage_count():
            return 0
        expected: dict[int, set[str]] = defaultdict(set)
        for report_id, ordinal in self.store.passage_keys():
            expected[report_id].add(passage_id(report_id, ordinal))
        stored = {r.id for r in self.store.reports()}
        present: dict[int, set[str]] = defaultdict(set)
        for item_id in self.vectors.ids():
            present[int(item_id.split(":", 1)[0])].add(item_id)
        changed = 0
        for orphan in present.keys() - stored:
            self.vectors.delete_report(orphan)
            changed += 1
        for report_id in sorted(stored):
            if expected.get(report_id, set()) != present.get(report_id, set()):
                self.write(report_id)
                changed += 1
        return changed
