"""Which stored reports a question is about: agencies and years resolved against the index."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.agencies import Agency, prefer_government
from assistant.understand import Understanding
from index.store import ReportRow


@dataclass(frozen=True)
class Scope:
    """The reports to answer from (primary rendition first), or why there are none."""

    reports: tuple[tuple[Agency, int, tuple[ReportRow, ...]], ...] = ()  # (agency, year, renditions)
    note: str = ""  # said before the answer, e.g. which report a question without a year used
    problem: str = ""  # said instead of an answer: ask back, or the year is not in the index
    candidates: tuple[Agency, ...] = ()

    @property
    def report_ids(self) -> list[int]:
        return [r.id for _, _, renditions in self.reports for r in renditions[:1]]


def resolve_scope(u: Understanding, agencies: list[Agency], need_agency: bool = True) -> Scope:
    named = list(u.agencies)
    if not named:
        if len(agencies) == 1:
            named = agencies
        elif need_agency:
            return Scope(problem=_ask_which(agencies), candidates=tuple(agencies))
        else:
            named = agencies
    named = _one_per_place(u, named)
    if isinstance(named, Scope):
        return named
    out, notes, missing = [], [], []
    for agency in named:
        years = _years_for(u, agency)
        if not years:
            missing.append(f"{agency.name}（现有年度：{_years_text(agency)}）")
            continue
        if not (u.years or u.recent or u.relative is not None):
            notes.append(f"问题未说明年度，按{agency.name}最新的{years[0]}年报告回答")
        for year in years:
            renditions = tuple(agency.reports_of(year))
            if renditions:
                out.append((agency, year, renditions))
            else:
                missing.append(f"{agency.name}{year}年（现有年度：{_years_text(agency)}）")
    if not out:
        return Scope(problem="索引中没有" + "、".join(missing) + "的报告。")
    note = "；".join(notes)
    if missing:
        note = "；".join(filter(None, [note, "索引中没有" + "、".join(missing) + "的报告"]))
    return Scope(tuple(out), note)


def _one_per_place(u: Understanding, named: list[Agency]) -> list[Agency] | Scope:
    """Two offices of one place named only by the place: the year may tell them apart, else ask."""
    by_place: dict[str, list[Agency]] = {}
    for agency in named:
        by_place.setdefault(agency.places[-1] if agency.places else agency.name, []).append(agency)
    out = []
    for same_place in by_place.values():
        if len(same_place) > 1 and u.years:
            same_place = [a for a in same_place if set(u.years) & set(a.years)] or same_place
        if len(same_place) > 1:
            same_place = prefer_government(same_place)
        if len(same_place) > 1:
            return Scope(problem=_ask_which(same_place), candidates=tuple(same_place))
        out += same_place
    return out


def _years_for(u: Understanding, agency: Agency) -> list[int]:
    available = agency.years
    if u.years:
        return list(u.years)
    latest = agency.latest_year()
    if u.recent:
        return [y for y in available if y > latest - u.recent]
    if u.relative is not None:
        return [latest - u.relative]
    return [latest]


def _years_text(agency: Agency) -> str:
    return "、".join(f"{y}年" for y in agency.years)


def _ask_which(agencies: list[Agency]) -> str:
    names = "、".join(a.name for a in agencies[:8])
    return f"请问您想了解哪个机关的年报？目前可查询：{names}。"
