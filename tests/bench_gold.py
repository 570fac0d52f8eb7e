"""The gold-table figure, printed (not asserted): per gold file, stated cells read exactly, ambiguous
offering the value, missing, wrong (stated or derived with another value) and invented (blank, stated).

`python tests/bench_gold.py`: every file of ../shared/gold (or tests/fixtures/gold) parsed from the corpus.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.ingest import parse_file  # noqa: E402
from index.model import AMBIGUOUS, DERIVED, STATED  # noqa: E402
from tests.helpers import CORPUS, gold_files, load_gold  # noqa: E402

COLUMNS = ("stated", "read", "ambiguous", "missing", "wrong", "invented")


def score(gold: dict) -> Counter[str]:
    _, parsed = parse_file(CORPUS / gold["file"], gold["file"])
    out: Counter[str] = Counter()
    for cid, expected in gold["cells"].items():
        cell = parsed.cells[cid]
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


if __name__ == "__main__":
    main()
