"""The layout harness as a pass table per layout, printed (not asserted), for the lead to quote.

`python tests/bench_layouts.py [N] [LAYOUT ...]`: every gold file, then N random reports per format
(default 25 each, 2021 and 2019) drawn with a fixed seed from tests/harness.reports, each rendered in
every layout and read back. Columns count printed cells: read exactly, ambiguous offering the value,
unplaced (a glued row that dropped its blanks), missing, wrong, and blank cells stated (invented).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from index import template as T  # noqa: E402
from tests.harness import reports, round_trip, table, tally  # noqa: E402
from tests.helpers import gold_files, load_gold  # noqa: E402
from tests.layouts import HARNESS_LAYOUTS  # noqa: E402


def drawn(fmt: str, count: int) -> list[dict[str, float | None]]:
    """`count` cell sets from the strategy, the same ones every run."""
    out: list[dict[str, float | None]] = []

    @seed(20260101)
    @settings(max_examples=count, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(reports(fmt))
    def collect(cells):
        out.append(cells)

    collect()
    return out[:count]


def main() -> None:
    args = sys.argv[1:]
    count = int(args.pop(0)) if args and args[0].isdigit() else 25
    layouts = args or HARNESS_LAYOUTS
    golds = [(g["cells"], g["format"]) for g in map(load_gold, gold_files())]
    randoms = [(cells, fmt) for fmt in (T.FORMAT_2021, T.FORMAT_2019) for cells in drawn(fmt, count)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, sets in ((f"gold files ({len(golds)})", golds), (f"random reports ({len(randoms)})", randoms)):
            rows = {layout: tally([round_trip(c, f, layout, Path(tmp)) for c, f in sets]) for layout in layouts}
            print(f"\n{name}\n{table(rows)}")


if __name__ == "__main__":
    main()
