"""Bad input gets one clear Chinese line naming the file, a non-zero exit, and an untouched index."""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image

from assistant.engine import DB_NAME
from tests.helpers import CORPUS, NEGATIVE
from ui.cli import main

REPORT = CORPUS / "2023_chuanhuiqu_zfbgs.txt"


def _dump(data) -> list[str]:
    db = data / DB_NAME
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """An index holding one real report, so "untouched" is checked against real content."""
    path = tmp_path_factory.mktemp("data")
    assert main(["ingest", str(REPORT), "--data", str(path)]) == 0
    return path


def _bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 20)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4 not really" + bytes(range(200)))
    scanned = tmp_path / "scanned.pdf"
    Image.new("RGB", (600, 800), "white").save(scanned, "PDF")
    news = tmp_path / "news.txt"
    news.write_text(
        "区政府召开常务会议\n会议研究了城市更新和营商环境等工作，部署下一阶段重点任务。\n", encoding="utf-8"
    )
    sheet = tmp_path / "report.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    return {
        empty: "空",
        noise: "",
        fake_pdf: "PDF",
        scanned: "此PDF没有文字层",
        news: "不是政府信息公开工作年度报告",
        sheet: "不支持的文件类型",
        NEGATIVE / "2024_putuo_shehuigongzuobu_bumenjuesuan.pdf": "不是政府信息公开工作年度报告",
    }


def test_each_bad_file_is_rejected_with_its_reason_and_nothing_changes(data, tmp_path, capsys):
    before = _dump(data)
    for path, reason in _bad_files(tmp_path).items():
        assert main(["ingest", str(path), "--data", str(data)]) == 1, path
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if path.name in line]
        assert len(lines) == 1 and reason in lines[0], err
        assert _dump(data) == before


def test_gb18030_report_reads_like_the_utf8_one(data, tmp_path, capsys):
    gbk = tmp_path / "gbk_report.txt"
    gbk.write_bytes(REPORT.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["tables", str(gbk), "--json"]) == 0
    gbk_json = capsys.readouterr().out
    assert main(["tables", str(REPORT), "--json"]) == 0
    utf8_json = capsys.readouterr().out
    assert gbk_json.replace("gbk_report.txt", REPORT.name) == utf8_json


def test_missing_file_and_unknown_report_removal(data, capsys):
    assert main(["ingest", str(CORPUS / "no_such_report.txt"), "--data", str(data)]) == 1
    assert "文件不存在" in capsys.readouterr().err
    assert main(["remove", "no_such_report.txt", "--data", str(data)]) == 1
    assert "没有" in capsys.readouterr().err
