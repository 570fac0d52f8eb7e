"""The upload form's agency and year fields, through the real app (fake embedder): optional, the best
evidence when given, required when the file does not say; the staff view shows where each came from."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from index.model import Evidence
from tests.helpers import CORPUS, UNTITLED_BODY
from ui.app import create_app
from ui.settings import Settings

TOKEN = "test-admin-token"
EXPORT = "正文导出.txt"


@pytest.fixture(scope="module")
def client(fake_corpus_index):
    return TestClient(create_app(fake_corpus_index, Settings(admin_token=TOKEN)))


def upload(client: TestClient, name: str, data: bytes, **fields: str):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return client.post("/api/reports", files={"file": (name, data, "text/plain")}, data=fields, headers=headers)


@pytest.fixture
def cleanup(fake_corpus_index):
    """Files uploaded by a test, removed afterwards so other tests see the corpus only."""
    files: list[str] = []
    yield files
    for file in files:
        fake_corpus_index.remove(file)


def test_the_upload_form_offers_optional_agency_and_year(client):
    html = client.get("/reports").text
    fields = re.findall(r'<input[^>]*name="(?:agency|year)"[^>]*>', html)
    assert len(fields) == 2 and not any("required" in f for f in fields)


@pytest.mark.parametrize(("fields", "missing"), [({}, "机关名称、年度"), ({"agency": "某某县交通运输局"}, "年度")])
def test_a_report_that_names_no_agency_or_year_is_refused_asking_for_the_fields(
    client, fake_corpus_index, fields, missing
):
    before = fake_corpus_index.store.reports()
    response = upload(client, EXPORT, UNTITLED_BODY.encode(), **fields)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert f"无法从文件中确定报告的{missing}" in detail and "请在上传表单中填写机关名称和年度" in detail
    assert fake_corpus_index.store.reports() == before


def test_a_year_that_is_no_year_is_refused(client, fake_corpus_index):
    response = upload(client, EXPORT, UNTITLED_BODY.encode(), agency="某某县交通运输局", year="二〇二三")
    assert response.status_code == 400 and "年度应填写四位数字的年份" in response.json()["detail"]


def test_supplied_fields_ingest_the_report_and_the_staff_view_says_so(client, fake_corpus_index, cleanup):
    response = upload(client, EXPORT, UNTITLED_BODY.encode(), agency=" 某某县交通运输局 ", year="2023")
    assert response.status_code == 201, response.text
    cleanup.append(EXPORT)
    report = fake_corpus_index.store.report(response.json()["report_id"])
    assert (report.agency, report.year) == ("某某县交通运输局", 2023)
    assert (report.agency_from, report.year_from) == (Evidence.SUPPLIED, Evidence.SUPPLIED)
    assert "机关名称来源：人工填写；年度来源：人工填写" in client.get(f"/reports/{report.id}").text
    api = client.get(f"/api/reports/{report.id}").json()
    assert (api["report"]["agency_from"], api["agency_from"]) == ("supplied", "supplied")


def test_a_supplied_agency_wins_over_the_title_and_the_year_still_comes_from_it(client, fake_corpus_index, cleanup):
    name = "改名上传.txt"
    source = (CORPUS / "2023_shuyang_fagaiju.txt").read_bytes()
    response = upload(client, name, source, agency="某某县发展和改革局")
    assert response.status_code == 201, response.text
    cleanup.append(name)
    report = fake_corpus_index.store.report(response.json()["report_id"])
    assert (report.agency, report.year, report.agency_from) == ("某某县发展和改革局", 2023, Evidence.SUPPLIED)
    assert report.year_from == Evidence.META  # the page's 名称 field
    assert "机关名称来源：人工填写；年度来源：网页标题或元数据" in client.get(f"/reports/{report.id}").text


def test_an_upload_is_parsed_once_by_its_vetting_and_not_again_by_ingest(
    client, fake_corpus_index, cleanup, monkeypatch
):
    """The vetting child hands back what it read and parsed (a scan's OCR takes seconds a page)."""
    from index import ingest

    def parse_again(*args, **kwargs):
        raise AssertionError("ingest parsed the upload again")

    monkeypatch.setattr(ingest, "parse_file", parse_again)  # this process only: the vetting child is spawned
    name = "只解析一次.txt"
    response = upload(client, name, UNTITLED_BODY.encode(), agency="某某县水利局", year="2022")
    assert response.status_code == 201, response.text
    cleanup.append(name)
    report = fake_corpus_index.store.report(response.json()["report_id"])
    assert (report.agency, report.year) == ("某某县水利局", 2022)
