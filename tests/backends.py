"""External backends for the tests: a private PostgreSQL cluster and a Chroma server, each started once
per session on a free loopback port in a temporary folder, and torn down after.

Skipped, with the reason, where they cannot start (no PostgreSQL binaries, no `chroma` command).
`database_url` runs a test on both SQL stores; `backend` on SQLite + embedded Chroma and on PostgreSQL +
the Chroma server; each test has a database and collections of its own.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.engine import DATABASE_URL_VAR
from index.store.sql import POSTGRES, SQLITE
from index.store.vectors import CHROMA_URL_VAR

EMBEDDED = "embedded"
SERVERS = "servers"
_START_SECONDS = 60


def pytest_configure(config) -> None:
    """The tests choose their deployment themselves: addresses set in the shell must not reach them."""
    for var in (DATABASE_URL_VAR, CHROMA_URL_VAR):
        os.environ.pop(var, None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def _as_cluster_owner() -> tuple[list[str], str | None]:
    """initdb refuses root: as root, run the cluster as Debian's `postgres` user."""
    if os.geteuid() != 0:
        return [], None
    runuser = shutil.which("runuser")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return [], "以 root 运行且系统没有 postgres 用户，无法启动 PostgreSQL"
    if runuser is None:
        return [], "以 root 运行且没有 runuser 命令，无法启动 PostgreSQL"
    return [runuser, "-u", "postgres", "--"], None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A private cluster: the URL of its `postgres` database (trust auth, loopback only, C locale, UTF-8)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip(
            "没有找到 PostgreSQL（initdb、pg_ctl），跳过 PostgreSQL 测试；Debian 上：apt-get install postgresql"
        )
    prefix, problem = _as_cluster_owner()
    if problem:
        pytest.skip(problem)
    folder = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    if prefix:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()

    def run(*args: str) -> bool:
        try:
            done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=_START_SECONDS + 30)
        except subprocess.TimeoutExpired:
            return False
        return done.returncode == 0

    options = f"-p {port} -h 127.0.0.1 -k {folder} -c fsync=off -c full_page_writes=off"
    log = folder / "log"
    started = run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C") and run(
        pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", str(_START_SECONDS), "-o", options, "start"
    )
    try:
        if not started:
            reason = log.read_text(errors="replace").strip()[-300:] if log.exists() else "initdb 失败"
            pytest.skip(f"PostgreSQL 无法启动：{reason}")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():  # also a server that came up after pg_ctl gave up waiting
            run(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def chroma_server() -> Iterator[str]:
    """`chroma run` of the chromadb package: the URL of the server."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists() and shutil.which("chroma") is None:
        pytest.skip("没有找到 chroma 命令（chromadb 包），跳过 Chroma 服务器测试")
    command = str(chroma) if chroma.exists() else shutil.which("chroma")
    folder, port = Path(tempfile.mkdtemp(prefix="gongkai-chroma-")), free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with open(folder / "log", "wb") as log:
        server = subprocess.Popen(
            [command, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_http(f"{url}/api/v2/heartbeat", server):
            pytest.skip(f"Chroma 服务器无法启动：{(folder / 'log').read_text(errors='replace')[-300:]}")
        yield url
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)
        if server.poll() is None:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


def wait_http(url: str, process: subprocess.Popen | None = None, seconds: float = _START_SECONDS) -> bool:
    """Whether `url` answers within `seconds`, while `process` (when given) is still running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database in the cluster, dropped after."""
    import psycopg

    name = f"gk_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def empty_chroma(url: str) -> str:
    """The server with no collections, so that a test sees only what it wrote."""
    from index.store.vectors import chroma_client

    client = chroma_client(Path("."), url)
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    return url


@pytest.fixture(params=[SQLITE, POSTGRES])
def database_url(request) -> Iterator[str | None]:
    """Both SQL stores: None (SQLite in the test's folder), or the URL of a fresh PostgreSQL database."""
    if request.param == SQLITE:
        yield None
        return
    with fresh_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(params=[EMBEDDED, SERVERS])
def backend(request, monkeypatch) -> Iterator[str]:
    """Both deployments: SQLite + embedded Chroma, and a fresh PostgreSQL database + an emptied Chroma
    server, named to `Gongkai` through GONGKAI_DATABASE_URL and GONGKAI_CHROMA_URL."""
    monkeypatch.delenv(DATABASE_URL_VAR, raising=False)
    monkeypatch.delenv(CHROMA_URL_VAR, raising=False)
    if request.param == EMBEDDED:
        yield EMBEDDED
        return
    chroma = empty_chroma(request.getfixturevalue("chroma_server"))
    with fresh_database(request.getfixturevalue("postgres_server")) as url:
        monkeypatch.setenv(DATABASE_URL_VAR, url)
        monkeypatch.setenv(CHROMA_URL_VAR, chroma)
        yield SERVERS
