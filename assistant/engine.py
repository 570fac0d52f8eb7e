"""One process's Gongkai: store, vector index, retriever and answering chain, opened once.

The embedding model loads on first use and stays loaded; both sides of retrieval read the stores
directly, so only the agency list is kept in memory. It is recomputed when the store's change counter
moved, which also catches reports written by another process sharing the store (several `serve` on
one PostgreSQL, or one SQLite file, with one Chroma server).
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.answer.measure_proposals import MeasureProposer
from assistant.answer.passages import content_words
from assistant.answer.rephrase import chat_model_from_env
from assistant.answer.retrieve import HybridRetriever
from assistant.chain import AnsweringChain
from assistant.understand.agencies import Agency, directory
from index.ingest import Ingestor, IngestResult, InputFile
from index.originals import FOLDER as ORIGINALS
from index.originals import Originals
from index.parallel import ingest_parallel
from index.store.embeddings import embedding_threads, load_embeddings
from index.store.keywords import tokenize
from index.store.reports import Store
from index.store.vector_sink import ReportVectors
from index.store.vectors import VectorIndex

DB_NAME = "gongkai.sqlite3"
EMBEDDING_CACHE = "embeddings.sqlite3"
DATABASE_URL_VAR = "GONGKAI_DATABASE_URL"


class Gongkai:
    def __init__(self, data_dir: Path, embeddings_spec: str | None = None, chat_model=None, serving: bool = False):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.data_dir = data_dir
        self.embeddings_spec = embeddings_spec
        self.store = Store(data_dir / DB_NAME, os.environ.get(DATABASE_URL_VAR) or None)
        threads = embedding_threads(serving)
        embeddings = load_embeddings(embeddings_spec, cache_path=data_dir / EMBEDDING_CACHE, threads=threads)
        self.vectors = VectorIndex(data_dir, embeddings)
        self.sink = ReportVectors(self.store, self.vectors)
        self.originals = Originals(data_dir / ORIGINALS)
        self.ingestor = Ingestor(self.store, self.sink, self.originals)
        self._lock = threading.Lock()
        self._retriever = HybridRetriever(index=self.vectors, store=self.store)
        self._agencies: list[Agency] | None = None
        self._agencies_at = -1  # the store's change counter when the list was computed
        self.chain = AnsweringChain(
            self.store,
            self.retriever,
            self.agencies,
            chat_model if chat_model is not None else chat_model_from_env(),
            MeasureProposer(embeddings),
        )

    def retriever(self) -> HybridRetriever:
        return self._retriever

    def agencies(self) -> list[Agency]:
        """The agency directory as of the store's last change: one counter read per call."""
        with self._lock:
            changes = self.store.changes()
            if self._agencies is None or changes != self._agencies_at:
                self._agencies = directory(self.store.reports())
                self._agencies_at = changes
            return self._agencies

    def changed(self) -> None:
        """Reports were added or removed: recompute the agency list on next use."""
        with self._lock:
            self._agencies = None

    def ingest(self, files: Iterable[InputFile], workers: int = 1) -> Iterator[IngestResult]:
        """Files in order, one transaction each; with `workers` > 1, parsed and embedded in that many processes."""
        if workers > 1:
            results = ingest_parallel(
                self.ingestor, files, workers, self.embeddings_spec, self.data_dir / EMBEDDING_CACHE
            )
        else:
            results = self.ingestor.run(files)
        for result in results:
            self.changed()
            yield result

    def remove(self, file: str) -> bool:
        removed = self.ingestor.remove(file)
        self.changed()
        return removed

    def sync(self) -> int:
        """Repair what a killed ingest left: half-done replacements in the store, then the vector side."""
        changed = self.ingestor.finish_interrupted()
        changed += self.sink.sync()
        if changed:
            self.changed()
        return changed

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the model, jieba's dictionaries (words and
        parts of speech), the agencies."""
        self.vectors.embeddings.embed_query("政府信息公开")
        tokenize("政府信息公开")
        content_words("政府信息公开", [])
        self.agencies()

    def ask(self, question: str, history: list | None = None, agency: str | None = None) -> dict:
        return self.chain.ask(question, history, agency)

    def close(self) -> None:
        self.vectors.close()
        self.store.close()


@contextmanager
def open_index(data_dir: Path, embeddings_spec: str | None = None, must_exist: bool = False) -> Iterator[Gongkai]:
    """`must_exist`: for commands that only read, a missing data dir is an error, not an empty index to create
    (unless the index lives in PostgreSQL, and the data dir only holds caches)."""
    if must_exist and not os.environ.get(DATABASE_URL_VAR) and not data_dir.is_dir():
        code = errno.ENOTDIR if data_dir.exists() else errno.ENOENT
        raise OSError(code, os.strerror(code), str(data_dir))  # FileNotFoundError or NotADirectoryError
    gongkai = Gongkai(data_dir, embeddings_spec)
    try:
        yield gongkai
    finally:
        gongkai.close()
