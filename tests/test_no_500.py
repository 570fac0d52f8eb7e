"""No input gives a 500, a traceback or an English message: seeded fuzzing of every route of the real app
(real SQLite and Chroma over the corpus, the fake embedder) with random JSON bodies, unicode questions
(lone surrogates and controls included), query and path parameters and methods, plus the hostile cases
found by hand (64-bit ids, malformed multipart, odd upload names, oversized and chunked bodies)."""

from __future__ import annotations

import html
import json
import logging
import re
import socket
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.chat_page import answer_event, page_answers, page_shows, said
from ui import errors
from ui.app import create_app
from ui.chat import PENDING
from ui.settings import Settings

TOKEN = "fuzz-admin-token"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"(?<![/A-Za-z])[A-Za-z]?[a-z]{2,}")  # a word, not an acronym (JSON) or a path
CONTENT_TYPES = ("application/json", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded")
FUZZ = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Every route with the parameters it reads; {id} is filled with random ids and text.
GET_ROUTES = {
    "/api/reports": (),
    "/api/reports/{id}": (),
    "/api/reports/{id}/cells.csv": (),
    "/api/compare": ("cell", "year", "agency", "from", "to"),
    "/api/compare.csv": ("cell", "year", "agency", "from", "to"),
    "/compare": ("cell", "year", "agency", "from", "to"),
    "/reports": (),
    "/reports/{id}": (),
    "/source": ("file", "cell", "line", "page", "text"),
    "/embed": ("agency", "title"),
    "/demo": (),
    "/widget.js": (),
    "/healthz": (),
    "/questions": (),
    "/api/questions.csv": (),
    "/openapi.json": (),
    "/docs": (),
    "/": (),
    "/config": (),
}
CELLS = ("requests.new.total", "active.rules.made", "review.total", "x", "")
# Any code point, lone surrogates included (hypothesis leaves them out unless told).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=80)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(ANY_TEXT, inner, max_size=5),
    max_leaves=20,
)
HISTORY_ITEMS = st.one_of(
    ANY_TEXT, st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", 5]), "content": JSON_VALUES})
)
ASK_BODIES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {"question": st.one_of(ANY_TEXT, JSON_VALUES)},
        optional={"history": st.one_of(st.lists(HISTORY_ITEMS, max_size=30), JSON_VALUES), "agency": JSON_VALUES},
    ),
)
IDS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20),
)


@pytest.fixture(scope="module")
def client(fake_corpus_index):
    app = create_app(fake_corpus_index, Settings(admin_token=TOKEN, max_upload_bytes=100_000))
    with TestClient(app) as test_client:
        yield test_client


def assert_handled(response, html_ok: bool = True) -> None:
    """Below 500; an error says in Chinese what was wrong, as JSON or a page, never with internals."""
    assert response.status_code < 500, (response.request.method, response.request.url, response.text[:300])
    assert "Traceback" not in response.text
    if response.status_code < 400:
        return
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/json"):
        detail = response.json()["detail"]
        assert isinstance(detail, str) and CJK.search(detail), detail
    else:
        assert html_ok and kind.startswith("text/html") and CJK.search(response.text), (kind, response.text[:300])


def assert_chinese(message: object) -> None:
    """A message for people: Chinese, with no English words (paths and numbers may appear)."""
    assert isinstance(message, str) and CJK.search(message), message
    assert not ENGLISH.search(message.replace("multipart/form-data", "")), message


def _url(path: str, params: dict[str, str]) -> str:
    # Lone surrogates go out as the bytes a careless client would send (invalid UTF-8).
    query = urlencode(params, encoding="utf-8", errors="surrogatepass")
    return f"{path}?{query}" if query else path


# ---------------------------------------------------------------- fuzzing


@FUZZ
@seed(13)
@given(body=ASK_BODIES)
def test_any_json_body_to_ask(client, body):
    response = client.post("/api/ask", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert_handled(response)
    if response.status_code == 200:
        answer = response.json()
        assert answer["question"] and CJK.search(answer["answer"])
        json.dumps(answer).encode("utf-8")


@FUZZ
@seed(13)
@given(
    body=st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {"answer_id": st.one_of(st.just("logged"), ANY_TEXT, JSON_VALUES)},
            optional={
                "vote": st.one_of(st.sampled_from(["up", "down"]), JSON_VALUES),
                "comment": st.one_of(ANY_TEXT, JSON_VALUES),
            },
        ),
    )
)
def test_any_json_body_to_feedback(client, fake_corpus_index, body):
    """A vote on a logged answer (its comment any text, lone surrogates included) or on anything else."""
    if isinstance(body, dict) and body.get("answer_id") == "logged":
        body["answer_id"] = fake_corpus_index.store.feedback.log("平潭2023年收到多少申请？", "74件", "figure", True).id
    response = client.post("/api/feedback", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert_handled(response)


@FUZZ
@seed(13)
@given(question=ANY_TEXT, agency=st.one_of(st.none(), ANY_TEXT))
def test_any_unicode_question(client, question, agency):
    body = json.dumps({"question": question, "history": [question, {"role": "user", "content": question}]})
    body = body[:-1] + f', "agency": {json.dumps(agency)}}}'
    response = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert_handled(response)
    if response.status_code == 200:
        response.json()["answer"].encode("utf-8")


@FUZZ
@seed(13)
@given(
    route=st.sampled_from(sorted(GET_ROUTES)),
    report_id=IDS,
    data=st.data(),
)
def test_any_query_and_path_parameters_on_every_route(client, route, report_id, data):
    names = GET_ROUTES[route] + ("x",)
    values = st.one_of(ANY_TEXT, st.integers(min_value=-(2**70), max_value=2**70).map(str), st.sampled_from(CELLS))
    params = data.draw(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    path = route.replace("{id}", quote(report_id, safe=""))
    accept = data.draw(st.sampled_from(["application/json", "text/html,*/*", "*/*"]))
    assert_handled(client.get(_url(path, params), headers={"Accept": accept}))


@FUZZ
@seed(13)
@given(
    route=st.sampled_from(sorted(GET_ROUTES) + ["/api/ask", "/api/feedback", "/nope", "/api/nope", "/gradio_api/nope"]),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    body=st.binary(max_size=300),
    kind=st.sampled_from(CONTENT_TYPES),
)
def test_any_method_and_bytes_on_every_route(client, route, method, body, kind):
    path = route.replace("{id}", "1")
    headers = {"Content-Type": kind, "Authorization": f"Bearer {TOKEN}"}
    response = client.request(method, path, content=body, headers=headers)
    # gradio's own client reads its errors (other than unknown paths) as gradio wrote them.
    if path.startswith(("/gradio_api/", "/config")) or path == "/":
        assert response.status_code < 500
    else:
        assert_handled(response)


@FUZZ
@seed(13)
@given(
    path=st.sampled_from(["/gradio_api/run/ask", "/gradio_api/run/predict", "/gradio_api/queue/join"]),
    body=st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {"data": st.lists(JSON_VALUES, max_size=4)},
            optional={"fn_index": st.integers(min_value=-(2**70), max_value=2**70), "session_hash": ANY_TEXT},
        ),
    ),
)
def test_any_call_of_gradios_api(client, path, body):
    """Gradio's API never answers with a trace or a 500. What escapes gradio's routes is answered 400 (and
    re-raised afterwards for the server's log: the client must not raise); a call whose inputs do not fit
    the event is a 400 with a Chinese `{"error": ...}`, which gradio's client shows."""
    client = TestClient(client.app, raise_server_exceptions=False)
    response = client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert "Traceback" not in response.text
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400 and path == "/gradio_api/run/predict":
        assert_chinese(response.json().get("error") or response.json().get("detail"))


# ---------------------------------------------------------------- the cases found by hand


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/reports/99999999999999999999", 404, "没有这份报告"),
        ("/api/reports/9223372036854775808", 404, "没有这份报告"),
        ("/api/reports/-9223372036854775809/cells.csv", 404, "没有这份报告"),
        ("/api/reports/abc", 422, "report_id 应为整数"),
        ("/reports/99999999999999999999", 404, "没有这份报告"),
        ("/api/nope", 404, "没有这个页面"),
        ("/source?file=%ED%A0%80&line=99999999999999999999", 404, "没有这份报告"),
    ],
)
def test_odd_ids_and_paths(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert message in response.text
    assert_handled(response)


def test_a_wrong_method_is_405_naming_the_right_one(client):
    response = client.get("/api/ask")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["detail"] == "不支持 GET 请求，请使用 POST"


def test_a_browser_gets_an_error_page(client):
    response = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "没有这个页面" in response.text and 'href="/"' in response.text


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b'{"question": "\\udfff\\ud800"}', 400, "问题不能为空"),
        (b'{"question": "\\u202e\\u200b\\u0000 "}', 400, "问题不能为空"),
        (b'{"question": ', 400, "不是有效的 JSON"),
        (b'\xff\xfe{"question": "x"}', 400, "请求内容无法解析"),
        (b'{"question": 5}', 422, "question 应为文字"),
        (b"[1, 2]", 422, "请求内容应为 JSON 对象"),
        (b'{"question": "x", "history": "not a list"}', 422, "history 应为列表"),
        (json.dumps({"question": "x", "history": ["y"] * 201}).encode(), 422, "history 太长（最多 200 项）"),
        (json.dumps({"question": "x" * 2_000_000}).encode(), 413, "请求内容太大"),
    ],
)
def test_bad_ask_bodies_get_a_chinese_4xx(client, body, status, message):
    response = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_a_chunked_body_is_cut_at_the_cap(client):
    def chunks():
        yield b'{"question": "'
        for _ in range(20):
            yield b"x" * 100_000
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "请求内容太大" in response.json()["detail"]


def test_a_question_with_lone_surrogates_and_controls_is_answered_cleaned(client):
    body = '{"question": "\\ud800平潭\\u202e2023年\\u0000新收多少件政府信息公开申请？\\udfff", "history": ["\\ud800"]}'
    response = client.post("/api/ask", content=body.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["question"] == "平潭2023年新收多少件政府信息公开申请？"
    assert answer["route"] == "figure"


def test_a_long_history_is_read_from_its_last_items(client):
    """200 items of 1,000 characters each are accepted; only the last are read, each cut to a question's length."""
    history = ["平潭" * 500] * 198 + ["平潭2023年新收多少件政府信息公开申请？", {"role": "assistant", "content": "x"}]
    response = client.post("/api/ask", json={"question": "2022年呢？", "history": history})
    assert response.status_code == 200 and response.json()["route"] == "figure"


def upload(client, files=None, content=None, headers=None):
    headers = {"Authorization": f"Bearer {TOKEN}", **(headers or {})}
    return client.post("/api/reports", files=files, content=content, headers=headers)


NOT_A_REPORT = "这不是政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"content": b"", "headers": {"Content-Type": "text/plain"}}, "请选择要上传的报告文件"),
        ({"content": b"garbage", "headers": {"Content-Type": "multipart/form-data; boundary=xx"}}, "不是有效的表单"),
        ({"files": [("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))]}, "只能包含一个文件"),
        ({"files": {"other": ("a.txt", b"x")}}, "请选择要上传的报告文件"),
        ({"files": {"file": ("..", b"x")}}, "请选择要上传的报告文件"),
        ({"files": {"file": ("\u202e\u200b", b"x")}}, "请选择要上传的报告文件"),
        ({"files": {"file": ("年\x00报.txt", "区政府召开会议。".encode())}}, NOT_A_REPORT),
        ({"files": {"file": ("报" * 300 + ".txt", "区政府召开会议。".encode())}}, NOT_A_REPORT),
        ({"files": {"file": ("../../../etc/CON.txt", "区政府召开会议。".encode())}}, NOT_A_REPORT),
    ],
)
def test_bad_uploads_get_a_chinese_4xx(client, fake_corpus_index, kwargs, message):
    before = len(fake_corpus_index.store.reports())
    response = upload(client, **kwargs)
    assert 400 <= response.status_code < 500 and message in response.json()["detail"], response.text
    assert "/tmp" not in response.text
    assert len(fake_corpus_index.store.reports()) == before


def test_an_unexpected_failure_is_a_chinese_500_without_internals(fake_corpus_index, monkeypatch, caplog):
    def broken():
        raise RuntimeError("secret internal detail")

    app = create_app(fake_corpus_index, Settings())
    monkeypatch.setattr(fake_corpus_index.store, "reports", broken)
    with caplog.at_level(logging.ERROR, logger="gongkai"):
        response = TestClient(app, raise_server_exceptions=False).get("/api/reports")
    assert response.status_code == 500
    assert response.json() == {"detail": errors.SERVER_ERROR}
    assert "secret internal detail" in caplog.text


# ---------------------------------------------------------------- gradio


def test_the_chat_starts_without_the_network_and_answers_in_parallel(fake_corpus_index, monkeypatch):
    outside = []
    connect = socket.socket.connect

    def local_only(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost", "testserver") and "/" not in host:
            outside.append(address)
            raise OSError("network disabled in this test")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", local_only)
    app = create_app(fake_corpus_index, Settings(chat_concurrency=6))
    with TestClient(app) as test_client:
        assert test_client.get("/").status_code == 200
    blocks = errors.gradio_of(app).get_blocks()
    assert blocks.analytics_enabled is False
    ask = next(fn for fn in blocks.fns.values() if fn.api_name == "ask")
    assert ask.concurrency_limit == 6
    assert outside == []


def answer(client, question, session="s") -> dict:
    """The queued answer as the page gets it: join the queue with the question, then read the event stream to
    its end."""
    event, trigger = answer_event(client.get("/config").json())
    body = {"fn_index": event, "data": [question, None], "session_hash": session, "trigger_id": trigger}
    # json.dumps writes lone surrogates as \ud800 escapes, as a browser's JSON.stringify does
    joined = client.post(
        "/gradio_api/queue/join", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert joined.status_code == 200, joined.text
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and (message := json.loads(line[5:]))["msg"] == "process_completed":
                return message
    raise AssertionError("the event stream ended without an answer")


def asked(client, question, messages=(), session="s") -> tuple[list, dict]:
    """A question typed on the page after `messages`: drawn by the page, answered, the turn drawn by the page.
    Returns the conversation and the turn."""
    question, drawn = page_shows(question, list(messages))
    done = answer(client, question, session)
    assert done["success"], done
    turn = done["output"]["data"][0]
    return page_answers(turn, drawn)[0], json.loads(turn)


def texts(messages) -> list[str]:
    return [part["text"] for m in messages for part in m["content"]]


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("\ud800平潭\u202e2023年\u0000新收多少件政府信息公开申请？\udfff", "平潭2023年新收多少件政府信息公开申请？"),
        ("", None),
        ("\ud800\u0000\u200b\u202e \t", None),
    ],
    ids=["surrogates-and-controls", "empty", "nothing-left"],
)
def test_the_chat_cleans_the_question_it_answers_and_shows(client, question, shown):
    """Whatever the page drew (here: the question as typed, not cleaned), the turn shows the question cleaned."""
    drawn = [said("user", html.escape(question)), said("assistant", PENDING)]
    done = answer(client, question, session=f"clean-{len(question)}")
    assert done["success"], done
    turn = done["output"]["data"][0]
    messages, kept = page_answers(turn, drawn)
    if shown is None:
        assert json.loads(turn)["question"] is None and messages == []  # nothing asked, no placeholder left
        assert kept == {"messages": [], "asked": []}
        return
    assert texts(messages)[0] == shown and len(messages) == 2 and PENDING not in texts(messages)[1]
    assert kept == {"messages": messages, "asked": [shown]}


def test_the_page_draws_a_question_cleaned_and_escaped():
    question, drawn = page_shows("\ud800 <b>平潭</b>\u0000  2023年？ ", [])
    assert question == "<b>平潭</b> 2023年？"
    assert texts(drawn) == ["&lt;b&gt;平潭&lt;/b&gt; 2023年？", PENDING]
    assert page_shows("\u200b \t", drawn) == ("", drawn)


def test_the_chat_answers_a_cleaned_question_and_refuses_a_huge_one_in_chinese(client):
    messages, _ = asked(client, "\ud800平潭2023年新收多少件\u0000政府信息公开申请？", session="clean")
    assert "平潭" in texts(messages)[-1]
    messages, turn = asked(client, "问" * 200_000, session="huge")
    assert "问题太长了" in texts(messages)[-1] and turn["asked"] == []
    assert_chinese(texts(messages)[-1])


def test_a_follow_up_keeps_the_conversation_before_it(client):
    first, _ = asked(client, "平潭2023年新收多少件政府信息公开申请？", session="follow")
    messages, turn = asked(client, "那2022年呢？", first, session="follow")
    assert messages[:2] == first and texts(messages)[2] == "那2022年呢？" and len(messages) == 4
    assert "平潭" in texts(messages)[3] and "2022" in texts(messages)[3]
    assert turn["asked"] == ["平潭2023年新收多少件政府信息公开申请？", "那2022年呢？"]


@pytest.mark.parametrize(
    ("event", "data"),
    [
        ("pick_example", [[{"role": "user", "content": 5}]]),
        ("pick_example", [[{"role": "user", "content": "\ud800"}]]),
        ("pick_example", ["not a list"]),
        ("ask", ["平潭"]),
    ],
    ids=["content-not-a-list", "surrogate-content", "conversation-not-a-list", "too-few"],
)
def test_a_call_the_chat_cannot_take_is_a_chinese_400(client, event, data):
    fn = next(d["id"] for d in client.get("/config").json()["dependencies"] if d.get("api_name") == event)
    body = json.dumps({"fn_index": fn, "data": data, "session_hash": "bad"}, ensure_ascii=False)
    response = client.post(
        "/gradio_api/run/predict",
        content=body.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert_chinese(response.json()["error"])
    assert "pydantic" not in response.text and "object at 0x" not in response.text


def test_the_pages_own_steps_are_no_calls_of_the_server(client):
    """The steps that draw the question and the answered turn run in the browser; called on the server they are
    a Chinese 400."""
    config = client.get("/config").json()
    steps = [d["id"] for d in config["dependencies"] if d.get("js") and not d.get("backend_fn")]
    assert len(steps) == 3  # the question typed, and the answered turn of a typed question and of an example
    for fn in steps:
        body = {"fn_index": fn, "data": ["平潭", []], "session_hash": "js"}
        response = TestClient(client.app, raise_server_exceptions=False).post("/gradio_api/run/predict", json=body)
        assert response.status_code == 400, response.text
        assert_chinese(response.json()["error"])


def test_a_queued_call_the_chat_cannot_take_reports_in_chinese(client):
    event, trigger = answer_event(client.get("/config").json())
    body = {"fn_index": event, "data": [None], "session_hash": "q", "trigger_id": trigger}
    assert client.post("/gradio_api/queue/join", json=body).status_code == 200
    with client.stream("GET", "/gradio_api/queue/data?session_hash=q") as stream:
        lines = [json.loads(line[5:]) for line in stream.iter_lines() if line.startswith("data:")]
    done = next(m for m in lines if m["msg"] == "process_completed")
    assert done["success"] is False
    assert_chinese(done["output"]["error"])
    assert_chinese(done["title"])


def test_a_failing_answer_says_so_in_chinese(fake_corpus_index, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    app = create_app(fake_corpus_index, Settings())
    with TestClient(app) as test_client:
        monkeypatch.setattr(fake_corpus_index, "ask", broken)
        with caplog.at_level(logging.ERROR, logger="gongkai"):
            done = answer(test_client, "平潭2023年新收多少件政府信息公开申请？", session="broken")
    assert done["success"] is False and done["output"]["error"] == errors.SERVER_ERROR and done["title"] == "出错了"
    assert "secret internal detail" not in json.dumps(done) and "secret internal detail" in caplog.text


@pytest.mark.parametrize(
    "kwargs",
    [
        {"files": [("files", ("a.txt", b"x"))]},
        {"files": [("files", ("a.txt", b"x")), ("files", ("b.txt", b"y"))]},
        {"files": [("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))]},
        {"content": b"garbage", "headers": {"Content-Type": "multipart/form-data; boundary=xx"}},
        {"content": b"garbage", "headers": {"Content-Type": "multipart/form-data"}},
        {"content": b"", "headers": {"Content-Type": "text/plain"}},
    ],
    ids=["one-file", "two-files", "two-file-fields", "bad-multipart", "no-boundary", "not-multipart"],
)
def test_gradios_upload_route_is_closed_in_chinese(client, kwargs, tmp_path, monkeypatch):
    """The chat takes no files: gradio's upload route would store any file sent under its temp folder,
    and answers bad multipart bodies in English plain text."""
    folder = tmp_path / "gradio"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(folder))
    response = client.post("/gradio_api/upload", **kwargs)
    assert response.status_code == 404
    assert_chinese(response.json()["detail"])
    assert not folder.exists()
