"""Bytes to text for text sources: UTF-8 first, then GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

from index.document import ReadError

_BINARY_SAMPLE = 4096


def decode_text(data: bytes) -> str:
    """Decode a text file or raise a ReadError a person understands."""
    if not data.strip():
        raise ReadError("文件是空的")
    if b"\x00" in data[:_BINARY_SAMPLE]:
        raise ReadError("这不是文本文件（含有二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ReadError("无法识别文件编码（已尝试 UTF-8 和 GB18030），请另存为 UTF-8 后再上传")


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes almost any byte string; reject results full of control characters."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls <= len(text) // 100
