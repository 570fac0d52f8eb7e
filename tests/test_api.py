"""The JSON API over the real corpus index: answers keep the contract, bad input gets a Chinese
4xx, uploads are guarded, and a rejected upload leaves the index exactly as it was."""

from __future__ import annotations

import csv
import io
import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from index.document import ReadError
from index.ingest import parse_file
from index.model import AMBIGUOUS, DERIVED, STATUS_ZH
from tests.helpers import CORPUS
from ui.app import create_app
from ui.settings import Settings

TOKEN = "test-admin-token"
ANSWER_KEYS = {
    "question",
    "answer",
    "route",
    "figures",
    "citations",
    "computed",
    "chart",
    "chart_html",
    "tables",
    "answer_id",
}
CITATION_KEYS = {"n", "file", "title", "section", "cell", "page", "line", "text", "recognized"}
FIGURE_KEYS = {"file", "cell", "value", "unit", "status"}
CJK = re.compile(r"[\u4e00-\u9fff]")
NEW_TOTAL = "requests.new.total"
# An upload that is a real report (a corpus file) for an agency the index does not hold, with
# markup in its name and text that every page must show as text.
UPLOAD_SOURCE = CORPUS / "2023_shuyang_fagaiju.txt"
UPLOAD_NAME = "<img src=x onerror=alert(1)>海棠发改局2023.txt"
PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client(corpus_index):
    return TestClient(create_app(corpus_index, Settings(admin_token=TOKEN, max_upload_bytes=200_000)))


def snapshot(gongkai) -> list[tuple[int, str, str]]:
    return [(r.id, r.file, r.sha256) for r in gongkai.store.reports()]


def pingtan(gongkai, year: int):
    return next(r for r in gongkai.store.reports() if "平潭" in r.agency and r.year == year)


def expected_new_total(gongkai, year: int) -> int:
    return int(gongkai.store.cells(pingtan(gongkai, year).id)[NEW_TOTAL].value)


def upload(client: TestClient, name: str, data: bytes, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/reports", files={"file": (name, data, "text/plain")}, headers=headers)


def new_report_text() -> str:
    """A corpus report moved to 海棠县, with a script tag in its narrative."""
    lines = UPLOAD_SOURCE.read_text(encoding="utf-8").replace("沭阳", "海棠").splitlines()
    narrative = next(i for i, line in enumerate(lines) if line.startswith("2023年，县发展和改革局"))
    lines[narrative] = f"{lines[narrative]}{PAYLOAD}"
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- asking


def test_figure_question_returns_the_cell_with_its_citation(client, corpus_index):
    expected = expected_new_total(corpus_index, 2023)
    response = client.post("/api/ask", json={"question": "平潭2023年新收多少件政府信息公开申请？"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ANSWER_KEYS
    assert body["route"] == "figure"
    assert all(set(f) == FIGURE_KEYS for f in body["figures"])
    assert any(f["cell"] == NEW_TOTAL and f["value"] == expected for f in body["figures"])
    assert body["citations"] and all(set(c) == CITATION_KEYS for c in body["citations"])
    assert body["citations"][0]["cell"] == NEW_TOTAL
    assert str(expected) in body["answer"] and "[1]" in body["answer"]


def test_history_carries_the_agency_into_a_follow_up(client, corpus_index):
    first = "平潭2023年新收多少件政府信息公开申请？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "……[1]"}]
    body = client.post("/api/ask", json={"question": "那2024年呢？", "history": history}).json()
    assert body["route"] == "figure"
    assert body["figures"][0]["value"] == expected_new_total(corpus_index, 2024)


def test_agency_scope_answers_a_question_that_names_no_agency(client, corpus_index):
    body = client.post("/api/ask", json={"question": "2023年新收多少件政府信息公开申请？", "agency": "平潭"}).json()
    assert body["route"] == "figure"
    assert body["figures"][0]["value"] == expected_new_total(corpus_index, 2023)


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ("{not json", 400, "不是有效的 JSON"),
        ("{}", 400, "问题不能为空"),
        ('{"question": "   "}', 400, "问题不能为空"),
        ('{"question": "' + "问" * 501 + '"}', 400, "问题太长"),
        ('{"question": 5}', 422, "请求格式不正确"),
        ('{"question": "平潭收到多少申请", "history": "不是列表"}', 422, "请求格式不正确"),
    ],
)
def test_bad_questions_get_a_chinese_4xx(client, payload, status, message):
    response = client.post("/api/ask", content=payload, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert message in response.json()["detail"]


# ---------------------------------------------------------------- reports


def test_reports_list_every_report_with_its_broken_rule_count(client, corpus_index):
    body = client.get("/api/reports").json()
    stored = corpus_index.store.reports()
    broken = corpus_index.store.broken_counts()
    assert [r["id"] for r in body] == [r.id for r in stored]
    assert set(body[0]) == {"id", "file", "agency", "year", "title", "format", "agency_from", "year_from", "broken"}
    assert {r["id"]: r["broken"] for r in body if r["broken"]} == broken


def test_report_detail_has_cells_and_checks(client, corpus_index):
    report = pingtan(corpus_index, 2023)
    body = client.get(f"/api/reports/{report.id}").json()
    assert body["report"]["file"] == report.file
    assert set(body["cells"]) == set(corpus_index.store.cells(report.id))
    assert body["cells"][NEW_TOTAL]["value"] == expected_new_total(corpus_index, 2023)
    assert len(body["checks"]) == len(corpus_index.store.checks(report.id))


def test_cells_csv_stands_alone_with_agency_year_chinese_labels_and_how_each_cell_was_read(client, corpus_index):
    report = pingtan(corpus_index, 2023)
    response = client.get(f"/api/reports/{report.id}/cells.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    name = f"{report.agency}-{report.year}-统计表.csv"
    assert f"filename*=UTF-8''{quote(name)}" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[:6] == ["机关", "年度", "文件", "表", "行", "列"]
    assert len(rows) == len(corpus_index.store.cells(report.id))
    by_id = {r["单元格编号"]: r for r in rows}
    new = by_id[NEW_TOTAL]
    assert (new["机关"], new["年度"], new["表"]) == (report.agency, str(report.year), "表三")
    assert (new["列"], new["数值"], new["状态"]) == ("总计", str(expected_new_total(corpus_index, 2023)), "报告列明")
    assert new["来源行"] and new["原文"]


def test_one_csv_holds_every_cell_of_every_report_for_staff_who_compare_agencies(client, corpus_index):
    response = client.get("/api/cells.csv")
    assert f"filename*=UTF-8''{quote('全部年报-统计表.csv')}" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    reports = corpus_index.store.reports()
    assert len(rows) == sum(len(corpus_index.store.cells(r.id)) for r in reports)
    assert {(r["文件"], r["机关"], r["年度"]) for r in rows} == {(r.file, r.agency, str(r.year)) for r in reports}


def test_cells_csv_gives_the_rule_of_a_derived_cell_and_the_readings_of_an_ambiguous_one(client, corpus_index):
    for status, word in ((DERIVED, "依据："), (AMBIGUOUS, "可能的读法：")):
        report, cell = next(
            (r, c)
            for r in corpus_index.store.reports()
            for c in corpus_index.store.cells(r.id).values()
            if c.status == status
        )
        rows = csv.DictReader(io.StringIO(client.get(f"/api/reports/{report.id}/cells.csv").text.lstrip("\ufeff")))
        row = next(r for r in rows if r["单元格编号"] == cell.id)
        assert row["状态"] == STATUS_ZH[status] and row["依据或可能的读法"].startswith(word)


@pytest.mark.parametrize("path", ["/api/reports/999999", "/api/reports/999999/cells.csv"])
def test_unknown_report_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"] == "没有这份报告"


def test_health_and_openapi_are_not_shadowed_by_the_chat(client, corpus_index):
    assert client.get("/healthz").json() == {"status": "ok", "reports": len(corpus_index.store.reports())}
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "cdn." not in docs.text  # served from the package, not a CDN


# ---------------------------------------------------------------- uploads


def test_upload_is_closed_without_a_configured_token(corpus_index):
    before = snapshot(corpus_index)
    closed = TestClient(create_app(corpus_index, Settings()))
    response = upload(closed, "a.txt", UPLOAD_SOURCE.read_bytes())
    assert response.status_code == 403
    assert response.json()["detail"] == "未配置管理员令牌，上传已关闭"
    assert snapshot(corpus_index) == before


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_upload_needs_the_right_token(client, corpus_index, token):
    before = snapshot(corpus_index)
    response = upload(client, "a.txt", new_report_text().encode(), token=token)
    assert response.status_code == 401
    assert CJK.search(response.json()["detail"])
    assert snapshot(corpus_index) == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("通知.txt", "关于做好春节假期值班工作的通知\n各单位：请安排好值班人员。\n".encode()),
        ("报告.exe", b"MZ\x90\x00"),
        ("空文件.txt", b""),
    ],
)
def test_a_file_that_is_not_a_report_is_refused_with_the_cli_reason(client, corpus_index, tmp_path, name, data):
    before = snapshot(corpus_index)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as reason:
        parse_file(path, name)
    response = upload(client, name, data)
    assert response.status_code == 400
    assert response.json()["detail"] == str(reason.value)
    assert snapshot(corpus_index) == before


def test_an_oversized_upload_is_413(client, corpus_index):
    before = snapshot(corpus_index)
    response = upload(client, "大文件.txt", b"x" * 300_000)
    assert response.status_code == 413
    assert "文件太大" in response.json()["detail"]
    assert snapshot(corpus_index) == before


@pytest.fixture(scope="module")
def uploaded(client, corpus_index):
    """The new report uploaded once; removed afterwards so other tests see the corpus only."""
    response = upload(client, UPLOAD_NAME, new_report_text().encode())
    yield response
    corpus_index.remove(UPLOAD_NAME)


def test_an_uploaded_report_is_stored_under_its_name_and_answers_at_once(client, corpus_index, uploaded):
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["status"] == "added" and body["file"] == UPLOAD_NAME
    report = corpus_index.store.report(body["report_id"])
    assert report.file == UPLOAD_NAME and "海棠" in report.agency
    expected = int(corpus_index.store.cells(report.id)[NEW_TOTAL].value)
    answer = client.post("/api/ask", json={"question": "海棠县发展和改革局2023年收到多少件政府信息公开申请？"}).json()
    assert {"file": UPLOAD_NAME, "cell": NEW_TOTAL, "value": expected} in [
        {k: f[k] for k in ("file", "cell", "value")} for f in answer["figures"]
    ]
    again = upload(client, UPLOAD_NAME, new_report_text().encode())
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_markup_in_an_uploaded_report_is_shown_as_text(client, corpus_index, uploaded):
    report = corpus_index.store.report(uploaded.json()["report_id"])
    passage = next(p for p in corpus_index.store.passages(report.id) if PAYLOAD in p.text)
    pages = [
        client.get("/reports").text,
        client.get(f"/reports/{report.id}").text,
        client.get("/source", params={"file": report.file, "text": passage.text[:60], "line": passage.line}).text,
    ]
    for html in pages:
        assert "<img src=x" not in html and PAYLOAD not in html
    assert all("&lt;img src=x onerror=alert(1)&gt;" in html for html in pages[:2])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]


def test_a_slow_upload_is_stopped_at_its_limit_while_a_small_one_completes(corpus_index, uploaded, tmp_path):
    """The slow file parses in about a second; with a 0.3 s limit it is stopped in its own process,
    and a small upload sent meanwhile is answered without waiting for it."""
    from tests.test_hostile_files import _docx, _paragraphs

    slow = _docx(tmp_path / "slow.docx", _paragraphs(20_000, "S2999"), styles=3000).read_bytes()
    strict = TestClient(create_app(corpus_index, Settings(admin_token=TOKEN, parse_seconds=0.3)))
    normal = TestClient(create_app(corpus_index, Settings(admin_token=TOKEN)))
    before = snapshot(corpus_index)
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        stopped = pool.submit(upload, strict, "slow.docx", slow)
        small = upload(normal, UPLOAD_NAME, new_report_text().encode())
        small_seconds = time.monotonic() - started
        refused = stopped.result()
        refused_seconds = time.monotonic() - started
    assert small.status_code == 200 and small.json()["status"] == "unchanged" and small_seconds < 5
    assert refused.status_code == 400 and refused_seconds < 3
    assert refused.json()["detail"] == "文件超出处理上限：读取和解析超过 0.3 秒，已停止"
    assert snapshot(corpus_index) == before
