"""Reading numbers out of table text, including cells glued together without separators.

A glued run such as "801000081" for seven columns has several readings; `readings` lists
them all and leaves the choice to the 勾稽 rules (index.parse.resolve).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

BLANK = None  # a cell the source leaves empty: "not stated", never 0
# A cell whose text could not be read with confidence (OCR): it holds its place and states no value.
UNREAD = "\ufffd"

_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMERIC_TOKEN = re.compile(r"^-?\d+(\.\d+)?$")
# What a table writes in a cell for "none": dashes, slashes and 「无」. The value is not stated (a blank, never 0).
BLANK_MARKS = frozenset({"-", "–", "—", "――", "——", "―", "－", "/", "／", "无"})
# Characters that survive PDF/OCR extraction without meaning anything in a cell, and the blank marks.
NOISE_TOKENS = frozenset({"+", ">", "~", "*", "|", "．", ".", "、", "#", ">~", "> ~"}) | BLANK_MARKS
MAX_READINGS = 5000

Reading = tuple[float | None, ...]


def clean_token(text: str) -> str:
    """Normalise one whitespace-free token: full-width digits, thousands separators, units."""
    token = text.strip().translate(_FULL_WIDTH)
    token = token.rstrip("件个元万%")
    if _THOUSANDS.match(token):
        token = token.replace(",", "")
    return token


# Full-width digits and signs, and the full-width comma typed as a thousands separator (1，234).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")


def is_number(token: str) -> bool:
    return bool(_NUMERIC_TOKEN.match(clean_token(token)))


def is_blank(text: str) -> bool:
    """A cell with nothing but noise is blank: the value is not stated."""
    stripped = text.strip()
    return not stripped or stripped in NOISE_TOKENS or all(t in NOISE_TOKENS for t in stripped.split())


@lru_cache(maxsize=4096)
def splits(token: str, parts: int) -> tuple[tuple[float, ...], ...]:
    """Every way to cut a glued numeric token into `parts` numbers without leading zeros.

    "000" → ((0, 0, 0),); "350" into 2 → ((3, 50), (35, 0)). A decimal point stays
    inside one part; a minus sign may only start a part.
    """
    token = clean_token(token)
    if parts < 1 or not token:
        return ()
    if parts == 1:
        return ((float(token),),) if _valid_part(token) else ()
    out = []
    for cuts in combinations(range(1, len(token)), parts - 1):
        bounds = (0, *cuts, len(token))
        pieces = [token[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(_valid_part(p) for p in pieces):
            out.append(tuple(float(p) for p in pieces))
            if len(out) > MAX_READINGS:
                break
    return tuple(out)


def _valid_part(part: str) -> bool:
    if not _NUMERIC_TOKEN.match(part):
        return False
    digits = part.lstrip("-")
    return not (len(digits) > 1 and digits[0] == "0" and digits[1] != ".")


def readings(items: list[str | None], columns: int, aligned: bool) -> list[Reading]:
    """All readings of a row's values as `columns` numbers (None where not stated).

    `items` are numeric tokens, possibly glued, BLANK markers and UNREAD cells (a value there is not
    known, but the cell holds its place). `aligned` says the
    source keeps cell positions (a real table row): then blanks hold their place, extra
    leading blanks are layout, and missing trailing columns cannot be placed. Without
    alignment (glued or space-separated text) a value that is missing can be anywhere, so
    every position is a reading.
    """
    items = _trim(items, columns, aligned)
    tokens = [t for t in items if _holds_value(t)]
    if not tokens:
        return [(None,) * columns]
    blanks = len(items) - len(tokens)
    if aligned and len(items) > columns and items.count(BLANK) >= len(items) - columns:
        return _without_spare_blanks(items, columns)
    most = sum(len(clean_token(t).replace(".", "").replace("-", "")) for t in tokens)
    if len(tokens) + blanks > columns:
        return []
    out: list[Reading] = []
    if most + blanks >= columns:
        for parts in _part_counts([clean_token(t) for t in tokens], columns - blanks):
            out.extend(_expand(items, parts))
            if len(out) > MAX_READINGS:
                return []
    if aligned:
        if len(tokens) + blanks < columns and all(splits(t, 1) for t in tokens):
            out.extend(_with_missing(items, [splits(t, 1)[0][0] for t in tokens], columns, aligned))
        return out
    return out + _unaligned_with_missing(tokens, columns, MAX_READINGS - len(out))


def _unaligned_with_missing(tokens: list[str], columns: int, room: int) -> list[Reading]:
    """Readings of unaligned tokens that hold fewer values than the row has columns: a blank cell
    leaves no trace in glued or space-separated text, so the run may be cut into any smaller number
    of values (each token one at least) and the missing ones may stand at any position.

    Readings with one value missing come first, then two, and so on; a count whose readings would
    pass `room` is left out with every larger one, so what is offered is every reading with up to
    some number of missing values."""
    out: list[Reading] = []
    cleaned = [clean_token(t) for t in tokens]
    for values in range(columns - 1, len(tokens) - 1, -1):
        level: list[Reading] = []
        for parts in _part_counts(cleaned, values):
            for reading in _expand(tokens, parts):
                level.extend(_insert_missing(list(reading), p) for p in combinations(range(columns), columns - values))
                if len(out) + len(level) > room:
                    return out
        out.extend(level)
    return out


def _with_missing(items: list[str | None], values: list[float], columns: int, aligned: bool) -> list[Reading]:
    """Readings that keep every token whole and leave the lost columns missing."""
    if aligned:
        # A short row lost cells at one end; which end is for the rules to say.
        placed = _interleave(items, values)
        pad = [None] * (columns - len(items))
        return list(dict.fromkeys([tuple(pad + placed), tuple(placed + pad)]))
    missing = columns - len(values)
    return [_insert_missing(values, positions) for positions in combinations(range(columns), missing)]


def _without_spare_blanks(items: list[str | None], columns: int) -> list[Reading]:
    """A row wider than the table: some blank cells are layout (a merged cell's shadow).

    Every choice of which blanks to drop is a reading; the rules pick among them.
    """
    blank_at = [i for i, t in enumerate(items) if t is BLANK]  # an unread cell is never layout
    out: list[Reading] = []
    for drop in combinations(blank_at, len(items) - columns):
        kept = [t for i, t in enumerate(items) if i not in drop]
        out.extend(r for r in readings(kept, columns, True) if r not in out)
        if len(out) > MAX_READINGS:
            return []
    return out


def _holds_value(item: str | None) -> bool:
    return item is not BLANK and item != UNREAD


def _trim(items: list[str | None], columns: int, aligned: bool) -> list[str | None]:
    """Blanks beyond the table's width are layout (padding after the row, a merged label's shadow
    before it); within the width a blank is a cell, trailing ones included."""
    items = list(items)
    if not aligned:
        return [t for t in items if t is not BLANK]
    while len(items) > columns and items[-1] is BLANK:
        items.pop()
    while len(items) > columns and items[0] is BLANK:
        items.pop(0)
    return items


def _part_counts(tokens: list[str], total: int) -> list[tuple[int, ...]]:
    """Ways to give each token a number of parts (≥1) adding up to `total`."""
    if not tokens:
        return [()] if total == 0 else []
    head, rest = tokens[0], tokens[1:]
    out = []
    for n in range(1, total - len(rest) + 1):
        if splits(head, n):
            out.extend((n, *tail) for tail in _part_counts(rest, total - n))
    return out


def _expand(items: list[str | None], parts: tuple[int, ...]) -> list[Reading]:
    options: list[tuple[tuple[float | None, ...], ...]] = []
    counts = iter(parts)
    for item in items:
        options.append(splits(item, next(counts)) if _holds_value(item) else ((None,),))
    out: list[Reading] = [()]
    for choice in options:
        out = [prefix + c for prefix in out for c in choice]
        if len(out) > MAX_READINGS:
            return out
    return out


def _interleave(items: list[str | None], values: list[float]) -> list[float | None]:
    it = iter(values)
    return [next(it) if _holds_value(t) else None for t in items]


def _insert_missing(values: list[float], positions: tuple[int, ...]) -> Reading:
    it = iter(values)
    return tuple(None if i in positions else next(it) for i in range(len(values) + len(positions)))


def format_number(value: float) -> str:
    """A value as people write it: 6, not 6.0; 24252.311082, not 2.4e4."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"  # every decimal the report printed, no float noise


def json_number(value: float | None) -> int | float | None:
    """6.0 → 6 in JSON, so figures read as the report wrote them."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
