"""Numbered migrations: applied once, in order, on open; a store made before them opens unchanged."""

from __future__ import annotations

import sqlite3

from index.store import MIGRATIONS, Store, migrate


def latest() -> int:
    return max(int(p.name[:4]) for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def test_a_new_store_is_at_the_latest_migration(tmp_path):
    store = Store(tmp_path / "g.sqlite")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == latest()
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"reports", "cells", "checks", "blocks", "passages"} <= tables


def test_reopening_applies_nothing_twice_and_keeps_the_rows(tmp_path):
    path = tmp_path / "g.sqlite"
    store = Store(path)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO reports (file, sha256, agency, year, title, format, ingested_at)"
            " VALUES ('a.txt', 'x', '某某县人民政府', 2023, 't', 'txt', 'now')"
        )
    store.close()
    again = Store(path)
    assert [r["file"] for r in again.db.execute("SELECT file FROM reports")] == ["a.txt"]
    assert migrate(again.db) == latest()


def test_a_store_made_before_numbered_migrations_is_brought_up_to_date(tmp_path):
    """Stores from the first release have the tables but user_version 0: migration 1 must not break them."""
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript((MIGRATIONS / "0001_initial.sql").read_text(encoding="utf-8"))
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
