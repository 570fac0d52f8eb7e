"""How much work one file may cost, in one place: every reader checks these before its expensive step,
so a hostile or broken file is refused with a Chinese message naming the limit instead of stalling."""

from __future__ import annotations

import zipfile

from index.document import ReadError

# A real annual report is a few hundred paragraphs, a few hundred table cells and 5–30 pages; these
# leave a wide margin above the largest real report and far below what takes seconds to read.
MAX_EXPANDED_BYTES = 30 * 1024 * 1024  # all members of a DOCX (zip) once decompressed
MAX_ZIP_MEMBERS = 2_000
MAX_PARAGRAPHS = 20_000
MAX_TABLE_CELLS = 20_000
MAX_PAGES = 300
PARSE_SECONDS = 60  # an upload's reading and parsing, in its own process
# OCR of scanned pages costs seconds a page (index/readers/ocr.py): a scanned report is 5–30 pages.
MAX_OCR_PAGES = 40
OCR_SECONDS = 600  # one file's OCR


def over(what: str, limit: int, unit: str) -> ReadError:
    return ReadError(f"文件超出处理上限：{what}超过 {limit:,} {unit}")


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a decompression bomb from the zip directory alone, before anything is inflated
    (zipfile never inflates a member past the size its directory declares)."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise over("压缩包内文件数", MAX_ZIP_MEMBERS, "个")
    if sum(m.file_size for m in members) > MAX_EXPANDED_BYTES:
        raise over("解压后大小", MAX_EXPANDED_BYTES // (1024 * 1024), "MB")
