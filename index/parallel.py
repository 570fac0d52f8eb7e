"""`gongkai ingest --workers N`: parse and embed in N processes, write through the one Ingestor.

Embedding is 95% of ingest. Workers share nothing with the writer but the embedding cache file: a
worker's vectors land there, so the writer's `write` embeds nothing again and atomicity stays the
single writer's. Results come back in input order, so versions replace one another as in one process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from index.ingest import FAILED, Ingestor, IngestResult, InputFile, Pending, Prepared, prepare
from index.store.embeddings import available_cores, load_embeddings
from index.store.vector_sink import PassageEmbedder

_AHEAD = 4  # files in flight per worker: enough to keep workers busy, few enough to bound memory
_embedder: PassageEmbedder | None = None


def _start_worker(spec: str | None, cache_path: Path, threads: int) -> None:
    global _embedder
    _embedder = PassageEmbedder(load_embeddings(spec, cache_path=cache_path, threads=threads))


def _prepare(pending: Pending) -> Prepared | IngestResult:
    return prepare(pending, _embedder)


def threads_per_worker(workers: int) -> int:
    """The available cores shared out: more threads than cores only make OpenMP threads wait."""
    return max(1, available_cores() // workers)


def ingest_parallel(
    ingestor: Ingestor, sources: Iterable[InputFile], workers: int, spec: str | None, cache_path: Path
) -> Iterator[IngestResult]:
    """Like `Ingestor.run`, with parsing and embedding spread over `workers` processes."""
    context = get_context("spawn")  # a forked OpenMP runtime can hang; spawn starts clean
    initargs = (spec, cache_path, threads_per_worker(workers))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=initargs) as pool:
        in_flight: deque[tuple[InputFile, Pending | IngestResult, Future | None]] = deque()
        for source in sources:
            checked = ingestor.check(source)
            job = pool.submit(_prepare, checked) if isinstance(checked, Pending) else None
            in_flight.append((source, checked, job))
            while len(in_flight) > workers * _AHEAD:
                yield _finish(ingestor, *in_flight.popleft())
        while in_flight:
            yield _finish(ingestor, *in_flight.popleft())


def _finish(ingestor: Ingestor, source: InputFile, checked: Pending | IngestResult, job: Future | None) -> IngestResult:
    if job is None:
        return checked
    try:
        prepared = job.result()
    except BrokenProcessPool:
        return IngestResult(source.name, FAILED, "解析进程意外退出（可能内存不足），索引未改动")
    return ingestor.commit(checked, prepared)
