"""Which agencies a question names, with the span each came from; and what it names that the index lacks.

A place of the index (洪泽, 淮安市洪泽区, Hongze) is read with the organ written right after it
(洪泽区发改委); an organ alone (科委, 府办) names the one agency of that organ, if there is one.
A place or organ the index does not have (南京市, 沭阳县教育局) is unresolved, never replaced by
another agency of the same place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.understand.agencies import (
    GOVERNMENT,
    GOVERNMENT_OFFICE,
    LEVELS,
    NOT_PLACES,
    PLACE,
    Agency,
    char_pinyin,
    normalise,
    organ_aliases,
    organs,
    parse_organ,
    pinyin,
    stem_forms,
)
from assistant.understand.query import Slot, Span, Unresolved
from assistant.understand.vocabulary import starts_a_phrase, word_bounds

_LEVEL = re.compile("|".join(LEVELS))
_NOT_IN_PLACE = set("各全本该我你他其每这那哪此贵")
# 「各部门」「哪个部门最多」: a question about every agency in the index.
_UNITS = r"(?:部门|机关|单位|地方|政府)"
# 哪家 names an organisation on its own (「哪家收到的最多」).
EVERY_AGENCY = re.compile(r"(?:各|所有|全部|哪个|哪些|哪家|每个|各个)" + _UNITS + "|哪家")
# 那 typed for 哪 (both "na" in pinyin) is common: 「那个机关收到的最多」 with a superlative asks which one.
_THAT_FOR_WHICH = re.compile(r"(?:那个|那家|那些)" + _UNITS + r"(?=.*(?:最多|最少|最高|最低|排名|排第))")
# 「政府信息公开」 names no government; 「X政府」 does only when not followed by these.
_GOVERNMENT_NOT = ("信息", "网站", "网", "门户", "公报")


# 「各区县」「哪个县」「所有区」: the agencies of the index that govern a place of those levels, not the whole
# index (a city is no county).
_COLLECTIVE = re.compile(r"(?:各|所有|全部|哪个|哪些|哪几个|每个|各个)(县市区|县[(（]市、区[)）]|区县|县区|区|县|市)")


@dataclass(frozen=True)
class Naming:
    agencies: tuple[Agency, ...] = ()
    spans: tuple[Span, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    every: bool = False
    collective: Span | None = None  # 「各区县」: every agency of the index at these levels, which `agencies` are


@cache
def _all_organ_phrases(shortest: int = 3) -> tuple[str, ...]:
    """Every organ phrase a question may use, known to the index or not (教育局 is an organ even when
    no 教育局 report is stored), longest first. Two-character forms (科委, 教委) are organs only right
    after a place; alone they are too easily part of another word."""
    data = organs()
    phrases = set(data["government"]) | set(data["government_office"])
    for stem in data["stems"]:
        for form in stem_forms(stem):
            phrases |= {
                form + s for s in ("局", "委", "委员会", "厅", "办", "中心", "管理局") if len(form + s) >= shortest
            }
    return tuple(sorted(phrases, key=len, reverse=True))


def _organ_after(text: str, pos: int) -> str:
    for phrase in _all_organ_phrases(2):
        if text.startswith(phrase, pos):
            if phrase in ("政府", "人民政府") and text.startswith(_GOVERNMENT_NOT, pos + len(phrase)):
                return ""
            return phrase
    return ""


def _organ_short_of(text: str, at: int, organ: str, agencies: list[Agency]) -> str:
    """A shorter organ that fits, when the characters the longer one took begin the question's own words:
    「洪泽区政府办结了」 is 政府 + 办结, not 政府办; 「洪泽区政府办公室收到」 stays 政府办公室."""
    for phrase in _all_organ_phrases(2):
        shorter = len(phrase) < len(organ) and organ.startswith(phrase)
        if shorter and any(_fits(a, phrase) for a in agencies) and starts_a_phrase(text, at + len(phrase)):
            return phrase
    return ""


def _bare_organ(text: str, pos: int, agencies: list[Agency]) -> tuple[str, list[Agency]] | None:
    """An organ written without its 局/委 right after a place of several agencies (「沭阳发改」): the
    short form and the agencies whose organ it names. The place alone leaves them to the scope."""
    written = [(f, a) for a in agencies for f in stem_forms(a.organ.stem) if len(f) > 1 and text.startswith(f, pos)]
    if not written:
        return None
    form = max((f for f, _ in written), key=len)
    return form, [a for f, a in written if f == form]


def _fits(agency: Agency, organ_phrase: str) -> bool:
    if not organ_phrase:
        return True
    return organ_phrase in organ_aliases(agency.organ) or parse_organ(organ_phrase).stem == agency.organ.stem


def find_agencies(text: str, agencies: list[Agency], taken: list[bool]) -> Naming:
    """Agencies named in normalised `text`; marks the characters used in `taken`."""
    found: list[tuple[int, Agency]] = []
    spans: list[Span] = []
    unresolved: list[Unresolved] = []
    by_place: dict[str, list[Agency]] = {}
    for agency in agencies:
        if agency.places:
            by_place.setdefault(agency.places[-1], []).append(agency)
    # A full name is the strongest evidence: 国家统计局, 民政部 (no place), and never 民政 inside 人民政府.
    for agency in sorted(agencies, key=lambda a: -len(a.name)):
        for start, end in _written(text, _full_name(agency.name), taken):
            if _organ_after(text, end) or _unknown_organ(text, end):
                continue  # 淮安市人民政府办公室 is another office than 淮安市人民政府
            taken[start:end] = [True] * (end - start)
            spans.append(Span(start, end, text[start:end]))
            found.append((start, agency))
    # Deeper places first, so 淮安市洪泽区 is 洪泽区 and not also 淮安市. Every place as written before any
    # as a homophone: among thousands of places, 邙岷区 holds a homophone of 岷衢 (岷区, min qu).
    known = frozenset(by_place) | {p for a in agencies for p in a.places}
    parents_of_unknown: dict[int, tuple[int, list[Agency]]] = {}
    spellings = _Spellings(text, frozenset(by_place))
    ordered = sorted(by_place, key=lambda p: (-max(len(a.places) for a in by_place[p]), -len(p)))
    for place, sounded in [(p, False) for p in ordered] + [(p, True) for p in ordered]:
        for written_at, end in spellings.occurrences(place, taken, sounded):
            same_place = by_place[place]
            start = _with_parents(text, written_at, same_place)
            # A parent read on its own before (甲乙 of 甲乙市丙顶区, the child typed with a homophone)
            # is this agency's parent, not a second agency.
            found = [(at, a) for at, a in found if not start <= at < written_at]
            spans = [sp for sp in spans if not start <= sp.start < written_at]
            end = _after_level(text, end)
            organ = _organ_after(text, end) or _unknown_organ(text, end)
            child = "" if organ else _unknown_place_at(text, end, known)
            if child and not any(child in a.name for a in same_place):  # 平潭实验区: its own level, short
                # 上海市浦东新区人民政府: the parent of a place the index lacks (unless the child is a
                # homophone of one it holds, which the second pass finds), not an agency asked.
                parents_of_unknown[start] = (end + len(child), same_place)
                continue
            fitting = [a for a in same_place if _fits(a, organ)]
            if not organ and len(fitting) > 1 and (bare := _bare_organ(text, end, fitting)):
                organ, fitting = bare
            if not fitting and (shorter := _organ_short_of(text, end, organ, same_place)):
                organ, fitting = shorter, [a for a in same_place if _fits(a, shorter)]
            stop = end + len(organ)
            taken[start:stop] = [True] * (stop - start)
            spans.append(Span(start, stop, text[start:stop]))
            if not fitting:
                names = tuple(a.name for a in same_place)
                unresolved.append(Unresolved(Slot.AGENCY, text[start:stop], names))
            else:
                found += [(start, a) for a in fitting]
    for start, (end, same_place) in parents_of_unknown.items():
        if not any(taken[start:end]):
            stop = end + len(_organ_after(text, end))
            taken[start:stop] = [True] * (stop - start)
            unresolved.append(Unresolved(Slot.AGENCY, text[start:stop], tuple(a.name for a in same_place)))
    collective = None if found else _collective(text, agencies, taken, found, unresolved)
    _organs_alone(text, agencies, taken, found, spans, unresolved)
    every = bool(collective or EVERY_AGENCY.search(text) or (not found and _THAT_FOR_WHICH.search(text)))
    ordered = tuple(dict.fromkeys(a for _, a in sorted(found, key=lambda t: t[0])))
    return Naming(ordered, tuple(spans), tuple(unresolved), every, collective)


def _collective(text, agencies, taken, found, unresolved) -> Span | None:
    """「各区县」「各县区政府」「哪个区的教育局」: every agency of those place levels, of the organ written after
    (the government, or its office, when none is); none of them in the index, it is missing."""
    for m in _COLLECTIVE.finditer(text):
        if any(taken[m.start() : m.end()]) or m.end() not in word_bounds(text):
            continue  # 「各区域」「各市场主体」: the level is the start of another word
        after = m.end() + (text[m.end()] == "的" if m.end() < len(text) else 0)
        organ = _organ_after(text, after)
        stop = after + len(organ) if organ else m.end()
        levels = set(m.group(1)) & set(_BARE_LEVELS)
        of_organ = [a for a in agencies if _fits(a, organ)] if organ else [a for a in agencies if _governs(a)]
        fitting = [a for a in of_organ if _at_level(a, levels)]
        taken[m.start() : stop] = [True] * (stop - m.start())
        if fitting:
            found += [(m.start(), a) for a in fitting]
        else:
            unresolved.append(Unresolved(Slot.AGENCY, text[m.start() : stop], ()))
        return Span(m.start(), stop, text[m.start() : stop])
    return None


def _governs(agency: Agency) -> bool:
    return agency.organ.stem in (GOVERNMENT, GOVERNMENT_OFFICE)


def _at_level(agency: Agency, levels: set[str]) -> bool:
    """A 市 written beside 县 or 区 (县市区, 县（市、区）) is a county-level city: a city under another place."""
    level = _level_of(agency)
    if level == "市" and len(levels) > 1:
        return "市" in levels and len(agency.places) > 1
    return level in levels


class _Spellings:
    """Where a question writes each place: in characters, with homophones, or in pinyin (Pingtan).

    The question's sounds and Latin words are indexed once, so each of thousands of places costs a
    few lookups, not a scan of the question.
    """

    def __init__(self, text: str, places: frozenset[str]):
        self.text = text
        self.places = places
        self.latin: dict[str, list[tuple[int, int]]] = {}
        for m in _LATIN_WORD.finditer(text.lower()):
            self.latin.setdefault(m.group(0), []).append(m.span())
        sounds = [char_pinyin(ch) for ch in text]
        self.windows: dict[tuple[str, ...], list[int]] = {}
        for size in range(2, _LONGEST_PLACE + 1):
            for start in range(len(text) - size + 1):
                self.windows.setdefault(tuple(sounds[start : start + size]), []).append(start)

    def occurrences(self, place: str, taken: list[bool], sounded: bool) -> list[tuple[int, int]]:
        """Where `place` is written in characters or pinyin, or with `sounded`, as a homophone."""
        if sounded:
            return self._homophones(place, taken)
        out = _written(self.text, place, taken)
        spelled = pinyin(place)
        if len(spelled) >= 4:
            out += [(a, b) for a, b in self.latin.get(spelled, ()) if not any(taken[a:b])]
        return out

    def _homophones(self, place: str, taken: list[bool]) -> list[tuple[int, int]]:
        """A place typed with a homophone by a pinyin input method (平谭 for 平潭, 洪择 for 洪泽): same
        sounds, same length, and at least one character written right. What is itself a place of the
        index is that place (泌澧 and 泌溧 may both be counties), never a homophone of another."""
        size = len(place)
        if size < 2:
            return []
        out = []
        for start in self.windows.get(place_sounds(place), ()):
            window = self.text[start : start + size]
            if window in self.places or any(taken[start : start + size]):
                continue
            if any(a == b for a, b in zip(window, place)):
                out.append((start, start + size))
        return out


_LATIN_WORD = re.compile(r"[a-z]+")
_LONGEST_PLACE = 8  # as PLACE reads them


@cache
def place_sounds(place: str) -> tuple[str, ...]:
    return tuple(char_pinyin(ch) for ch in place)


def _written(text: str, phrase: str, taken: list[bool]) -> list[tuple[int, int]]:
    return [(s, s + len(phrase)) for s in _found(text, phrase) if not any(taken[s : s + len(phrase)])]


@cache
def _full_name(name: str) -> str:
    return normalise(name)


def _with_parents(text: str, start: int, agencies: list[Agency]) -> int:
    """Move the start back over parent places written before (淮安市 of 淮安市洪泽区)."""
    parents = {p for a in agencies for p in a.places[:-1]}
    moved = True
    while moved:
        moved = False
        for parent in parents:
            for level in ("", *LEVELS):
                written = parent + level
                if text[:start].endswith(written):
                    start -= len(written)
                    moved = True
    return start


# An organ name the vocabulary does not know, written right after a place: a few characters and the word
# that ends every Chinese organ's name (教委, 行政审批局, 经济发展局, 办公室).
# It must end where a name ends (a year, 的, punctuation), so 「平潭办结的」 is no organ 「平潭办」.
_UNKNOWN_ORGAN = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:委员会|管理局|办公室|办公厅|局|委|厅|署|办|中心)(?=\d|[的，,。？?\s]|$|去年|今年|前年|近)"
)
# The central level written before a national organ (国家统计局, 国务院国资委).
_NATIONAL = ("中华人民共和国", "国务院", "国家", "中国")


def _unknown_organ(text: str, pos: int) -> str:
    m = _UNKNOWN_ORGAN.match(text, pos)
    return m.group(0) if m and not re.search(r"[的年和与及、，,？?]", m.group(0)) else ""


def _owner_before(text: str, pos: int, taken: list[bool]) -> str:
    """An untaken place with its level (宿迁市) or the national level right before an organ phrase."""
    before = text[:pos]
    for prefix in _NATIONAL:
        if before.endswith(prefix) and not any(taken[pos - len(prefix) : pos]):
            return prefix
    for m in PLACE.finditer(before):
        if m.end() == pos and m.group(1) not in NOT_PLACES and not any(taken[m.start() : pos]):
            return m.group(0)
    return ""


def _after_level(text: str, end: int) -> int:
    m = _LEVEL.match(text, end)
    return m.end() if m else end


# The one-character levels a bare 「市科委」「县发改局」「区府办」 is written with.
_BARE_LEVELS = "省市区县"


def _level_organs(text, agencies, taken, found, spans, unresolved) -> None:
    """「市科委」「县府办」: an organ written with a level and no place (the asker's own city or county).
    It names the agencies of that organ whose place is of that level; none of that level, it is missing
    (「市发改委」 is not a county's 发改局)."""
    for phrase in _all_organ_phrases(2):
        for start in _found(text, phrase):
            at, end = start - 1, start + len(phrase)
            if at < 0 or text[at] not in _BARE_LEVELS or any(taken[at:end]):
                continue
            if at > 0 and "\u4e00" <= text[at - 1] <= "\u9fff" and text[at - 1] != "年":
                continue  # 「洪泽区科委」 names its place, 「全市」 is no level; 「…年市科委」「市科委」 are
            if parse_organ(phrase).stem == GOVERNMENT and text.startswith(_GOVERNMENT_NOT, end):
                continue  # 「市政府信息公开」
            of_organ = [a for a in agencies if _fits(a, phrase)]
            if not of_organ:
                continue
            taken[at:end] = [True] * (end - at)
            spans.append(Span(at, end, text[at:end]))
            fitting = [a for a in of_organ if _level_of(a).endswith(text[at])]
            if fitting:
                found += [(at, a) for a in fitting]
            else:
                unresolved.append(Unresolved(Slot.AGENCY, text[at:end], tuple(a.name for a in of_organ)))


def _level_of(agency: Agency) -> str:
    """The level word after the agency's own place in its name (市 of 上海市科委), or ''."""
    if not agency.places:
        return ""
    name = normalise(agency.name)  # the places are read from the normalised name (沐阳县 is 沭阳's)
    m = _LEVEL.match(name, name.rfind(agency.places[-1]) + len(agency.places[-1]))
    return m.group(0) if m else ""


def _organs_alone(text, agencies, taken, found, spans, unresolved) -> None:
    """科委, 府办, 发改局 with no place: the one agency of that organ, or ask back, or say it is missing.
    A two-character form (科委) is an organ alone only as a word of its own (not 科委 inside 国家科委)."""
    _level_organs(text, agencies, taken, found, spans, unresolved)
    bounds: set[int] | None = None
    for phrase in _all_organ_phrases(2):
        for start in _found(text, phrase):
            end = start + len(phrase)
            if any(taken[start:end]):
                continue
            if len(phrase) < 3:
                bounds = word_bounds(text) if bounds is None else bounds
                if start not in bounds or end not in bounds:
                    continue
            organ = parse_organ(phrase)
            if organ.stem == GOVERNMENT:
                continue  # 「政府」 alone is in every question about 政府信息公开
            if organ.stem == GOVERNMENT_OFFICE and phrase in ("办公室", "办公厅"):
                continue
            owner = _owner_before(text, start, taken)
            if owner:  # 宿迁市发改委, 国家发展和改革委员会: an organ of a place the index does not hold
                taken[start - len(owner) : end] = [True] * (end - start + len(owner))
                unresolved.append(Unresolved(Slot.AGENCY, owner + phrase))
                continue
            taken[start:end] = [True] * (end - start)
            spans.append(Span(start, end, phrase))
            fitting = [a for a in agencies if _fits(a, phrase) and a.organ.stem != GOVERNMENT]
            if fitting:
                found += [(start, a) for a in fitting]
            else:
                unresolved.append(Unresolved(Slot.AGENCY, phrase))


def _unknown_place_at(text: str, pos: int, known: frozenset[str]) -> str:
    """The place with its level word written at `pos` when no agency of the index is in it, else ''."""
    m = PLACE.match(text, pos)
    return m.group(0) if m and _unknown_place(text, m, known) else ""


def _unknown_place(text: str, m: re.Match, known: frozenset[str]) -> bool:
    name = m.group(1)
    if name in NOT_PLACES or set(name) & _NOT_IN_PLACE or _inside_stem(text, m.start(), m.end()):
        return False
    return not (name in known or any(name.endswith(k) or k.endswith(name) for k in known))


def unknown_places(text: str, agencies: list[Agency], taken: list[bool]) -> tuple[Unresolved, ...]:
    """南京市, 鼓楼区教育局: a place with its level word that no agency of the index is in.
    Run last, on what no other slot took."""
    known = frozenset(p for a in agencies for p in a.places)
    unresolved: list[Unresolved] = []
    for m in PLACE.finditer(text):
        if any(taken[m.start() : m.end()]) or not _unknown_place(text, m, known):
            continue
        end = m.end() + len(_organ_after(text, m.end()))
        taken[m.start() : end] = [True] * (end - m.start())
        unresolved.append(Unresolved(Slot.AGENCY, text[m.start() : end]))
    return tuple(unresolved)


def _inside_stem(text: str, start: int, end: int) -> bool:
    """「住房和城乡建设」 holds 乡 but is an organ, not a place."""
    return any(b < end and start < b + len(stem) for stem in organs()["stems"] for b in _found(text, stem))


def _found(text: str, phrase: str) -> list[int]:
    """Every start of `phrase` in `text`, overlapping ones too (str.find: thousands of phrases would
    overflow the regex cache and be compiled again for every question)."""
    out, start = [], text.find(phrase)
    while start != -1:
        out.append(start)
        start = text.find(phrase, start + 1)
    return out
