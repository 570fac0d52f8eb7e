"""Agency names as people type them → the agencies in the index, from the structure of Chinese names.

An agency name is a chain of places (江苏省 淮安市 洪泽区) and an organ (人民政府, 发展和改革局 …).
Aliases are generated, not listed per report: any tail of the place chain, with or without its
level word (洪泽区 / 洪泽), the pinyin of the place, and the organ's short forms (发展和改革局 →
发改局 / 发改委, 人民政府办公室 → 政府办 / 府办, 科学技术委员会 → 科委). A phrase that fits
several agencies asks back; a place or organ that fits none is said to be missing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from index.store.reports import ReportRow

_DATA = Path(__file__).with_name("organs.json")
LEVELS = ("综合实验区", "经济技术开发区", "高新技术产业开发区", "开发区", "自治州", "自治县", "自治区", "新区", "地区")
LEVELS += ("街道", "省", "市", "区", "县", "镇", "乡", "盟", "旗")
PLACE = re.compile(rf"([\u4e00-\u9fff]{{2,8}}?)({'|'.join(LEVELS)})")
# Words ending in a level character that are not places (行政区, 全市 …).
NOT_PLACES = ("行政", "管辖", "城乡", "省市", "市县", "区县", "县区", "地市", "各区", "各县", "各市", "所在")
# Characters OCR and typing confuse in agency names (DOMAIN.md: 沭 read as 沐).
_CONFUSABLE = str.maketrans({"沐": "沭"})
GOVERNMENT = "政府"
GOVERNMENT_OFFICE = "政府办公室"


def normalise(text: str) -> str:
    return "".join(text.split()).translate(_CONFUSABLE)


@dataclass(frozen=True)
class Organ:
    """The organ of an agency: 政府, 政府办公室, or a stem with its suffix (发展和改革 + 局)."""

    stem: str
    suffix: str = ""

    @property
    def name(self) -> str:
        return self.stem + self.suffix


@dataclass(frozen=True)
class Agency:
    """One agency across years: its reports, newest last."""

    key: str
    name: str
    places: tuple[str, ...]
    office: str  # the organ's canonical name: 政府, 政府办公室, 发展和改革局 …
    reports: tuple[ReportRow, ...] = field(default=(), compare=False)

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports})

    def latest_year(self) -> int:
        return max(r.year for r in self.reports)

    def reports_of(self, year: int) -> list[ReportRow]:
        """The report renditions of one year, first-ingested first (that one is primary)."""
        return sorted((r for r in self.reports if r.year == year), key=lambda r: r.id)

    @property
    def organ(self) -> Organ:
        return parse_organ(self.office)


@cache
def organs() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def parse_organ(text: str) -> Organ:
    """人民政府办公室 → 政府办公室; 发展和改革委员会 → (发展和改革, 委); 科委 → (科学技术, 委)."""
    data = organs()
    if text in data["government_office"]:
        return Organ(GOVERNMENT_OFFICE)
    if not text or text in data["government"]:
        return Organ(GOVERNMENT)
    splits = [(text[: -len(s)], s) for s in data["suffixes"] if text.endswith(s) and len(text) > len(s)]
    # 市场监督管理局 is 市场监督管理 + 局, not 市场监督 + 管理局: a known stem wins.
    splits.sort(key=lambda split: _canonical_stem(split[0]) not in data["stems"])
    if splits:
        stem, suffix = splits[0]
        return Organ(_canonical_stem(stem), {"委员会": "委", "管理局": "局"}.get(suffix, suffix))
    return Organ(_canonical_stem(text))


def _canonical_stem(stem: str) -> str:
    """A short form (发改, 科) back to its stem when exactly one stem has it."""
    stems = organs()["stems"]
    if stem in stems:
        return stem
    owners = [s for s in stems if stem in stem_forms(s)]
    return owners[0] if len(owners) == 1 else stem


@cache
def stem_forms(stem: str) -> frozenset[str]:
    """The ways an organ stem is shortened: 发展和改革 → 发改; 卫生健康 → 卫健; 市场监督管理 → 市场监管."""
    forms = {stem, *organs()["stems"].get(stem, ())}
    conjuncts = re.split(r"[和与及]", stem)
    if len(conjuncts) > 1 and all(conjuncts):
        forms.add("".join(c[0] for c in conjuncts))
        forms.add("".join(conjuncts))
    if "和" not in stem and len(stem) >= 4 and len(stem) % 2 == 0:
        words = [stem[i : i + 2] for i in range(0, len(stem), 2)]
        forms.add("".join(w[0] for w in words))
        forms.add(words[0] + "".join(w[0] for w in words[1:]))
    return frozenset(f for f in forms if f)


def organ_aliases(organ: Organ) -> frozenset[str]:
    """Every way a question may name the organ (with a suffix, so a bare 教育 is never an organ)."""
    data = organs()
    if organ.stem == GOVERNMENT:
        return frozenset(("人民政府", "政府", "管委会", "管理委员会"))
    if organ.stem == GOVERNMENT_OFFICE:
        return frozenset(data["government_office"])
    suffixes = {organ.suffix or "局"}
    if suffixes & {"局", "委"}:
        suffixes |= {"局", "委", "委员会"}  # people call a county 发改局 the 发改委
    return frozenset(f + s for f in stem_forms(organ.stem) for s in suffixes if len(f + s) >= 2)


def parse_agency(name: str) -> tuple[tuple[str, ...], str]:
    """(places, organ) of an agency name: 淮安市洪泽区人民政府 → ((淮安, 洪泽), 政府)."""
    text = normalise(name)
    places, end = read_places(text, 0)
    organ = parse_organ(text[end:])
    return places, organ.name


def read_places(text: str, start: int) -> tuple[tuple[str, ...], int]:
    """The chain of places written at `start` (江苏省淮安市洪泽区 → 江苏, 淮安, 洪泽) and where it ends."""
    places: list[str] = []
    pos = start
    while m := PLACE.match(text, pos):
        if m.group(1) in NOT_PLACES or _organ_at(text, m.start()):
            break
        places.append(m.group(1))
        pos = m.end()
    return tuple(places), pos


def last_level(name: str) -> str:
    """The level word of the innermost place (区 of 淮安市洪泽区): 朝阳县 and 朝阳区 are two places."""
    text = normalise(name)
    level, pos = "", 0
    while (m := PLACE.match(text, pos)) and m.group(1) not in NOT_PLACES and not _organ_at(text, m.start()):
        level, pos = m.group(2), m.end()
    return level


def _organ_at(text: str, pos: int) -> bool:
    """「城市管理局」 and 「市场监督管理局」 start with level words but are organs, not places."""
    rest = text[pos:]
    return any(rest.startswith(stem) for stem in organs()["stems"] if len(stem) >= 2)


@cache
def char_pinyin(ch: str) -> str:
    """One character's sound without tone (潭, 谭 → tan); a non-Chinese character is itself."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0].lower() if "\u4e00" <= ch <= "\u9fff" else ch


@cache
def pinyin(place: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(place)).lower()


def directory(reports: list[ReportRow]) -> list[Agency]:
    """One agency per place chain and organ; a chain that only lacks its parents (洪泽区 / 淮安市洪泽区)
    is the same agency, two different parents (南京市鼓楼区 / 福州市鼓楼区) are two."""
    groups: dict[tuple[str, str, str], list[list[ReportRow]]] = {}
    parsed = {r.id: parse_agency(r.agency) for r in reports}
    for report in sorted(reports, key=lambda r: -len(parsed[r.id][0])):
        places, office = parsed[report.id]
        where = (places[-1], last_level(report.agency)) if places else (report.agency, "")
        clusters = groups.setdefault((*where, office), [])
        home = next((c for c in clusters if _compatible(parsed[c[0].id][0], places)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
    out = []
    for (_, level, office), clusters in groups.items():
        for rows in clusters:
            longest = max(rows, key=lambda r: (len(parsed[r.id][0]), r.year, r.id))
            latest = max(rows, key=lambda r: (r.year, r.id))
            places = parsed[longest.id][0]
            key = "/".join(places) + level + "|" + office
            ordered = tuple(sorted(rows, key=lambda r: (r.year, r.id)))
            out.append(Agency(key, latest.agency, places, office, ordered))
    return sorted(out, key=lambda a: a.name)


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One place chain is the other with some of its parents left out."""
    short, long = sorted((a, b), key=len)
    it = iter(long)
    return all(p in it for p in short)
