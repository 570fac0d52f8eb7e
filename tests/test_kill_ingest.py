"""kill -9 during `gongkai ingest` (a real subprocess, real SQLite and embedded Chroma, the fake embedder):
at seeded points of the write path (before and after each SQLite insert and delete and each Chroma write
and delete) and at a seeded moment, the store holds only whole reports, and the next `gongkai ingest`
brings store and Chroma to exactly the state of an ingest that was never interrupted."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from chromadb.api.shared_system_client import SharedSystemClient

from assistant.engine import DB_NAME, Gongkai
from index.ingest import InputFile
from tests.cli_support import fake_embedder, run_cli
from tests.helpers import CORPUS, ROOT

REPLACED = "2023_chuanhuiqu_zfbgs.txt"  # stored in an older version first: the ingest replaces it
FILES = (REPLACED, "2023_shuyang_fagaiju.txt", "html/2023_pingtan_shiyanqu.html")
COPY = "副本.txt"  # the same bytes as 2023_shuyang_fagaiju.txt: skipped
# Where the subprocess kills itself: (function, which call, before or after it). The first file replaces
# an old version: it is written to SQLite, then to Chroma (whose replace_report deletes first, the first
# Chroma delete), then the old version goes from SQLite and from Chroma (the second). Every step of that
# is a point; two are drawn among the writes of the two files after it, and one moment after the first
# file was taken (the ingest takes about 0.4 s).
REPLACEMENT = [
    ("index.store.reports:Store.insert_report", 1, "after"),
    ("index.store.vectors:VectorIndex._write", 1, "after"),
    ("index.store.reports:Store.delete_report", 1, "after"),
    ("index.store.vectors:VectorIndex.delete_report", 2, "after"),
]
LATER = [
    (target, n, when)
    for target in ("index.store.reports:Store.insert_report", "index.store.vectors:VectorIndex._write")
    for n in (2, 3)
    for when in ("before", "after")
]
_RANDOM = random.Random(13)
POINTS = [*REPLACEMENT, *_RANDOM.sample(LATER, 2), ("time", round(_RANDOM.uniform(0.05, 0.4), 2), "")]

DRIVER = """
import os, signal, sys, threading, importlib
from tests.cli_support import fake_embedder

def die():
    os.kill(os.getpid(), signal.SIGKILL)

target, nth, when = sys.argv[1], sys.argv[2], sys.argv[3]
from index.ingest import Ingestor
from ui.cli import main

if target == "time":  # the clock starts with the first file, after the imports and the opening
    check, started = Ingestor.check, []

    def timed(self, source):
        if not started:
            started.append(threading.Timer(float(nth), die))
            started[0].start()
        return check(self, source)

    Ingestor.check = timed
else:
    module, _, attribute = target.partition(":")
    owner_name, name = attribute.split(".")
    owner = getattr(importlib.import_module(module), owner_name)
    real, calls = getattr(owner, name), [0]

    def hooked(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(nth) and when == "before":
            die()
        out = real(*args, **kwargs)
        if calls[0] == int(nth) and when == "after":
            die()
        return out

    setattr(owner, name, hooked)
with fake_embedder():
    sys.exit(main(["ingest", sys.argv[4], "--data", sys.argv[5]]))
"""


pytestmark = pytest.mark.usefixtures("fake_embedder")


def _ingest(folder: Path, data: Path) -> int:
    return run_cli("ingest", str(folder), "--data", str(data))


def _state(data: Path) -> dict:
    """What a clean ingest leaves: reports, their rows and their vectors, by file (ids may differ)."""
    with sqlite3.connect(data / DB_NAME) as db:
        # A file is named with its content: an old and a new version of one file are two reports.
        reports = {i: f"{file} {sha[:8]}" for i, file, sha in db.execute("SELECT id, file, sha256 FROM reports")}
        rows = {}
        for table in ("cells", "checks", "blocks", "passages"):
            counts = db.execute(f"SELECT report_id, COUNT(*) FROM {table} GROUP BY report_id").fetchall()
            rows[table] = {reports.get(r, f"orphan {r}"): n for r, n in counts}
        keywords = db.execute("SELECT COUNT(*) FROM passage_keywords").fetchone()[0]
        files = sorted(db.execute("SELECT file, sha256, agency, year FROM reports").fetchall())
    SharedSystemClient.clear_system_cache()
    gongkai = Gongkai(data)
    try:
        vectors: dict[str, int] = {}
        for item in gongkai.vectors.ids():
            file = reports.get(int(item.split(":")[0]), "orphan")
            vectors[file] = vectors.get(file, 0) + 1
    finally:
        gongkai.close()
    return {"reports": files, "rows": rows, "keywords": keywords, "vectors": vectors}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The folder to ingest, a data dir holding the old version of one of its files, and the clean state."""
    root = tmp_path_factory.mktemp("kill")
    folder = root / "corpus"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, folder / name)
    shutil.copy(CORPUS / FILES[1], folder / COPY)
    old = root / "old"
    old.mkdir()
    text = (CORPUS / REPLACED).read_text(encoding="utf-8")
    (old / REPLACED).write_text(text.replace("行政规范性文件\t2\t0\t7", "行政规范性文件\t2\t0\t8"), encoding="utf-8")
    base = root / "base"
    with fake_embedder():
        assert _ingest(old, base) == 0
        before = _state(base)
        clean = root / "clean"
        shutil.copytree(base, clean)
        assert _ingest(folder, clean) == 0
        expected = _state(clean)
    assert len(expected["reports"]) == len(FILES)  # the old version replaced, the copy skipped
    return folder, base, before, expected


@pytest.mark.parametrize("point", POINTS, ids=lambda p: ":".join(map(str, p)))
def test_a_kill_at_any_point_recovers_to_the_clean_state(setup, tmp_path, point):
    folder, base, old, expected = setup
    data = tmp_path / "data"
    shutil.copytree(base, data)
    target, nth, when = point
    process = subprocess.run(
        [sys.executable, "-c", DRIVER, target, str(nth), when, str(folder), str(data)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert process.returncode in (-signal.SIGKILL, 0), process.stderr.decode()[-2000:]
    if target != "time":
        assert process.returncode == -signal.SIGKILL  # every hook is reached

    # Right after the kill: only whole reports (the old version or the new ones), each with all its rows,
    # and no rows of no report.
    after = _state(data)
    for table, counts in after["rows"].items():
        assert counts.items() <= (expected["rows"][table] | old["rows"][table]).items(), table
    assert after["keywords"] == sum(after["rows"]["passages"].values())
    assert after["reports"]  # the old version stays until the new one is written

    assert _ingest(folder, data) == 0
    assert _state(data) == expected


def test_a_contradicted_version_left_by_a_kill_goes_at_the_next_sync(tmp_path, monkeypatch):
    """A corrected version under another name, killed before the old one was deleted (as if
    `_versions` had found nothing): the next sync deletes the old one; renditions that agree stay."""
    gongkai = Gongkai(tmp_path / "data")
    try:
        pingtan = [CORPUS / "2023_pingtan_shiyanqu.txt", CORPUS / "html" / "2023_pingtan_shiyanqu.html"]
        for path in [CORPUS / REPLACED, *pingtan]:
            list(gongkai.ingest([InputFile(path, path.name)]))
        corrected = tmp_path / "corrected.txt"
        text = (CORPUS / REPLACED).read_text(encoding="utf-8")
        corrected.write_text(text.replace("行政规范性文件\t2\t0\t7", "行政规范性文件\t2\t0\t8"), encoding="utf-8")
        with monkeypatch.context() as patched:
            patched.setattr(gongkai.ingestor, "_versions", lambda parsed, same_file: ([], []))
            list(gongkai.ingest([InputFile(corrected, corrected.name)]))
        assert len(gongkai.store.reports()) == 4
        assert gongkai.sync() == 1
        files = sorted(r.file for r in gongkai.store.reports())
        assert files == sorted(["corrected.txt", *(p.name for p in pingtan)])
        assert gongkai.sync() == 0 and gongkai.sink.sync() == 0
    finally:
        gongkai.close()
