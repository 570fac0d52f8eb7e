"""What a Chinese question asks: which agencies and years, which table cells, which operation.

Pure functions over the question text and the agencies in the index; the words come from
index.template (labels and the ASKED_* vocabulary), so nothing here spells a table label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.agencies import Agency, mentioned, normalise
from index import template as T

VALUE = "value"
COMPARE = "compare"
SUM = "sum"
LIST = "list"

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)?")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:到|至|-|—|~)\s*((?:19|20)\d{2})")
_RECENT = re.compile(r"(?:近|最近|过去)\s*([两二三四五六2-6])\s*年")
_RELATIVE = {"今年": 0, "本年度": 0, "去年": 1, "上一年度": 1, "前年": 2}
# 「比上一年多了多少」: the year asked about and the one before it.
_AGAINST_PREVIOUS = (
    "比上一年",
    "比去年",
    "比上年",
    "比前一年",
    "同比",
    "较上年",
    "较去年",
    "较上一年",
    "与上一年",
    "与上年",
    "与去年",
    "和上一年",
    "和去年",
)
_CHINESE_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_COMPARE_WORDS = (
    "相比",
    "比较",
    "对比",
    "变化",
    "增加了",
    "减少了",
    "增长",
    "下降",
    "多了",
    "少了",
    "同比",
    "趋势",
    "比上",
    "较上",
    "增减变化",
    "差多少",
    "相差",
)
_SUM_WORDS = ("合计", "加起来", "一共", "总共", "累计", "总和", "共计")
_LIST_WORDS = ("都是因为", "哪些原因", "什么原因", "因为什么", "哪些情形", "分别是", "都有哪些", "有哪些")
# The tables hold counts; questions about shares, fees for information or narrative go to the text.
_TEXT_ONLY = (
    "信息处理费",
    "渠道",
    "电话",
    "怎么",
    "如何",
    "为什么",
    "哪些问题",
    "什么问题",
    "措施",
    "不足",
    "改进",
    "原因是",
)
_RATIOS = (
    "占比",
    "比例",
    "百分之",
    "百分比",
    "%",
    "％",
    "平均",
    "比率",
    "办结率",
    "公开率",
    "满意率",
    "率是多少",
    "率为多少",
)
# "how many applications" with no row named: the applications received (本年新收).
_COUNT_OF_APPLICATIONS = re.compile(r"(多少|几)件?[^，,。？?]{0,8}申请|申请[^，,。？?]{0,6}(多少|几)")
_TOTAL_WORDS = ("一共", "总共", "合计", "总计", "总数", "共有", "全部申请")
_FOLLOW_UP_WORDS = ("呢", "那么", "那", "其中", "同样", "分别", "又", "还有")
# Verbs that only say who applied: they name the 本年新收 row only when no result row is asked.
_WEAK_NEW = ("提交", "提出", "提的", "提了")


@dataclass(frozen=True)
class CellAsk:
    """Cells of one table row; `columns` empty means the row's default (总计 / all columns)."""

    table: str
    row: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understanding:
    question: str
    agencies: tuple[Agency, ...] = ()
    years: tuple[int, ...] = ()
    recent: int = 0  # "近三年" → 3
    relative: int | None = None  # "去年" → 1: years before the agency's latest report
    asks: tuple[CellAsk, ...] = ()
    groups: tuple[str, ...] = ()  # whole result groups to list (不予公开 …)
    operation: str = VALUE
    text_only: bool = False
    mentions: dict = field(default_factory=dict, compare=False)

    @property
    def wants_figures(self) -> bool:
        return bool(self.asks or self.groups) and not self.text_only


def understand(question: str, agencies: list[Agency]) -> Understanding:
    text = normalise(question)
    found = _phrases(text)
    asks, groups = _asks(found, text)
    years, recent, relative = _years(text)
    named = tuple(mentioned(text, agencies))
    operation = _operation(text, named, years, recent, groups)
    text_only = any(w in text for w in _RATIOS) or (any(w in text for w in _TEXT_ONLY) and not _explicit_cell(found))
    return Understanding(question, named, years, recent, relative, asks, groups, operation, text_only, found)


def follow_up(current: Understanding, previous: Understanding) -> Understanding:
    """Fill what a follow-up ("那2022年呢？", "其中企业申请的呢？") leaves out from the turn before."""
    out = current
    if not out.agencies and previous.agencies:
        out = replace(out, agencies=previous.agencies)
    if not (out.years or out.recent or out.relative is not None):
        out = replace(out, years=previous.years, recent=previous.recent, relative=previous.relative)
    if previous.wants_figures and not out.text_only and not _names_cells(current) and _continues(current):
        # 「其中企业申请的呢？」 after 「予以公开多少件？」 asks 予以公开 for 商业企业, not 本年新收.
        columns = tuple(out.mentions.get("applicant", ()))
        asks = previous.asks
        if columns:
            asks = tuple(replace(a, columns=columns) for a in asks if a.table == T.TABLE_REQUESTS) or asks
        out = replace(out, asks=asks, groups=previous.groups)
    return out


def _names_cells(u: Understanding) -> bool:
    """Whether the question itself names a table row, group or item (not just who applied)."""
    return any(u.mentions.get(k) for k in ("row", "group", "item", "review", "litigation"))


def _continues(u: Understanding) -> bool:
    """A turn that only changes the year, agency or applicant, or says 「呢」, continues the last one."""
    text = normalise(u.question)
    return bool(u.years or u.recent or u.relative is not None or u.agencies or u.mentions.get("applicant")) or any(
        w in text for w in _FOLLOW_UP_WORDS
    )


# ---------------------------------------------------------------- phrases


def _vocabulary() -> list[tuple[str, str, str]]:
    """(phrase, kind, key) for every word the template offers, longest first."""
    words: list[tuple[str, str, str]] = []
    for key, phrases in T.ASKED_REQUEST_ROWS.items():
        words += [(p, "row", key) for p in phrases]
    for key, phrases in T.ASKED_REQUEST_GROUPS.items():
        words += [(p, "group", key) for p in phrases]
    for key, phrases in T.ASKED_APPLICANT_COLUMNS.items():
        words += [(p, "applicant", key) for p in phrases]
    for key, phrases in T.ASKED_ACTIVE_ITEMS.items():
        words += [(p, "item", key) for p in phrases]
    for key, phrases in T.ASKED_ACTIVE_COLUMNS.items():
        words += [(p, "item_column", key) for p in phrases]
    for key, phrases in T.ASKED_REVIEW_GROUPS.items():
        words += [(p, "review", key) for p in phrases]
    words += [(p, "litigation", "") for p in T.ASKED_LITIGATION]
    for key, phrases in T.ASKED_REVIEW_COLUMNS.items():
        words += [(p, "review_column", key) for p in phrases]
    words += [(p, "all_results", "") for p in T.ASKED_ALL_RESULTS]
    words += [(p, "total", "") for p in _TOTAL_WORDS]
    return sorted(words, key=lambda w: -len(w[0]))


_WORDS = _vocabulary()


def _phrases(text: str) -> dict[str, list[str]]:
    """Longest phrases first, each character used once: kind → keys in order of appearance."""
    taken = [False] * len(text)
    hits: list[tuple[int, str, str, str]] = []
    for phrase, kind, key in _WORDS:
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, kind, key, phrase))
            start = text.find(phrase, end)
    out: dict[str, list[str]] = {}
    for _, kind, key, phrase in sorted(hits):
        values = out.setdefault(kind, [])
        if kind == "row" and phrase in _WEAK_NEW:
            kind_key = "weak_new"
            out.setdefault(kind_key, []).append(key)
            continue
        if key not in values:
            values.append(key)
    return out


def _explicit_cell(found: dict[str, list[str]]) -> bool:
    """A named table row or group (not just a verb) overrides text-only words like 「为什么」."""
    return bool(found.get("row") or found.get("group") or found.get("item") or found.get("review"))


# ---------------------------------------------------------------- cells


def _asks(found: dict[str, list[str]], text: str) -> tuple[tuple[CellAsk, ...], tuple[str, ...]]:
    asks: list[CellAsk] = []
    asks += _request_asks(found, text)
    asks += _active_asks(found)
    asks += _review_asks(found)
    rows = {a.row for a in asks if a.table == T.TABLE_REQUESTS}
    groups = tuple(g for g in found.get("group", []) if not any(r.startswith(g + ".") for r in rows))
    return tuple(asks), groups


def _request_asks(found: dict[str, list[str]], text: str) -> list[CellAsk]:
    rows = list(found.get("row", []))
    columns = list(found.get("applicant", []))
    named_other = found.get("group") or found.get("item") or found.get("review") or found.get("litigation")
    if not rows and not named_other and (found.get("weak_new") or columns or _COUNT_OF_APPLICATIONS.search(text)):
        rows = ["new"]
    if not rows:
        return []
    if columns and found.get("total"):
        columns.append("total")
    return [CellAsk(T.TABLE_REQUESTS, r, tuple(columns)) for r in rows]


def _active_asks(found: dict[str, list[str]]) -> list[CellAsk]:
    return [CellAsk(T.TABLE_ACTIVE, item, tuple(found.get("item_column", []))) for item in found.get("item", [])]


def _review_asks(found: dict[str, list[str]]) -> list[CellAsk]:
    groups = list(found.get("review", []))
    if found.get("litigation"):
        litigation = [g for g in groups if g.startswith("litigation")]
        if not litigation:
            groups += ["litigation_direct", "litigation_after_review"]
    if not groups and found.get("review_column"):
        return []
    if found.get("all_results"):
        columns = tuple(c.key for c in T.REVIEW_COLUMNS)
    else:
        columns = tuple(dict.fromkeys([*found.get("review_column", []), "total"]))
    order = [g.key for g in T.REVIEW_GROUPS]
    return [CellAsk(T.TABLE_REVIEW, g, columns) for g in sorted(dict.fromkeys(groups), key=order.index)]


# ---------------------------------------------------------------- years and operation


def _years(text: str) -> tuple[tuple[int, ...], int, int | None]:
    """(explicit years, "近N年" N, "去年"-style years back); 「比上一年」 adds the year before."""
    against_previous = any(w in text for w in _AGAINST_PREVIOUS)
    for word in _AGAINST_PREVIOUS:
        text = text.replace(word, " ")
    years: list[int] = []
    for a, b in _YEAR_RANGE.findall(text):
        lo, hi = sorted((int(a), int(b)))
        years += range(lo, hi + 1)
    for y in _YEAR.findall(text):
        if int(y) not in years:
            years.append(int(y))
    recent = 0
    if m := _RECENT.search(text):
        n = m.group(1)
        recent = int(n) if n.isdigit() else _CHINESE_DIGITS[n]
    relative = next((back for word, back in _RELATIVE.items() if word in text), None)
    if against_previous and len(years) == 1:
        years.append(years[0] - 1)
    elif against_previous and not years and not recent:
        recent = 2
    return tuple(sorted(years)), recent, relative


def _operation(
    text: str, agencies: tuple[Agency, ...], years: tuple[int, ...], recent: int, groups: tuple[str, ...]
) -> str:
    several_years = len(years) > 1 or recent > 1
    if several_years and any(w in text for w in _COMPARE_WORDS):
        return COMPARE
    if (len(agencies) > 1 or several_years) and any(w in text for w in _SUM_WORDS):
        return SUM
    if several_years:
        return COMPARE
    if groups or any(w in text for w in _LIST_WORDS):
        return LIST
    return VALUE
