"""Document → ParsedReport: metadata, the three tables as canonical cells, rule results."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index import template as T
from index.document import OCR_SURE_CONFIDENCE, ROW, Document, ReadError
from index.model import AMBIGUOUS, MISSING, STATED, Cell, ParsedReport, ReportMeta, Source
from index.parse.checks import check, derive
from index.parse.kinds import fitting
from index.parse.metadata import NOTHING_SUPPLIED, Supplied, identify, is_annual_report
from index.parse.narrative import narrative_hints
from index.parse.numbers import BLANK, UNREAD, clean_token, is_blank, is_number, readings
from index.parse.resolve import Group, best, evaluate, plausible, resolve
from index.parse.tables import (
    Label,
    RowValues,
    Stream,
    find_labels,
    flatten,
    frames,
    orphan_rows,
    own,
    placed_as,
    row_values,
)

_REVIEW_RUN = re.compile(r"(?:-?\d+(?:\.\d+)?[ \t]*){1,}")
_MIN_REVIEW_DIGITS = 5
_TABLE_WINDOW = 800  # characters after 本年新收 in which 表三's row labels are counted
# Of 表三's row labels, at least this many in that window unless 本年新收 stands in a table row: the table
# names almost all of them, a news item or work plan quoting it a few (「本年新收…81件，上年结转…3件…」).
_MIN_REQUEST_LABELS = 8


@dataclass(frozen=True)
class Regions:
    active: tuple[int, int] | None
    requests: tuple[int, int] | None
    review: tuple[int, int] | None


def parse_report(document: Document, file: str, supplied: Supplied = NOTHING_SUPPLIED) -> ParsedReport:
    """Parse one document; raise ReadError when it is not an annual report."""
    if not is_annual_report(document):
        raise ReadError("这不是政府信息公开工作年度报告：既没有年报标题，也没有年报模板的章节和统计表")
    stream = flatten(document)
    regions = _regions(stream)
    if not any((regions.active, regions.requests, regions.review)):
        raise ReadError("这不是政府信息公开工作年度报告：没有找到年报模板中的任何一张统计表（表二、表三、表四）")
    found = identify(document, file, supplied)  # after the tables: a news item is not asked for its agency
    fmt = _format(stream, regions.active)
    other_split = _other_split(stream, regions.requests)
    rows: list[tuple[tuple[str, ...], RowValues]] = []
    warnings: list[str] = list(document.warnings)
    if regions.active:
        rows += _active_rows(stream, regions.active, fmt)
    else:
        warnings.append("未找到表二（主动公开政府信息情况），该表各项记为报告未列明")
    if regions.requests:
        request_rows, orphan_note = _request_rows(stream, regions.requests, other_split)
        rows += request_rows
        warnings += orphan_note
    else:
        warnings.append("未找到表三（收到和处理政府信息公开申请情况），该表各项记为报告未列明")
    if regions.review:
        rows += _review_rows(stream, regions.review)
    else:
        warnings.append("未找到表四（政府信息公开行政复议、行政诉讼情况），该表各项记为报告未列明")
    rules = T.rules(other_split)
    rows = _in_frames(rows, rules)
    rows = [(ids, replace(v, readings=fitting(ids, v.readings))) for ids, v in rows]
    rows = _with_narrative(rows, narrative_hints(_prose(stream, regions), fmt))
    cells = _cells(rows, rules, fmt, other_split)
    cells = derive(cells, rules)
    meta = ReportMeta(found.agency, found.year, found.title, fmt, found.agency_from, found.year_from)
    return ParsedReport(file, meta, cells, check(cells, rules), warnings)


# ---------------------------------------------------------------- regions


def _regions(stream: Stream) -> Regions:
    text = stream.text
    requests_lo = _request_table_start(stream)
    active_hi = requests_lo if requests_lo is not None else len(text)
    active_lo = _first(text, T.ACTIVE_TABLE_ANCHORS, 0, active_hi)
    review_from = requests_lo if requests_lo is not None else (active_lo or 0)
    carried_out = _first(text, T.REQUEST_ROW_BY_KEY["carried_out"].keys, review_from, len(text))
    review_lo = _first(text, T.REVIEW_TABLE_ANCHORS, carried_out or review_from, len(text))
    review_hi = _first(text, T.NEXT_SECTION_KEYS, review_lo, len(text)) if review_lo is not None else None
    if review_lo is not None and review_hi is None:
        review_hi = len(text)
    requests = (requests_lo, review_lo or len(text)) if requests_lo is not None else None
    active = (active_lo, active_hi) if active_lo is not None else None
    review = (review_lo, review_hi) if review_lo is not None else None
    return Regions(active, requests, review)


def _request_table_start(stream: Stream) -> int | None:
    """Where 表三 begins: the 本年新收 followed by the most of the table's row labels.

    Narrative sentences also say 「本年新收…上年结转…」; only the table goes on to name its
    result rows, so the densest candidate wins (the first of equals), if it stands in a table row
    or is dense enough to be the table.
    """
    text = stream.text
    best, best_score = None, 0
    for match in T.label_pattern(T.REQUEST_ROW_BY_KEY["new"].keys).finditer(text):
        window = text[match.start() : match.start() + _TABLE_WINDOW]
        if T.find_label(window, (T.REQUEST_TABLE_CHECK,), 0, 600) is None:
            continue
        score = sum(1 for row in T.REQUEST_ROWS if T.find_label(window, row.keys))
        if score < _MIN_REQUEST_LABELS and stream.span_at(match.start()).cell is None:
            continue
        if score > best_score:
            best, best_score = match.start(), score
    return best


def _first(text: str, keys: tuple[str, ...], lo: int, hi: int) -> int | None:
    match = T.find_label(text, keys, lo, hi)
    return match.start() if match else None


def _format(stream: Stream, active: tuple[int, int] | None) -> str:
    scope = stream.text[active[0] : active[1]] if active else stream.text
    if T.find_label(scope, T.FORMAT_2019_MARKERS) and not T.find_label(scope, T.FORMAT_2021_MARKERS):
        return T.FORMAT_2019
    return T.FORMAT_2021


def _other_split(stream: Stream, requests: tuple[int, int] | None) -> bool:
    if requests is None:
        return True
    scope = stream.text[requests[0] : requests[1]]
    split_keys = tuple(k for key in T.OTHER_SPLIT_ROWS[:2] for k in T.REQUEST_ROW_BY_KEY[key].keys)
    return T.find_label(scope, split_keys) is not None


# ---------------------------------------------------------------- rows


def _values_by_label(stream: Stream, labels: list[Label], hi: int, columns: dict[str, int]) -> list[RowValues]:
    stops = [label.start for label in labels[1:]] + [hi]
    return [row_values(stream, label, stop, columns[label.key]) for label, stop in zip(labels, stops)]


def _active_rows(stream: Stream, region: tuple[int, int], fmt: str) -> list[tuple[tuple[str, ...], RowValues]]:
    items = T.ACTIVE_ITEMS[fmt]
    labels = find_labels(stream, [(i.key, i.keys, 0, i.label) for i in items], *region)
    by_key = {i.key: i for i in items}
    values = _values_by_label(stream, labels, region[1], {i.key: len(i.columns) for i in items})
    return [(tuple(f"active.{v.key}.{c.key}" for c in by_key[v.key].columns), v) for v in values]


def _request_rows(
    stream: Stream, region: tuple[int, int], other_split: bool
) -> tuple[list[tuple[tuple[str, ...], RowValues]], list[str]]:
    keys = T.request_rows(other_split)
    rows = [T.REQUEST_ROW_BY_KEY[k] for k in keys]
    specs = [(r.key, r.keys, _ordinal(r.key, keys), r.printed) for r in rows]
    labels = find_labels(stream, specs, *region)
    columns = len(T.APPLICANT_COLUMNS)
    values = _values_by_label(stream, labels, region[1], dict.fromkeys(keys, columns))
    values, notes = _place_orphans(stream, region, labels, values, columns)
    return [(tuple(f"requests.{v.key}.{c}" for c in T.APPLICANT_KEYS), v) for v in values], notes


def _ordinal(key: str, keys: tuple[str, ...]) -> int:
    """A sub-row's number within its group: withheld.third_party → 4 (「4.保护第三方…」)."""
    if "." not in key:
        return 0
    group = key.split(".")[0]
    siblings = [k for k in keys if k.startswith(group + ".")]
    return siblings.index(key) + 1


def _place_orphans(
    stream: Stream, region: tuple[int, int], labels: list[Label], values: list[RowValues], columns: int
) -> tuple[list[RowValues], list[str]]:
    """Give value rows that lost their label to the labels that lost their values, in order.

    Only when the counts match; the rules then have the last word (see _drop_broken_orphans).
    """
    pending = [i for i, v in enumerate(values) if not v.readings]
    label_blocks = {stream.span_at(label.start).block for label in labels}
    label_blocks |= {v.value_block for v in values if v.value_block is not None}
    orphans = orphan_rows(stream, region[0], region[1], label_blocks)
    if not pending or not orphans:
        return values, []
    if len(pending) != len(orphans):
        return values, [f"表三有{len(orphans)}行数字与行名分离，无法确定对应关系，相关行记为报告未列明"]
    out = list(values)
    for i, (items, source) in zip(pending, orphans):
        out[i] = RowValues(values[i].key, readings(items, columns, True), source, from_orphan=True)
    return out, []


def _review_rows(stream: Stream, region: tuple[int, int]) -> list[tuple[tuple[str, ...], RowValues]]:
    cells = tuple(f"{g.key}.{c.key}" for g in T.REVIEW_GROUPS for c in T.REVIEW_COLUMNS)
    found = _review_values(stream, region)
    return [(cells, found)] if found else []


def _review_values(stream: Stream, region: tuple[int, int]) -> RowValues | None:
    """表四 has one data row of 15 values under two header rows; it may wrap over rows."""
    items: list[str | None] = []
    source: Source | None = None
    aligned = True
    seen: set[int] = set()
    for span in stream.spans:
        if span.end <= region[0] or span.start >= region[1] or span.block in seen:
            continue
        seen.add(span.block)
        block = stream.document.blocks[span.block]
        if block.kind != ROW and not block.sure:
            continue
        cells = (
            block.read_cells()
            if block.kind == ROW
            else [stream.text[max(region[0], span.start) : min(region[1], span.end)]]
        )
        numeric = _numeric_items(cells)
        columns = len(T.REVIEW_GROUPS) * len(T.REVIEW_COLUMNS)
        spaced = block.kind != ROW or any(len(c.split()) > 1 for c in cells) or not placed_as(block, cells, columns)
        if numeric is not None and spaced:
            aligned = False  # numbers apart by spaces only: a blank cell left no trace between them
            numeric = [n for n in numeric if n is not BLANK]
        if numeric is None:
            if items:
                continue  # a header between the groups' rows
            run = _REVIEW_RUN.search(cells[0]) if block.kind != ROW else None
            if run and sum(ch.isdigit() for ch in run.group(0)) >= _MIN_REVIEW_DIGITS:
                items, source, aligned = run.group(0).split(), stream.source(span.start), False
                break
            continue
        source = source or stream.source(span.start)
        items.extend(numeric)
        if sum(1 for i in items if i is not BLANK) >= len(T.REVIEW_GROUPS) * len(T.REVIEW_COLUMNS):
            break
    if not items:
        return None
    columns = len(T.REVIEW_GROUPS) * len(T.REVIEW_COLUMNS)
    return RowValues("review", readings(items, columns, aligned), source)


def _numeric_items(cells: list[str]) -> list[str | None] | None:
    """The cells of a purely numeric row (blanks kept), or None for a row with words."""
    out: list[str | None] = []
    for cell in cells:
        tokens = cell.split()
        if cell == UNREAD or is_blank(cell):
            out.append(UNREAD if cell == UNREAD else BLANK)
        elif all(is_number(t) for t in tokens):
            out.extend(clean_token(t) for t in tokens)
        else:
            return None
    return out if any(o is not BLANK and o != UNREAD for o in out) else None


# ---------------------------------------------------------------- cells


def _in_frames(
    rows: list[tuple[tuple[str, ...], RowValues]], rules: list[T.Rule]
) -> list[tuple[tuple[str, ...], RowValues]]:
    """Read the rows of a table that keep their cell positions with one placement of its columns.

    Where several placements hold every number (a blank at the edge of each row), the rules
    choose; the cells on which the best placements disagree keep each one's reading, so they
    end up ambiguous rather than moved into a neighbouring column. A row no placement fits (a
    conversion shifted it) is read at each place its numbers fit, and the rules choose again.
    """
    tables: dict[tuple[str, int], list[int]] = {}
    for i, (ids, values) in enumerate(rows):
        if values.placed is not None:
            tables.setdefault((ids[0].split(".")[0], len(ids)), []).append(i)
    out = list(rows)
    for (_, columns), members in tables.items():
        placed = [rows[i][1].placed for i in members]
        options = frames(placed, columns)
        if not options:
            for i, p in zip(members, placed):
                if p.recognized:  # its own readings would move values between the grid's columns
                    out[i] = (rows[i][0], replace(rows[i][1], readings=[]))
            continue  # no placement fits any row: each keeps its own readings
        candidates = [
            {
                cid: v
                for i, p, s in zip(members, placed, starts)
                if s is not None
                for cid, v in zip(rows[i][0], p.window(s, columns))
            }
            for starts in options
        ]
        chosen = [options[c] for c in best(candidates, rules)]
        for k, (i, p) in enumerate(zip(members, placed)):
            ids, values = rows[i]
            starts = {o[k] for o in chosen}
            if None in starts:
                starts = set(own(p, columns))
            if starts:
                kept = list(dict.fromkeys(p.window(s, columns) for s in sorted(starts)))
                out[i] = (ids, replace(values, readings=kept))
            elif p.recognized:
                out[i] = (ids, replace(values, readings=[]))  # not placeable one-to-one: unread
    return _unread_broken(_shifted(out, rules), rules)


def _shifted(
    rows: list[tuple[tuple[str, ...], RowValues]], rules: list[T.Rule]
) -> list[tuple[tuple[str, ...], RowValues]]:
    """Rows a conversion may have shifted: read at the table's placement they break a rule that
    another placement of the same row keeps.

    Broken as stated (see resolve.evaluate): the row's readings become the placements that break
    no rule, and the rules choose among them as among the splits of glued digits. Broken only
    with blank cells counted as 0 (resolve.plausible): the table's placement stays a reading
    beside the others, so what the rules cannot decide is ambiguous, never moved.
    """
    fixed = {cid: v for ids, values in rows if len(values.readings) == 1 for cid, v in zip(ids, values.readings[0])}
    out = list(rows)
    for i, (ids, values) in enumerate(rows):
        if values.placed is None or values.placed.recognized or len(values.readings) != 1:
            continue  # an OCR'd row stands in the page's grid: a rule it breaks is a misreading
        touched = [r for r in rules if set(ids) & set(r.terms)]
        here = values.readings[0]
        others = [w for s in own(values.placed, len(ids)) if (w := values.placed.window(s, len(ids))) != here]
        if _score(evaluate, touched, fixed, ids, here)[0]:
            holding = [w for w in others if not _score(evaluate, touched, fixed, ids, w)[0]]
            if holding:
                out[i] = (ids, replace(values, readings=holding))
        elif _score(plausible, touched, fixed, ids, here)[0]:
            scores = {w: _score(plausible, touched, fixed, ids, w) for w in others}
            top = min((sc for sc in scores.values() if not sc[0]), default=None)
            if top is not None:
                out[i] = (ids, replace(values, readings=[here, *(w for w, sc in scores.items() if sc == top)]))
    return out


def _unread_broken(
    rows: list[tuple[tuple[str, ...], RowValues]], rules: list[T.Rule]
) -> list[tuple[tuple[str, ...], RowValues]]:
    """Values read by OCR that break a 勾稽 rule as read become unread, every such term of the rule.

    A scan's grid keeps each value in its column, so a broken rule means a digit misrecognised
    with confidence, or a report that breaks its own rule, as some printed ones do; which term it is
    cannot be told, so none of the OCR'd ones is stated, unless every term was read so surely
    (OCR_SURE_CONFIDENCE) that the rule is the report's own: then it stays broken as printed.
    """
    recognized = {i for i, (_, values) in enumerate(rows) if values.source is not None and values.source.recognized}
    if not recognized:
        return rows
    fixed = {cid: v for ids, values in rows if len(values.readings) == 1 for cid, v in zip(ids, values.readings[0])}
    confidence = _confidences(rows)
    doubtful = {
        t
        for rule in rules
        if evaluate(rule, fixed) is False and any(confidence.get(t, 1.0) < OCR_SURE_CONFIDENCE for t in rule.terms)
        for t in rule.terms
    }
    out = list(rows)
    for i in recognized:
        ids, values = rows[i]
        if doubtful & set(ids):
            kept = [tuple(None if cid in doubtful else v for cid, v in zip(ids, r)) for r in values.readings]
            out[i] = (ids, replace(values, readings=list(dict.fromkeys(kept))))
    return out


def _confidences(rows: list[tuple[tuple[str, ...], RowValues]]) -> dict[str, float]:
    """Each OCR'd cell's recognition confidence (its row's lowest where the columns' own are not known)."""
    out = {}
    for ids, values in rows:
        for column, cid in enumerate(ids):
            source = values.source_of(column)
            if source is not None and source.confidence is not None:
                out[cid] = source.confidence
    return out


def _score(test, rules: list[T.Rule], fixed: dict[str, float | None], ids: tuple[str, ...], reading) -> tuple[int, int]:
    """(rules broken, -rules holding) with the row read as `reading`."""
    trial = {**fixed, **dict(zip(ids, reading))}
    results = [test(r, trial) for r in rules]
    return sum(1 for r in results if r is False), -sum(1 for r in results if r is True)


def _prose(stream: Stream, regions: Regions) -> str:
    """The text outside the three tables."""
    spans = sorted(r for r in (regions.active, regions.requests, regions.review) if r)
    pieces, pos = [], 0
    for lo, hi in spans:
        pieces.append(stream.text[pos:lo])
        pos = max(pos, hi)
    pieces.append(stream.text[pos:])
    return "\n".join(pieces)


def _with_narrative(
    rows: list[tuple[tuple[str, ...], RowValues]], hints: dict[str, set[float]]
) -> list[tuple[tuple[str, ...], RowValues]]:
    """Keep the readings of a 表二 row that agree with what the prose states.

    A hint counts only when one of the row's readings has that value in that cell; then
    every kept reading must have it there.
    """
    out = []
    for ids, values in rows:
        if len(values.readings) > 1:
            for j, cid in enumerate(ids):
                stated = hints.get(cid, set()) & {r[j] for r in values.readings}
                if stated:
                    values = replace(values, readings=[r for r in values.readings if r[j] in stated])
        out.append((ids, values))
    return out


def _cells(
    rows: list[tuple[tuple[str, ...], RowValues]], rules: list[T.Rule], fmt: str, other_split: bool
) -> dict[str, Cell]:
    groups = [Group(ids, tuple(v.readings)) for ids, v in rows]
    choices = resolve(groups, rules)
    source_of = {cid: v.source_of(j) for ids, v in rows for j, cid in enumerate(ids)}
    out: dict[str, Cell] = {}
    for cid in _template_cells(fmt, other_split):
        choice = choices.get(cid)
        if choice is None:
            out[cid] = Cell(cid, MISSING)
        elif choice.ambiguous:
            out[cid] = Cell(cid, AMBIGUOUS, source=source_of[cid], readings=choice.candidates)
        elif choice.value is None:
            out[cid] = Cell(cid, MISSING, source=source_of[cid])
        else:
            out[cid] = Cell(cid, STATED, choice.value, source_of[cid])
    return _drop_broken_orphans(out, rows, rules)


def _drop_broken_orphans(
    cells: dict[str, Cell], rows: list[tuple[tuple[str, ...], RowValues]], rules: list[T.Rule]
) -> dict[str, Cell]:
    """Rows placed from out-of-place values stand only if no rule they touch breaks."""
    orphan_cells = {cid for ids, v in rows if v.from_orphan for cid in ids}
    if not orphan_cells:
        return cells
    values = {cid: c.value for cid, c in cells.items() if c.status == STATED}
    touched = [r for r in rules if orphan_cells & set(r.terms)]
    if all(evaluate(r, values) is not False for r in touched):
        return cells
    return {cid: (Cell(cid, MISSING) if cid in orphan_cells else c) for cid, c in cells.items()}


def _template_cells(fmt: str, other_split: bool) -> list[str]:
    skip = T.OTHER_SINGLE_ROW if other_split else None
    out = []
    for cid in T.cells_of_format(fmt):
        spec = T.cell(cid)
        if spec.table == T.TABLE_REQUESTS and (
            spec.row == skip or (not other_split and spec.row in T.OTHER_SPLIT_ROWS)
        ):
            continue
        out.append(cid)
    return out
