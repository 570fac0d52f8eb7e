"""The original bytes of PDF reports, kept in the data dir so the source view can show a cited page.

Parsing keeps only text, and a report may come from an upload whose temporary file is gone, so ingest
copies each PDF it stores to `originals/<report sha256>.pdf`. The report's content hash names the copy: a
report and its copy come and go together, and an unchanged file re-ingested restores a missing copy (as
after an upgrade from a version that did not keep them). Keeping a copy is a convenience: a failure to
write one never fails the ingest, the source view then simply has no page to show.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

FOLDER = "originals"
KEPT_SUFFIXES = (".pdf",)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Originals:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, sha256: str) -> Path | None:
        """Where the copy of the report with this content hash lives, or None for a malformed hash."""
        return self.folder / f"{sha256}.pdf" if _SHA256.fullmatch(sha256) else None

    def find(self, sha256: str) -> Path | None:
        path = self.path(sha256)
        return path if path is not None and path.is_file() else None

    def keep(self, sha256: str, source: Path) -> None:
        """Copy a PDF (by its name's suffix) unless a copy is there already; written whole, then renamed."""
        target = self.path(sha256)
        if target is None or source.suffix.lower() not in KEPT_SUFFIXES or target.is_file():
            return
        partial = target.with_suffix(f".{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, partial)
            partial.replace(target)
        except OSError:
            partial.unlink(missing_ok=True)

    def drop(self, sha256: str) -> None:
        path = self.path(sha256)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
