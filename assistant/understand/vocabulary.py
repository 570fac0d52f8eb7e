"""The question vocabulary: template labels (from index.template) plus vocabulary.json, matched as phrases.

Longest phrase first, each character used once, so 「复议后起诉」 is one phrase and not 复议 + 起诉.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

from assistant.understand.agencies import char_pinyin
from index import template as T

_DATA = Path(__file__).with_name("vocabulary.json")
_GAP = "…"
_GAP_CHARS = 4
# A gap never crosses a clause or a list: 「复议、起诉」 names two things, 「复议后起诉」 one.
_GAP_STOPS = "，,。？?；;、和及与或"


class Kind(Enum):
    """Which slot of the template a phrase names."""

    ROW = "row"  # a row of 表三
    WEAK_NEW = "weak"  # 提交/提出: 本年新收 only when no result row is named
    GROUP = "group"  # a result group of 表三 (不予公开 …)
    APPLICANT = "applicant"  # a column of 表三
    ITEM = "item"  # a row of 表二
    ITEM_COLUMN = "item_column"  # a column of 表二
    REVIEW = "review"  # a group of 表四
    LITIGATION = "litigation"  # 行政诉讼 in general
    REVIEW_COLUMN = "review_column"
    ALL_RESULTS = "all_results"  # how a case ended: every result column
    TOTAL = "total"
    BEYOND = "beyond_template"  # a breakdown the template does not have


# The key of a phrase that names every column of its kind at once (「各类申请人」「哪类申请人」).
EVERY = "every"


class Form(Enum):
    LABEL = "label"
    SYNONYM = "synonym"
    COLLOQUIAL = "colloquial"
    WEAK = "weak"


@dataclass(frozen=True)
class Entry:
    phrase: str
    kind: Kind
    key: str
    form: Form

    @property
    def pattern(self) -> re.Pattern:
        parts = [re.escape(p) for p in self.phrase.split(_GAP)]
        return re.compile(f"[^{_GAP_STOPS}]{{0,{_GAP_CHARS}}}?".join(parts))

    @property
    def weight(self) -> int:
        return len(self.phrase.replace(_GAP, ""))


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry

    @property
    def text(self) -> str:
        return self.entry.phrase


def _labels() -> list[Entry]:
    """The template's own words for its rows and columns."""
    out = [Entry(k, Kind.ROW, r.key, Form.LABEL) for r in T.REQUEST_ROWS for k in (r.label, *r.keys) if _plain(k)]
    out += [Entry(c.label, Kind.APPLICANT, c.key, Form.LABEL) for c in T.APPLICANT_COLUMNS[:-1]]
    org = T.ORGANISATIONS
    out += [Entry(k, Kind.APPLICANT, org.key, Form.LABEL) for k in (org.label, *org.aliases)]
    for fmt in (T.FORMAT_2021, T.FORMAT_2019):
        for item in T.ACTIVE_ITEMS[fmt]:
            out += [Entry(k, Kind.ITEM, item.key, Form.LABEL) for k in (item.label, *item.keys)]
            out += [Entry(c.label, Kind.ITEM_COLUMN, c.key, Form.LABEL) for c in item.columns]
    out += [Entry(g.label, Kind.REVIEW, g.key, Form.LABEL) for g in T.REVIEW_GROUPS]
    out += [Entry(c.label, Kind.REVIEW_COLUMN, c.key, Form.LABEL) for c in T.REVIEW_COLUMNS[:-1]]
    return out


def _plain(phrase: str) -> bool:
    """Labels that say something on their own; 「总计」 or 「3.其他」 name a row only inside a table."""
    return len(phrase) > 2 and not phrase[0].isdigit()


@cache
def entries() -> tuple[Entry, ...]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    out = _labels()
    for kind in Kind:
        if kind is Kind.WEAK_NEW or kind is Kind.BEYOND:
            continue
        for key, forms in data[kind.value].items():
            for form, phrases in forms.items():
                entry_kind = Kind.WEAK_NEW if form == Form.WEAK.value else kind
                out += [Entry(p, entry_kind, key, Form(form)) for p in phrases]
    for key, phrases in data[Kind.BEYOND.value].items():
        if not key.startswith("_"):
            out += [Entry(p, Kind.BEYOND, key, Form.SYNONYM) for p in phrases]
    unique = {(e.phrase, e.kind, e.key): e for e in out}
    return tuple(sorted(unique.values(), key=lambda e: -e.weight))


# A count's classifier belongs to its number: 「几个人」「三个人」 is 几个 + 人, never the column 个人.
_CLASSIFIERS = "个位名"
_COUNTED = re.compile(r"(?:几|多少|(?<!\d)\d{1,3}|[〇零一二两三四五六七八九十百千])$")  # not a year (2023个人)


def _claimed_by_a_number(text: str, start: int, phrase: str) -> bool:
    return phrase[0] in _CLASSIFIERS and bool(_COUNTED.search(text[:start]))


def match(text: str, taken: list[bool]) -> list[Hit]:
    """Every phrase of the vocabulary in `text`, longest first, none overlapping; marks `taken`."""
    hits: list[Hit] = []
    named = [False] * len(text)  # what phrases of this call took: a gap may hold one (「被老百姓告了」)
    words = None
    for entry in entries():
        if _GAP not in entry.phrase and entry.phrase not in text:
            continue
        for m in entry.pattern.finditer(text):
            if _claimed_by_a_number(text, m.start(), entry.phrase):
                continue
            words = _words(text) if words is None else words
            if _runs_into_a_word(m, words):
                continue
            own = _literal_positions(entry, m)
            if any(taken[i] for i in own) or any(taken[i] and not named[i] for i in range(m.start(), m.end())):
                continue
            for i in own:
                taken[i] = named[i] = True
            hits.append(Hit(m.start(), m.end(), entry))
    return sorted(hits, key=lambda h: h.start)


# A phrase ending in 数 reads the same when the question writes the longer count noun: 决定数量 is 决定数.
_COUNT_NOUNS = frozenset({"数量", "数目"})
# What the segmenter glues to a phrase's last character though it belongs to no word (「增/减是多少」 → 减是).
_PARTICLES = frozenset("是的了有为呢吗啊呀么和与及")


def _words(text: str) -> list[tuple[int, int]]:
    """The words of `text` other than count nouns and the vocabulary's own phrases (which of two overlapping
    phrases is read is the longest-first rule's to say), cut with the vocabulary known to the segmenter."""
    phrases = _plain_phrases()
    return [(s, e) for word, s, e in _segmenter().tokenize(text) if word not in _COUNT_NOUNS and word not in phrases]


@cache
def _plain_phrases() -> frozenset[str]:
    return frozenset(e.phrase for e in entries() if _GAP not in e.phrase)


def _runs_into_a_word(m: re.Match, words: list[tuple[int, int]]) -> bool:
    """Whether the match ends with the head of a longer word that begins inside it: 「被告知」 is 被 + 告知,
    no 被告. A count noun may run on, and a particle the segmenter glued on (减是). Only the end is checked:
    a phrase's first character often joins the word before it (复议结果维持), and a phrase that opens a
    longer word (外资企业, 复议结果) is still said."""
    return any(
        m.start() < start < m.end() < end and not set(m.string[m.end() : end]) <= _PARTICLES for start, end in words
    )


@cache
def _segmenter():
    import jieba

    tokenizer = jieba.Tokenizer()
    for phrase in _plain_phrases():
        tokenizer.add_word(phrase)
    return tokenizer


def _literal_positions(entry: Entry, m: re.Match) -> list[int]:
    """The characters of a match that are the phrase's own; its gap (a phrase has at most one) stays free
    for another phrase, such as the subject of 「被…告了」."""
    if _GAP not in entry.phrase:
        return list(range(m.start(), m.end()))
    head, tail = entry.phrase.split(_GAP)
    return [*range(m.start(), m.start() + len(head)), *range(m.end() - len(tail), m.end())]


# A phrase typed with a homophone (与以公开 for 予以公开, the same keys of a pinyin keyboard) is read as the
# phrase when it is at least this long and only one character differs: two phrases of the template never
# sound alike, and a shorter one would match ordinary words.
_HOMOPHONE_MIN = 3


def correct_homophones(text: str, taken: list[bool]) -> str:
    """`text` with each untaken run that sounds like a phrase of the vocabulary, one character off,
    written as that phrase (same length, so every position stays where it was)."""
    sounds = [char_pinyin(ch) for ch in text]
    chars = list(text)
    written = _written_phrases(text)  # 「全部公开」 as written is never read as 全 + 不公开
    bounds = word_bounds(text)  # nor a run cutting through a word: 「变化了多少」 holds no 花了多少
    for length, by_sound in _phrases_by_sound().items():
        for start in range(len(text) - length + 1):
            end = start + length
            phrase = by_sound.get(tuple(sounds[start:end]))
            if phrase is None or any(taken[start:end]) or any(written[start:end]):
                continue
            if start not in bounds or end not in bounds:
                continue
            window = "".join(chars[start:end])
            if sum(a != b for a, b in zip(window, phrase)) == 1:
                chars[start:end] = phrase
    return "".join(chars)


def word_bounds(text: str) -> set[int]:
    """Where jieba's words of `text` begin and end."""
    import jieba

    return {i for _, start, end in jieba.tokenize(text) for i in (start, end)}


def _written_phrases(text: str) -> list[bool]:
    """Which characters of `text` are inside a phrase of the vocabulary written exactly."""
    covered = [False] * len(text)
    for e in entries():
        if _GAP in e.phrase or e.phrase not in text:
            continue
        for m in re.finditer(re.escape(e.phrase), text):
            covered[m.start() : m.end()] = [True] * (m.end() - m.start())
    return covered


@cache
def _phrases_by_sound() -> dict[int, dict[tuple[str, ...], str]]:
    """Gap-free phrases of at least `_HOMOPHONE_MIN` characters by length and sound; a sound two
    phrases share names neither."""
    out: dict[int, dict[tuple[str, ...], str | None]] = {}
    for e in entries():
        if _GAP in e.phrase or len(e.phrase) < _HOMOPHONE_MIN or not all("\u4e00" <= ch <= "\u9fff" for ch in e.phrase):
            continue
        sound = tuple(char_pinyin(ch) for ch in e.phrase)
        same = out.setdefault(len(e.phrase), {})
        same[sound] = e.phrase if same.get(sound, e.phrase) == e.phrase else None
    return {n: {k: v for k, v in d.items() if v} for n, d in out.items()}


@cache
def contrasts() -> tuple[Entry, ...]:
    """Bare results that name a row only when joined to another result (vocabulary.json "contrast")."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))["contrast"]
    return tuple(Entry(p, Kind.ROW, key, Form.COLLOQUIAL) for key, phrases in data["row"].items() for p in phrases)


def starts_a_phrase(text: str, pos: int) -> bool:
    """Whether a phrase of the vocabulary (no gap phrase) begins at `pos` of `text`."""
    return any(_GAP not in e.phrase and text.startswith(e.phrase, pos) for e in entries())


class Quantity(Enum):
    """What a question asks to be counted in, other than cases (件)."""

    MONEY = "money"
    DURATION = "duration"


def asked_quantity(text: str) -> tuple[Quantity, str] | None:
    """The money or duration a question asks for (「赔了多少钱」「办了多少天」), with the phrase."""
    for quantity, phrases in _quantity_phrases():
        phrase = next((p for p in phrases if p in text), None)
        if phrase:
            return quantity, phrase
    return None


@cache
def _quantity_phrases() -> tuple[tuple[Quantity, tuple[str, ...]], ...]:
    """Each quantity's phrases, longest first: read once (reading the vocabulary for every question was 4% of
    the server's CPU under load)."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))["asked_quantity"]
    return tuple((q, tuple(sorted(data[q.value], key=len, reverse=True))) for q in Quantity)


def phrases_of(kind: Kind, key: str) -> list[str]:
    """Every phrase naming one row or column (for suggestions and tests)."""
    return [e.phrase for e in entries() if e.kind is kind and e.key == key]
