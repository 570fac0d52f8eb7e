"""Files → SQLite (and the vector index): one transaction per file, nothing left behind on failure.

Re-ingesting an unchanged file is a no-op (content hash), and so is a file byte for byte the same
as another file already stored (a copy under another name). A file for the same agency and
year as a stored report is either another rendition of it (its stated cells agree: both
are kept) or a corrected version (a stated cell differs: it replaces the old one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from index.document import Document, ReadError
from index.model import STATED, ParsedReport
from index.originals import Originals
from index.outcome import CellChange, Contents, Outcome, changes_sentence, contents, diff
from index.parse.metadata import NOTHING_SUPPLIED, Supplied
from index.parse.report import parse_report
from index.passages import Passage, chunk
from index.readers import SUPPORTED_SUFFIXES, read
from index.store.reports import Store

MAX_FILE_BYTES = 50 * 1024 * 1024
PARSER_VERSION = "2026-12-04.3"  # bump when parsing changes what a file yields

ADDED = Outcome.ADDED
UNCHANGED = Outcome.UNCHANGED
REPLACED = Outcome.REPLACED
RENDITION = Outcome.RENDITION
DUPLICATE = Outcome.DUPLICATE
FAILED = Outcome.FAILED
SKIPPED = (UNCHANGED, DUPLICATE)  # nothing was written


class Preparer(Protocol):
    """Embeds a parsed file before anything is written (slow, may fail)."""

    def prepare(self, parsed: ParsedReport, passages: list[Passage]) -> object: ...


class VectorSink(Preparer, Protocol):
    """What ingest needs from the vector side: embed first, then write."""

    def write(self, report_id: int, prepared: object) -> None: ...

    def delete(self, report_id: int) -> None: ...


@dataclass(frozen=True)
class IngestResult:
    """One file's outcome: `message` is the one-line verdict, `details` the sentences that follow it."""

    file: str
    status: Outcome
    message: str = ""
    report_id: int | None = None
    contents: Contents | None = None  # what the new report holds (added, replaced, rendition)
    changes: tuple[CellChange, ...] = ()  # the figures that differ from the version in `compared_with`
    compared_with: str | None = None  # the file of the stored version of the same report compared with
    others: tuple[str, ...] = ()  # replaced: the files that went; rendition: the files kept beside this one

    @property
    def details(self) -> list[str]:
        against = None if self.compared_with == self.file else self.compared_with
        out = [changes_sentence(self.changes, against)] if self.compared_with else []
        return out + (self.contents.sentences() if self.contents else [])


@dataclass(frozen=True)
class InputFile:
    path: Path
    name: str  # the path relative to the folder that was ingested
    supplied: Supplied = NOTHING_SUPPLIED
    # The file as parse_file read and parsed it already (an upload's vetting did, from these very
    # bytes), so that ingest does not read it again: a scan's OCR takes seconds a page.
    read: tuple[Document, ParsedReport] | None = field(default=None, compare=False, repr=False)


def expand(paths: Iterable[Path], supplied: Supplied = NOTHING_SUPPLIED) -> list[InputFile]:
    """Files to ingest: the files given, and every supported file below the folders given."""
    out = []
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.upper().startswith("README"):
                    out.append(InputFile(f, f.relative_to(path).as_posix(), supplied))
        else:
            out.append(InputFile(path, path.name, supplied))
    return out


def content_hash(data: bytes, supplied: Supplied = NOTHING_SUPPLIED) -> str:
    """The file's bytes under the parser version and what a person supplied: a change to either
    re-ingests, embeddings stay cached."""
    head = PARSER_VERSION if supplied == NOTHING_SUPPLIED else f"{PARSER_VERSION}\t{supplied.agency}\t{supplied.year}"
    return hashlib.sha256(head.encode() + b"\n" + data).hexdigest()


def parse_file(path: Path, name: str, supplied: Supplied = NOTHING_SUPPLIED) -> tuple[Document, ParsedReport]:
    """Read and parse one file; every failure is a ReadError with a Chinese reason."""
    if not path.exists():
        raise ReadError("文件不存在")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ReadError(f"文件太大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB）")
    document = read(path)
    return document, parse_report(document, name, supplied)


@dataclass(frozen=True)
class Pending:
    """A file whose content is not in the store yet: to be parsed, embedded and written."""

    source: InputFile
    sha256: str
    same_file: int | None  # the stored report of the same file name, replaced by this one


@dataclass(frozen=True)
class Prepared:
    """A parsed file with its passages embedded (the vectors wait in the embedding cache)."""

    document: Document
    parsed: ParsedReport
    passages: list[Passage]
    vectors: object


def prepare(pending: Pending, vectors: Preparer | None) -> Prepared | IngestResult:
    """Parse and embed: the slow part of ingest, free of the store, so it can run in another process."""
    source = pending.source
    try:
        document, parsed = source.read or parse_file(source.path, source.name, source.supplied)
    except ReadError as exc:
        return IngestResult(source.name, FAILED, str(exc))
    passages = chunk(document)
    try:
        prepared = vectors.prepare(parsed, passages) if vectors else None
    except Exception as exc:  # noqa: BLE001 - any embedding failure must leave the index untouched
        return IngestResult(source.name, FAILED, f"生成向量失败：{exc}")
    return Prepared(document, parsed, passages, prepared)


class Ingestor:
    """The one writer: checks what is new, then writes each prepared file in its own transaction."""

    def __init__(self, store: Store, vectors: VectorSink | None = None, originals: Originals | None = None):
        self.store = store
        self.vectors = vectors
        self.originals = originals  # where PDF originals are kept for the source view's page images

    def run(self, sources: Iterable[InputFile]) -> Iterator[IngestResult]:
        for source in sources:
            yield self.ingest_file(source)

    def ingest(self, path: Path, name: str, supplied: Supplied = NOTHING_SUPPLIED) -> IngestResult:
        return self.ingest_file(InputFile(path, name, supplied))

    def ingest_file(self, source: InputFile) -> IngestResult:
        pending = self.check(source)
        if isinstance(pending, IngestResult):
            return pending
        return self.commit(pending, prepare(pending, self.vectors))

    def check(self, source: InputFile) -> Pending | IngestResult:
        """Hash the file: an unchanged one is done here, a new one is pending."""
        path, name = source.path, source.name
        try:
            data = path.read_bytes() if path.is_file() else b""
        except OSError as exc:
            return IngestResult(name, FAILED, f"无法读取文件：{exc.strerror or exc}")
        sha = content_hash(data, source.supplied)
        existing = self.store.report_by_file(name)
        if existing and existing.sha256 == sha:
            if self.originals:  # stored before originals were kept, or the copy was removed
                self.originals.keep(sha, path)
            return IngestResult(name, UNCHANGED, "内容与上次导入时相同", existing.id)
        if existing is None and (twin := self.store.report_by_content(sha, name)):
            return _duplicate(name, twin)
        return Pending(source, sha, existing.id if existing else None)

    def commit(self, pending: Pending, prepared: Prepared | IngestResult) -> IngestResult:
        """Write a prepared file; the versions it replaces go only once it is fully indexed."""
        if isinstance(prepared, IngestResult):
            return prepared
        name, parsed = pending.source.name, prepared.parsed
        if twin := self.store.report_by_content(pending.sha256, name):  # stored since check(): same batch
            if pending.same_file is not None:  # the file now holds another file's bytes: its old text goes
                self._delete(pending.same_file)
            return _duplicate(name, twin)
        replaced, kept = self._versions(parsed, pending.same_file)
        compared = (replaced or kept or [None])[0]
        changes = tuple(diff(self.store.cells(compared.id), parsed.cells)) if compared else ()
        with self.store.transaction() as db:
            report_id = self.store.insert_report(db, parsed, pending.sha256, prepared.document, prepared.passages)
        try:
            if self.vectors:
                self.vectors.write(report_id, prepared.vectors)
        except Exception as exc:  # noqa: BLE001 - the old version stays; the new one is taken back out
            with self.store.transaction() as db:
                self.store.delete_report(db, report_id)
            self.vectors.delete(report_id)
            return IngestResult(name, FAILED, f"写入向量索引失败：{exc}")
        if self.originals:
            self.originals.keep(pending.sha256, pending.source.path)
        with self.store.transaction() as db:
            for old in replaced:
                self.store.delete_report(db, old.id)
        if self.vectors:
            for old in replaced:
                self.vectors.delete(old.id)
        self._drop_originals(replaced)
        status = REPLACED if replaced else RENDITION if kept else ADDED
        others = tuple(r.file for r in replaced or kept)
        held = contents(parsed)
        return IngestResult(
            name,
            status,
            _headline(status, held, name, others, len(changes)),
            report_id,
            held,
            changes,
            compared.file if compared else None,
            others,
        )

    def _versions(self, parsed: ParsedReport, same_file: int | None) -> tuple[list, list]:
        """The stored versions of this report: those it replaces (the same file, and versions of the same
        agency and year it contradicts) and those it is kept beside (renditions that agree with it)."""
        replaced = [self.store.report(same_file)] if same_file is not None else []
        kept = []
        for other in self.store.reports_of(parsed.meta.agency, parsed.meta.year):
            if other.id == same_file:
                continue
            (replaced if _contradicts(parsed, self.store.cells(other.id)) else kept).append(other)
        return [r for r in replaced if r is not None], kept

    def finish_interrupted(self) -> int:
        """Complete the replacements an ingest killed midway left behind; returns how many reports went.

        A new version is written (SQLite, then Chroma) before the versions it replaces are deleted, so the
        old ones stay if writing fails. A kill in between leaves both, and the next ingest would find the
        new one unchanged and never delete the old: two reports of one file, or an older report that a
        newer one of the same agency and year contradicts. A finished ingest leaves neither, so the older
        ones go now, as the killed ingest would have removed them.
        """
        stale: set[int] = set()
        if twice := set(self.store.files_stored_twice()):
            newest: dict[str, int] = {}
            for report in self.store.reports():
                if report.file in twice:
                    newest[report.file] = max(newest.get(report.file, report.id), report.id)
                    stale.add(report.id)
            stale -= set(newest.values())
        for agency, year in self.store.agency_years_stored_twice():
            versions = [(r.id, self.store.cells(r.id)) for r in self.store.reports_of(agency, year)]
            for i, (older, old_cells) in enumerate(versions):
                if any(_differ(cells, old_cells) for _, cells in versions[i + 1 :]):
                    stale.add(older)
        for report_id in sorted(stale):
            self._delete(report_id)
        return len(stale)

    def remove(self, file: str) -> bool:
        report = self.store.report_by_file(file)
        if report is None:
            return False
        self._delete(report.id)
        return True

    def _delete(self, report_id: int) -> None:
        gone = [self.store.report(report_id)]
        with self.store.transaction() as db:
            self.store.delete_report(db, report_id)
        if self.vectors:
            self.vectors.delete(report_id)
        self._drop_originals(gone)

    def _drop_originals(self, gone: list) -> None:
        """The kept PDFs of deleted reports, unless another stored report has the same content."""
        for report in gone:
            if self.originals and report and self.store.report_by_content(report.sha256, "") is None:
                self.originals.drop(report.sha256)


def _duplicate(name: str, twin) -> IngestResult:
    return IngestResult(name, DUPLICATE, f"与已导入的 {twin.file} 完全相同", twin.id)


def _contradicts(parsed: ParsedReport, stored: dict) -> bool:
    return _differ(parsed.cells, stored)


def _differ(cells: dict, stored: dict) -> bool:
    """Whether a stated cell of one version states another value in the other."""
    for cid, cell in cells.items():
        other = stored.get(cid)
        if cell.status == STATED and other is not None and other.status == STATED and other.value != cell.value:
            return True
    return False


def _headline(status: Outcome, held: Contents, name: str, others: tuple[str, ...], changed: int) -> str:
    """The verdict's line: which report, and what became of the versions already stored."""
    report = f"{held.agency} {held.year} 年报告（{held.format}）"
    files = "、".join(others)
    if status == REPLACED:
        text = f"{report}，替换了这个文件上次导入的版本" if others == (name,) else f"{report}，替换了旧版本 {files}"
        return f"{text}（{changed} 个数字有变化）" if changed else text
    if status == RENDITION:
        text = f"{report}；同一机关同一年度已有 {files}，列明的数字没有矛盾，两份都保留"
        return f"{text}，但有 {changed} 个数字与已有版本不同" if changed else text
    return report
