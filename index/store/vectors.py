"""Chroma as a derived index: the passages, each pointing back to a report in SQLite.

Only passages are embedded: figures are read from SQLite's cells, never found by similarity.

We always pass our own vectors (Chroma's default embedding function downloads a model), and the
collection is named after the embedding model, whose vectors differ in size and meaning.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings
from langchain_core.embeddings import Embeddings

from index.passages import Passage, headed
from index.store.embeddings import model_name

_BATCH = 1000  # below Chroma's maximum batch size
_NAME_MAX = 60
CHROMA_URL_VAR = "GONGKAI_CHROMA_URL"


@dataclass(frozen=True)
class IndexItem:
    """A passage: `text` as the report has it, and how to find it in SQLite
    (`metadata`: report_id, title, ordinal, section, line, page)."""

    id: str
    text: str
    metadata: dict


def passage_item(report_id: int, passage: Passage, title: str) -> IndexItem:
    """`title` names the report (「平潭综合实验区2023年度政府信息公开工作年度报告」); see `indexed_text`."""
    metadata = {
        "report_id": report_id,
        "title": title,
        "ordinal": passage.ordinal,
        "section": passage.section,
        "line": passage.line,
        "page": passage.page,
    }
    return IndexItem(passage_id(report_id, passage.ordinal), passage.text, metadata)


def passage_id(report_id: int, ordinal: int) -> str:
    return f"{report_id}:p{ordinal}"


def indexed_text(item: IndexItem) -> str:
    """What the dense side embeds; a passage reads as the keyword side (index.store.keywords) indexes it."""
    return headed(item.metadata.get("title"), item.metadata.get("section"), item.text)


def collection_name(base: str, model: str) -> str:
    """A valid Chroma name (3–512 of [A-Za-z0-9._-]) that tells models apart, even two local paths."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-._")
    if slug and len(base) + 1 + len(slug) <= _NAME_MAX:
        return f"{base}-{slug}"
    tail = slug[-(_NAME_MAX - len(base) - 10) :].lstrip("-._")
    return "-".join(part for part in (base, tail, hashlib.sha1(model.encode()).hexdigest()[:8]) if part)


def chroma_client(data_dir: Path, url: str | None = None) -> chromadb.ClientAPI:
    """The Chroma server at `url` (http://host:port, started with `chroma run`) when given, shared by
    several processes; else embedded Chroma under `data_dir/chroma`, for this process alone."""
    settings = Settings(anonymized_telemetry=False)
    if not url:
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Chroma 服务地址不正确（应为 http://主机:端口）：{url}")
    port = parts.port or (443 if parts.scheme == "https" else 8000)
    return chromadb.HttpClient(host=parts.hostname, port=port, ssl=parts.scheme == "https", settings=settings)


class VectorIndex:
    """One Chroma collection, telemetry off, cosine space: embedded under `data_dir/chroma`, or on the
    server named by GONGKAI_CHROMA_URL."""

    def __init__(self, data_dir: Path, embeddings: Embeddings, collection: str = "gongkai") -> None:
        self.embeddings = embeddings
        self.name = collection_name(collection, model_name(embeddings))
        self._client = chroma_client(data_dir, os.environ.get(CHROMA_URL_VAR))
        self._collection = self._open()

    def _open(self) -> chromadb.Collection:
        return self._client.get_or_create_collection(
            self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def upsert(self, items: Iterable[IndexItem]) -> None:
        items = list(items)
        self._write(items, self.embeddings.embed_documents([indexed_text(i) for i in items]))

    def replace_report(self, report_id: int, items: Iterable[IndexItem]) -> None:
        """Re-index one report without leaving items of its previous version behind.

        Embedding comes first: it is the step that can fail, and the old items stay until it succeeded.
        """
        items = list(items)
        vectors = self.embeddings.embed_documents([indexed_text(i) for i in items])
        self.delete_report(report_id)
        self._write(items, vectors)

    def _write(self, items: list[IndexItem], vectors: list[list[float]]) -> None:
        for start in range(0, len(items), _BATCH):
            batch = items[start : start + _BATCH]
            self._collection.upsert(
                ids=[i.id for i in batch],
                embeddings=vectors[start : start + _BATCH],
                documents=[i.text for i in batch],
                metadatas=[{k: v for k, v in i.metadata.items() if v is not None} for i in batch],
            )

    def delete_report(self, report_id: int) -> None:
        self._collection.delete(where={"report_id": report_id})

    def count(self) -> int:
        return self._collection.count()

    def ids(self) -> set[str]:
        """Every stored id, a page at a time: one `get` of everything binds a variable per item in
        Chroma's SQLite and fails past 32,766 of them (about 760 reports)."""
        pages = range(0, self._collection.count(), _BATCH)
        return {i for start in pages for i in self._collection.get(include=[], limit=_BATCH, offset=start)["ids"]}

    def items(self, ids: list[str]) -> list[IndexItem]:
        """The stored items among `ids`, in that order (a few at a time: the answer's passages)."""
        if not ids:
            return []
        got = self._collection.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas"])
        found = {
            i: IndexItem(i, t, dict(m)) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        return [found[i] for i in ids if i in found]

    def query(self, text: str, k: int, report_ids: list[int] | None = None) -> list[tuple[str, float]]:
        """The `k` nearest items as (id, cosine similarity), best first."""
        if k <= 0 or report_ids == [] or not self._collection.count():
            return []
        result = self._collection.query(
            query_embeddings=[self.embeddings.embed_query(text)],
            n_results=k,
            where=None if report_ids is None else {"report_id": {"$in": list(report_ids)}},
            include=["distances"],
        )
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def reset(self) -> None:
        self._client.delete_collection(self.name)
        self._collection = self._open()

    def close(self) -> None:
        """Release the folder: Chroma keeps one system per path in the process until its last client closes,
        so a folder deleted and reopened would otherwise still show the old items."""
        self._client.close()
