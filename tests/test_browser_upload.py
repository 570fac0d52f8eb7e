"""Uploads in a real headless Chromium against a real server, on a desktop and a phone: staff upload a copy of a
report with one total changed and read what happened (replaced, and the figure old → new), then a glued copy
(kept as another rendition, naming the figures that became 无法确定); the report list on the page shows the
new rows and count without a reload.

The index holds three corpus reports, with the fake embedder (retrieval is not measured here). Screenshots go
to test-artifacts/ beside those of test_browser.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.engine import Gongkai
from index.ingest import FAILED, InputFile
from tests.cli_support import fake_embedder
from tests.test_browser import ARTIFACTS, CHROMIUM, serve
from tests.test_browser_chinese import english
from tests.test_ingest_outcome import GLUED, NEW_TOTAL, NEW_TOTAL_LABEL, TABLED, changed_total
from ui.settings import Settings

TOKEN = "browser-upload-token"
FILES = (TABLED, GLUED, TABLED.parent / "2023_chuanhuiqu_zfbgs.txt")
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk）"
)


@pytest.fixture(scope="module")
def gongkai(tmp_path_factory):
    with fake_embedder():
        g = Gongkai(tmp_path_factory.mktemp("upload-data"))
    assert all(r.status != FAILED for r in g.ingest([InputFile(f, f.name) for f in FILES]))
    yield g
    g.close()


@pytest.fixture(scope="module")
def served(gongkai):
    yield from serve(gongkai, Settings(admin_token=TOKEN))


@pytest.fixture
def uploads(gongkai, tmp_path):
    """Where a test writes its copies; afterwards they go and the reports they replaced come back."""
    yield tmp_path
    for path in tmp_path.iterdir():
        gongkai.remove(path.name)
    assert all(r.status != FAILED for r in gongkai.ingest([InputFile(f, f.name) for f in FILES]))


def upload(page, path) -> None:
    form = page.locator("#upload-form")
    # our picker says in Chinese what is chosen; the browser's own button (「Choose File」) is never seen
    expect(form.locator(".file-button")).to_have_text("选择文件")
    form.locator('input[name="file"]').set_input_files(str(path))
    expect(form.locator("#upload-file-chosen")).to_have_text(path.name)
    assert form.locator('input[name="file"]').evaluate("e => getComputedStyle(e).opacity") == "0"
    form.locator('input[name="token"]').fill(TOKEN)
    form.locator('button[type="submit"]').click()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_an_upload_says_what_changed_and_the_list_follows_without_a_reload(
    open_page, served, gongkai, uploads, viewport
):
    width, _ = viewport
    name = "desktop" if width > 800 else "phone"
    stored = next(r for r in gongkai.store.reports() if r.file == TABLED.name)
    stored_total = gongkai.store.cells(stored.id)[NEW_TOTAL].value
    page = open_page(viewport)
    page.goto(f"{served}/reports")
    count = page.locator("#report-count")
    expect(count).to_have_text(str(len(FILES)))
    page.evaluate("window.notReloaded = true")
    result = page.locator("#upload-result")

    # A copy with one total changed replaces the stored version and says which figure, old → new.
    corrected = uploads / f"2024_上海科委_修订_{name}.txt"
    old, new = changed_total(TABLED, corrected)
    assert old == stored_total
    upload(page, corrected)
    expect(result.locator(".verdict")).to_contain_text(f"已替换 {corrected.name}：")
    expect(result.locator(".verdict")).to_contain_text(f"替换了旧版本 {TABLED.name}")
    expect(result.locator(".changes li").first).to_have_text(f"{NEW_TOTAL_LABEL}：{old} → {new}")
    expect(result).to_contain_text("勾稽关系不成立 1 条：表三「本年新收政府信息公开申请数量」行")
    listed = page.locator("#report-list table.list")
    expect(listed.locator("tr.just-uploaded")).to_contain_text(corrected.name)
    expect(listed).not_to_contain_text(TABLED.name)
    expect(count).to_have_text(str(len(FILES)))  # one replaced by one
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"upload-replaced-{name}.png"), full_page=True)

    # A glued copy with one total changed is kept beside the stored one: the list grows, the lost figures show.
    copy = uploads / f"平潭2023副本_{name}.txt"
    changed_total(GLUED, copy)
    upload(page, copy)
    expect(result.locator(".verdict")).to_contain_text(f"已作为另一版本保留 {copy.name}：")
    expect(result.locator(".verdict")).to_contain_text("两份都保留，但有")
    expect(result.locator(".changes")).to_contain_text(f"{NEW_TOTAL_LABEL}：81 → 无法确定")
    expect(result).to_have_class("warn")
    expect(count).to_have_text(str(len(FILES) + 1))
    expect(listed.locator("tr.just-uploaded")).to_contain_text(copy.name)
    page.locator("#report-list").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"upload-rendition-{name}.png"), full_page=True)

    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the screen
    files = " ".join(f.name for f in (*FILES, corrected, copy))  # file names are the reports' own
    assert english(page, typed=files) == set()
