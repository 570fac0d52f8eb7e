"""Server-rendered pages over the real corpus index: the staff view, the source view a citation
opens, the embed chat and the widget script, escaping, and the embedding headers."""

from __future__ import annotations

import re
from html import escape

import pytest
from fastapi.testclient import TestClient

from index import template as T
from index.model import AMBIGUOUS, BROKEN, CHECK_STATUS_ZH, DERIVED, MISSING, STATUS_ZH
from index.parse.layout import layouts, other_split
from ui.app import create_app
from ui.chat import build_chat
from ui.citations import answer_html, source_url
from ui.html import STATUS_EXPLAINED
from ui.settings import Settings

PORTAL = "https://portal.example.gov.cn"
PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HIT_CELL = re.compile(r'<td class="st-(\w+)(?: broken)? hit"[^>]*id="hit">(.*?)</td>')


@pytest.fixture(scope="module")
def client(corpus_index):
    return TestClient(create_app(corpus_index, Settings(allowed_origins=(PORTAL,))))


@pytest.fixture(scope="module")
def closed_client(corpus_index):
    return TestClient(create_app(corpus_index, Settings()))


def cell_with_status(gongkai, status: str):
    for report in gongkai.store.reports():
        for cell in gongkai.store.cells(report.id).values():
            if cell.status == status:
                return report, cell
    pytest.fail(f"the corpus has no {status} cell")


# ---------------------------------------------------------------- staff view


def test_reports_page_lists_every_report_with_links(client, corpus_index):
    html = client.get("/reports").text
    for report in corpus_index.store.reports():
        assert f'href="/reports/{report.id}"' in html
        assert report.file in html
    assert 'id="upload-form"' in html and 'type="password"' in html
    assert 'href="/api/cells.csv"' in html


def test_report_page_shows_tables_legend_rules_and_csv(client, corpus_index):
    report_id = next(rid for rid, n in corpus_index.store.broken_counts().items() if n)
    html = client.get(f"/reports/{report_id}").text
    for title in T.TABLE_TITLES.values():
        assert title in html
    for name in STATUS_ZH.values():
        assert name in html
    broken = [c for c in corpus_index.store.checks(report_id) if c.status == BROKEN]
    assert f'<li class="chk-broken"><b>{CHECK_STATUS_ZH[BROKEN]}</b>' in html
    assert all(c.detail in html for c in broken)
    assert f'href="/api/reports/{report_id}/cells.csv"' in html
    assert 'name="viewport"' in html


def test_unknown_report_page_is_404(client):
    response = client.get("/reports/999999")
    assert response.status_code == 404 and "没有这份报告" in response.text


# ---------------------------------------------------------------- source view


@pytest.mark.parametrize("status", [DERIVED, MISSING, AMBIGUOUS])
def test_source_view_marks_the_cited_cell_and_its_status(client, corpus_index, status):
    report, cell = cell_with_status(corpus_index, status)
    citation = {"file": report.file, "cell": cell.id, "text": "", "line": None, "page": None}
    html = client.get(source_url(citation)).text
    hit = HIT_CELL.search(html)
    assert hit and hit.group(1) == status
    assert STATUS_ZH[status] in hit.group(2)
    assert T.TABLE_TITLES[T.table_of(cell.id)] in html
    assert html.count('id="hit"') == 1


def test_source_view_shows_a_passage_within_its_section(client, corpus_index):
    report = corpus_index.store.reports()[0]
    passage = corpus_index.store.passages(report.id)[-1]
    citation = {"file": report.file, "cell": None, "text": passage.text, "line": passage.line, "page": passage.page}
    html = client.get(source_url(citation)).text
    assert f"<h2>{escape(passage.section)}</h2>" in html
    assert re.search(r'<p class="hit" id="hit">', html)


def test_source_view_without_a_citation_explains_itself(client):
    assert "点击回答中的" in client.get("/source").text
    assert client.get("/source", params={"file": "没有的文件.txt", "cell": "requests.new.total"}).status_code == 404


# ---------------------------------------------------------------- escaping


def test_chat_answers_escape_markup_and_link_citations():
    result = {
        "answer": f"{PAYLOAD}共81件[1]。",
        "citations": [
            {
                "n": 1,
                "file": "a.txt",
                "title": PAYLOAD,
                "section": "三",
                "cell": "requests.new.total",
                "page": None,
                "line": 3,
                "text": "x",
            }
        ],
    }
    html = answer_html(result)
    assert PAYLOAD not in html and ESCAPED in html
    assert '<a class="gk-cite" href="/source?file=a.txt&amp;cell=requests.new.total#hit"' in html


def test_report_markdown_in_a_quote_stays_text(corpus_index):
    """A report quoting `![x](http://host/track.png)` must show those characters, not fetch an image."""
    quote = "详见![x](http://host/track.png) 与 **加粗** 和 $$x$$\n第二行"
    html = answer_html({"answer": quote, "citations": []})
    assert html == '<div class="gk-answer">详见![x](http://host/track.png) 与 **加粗** 和 $$x$$<br>第二行</div>'
    blocks = build_chat(corpus_index, Settings())
    chatbot = next(c for c in blocks.blocks.values() if type(c).__name__ == "Chatbot")
    assert chatbot.render_markdown is False and chatbot.latex_delimiters == []


def test_every_page_allows_images_from_this_site_only(client):
    for path in ("/", "/reports", "/embed", "/api/reports"):
        assert "img-src 'self' data:" in client.get(path).headers["content-security-policy"], path


def test_markup_in_a_question_is_never_echoed_as_html(client):
    body = client.post("/api/ask", json={"question": PAYLOAD + "平潭2023年新收多少件政府信息公开申请？"}).json()
    assert body["route"] == "figure"  # JSON carries text; the pages put it in with textContent
    html = client.get("/embed", params={"agency": PAYLOAD, "title": PAYLOAD}).text
    assert PAYLOAD not in html and ESCAPED in html


# ---------------------------------------------------------------- embed, widget, demo


def test_embed_page_is_plain_html_without_admin_links(client):
    html = client.get("/embed", params={"agency": "平潭", "title": "问答"}).text
    assert 'src="/gk-static/embed.js"' in html
    assert 'data-agency="平潭"' in html and "<h1>问答</h1>" in html
    assert 'class="example"' in html
    assert "/reports" not in html and "gradio" not in html.lower()


def test_widget_script_is_self_contained_and_exposes_nothing(client):
    response = client.get("/widget.js")
    assert response.headers["content-type"].startswith("application/javascript")
    js = response.text
    for needed in ("document.currentScript", "/embed?", "data-agency", "data-title", "attachShadow", "max-width:600px"):
        assert needed in js
    for secret in ("Authorization", "token", "/reports", "/api/"):
        assert secret not in js


def test_demo_portal_embeds_the_widget_like_a_portal(client, corpus_index):
    html = client.get("/demo").text
    agency = max(corpus_index.agencies(), key=lambda a: len(a.years))
    assert re.search(r'<script src="http://testserver/widget\.js" data-title="[^"]+" data-agency="[^"]+" async>', html)
    assert f'data-agency="{agency.name}"' in html


# ---------------------------------------------------------------- headers


def test_embed_may_be_framed_by_allowed_portals_only(client, closed_client):
    for path in ("/embed", "/source"):
        assert f"frame-ancestors 'self' {PORTAL}" in client.get(path).headers["content-security-policy"]
        assert closed_client.get(path).headers["content-security-policy"].endswith("frame-ancestors 'self'")
    staff = client.get("/reports").headers["content-security-policy"]
    assert staff.endswith("frame-ancestors 'self'") and "script-src 'self'" in staff


def test_cors_for_the_api_is_limited_to_allowed_origins(client):
    preflight = {"Origin": PORTAL, "Access-Control-Request-Method": "POST"}
    allowed = client.options("/api/ask", headers=preflight)
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == PORTAL
    assert "authorization" not in allowed.headers["access-control-allow-headers"].lower()
    other = client.get("/api/reports", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert client.get("/api/reports", headers={"Origin": PORTAL}).headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-origin" not in client.get("/reports", headers={"Origin": PORTAL}).headers


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GONGKAI_ADMIN_TOKEN", "t")
    monkeypatch.setenv("GONGKAI_ALLOWED_ORIGINS", f" {PORTAL}/ , https://b.example")
    settings = Settings.from_env()
    assert settings.admin_token == "t"
    assert settings.allowed_origins == (PORTAL, "https://b.example")
    monkeypatch.delenv("GONGKAI_ADMIN_TOKEN")
    monkeypatch.delenv("GONGKAI_ALLOWED_ORIGINS")
    assert Settings.from_env() == Settings()


def test_chat_is_served_at_root_by_gradio(client):
    html = client.get("/").text
    assert "gradio" in html.lower()
    assert client.get("/healthz").json()["status"] == "ok"


def test_report_page_explains_each_state_and_outlines_the_cells_of_every_broken_rule(client, corpus_index):
    report_id = next(rid for rid, n in corpus_index.store.broken_counts().items() if n)
    report, cells = corpus_index.store.report(report_id), corpus_index.store.cells(report_id)
    html = client.get(f"/reports/{report_id}").text
    assert all(f"<dd>{STATUS_EXPLAINED[s]}</dd>" in html for s in STATUS_ZH)
    rules = {r.id: r for r in T.rules(True) + T.rules(False)}
    broken = [c for c in corpus_index.store.checks(report_id) if c.status == BROKEN]
    involved = {t for c in broken for t in rules[c.rule].terms}
    for layout, section in zip(
        layouts(report.format, other_split(set(cells))), html.split('<section class="table">')[1:]
    ):
        table, _, under = section.partition("</table>")
        shown = {cid for _, row in layout.rows for cid in row if cid}
        assert len(re.findall(r'<td class="st-\w+ broken"', table)) == len(shown & involved)
        here = [c for c in broken if shown & set(rules[c.rule].terms)]
        assert under.split("</section>")[0].count('<li class="chk-broken">') == len(here)  # each rule under its table
    assert involved
