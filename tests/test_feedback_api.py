"""Feedback over the real app (the corpus in real SQLite and Chroma, the fake embedder: retrieval is not measured):
every answer is logged and carries an id, a vote refers to it, bad votes get a Chinese 4xx, nothing about the
person is stored, staff read the questions needing attention first, as a page and as a CSV; and OpenAPI types
every field, with no CDN on any page."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from index.store.feedback import normalize_question
from tests.test_api import ANSWER_KEYS
from ui.app import create_app
from ui.feedback import answered
from ui.questions import CSV_HEADER
from ui.settings import Settings

TOKEN = "feedback-admin-token"
FIGURE_QUESTION = "平潭2023年新收多少件政府信息公开申请？"
UNANSWERED_QUESTION = "平潭2023年的财政预算是多少？"
CJK = re.compile(r"[\u4e00-\u9fff]")
EXTERNAL = re.compile(r"https?://(?!testserver(?![\w.-]))[^\s\"'<>)]+")  # any site but this one
HTML_PAGES = ("/", "/reports", "/reports/1", "/questions", "/compare", "/demo", "/embed", "/docs", "/source")


@pytest.fixture(scope="module")
def client(fake_corpus_index):
    return TestClient(create_app(fake_corpus_index, Settings(admin_token=TOKEN)))


def ask(client, question: str, **headers) -> dict:
    response = client.post("/api/ask", json={"question": question}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def vote(client, answer_id: str, choice: str, comment: str | None = None, **headers):
    body = {"answer_id": answer_id, "vote": choice} | ({"comment": comment} if comment is not None else {})
    return client.post("/api/feedback", json=body, headers=headers)


def group_of(gongkai, question: str):
    key = normalize_question(question)
    return next((g for g in gongkai.store.feedback.groups() if g.normalized == key), None)


# ---------------------------------------------------------------- logging and voting


def test_an_answer_is_logged_with_an_id_that_a_vote_refers_to(client, fake_corpus_index):
    question = f"{FIGURE_QUESTION}（投票）"
    body = ask(client, question)
    assert set(body) == ANSWER_KEYS
    assert re.fullmatch(r"[0-9a-f]{32}", body["answer_id"])
    logged = fake_corpus_index.store.feedback.asked(body["answer_id"])
    assert (logged.question, logged.answer, logged.route, logged.answered) == (question, body["answer"], "figure", True)

    first = vote(client, body["answer_id"], "up")
    assert first.status_code == 200
    assert first.json() == {"answer_id": body["answer_id"], "vote": "up", "message": "感谢您的反馈！"}
    assert vote(client, body["answer_id"], "down", "  想知道办结了多少  ").status_code == 200
    group = group_of(fake_corpus_index, question)
    assert (group.asked, group.unanswered, group.up, group.down) == (1, 0, 0, 1)  # the later vote replaced it
    assert group.comments == ("想知道办结了多少",)
    assert group.needs_attention


def test_a_question_the_reports_do_not_answer_is_logged_as_not_answered(client, fake_corpus_index):
    body = ask(client, UNANSWERED_QUESTION)
    assert body["route"] == "none"
    assert fake_corpus_index.store.feedback.asked(body["answer_id"]).answered is False
    group = group_of(fake_corpus_index, UNANSWERED_QUESTION)
    assert group.unanswered >= 1 and group.needs_attention


def test_answered_reads_the_route_and_the_figures_not_the_wording():
    figure = {"route": "figure", "figures": [{"cell": "requests.new.total"}], "computed": []}
    assert answered(figure)
    assert not answered({**figure, "figures": []})  # only blank or unreadable cells: 报告未列明 / 无法确定
    assert answered({"route": "text", "figures": [], "computed": []})
    assert answered({"route": "chat", "figures": [], "computed": []})
    assert not answered({"route": "none", "figures": [], "computed": [], "answer": "有"})


def test_a_vote_stores_nothing_about_the_person(client, fake_corpus_index):
    ip, agent = "203.0.113.77", "Mozilla/5.0 (Gongkai-Privacy-Probe)"
    headers = {"X-Forwarded-For": ip, "User-Agent": agent, "Cookie": "session=probe-cookie"}
    body = ask(client, f"{FIGURE_QUESTION}（隐私）", **headers)
    assert vote(client, body["answer_id"], "down", "没有我要的", **headers).status_code == 200
    db = fake_corpus_index.store.db
    with db.lock:
        columns = {
            table: [d[0] for d in db.execute(f"SELECT * FROM {table} LIMIT 1").description]
            for table in ("questions", "feedback")
        }
        stored = [db.execute(f"SELECT * FROM {table}").fetchall() for table in columns]
    assert columns == {
        "questions": ["id", "asked_at", "question", "normalized", "answer", "route", "answered"],
        "feedback": ["id", "answer_id", "given_at", "question", "normalized", "answer", "route", "vote", "comment"],
    }
    text = repr(stored)
    assert ip not in text and "Privacy-Probe" not in text and "probe-cookie" not in text


def test_a_comment_is_kept_up_to_the_cap_and_cleaned(client, fake_corpus_index):
    question = f"{FIGURE_QUESTION}（说明）"
    answer_id = ask(client, question)["answer_id"]
    assert vote(client, answer_id, "down", "长" * 500).status_code == 200
    assert vote(client, answer_id, "down", "有\u0000控制\u202e字符\u200b").status_code == 200
    body = json.dumps({"answer_id": answer_id, "vote": "down", "comment": "半个字\ud800"})
    surrogate = client.post("/api/feedback", content=body, headers={"Content-Type": "application/json"})
    assert surrogate.status_code == 422 and CJK.search(surrogate.json()["detail"]), surrogate.text
    assert group_of(fake_corpus_index, question).comments == ("有控制字符",)


# ---------------------------------------------------------------- refusals, in Chinese


def test_a_vote_on_an_unknown_answer_is_404(client):
    response = vote(client, "0" * 32, "up")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("没有这个回答")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"answer_id": "x", "vote": "maybe"}, "vote 只能是"),
        ({"answer_id": "x", "vote": "up", "comment": "长" * 501}, "comment 太长（最多 500 字）"),
        ({"vote": "up"}, "缺少 answer_id"),
        ({"answer_id": "x"}, "缺少 vote"),
        ({"answer_id": "x", "vote": "up", "ip": "1.2.3.4"}, "不认识的字段 ip"),
        ({"answer_id": ["x"], "vote": "up"}, "answer_id 应为文字"),
        ([1, 2], "请求内容应为 JSON 对象"),
    ],
    ids=["vote", "long-comment", "no-id", "no-vote", "extra-field", "id-type", "not-object"],
)
def test_a_bad_vote_is_422_saying_what_was_wrong(client, body, message):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422
    assert message in response.json()["detail"] and CJK.search(response.json()["detail"])


def test_malformed_json_is_400(client):
    response = client.post("/api/feedback", content=b'{"answer_id": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 JSON"}


# ---------------------------------------------------------------- what staff read


def test_questions_page_lists_those_needing_attention_first(client, fake_corpus_index):
    plain = f"{FIGURE_QUESTION}（常问）"
    for _ in range(3):
        vote(client, ask(client, plain)["answer_id"], "up")
    disliked = f"{FIGURE_QUESTION}（不满意）"
    vote(client, ask(client, disliked)["answer_id"], "down", "<script>alert(1)</script>")
    ask(client, UNANSWERED_QUESTION)

    response = client.get("/questions")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    rows = re.findall(r'<tr class="(attention|plain)"><td data-label="问题">(.*?)(?:<br>|</td>)', html)
    kinds = [kind for kind, _ in rows]
    assert kinds == sorted(kinds)  # every row needing attention before every other
    order = [question for _, question in rows]
    assert order.index(disliked) < order.index(plain) and order.index(UNANSWERED_QUESTION) < order.index(plain)
    assert dict((q, k) for k, q in rows)[plain] == "plain"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "群众问了什么" in html and 'href="/api/questions.csv"' in html
    assert 'href="/questions"' in client.get("/reports").text  # linked from the staff pages
    assert 'href="/questions"' in client.get("/compare").text


def test_questions_csv_has_a_bom_chinese_headers_and_a_chinese_file_name(client, fake_corpus_index):
    formula = "=HYPERLINK(1) 平潭2023年收到多少申请"
    ask(client, formula)
    response = client.get("/api/questions.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition == f"attachment; filename=\"questions.csv\"; filename*=UTF-8''{quote('群众问了什么.csv')}"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER
    groups = fake_corpus_index.store.feedback.groups()
    assert [r["问题"].lstrip("'") for r in rows] == [g.question for g in groups]
    assert any(r["问题"] == "'" + formula for r in rows)  # never read as a formula by a spreadsheet
    attention = [r["需要关注"] for r in rows]
    assert attention == sorted(attention, key=lambda a: a != "是")


# ---------------------------------------------------------------- the API described


def test_openapi_types_every_field_and_documents_the_token(client):
    schema = client.get("/openapi.json").json()
    models = schema["components"]["schemas"]
    for name in ("AskResponse", "FeedbackRequest", "FeedbackResponse", "Report", "ReportDetail", "UploadResult"):
        assert name in models, name
    assert set(models["AskResponse"]["properties"]) >= ANSWER_KEYS
    for name in ("AskResponse", "Citation", "AnswerFigure", "FeedbackRequest", "Report"):
        undocumented = [p for p, v in models[name]["properties"].items() if not v.get("description")]
        assert undocumented == [], (name, undocumented)

    def ok(path: str, method: str) -> dict:
        return schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]

    assert ok("/api/ask", "post") == {"$ref": "#/components/schemas/AskResponse"}
    assert ok("/api/feedback", "post") == {"$ref": "#/components/schemas/FeedbackResponse"}
    assert ok("/api/reports", "get")["items"] == {"$ref": "#/components/schemas/Report"}
    assert ok("/api/reports/{report_id}", "get") == {"$ref": "#/components/schemas/ReportDetail"}
    assert "404" in schema["paths"]["/api/feedback"]["post"]["responses"]
    assert "text/csv" in schema["paths"]["/api/questions.csv"]["get"]["responses"]["200"]["content"]
    assert schema["components"]["securitySchemes"]["管理员令牌"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["管理员令牌"]["description"],
    }
    assert schema["paths"]["/api/reports"]["post"]["security"] == [{"管理员令牌": []}]


def test_the_token_is_checked_as_before(client, fake_corpus_index):
    """Documenting the scheme changed nothing: a missing, other or wrong token is refused in Chinese."""
    files = {"file": ("x.txt", b"nothing", "text/plain")}
    assert client.post("/api/reports", files=files).status_code == 401
    assert client.post("/api/reports", files=files, headers={"Authorization": "Basic abc"}).status_code == 401
    wrong = client.post("/api/reports", files=files, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "管理员令牌不正确"}
    closed = TestClient(create_app(fake_corpus_index, Settings()))
    refused = closed.post("/api/reports", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 403 and refused.json() == {"detail": "未配置管理员令牌，上传已关闭"}


def test_reports_and_ask_still_return_what_the_models_describe(client, fake_corpus_index):
    listed = client.get("/api/reports").json()
    assert len(listed) == len(fake_corpus_index.store.reports())
    detail = client.get(f"/api/reports/{listed[0]['id']}").json()
    assert {"report", "cells", "checks", "warnings"} <= set(detail)
    trend = ask(client, "平潭2019年到2024年本年新收的政府信息公开申请数量是怎么变化的？")
    assert trend["chart"] and trend["chart"]["series"][0]["points"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_page_names_another_site(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert EXTERNAL.findall(response.text) == []


def test_redoc_is_off_and_docs_are_served_from_the_package(client):
    assert client.get("/redoc", headers={"Accept": "application/json"}).status_code == 404
    docs = client.get("/docs").text
    assert "/docs-static/swagger-ui-bundle.js" in docs and '"validatorUrl": null' in docs
