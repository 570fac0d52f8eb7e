"""What a report's prose says of a figure its table leaves blank.

A converter that loses a row (「部分公开」 read with no digits) leaves the cell 报告未列明, while the
report's own text may say 「部分公开答复 0 件」. That sentence is quoted, verbatim and cited, beside the
missing cell: the number is the report's words, never a value put into the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.figures import Figure
from index import template as T
from index.model import MISSING
from index.store.reports import StoredPassage

MAX_QUOTE_CHARS = 150
MAX_MISSING_QUOTED = 2  # more blanks than this is a table the converter lost, not a figure the prose gives
_SENTENCE = re.compile(r"(?<=[。；;！？!?\n])")
_CLAUSE = re.compile(r"[，,：:]")
_COUNT = re.compile(r"\d+\s*(?:件|项|个|条|次|起)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_JOINED = frozenset("、和及与或")


@dataclass(frozen=True)
class ProseQuote:
    report_id: int
    section: str
    text: str
    line: int | None
    page: int | None


def prose_quotes(figures: list[Figure], passages: Callable[[int], list[StoredPassage]]) -> dict[int, ProseQuote]:
    """report id → the sentence of its prose that gives a number for the one or two cells it leaves blank."""
    out: dict[int, ProseQuote] = {}
    for report_id, blanks in _blanks_by_report(figures).items():
        if len(blanks) > MAX_MISSING_QUOTED:
            continue
        year = blanks[0].year
        for f in blanks:
            quote = _first_stating(passages(report_id), _phrase(f.cell.id), year)
            if quote is not None:
                out[report_id] = quote
                break
    return out


def _blanks_by_report(figures: list[Figure]) -> dict[int, list[Figure]]:
    out: dict[int, list[Figure]] = {}
    for f in figures:
        if f.cell.status == MISSING and _phrase(f.cell.id):
            out.setdefault(f.report.id, []).append(f)
    return out


def _phrase(cell_id: str) -> str | None:
    """The row's own name, for the 总计 of a row of 表三: there the row's name alone is the cell. In 表二 and
    表四 it is not (「规章22件」 may be made, repealed or in force), nor in a column the prose never breaks down."""
    spec = T.cell(cell_id)
    return spec.row_label if spec.table == T.TABLE_REQUESTS and spec.column == "total" else None


def _first_stating(passages: list[StoredPassage], phrase: str, year: int) -> ProseQuote | None:
    for p in passages:
        for sentence in _SENTENCE.split(p.text):
            clause = next((c for c in _CLAUSE.split(sentence) if _states(c, phrase, year)), None)
            if clause is None:
                continue
            text = sentence.strip() if len(sentence.strip()) <= MAX_QUOTE_CHARS else clause.strip()
            return ProseQuote(p.report_id, p.section, text, p.line, p.page)
    return None


def _states(clause: str, phrase: str, year: int) -> bool:
    """The clause names the row on its own (not one member of 「A及B」) with a count after it, of this year."""
    if any(int(y) != year for y in _YEAR.findall(clause)):
        return False
    for m in re.finditer(re.escape(phrase), clause):
        before, after = clause[m.start() - 1 : m.start()], clause[m.end() : m.end() + 1]
        if before not in _JOINED and after not in _JOINED and _COUNT.search(clause, m.end()):
            return True
    return False
