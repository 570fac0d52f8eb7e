"""Ingest with a progress bar and one line per file: shared by `gongkai ingest` and `gongkai serve`."""

from __future__ import annotations

import sys

from tqdm import tqdm

from assistant.engine import Gongkai
from index.ingest import FAILED, InputFile

STATUS_ZH = {"added": "已导入", "unchanged": "未变化", "replaced": "已替换", FAILED: "失败"}


def ingest_with_progress(gongkai: Gongkai, files: list[InputFile], quiet_unchanged: bool = False) -> int:
    """Ingest `files` and return how many failed; each failure is one line naming the file and the reason."""
    failures = 0
    bar = tqdm(files, desc="导入报告", unit="份", file=sys.stderr)
    for result in gongkai.ingest(bar):
        failures += result.status == FAILED
        if not (quiet_unchanged and result.status == "unchanged"):
            bar.write(f"{STATUS_ZH[result.status]} {result.file}：{result.message}", file=sys.stderr)
    return failures
