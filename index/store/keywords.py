"""The keyword side of retrieval: jieba tokens of each passage in a full-text index in the store.

Written in the transaction that writes the report, so nothing is rebuilt on start or after an upload.
SQLite: an FTS5 table ranked by BM25 with statistics over all passages; a passage's row id is
`report_id × ROWS_PER_REPORT + ordinal`, so the passages of one report are one row-id range, which
FTS5 seeks directly. PostgreSQL: a tsvector of the same tokens, verbatim (no text search parser splits
them again). Within a few reports its passages are read by report id and ranked by BM25 with the
statistics of those reports (ts_rank knows no term rarity, and the title words every passage of a
report carries outweighed the question's own words); across many reports, ts_rank through a GIN index.
Either way a question within a few reports never scores the others.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable

import jieba

from index.passages import Passage, headed
from index.store.sql import POSTGRES, Database

ROWS_PER_REPORT = 1_000_000
jieba.setLogLevel(logging.WARNING)
_WORD = re.compile(r"\w")
# Particles and question words: frequent in questions, silent about the answer.
_QUESTION_WORDS = ("什么", "哪些", "哪个", "多少", "怎么", "怎样", "如何", "是否", "有没有", "请问", "一下", "一共")
_STOPWORDS = frozenset("的了和与及或是在有对为等中其也都就被把将并吗呢吧啊呀个这那该").union(_QUESTION_WORDS)
_MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
_MAX_LEXEME_BYTES = 2046
# On the exam's 29 text questions with expected phrases, a passage holding them ranked first (top 3) within
# the question's report: FTS5 BM25 21 (24), local BM25 on PostgreSQL 22 (26), ts_rank 19 (25).
_LOCAL_BM25_REPORTS = 50  # beyond this many reports, reading their passages costs more than it gains
_BM25_K1, _BM25_B = 1.2, 0.75
_TS_RANK = "ts_rank(tokens, ?::tsquery)"  # no length normalisation: dividing by log(length) ranked worse
_TSVECTOR_LEXEME = re.compile(r"'((?:[^']|'')*)':([\d,]+)")


def tokenize(text: str) -> list[str]:
    """jieba's search-mode words (long words and their parts), without punctuation and stopwords."""
    return [t for t in jieba.lcut_for_search(text.lower()) if _WORD.search(t) and t not in _STOPWORDS]


def write(db: Database, report_id: int, title: str, passages: Iterable[Passage]) -> None:
    """Index one report's passages as the dense side sees them: under the report title and section."""
    rows = []
    for p in passages:
        if not 0 <= p.ordinal < ROWS_PER_REPORT:
            raise ValueError(f"passage ordinal {p.ordinal} out of range")
        rows.append((p.ordinal, tokenize(headed(title, p.section, p.text))))
    if db.dialect == POSTGRES:
        db.executemany(
            "INSERT INTO passage_keywords (report_id, ordinal, tokens) VALUES (?, ?, ?::tsvector)",
            [(report_id, ordinal, _tsvector(tokens)) for ordinal, tokens in rows],
        )
    else:
        db.executemany(
            "INSERT INTO passage_keywords (rowid, tokens) VALUES (?, ?)",
            [(_rowid(report_id, ordinal), " ".join(tokens)) for ordinal, tokens in rows],
        )


def delete(db: Database, report_id: int) -> None:
    if db.dialect == POSTGRES:
        db.execute("DELETE FROM passage_keywords WHERE report_id = ?", (report_id,))
    else:
        db.execute("DELETE FROM passage_keywords WHERE rowid BETWEEN ? AND ?", _range(report_id))


def backfill(db: Database) -> None:
    """Index the reports a store had before the keyword table existed (listed by migration 0002)."""
    pending = [r[0] for r in db.execute("SELECT report_id FROM passage_keywords_pending").fetchall()]
    for report_id in pending:
        (title,) = db.execute("SELECT title FROM reports WHERE id = ?", (report_id,)).fetchone() or ("",)
        rows = db.execute("SELECT ordinal, section, text FROM passages WHERE report_id = ?", (report_id,)).fetchall()
        with db.transaction():
            delete(db, report_id)
            write(db, report_id, title, [Passage(o, s, t, None, None) for o, s, t in rows])
            db.execute("DELETE FROM passage_keywords_pending WHERE report_id = ?", (report_id,))


def search(db: Database, question: str, depth: int, report_ids: list[int] | None) -> list[tuple[int, int, float]]:
    """The `depth` best passages as (report_id, ordinal, score > 0), best first."""
    tokens = list(dict.fromkeys(tokenize(question)))
    if depth <= 0 or not tokens or report_ids == []:
        return []
    if db.dialect == POSTGRES:
        return _search_tsvector(db, tokens, depth, report_ids)
    return _search_fts5(db, tokens, depth, report_ids)


def _search_fts5(db: Database, tokens: list[str], depth: int, report_ids: list[int] | None) -> list:
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    sql = "SELECT rowid, -bm25(passage_keywords) FROM passage_keywords WHERE passage_keywords MATCH ?"
    if report_ids is None:
        found = db.execute(f"{sql} ORDER BY rank LIMIT ?", (match, depth)).fetchall()
    else:
        found = []
        for report_id in dict.fromkeys(report_ids):
            found += db.execute(
                f"{sql} AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?", (match, *_range(report_id), depth)
            ).fetchall()
        found = sorted(found, key=lambda r: (-r[1], r[0]))[:depth]
    return [(rowid // ROWS_PER_REPORT, rowid % ROWS_PER_REPORT, score) for rowid, score in found]


def _search_tsvector(db: Database, tokens: list[str], depth: int, report_ids: list[int] | None) -> list:
    if report_ids is not None and len(set(report_ids)) <= _LOCAL_BM25_REPORTS:
        rows = db.execute(
            "SELECT report_id, ordinal, tokens::text FROM passage_keywords WHERE report_id = ANY(?)",
            (list(dict.fromkeys(report_ids)),),
        ).fetchall()
        return _bm25([(r, o, _term_counts(text)) for r, o, text in rows], tokens)[:depth]
    query = " | ".join(_lexeme(t) for t in tokens)
    within = "" if report_ids is None else " AND report_id = ANY(?)"
    params = (query, query) + (() if report_ids is None else (list(dict.fromkeys(report_ids)),))
    rows = db.execute(
        f"SELECT report_id, ordinal, {_TS_RANK} AS score FROM passage_keywords"
        f" WHERE tokens @@ ?::tsquery{within} ORDER BY score DESC, report_id, ordinal LIMIT ?",
        (*params, depth),
    ).fetchall()
    return [(r[0], r[1], float(r[2])) for r in rows if r[2] > 0]


def _bm25(passages: list[tuple[int, int, dict[str, int]]], tokens: list[str]) -> list[tuple[int, int, float]]:
    """Okapi BM25 of `tokens` over `passages` (report_id, ordinal, term counts), best first, score > 0."""
    if not passages:
        return []
    lengths = [sum(counts.values()) for _, _, counts in passages]
    average = sum(lengths) / len(passages) or 1.0
    rarity = {}
    for t in tokens:
        df = sum(t in counts for _, _, counts in passages)
        rarity[t] = math.log(1 + (len(passages) - df + 0.5) / (df + 0.5))
    scored = []
    for (report_id, ordinal, counts), length in zip(passages, lengths):
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * length / average)
        score = sum(rarity[t] * counts[t] * (_BM25_K1 + 1) / (counts[t] + norm) for t in tokens if t in counts)
        if score > 0:
            scored.append((report_id, ordinal, score))
    return sorted(scored, key=lambda r: (-r[2], r[0], r[1]))


def _term_counts(tsvector: str) -> dict[str, int]:
    """Each lexeme of a tsvector's text form with how often it occurs (its positions)."""
    return {
        m[1].replace("''", "'").replace("\\\\", "\\"): m[2].count(",") + 1 for m in _TSVECTOR_LEXEME.finditer(tsvector)
    }


def _lexeme(token: str) -> str:
    """A token quoted as a tsvector/tsquery lexeme: taken verbatim, whatever its characters."""
    token = token.encode()[:_MAX_LEXEME_BYTES].decode(errors="ignore")
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(tokens: list[str]) -> str:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens[:_MAX_POSITION], 1):
        positions.setdefault(token, []).append(i)
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, p[:256]))}" for t, p in positions.items())


def _rowid(report_id: int, ordinal: int) -> int:
    return report_id * ROWS_PER_REPORT + ordinal


def _range(report_id: int) -> tuple[int, int]:
    return _rowid(report_id, 0), _rowid(report_id, ROWS_PER_REPORT - 1)
