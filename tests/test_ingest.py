"""Ingest: one transaction per file, a no-op for unchanged files, versions replace, renditions coexist;
on both deployments (SQLite + embedded Chroma, PostgreSQL + a Chroma server)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from assistant.engine import Gongkai
from index.ingest import ADDED, FAILED, RENDITION, REPLACED, UNCHANGED, InputFile
from index.store.vectors import IndexItem
from tests.helpers import CORPUS, ROOT

REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"


@pytest.fixture
def gongkai(tmp_path, backend):
    """On SQLite + embedded Chroma, and on PostgreSQL + a Chroma server (tests/backends.py)."""
    g = Gongkai(tmp_path / "data")
    yield g
    g.close()


def _ingest(g: Gongkai, path, name=None):
    return list(g.ingest([InputFile(path, name or path.name)]))[0]


def test_reingesting_an_unchanged_file_is_a_no_op(gongkai):
    first = _ingest(gongkai, REPORT)
    ids = gongkai.vectors.ids()
    again = _ingest(gongkai, REPORT)
    assert (first.status, again.status) == (ADDED, UNCHANGED)
    assert again.report_id == first.report_id
    assert gongkai.vectors.ids() == ids and len(gongkai.store.reports()) == 1


def test_vector_failure_leaves_nothing_behind(gongkai, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(gongkai.vectors, "_write", disk_full)
    result = _ingest(gongkai, REPORT)
    assert result.status == FAILED and "磁盘已满" in result.message
    assert gongkai.store.reports() == [] and gongkai.vectors.ids() == set()
    assert gongkai.store.db.execute("SELECT COUNT(*) FROM cells").fetchone()[0] == 0


def test_a_corrected_version_replaces_the_old_one_without_orphans(gongkai, tmp_path):
    old = _ingest(gongkai, REPORT)
    corrected = tmp_path / "2023_chuanhuiqu_corrected.txt"
    corrected.write_text(
        REPORT.read_text(encoding="utf-8").replace("行政规范性文件\t2\t0\t7", "行政规范性文件\t2\t0\t8"),
        encoding="utf-8",
    )
    new = _ingest(gongkai, corrected)
    assert new.status == REPLACED
    assert [r.file for r in gongkai.store.reports()] == [corrected.name]
    assert gongkai.store.cells(new.report_id)["active.normative_docs.in_force"].value == 8
    assert not any(i.startswith(f"{old.report_id}:") for i in gongkai.vectors.ids())
    assert gongkai.sink.sync() == 0  # Chroma already matches SQLite


def test_two_renditions_of_one_report_are_both_kept(gongkai):
    text = _ingest(gongkai, CORPUS / "2023_pingtan_shiyanqu.txt")
    page = _ingest(gongkai, CORPUS / "html" / "2023_pingtan_shiyanqu.html", "html/2023_pingtan_shiyanqu.html")
    assert (text.status, page.status) == (ADDED, RENDITION)
    assert len(gongkai.store.reports()) == 2


def test_remove_deletes_report_and_vectors(gongkai):
    added = _ingest(gongkai, REPORT)
    assert gongkai.remove(REPORT.name)
    assert gongkai.store.reports() == []
    assert not any(i.startswith(f"{added.report_id}:") for i in gongkai.vectors.ids())


def test_deleted_chroma_folder_is_rebuilt_from_sqlite(tmp_path):
    """Chroma holds nothing SQLite cannot give back: `gongkai ingest` re-indexes a lost folder.

    Separate processes, as a person would run it (Chroma caches an open folder per process).
    """
    data = tmp_path / "data"
    command = [sys.executable, "-m", "ui.cli", "ingest", str(REPORT), "--data", str(data)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    shutil.rmtree(data / "chroma")
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    g = Gongkai(data)
    (report,) = g.store.reports()
    assert g.vectors.ids() == {i.id for i in g.sink.items_for(report.id)} != set()
    g.close()


def test_sync_repairs_only_the_reports_that_differ(gongkai):
    """An orphan is dropped, a report with a stray or missing item is rewritten (as the cell-fact items an
    older version stored), and a report that matches is left alone."""
    kept, damaged = _ingest(gongkai, REPORT), _ingest(gongkai, CORPUS / "2023_pingtan_shiyanqu.txt")
    vectors = gongkai.vectors
    stray = IndexItem(f"{damaged.report_id}:c:requests.new.total", "旧版的单元格句子", {"report_id": damaged.report_id})
    orphan = IndexItem("999:p0", "已删除的报告", {"report_id": 999})
    vectors.upsert([stray, orphan])
    vectors._collection.delete(ids=[f"{damaged.report_id}:p0"])
    untouched = vectors.items([f"{kept.report_id}:p0"])
    assert gongkai.sink.sync() == 2
    expected = {i.id for r in (kept, damaged) for i in gongkai.sink.items_for(r.report_id)}
    assert vectors.ids() == expected and vectors.items([f"{kept.report_id}:p0"]) == untouched
    assert gongkai.sink.sync() == 0
