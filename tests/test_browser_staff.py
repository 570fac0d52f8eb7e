"""The staff view in a real headless Chromium on a desktop (mouse) and a phone (touch): a tap on a cell shows
its source line and text, the rule of a 推算 value and the readings of a 无法确定 value, with a link to the
source view; the legend explains every state in a sentence; the cells of every broken rule are outlined, the
rule written beside their table; every text meets WCAG AA contrast. The CSV links download through the
browser with a Chinese file name, a BOM and a Chinese header (a report's cells, all reports' cells, the
questions citizens asked). No page asks another site for anything, and
/docs draws offline while /redoc is gone.

The index is the corpus with the fake embedder (retrieval is not measured here). Screenshots go to
test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from index.model import AMBIGUOUS, BROKEN, DERIVED, MISSING, STATED, STATUS_ZH
from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    TEXT_COLOURS,
    contrast,
    rgb,
)
from ui.api import CSV_HEADER
from ui.html import STATUS_EXPLAINED
from ui.questions import CSV_HEADER as QUESTIONS_CSV_HEADER

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


def press(page, locator) -> None:
    """A tap on a phone, a click on a desktop."""
    locator.scroll_into_view_if_needed()
    locator.tap() if page.device == "phone" else locator.click()


def shot(page, name: str, full: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"staff-{name}-{page.device}.png"), full_page=full)


def checked_report(gongkai) -> int:
    """The report with a broken rule and the most kinds of cell: the one a person checks."""

    def kinds(rid: int) -> int:
        return len({c.status for c in gongkai.store.cells(rid).values()})

    broken = [rid for rid, n in gongkai.store.broken_counts().items() if n]
    return max(broken, key=lambda rid: (kinds(rid), -rid))


def first_of(gongkai, report_id: int, status: str):
    cells = gongkai.store.cells(report_id)
    return next((c for c in cells.values() if c.status == status and (c.source or status != STATED)), None)


def test_a_tap_on_a_cell_says_where_it_comes_from_and_links_to_the_source(page, served, fake_corpus_index):
    report_id = checked_report(fake_corpus_index)
    page.goto(f"{served}/reports/{report_id}")
    detail = page.locator("#cell-detail")
    expect(detail).to_be_hidden()
    seen = 0
    for status, said in ((DERIVED, "依据："), (AMBIGUOUS, "可能的读法："), (STATED, "原文")):
        cell = first_of(fake_corpus_index, report_id, status)
        if cell is None:
            continue
        seen += 1
        press(page, page.locator(f'td[data-cell="{cell.id}"]'))
        expect(detail).to_be_visible()
        expect(detail).to_contain_text(STATUS_ZH[status])
        expect(detail).to_contain_text(said)
        if cell.rule:
            expect(detail).to_contain_text(f"依据：{cell.rule}")
        if cell.source and cell.source.text:
            expect(detail).to_contain_text(cell.source.text.strip()[:20])
        if cell.source and cell.source.line is not None:
            expect(detail).to_contain_text(f"第{cell.source.line}行")
        box = detail.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.width + 0.5, box  # nothing cut off on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    assert seen >= 2  # at least a stated cell and one the reader had to work out
    shot(page, "cell-detail")

    stated = first_of(fake_corpus_index, report_id, STATED)
    press(page, page.locator(f'td[data-cell="{stated.id}"]'))
    press(page, detail.get_by_role("link", name="在出处页查看这个单元格"))
    hit = page.locator("td.hit")
    expect(hit).to_be_visible()
    assert stated.id in page.url
    shot(page, "cell-source")


def test_the_legend_explains_each_state_and_broken_rules_are_outlined_beside_their_table(
    page, served, fake_corpus_index
):
    report_id = checked_report(fake_corpus_index)
    page.goto(f"{served}/reports/{report_id}")
    legend = page.locator("section.legend")
    expect(legend).to_be_visible()
    terms = legend.locator("dt").all_inner_texts()
    sentences = legend.locator("dd").all_inner_texts()
    for status in (STATED, DERIVED, MISSING, AMBIGUOUS):
        i = terms.index(STATUS_ZH[status])
        assert sentences[i] == STATUS_EXPLAINED[status] and sentences[i].endswith("。")
    assert "勾稽不成立" in terms

    broken_rules = [c for c in fake_corpus_index.store.checks(report_id) if c.status == BROKEN]
    written = page.locator("section.table ul.table-broken li.chk-broken")
    assert written.count() >= 1 and written.count() <= len(broken_rules)
    # Each table with outlined cells writes its broken rule right under it, and the other way round.
    for section in page.locator("section.table").all():
        outlined, rules = section.locator("td.broken").count(), section.locator("ul.table-broken li").count()
        assert bool(outlined) == bool(rules), section.locator("h3").inner_text()
    frames = page.locator("td.broken").evaluate_all(
        "(tds) => tds.map((td) => [getComputedStyle(td).outlineStyle, getComputedStyle(td).outlineColor,"
        " getComputedStyle(td).backgroundColor])"
    )
    assert frames and all(style != "none" for style, _, _ in frames)
    assert all(contrast(rgb(fg), rgb(bg)) >= 3 for _, fg, bg in frames)  # WCAG 1.4.11: the outline is seen
    press(page, page.locator("td.broken").first)
    expect(page.locator("#cell-detail")).to_contain_text("勾稽不成立")
    shot(page, "report", full=True)


def test_every_text_of_the_staff_pages_meets_aa_contrast(page, served, fake_corpus_index):
    store = fake_corpus_index.store
    report_id = checked_report(fake_corpus_index)
    with_missing = next(r.id for r in store.reports() if any(c.status == MISSING for c in store.cells(r.id).values()))
    reports = {f"/reports/{report_id}", f"/reports/{with_missing}"}
    for path in ("/reports", *sorted(reports), "/questions", "/compare"):
        page.goto(f"{served}{path}")
        texts = page.evaluate(TEXT_COLOURS)
        low = [t for t in texts if contrast(t["fg"], t["bg"]) < (3 if t["large"] else 4.5)]
        assert low == [], (path, low)
        if path in reports:
            assert {STATUS_ZH[MISSING], STATUS_ZH[AMBIGUOUS], STATUS_ZH[DERIVED]} <= {t["text"] for t in texts}
    sizes = page.goto(f"{served}/reports/{with_missing}") and page.locator("td.st-missing small").evaluate_all(
        "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert sizes and min(sizes) >= 12, sizes  # 「报告未列明」 in a cell is no longer drawn at about 10 px
    shot(page, "missing-cells", full=True)


def download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as event:
        press(page, link)
    got = event.value
    return got.suggested_filename, open(got.path(), "rb").read()


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM, so a spreadsheet reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_links_download_a_named_chinese_spreadsheet(page, served, fake_corpus_index):
    store = fake_corpus_index.store
    report_id = checked_report(fake_corpus_index)
    report = store.report(report_id)
    page.goto(f"{served}/reports/{report_id}")
    name, data = download(page, page.get_by_role("link", name="下载单元格 CSV"))
    assert name == f"{report.agency}-{report.year}-统计表.csv"
    rows = rows_of(data)
    assert tuple(rows[0]) == CSV_HEADER
    body = rows[1:]
    assert len(body) == len(store.cells(report_id))
    assert {(r[0], r[1]) for r in body} == {(report.agency, str(report.year))}
    by_id = {r[-1]: dict(zip(CSV_HEADER, r, strict=True)) for r in body}
    for status in (DERIVED, AMBIGUOUS):
        cell = first_of(fake_corpus_index, report_id, status)
        if cell is not None:
            row = by_id[cell.id]
            assert row["状态"] == STATUS_ZH[status] and row["依据或可能的读法"], row
    assert all(r["行"] and r["列"] and r["表"] for r in by_id.values())  # Chinese labels, not ids

    page.goto(f"{served}/reports")
    name, data = download(page, page.get_by_role("link", name="下载全部报告的单元格 CSV"))
    assert name == "全部年报-统计表.csv"
    rows = rows_of(data)
    assert tuple(rows[0]) == CSV_HEADER
    assert {r[0] for r in rows[1:]} == {r.agency for r in store.reports()}  # every agency, to compare

    page.goto(f"{served}/questions")
    name, data = download(page, page.get_by_role("link", name="下载 CSV"))
    assert name == "群众问了什么.csv"
    assert tuple(rows_of(data)[0]) == QUESTIONS_CSV_HEADER


PAGES = ("/", "/demo", "/reports", "/questions", "/compare", "/docs")


def test_no_page_asks_another_site_and_the_api_docs_draw_offline(page, served, fake_corpus_index):
    """The page fixture fails the test on any request that leaves the site, after every page has loaded."""
    report_id = checked_report(fake_corpus_index)
    for path in (*PAGES, f"/reports/{report_id}", f"/source?file={fake_corpus_index.store.report(report_id).file}"):
        response = page.goto(f"{served}{path}")
        assert response.ok, path
        page.wait_for_load_state("load")
        if path == "/":
            page.locator("#gk-question textarea").wait_for()  # gradio has fetched what it draws with
        page.wait_for_timeout(500)  # late fetches (fonts, images, the docs' schema) are recorded too
    expect(page.locator(".swagger-ui .info .title")).to_be_hidden()  # the last page is the source view
    page.goto(f"{served}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("政务公开年报问答 API")
    expect(page.locator(".swagger-ui button.authorize")).to_be_visible()
    shot(page, "docs")
    assert page.goto(f"{served}/redoc").status == 404
