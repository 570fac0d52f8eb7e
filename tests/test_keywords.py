"""The keyword index lives in the store: written and deleted with the report, filtered by report,
and built on open for a store made before it (real SQLite FTS5 and real PostgreSQL full-text search,
real corpus files, no model)."""

from __future__ import annotations

import sqlite3

import pytest

from index.ingest import Ingestor
from index.store.keywords import tokenize
from index.store.reports import MIGRATIONS, Store
from index.store.sql import SQLITE
from tests.helpers import CORPUS

PINGTAN = "2023_pingtan_shiyanqu.txt"
CHUANHUI = "2023_chuanhuiqu_zfbgs.txt"


@pytest.fixture
def store(tmp_path, database_url):
    store = Store(tmp_path / "g.sqlite", database_url)
    yield store
    store.close()


def _ingest(store: Store, name: str) -> int:
    return Ingestor(store).ingest(CORPUS / name, name).report_id


def _keyword_rows(store: Store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM passage_keywords").fetchone()[0]


def test_an_ingested_report_is_searchable_within_its_reports(store):
    pingtan, chuanhui = _ingest(store, PINGTAN), _ingest(store, CHUANHUI)
    assert _keyword_rows(store) == len(store.passages())
    hits = store.search_passages("政府信息公开保密审查", 50, [chuanhui])
    assert hits and {r for r, _, _ in hits} == {chuanhui}
    assert [s for _, _, s in hits] == sorted((s for _, _, s in hits), reverse=True) and hits[-1][2] > 0
    both = store.search_passages("政府信息公开保密审查", 200, None)
    assert {r for r, _, _ in both} == {pingtan, chuanhui}
    if store.db.dialect == SQLITE:  # FTS5 ranks with the statistics of every passage, restricted or not
        assert [h for h in both if h[0] == chuanhui][: len(hits)] == hits
    else:  # PostgreSQL ranks within a few reports by their own statistics (index/store/keywords.py)
        assert {h[:2] for h in hits} <= {h[:2] for h in both if h[0] == chuanhui}
    assert store.search_passages("的了吗", 5, None) == [] and store.search_passages("保密", 5, []) == []


def test_quotes_and_operators_in_a_question_are_words_not_syntax(store):
    _ingest(store, PINGTAN)
    assert store.search_passages('信息处理费 OR "NEAR( AND *', 3, None)


def test_deleting_a_report_deletes_its_keywords(store):
    pingtan, chuanhui = _ingest(store, PINGTAN), _ingest(store, CHUANHUI)
    with store.transaction() as db:
        store.delete_report(db, pingtan)
    assert _keyword_rows(store) == len(store.passages(chuanhui))
    assert {r for r, _, _ in store.search_passages("信息公开", 100, None)} == {chuanhui}


def test_a_failed_transaction_leaves_no_keywords(store, tmp_path):
    _ingest(store, PINGTAN)
    before = _keyword_rows(store)
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("DELETE FROM passage_keywords")
        raise RuntimeError("disk full")
    assert _keyword_rows(store) == before


def test_a_store_made_before_the_keyword_index_is_indexed_on_open(tmp_path):
    new = Store(tmp_path / "new.sqlite")
    report_id = _ingest(new, PINGTAN)
    expected = new.search_passages("收取信息处理费", 10, None)
    new.close()
    # The same rows in a store at migration 1, as an older release left it.
    old = sqlite3.connect(tmp_path / "old.sqlite")
    old.executescript((MIGRATIONS / "0001_initial.sqlite.sql").read_text(encoding="utf-8"))
    old.execute("PRAGMA user_version = 1")
    old.execute("ATTACH ? AS new", (str(tmp_path / "new.sqlite"),))
    first = "id, file, sha256, agency, year, title, format, warnings, ingested_at"  # reports as migration 1 made it
    old.execute(f"INSERT INTO reports SELECT {first} FROM new.reports")
    old.execute("INSERT INTO passages SELECT * FROM new.passages")
    old.commit()
    old.close()
    store = Store(tmp_path / "old.sqlite")
    assert store.search_passages("收取信息处理费", 10, None) == expected and expected[0][0] == report_id
    assert store.db.execute("SELECT COUNT(*) FROM passage_keywords_pending").fetchone()[0] == 0
    store.close()


def test_tokens_drop_punctuation_and_question_words():
    # Search mode keeps a long word and its parts, so 「信息处理」 also matches 「处理」.
    expected = ["平潭", "2023", "年", "收取", "信息", "处理", "信息处理", "费"]
    assert tokenize("平潭2023年收取信息处理费了吗？") == expected
