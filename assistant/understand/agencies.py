"""Agency names as people type them ("平潭", "洪泽区", "淮安市政府", "川汇区政府办") → stored reports.

A report's agency is split into its places (平潭综合实验区, 淮安市 + 洪泽区) and its kind of
office (政府, 政府办, 发改局 …). Reports of the same deepest place and office kind are one
agency across years, even when a title names it differently (洪泽区人民政府 / 淮安市洪泽区人民政府).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.store import ReportRow

# Office kinds: canonical name → how titles write it, and the shorter words people ask with.
OFFICE_KINDS = (
    ("政府办公厅", ("人民政府办公厅", "政府办公厅"), ("办公厅", "政府办")),
    ("政府办公室", ("人民政府办公室", "政府办公室", "管委会办公室", "办公室"), ("政府办", "办公室")),
    ("发改局", ("发展和改革局", "发展和改革委员会", "发展改革委", "发改委", "发改局"), ("发改",)),
    ("科委", ("科学技术委员会", "科委", "科技委"), ("科委", "科技")),
    ("政府", ("人民政府", "管委会", "政府"), ()),
)
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,8}?)(综合实验区|自治州|自治县|新区|省|市|区|县|镇|乡|街道)")
# Characters OCR confuses in agency names (DOMAIN.md: 沭 read as 沐).
_CONFUSABLE = str.maketrans({"沐": "沭"})


@dataclass(frozen=True)
class Agency:
    """One agency across years: its reports, newest last."""

    key: str
    name: str
    places: tuple[str, ...]
    office: str
    reports: tuple[ReportRow, ...] = field(default=(), compare=False)

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports})

    def latest_year(self) -> int:
        return max(r.year for r in self.reports)

    def reports_of(self, year: int) -> list[ReportRow]:
        """The report renditions of one year, first-ingested first (that one is primary)."""
        return sorted((r for r in self.reports if r.year == year), key=lambda r: r.id)


def normalise(text: str) -> str:
    return "".join(text.split()).translate(_CONFUSABLE)


def parse_agency(name: str) -> tuple[tuple[str, ...], str]:
    """(places, office kind) of an agency name: 淮安市洪泽区人民政府 → ((淮安, 洪泽), 政府)."""
    text = normalise(name)
    matches = list(_PLACE.finditer(text))
    places = tuple(m.group(1) for m in matches)
    rest = text[matches[-1].end() :] if matches else text
    office = next((kind for kind, words, _ in OFFICE_KINDS if any(w in rest for w in words)), rest or "政府")
    if not places:
        places = (rest[:2],) if rest else ()
    return places, office


def directory(reports: list[ReportRow]) -> list[Agency]:
    groups: dict[str, list[ReportRow]] = {}
    for report in reports:
        places, office = parse_agency(report.agency)
        groups.setdefault(f"{places[-1] if places else report.agency}|{office}", []).append(report)
    out = []
    for key, rows in groups.items():
        latest = max(rows, key=lambda r: (r.year, r.id))
        places, office = parse_agency(latest.agency)
        out.append(Agency(key, latest.agency, places, office, tuple(sorted(rows, key=lambda r: (r.year, r.id)))))
    return sorted(out, key=lambda a: a.name)


def mentioned(question: str, agencies: list[Agency]) -> list[Agency]:
    """The agencies a question names; [] when it names none.

    An agency is named when its deepest place is in the question. Several agencies of one
    place are told apart by the office kind the question uses; a question that names no
    office kind keeps them all (see `prefer_government`).
    """
    text = normalise(question)
    by_place: dict[str, list[Agency]] = {}
    for agency in agencies:
        if agency.places and agency.places[-1] in text:
            by_place.setdefault(agency.places[-1], []).append(agency)
    out = []
    for same_place in by_place.values():
        out += [a for a in same_place if _office_named(text, a.office)] or same_place
    out = [a for a in out if not _only_inside_deeper_name(text, a, out)]
    return sorted(out, key=lambda a: text.find(a.places[-1]))


def _only_inside_deeper_name(text: str, agency: Agency, named: list[Agency]) -> bool:
    """「淮安市洪泽区人民政府」 names 洪泽区, not 淮安市: 淮安 only appears as the first part of a deeper name."""
    place = agency.places[-1]
    deeper = [a.places[-1] for a in named if len(a.places) > len(agency.places) and place in a.places[:-1]]
    if not deeper:
        return False
    starts = [m.start() for m in re.finditer(re.escape(place), text)]
    return all(any(d in text[s : s + len(place) + 12] for d in deeper) for s in starts)


def prefer_government(same_place: list[Agency]) -> list[Agency]:
    """Of several agencies of one place named only by the place, the government itself."""
    return [a for a in same_place if a.office == "政府"] or same_place


def _office_named(text: str, office: str) -> bool:
    if office == "政府":
        # "政府" alone is in every question about 政府信息公开; count it only as "X政府", not "政府信息".
        return bool(re.search(r"(人民政府|管委会|[市区县镇乡]政府)(?!信息|办|网)", text))
    for kind, words, asked in OFFICE_KINDS:
        if kind == office:
            return any(w in text for w in words + asked)
    return office in text
