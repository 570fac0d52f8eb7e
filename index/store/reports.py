"""The SQL store (SQLite, or PostgreSQL when a URL is given): the single source of truth for reports,
cells, rule results, blocks and passages, and the keyword index of the passages.

Every report write or delete also bumps a change counter in the same transaction: processes sharing
the store (several `gongkai serve` on one PostgreSQL) compare it to know when what they keep in
memory is stale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.document import Document
from index.model import Cell, Check, Evidence, ParsedReport, Source
from index.passages import Passage
from index.store import keywords
from index.store.feedback import FeedbackLog
from index.store.sql import CHANGES, MIGRATIONS, Database, connect

__all__ = ["MIGRATIONS", "ReportRow", "Store", "StoredPassage", "migrate"]


@dataclass(frozen=True)
class ReportRow:
    id: int
    file: str
    sha256: str
    agency: str
    year: int
    title: str
    format: str
    warnings: list[str]
    agency_from: Evidence | None = None
    year_from: Evidence | None = None


@dataclass(frozen=True)
class StoredPassage:
    report_id: int
    ordinal: int
    section: str
    text: str
    line: int | None
    page: int | None


def migrate(db: Database) -> int:
    """Apply the numbered migrations newer than the store's schema version (index/store/sql.py)."""
    return db.migrate()


class Store:
    """One SQLite file under the data dir, or the PostgreSQL database at `url`; every write of a report
    is one transaction."""

    def __init__(self, path: Path, url: str | None = None):
        self.path = path
        self.db = connect(path, url)
        migrate(self.db)
        keywords.backfill(self.db)
        self.feedback = FeedbackLog(self.db)  # what citizens asked and how they rated the answers

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One writer at a time; readers of this process wait, so nobody sees half a report."""
        with self.db.transaction() as db:
            yield db

    def changes(self) -> int:
        """How many report writes and deletes the store has seen, by any process."""
        return self.db.counter(CHANGES)

    # ------------------------------------------------------------ writes (inside a transaction)

    def insert_report(
        self,
        db: Database,
        parsed: ParsedReport,
        sha256: str,
        document: Document,
        passages: list[Passage],
    ) -> int:
        meta = parsed.meta
        row = db.execute(
            "INSERT INTO reports (file, sha256, agency, year, title, format, warnings, ingested_at, agency_from,"
            " year_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                parsed.file,
                sha256,
                meta.agency,
                meta.year,
                meta.title,
                meta.format,
                json.dumps(parsed.warnings, ensure_ascii=False),
                datetime.now(UTC).isoformat(timespec="seconds"),
                meta.agency_from,
                meta.year_from,
            ),
        ).fetchone()
        report_id = int(row[0])
        db.executemany(
            "INSERT INTO cells (report_id, cell, status, value, rule, readings, source_text, line, page, confidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    report_id,
                    c.id,
                    c.status,
                    c.value,
                    c.rule,
                    json.dumps(list(c.readings)),
                    c.source.text if c.source else None,
                    c.source.line if c.source else None,
                    c.source.page if c.source else None,
                    c.source.confidence if c.source else None,
                )
                for c in parsed.cells.values()
            ],
        )
        db.executemany(
            "INSERT INTO checks (report_id, rule, status, detail) VALUES (?, ?, ?, ?)",
            [(report_id, c.rule, c.status, c.detail) for c in parsed.checks],
        )
        db.executemany(
            "INSERT INTO blocks (report_id, ordinal, kind, text, cells, line, page) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (report_id, i, b.kind, b.text, json.dumps(list(b.cells), ensure_ascii=False), b.line, b.page)
                for i, b in enumerate(document.blocks)
            ],
        )
        db.executemany(
            "INSERT INTO passages (report_id, ordinal, section, text, line, page) VALUES (?, ?, ?, ?, ?, ?)",
            [(report_id, p.ordinal, p.section, p.text, p.line, p.page) for p in passages],
        )
        keywords.write(db, report_id, meta.title, passages)
        db.bump(CHANGES)
        return report_id

    def delete_report(self, db: Database, report_id: int) -> None:
        keywords.delete(db, report_id)
        db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        db.bump(CHANGES)

    # ------------------------------------------------------------ reads

    def _rows(self, sql: str, params: tuple = ()) -> list:
        with self.db.lock:  # fetched before another thread uses the connection
            return self.db.execute(sql, params).fetchall()

    def reports(self) -> list[ReportRow]:
        return [_report(r) for r in self._rows("SELECT * FROM reports ORDER BY agency, year, file")]

    def report(self, report_id: int) -> ReportRow | None:
        rows = self._rows("SELECT * FROM reports WHERE id = ?", (report_id,))
        return _report(rows[0]) if rows else None

    def report_by_file(self, file: str) -> ReportRow | None:
        rows = self._rows("SELECT * FROM reports WHERE file = ? ORDER BY id DESC LIMIT 1", (file,))
        return _report(rows[0]) if rows else None

    def report_by_content(self, sha256: str, other_than: str) -> ReportRow | None:
        """A stored report of another file with these very bytes (under the same parser and supplied fields)."""
        rows = self._rows(
            "SELECT * FROM reports WHERE sha256 = ? AND file <> ? ORDER BY id LIMIT 1", (sha256, other_than)
        )
        return _report(rows[0]) if rows else None

    def files_stored_twice(self) -> list[str]:
        """File names held by more than one report: an ingest killed between writing a new version and
        deleting the old one leaves them."""
        return [r[0] for r in self._rows("SELECT file FROM reports GROUP BY file HAVING COUNT(*) > 1 ORDER BY file")]

    def agency_years_stored_twice(self) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT agency, year FROM reports GROUP BY agency, year HAVING COUNT(*) > 1 ORDER BY agency, year"
        )
        return [(r[0], r[1]) for r in rows]

    def reports_of(self, agency: str, year: int) -> list[ReportRow]:
        rows = self._rows("SELECT * FROM reports WHERE agency = ? AND year = ? ORDER BY id", (agency, year))
        return [_report(r) for r in rows]

    def cells(self, report_id: int) -> dict[str, Cell]:
        return {r["cell"]: _cell(r) for r in self._rows("SELECT * FROM cells WHERE report_id = ?", (report_id,))}

    def checks(self, report_id: int) -> list[Check]:
        rows = self._rows("SELECT rule, status, detail FROM checks WHERE report_id = ? ORDER BY rowid", (report_id,))
        return [Check(r["rule"], r["status"], r["detail"]) for r in rows]

    def broken_counts(self) -> dict[int, int]:
        rows = self._rows("SELECT report_id, COUNT(*) n FROM checks WHERE status = 'broken' GROUP BY report_id")
        return {r["report_id"]: r["n"] for r in rows}

    def search_passages(self, question: str, depth: int, report_ids: list[int] | None) -> list[tuple[int, int, float]]:
        """Keyword search (index.store.keywords): the best passages as (report_id, ordinal, score)."""
        return keywords.search(self.db, question, depth, report_ids)

    def passages(self, report_id: int | None = None) -> list[StoredPassage]:
        where = " WHERE report_id = ?" if report_id is not None else ""
        rows = self._rows(
            f"SELECT * FROM passages{where} ORDER BY report_id, ordinal", () if report_id is None else (report_id,)
        )
        return [
            StoredPassage(r["report_id"], r["ordinal"], r["section"], r["text"], r["line"], r["page"]) for r in rows
        ]

    def passage_count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM passages")[0][0]

    def passage_keys(self) -> list[tuple[int, int]]:
        """(report_id, ordinal) of every passage, without their texts: what the vector side must hold."""
        return [(r[0], r[1]) for r in self._rows("SELECT report_id, ordinal FROM passages")]


def _report(row) -> ReportRow:
    return ReportRow(
        row["id"],
        row["file"],
        row["sha256"],
        row["agency"],
        row["year"],
        row["title"],
        row["format"],
        json.loads(row["warnings"]),
        _evidence(row["agency_from"]),
        _evidence(row["year_from"]),
    )


def _evidence(value: str | None) -> Evidence | None:
    return Evidence(value) if value else None


def _cell(row) -> Cell:
    source = (
        Source(row["source_text"], row["line"], row["page"], row["confidence"])
        if row["source_text"] is not None
        else None
    )
    return Cell(row["cell"], row["status"], row["value"], source, row["rule"], tuple(json.loads(row["readings"])))
