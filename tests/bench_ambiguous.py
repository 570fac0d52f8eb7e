"""Why each ambiguous gold cell stays ambiguous, printed (not asserted): for every cell the parser leaves
ambiguous in a gold file, the glued text it was read from, how many readings survive, which 勾稽 rules
reach the cell, which kind constraints (index.parse.kinds) hold it, and the figures the prose gives it.

`python tests/bench_ambiguous.py`: a cell with no rule and no prose figure has no evidence in its report.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import template as T  # noqa: E402
from index.ingest import parse_file  # noqa: E402
from index.model import AMBIGUOUS  # noqa: E402
from index.parse.narrative import narrative_hints  # noqa: E402
from index.parse.numbers import format_number  # noqa: E402
from tests.helpers import CORPUS, gold_files, load_gold  # noqa: E402


def main() -> None:
    for path in gold_files():
        gold = load_gold(path)
        document, parsed = parse_file(CORPUS / gold["file"], gold["file"])
        rules = T.rules(any(c.startswith("requests.other.") and c.count(".") == 3 for c in gold["cells"]))
        hints = narrative_hints(document.text, parsed.meta.format)
        for cid, cell in parsed.cells.items():
            if cell.status != AMBIGUOUS:
                continue
            reaching = [r.id for r in rules if cid in r.terms]
            said = sorted(hints.get(cid, ()))
            offered = "、".join(format_number(v) for v in cell.readings)
            expected = gold["cells"].get(cid)
            print(
                f"{path.stem} {cid}: {cell.source.text if cell.source else ''!r} → {len(cell.readings)} readings "
                f"({offered}); gold {expected if expected is None else format_number(expected)}; "
                f"rules {reaching or 'none'}; prose {[format_number(v) for v in said] or 'none'}"
            )


if __name__ == "__main__":
    main()
