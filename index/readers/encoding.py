"""Bytes to text for text sources, tolerant of what editors and exports really write: UTF-8 (with or
without BOM, with a few bad bytes replaced and counted), UTF-16 (with or without BOM), GB18030 (a
superset of GBK/GB2312) and Big5; a file is refused only when no reading of it looks like text."""

from __future__ import annotations

import codecs
import re
from contextlib import suppress
from dataclasses import dataclass

from index.document import ReadError

_BINARY_SAMPLE = 4096
# Damaged places (runs of bytes that are not UTF-8) a UTF-8 file may hold, as a share of the places plus the
# non-ASCII characters read, and still be read as UTF-8. Measured on the corpus: its files saved as GB18030
# and read as UTF-8 give at least 48 % (byte pairs that happen to be UTF-8 make the rest), saved as Big5 at
# least 83 %; a report of 2,000 Chinese characters with 8 damaged bytes gives 0.4 %.
MAX_BAD_SHARE = 0.05
_BAD_RUN = re.compile("\ufffd+")
# The ideographs each legacy encoding puts first: GB2312 level 1 (B0A1–D7FE) and Big5's frequent characters
# (A440–C67E). A right guess keeps nearly every ideograph there; the wrong encoding scatters them.
_COMMON = {"gb18030": (b"\xb0\xa1", b"\xd7\xfe", "gb2312"), "big5": (b"\xa4\x40", b"\xc6\x7e", "big5")}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # damaged places, each replaced by U+FFFD

    @property
    def warnings(self) -> list[str]:
        if not self.replaced:
            return []
        return [f"文件中有 {self.replaced} 处字节不是有效的 UTF-8 编码，已替换为 �；涉及的文字请核对原件"]


def decode_text(data: bytes) -> Decoded:
    """Decode a text file or raise a ReadError a person understands."""
    if not data.strip():
        raise ReadError("文件是空的")
    data = data.removeprefix(codecs.BOM_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError("文件以 UTF-16 字节序标记开头，但内容不是有效的 UTF-16 编码") from exc
    if b"\x00" in data[:_BINARY_SAMPLE]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ReadError("这不是文本文件（含有二进制内容）")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    replaced = len(_BAD_RUN.findall(lenient)) - len(_BAD_RUN.findall(data.decode("utf-8", errors="ignore")))
    read = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if replaced <= (replaced + read) * MAX_BAD_SHARE and _looks_like_text(lenient):
        return Decoded(lenient, "utf-8", replaced)
    legacy = _legacy(data)
    if legacy is None:
        raise ReadError("无法识别文件编码（已尝试 UTF-8、UTF-16、GB18030 和 Big5），请另存为 UTF-8 后再上传")
    return legacy


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 puts the NUL of every ASCII character (digits, line breaks) on one side of each byte pair
    (in the corpus 15–20 times as many as on the other side, where 一 and a few others put theirs);
    binary files scatter NULs over both."""
    sample = data[:_BINARY_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
    if encoding is None or len(data) % 2:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return Decoded(text, encoding) if _looks_like_text(text) else None


def _legacy(data: bytes) -> Decoded | None:
    """GB18030 or Big5, whichever keeps more of its ideographs among that encoding's common ones."""
    readings = []
    for encoding in _COMMON:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            readings.append((_common_share(text, encoding), encoding, text))
    if not readings:
        return None
    _, encoding, text = max(readings)
    return Decoded(text, encoding)


def _common_share(text: str, encoding: str) -> float:
    low, high, codec = _COMMON[encoding]
    ideographs = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not ideographs:
        return 0.0
    common = 0
    for ch in ideographs:
        with suppress(UnicodeEncodeError):
            common += low <= ch.encode(codec) <= high
    return common / len(ideographs)


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes almost any byte string; reject results full of control characters."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls <= len(text) // 100
