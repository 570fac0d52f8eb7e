"""Paths shared by the tests: the repository's corpus and the shared gold/exam folders."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PDFS = CORPUS / "pdf"
# ../shared (beside the checkout, as CI lays it out) when present; else the copies kept in tests/fixtures.
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared" / "gold").is_dir() else ROOT / "tests" / "fixtures"
GOLD = SHARED / "gold"
EXAM = SHARED / "exam"
NEGATIVE = SHARED / "negative"


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_are_traceable(result: dict) -> bool:
    """Every number in the answer is a figure, in a cited text or title, or in `computed` (worked out in code)."""
    computed = [c["value"] for c in result["computed"]]
    allowed = {m for c in result["citations"] for m in _NUMBER.findall(c["text"] + c["title"])}
    allowed |= {str(f["value"]) for f in result["figures"]} | {str(c["n"]) for c in result["citations"]}
    allowed |= {str(int(v)) if float(v).is_integer() else str(v) for v in computed}
    return all(n in allowed for n in _NUMBER.findall(result["answer"]))


def image_only_pdf(source: Path, dest: Path, dpi: int, pages: Sequence[int] | None = None) -> Path:
    """`source`'s pages (1-based; all by default) rendered at `dpi` and wrapped again as a PDF with no
    text layer: what a scanner makes of the printed report."""
    with pdfplumber.open(source) as pdf:
        numbers = pages or range(1, len(pdf.pages) + 1)
        images = [pdf.pages[n - 1].to_image(resolution=dpi).original.convert("RGB") for n in numbers]
    images[0].save(dest, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return dest
