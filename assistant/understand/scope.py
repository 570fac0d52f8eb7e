"""Which stored reports a query is about: agencies and years resolved against the index.

Nothing the question names is replaced: a year or agency the index lacks is said so, with what it
has. The latest year is used only when the question names no year, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from assistant.understand.agencies import GOVERNMENT, Agency, organ_aliases
from assistant.understand.query import Operation, Query, Slot, Years
from index.store.reports import ReportRow


@dataclass(frozen=True)
class Scope:
    """The reports to answer from (primary rendition first), or why there are none."""

    reports: tuple[tuple[Agency, int, tuple[ReportRow, ...]], ...] = ()  # (agency, year, renditions)
    note: str = ""  # said before the answer, e.g. which report a question without a year used
    problem: str = ""  # said instead of an answer: ask back, or the year is not in the index
    candidates: tuple[Agency, ...] = ()
    missing: tuple[Slot, ...] = ()  # what the question names that the index lacks (the agency, the year)

    @property
    def report_ids(self) -> list[int]:
        return [r.id for _, _, renditions in self.reports for r in renditions[:1]]


def resolve_scope(q: Query, agencies: list[Agency], this_year: int | None = None) -> Scope:
    """`this_year` is the calendar year 去年/前年 count back from (today's, unless a test fixes it)."""
    this_year = this_year or date.today().year
    if q.placed and not q.years.fixed:  # 「洪泽区排第几」: among the agencies with a report of its latest year
        latest = q.placed.latest_year()
        scope = resolve_scope(replace(q, years=Years((latest,))), agencies, this_year)
        if scope.problem:
            return scope
        note = f"问题未说明年度，按{q.placed.name}最新的{latest}年报告，在同一年度有报告的机关中排序"
        return replace(scope, note="；".join(filter(None, [note, scope.note])))
    missing_names = [u for u in q.unresolved if u.slot is Slot.AGENCY]
    named = list(q.agencies)
    if missing_names and not named:
        return Scope(
            problem=_missing_agency(missing_names, agencies),
            candidates=_suggested(missing_names, agencies),
            missing=(Slot.AGENCY,),
        )
    if q.every_agency:
        named = named if q.collective else agencies
    elif not named:
        if len(agencies) == 1:
            named = agencies
        else:
            return Scope(problem=_ask_which(agencies), candidates=tuple(agencies))
    if not q.every_agency:
        named = _one_per_place(q, named)
        if isinstance(named, Scope):
            return named
    out, notes, missing = [], [], []
    for agency in named:
        years = _years_for(q, agency, this_year)
        if not years:
            if not q.every_agency:
                missing.append(f"{agency.name}（现有年度：{_years_text(agency)}）")
            continue
        if not q.years.fixed and not q.every_agency:
            how = "与上一年比较" if q.years.with_previous else "回答"
            notes.append(f"问题未说明年度，按{agency.name}最新的{max(years)}年报告{how}")
        for year in years:
            renditions = tuple(agency.reports_of(year))
            if renditions:
                out.append((agency, year, renditions))
            elif not q.every_agency:
                missing.append(f"{agency.name}{year}年（现有年度：{_years_text(agency)}）")
    lacking = tuple(dict.fromkeys([*([Slot.AGENCY] if missing_names else []), *([Slot.YEAR] if missing else [])]))
    lacks = [_missing_agency(missing_names, agencies).rstrip("。")] if missing_names else []
    if missing:
        lacks.append("索引中没有" + "、".join(missing) + "的报告")
    if lacks and q.operation in _COMBINING:  # a difference or sum of what is partly missing is not computed
        return Scope(problem="；".join(lacks) + f"，无法{_COMBINING[q.operation]}。", missing=lacking)
    if not out:
        if q.every_agency and q.years.explicit:
            years = "、".join(f"{y}年" for y in q.years.explicit)
            return Scope(problem=f"索引中没有{years}的报告。", missing=(Slot.YEAR,))
        return Scope(problem="；".join(lacks) + "。", missing=lacking)
    note = "；".join(notes)
    if q.every_agency and not q.years.fixed:
        note = "问题未说明年度，各机关均按其最新一年的报告"
    if q.collective:
        counted = "、".join(dict.fromkeys(agency.name for agency, _, _ in out))
        note = "；".join(filter(None, [f"「{q.collective.text}」按索引中的{counted}计", note]))
    return Scope(tuple(out), "；".join(filter(None, [note, *lacks])), missing=lacking)


# Operations whose result needs every figure named: one missing, there is nothing to state.
_COMBINING = {Operation.DIFFERENCE: "比较", Operation.SUM: "相加"}


def _missing_agency(missing, agencies: list[Agency]) -> str:
    names = "、".join(dict.fromkeys(u.text for u in missing))
    nearby = [s for u in missing for s in u.suggestions]
    have = "、".join(dict.fromkeys(nearby)) if nearby else "、".join(a.name for a in agencies[:8])
    where = "同一地方现有" if nearby else "目前可查询"
    return f"索引中没有「{names}」的年报（{where}：{have}）。"


def _suggested(missing, agencies: list[Agency]) -> tuple[Agency, ...]:
    names = {s for u in missing for s in u.suggestions}
    return tuple(a for a in agencies if a.name in names) or tuple(agencies)


def _one_per_place(q: Query, named: list[Agency]) -> list[Agency] | Scope:
    """Two offices of one place named only by the place: the year may tell them apart, then the
    government itself; else ask back. Offices each named by their organ (「上海科委和上海市政府办公厅」)
    are all asked."""
    by_place: dict[str, list[Agency]] = {}
    for agency in named:
        by_place.setdefault(agency.key.split("|")[0], []).append(agency)
    out = []
    for same_place in by_place.values():
        by_organ = [a for a in same_place if _organ_written(q, a)]
        if len(by_organ) > 1:
            out += by_organ
            continue
        if len(same_place) > 1 and q.years.explicit:
            same_place = [a for a in same_place if set(q.years.explicit) & set(a.years)] or same_place
        if len(same_place) > 1:
            same_place = [a for a in same_place if a.organ.stem == GOVERNMENT] or same_place
        if len(same_place) > 1:
            return Scope(problem=_ask_which(same_place), candidates=tuple(same_place))
        out += same_place
    return _same_name_apart(q, out)


def _organ_written(q: Query, agency: Agency) -> bool:
    return any(alias in span.text for span in q.agency_spans for alias in organ_aliases(agency.organ))


def _same_name_apart(q: Query, named: list[Agency]) -> list[Agency] | Scope:
    """同名 agencies of different parents (南京市 / 福州市 鼓楼区教育局): the question must write the parent
    of each, else it named one of them without saying which, and is asked back."""
    by_name: dict[str, list[Agency]] = {}
    for agency in named:
        place, office = agency.key.split("|")
        by_name.setdefault(place.split("/")[-1] + "|" + office, []).append(agency)
    for same_name in by_name.values():
        parents_written = all(any(p in q.question for p in a.places[:-1]) for a in same_name)
        if len(same_name) > 1 and not parents_written:
            return Scope(problem=_ask_which(same_name), candidates=tuple(same_name))
    return named


def _years_for(q: Query, agency: Agency, this_year: int) -> list[int]:
    available = agency.years
    latest = agency.latest_year()
    if q.years.explicit:
        years = list(q.years.explicit)
    elif q.years.since:
        years = [y for y in available if y >= q.years.since] or [q.years.since]
    elif q.years.every:
        years = list(available)
    elif q.years.recent:
        years = [y for y in available if y > latest - q.years.recent]
    elif q.years.relative is not None:
        years = sorted(this_year - r for r in (q.years.relative, *q.years.more_relative))
    else:
        years = [latest]
    if q.years.with_previous and len(years) == 1:
        years = [years[0] - 1, years[0]]
    return years


def _years_text(agency: Agency) -> str:
    return "、".join(f"{y}年" for y in agency.years)


def _ask_which(agencies: list[Agency]) -> str:
    names = "、".join(a.name for a in agencies[:8])
    return f"请问您想了解哪个机关的年报？目前可查询：{names}。"
