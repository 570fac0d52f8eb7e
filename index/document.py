"""What a reader hands on: ordered blocks of a report with their place in the source."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.parse.numbers import UNREAD

HEADING = "heading"
PARAGRAPH = "paragraph"
ROW = "row"
# Below this recognition confidence an OCR'd text counts as unread: its value is never stated.
# Measured on the corpus tables rendered at 100 and 150 dpi (tests/bench_ocr.py).
OCR_MIN_CONFIDENCE = 0.97
# At or above this no number of those tables was misread (the highest misread was 0.96): a 勾稽 rule
# that values read this surely break is the report's own error, kept as printed (index.parse.report).
OCR_SURE_CONFIDENCE = 0.99


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table row.

    `cells` holds a table row's cell texts in order, blank cells as "" (a blank is "not
    stated", so readers keep it). `line` is 1-based in text sources; `page` 1-based in PDFs.
    `confidence` is empty unless the block was read by OCR from a page image: then it holds the
    recognition confidence (0–1) of each cell of a row, or the lowest of a heading's or paragraph's text.
    """

    kind: str
    text: str
    cells: tuple[str, ...] = ()
    line: int | None = None
    page: int | None = None
    confidence: tuple[float, ...] = ()
    # The cells were placed by their character positions in a fixed-width text line (pdftotext -layout),
    # not split at separators: as good as the columns found, so a count of cells the table's columns do
    # not match is read as unaligned text.
    fixed: bool = False

    @property
    def recognized(self) -> bool:
        """Read by OCR, not from a text layer."""
        return bool(self.confidence)

    @property
    def sure(self) -> bool:
        """Every text of the block was read with enough confidence (always, from a text layer)."""
        return all(c >= OCR_MIN_CONFIDENCE for c in self.confidence)

    def read_cells(self, start: int = 0) -> list[str]:
        """The cells from `start` on, each OCR'd text read below OCR_MIN_CONFIDENCE replaced by UNREAD."""
        if not self.recognized:
            return list(self.cells[start:])
        pairs = zip(self.cells[start:], self.confidence[start:])
        return [c if conf >= OCR_MIN_CONFIDENCE or not c else UNREAD for c, conf in pairs]

    def confidence_of(self, start: int = 0) -> float | None:
        """The lowest confidence among the texts read well enough from cell `start` on (the lowest of
        all when none was); None unless read by OCR."""
        if not self.recognized:
            return None
        held = [conf for c, conf in zip(self.cells[start:], self.confidence[start:]) if c] if self.cells else []
        sure = [conf for conf in held if conf >= OCR_MIN_CONFIDENCE]
        return min(sure or held or self.confidence[start:] or self.confidence)


@dataclass
class Document:
    """A file turned into blocks; `meta` holds what the source itself declares
    (e.g. an HTML page's ArticleTitle / PubDate / publishing agency), `warnings` what reading it
    had to repair (shown with the report's parsing notes)."""

    path: str
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


class ReadError(Exception):
    """A file that cannot be turned into a report; the message is Chinese, for a person."""
