"""One reader per format; `read` picks it by the file's extension."""

from __future__ import annotations

from pathlib import Path

from index.document import Document, ReadError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx", *IMAGE_SUFFIXES)
NO_OCR = "图片需要文字识别才能读取，但未安装文字识别组件（gongkai[ocr]）"


def read(path: Path) -> Document:
    """Turn a file into a Document, or raise ReadError naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        from index.readers.text import read_text

        return read_text(path)
    if suffix == ".pdf":
        from index.readers.pdf import read_pdf

        return read_pdf(path)
    if suffix in (".html", ".htm"):
        from index.readers.html import read_html

        return read_html(path)
    if suffix == ".docx":
        from index.readers.docx import read_docx

        return read_docx(path)
    if suffix in IMAGE_SUFFIXES:
        try:
            from index.readers.ocr import read_image
        except ModuleNotFoundError as exc:  # gongkai[ocr] is not installed
            raise ReadError(NO_OCR) from exc
        return read_image(path)
    raise ReadError(f"不支持的文件类型「{suffix or '无扩展名'}」，支持 txt、md、pdf、html、docx、png、jpg")
