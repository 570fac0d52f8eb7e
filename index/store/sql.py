"""The SQL connection under the store: SQLite (a file in the data dir) or PostgreSQL (a URL), one API.

Queries are written once, with `?` placeholders, in SQL both dialects accept; only what differs
lives here (connecting, placeholders, locking, where the schema version is kept). Migrations are
numbered files in index/store/migrations: `NNNN_name.sql` for both dialects, or a pair
`NNNN_name.sqlite.sql` / `NNNN_name.postgres.sql` where their SQL differs (see its README).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE = "sqlite"
POSTGRES = "postgres"
_MIGRATION = re.compile(r"^(\d{4})_[^.]+(?:\.(sqlite|postgres))?\.sql$")
# The migration machinery's own table, made before any migration: the change counter (both dialects)
# and PostgreSQL's schema version (SQLite keeps it in the file header, PRAGMA user_version).
_META = "CREATE TABLE IF NOT EXISTS gongkai_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"
CHANGES = "changes"
_SCHEMA = "schema_version"


def migrations(dialect: str) -> list[tuple[int, Path]]:
    """(number, file) in order: each number's dialect variant, else its shared file."""
    chosen: dict[int, Path] = {}
    for path in sorted(MIGRATIONS.glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if not match:
            raise ValueError(f"migration file name not understood: {path.name}")
        number, variant = int(match[1]), match[2]
        if variant == dialect or (variant is None and number not in chosen):
            chosen[number] = path
    return sorted(chosen.items())


class Database(ABC):
    """One connection shared by the threads of a process; a lock keeps one statement or transaction at a time."""

    dialect: str

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.in_transaction = False

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """A cursor (fetchone, fetchall, iteration); rows index by position and by column name."""
        with self.lock:
            return self._execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.lock:
                self._executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing; also across processes, which wait for one another's write transactions."""
        with self.lock:
            self._begin()
            self.in_transaction = True
            try:
                yield self
            except BaseException:
                self._execute("ROLLBACK", ())
                raise
            else:
                self._execute("COMMIT", ())
            finally:
                self.in_transaction = False

    def migrate(self) -> int:
        """Apply the numbered migrations newer than the schema version, each in its own transaction;
        two processes opening a new database at once apply each migration once."""
        with self.transaction():
            self.execute(_META)
            self.execute("INSERT INTO gongkai_meta VALUES (?, 0) ON CONFLICT (key) DO NOTHING", (CHANGES,))
        version = self.version()
        for number, path in migrations(self.dialect):
            if number <= version:
                continue
            with self.transaction():  # again under the lock: another process may have applied it meanwhile
                version = self.version()
                if number > version:
                    self._script(path.read_text(encoding="utf-8"))
                    self._set_version(number)
                    version = number
        return version

    def counter(self, key: str) -> int:
        row = self.execute("SELECT value FROM gongkai_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else 0

    def bump(self, key: str) -> None:
        self.execute("UPDATE gongkai_meta SET value = value + 1 WHERE key = ?", (key,))

    # ------------------------------------------------------------ per dialect

    @abstractmethod
    def version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _execute(self, sql: str, params: tuple) -> Any: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: list[tuple]) -> None: ...

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _script(self, script: str) -> None: ...

    @abstractmethod
    def _set_version(self, number: int) -> None: ...


class SQLiteDatabase(Database):
    dialect = SQLITE

    def __init__(self, path: Path) -> None:
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are begun here, not implicitly by the sqlite3 module.
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")

    def version(self) -> int:
        return self.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def _execute(self, sql: str, params: tuple) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        self.conn.executemany(sql, rows)

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")  # the write lock at once: no deadlock between two upgrading readers

    def _script(self, script: str) -> None:
        """Statement by statement: executescript would commit the open transaction first."""
        statement = ""
        for line in script.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.conn.execute(statement)
                statement = ""
        if statement.strip() and not all(s.strip().startswith("--") for s in statement.splitlines() if s.strip()):
            raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:80]}")

    def _set_version(self, number: int) -> None:
        self.conn.execute(f"PRAGMA user_version = {int(number)}")


class PostgresDatabase(Database):
    dialect = POSTGRES
    # "gongkai": one write transaction at a time across processes, as SQLite has it (migrations included).
    _LOCK = 0x676F6E676B6169

    def __init__(self, url: str) -> None:
        import psycopg  # only a PostgreSQL deployment needs the driver loaded

        super().__init__()
        self._psycopg, self._url = psycopg, url
        self.conn = self._connect()

    def _connect(self):
        return self._psycopg.connect(self._url, autocommit=True, row_factory=_row_factory)

    def version(self) -> int:
        return self.counter(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def _execute(self, sql: str, params: tuple) -> Any:
        """Outside a transaction a lost connection (server restarted, idle connection dropped) is opened
        again once, so a long-running `serve` outlives a database restart."""
        query = _placeholders(sql) if params else sql
        try:
            return self.conn.execute(query, params or None)
        except self._psycopg.OperationalError:
            if self.in_transaction or not self.conn.broken:
                raise
            self.conn = self._connect()
            return self.conn.execute(query, params or None)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    def _begin(self) -> None:
        self._execute("BEGIN", ())
        self._execute("SELECT pg_advisory_xact_lock(?)", (self._LOCK,))

    def _script(self, script: str) -> None:
        self.conn.execute(script)  # several statements: allowed without parameters

    def _set_version(self, number: int) -> None:
        self.execute(
            "INSERT INTO gongkai_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_SCHEMA, number),
        )


def connect(path: Path, url: str | None = None) -> Database:
    """PostgreSQL at `url` (postgresql://…) when given, else the SQLite file at `path`."""
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError(f"不支持的数据库地址（应以 postgresql:// 开头）：{url}")
        return PostgresDatabase(url)
    return SQLiteDatabase(path)


def _placeholders(sql: str) -> str:
    """psycopg's `%s` for the `?` the queries are written with (no query has a literal `?` or `%`)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Row(tuple):
    """A row indexed by position or column name, as sqlite3.Row is."""

    names: dict[str, int]

    def __getitem__(self, key):  # type: ignore[override]
        return super().__getitem__(self.names[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self.names)


def _row_factory(cursor):
    names = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values):
        row = _Row(values)
        row.names = names
        return row

    return make
