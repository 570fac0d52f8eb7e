"""The semantic fallback for a count no vocabulary entry named: the question against every template cell's
label with the embedding model.

It only proposes what the person may have meant, as questions to ask instead; it never answers. A
small model's nearest label is often a near miss (撤回 near 撤销), so answering from it would answer a
different question than the one asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer.figures import label
from index import template as T

# A question after a count of something: the kind of question a cell could answer.
_COUNT = re.compile(r"多少|几[个件项次宗起]")
PROPOSED = 3


@dataclass(frozen=True)
class Proposal:
    cell_id: str
    label: str
    similarity: float


def asks_a_count(question: str) -> bool:
    return bool(_COUNT.search(question))


def proposable() -> list[tuple[str, str]]:
    """(cell id, label) of what may be proposed: totals only, named without 「（总计）」, since a proposal
    names what was counted and the applicant breakdown is asked afterwards."""
    seen: dict[str, str] = {}
    for cell_id, spec in T.CELLS.items():
        if spec.table != T.TABLE_REQUESTS or spec.column == "total":
            # The template's bare sub-row 「其他」 reads as the applicant column 其他 once asked alone.
            text = label(cell_id).removesuffix("（总计）")
            text = text + "情形" if text.endswith("：其他") else text
            seen.setdefault(text, cell_id)
    return [(cell_id, text) for text, cell_id in seen.items()]


class MeasureProposer:
    """Labels are embedded once (through the embedding cache) on first use."""

    def __init__(self, embeddings: Embeddings, proposed: int = PROPOSED):
        self.embeddings = embeddings
        self.proposed = proposed
        self._labels: list[tuple[str, str]] = []
        self._vectors: np.ndarray | None = None

    def run(self, phrase: str, cells: set[str]) -> list[Proposal]:
        """The cells among `cells` (those of the report's template) whose labels are nearest to `phrase`."""
        vectors = self._label_vectors()
        allowed = [i for i, (cell_id, _) in enumerate(self._labels) if cell_id in cells]
        if not phrase.strip() or not allowed:
            return []
        query = np.asarray(self.embeddings.embed_query(phrase))
        candidates = vectors[allowed]
        similarity = candidates @ query / (np.linalg.norm(candidates, axis=1) * np.linalg.norm(query))
        best = np.argsort(-similarity)[: self.proposed]
        return [Proposal(*self._labels[allowed[i]], float(similarity[i])) for i in best]

    def _label_vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._labels = proposable()
            self._vectors = np.asarray(self.embeddings.embed_documents([text for _, text in self._labels]))
        return self._vectors
