"""An upload is read and parsed in a child process with a time limit before it may take the ingest lock.

A hostile file (a PDF or DOCX that costs minutes or gigabytes) then costs only its own process: it is
killed at the limit, or when the client goes away, while the API and other uploads carry on. Only a
file that parsed within the limit is ingested, so the work done under the lock is bounded too; the
child hands back what it read and parsed, so ingest does not do it again (a scan's OCR is slow).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from index.document import Document, ReadError
from index.ingest import parse_file
from index.model import ParsedReport
from index.parse.metadata import Supplied

# spawn, not fork: the server has threads, and a forked child may inherit a lock one of them holds.
_CONTEXT = multiprocessing.get_context("spawn")
_POLL_SECONDS = 0.05
CRASHED = "读取文件时处理进程意外退出（文件可能过大或已损坏）"
CANCELLED = "上传已取消"


@dataclass(frozen=True)
class Vetted:
    """What vetting found: the reason the file is refused (Chinese), or the file read and parsed."""

    refused: str | None = None
    read: tuple[Document, ParsedReport] | None = None


def _parse_in_child(path: str, name: str, supplied: Supplied, reply: Connection) -> None:
    try:
        reply.send(Vetted(read=parse_file(Path(path), name, supplied)))
    except ReadError as exc:
        reply.send(Vetted(str(exc)))
    except Exception:  # noqa: BLE001 - the parent only needs to know the file cannot be read
        reply.send(Vetted("无法读取这个文件（可能已损坏）"))


async def vet(path: Path, name: str, supplied: Supplied, seconds: float, gone: Callable[[], Awaitable[bool]]) -> Vetted:
    """The file read and parsed within `seconds`, or the Chinese reason it is refused."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_parse_in_child, args=(str(path), name, supplied, send), daemon=True)
    child.start()
    send.close()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    try:
        while not receive.poll():
            if not child.is_alive() and not receive.poll():
                return Vetted(CRASHED)
            if loop.time() > deadline:
                return Vetted(f"文件超出处理上限：读取和解析超过 {seconds:g} 秒，已停止")
            if await gone():
                return Vetted(CANCELLED)
            await asyncio.sleep(_POLL_SECONDS)
        try:
            return await asyncio.to_thread(receive.recv)  # a large report takes a moment to unpickle
        except EOFError:
            return Vetted(CRASHED)
    finally:
        if child.is_alive():
            child.kill()
        await asyncio.to_thread(child.join)
        receive.close()
