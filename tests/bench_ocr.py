"""Scanned reports: each corpus PDF rendered to an image-only PDF, read by OCR and parsed, compared cell by
cell with its reference; pages per minute and peak memory against the text-layer parse of the same PDF.

`.venv/bin/python tests/bench_ocr.py [--dpi 200 150 100] [--pdf NAME ...] [--gold] [--blemish noise ...]
[--boxes DIR]` (printed, not asserted). `--gold` scans the gold reports instead, each drawn as a ruled PDF
(tests/layouts.py); `--blemish` adds scans turned by a degree or grainy (tests/helpers.Blemish).
The reference is the gold (../shared/gold/<name>.json) where there is one, else the stated cells of the
text-layer parse. A cell is stated (the reference's value), wrong (another value stated, or one where the
gold is blank: must never happen), derived (from the rules, right or wrong) or unread (missing or ambiguous).
The last lines sum each kind of scan over the PDFs.
Every parse runs in a fresh process, so its peak RSS is its own and the OCR model's load is counted.
`--boxes DIR` keeps each page's recognised boxes (the first look) in DIR and reuses them on the next run:
the figures then measure the second look and the rebuilding of rows, not the page's OCR (its timings
are not OCR's).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import CORPUS, GOLD, PDFS, Blemish, image_only_pdf, load_gold  # noqa: E402
from tests.layouts import PDF_BORDERED, write  # noqa: E402

DPIS = (200, 150, 100)


@dataclass(frozen=True)
class Run:
    """One parse in its own process: what it stated, how long it took and its peak memory."""

    cells: dict[str, tuple[str, float | None]]  # cell id → (status, value)
    seconds: float
    peak_mb: float
    pages: int


def _parse(path: str, name: str, boxes: str | None, reply) -> None:
    import pickle
    import resource
    import time
    from hashlib import sha1

    import pdfplumber

    from index.ingest import parse_file

    if boxes:
        from index.readers import ocr

        first_look = ocr.first_look

        def cached(gray):
            key = Path(boxes) / f"{sha1(gray.tobytes()).hexdigest()}.pickle"
            if not key.exists():
                key.write_bytes(pickle.dumps(first_look(gray)))
            return pickle.loads(key.read_bytes())

        ocr.first_look = cached  # the second look at unsure numbers still runs the model
    started = time.perf_counter()
    document, parsed = parse_file(Path(path), name)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    cells = {cid: (c.status, c.value) for cid, c in parsed.cells.items()}
    reply.send(Run(cells, seconds, peak_mb, pages))


def parse_in_child(path: Path, name: str, boxes: Path | None = None) -> Run:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_parse, args=(str(path), name, str(boxes) if boxes else None, send))
    child.start()
    run = receive.recv()
    child.join()
    return run


def reference(name: str, text_layer: Run) -> tuple[str, dict[str, float | None]]:
    """The cells to compare with: the gold's (None where the report leaves a cell blank) or the text layer's."""
    gold = GOLD / f"{Path(name).stem}.json"
    if gold.exists():
        return "gold", load_gold(gold)["cells"]
    return "text layer", {cid: v for cid, (status, v) in text_layer.cells.items() if status == "stated"}


def compare(expected: dict[str, float | None], run: Run) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"stated": [], "wrong": [], "derived": [], "derived wrong": [], "unread": []}
    for cid, value in expected.items():
        status, got = run.cells.get(cid, ("missing", None))
        if value is None:
            if status == "stated":
                out["wrong"].append(f"{cid}={got:g} (reference blank)")
        elif status in ("stated", "derived"):
            right = got == value
            key = ("stated" if right else "wrong") if status == "stated" else ("derived" if right else "derived wrong")
            out[key].append(cid if right else f"{cid}={got:g} (reference {value:g})")
        else:
            out["unread"].append(cid)
    return out


def sources(args: argparse.Namespace, directory: Path) -> list[tuple[str, Path]]:
    """(name, PDF with a text layer) to scan: the corpus PDFs, or the gold text reports drawn as ruled PDFs."""
    if not args.gold:
        return [(name, PDFS / name) for name in args.pdf or sorted(p.name for p in PDFS.glob("*.pdf"))]
    out = []
    for path in sorted(GOLD.glob("*.json")):
        if (CORPUS / f"{path.stem}.txt").exists():
            gold = load_gold(path)
            out.append((f"{path.stem}.pdf", write(gold["cells"], gold["format"], PDF_BORDERED, directory, path.stem)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=list(DPIS))
    parser.add_argument("--pdf", nargs="+", help="corpus PDF names (default: all)")
    parser.add_argument("--gold", action="store_true", help="the gold text reports drawn as ruled PDFs instead")
    parser.add_argument("--blemish", nargs="+", type=Blemish, default=[], help="also scans with these blemishes")
    parser.add_argument("--boxes", type=Path, help="cache the recognised boxes here (figures then skip the model)")
    parser.add_argument("--json", action="store_true", help="one JSON line per measurement too")
    args = parser.parse_args()
    if args.boxes:
        args.boxes.mkdir(parents=True, exist_ok=True)
    scans = [(f"{dpi}", dpi, None) for dpi in args.dpi]
    scans += [(f"{dpi} {b.value}", dpi, b) for dpi in args.dpi for b in args.blemish]
    print(
        f"{'PDF':<30}{'scan':>16}{'ref':>12}{'stated':>14}{'wrong':>6}{'derived':>8}{'unread':>7}"
        f"{'pages':>6}{'s':>7}{'pages/min':>10}{'peak MB':>9}{'×time':>7}{'×RSS':>6}"
    )
    totals: dict[str, list[int]] = {label: [0, 0, 0] for label, _, _ in scans}  # stated, of, wrong
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        for name, source in sources(args, Path(tmp)):
            text = parse_in_child(source, name)
            kind, expected = reference(name, text)
            rows = [("text", text)]
            for label, dpi, blemish in scans:
                scan = image_only_pdf(source, Path(tmp) / f"{label}-{name}", dpi, blemish=blemish)
                rows.append((label, parse_in_child(scan, name, args.boxes)))
            printed = sum(v is not None for v in expected.values())
            for label, run in rows:
                got = compare(expected, run)
                wrong = len(got["wrong"]) + len(got["derived wrong"])
                if label in totals:
                    totals[label] = [t + n for t, n in zip(totals[label], (len(got["stated"]), printed, wrong))]
                share = len(got["stated"]) / printed if printed else 0.0
                per_minute = run.pages / run.seconds * 60 if run.seconds else 0.0
                print(
                    f"{name:<30}{label:>16}{kind:>12}{len(got['stated']):>5}/{printed:<3}{share:>6.1%}"
                    f"{len(got['wrong']):>6}{len(got['derived']):>8}{len(got['unread']):>7}{run.pages:>6}"
                    f"{run.seconds:>7.1f}{per_minute:>10.1f}{run.peak_mb:>9.0f}"
                    f"{run.seconds / text.seconds:>7.0f}{run.peak_mb / text.peak_mb:>6.1f}"
                )
                for problem in got["wrong"] + got["derived wrong"]:
                    print(f"{'':<35}WRONG {problem}")
                if args.json:
                    summary = {k: len(v) for k, v in got.items()}
                    line = {
                        "pdf": name,
                        "read": label,
                        "reference": kind,
                        **summary,
                        "unread_cells": got["unread"],
                        "pages": run.pages,
                        "seconds": run.seconds,
                        "peak_mb": run.peak_mb,
                    }
                    print(json.dumps(line, ensure_ascii=False))
    for label, (stated, of, wrong) in totals.items():
        share = stated / of if of else 0.0
        print(f"{'all':<30}{label:>16}{'':>12}{stated:>5}/{of:<3}{share:>6.1%}{wrong:>6} (stated or derived wrong)")


if __name__ == "__main__":
    main()
