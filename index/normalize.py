"""Text hygiene for what people type and name: questions, agency names and uploaded file names.

Pure functions, applied at the edges before anything else reads the text, so that no lone surrogate
(which cannot be encoded), control character, bidi override (which makes a name display as something
else) or zero-width character reaches the index, the logs or a page.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

# Control characters (Cc), format characters (Cf: bidi embeddings, overrides, isolates and marks, zero-width
# spaces and joiners, soft hyphens, the BOM) and lone surrogates (Cs, which no encoder accepts).
_DROPPED = frozenset(("Cc", "Cf", "Cs"))
_SPACES = re.compile(r"\s+")
# Windows device names: a file called CON.txt cannot be created or opened there.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
# Characters that make a name a path, a drive or a pattern on one of the systems a saved upload may travel to
# (`<` and `>` stay: names are always shown escaped, and portals' names use them).
_NOT_IN_NAMES = re.compile(r'[/\\:*?"|]')
# Chinese numerals written digit by digit, as a year is (二〇二三, 二零二三): each character one digit.
CHINESE_DIGITS = dict(zip("〇零○一二三四五六七八九", "000123456789", strict=True))
MAX_NAME_BYTES = 200  # under the 255-byte limit of common file systems, leaving room for a temp prefix


def clean_text(text: str) -> str:
    """`text` without control and format characters or lone surrogates; line breaks and tabs stay
    (a pasted question may span lines)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in _DROPPED)


def clean_line(text: str) -> str:
    """One line of input (a question, an agency name): cleaned, every run of white space one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def clean_file_name(name: str) -> str:
    """The last part of an uploaded file's name, safe to create anywhere and shown as given otherwise:
    no folders (`../`, `C:\\`), no path or pattern characters, no leading dots, no device names,
    at most MAX_NAME_BYTES of UTF-8 with the extension kept (the readers choose by it). "" when nothing
    of the name is left."""
    name = clean_line(name).replace("\\", "/")
    name = PurePosixPath(name).name if "/" in name else name
    name = _NOT_IN_NAMES.sub("_", name).strip(". ")
    if _RESERVED.match(name):
        name = f"_{name}"
    return _shorten(name)


def _shorten(name: str) -> str:
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    room = MAX_NAME_BYTES - len(extension.encode()) - len(dot)
    short = stem.encode()[:room].decode(errors="ignore").rstrip(". ")
    return f"{short}{dot if extension else ''}{extension}"
