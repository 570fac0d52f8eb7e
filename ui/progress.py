"""Ingest with a progress bar and one line per file: shared by `gongkai ingest` and `gongkai serve`."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

from assistant.engine import Gongkai
from index.ingest import FAILED, UNCHANGED, IngestResult, InputFile
from index.outcome import VERB_ZH


def ingest_with_progress(
    gongkai: Gongkai, files: list[InputFile], quiet_unchanged: bool = False, workers: int = 1
) -> int:
    """Ingest `files` and return how many failed. Each file gets a line naming it and what happened (the
    reason, for a failure); a report written gets a second line: the figures that differ from the version
    of it already stored, how many cells are ambiguous or missing and which, and the broken rules.

    The bar counts written reports and shows their rate per hour, the unit an archive is planned in.
    """
    failures = 0
    started = time.monotonic()
    bar = tqdm(total=len(files), desc="导入报告", unit="份", file=sys.stderr)
    for result in gongkai.ingest(files, workers):
        bar.update()
        hours = (time.monotonic() - started) / 3600
        bar.set_postfix_str(f"{bar.n / hours:,.0f} 份/小时" if hours else "", refresh=False)
        failures += result.status == FAILED
        if not (quiet_unchanged and result.status == UNCHANGED):
            bar.write(lines(result), file=sys.stderr)
    bar.close()
    return failures


def lines(result: IngestResult) -> str:
    """「已替换 a.txt：……」, and for a written report a second, indented line of details."""
    head = f"{VERB_ZH[result.status]} {result.file}：{result.message}"
    details = "。".join(result.details)
    return f"{head}\n  {details}。" if details else head
