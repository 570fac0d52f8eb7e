"""Two `gongkai serve` processes on one PostgreSQL and one Chroma server (the real command, the real
model): a report uploaded through one is answered by the other, which had already answered without
it, and both answer alike. `-m multi_instance` selects it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.engine import DATABASE_URL_VAR
from index.ingest import parse_file
from index.store.vectors import CHROMA_URL_VAR
from tests.backends import empty_chroma, free_port, fresh_database, wait_http
from tests.helpers import CORPUS, ROOT

pytestmark = pytest.mark.multi_instance

TOKEN = "multi-instance-token"
REPORT = CORPUS / "2023_shuyang_fagaiju.txt"
FIGURE_QUESTION = "沭阳县发展和改革局2023年收到多少件政府信息公开申请？"
TEXT_QUESTION = "沭阳县发展和改革局2023年是怎样做好政府信息公开平台建设的？"
NEW_TOTAL = "requests.new.total"
_READY_SECONDS = 240


@pytest.fixture
def deployment(postgres_server, chroma_server, tmp_path) -> Iterator[dict]:
    with fresh_database(postgres_server) as url:
        yield {
            **os.environ,
            DATABASE_URL_VAR: url,
            CHROMA_URL_VAR: empty_chroma(chroma_server),
            "GONGKAI_ADMIN_TOKEN": TOKEN,
            "PYTHONPATH": str(ROOT),
        }


def _serve(env: dict, data: Path, corpus: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "ui.cli", "serve", "--data", str(data), "--corpus", str(corpus)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return process, f"http://127.0.0.1:{port}"


def _ask(base: str, question: str) -> dict:
    response = httpx.post(f"{base}/api/ask", json={"question": question}, timeout=120)
    response.raise_for_status()
    return response.json()


def _same(answer: dict) -> tuple:
    return answer["route"], answer["answer"], answer["figures"], answer["citations"]


def test_an_upload_through_one_serve_is_answered_by_the_other(deployment, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    instances = [_serve(deployment, tmp_path / f"data-{n}", corpus, tmp_path / f"serve-{n}.log") for n in "ab"]
    try:
        for (process, base), n in zip(instances, "ab"):
            if not wait_http(f"{base}/healthz", process, _READY_SECONDS):
                log = (tmp_path / f"serve-{n}.log").read_text(errors="replace")
                pytest.fail(f"gongkai serve {n} did not start:\n{log[-2000:]}")
        (_, a), (_, b) = instances
        assert _ask(b, FIGURE_QUESTION)["route"] == "none"  # b has read its (empty) agency directory

        with REPORT.open("rb") as f:
            uploaded = httpx.post(
                f"{a}/api/reports",
                files={"file": (REPORT.name, f, "text/plain")},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=300,
            )
        assert uploaded.status_code == 201, uploaded.text

        expected = parse_file(REPORT, REPORT.name)[1].cells[NEW_TOTAL].value
        from_b = _ask(b, FIGURE_QUESTION)
        assert from_b["route"] == "figure"
        assert {"file": REPORT.name, "cell": NEW_TOTAL, "value": expected} in [
            {k: f[k] for k in ("file", "cell", "value")} for f in from_b["figures"]
        ]
        assert _same(from_b) == _same(_ask(a, FIGURE_QUESTION))
        # A text answer needs both sides of retrieval: the keywords in PostgreSQL, the vectors on the server.
        text_b = _ask(b, TEXT_QUESTION)
        assert text_b["route"] == "text" and text_b["citations"], text_b
        assert {c["file"] for c in text_b["citations"]} == {REPORT.name}
        assert _same(text_b) == _same(_ask(a, TEXT_QUESTION))
        assert httpx.get(f"{b}/healthz", timeout=10).json()["reports"] == 1
    finally:
        for process, _ in instances:
            process.terminate()
        for process, _ in instances:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
