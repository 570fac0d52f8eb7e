"""Paths shared by the tests: the repository's corpus and the shared gold/exam folders."""

from __future__ import annotations

import json
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
