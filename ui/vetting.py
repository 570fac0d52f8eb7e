"""An upload is read and parsed in a child process with a time limit before it may take the ingest lock.

A hostile file (a PDF or DOCX that costs minutes or gigabytes) then costs only its own process: it is
killed at the limit, or when the client goes away, while the API and other uploads carry on. Only a
file that parsed within the limit is ingested, so the work done under the lock is bounded too.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from pathlib import Path

from index.document import ReadError
from index.ingest import parse_file
from index.metadata import Supplied

# spawn, not fork: the server has threads, and a forked child may inherit a lock one of them holds.
_CONTEXT = multiprocessing.get_context("spawn")
_POLL_SECONDS = 0.05
CRASHED = "读取文件时处理进程意外退出（文件可能过大或已损坏）"
CANCELLED = "上传已取消"


def _parse_in_child(path: str, name: str, supplied: Supplied, reply: Connection) -> None:
    try:
        parse_file(Path(path), name, supplied)
        reply.send("")
    except ReadError as exc:
        reply.send(str(exc))
    except Exception:  # noqa: BLE001 - the parent only needs to know the file cannot be read
        reply.send("无法读取这个文件（可能已损坏）")


async def vet(
    path: Path, name: str, supplied: Supplied, seconds: float, gone: Callable[[], Awaitable[bool]]
) -> str | None:
    """None when the file parses within `seconds`; otherwise the Chinese reason it is refused."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_parse_in_child, args=(str(path), name, supplied, send), daemon=True)
    child.start()
    send.close()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    try:
        while not receive.poll():
            if not child.is_alive() and not receive.poll():
                return CRASHED
            if loop.time() > deadline:
                return f"文件超出处理上限：读取和解析超过 {seconds:g} 秒，已停止"
            if await gone():
                return CANCELLED
            await asyncio.sleep(_POLL_SECONDS)
        try:
            return receive.recv() or None
        except EOFError:
            return CRASHED
    finally:
        if child.is_alive():
            child.kill()
        await asyncio.to_thread(child.join)
        receive.close()
