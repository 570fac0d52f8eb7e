"""SQLite: the single source of truth for reports, cells, rule results, blocks and passages, and the
keyword index of the passages."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index import keywords
from index.document import Document
from index.model import Cell, Check, Evidence, ParsedReport, Source
from index.passages import Passage

MIGRATIONS = Path(__file__).parent / "migrations"


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


def migrate(db: sqlite3.Connection) -> int:
    """Apply the numbered migrations newer than the file's user_version, each in its own transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for script in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        number = int(script.name[:4])
        if number > version:
            db.executescript(f"BEGIN;\n{script.read_text(encoding='utf-8')}\nPRAGMA user_version = {number};\nCOMMIT;")
            version = number
    return version


class Store:
    """One SQLite file under the data dir; every write of a report is one transaction."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.lock = threading.RLock()
        migrate(self.db)
        with self.lock:
            keywords.backfill(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One writer at a time; readers wait, so nobody sees half a report (one connection, many threads)."""
        with self.lock, self.db:
            yield self.db

    # ------------------------------------------------------------ writes (inside a transaction)

    def insert_report(
        self,
        db: sqlite3.Connection,
        parsed: ParsedReport,
        sha256: str,
        document: Document,
        passages: list[Passage],
    ) -> int:
        meta = parsed.meta
        cur = db.execute(
            "INSERT INTO reports (file, sha256, agency, year, title, format, warnings, ingested_at, agency_from,"
            " year_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        )
        report_id = int(cur.lastrowid)
        db.executemany(
            "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            "INSERT INTO checks VALUES (?, ?, ?, ?)", [(report_id, c.rule, c.status, c.detail) for c in parsed.checks]
        )
        db.executemany(
            "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (report_id, i, b.kind, b.text, json.dumps(list(b.cells), ensure_ascii=False), b.line, b.page)
                for i, b in enumerate(document.blocks)
            ],
        )
        db.executemany(
            "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
            [(report_id, p.ordinal, p.section, p.text, p.line, p.page) for p in passages],
        )
        keywords.write(db, report_id, meta.title, passages)
        return report_id

    def delete_report(self, db: sqlite3.Connection, report_id: int) -> None:
        db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        keywords.delete(db, report_id)

    # ------------------------------------------------------------ reads

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def reports(self) -> list[ReportRow]:
        return [_report(r) for r in self._rows("SELECT * FROM reports ORDER BY agency, year, file")]

    def report(self, report_id: int) -> ReportRow | None:
        rows = self._rows("SELECT * FROM reports WHERE id = ?", (report_id,))
        return _report(rows[0]) if rows else None

    def report_by_file(self, file: str) -> ReportRow | None:
        rows = self._rows("SELECT * FROM reports WHERE file = ? ORDER BY id DESC LIMIT 1", (file,))
        return _report(rows[0]) if rows else None

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
        """Keyword search (index.keywords): the best passages as (report_id, ordinal, score)."""
        with self.lock:
            return keywords.search(self.db, question, depth, report_ids)

    def passages(self, report_id: int | None = None) -> list[StoredPassage]:
        where = " WHERE report_id = ?" if report_id is not None else ""
        rows = self._rows(
            f"SELECT * FROM passages{where} ORDER BY report_id, ordinal", () if report_id is None else (report_id,)
        )
        return [
            StoredPassage(r["report_id"], r["ordinal"], r["section"], r["text"], r["line"], r["page"]) for r in rows
        ]


def _report(row: sqlite3.Row) -> ReportRow:
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


def _cell(row: sqlite3.Row) -> Cell:
    source = (
        Source(row["source_text"], row["line"], row["page"], row["confidence"])
        if row["source_text"] is not None
        else None
    )
    return Cell(row["cell"], row["status"], row["value"], source, row["rule"], tuple(json.loads(row["readings"])))
