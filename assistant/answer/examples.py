"""Example questions built from the agencies in the index, so they always have an answer."""

from __future__ import annotations

from assistant.understand.agencies import Agency
from assistant.understand.naming import find_agencies
from assistant.understand.parse import normalise_question


def example_questions(agencies: list[Agency], scope: str | None = None) -> list[str]:
    """One question of each kind (a figure, a change over years, a review figure, a text
    question), spread over the agencies with the most reports; `scope` keeps a portal's."""
    if scope:
        text = normalise_question(scope)
        agencies = list(find_agencies(text, agencies, [False] * len(text)).agencies) or agencies
    ranked = sorted(agencies, key=lambda a: (-len(a.years), a.name))
    if not ranked:
        return []
    first, second, third = (ranked * 3)[:3]
    out = [f"{first.name}{first.latest_year()}年收到多少件政府信息公开申请？"]
    if len(first.years) > 1:
        before, last = first.years[-2:]
        out.append(f"{first.name}{before}年和{last}年新收申请数量相比有什么变化？")
    out.append(f"{second.name}{second.latest_year()}年行政复议有多少件？")
    out.append(f"{third.name}{third.latest_year()}年是如何做好依申请公开工作的？")
    return list(dict.fromkeys(out))
