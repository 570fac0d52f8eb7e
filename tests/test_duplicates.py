"""Repeated content is indexed once: a file holding its report several times over gives the passages (and
vectors) of one copy, and a file byte for byte the same as a stored one is skipped with a Chinese message.
Real corpus files, real SQLite and Chroma, the fake embedder."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Gongkai
from index.document import HEADING, PARAGRAPH, Block, Document
from index.ingest import ADDED, DUPLICATE, RENDITION, REPLACED, UNCHANGED, InputFile, prepare
from index.passages import chunk
from index.readers import read
from tests.helpers import CORPUS
from ui.app import create_app
from ui.cli import main
from ui.settings import Settings

TEXT_FILES = sorted(CORPUS.glob("*.txt"))
REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"
OTHER = CORPUS / "2023_shuyang_fagaiju.txt"


pytestmark = pytest.mark.usefixtures("fake_embedder")


@pytest.fixture
def gongkai(tmp_path):
    g = Gongkai(tmp_path / "data")
    yield g
    g.close()


def _ingest(g: Gongkai, path, name=None):
    return list(g.ingest([InputFile(path, name or path.name)]))[0]


def _repeated(path, tmp_path, times: int, separator: bytes = b"\n"):
    copy = tmp_path / path.name
    copy.write_bytes(separator.join([path.read_bytes()] * times))
    return copy


# ---------------------------------------------------------------- passages


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_a_report_repeated_gives_the_passages_of_one_copy(path, tmp_path):
    once = chunk(read(path))
    assert chunk(read(_repeated(path, tmp_path, 8))) == once  # same texts, sections, ordinals and lines


def test_a_repeat_without_a_line_break_between_copies(tmp_path):
    """Site dumps hold the whole report on a few lines: copies glued end to start still read once."""
    path = CORPUS / "2023_pingtan_shiyanqu.txt"
    assert chunk(read(_repeated(path, tmp_path, 3, b"\n\n"))) == chunk(read(path))


def test_a_sentence_repeated_later_is_kept_at_its_first_place():
    sentence = "本机关通过政府网站、政务新媒体等渠道及时发布各类政府信息，方便群众查阅。"
    blocks = [
        Block(HEADING, "一、总体情况", line=1),
        Block(PARAGRAPH, sentence, line=2),
        Block(HEADING, "五、政府信息公开工作存在的主要问题及改进情况", line=3),
        Block(PARAGRAPH, "一是公开内容不够全面。" + sentence, line=4),
    ]
    passages = chunk(Document("x.txt", blocks))
    assert [p.text for p in passages] == [sentence, "一是公开内容不够全面。"]
    assert [(p.ordinal, p.line) for p in passages] == [(0, 2), (1, 4)]


def test_short_sentences_may_recur_under_other_headings():
    """「无。」 under two headings says two things; a short run of repeated blocks is not a copy."""
    blocks = [
        Block(HEADING, "一、总体情况", line=1),
        Block(PARAGRAPH, "（一）主动公开方面。无。", line=2),
        Block(HEADING, "五、政府信息公开工作存在的主要问题及改进情况", line=3),
        Block(PARAGRAPH, "（一）主动公开方面。无。", line=4),
    ]
    passages = chunk(Document("x.txt", blocks))
    assert [p.line for p in passages] == [2, 4] and passages[0].text == passages[1].text
    assert passages[0].section.startswith("一、") and passages[1].section.startswith("五、")


# ---------------------------------------------------------------- ingest


def test_a_repeated_file_stores_and_embeds_one_copy(gongkai, tmp_path):
    once = _ingest(gongkai, REPORT)
    vectors_once = len(gongkai.vectors.ids())
    passages_once = gongkai.store.passage_count()
    repeated = _repeated(REPORT, tmp_path, 8)
    assert repeated.stat().st_size > 8 * REPORT.stat().st_size - 16
    again = _ingest(gongkai, repeated, "repeated/" + REPORT.name)
    assert (once.status, again.status) == (ADDED, RENDITION)  # a rendition of the same report: both kept
    assert gongkai.store.passage_count() == 2 * passages_once
    assert len(gongkai.vectors.ids()) == 2 * vectors_once


def test_a_byte_identical_copy_is_skipped_saying_of_which_file(gongkai, tmp_path):
    first = _ingest(gongkai, REPORT)
    ids = gongkai.vectors.ids()
    copy = tmp_path / "副本.txt"
    shutil.copy(REPORT, copy)
    result = _ingest(gongkai, copy)
    assert result.status == DUPLICATE and result.report_id == first.report_id
    assert result.message == f"与已导入的 {REPORT.name} 完全相同"
    assert [r.file for r in gongkai.store.reports()] == [REPORT.name]
    assert gongkai.vectors.ids() == ids
    assert _ingest(gongkai, copy).status == DUPLICATE  # and again on the next run, still nothing written
    assert _ingest(gongkai, REPORT).status == UNCHANGED


def test_two_copies_in_one_batch_keep_the_first(gongkai, tmp_path):
    """Both are checked before either is written (as `--workers` does): the second finds the first at commit."""
    copy = tmp_path / "copy.txt"
    shutil.copy(REPORT, copy)
    sources = [InputFile(REPORT, REPORT.name), InputFile(copy, copy.name)]
    ingestor = gongkai.ingestor
    pending = [ingestor.check(s) for s in sources]
    results = [ingestor.commit(p, prepare(p, gongkai.sink)) for p in pending]
    assert [r.status for r in results] == [ADDED, DUPLICATE]
    assert [r.file for r in gongkai.store.reports()] == [REPORT.name]
    assert all(i.startswith(f"{results[0].report_id}:") for i in gongkai.vectors.ids())


def test_a_file_overwritten_with_another_files_bytes_leaves_only_that_one(gongkai, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    shutil.copy(OTHER, folder / "b.txt")
    assert [_ingest(gongkai, folder / n).status for n in (REPORT.name, "b.txt")] == [ADDED, ADDED]
    shutil.copy(REPORT, folder / "b.txt")
    result = _ingest(gongkai, folder / "b.txt")
    assert result.status == DUPLICATE and REPORT.name in result.message
    assert [r.file for r in gongkai.store.reports()] == [REPORT.name]
    assert gongkai.sink.sync() == 0  # no vectors left of b.txt's old text


def test_a_changed_file_still_replaces_its_old_version(gongkai, tmp_path):
    path = tmp_path / REPORT.name
    shutil.copy(REPORT, path)
    _ingest(gongkai, path)
    path.write_text(REPORT.read_text(encoding="utf-8").replace("\t2\t0\t7", "\t2\t0\t8", 1), encoding="utf-8")
    assert _ingest(gongkai, path).status == REPLACED


def test_the_cli_says_skipped_and_why(tmp_path, capsys):
    data = tmp_path / "data"
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    shutil.copy(REPORT, folder / "副本.txt")
    assert main(["ingest", str(folder), "--data", str(data)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "副本.txt" in line]
    assert lines == [f"跳过 副本.txt：与已导入的 {REPORT.name} 完全相同"]
    assert main(["ingest", str(folder / REPORT.name), "--data", str(data)]) == 0
    err = capsys.readouterr().err
    assert f"跳过 {REPORT.name}：内容与上次导入时相同" in err and "已导入" not in err


def test_an_upload_of_a_stored_file_under_another_name_is_skipped(gongkai):
    stored = _ingest(gongkai, REPORT)
    with TestClient(create_app(gongkai, Settings(admin_token="t"))) as client:
        response = client.post(
            "/api/reports",
            files={"file": ("另存为.txt", REPORT.read_bytes())},
            headers={"Authorization": "Bearer t"},
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["report_id"]) == (DUPLICATE, stored.report_id)
    assert body["message"] == f"与已导入的 {REPORT.name} 完全相同"
    assert len(gongkai.store.reports()) == 1
