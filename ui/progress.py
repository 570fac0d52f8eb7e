"""Ingest with a progress bar and one line per file: shared by `gongkai ingest` and `gongkai serve`."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

from assistant.engine import Gongkai
from index.ingest import ADDED, DUPLICATE, FAILED, REPLACED, UNCHANGED, InputFile

STATUS_ZH = {ADDED: "已导入", UNCHANGED: "跳过", DUPLICATE: "跳过", REPLACED: "已替换", FAILED: "失败"}


def ingest_with_progress(
    gongkai: Gongkai, files: list[InputFile], quiet_unchanged: bool = False, workers: int = 1
) -> int:
    """Ingest `files` and return how many failed; each failure is one line naming the file and the reason.

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
            bar.write(f"{STATUS_ZH[result.status]} {result.file}：{result.message}", file=sys.stderr)
    bar.close()
    return failures
