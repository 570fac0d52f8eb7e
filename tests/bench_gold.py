"""The gold-table figure, printed (not asserted): per gold file, stated cells read exactly, ambiguous
offering the value, missing, wrong (stated or derived with another value) and invented (blank, stated).

`python tests/bench_gold.py`: every file of ../shared/gold (or tests/fixtures/gold) parsed from the corpus.
A last line counts the same cells over the renditions of each report in the corpus (another file of the
same agency and year whose stated cells all agree, e.g. the saved web page beside a text dump): answers
read a cell from the first rendition that states it (assistant/answer/figures.py), so that is what a citizen gets.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.document import ReadError  # noqa: E402
from index.ingest import parse_file  # noqa: E402
from index.model import AMBIGUOUS, DERIVED, STATED, ParsedReport  # noqa: E402
from index.readers import SUPPORTED_SUFFIXES  # noqa: E402
from tests.helpers import CORPUS, gold_files, load_gold  # noqa: E402

COLUMNS = ("stated", "read", "ambiguous", "missing", "wrong", "invented")


def score(gold: dict, renditions: tuple[ParsedReport, ...] = ()) -> Counter[str]:
    _, parsed = parse_file(CORPUS / gold["file"], gold["file"])
    out: Counter[str] = Counter()
    for cid, expected in gold["cells"].items():
        cell = next((r.cells[cid] for r in (parsed, *renditions) if r.cells[cid].status == STATED), parsed.cells[cid])
        if expected is None:
            out["invented"] += cell.status == STATED
            continue
        out["stated"] += 1
        if cell.status in (STATED, DERIVED) and cell.value != expected:
            out["wrong"] += 1
        elif cell.status == STATED:
            out["read"] += 1
        elif cell.status == AMBIGUOUS and expected in cell.readings:
            out["ambiguous"] += 1
        else:
            out["missing"] += 1
    return out


def main() -> None:
    total: Counter[str] = Counter()
    print(f"{'gold file':<32} " + " ".join(f"{c:>9}" for c in COLUMNS))
    for path in gold_files():
        counts = score(load_gold(path))
        total.update(counts)
        print(f"{path.stem:<32} " + " ".join(f"{counts[c]:>9}" for c in COLUMNS))
    share = total["read"] / total["stated"] if total["stated"] else 1.0
    print(f"{'all':<32} " + " ".join(f"{total[c]:>9}" for c in COLUMNS) + f"   read {share:.1%}")
    corpus = _corpus()
    over: Counter[str] = Counter()
    for path in gold_files():
        gold = load_gold(path)
        over.update(score(gold, _renditions(gold["file"], corpus)))
    share = over["read"] / over["stated"] if over["stated"] else 1.0
    label = "all, over renditions"
    print(f"{label:<32} " + " ".join(f"{over[c]:>9}" for c in COLUMNS) + f"   read {share:.1%}")


def _corpus() -> dict[str, ParsedReport]:
    out = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.name != "README.md":
            name = str(path.relative_to(CORPUS))
            try:
                out[name] = parse_file(path, name)[1]
            except ReadError:
                continue
    return out


def _renditions(file: str, corpus: dict[str, ParsedReport]) -> tuple[ParsedReport, ...]:
    """The other files of the corpus that are the same report: same agency and year, no stated cell differing."""
    own = corpus[file]
    return tuple(
        other
        for name, other in corpus.items()
        if name != file
        and (other.meta.agency, other.meta.year) == (own.meta.agency, own.meta.year)
        and not any(
            c.status == STATED
            and other.cells.get(cid) is not None
            and other.cells[cid].status == STATED
            and other.cells[cid].value != c.value
            for cid, c in own.cells.items()
        )
    )


if __name__ == "__main__":
    main()
