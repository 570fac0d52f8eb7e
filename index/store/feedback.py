"""What citizens asked and what they thought of the answers, in the SQL store (migration 0005).

Every question answered on the chat or the API is logged with its answer, route and time; a 👍/👎 vote with an
optional comment refers to a logged answer by its id, or carries the question, answer and route itself. Nothing
about who asked is kept (no address, browser or session): the question text is all. Staff read it grouped by the
question's normalised text, those the reports did not answer and those disliked first (ui/questions.py).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from index.normalize import clean_line
from index.store.sql import Database

MAX_COMMENT_CHARS = 500
# What does not change what is asked: spaces, punctuation, symbols (「？」「 」「，」「～」).
_NOISE = re.compile(r"[\s\W_]+")


class Vote(StrEnum):
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class Asked:
    """A logged answer: `answered` is False when the reports did not give what was asked (or it was asked back)."""

    id: str
    asked_at: str
    question: str
    answer: str
    route: str
    answered: bool


@dataclass(frozen=True)
class QuestionGroup:
    """The askings of one normalised question, with the latest wording and answer."""

    normalized: str
    question: str
    answer: str
    last_asked: str
    asked: int
    unanswered: int
    up: int
    down: int
    routes: tuple[tuple[str, int], ...]  # (route, times), most frequent first
    comments: tuple[str, ...]  # newest first

    @property
    def needs_attention(self) -> bool:
        """What citizens look for that the reports (or the answers) do not give."""
        return self.unanswered > 0 or self.down > 0


def normalize_question(text: str) -> str:
    """The key that groups askings of one question: width and case folded, spaces and punctuation gone."""
    folded = unicodedata.normalize("NFKC", clean_line(text)).casefold()
    return _NOISE.sub("", folded) or folded


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class FeedbackLog:
    """The questions and votes tables of one store's database."""

    def __init__(self, db: Database):
        self.db = db

    def log(self, question: str, answer: str, route: str, answered: bool) -> Asked:
        asked = Asked(uuid.uuid4().hex, _now(), question, answer, route, answered)
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO questions (id, asked_at, question, normalized, answer, route, answered)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (asked.id, asked.asked_at, question, normalize_question(question), answer, route, int(answered)),
            )
        return asked

    def asked(self, answer_id: str) -> Asked | None:
        with self.db.lock:
            row = self.db.execute(
                "SELECT id, asked_at, question, answer, route, answered FROM questions WHERE id = ?", (answer_id,)
            ).fetchone()
        return Asked(row[0], row[1], row[2], row[3], row[4], bool(row[5])) if row else None

    def vote(
        self, vote: Vote, comment: str, question: str, answer: str, route: str, answer_id: str | None = None
    ) -> None:
        """One vote per logged answer: a later one replaces its vote, and its comment unless it has none."""
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO feedback (id, answer_id, given_at, question, normalized, answer, route, vote, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id) DO UPDATE SET vote = excluded.vote,"
                " given_at = excluded.given_at,"
                " comment = CASE WHEN excluded.comment = '' THEN feedback.comment ELSE excluded.comment END",
                (
                    uuid.uuid4().hex,
                    answer_id,
                    _now(),
                    question,
                    normalize_question(question),
                    answer,
                    route,
                    vote.value,
                    comment,
                ),
            )

    def groups(self) -> list[QuestionGroup]:
        """Every question asked, grouped: those needing attention first (most disliked, most often unanswered,
        most asked), then the rest by how often they were asked; the latest first among equals."""
        with self.db.lock:
            asked = self.db.execute(
                "SELECT normalized, question, answer, route, answered, asked_at FROM questions ORDER BY asked_at"
            ).fetchall()
            votes = self.db.execute(
                "SELECT normalized, question, answer, vote, comment, given_at FROM feedback ORDER BY given_at"
            ).fetchall()
        folds: dict[str, _Fold] = {}
        for normalized, question, answer, route, answered, when in asked:
            fold = folds.setdefault(normalized, _Fold())
            fold.saw(question, answer, when)
            fold.asked += 1
            fold.unanswered += not answered
            fold.routes[route] = fold.routes.get(route, 0) + 1
        for normalized, question, answer, vote, comment, when in votes:
            fold = folds.setdefault(normalized, _Fold())
            if not fold.question:  # voted on without a logged asking
                fold.saw(question, answer, when)
            fold.up += vote == Vote.UP
            fold.down += vote == Vote.DOWN
            if comment:
                fold.comments.insert(0, comment)
        groups = [fold.group(normalized) for normalized, fold in folds.items()]
        groups.sort(key=lambda g: g.last_asked, reverse=True)
        groups.sort(key=lambda g: (0, -g.down, -g.unanswered, -g.asked) if g.needs_attention else (1, -g.asked, 0, 0))
        return groups


class _Fold:
    def __init__(self) -> None:
        self.question = self.answer = self.last = ""
        self.asked = self.unanswered = self.up = self.down = 0
        self.routes: dict[str, int] = {}
        self.comments: list[str] = []

    def saw(self, question: str, answer: str, when: str) -> None:
        self.question, self.answer, self.last = question, answer, when

    def group(self, normalized: str) -> QuestionGroup:
        routes = tuple(sorted(self.routes.items(), key=lambda r: -r[1]))
        return QuestionGroup(
            normalized,
            self.question,
            self.answer,
            self.last,
            self.asked,
            self.unanswered,
            self.up,
            self.down,
            routes,
            tuple(self.comments),
        )
