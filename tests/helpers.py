"""Paths shared by the tests: the repository's corpus and the shared gold/exam folders."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
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
