"""Glued digits in a table that leaves cells blank (2019-format reports often leave 总计 blank in the
result rows): a row whose full reading keeps its own rule only by coincidence is never stated."""

from __future__ import annotations

from index import template as T
from index.parse.numbers import readings
from index.parse.resolve import Group, resolve

RULES = T.rules(False)
COLUMNS = (*T.APPLICANT_DETAIL_KEYS, "total")


def row(key: str, glued: str) -> Group:
    return Group(tuple(f"requests.{key}.{c}" for c in COLUMNS), tuple(readings([glued], 7, aligned=False)))


def test_a_coincidental_full_reading_is_not_stated_where_the_table_shows_blanks():
    # 12 0 0 0 0 3 and a blank 总计 glue to 「1200003」, which also reads 1 2 0 0 0 0 3 (1 + 2 = 3).
    # 「0711007」 (0 7 11 0 0 7, 总计 blank) has no full reading keeping its rule: the table lost values.
    choices = resolve([row("withheld.internal_affairs", "1200003"), row("not_processed.petition", "0711007")], RULES)
    natural = choices["requests.withheld.internal_affairs.natural_person"]
    total = choices["requests.withheld.internal_affairs.total"]
    assert natural.ambiguous and 12.0 in natural.candidates
    assert total.value is None


def test_without_blanks_the_row_rule_still_splits_a_glued_row():
    choices = resolve([row("disclosed", "801000081"), row("partial", "2000002")], RULES)
    assert choices["requests.partial.natural_person"].value == 2.0
    assert choices["requests.partial.total"].value == 2.0
