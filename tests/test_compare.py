"""/compare and /api/compare over a real ingested index: every agency of the index for a cell and year, ranked
from SQLite's own values; one agency over its years with gaps for years without a report; group totals added
in code from cited parts; broken rules flagged beside their bar; typed OpenAPI; bad parameters a Chinese 4xx."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from ui.app import create_app
from ui.settings import Settings

SVG = "{http://www.w3.org/2000/svg}"
CJK = re.compile(r"[\u4e00-\u9fff]")
NEW_TOTAL = "requests.new.total"
REVIEW_TOTAL = "review.total"
WITHHELD = "requests.withheld.total"


@pytest.fixture(scope="module")
def client(fake_corpus_index):
    return TestClient(create_app(fake_corpus_index, Settings()))


def value_of(g, file: str, cell: str):
    cell = g.store.cells(g.store.report_by_file(file).id).get(cell)
    return cell.value if cell is not None and cell.status in ("stated", "derived") else None


def get(client, **params):
    response = client.get("/api/compare", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_year_ranks_every_agency_of_the_index_from_sqlite(client, fake_corpus_index):
    g = fake_corpus_index
    body = get(client, cell=NEW_TOTAL, year=2023)
    assert body["mode"] == "year" and body["year"] == 2023 and body["unit"] == "件" and not body["summed"]
    rows = body["rows"]
    assert sorted(r["agency"] for r in rows) == sorted(a.name for a in g.agencies())  # every agency, once
    with_report = {a.name for a in g.agencies() if 2023 in a.years}
    assert {r["agency"] for r in rows if r["status"] != "no_report"} == with_report
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["value"] for r in ranked] == sorted((r["value"] for r in ranked), reverse=True)
    assert ranked[0]["rank"] == 1 and rows[: len(ranked)] == ranked  # ranked first, then the rest
    cites = {c["n"]: c for c in body["citations"]}
    for r in rows:
        if r["status"] == "no_report":
            assert r["file"] is None and r["value"] is None and r["rank"] is None
            continue
        (n,) = r["cites"]
        assert cites[n]["cell"] == NEW_TOTAL and cites[n]["file"] == r["file"]
        assert r["value"] == value_of(g, r["file"], NEW_TOTAL)
        assert r["source"].startswith("/source?") and r["report_page"].startswith("/reports/")
    # the chart is the table's reports, point for point, in the same order
    (series,) = body["chart"]["series"]
    shown = [r for r in rows if r["status"] != "no_report"]
    assert body["chart"]["kind"] == "bar"
    assert [(p["x"], p["y"], p["n"]) for p in series["points"]] == [
        (r["agency"], r["value"], r["cites"][0]) for r in shown
    ]


def test_equal_values_share_a_rank(client):
    rows = [r for r in get(client, cell=REVIEW_TOTAL, year=2023)["rows"] if r["rank"] is not None]
    for a, b in zip(rows, rows[1:]):
        assert (a["rank"] == b["rank"]) == (a["value"] == b["value"])
        assert b["rank"] == a["rank"] or b["rank"] == 1 + sum(r["value"] > b["value"] for r in rows)


def test_a_broken_rule_is_flagged_beside_its_bar(client, fake_corpus_index):
    body = get(client, cell=REVIEW_TOTAL, year=2023)
    flagged = [r for r in body["rows"] if r["broken"]]
    assert flagged, "the corpus holds a 2023 report whose 表四 rule breaks"
    checks = {
        c.detail
        for r in flagged
        for c in fake_corpus_index.store.checks(fake_corpus_index.store.report_by_file(r["file"]).id)
        if c.status == "broken"
    }
    assert all(set(r["broken"]) <= checks for r in flagged)
    points = {p["x"]: p for p in body["chart"]["series"][0]["points"]}
    assert all(points[r["agency"]]["broken"] == r["broken"] for r in flagged)
    html = client.get("/compare", params={"cell": REVIEW_TOTAL, "year": 2023}).text
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    marked = [g for g in svg.iter(f"{SVG}g") if any("data-broken" in t.attrib for t in g.iter(f"{SVG}tspan"))]
    assert len(marked) == len(flagged)
    assert all(r["agency"] in "".join(g.find(f"{SVG}title").itertext()) for g, r in zip(marked, flagged))


def test_an_agency_over_its_years_has_a_gap_for_a_year_without_a_report(client, fake_corpus_index):
    g = fake_corpus_index
    pingtan = next(a for a in g.agencies() if "平潭" in a.name)
    first, last = pingtan.years[0] - 1, pingtan.years[-1]
    body = get(client, cell=NEW_TOTAL, agency=pingtan.name, **{"from": first, "to": last})
    assert (body["mode"], body["agency"], body["from"], body["to"]) == ("agency", pingtan.name, first, last)
    rows = body["rows"]
    assert [r["year"] for r in rows] == list(range(first, last + 1))
    assert rows[0]["status"] == "no_report" and rows[0]["value"] is None
    for r in rows[1:]:
        assert r["value"] == value_of(g, r["file"], NEW_TOTAL) is not None
    (series,) = body["chart"]["series"]
    assert body["chart"]["kind"] == "line"
    assert [(p["x"], p["y"]) for p in series["points"]] == [(str(r["year"]), r["value"]) for r in rows]
    assert series["points"][0]["status"] == "no_report"
    # by default the agency's own first and last year
    default = get(client, cell=NEW_TOTAL, agency=pingtan.name)
    assert (default["from"], default["to"]) == (pingtan.years[0], pingtan.years[-1])


def test_a_group_total_is_the_sum_of_its_cited_parts(client, fake_corpus_index):
    g = fake_corpus_index
    body = get(client, cell=WITHHELD, year=2024)
    assert body["summed"] and "各项相加" in body["label"]
    cites = {c["n"]: c for c in body["citations"]}
    stated = [r for r in body["rows"] if r["value"] is not None]
    assert stated
    for r in stated:
        parts = [cites[n] for n in r["cites"]]
        assert len(parts) == 8 and all(p["cell"].startswith("requests.withheld.") for p in parts)
        assert r["value"] == sum(value_of(g, p["file"], p["cell"]) for p in parts)
    assert all(p["n"] is None for p in body["chart"]["series"][0]["points"])  # a sum cites its parts, not one cell


def test_csv_has_every_row_of_the_comparison(client):
    body = get(client, cell=NEW_TOTAL, year=2023)
    response = client.get("/api/compare.csv", params={"cell": NEW_TOTAL, "year": 2023})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert lines[0][:4] == ["排名", "机关", "年度", "数值"] and len(lines) == 1 + len(body["rows"])
    assert [(row[1], row[3]) for row in lines[1:]] == [
        (r["agency"], "" if r["value"] is None else str(r["value"])) for r in body["rows"]
    ]


def test_the_page_draws_the_chart_and_the_table_with_links(client):
    response = client.get("/compare", params={"cell": NEW_TOTAL, "year": 2023})
    assert response.status_code == 200
    html = response.text
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert svg.get("role") == "img" and svg.get("aria-label").startswith("柱状图：")
    body = get(client, cell=NEW_TOTAL, year=2023)
    listing = html[html.index('<table class="list">') :]
    assert listing.count("<tr>") - 1 == len(body["rows"])  # besides the chart's own data table
    assert "/api/compare.csv?cell=requests.new.total&amp;year=2023" in html
    assert all(f'href="/reports/{r["report_page"].rsplit("/", 1)[1]}"' in html for r in body["rows"] if r["file"])
    assert client.get("/compare").status_code == 200  # the forms alone
    assert "/compare" in client.get("/reports").text


def test_openapi_documents_every_field(client):
    schema = client.get("/openapi.json").json()
    op = schema["paths"]["/api/compare"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"cell", "year", "agency", "from", "to"}
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    models = schema["components"]["schemas"]
    assert set(models[ref]["properties"]) >= {"mode", "cell", "rows", "chart", "citations", "from", "to"}
    assert set(models["CompareRow"]["properties"]) >= {"rank", "agency", "value", "status", "source", "broken"}
    assert set(models["ChartPoint"]["properties"]) == {"x", "y", "n", "status", "broken"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": 2023},
        {"cell": "requests.nothing.total", "year": 2023},
        {"cell": NEW_TOTAL},
        {"cell": NEW_TOTAL, "year": "二〇二三"},
        {"cell": NEW_TOTAL, "year": 1999},
        {"cell": NEW_TOTAL, "year": 2023, "agency": "平潭"},
        {"cell": NEW_TOTAL, "year": 2023, "from": 2020},
        {"cell": NEW_TOTAL, "agency": "火星"},
        {"cell": NEW_TOTAL, "agency": "平潭", "from": 2024, "to": 2019},
        {"cell": NEW_TOTAL, "agency": "平潭", "from": 1000, "to": 3000},
        {"cell": NEW_TOTAL, "agency": "平潭", "from": 1990, "to": 1995},
        {"cell": "<script>alert(1)</script>", "year": 2023},
    ],
)
def test_bad_parameters_get_a_chinese_4xx(client, params):
    for path in ("/api/compare", "/api/compare.csv"):
        response = client.get(path, params=params)
        assert 400 <= response.status_code < 500, (path, params, response.status_code)
        assert CJK.search(response.json()["detail"])
    if params:
        page = client.get("/compare", params=params)
        assert page.status_code in (200, 400) and "<script>alert" not in page.text
        if page.status_code == 400:
            assert 'role="alert"' in page.text
