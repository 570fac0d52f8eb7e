"""What an ingest says it did: added, replaced (which figures changed, old → new), kept as another rendition,
skipped; how many cells are ambiguous or missing and which; the broken rules in a sentence. Real corpus files
changed the way a person edits a copy, real SQLite and Chroma, the fake embedder; through the engine, the CLI
and the upload API."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Gongkai
from index.ingest import ADDED, RENDITION, REPLACED, UNCHANGED, InputFile
from index.model import AMBIGUOUS, BROKEN, DERIVED, MISSING, STATED, Cell
from index.outcome import MAX_NAMED, CellChange, cell_label, diff
from tests.cli_support import fake_embedder
from tests.helpers import CORPUS
from ui.app import create_app
from ui.cli import main
from ui.progress import lines
from ui.settings import Settings

TOKEN = "outcome-token"
NEW_TOTAL = "requests.new.total"
NEW_TOTAL_LABEL = "表三 本年新收政府信息公开申请数量 · 总计"
# A markdown table with one figure per cell: a changed total stays a stated figure.
TABLED = CORPUS / "2024_shanghai_kewei.txt"
# Glued digits (「801000081」): a changed total leaves the row's split undecidable.
GLUED = CORPUS / "2023_pingtan_shiyanqu.txt"
BROKEN_2020 = CORPUS / "2020_pingtan_shiyanqu.txt"


@pytest.fixture
def gongkai(tmp_path):
    with fake_embedder():
        g = Gongkai(tmp_path / "data")
    yield g
    g.close()


def _ingest(g: Gongkai, path, name=None):
    return list(g.ingest([InputFile(path, name or path.name)]))[0]


def changed_total(source, dest, by: int = 2):
    """A copy of `source` with the 总计 of 「一、本年新收」 raised by `by`; returns (the old total, the new)."""
    text = source.read_text(encoding="utf-8")
    if source == TABLED:
        pattern = re.compile(r"(\| 一、本年新收政府信息公开申请数量 \|(?: \d+ \|){6} )(\d+)( \|)")
    else:
        pattern = re.compile(r"(一、本年新收政府信息公开申请数量\d{7})(\d+)()")
    match = pattern.search(text)
    assert match, source
    old = int(match.group(2))
    new = old + by if source == TABLED else int(str(old)[:-1] + str((int(str(old)[-1]) + by) % 10))
    dest.write_text(text[: match.start(2)] + str(new) + text[match.end(2) :], encoding="utf-8")
    return old, new


def test_a_changed_total_replaces_the_stored_version_saying_old_to_new(gongkai, tmp_path):
    first = _ingest(gongkai, TABLED)
    stored_total = gongkai.store.cells(first.report_id)[NEW_TOTAL].value
    copy = tmp_path / "2024_上海科委_修订.txt"
    old, new = changed_total(TABLED, copy)
    assert stored_total == old
    result = _ingest(gongkai, copy)
    assert result.status == REPLACED
    assert result.others == (TABLED.name,) and result.compared_with == TABLED.name
    assert CellChange(NEW_TOTAL, NEW_TOTAL_LABEL, str(old), str(new)) in result.changes
    assert f"{NEW_TOTAL_LABEL}：{old} → {new}" in result.details[0]
    assert f"替换了旧版本 {TABLED.name}（{len(result.changes)} 个数字有变化）" in result.message
    # The changed total no longer equals its row: the broken rule says so in a sentence, with both sides.
    assert f"表三「本年新收政府信息公开申请数量」行：总计 = 各类申请人之和，但报告中左边是 {new}，右边是 {old}" in (
        result.contents.broken
    )
    assert [r.file for r in gongkai.store.reports()] == [copy.name]
    assert gongkai.store.cells(result.report_id)[NEW_TOTAL].value == new


def test_a_glued_copy_with_one_total_changed_is_kept_as_a_rendition_that_names_what_it_loses(gongkai, tmp_path):
    first = _ingest(gongkai, GLUED)
    stored = gongkai.store.cells(first.report_id)
    copy = tmp_path / "平潭2023副本.txt"
    changed_total(GLUED, copy)
    result = _ingest(gongkai, copy)
    assert result.status == RENDITION
    assert len(gongkai.store.reports()) == 2
    assert result.others == (GLUED.name,)
    lost = {c.cell: c for c in result.changes}
    assert lost[NEW_TOTAL] == CellChange(NEW_TOTAL, NEW_TOTAL_LABEL, f"{stored[NEW_TOTAL].value:g}", "无法确定")
    new_cells = gongkai.store.cells(result.report_id)
    assert set(lost) == {
        cid
        for cid, cell in stored.items()
        if (cell.status, cell.value) != (new_cells[cid].status, new_cells[cid].value)
    }
    assert f"但有 {len(lost)} 个数字与已有版本不同" in result.message
    ambiguous = [cid for cid, c in new_cells.items() if c.status == AMBIGUOUS]
    assert len(result.contents.ambiguous) == len(ambiguous) > MAX_NAMED
    assert NEW_TOTAL_LABEL in result.contents.ambiguous
    assert f"无法确定 {len(ambiguous)} 个（" in result.details[1] and f"等{len(ambiguous)}个）" in result.details[1]


def test_a_new_report_counts_its_cells_by_status_and_names_the_broken_rules(gongkai):
    result = _ingest(gongkai, BROKEN_2020)
    assert result.status == ADDED and result.changes == () and result.compared_with is None
    cells = gongkai.store.cells(result.report_id)
    held = result.contents
    assert (held.agency, held.year) == ("平潭综合实验区", 2020)
    assert held.stated == sum(c.status == STATED for c in cells.values())
    assert held.derived == sum(c.status == DERIVED for c in cells.values())
    assert len(held.missing) == sum(c.status == MISSING for c in cells.values())
    assert set(held.ambiguous) == {cell_label(cid) for cid, c in cells.items() if c.status == AMBIGUOUS}
    broken = [c for c in gongkai.store.checks(result.report_id) if c.status == BROKEN]
    assert len(held.broken) == len(broken) > 0
    # The case: a 总计 of 20 against parts summing to 26.
    assert "表三「自然人」列：办理结果总计 = 各项办理结果之和，但报告中左边是 20，右边是 26" in held.broken
    assert result.details[-1].startswith(f"勾稽关系不成立 {len(broken)} 条：")


def test_skipping_says_skipped_and_nothing_else(gongkai):
    _ingest(gongkai, TABLED)
    again = _ingest(gongkai, TABLED)
    assert again.status == UNCHANGED and again.details == []
    assert lines(again) == f"跳过 {TABLED.name}：内容与上次导入时相同"


def test_diff_shows_what_a_person_reads_in_each_version():
    old = {
        "requests.new.total": Cell("requests.new.total", STATED, 20),
        "requests.carried_in.total": Cell("requests.carried_in.total", DERIVED, 5),
        "requests.carried_out.total": Cell("requests.carried_out.total", MISSING),
        "requests.disclosed.total": Cell("requests.disclosed.total", AMBIGUOUS, readings=(1, 10)),
        "requests.partial.total": Cell("requests.partial.total", STATED, 3),
    }
    new = {
        **old,
        "requests.new.total": Cell("requests.new.total", STATED, 26),
        "requests.carried_in.total": Cell("requests.carried_in.total", STATED, 5),
        "requests.carried_out.total": Cell("requests.carried_out.total", STATED, 1.5),
        "requests.disclosed.total": Cell("requests.disclosed.total", AMBIGUOUS, readings=(2, 20)),
    }
    assert [c.line for c in diff(old, new)] == [
        f"{NEW_TOTAL_LABEL}：20 → 26",
        "表三 上年结转政府信息公开申请数量 · 总计：5（推算） → 5",
        "表三 结转下年度继续办理 · 总计：报告未列明 → 1.5",
    ]
    assert diff(old, old) == []


def test_the_cli_prints_the_verdict_and_the_changed_figures(tmp_path, capsys):
    data = tmp_path / "data"
    with fake_embedder():
        assert main(["ingest", str(TABLED), "--data", str(data)]) == 0
        capsys.readouterr()
        copy = tmp_path / TABLED.name  # the same file name, edited: its old version is replaced
        old, new = changed_total(TABLED, copy)
        assert main(["ingest", str(copy), "--data", str(data)]) == 0
    err = capsys.readouterr().err.splitlines()  # the progress bar's lines too
    said = [line for line in err if line.startswith((f"已替换 {TABLED.name}", "  与"))]
    assert said[0].startswith(
        f"已替换 {TABLED.name}：上海市科委 2024 年报告（新版统计表），替换了这个文件上次导入的版本"
    )
    assert said[1].startswith("  与这个文件上次导入的版本相比有 ") and f"{NEW_TOTAL_LABEL}：{old} → {new}" in said[1]
    assert "勾稽关系不成立 1 条" in said[1]
    assert len(said) == 2


# ---------------------------------------------------------------- the upload API


@pytest.fixture
def client(gongkai):
    with TestClient(create_app(gongkai, Settings(admin_token=TOKEN))) as client:
        yield client


def upload(client: TestClient, path, name=None):
    files = {"file": (name or path.name, path.read_bytes(), "text/plain")}
    return client.post("/api/reports", files=files, headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_upload_answer_says_what_happened_part_by_part(client, gongkai, tmp_path):
    added = upload(client, TABLED)
    assert added.status_code == 201, added.text
    body = added.json()
    assert (body["status"], body["verb"], body["reports"]) == ("added", "已新增", 1)
    assert (body["agency"], body["year"], body["compared_with"], body["changes"]) == ("上海市科委", 2024, None, [])
    assert body["counts"]["missing"] == len(body["missing_cells"]) > 0
    assert body["details"][0].startswith(f"列明 {body['counts']['stated']} 个数字")

    copy = tmp_path / "修订.txt"
    old, new = changed_total(TABLED, copy)
    replaced = upload(client, copy).json()
    assert (replaced["status"], replaced["verb"], replaced["reports"]) == ("replaced", "已替换", 1)
    assert replaced["other_versions"] == [TABLED.name] == [replaced["compared_with"]]
    assert {
        "cell": NEW_TOTAL,
        "label": NEW_TOTAL_LABEL,
        "old": str(old),
        "new": str(new),
        "line": f"{NEW_TOTAL_LABEL}：{old} → {new}",
    } in replaced["changes"]
    assert len(replaced["broken_rules"]) == 1

    glued = tmp_path / "glued.txt"
    shutil.copy(GLUED, tmp_path / GLUED.name)
    assert upload(client, tmp_path / GLUED.name).json()["reports"] == 2
    changed_total(GLUED, glued)
    rendition = upload(client, glued)
    assert rendition.status_code == 201
    body = rendition.json()
    assert (body["status"], body["verb"], body["reports"]) == ("rendition", "已作为另一版本保留", 3)
    assert f"{NEW_TOTAL_LABEL}：81 → 无法确定" in [c["line"] for c in body["changes"]]
    assert NEW_TOTAL_LABEL in body["ambiguous_cells"]

    again = upload(client, glued)
    assert again.status_code == 200
    body = again.json()
    assert (body["status"], body["verb"], body["details"], body["reports"]) == ("unchanged", "跳过", [], 3)
    assert "导入" not in body["message"].replace("上次导入", "")  # says skipped, never 「已导入」


def test_the_upload_answer_is_documented_field_by_field(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    fields = set(schema["UploadResult"]["properties"])
    assert {"status", "message", "details", "changes", "counts", "ambiguous_cells", "missing_cells"} <= fields
    assert {"broken_rules", "other_versions", "compared_with", "reports"} <= fields
    assert set(schema["UploadChange"]["properties"]) == {"cell", "label", "old", "new", "line"}
