"""Years as Chinese writes them: 2023年, 23年, ２０２３, 二〇二三年, 2021到2023, 近三年, 两年来, 2021年以来,
历年, 去年, 前一年.

Pure functions over normalised text (NFKC has already made full-width digits ASCII). Spans
that another slot already took (「上年结转」 is a table row, not a year) are skipped.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.understand.query import Span, Years
from index.normalize import CHINESE_DIGITS

_CHINESE_DIGITS = {c: int(d) for c, d in CHINESE_DIGITS.items()} | {"两": 2}  # 两 counts (两年), never a digit
_CN = "".join(CHINESE_DIGITS)
# 二〇二三年 / 二零二三年度: four Chinese digits are a year only when 年 follows or they start with 一九/二〇.
# 一九年 / 二三年度 / 二一到二三年: two, as people shorten 2019–2029, only before 年 (or a range to one) and
# never inside a longer number or after 近/这 (「近一二年」 is a span, not 2012).
_NOT_A_YEAR_AFTER = r"(?!代|来|间|以来|内)"
_CHINESE_YEAR = re.compile(
    rf"([{_CN}]{{4}})(?=年)|((?:一九|二[〇零○])[{_CN}]{{2}})"
    rf"|(?<![{_CN}十百千近这过去前后])([一二][{_CN}])"
    rf"(?=\s*年度?{_NOT_A_YEAR_AFTER}|\s*(?:到|至|-|—|–|~|～)\s*[一二][{_CN}]\s*年)"
)
# 两千零二十四年 / 二千零五年: the year spelled as a number, as it is said aloud.
_SPELLED_YEAR = re.compile(rf"[两二]千零?([{_CN}十]{{1,3}})(?=\s*年)")
_FULL = r"(?:19|20)\d{2}"
_SHORT = rf"(?<![\d.])\d{{2}}(?=\s*年{_NOT_A_YEAR_AFTER})"  # 21年, not 20年代 / 10年来
_ONE = rf"(?:{_FULL}|{_SHORT})"
# 「洪泽 23 新收」「平潭22 上年结转」: a staff member's terse two digits, a token of their own between the
# agency and the figure, are the year; a count has its unit or stands beside other words (「22件」「是22吗」).
_BARE_SHORT = re.compile(r"(?<![\d.])(\d{2})(?![\d.%])")
_BARE_BOUNDS = "，,。？?；;！!、 \t"
# 「21、22、23三年」「22和23年」「23/24年」: short years listed, 年 written once after the last (or a count of them).
_SHORT_LIST = re.compile(
    rf"(?<![\d.])\d{{2}}(?:\s*[、，,/和及与跟]\s*\d{{2}})+(?=\s*(?:[{_CN}两十]|\d)?\s*个?\s*年{_NOT_A_YEAR_AFTER})"
)
# A terse year is one the regulation has reports for: from 2008, its first year, to the current one.
_FIRST_REPORT_YEAR = 2008
_RANGE = re.compile(rf"(?<!\d)({_FULL}|\d{{2}})\s*年?度?\s*(?:到|至|-|—|–|~|～)\s*({_FULL}|\d{{2}})(?=\s*年|\D|$)")
_YEAR = re.compile(rf"(?<!\d)({_ONE})(?!\d)")
_RECENT = re.compile(
    rf"(?:近|最近|过去|(这))\s*([{_CN}两十]{{1,3}}|\d{{1,2}})\s*年|(?<![\d{_CN}十])([{_CN}两十]{{1,3}}|\d{{1,2}})\s*年(?:来|以来)"
    # 「两年加起来」「三年的合计」: a bare count of years before what is done with them, which a follow-up
    # reads as the years it named (not 「三年行动计划」, a duration)
    rf"|(?<![\d{_CN}十百千近这过去前后第每])([两三四五])\s*年(?=\s*(?:的|加|合|一共|总|共|相|分别|各|都|累计|对比|比|变化))"
)
# 「2021年以来」「从21年起」「自2021年开始」: that year and every later one.
_SINCE = re.compile(rf"(?<!\d)({_FULL}|\d{{2}})\s*年度?\s*(?:以来|起|开始|以后|之后|至今|到现在|到今天)")
# Every year there is a report for: 「历年」「每年」「哪一年最多」.
_EVERY = re.compile(r"历年|每年|每一年|各年|逐年|哪一?年|哪个年度|哪些年|多年来|这些年|这几年|年年")
# 「之后每年」「此后」 in a follow-up: from the year of the turn before on.
_ONWARD = re.compile(r"^(?:那|那么)?(?:之后|此后|以后|从那以后|后来|往后)")
# Years before the agency's latest report; the longest word wins (上一年度 before 上一年).
_RELATIVE = (("大前年", 3), ("前年", 2), ("去年", 1), ("上一年度", 1), ("上年度", 1), ("今年", 0), ("本年度", 0))
# A follow-up's year relative to the turn before.
_SHIFT = (
    *(("前一年", -1), ("上一年", -1), ("再往前一年", -1)),
    *(("后一年", 1), ("下一年", 1), ("再下一年", 1), ("第二年", 1), ("次年", 1)),
)
# 「比上一年多了多少」: the year asked about and the one before it.
AGAINST_PREVIOUS = re.compile(r"(?:比|较|与|和|跟|同)(?:上一?年度?|去年|前一年)|同比|环比")


def _free(taken: list[bool], start: int, end: int) -> bool:
    return not any(taken[start:end])


def _take(taken: list[bool], start: int, end: int) -> None:
    taken[start:end] = [True] * (end - start)


def full_year(digits: str) -> int:
    """21 → 2021; 2021 → 2021."""
    value = int(digits)
    return value if value >= 1000 else 2000 + value


def chinese_number(text: str) -> int:
    """二〇二三 → 2023; 三 → 3; 十 → 10; 十二 → 12."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(ones, 0)
    return int("".join(str(_CHINESE_DIGITS[c]) for c in text))


def _arabic_years(text: str) -> str:
    """Chinese-numeral years written as digits, character for character, so every span stays in place."""
    return _CHINESE_YEAR.sub(lambda m: "".join(CHINESE_DIGITS[c] for c in m.group(0)), text)


def _count_of_years(n: str) -> int:
    """近三年 → 3, 十二年来 → 12; 近两三年 / 一二年 say "two or three", "one or two": the larger."""
    if n.isdigit():
        return int(n)
    if len(n) == 2 and "十" not in n and _CHINESE_DIGITS[n[1]] == _CHINESE_DIGITS[n[0]] + 1:
        return _CHINESE_DIGITS[n[1]]
    return chinese_number(n)


def read_years(question: str, taken: list[bool]) -> Years:
    """The years of one question; marks the characters it used in `taken`."""
    text = _arabic_years(question)
    years: list[int] = []
    spans: list[Span] = []

    def add(m: re.Match, values: list[int]) -> None:
        _take(taken, m.start(), m.end())
        spans.append(Span(m.start(), m.end(), question[m.start() : m.end()]))
        years.extend(v for v in values if v not in years)

    against = [m for m in AGAINST_PREVIOUS.finditer(text) if _free(taken, m.start(), m.end())]
    for m in against:
        _take(taken, m.start(), m.end())
    for m in _RANGE.finditer(text):
        lo, hi = sorted((full_year(m.group(1)), full_year(m.group(2))))
        if _free(taken, m.start(), m.end()) and hi - lo < 30:
            add(m, list(range(lo, hi + 1)))
    since = None
    for m in _SINCE.finditer(text):
        if _free(taken, m.start(), m.end()):
            since = full_year(m.group(1))
            _take(taken, m.start(), m.end())
            spans.append(Span(m.start(), m.end(), question[m.start() : m.end()]))
    recent, these = 0, False
    if (m := _RECENT.search(text)) and _free(taken, m.start(), m.end()):
        n = m.group(2) or m.group(3) or m.group(4)
        recent, these = _count_of_years(n), bool(m.group(1) or m.group(4))
        _take(taken, m.start(), m.end())
        spans.append(Span(m.start(), m.end(), question[m.start() : m.end()]))
    for m in _SPELLED_YEAR.finditer(text):
        if _free(taken, m.start(), m.end()):
            add(m, [2000 + chinese_number(m.group(1))])
    for m in _SHORT_LIST.finditer(text):
        if _free(taken, m.start(), m.end()):
            add(m, [full_year(d) for d in re.findall(r"\d{2}", m.group(0))])
    for m in _YEAR.finditer(text):
        if _free(taken, m.start(), m.end()):
            add(m, [full_year(m.group(1))])
    if not (years or recent or since):  # beside a year written, two digits are a count
        bare = (m for m in _BARE_SHORT.finditer(text) if _stands_alone(text, taken, m.start(), m.end()))
        if m := next(bare, None):
            add(m, [full_year(m.group(1))])
    onward = bool(_ONWARD.search(text))
    every = False
    for m in _EVERY.finditer(text):
        if _free(taken, m.start(), m.end()):
            every = True
            _take(taken, m.start(), m.end())
            spans.append(Span(m.start(), m.end(), question[m.start() : m.end()]))
    relatives = []  # 「去年和前年」: each word its year
    while (value := _word(question, taken, _RELATIVE, spans)) is not None:
        relatives.append(value)
    relative = relatives[0] if relatives else None
    shift = _word(question, taken, _SHIFT, spans) or 0
    if against and len(years) == 1:
        years.append(years[0] - 1)
    with_previous = bool(against) and not years and not recent
    return Years(
        tuple(sorted(years)),
        recent,
        relative,
        shift,
        tuple(spans),
        with_previous,
        since,
        every,
        onward,
        these,
        tuple(dict.fromkeys(r for r in relatives[1:] if r != relative)),
    )


def _stands_alone(text: str, taken: list[bool], start: int, end: int) -> bool:
    """Two free digits that are a token of their own: at an edge, a space or a clause mark, or beside what
    another slot took (the agency, a table phrase), and a plausible report year."""

    def bound(i: int) -> bool:
        return i < 0 or i >= len(text) or taken[i] or text[i] in _BARE_BOUNDS

    after = end >= len(text) or bound(end) or text[end] == "呢"  # 「24呢」: a follow-up's year
    year = full_year(text[start:end])
    plausible = _FIRST_REPORT_YEAR <= year <= date.today().year
    return _free(taken, start, end) and bound(start - 1) and after and plausible


def _word(text: str, taken: list[bool], words: tuple[tuple[str, int], ...], spans: list[Span]) -> int | None:
    for word, value in sorted(words, key=lambda w: -len(w[0])):
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if _free(taken, start, end):
                _take(taken, start, end)
                spans.append(Span(start, end, word))
                return value
            start = text.find(word, end)
    return None
