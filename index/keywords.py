"""The keyword side of retrieval: jieba tokens of each passage in an SQLite FTS5 table beside it.

Written in the transaction that writes the report, so nothing is rebuilt on start or after an upload,
and ranked by FTS5's BM25 with statistics over all passages. A passage's row id is
`report_id × ROWS_PER_REPORT + ordinal`, so the passages of one report are one row-id range, which
FTS5 seeks directly: a question within a few reports never scores the others.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterable

import jieba

from index.passages import Passage, headed

ROWS_PER_REPORT = 1_000_000
jieba.setLogLevel(logging.WARNING)
_WORD = re.compile(r"\w")
# Particles and question words: frequent in questions, silent about the answer.
_QUESTION_WORDS = ("什么", "哪些", "哪个", "多少", "怎么", "怎样", "如何", "是否", "有没有", "请问", "一下", "一共")
_STOPWORDS = frozenset("的了和与及或是在有对为等中其也都就被把将并吗呢吧啊呀个这那该").union(_QUESTION_WORDS)


def tokenize(text: str) -> list[str]:
    """jieba's search-mode words (long words and their parts), without punctuation and stopwords."""
    return [t for t in jieba.lcut_for_search(text.lower()) if _WORD.search(t) and t not in _STOPWORDS]


def write(db: sqlite3.Connection, report_id: int, title: str, passages: Iterable[Passage]) -> None:
    """Index one report's passages as the dense side sees them: under the report title and section."""
    rows = []
    for p in passages:
        if not 0 <= p.ordinal < ROWS_PER_REPORT:
            raise ValueError(f"passage ordinal {p.ordinal} out of range")
        rows.append((_rowid(report_id, p.ordinal), " ".join(tokenize(headed(title, p.section, p.text)))))
    db.executemany("INSERT INTO passage_keywords (rowid, tokens) VALUES (?, ?)", rows)


def delete(db: sqlite3.Connection, report_id: int) -> None:
    db.execute("DELETE FROM passage_keywords WHERE rowid BETWEEN ? AND ?", _range(report_id))


def backfill(db: sqlite3.Connection) -> None:
    """Index the reports a store had before the keyword table existed (listed by migration 0002)."""
    pending = [r[0] for r in db.execute("SELECT report_id FROM passage_keywords_pending")]
    for report_id in pending:
        (title,) = db.execute("SELECT title FROM reports WHERE id = ?", (report_id,)).fetchone() or ("",)
        rows = db.execute("SELECT ordinal, section, text FROM passages WHERE report_id = ?", (report_id,)).fetchall()
        with db:
            delete(db, report_id)
            write(db, report_id, title, [Passage(o, s, t, None, None) for o, s, t in rows])
            db.execute("DELETE FROM passage_keywords_pending WHERE report_id = ?", (report_id,))


def search(
    db: sqlite3.Connection, question: str, depth: int, report_ids: list[int] | None
) -> list[tuple[int, int, float]]:
    """The `depth` best passages as (report_id, ordinal, BM25 score > 0), best first."""
    tokens = dict.fromkeys(tokenize(question))
    if depth <= 0 or not tokens or report_ids == []:
        return []
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    sql = "SELECT rowid, -bm25(passage_keywords) FROM passage_keywords WHERE passage_keywords MATCH ?"
    if report_ids is None:
        found = db.execute(f"{sql} ORDER BY rank LIMIT ?", (match, depth)).fetchall()
    else:
        found = []
        for report_id in dict.fromkeys(report_ids):
            found += db.execute(
                f"{sql} AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?", (match, *_range(report_id), depth)
            )
        found = sorted(found, key=lambda r: (-r[1], r[0]))[:depth]
    return [(rowid // ROWS_PER_REPORT, rowid % ROWS_PER_REPORT, score) for rowid, score in found]


def _rowid(report_id: int, ordinal: int) -> int:
    return report_id * ROWS_PER_REPORT + ordinal


def _range(report_id: int) -> tuple[int, int]:
    return _rowid(report_id, 0), _rowid(report_id, ROWS_PER_REPORT - 1)
