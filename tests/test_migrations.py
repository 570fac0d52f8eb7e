"""Numbered migrations: applied once, in order, on open, on SQLite and PostgreSQL; a store made before
them opens unchanged; one sequence of numbers, with a per-dialect pair where the SQL differs."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from index.store.reports import Store, migrate
from index.store.sql import MIGRATIONS, POSTGRES, SQLITE, migrations
from tests.backends import fresh_database


def latest() -> int:
    return max(int(p.name[:4]) for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def _insert_report(store: Store, file: str) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO reports (file, sha256, agency, year, title, format, ingested_at)"
            " VALUES (?, 'x', '某某县人民政府', 2023, 't', 'txt', 'now')",
            (file,),
        )


def test_each_number_is_one_shared_file_or_a_pair_of_dialect_variants():
    by_number: dict[int, set[str]] = {}
    for path in MIGRATIONS.glob("*.sql"):
        match = re.fullmatch(r"(\d{4})_[^.]+(?:\.(sqlite|postgres))?\.sql", path.name)
        assert match, path.name
        by_number.setdefault(int(match[1]), set()).add(match[2] or "both")
    assert sorted(by_number) == list(range(1, latest() + 1))
    assert all(v in ({"both"}, {SQLITE, POSTGRES}) for v in by_number.values()), by_number
    for dialect, other in ((SQLITE, POSTGRES), (POSTGRES, SQLITE)):
        chosen = migrations(dialect)
        assert [n for n, _ in chosen] == sorted(by_number)
        assert not any(p.name.endswith(f".{other}.sql") for _, p in chosen)


def test_a_new_store_is_at_the_latest_migration(tmp_path, database_url):
    store = Store(tmp_path / "g.sqlite", database_url)
    assert store.db.version() == latest()
    for table in ("reports", "cells", "checks", "blocks", "passages", "passage_keywords"):
        assert store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    store.close()


def test_reopening_applies_nothing_twice_and_keeps_the_rows(tmp_path, database_url):
    store = Store(tmp_path / "g.sqlite", database_url)
    _insert_report(store, "a.txt")
    store.close()
    again = Store(tmp_path / "g.sqlite", database_url)
    assert [r["file"] for r in again.db.execute("SELECT file FROM reports").fetchall()] == ["a.txt"]
    assert migrate(again.db) == latest()
    again.close()


def test_a_later_migration_adding_a_column_applies_on_both(tmp_path, database_url, monkeypatch):
    """What the next migration will be (ALTER TABLE reports ADD COLUMN) runs on both dialects as one file."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for path in MIGRATIONS.glob("*.sql"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    store = Store(tmp_path / "g.sqlite", database_url)
    _insert_report(store, "a.txt")
    store.close()
    number = latest() + 1
    (folder / f"{number:04d}_report_source.sql").write_text(
        "-- a column with a default, then an index on it\n"
        "ALTER TABLE reports ADD COLUMN source_url TEXT NOT NULL DEFAULT '';\n"
        "CREATE INDEX reports_source_url ON reports (source_url);\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("index.store.sql.MIGRATIONS", Path(folder))
    again = Store(tmp_path / "g.sqlite", database_url)
    assert again.db.version() == number
    assert [tuple(r) for r in again.db.execute("SELECT file, source_url FROM reports").fetchall()] == [("a.txt", "")]
    again.close()


def test_a_store_made_before_numbered_migrations_is_brought_up_to_date(tmp_path):
    """Stores from the first release have the tables but user_version 0: migration 1 must not break them."""
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript((MIGRATIONS / "0001_initial.sqlite.sql").read_text(encoding="utf-8"))
    old.execute(
        "INSERT INTO reports (file, sha256, agency, year, title, format, ingested_at)"
        " VALUES ('b.txt', 'y', '某某市人民政府', 2022, 't', 'txt', 'now')"
    )
    old.commit()
    old.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == latest()
    assert [r["file"] for r in store.db.execute("SELECT file FROM reports")] == ["b.txt"]
    assert store.reports()[0].agency_from is None  # stored before the evidence was recorded


def test_every_report_write_and_delete_moves_the_change_counter(tmp_path, database_url):
    store = Store(tmp_path / "g.sqlite", database_url)
    other = Store(tmp_path / "g.sqlite", database_url)  # another process's connection
    before = other.changes()
    with store.transaction() as db:
        store.delete_report(db, 12345)
    assert other.changes() == before + 1
    with pytest.raises(RuntimeError), store.transaction() as db:
        store.delete_report(db, 12345)
        raise RuntimeError("rolled back")
    assert other.changes() == before + 1
    store.close()
    other.close()


def test_a_lost_postgresql_connection_is_opened_again(tmp_path, postgres_server):
    """A database restart or a dropped idle connection must not leave a running `serve` failing."""
    import psycopg

    with fresh_database(postgres_server) as url:
        store = Store(tmp_path / "g.sqlite", url)
        _insert_report(store, "a.txt")
        pid = store.db.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert [r.file for r in store.reports()] == ["a.txt"]
        assert store.db.execute("SELECT pg_backend_pid()").fetchone()[0] != pid
        _insert_report(store, "b.txt")
        store.close()
