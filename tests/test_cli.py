"""The command line as other tools use it: `tables --json` and `ask --batch` keep their contracts."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import CORPUS, ROOT
from ui.cli import main


def test_tables_json_contract(capsys):
    assert main(["tables", str(CORPUS / "2023_chuanhuiqu_zfbgs.txt"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"file", "agency", "year", "format", "cells", "checks"} <= set(out)
    assert out["cells"]["requests.new.total"] == {
        "value": 6,
        "status": "stated",
        "source": {"line": 57, "page": None, "text": out["cells"]["requests.new.total"]["source"]["text"]},
    }
    assert out["cells"]["requests.new.natural_person"]["status"] == "derived"
    assert all(c["status"] in ("holds", "broken", "unchecked") and c["detail"] for c in out["checks"])


def test_check_prints_the_tables_in_chinese(capsys):
    assert main(["check", str(CORPUS / "pdf" / "2023_huaian_hongzequ.pdf")]) == 2  # its 表四 breaks a rule
    out = capsys.readouterr().out
    assert "【四、政府信息公开行政复议、行政诉讼情况】" in out and "不成立" in out


def test_ask_batch_prints_one_json_line_per_question(corpus_index, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        '平潭2023年收到多少件政府信息公开申请？\n{"question": "洪泽区2024年行政复议几件？"}\n\n', encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "--batch", str(batch), "--data", str(corpus_index.data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["route"] for r in lines] == ["figure", "figure"]
    assert lines[1]["figures"][0]["file"] == "pdf/2024_huaian_hongzequ.pdf"


def test_ask_batch_with_malformed_json_says_which_line(tmp_path, capsys):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('平潭2023年收到多少件申请？\n{"question": \n', encoding="utf-8")
    assert main(["ask", "--batch", str(batch), "--data", str(tmp_path / "data")]) == 1
    assert "第2行" in capsys.readouterr().err


def test_a_wrong_setting_is_one_chinese_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    from ui.cli import main

    monkeypatch.setenv("GONGKAI_EMBEDDING_THREADS", "two")
    assert main(["ask", "--data", str(tmp_path), "平潭2023年收到多少申请"]) == 2
    err = capsys.readouterr().err
    assert "GONGKAI_EMBEDDING_THREADS" in err and "Traceback" not in err
