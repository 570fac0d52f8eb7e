"""Gold reports printed and scanned: each gold text report drawn as a ruled PDF (tests/layouts.py), rendered
to an image-only PDF at 100, 150 or 200 dpi, turned or grainy, read by OCR and judged cell by cell against
the gold (tests/harness.py). No printed cell may come back wrong and no blank one stated; how many are read
is the floor measured here. The tables are printed small (7 pt), so 100 dpi loses many values, never truly.

tests/bench_ocr.py --gold measures every gold text report at every resolution and blemish.
"""

from __future__ import annotations

import pytest

from index.ingest import parse_file
from tests.harness import judge
from tests.helpers import GOLD, Blemish, image_only_pdf, load_gold
from tests.layouts import PDF_BORDERED, write

pytest.importorskip("index.readers.ocr", reason="the extra gongkai[ocr] is not installed")

# (gold report, dpi, blemish) → printed cells read exactly, a little under the figure measured (in brackets).
SCANS = {
    ("2023_pingtan_shiyanqu", 200, None): 198,  # (200 of 200)
    ("2023_chuanhuiqu_zfbgs", 150, None): 189,  # (191 of 197)
    ("2021_pingtan_shiyanqu", 100, None): 122,  # (126 of 200): a 「69」 read surely as 「6」 is distrusted
    ("2021_pingtan_shiyanqu", 150, Blemish.NOISE): 170,  # (174 of 200)
    # (174 of 198): its 2019-format 表二 (22 cells) is unread at any resolution: the drawn sections touch,
    # so the scan's grid has a column between their rules that the values cannot be placed around
    ("2019_pingtan_shiyanqu", 200, Blemish.TURNED_RIGHT): 170,
}


@pytest.mark.ocr
@pytest.mark.parametrize(("report", "dpi", "blemish"), list(SCANS), ids=lambda v: str(v))
def test_a_scanned_gold_report_reads_back_cell_by_cell_and_never_wrong(tmp_path, report, dpi, blemish):
    gold = load_gold(GOLD / f"{report}.json")
    printed = write(gold["cells"], gold["format"], PDF_BORDERED, tmp_path, report)
    scan = image_only_pdf(printed, tmp_path / "scan.pdf", dpi, blemish=blemish)
    _, parsed = parse_file(scan, scan.name)
    verdict = judge(gold["cells"], parsed, PDF_BORDERED)
    assert (verdict.wrong, verdict.invented) == ([], [])
    assert verdict.read >= SCANS[report, dpi, blemish]
