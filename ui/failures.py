"""What went wrong for the operator, in one Chinese line that says what to do: a data dir that is read-only,
missing or not a folder, a full disk, a database locked by another process or damaged, a vector folder from
another version, an unreachable PostgreSQL, a port in use. The CLI prints the line and exits non-zero;
the trace is for `--debug`."""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path


class OperatorError(Exception):
    """A problem with how the command was run (not a bug); the message is Chinese, for the operator."""


def explain(exc: BaseException, data_dir: Path) -> str:
    """One line for `exc` raised while using `data_dir`; unknown failures say how to see the details."""
    for cause in _chain(exc):
        if isinstance(cause, OperatorError):
            return str(cause)
        if (line := _os_error(cause, data_dir)) or (line := _database_error(cause, data_dir)):
            return line
    if any(_from_chroma(c) for c in _chain(exc)):
        return _chroma_broken(data_dir)
    if any(type(c).__module__.startswith("psycopg") for c in _chain(exc)):
        return "无法使用 PostgreSQL 数据库（GONGKAI_DATABASE_URL）：请检查地址、用户名、密码，以及服务器是否在运行"
    return f"出现意外错误（{type(exc).__name__}）：加 --debug 运行可查看详细信息"


def check_port(host: str, port: int) -> None:
    """Fail before the corpus is indexed, not after, when the server could not listen."""
    try:
        with socket.create_server((host or "0.0.0.0", port)):
            pass
    except socket.gaierror as exc:
        raise OperatorError(f"无法识别主机地址 {host}：请检查 --host") from exc
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise OperatorError(f"端口 {port} 已被占用：请用 --port 换一个端口，或先停止占用它的程序") from exc
        if exc.errno == errno.EACCES:
            raise OperatorError(f"没有权限使用端口 {port}：请用 --port 换一个大于 1024 的端口") from exc
        raise OperatorError(f"无法在 {host}:{port} 上监听（{exc.strerror}）：请检查 --host 和 --port") from exc


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _os_error(exc: BaseException, data_dir: Path) -> str | None:
    if not isinstance(exc, OSError) or exc.errno is None:
        return None
    where = Path(exc.filename) if isinstance(exc.filename, str) else data_dir
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        if where != data_dir and data_dir not in where.parents:
            return f"没有权限读写 {where}：请检查它的权限"
        return _read_only(data_dir, "只读文件系统" if exc.errno == errno.EROFS else "没有读写权限")
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间已满，无法写入 {where}：请清理磁盘，或用 --data 换到空间充足的位置"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"数据目录 {data_dir} 不是文件夹：请用 --data 指定一个文件夹"
    if exc.errno == errno.ENOENT and where == data_dir:
        return f"数据目录 {data_dir} 不存在：请先用 gongkai ingest 导入报告，或用 --data 指定数据目录"
    if exc.errno == errno.ENOENT:
        return f"找不到 {where}：请检查路径"
    return None


def _database_error(exc: BaseException, data_dir: Path) -> str | None:
    if not isinstance(exc, sqlite3.Error) and not _from_chroma(exc):
        return None
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return _read_only(data_dir, "数据库是只读的")
    if "locked" in text or "busy" in text:
        return f"数据目录 {data_dir} 的数据库正被另一个进程使用：请等另一个 gongkai 命令结束后重试"
    if "disk is full" in text or "disk full" in text:
        return f"磁盘空间已满，无法写入 {data_dir}：请清理磁盘，或用 --data 换到空间充足的位置"
    if "not a database" in text or "malformed" in text or "disk i/o" in text:
        if _from_chroma(exc):
            return _chroma_broken(data_dir)
        return f"数据目录 {data_dir} 中的数据库已损坏：请从备份恢复，或换一个空的数据目录重新导入报告"
    if "unable to open" in text:
        return _read_only(data_dir, "数据库文件无法打开")
    return None


def _from_chroma(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("chromadb")


def _chroma_broken(data_dir: Path) -> str:
    return (
        f"向量索引 {data_dir / 'chroma'} 无法打开（已损坏，或由另一个版本建立）："
        "删除该文件夹后重新运行，向量会从 SQLite 重建"
    )


def _read_only(data_dir: Path, what: str) -> str:
    return f"数据目录 {data_dir} 无法使用（{what}）：请用 --data 或 GONGKAI_DATA 指定一个可写的文件夹，或修改其权限"
