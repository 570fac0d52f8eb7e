"""What an operator gets wrong is said in one Chinese line with a non-zero exit, never a traceback: data dirs
that are read-only (a real read-only mount when the test may mount), missing or files, damaged databases,
a port in use, a missing corpus; and the mapping of every failure the code knows, table-driven."""

from __future__ import annotations

import errno
import shutil
import socket
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.cli_support import fake_embedder, run_cli
from tests.helpers import CORPUS
from ui.failures import OperatorError, explain

REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"
DATA = Path("/srv/gongkai")


pytestmark = pytest.mark.usefixtures("fake_embedder")


def run(capsys, *argv: str) -> tuple[int, str]:
    """One command as its own process would run it, with what it said on stderr."""
    code = run_cli(*argv)
    err = capsys.readouterr().err
    return code, err


def one_chinese_line(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("导入报告:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(w in lines[0] for w in words), lines[0]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("data")
    with fake_embedder():
        assert run_cli("ingest", str(REPORT), "--data", str(path)) == 0
    return path


def _damaged(data: Path, tmp_path: Path, member: str) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    (copy / member).write_bytes(b"this is not a database file " * 40)
    return copy


def test_a_damaged_database_says_so(data, tmp_path, capsys):
    copy = _damaged(data, tmp_path, "gongkai.sqlite3")
    for argv in (["ask", "你好"], ["ingest", str(REPORT)], ["remove", REPORT.name]):
        code, err = run(capsys, *argv, "--data", str(copy))
        assert code == 1
        one_chinese_line(err, str(copy), "数据库已损坏", "备份")


def test_a_damaged_vector_folder_says_to_delete_it(data, tmp_path, capsys):
    copy = _damaged(data, tmp_path, "chroma/chroma.sqlite3")
    code, err = run(capsys, "ask", "你好", "--data", str(copy))
    assert code == 1
    one_chinese_line(err, "向量索引", "删除该文件夹")


def test_a_missing_data_dir_is_not_created_by_asking(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    for argv in (["ask", "你好"], ["remove", REPORT.name]):
        code, err = run(capsys, *argv, "--data", str(missing))
        assert code == 1
        one_chinese_line(err, "不存在", "gongkai ingest")
    assert not missing.exists()


def test_a_file_as_data_dir(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for argv in (["ingest", str(REPORT)], ["ask", "你好"]):
        code, err = run(capsys, *argv, "--data", str(a_file))
        assert code == 1
        one_chinese_line(err, "不是文件夹")


def test_serve_refuses_a_missing_corpus_and_a_port_in_use(tmp_path, capsys):
    code, err = run(capsys, "serve", "--data", str(tmp_path), "--corpus", str(tmp_path / "none"))
    assert code == 1
    one_chinese_line(err, "没有找到语料文件夹")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code, err = run(capsys, "serve", "--data", str(tmp_path), "--port", str(port))
    assert code == 1
    one_chinese_line(err, f"端口 {port} 已被占用", "--port")


def test_debug_prints_the_trace_as_well(data, tmp_path, capsys):
    copy = _damaged(data, tmp_path, "gongkai.sqlite3")
    code, err = run(capsys, "--debug", "ask", "你好", "--data", str(copy))
    assert code == 1 and "Traceback" in err and "数据库已损坏" in err.splitlines()[-1]


@pytest.fixture
def read_only(data, tmp_path):
    """`data` bind-mounted read-only, and an empty read-only file system; skipped where mounting is not allowed."""
    view, empty = tmp_path / "ro-data", tmp_path / "ro-empty"
    view.mkdir()
    empty.mkdir()
    mounts = [
        ["mount", "--bind", str(data), str(view)],
        ["mount", "-o", "remount,ro,bind", str(view)],
        ["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(empty)],
    ]
    done = []
    try:
        for command in mounts:
            if subprocess.run(command, capture_output=True).returncode != 0:
                pytest.skip("cannot mount a read-only file system here")
            done.append(command[-1])
        yield view, empty
    finally:
        for target in dict.fromkeys(reversed(done)):
            subprocess.run(["umount", "--lazy", target], capture_output=True)  # Chroma may still hold files


def test_a_read_only_data_dir_says_so(read_only, capsys):
    view, empty = read_only
    for argv in (["ask", "川汇区2023年收到多少申请"], ["ingest", str(CORPUS / "2023_pingtan_shiyanqu.txt")]):
        code, err = run(capsys, *argv, "--data", str(view))
        assert code == 1
        one_chinese_line(err, str(view), "可写")
    code, err = run(capsys, "ingest", str(REPORT), "--data", str(empty / "data"))
    assert code == 1
    one_chinese_line(err, "只读文件系统", "可写")


def _sqlite_error(tmp_path: Path, content: bytes) -> sqlite3.Error:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(content)
    try:
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.EROFS, "Read-only file system", str(DATA)), ("只读文件系统", "可写")),
        (PermissionError(errno.EACCES, "Permission denied", str(DATA / "gongkai.sqlite3")), ("没有读写权限",)),
        (PermissionError(errno.EACCES, "Permission denied", "/elsewhere/报告.txt"), ("没有权限读写 /elsewhere",)),
        (OSError(errno.ENOSPC, "No space left on device"), ("磁盘空间已满",)),
        (sqlite3.OperationalError("database or disk is full"), ("磁盘空间已满",)),
        (sqlite3.OperationalError("database is locked"), ("另一个进程",)),
        (sqlite3.OperationalError("attempt to write a readonly database"), ("只读", "可写")),
        (sqlite3.OperationalError("unable to open database file"), ("无法打开",)),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", str(DATA)), ("不是文件夹",)),
        (OperatorError("端口 1 已被占用"), ("端口 1 已被占用",)),
        (psycopg.OperationalError("connection failed: Connection refused"), ("PostgreSQL", "GONGKAI_DATABASE_URL")),
        (RuntimeError("boom"), ("意外错误", "RuntimeError", "--debug")),
    ],
)
def test_each_known_failure_has_its_line(error, words):
    line = explain(error, DATA)
    assert "\n" not in line and all(w in line for w in words), line


def test_a_cause_is_found_behind_the_error_that_wraps_it(tmp_path):
    damaged = _sqlite_error(tmp_path, b"not a database " * 100)
    try:
        try:
            raise damaged
        except sqlite3.Error as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert "数据库已损坏" in explain(wrapped, DATA)
