"""Keeps Chroma a pure function of SQLite: every item is rebuilt from stored passages and cells.

Ingest embeds before it writes SQLite (embedding is slow and may fail; the content-hash cache
makes the second embedding of the same text free), then writes Chroma from what SQLite holds.
`sync` repairs the vector side after a crash or a deleted Chroma folder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from index.facts import fact_sentence
from index.model import ANSWERABLE, Cell, ParsedReport
from index.passages import Passage
from index.store import Store
from index.vectors import IndexItem, VectorIndex, cell_item, indexed_text, passage_item

_NOT_YET_STORED = 0


def report_items(
    report_id: int, title: str, agency: str, year: int, passages: Iterable[Passage], cells: Iterable[Cell]
) -> list[IndexItem]:
    items = [passage_item(report_id, p, title) for p in passages]
    for c in cells:
        if _has_fact(c.status, c.value):
            items.append(cell_item(report_id, c.id, fact_sentence(agency, year, c.id, c.value, c.status)))
    return items


class ReportVectors:
    def __init__(self, store: Store, vectors: VectorIndex):
        self.store = store
        self.vectors = vectors

    def prepare(self, parsed: ParsedReport, passages: list[Passage]) -> None:
        m = parsed.meta
        items = report_items(_NOT_YET_STORED, m.title, m.agency, m.year, passages, parsed.cells.values())
        self.vectors.embeddings.embed_documents([indexed_text(i) for i in items])

    def write(self, report_id: int, prepared: object = None) -> None:
        self.vectors.replace_report(report_id, self.items_for(report_id))

    def delete(self, report_id: int) -> None:
        self.vectors.delete_report(report_id)

    def items_for(self, report_id: int) -> list[IndexItem]:
        report = self.store.report(report_id)
        if report is None:
            return []
        passages = [Passage(p.ordinal, p.section, p.text, p.line, p.page) for p in self.store.passages(report_id)]
        cells = self.store.cells(report_id).values()
        return report_items(report_id, report.title, report.agency, report.year, passages, cells)

    def sync(self) -> int:
        """Bring Chroma in line with SQLite; returns how many reports were (re)written or dropped."""
        stored = {r.id for r in self.store.reports()}
        present: dict[int, set[str]] = defaultdict(set)
        for item_id in self.vectors.ids():
            present[int(item_id.split(":", 1)[0])].add(item_id)
        changed = 0
        for orphan in present.keys() - stored:
            self.vectors.delete_report(orphan)
            changed += 1
        for report_id in sorted(stored):
            expected = {i.id for i in self.items_for(report_id)}
            if expected != present.get(report_id, set()):
                self.write(report_id)
                changed += 1
        return changed


def _has_fact(status: str, value: float | None) -> bool:
    """Zero cells are many and alike; they are answered from SQLite, not found by similarity."""
    return status in ANSWERABLE and bool(value)
