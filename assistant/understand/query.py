"""The typed query a question becomes: every slot carries the span of the question it came from.

Answering reads only this; what the question names but could not be resolved travels in
`unresolved`, so that it is said, never replaced by a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from assistant.understand.agencies import Agency


class Operation(Enum):
    VALUE = "value"
    LIST = "list"  # the parts of a group (the reasons for 不予公开 …) and their sum
    SUM = "sum"
    DIFFERENCE = "difference"
    SHARE = "share"
    RANK = "rank"
    TREND = "trend"


class Change(Enum):
    """How a DIFFERENCE or TREND states a change: 「多了几件」, 「增长了百分之多少」「增幅」, 「是…的几倍」."""

    AMOUNT = "amount"
    RATE = "rate"  # the change as a percentage of the earlier (or second) figure
    TIMES = "times"  # the later (or first) figure as a multiple of the other


class Slot(Enum):
    """What an unresolved phrase was meant to name."""

    AGENCY = "agency"
    YEAR = "year"
    MEASURE = "measure"


class Intent(Enum):
    FIGURES = "figures"  # cells of the tables
    TEXT = "text"  # a passage of the report
    CHAT = "chat"  # greeting, thanks, how to use


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CellAsk:
    """Cells of one table row; `columns` empty means the row's default (总计 / all columns)."""

    table: str
    row: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """One thing asked for: cells of one row, or a whole result group to list."""

    ask: CellAsk | None = None
    group: str = ""  # 不予公开 … listed with its parts
    span: Span | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Unresolved:
    """A phrase the question names that the index cannot answer as asked."""

    slot: Slot
    text: str
    suggestions: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Years:
    """Years as the question gives them; `relative` and `shift` are resolved against the index."""

    explicit: tuple[int, ...] = ()
    recent: int = 0  # 近三年 → 3
    relative: int | None = None  # 去年 → 1: calendar years before this one
    shift: int = 0  # a follow-up's 前一年 / 后一年, from the year of the turn before
    spans: tuple[Span, ...] = ()
    with_previous: bool = False  # 「比上一年」「去年比上一年」: the resolved year and the one before it
    since: int | None = None  # 「2021年以来」: that year and every later report
    every: bool = False  # 「历年」「每年」「哪一年」: every year the index has
    onward: bool = False  # 「之后每年」 in a follow-up: from the year of the turn before on
    these: bool = False  # 「这两年」「两年加起来」: in a follow-up, the `recent` years the conversation named
    more_relative: tuple[int, ...] = ()  # 「去年和前年」: relative years after the first

    @property
    def named(self) -> bool:
        return bool(
            self.explicit
            or self.recent
            or self.relative is not None
            or self.shift
            or self.since
            or self.every
            or self.with_previous
        )

    @property
    def fixed(self) -> bool:
        """Whether the question says which years, not only how they relate to the latest report."""
        return self.named and not (self.with_previous and not (self.explicit or self.relative is not None))

    @property
    def several(self) -> bool:
        return (
            len(self.explicit) > 1
            or self.recent > 1
            or self.with_previous
            or bool(self.since or self.every or self.more_relative)
        )


@dataclass(frozen=True)
class Query:
    question: str
    intent: Intent = Intent.TEXT
    agencies: tuple[Agency, ...] = ()
    agency_spans: tuple[Span, ...] = ()
    every_agency: bool = False  # 各部门 / 哪个部门最多: the whole index
    collective: Span | None = None  # 「各区县」: every agency of those levels (`agencies`), not the whole index
    placed: Agency | None = None  # RANK: 「洪泽区排第几」 ranks the whole index to say where this one stands
    years: Years = Years()
    measures: tuple[Measure, ...] = ()
    operation: Operation = Operation.VALUE
    change: Change = Change.AMOUNT
    per_month: bool = False  # 「平均每月」「月均」: a year's figure averaged over its months
    denominator: Measure | None = None  # for SHARE: 「占X的比例」
    joint: bool = False  # SHARE of the measures together: 「予以公开及部分公开的占比」
    ascending: bool = False  # RANK: 最少 first
    unresolved: tuple[Unresolved, ...] = ()
    readings: Unresolved | None = None  # a phrase that may mean several figures (「公开了几件」): asked back which
    follow_up: bool = False  # the turn only makes sense with the one before it
    vague: bool = False  # names no figure and no topic (「平潭2023年的数据是多少」): ask back, never guess
    years_seen: tuple[int, ...] = ()  # the years the conversation named so far, in the order named
    agencies_seen: tuple[Agency, ...] = ()  # the agencies the conversation named so far, in the order named
    these_agencies: int | None = None  # 「这两个」「它们」: that many of the agencies named before (0: all)
    subject: str = ""  # the question without its agency names and years: what a text answer is searched for
    topics: tuple[str, ...] = ()  # the earlier turns' subjects, latest first, that a text follow-up continues
    mentions: dict = field(default_factory=dict, compare=False)

    @property
    def asks(self) -> tuple[CellAsk, ...]:
        return tuple(m.ask for m in self.measures if m.ask)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(m.group for m in self.measures if m.group)

    @property
    def wants_figures(self) -> bool:
        return self.intent is Intent.FIGURES and bool(self.measures)
