"""What a reader hands on: ordered blocks of a report with their place in the source."""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
ROW = "row"


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table row.

    `cells` holds a table row's cell texts in order, blank cells as "" (a blank is "not
    stated", so readers keep it). `line` is 1-based in text sources; `page` 1-based in PDFs.
    """

    kind: str
    text: str
    cells: tuple[str, ...] = ()
    line: int | None = None
    page: int | None = None


@dataclass
class Document:
    """A file turned into blocks; `meta` holds what the source itself declares
    (e.g. an HTML page's ArticleTitle / PubDate / publishing agency)."""

    path: str
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


class ReadError(Exception):
    """A file that cannot be turned into a report; the message is Chinese, for a person."""
