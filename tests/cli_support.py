"""The fake embedder and the command line as the tests run them (in this process or in a child one).

`fake_embeddings` stands in for `assistant.engine.load_embeddings`: LangChain's deterministic fake embedder behind
the real cache, for tests where retrieval is not measured. A child process imports it too (PYTHONPATH=ROOT).
"""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

from chromadb.api.shared_system_client import SharedSystemClient
from langchain_core.embeddings import DeterministicFakeEmbedding

from index.store.embeddings import CachedEmbeddings


def fake_embeddings(spec=None, cache_path=None, threads=None) -> CachedEmbeddings:
    return CachedEmbeddings(DeterministicFakeEmbedding(size=16), cache_path)


@contextmanager
def fake_embedder():
    """Every Gongkai opened inside embeds with the fake embedder."""
    with mock.patch("assistant.engine.load_embeddings", fake_embeddings):
        yield


def run_cli(*argv: str) -> int:
    """One `gongkai` command as its own process would run it: Chroma keeps a client per path for the process
    (even one that failed to start), which a new process would not have."""
    from ui.cli import main

    SharedSystemClient.clear_system_cache()
    return main(list(argv))
