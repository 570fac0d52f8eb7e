"""Reports exported without their title line: recognised by structure, agency and year from the body or the user."""

from __future__ import annotations

import re
import sqlite3

import pytest

from assistant.engine import DB_NAME
from index.document import ReadError
from index.ingest import parse_file
from index.model import Evidence
from tests.helpers import CORPUS, NEGATIVE, UNTITLED_BODY
from ui.cli import main

# A title line as portals and converters write it: 「XX2023年（度）政府信息公开工作年度报告」 at a line start.
_TITLE_LINE = re.compile(r"^\s*[\w（）()·]*?\d{4}\s*年度?[\w（）()·\s]*?(?:政府信息公开|政务公开)[\w\s]*?报\s*告", re.M)
BODY, META, TITLE, FILE_NAME = Evidence.BODY, Evidence.META, Evidence.TITLE, Evidence.FILE_NAME
_HEADER_LINES = (
    "#",
    "标题",
    "名称",
    "本地目录",
)  # the corpus' provenance line, the page title fields, the archive path


def _untitled(source, tmp_path):
    """The report as a CMS body export: no title line, no provenance header, the rest verbatim."""
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith(_HEADER_LINES)]
    text = _TITLE_LINE.sub("", "\n".join(lines))
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return path


def _values(parsed) -> dict:
    return {cid: (c.status, c.value) for cid, c in parsed.cells.items()}


@pytest.mark.parametrize(
    ("file", "agency", "year", "agency_from", "titled_from"),
    [
        (
            "2019_pingtan_shiyanqu.txt",
            "区管委会办公室",
            2019,
            BODY,
            META,
        ),  # 「区管委会办公室编制完成了本报告」, 统计期限
        ("2021_pingtan_shiyanqu.txt", "平潭综合实验区", 2021, BODY, META),  # the breadcrumb's last item, 统计期限
        ("2023_pingtan_shiyanqu.txt", "平潭综合实验区管委会办公室", 2023, META, META),  # 发布机构 field, 统计期限
        ("2023_shuyang_fagaiju.txt", "沭阳县发展和改革局", 2023, BODY, META),  # 「现向社会公布XX2023年度…报告」
        ("2024_shanghai_kewei.txt", "市科委", 2024, BODY, TITLE),  # 「市科委编制了 2024 年度政务公开工作报告」
        ("2025_shuyang_xian.txt", "沐阳县人民政府", 2025, BODY, TITLE),  # 「现将沐阳县人民政府2025年…年度报告…公布」
    ],
)
def test_untitled_corpus_report_reads_agency_year_and_the_same_cells(
    tmp_path, file, agency, year, agency_from, titled_from
):
    path = _untitled(CORPUS / file, tmp_path)
    assert not _TITLE_LINE.search(path.read_text(encoding="utf-8")[:200])
    _, parsed = parse_file(path, file)
    _, original = parse_file(CORPUS / file, file)
    assert (parsed.meta.agency, parsed.meta.year) == (agency, year)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (agency_from, BODY)
    assert (original.meta.agency_from, original.meta.year_from) == (
        titled_from,
        titled_from,
    )  # the page's 标题 field, or the title line
    assert _values(parsed) == _values(original)


def test_the_page_title_of_a_web_page_is_its_evidence():
    _, parsed = parse_file(CORPUS / "html" / "2023_pingtan_shiyanqu.html", "2023_pingtan_shiyanqu.html")
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (META, META)


def test_a_file_name_naming_the_report_is_the_last_evidence(tmp_path):
    body = tmp_path / "某某县交通运输局2023年政府信息公开工作年度报告.txt"
    body.write_text(UNTITLED_BODY, encoding="utf-8")
    _, parsed = parse_file(body, body.name)
    assert (parsed.meta.agency, parsed.meta.year) == ("某某县交通运输局", 2023)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (FILE_NAME, FILE_NAME)
    period = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    body.write_text(period + "\n" + UNTITLED_BODY, encoding="utf-8")  # the body's own year wins over the file name's
    _, parsed = parse_file(body, body.name)
    assert (parsed.meta.year, parsed.meta.year_from, parsed.meta.agency_from) == (2022, BODY, FILE_NAME)


def test_a_bare_number_in_a_file_name_is_no_year(tmp_path):
    body = tmp_path / "2023_export.txt"
    body.write_text("本报告由某某市统计局编制。\n" + UNTITLED_BODY, encoding="utf-8")
    with pytest.raises(ReadError, match="年度"):
        parse_file(body, body.name)


def _rows(data) -> list[tuple]:
    db = data / DB_NAME
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT agency, year FROM reports").fetchall()


def test_body_without_agency_or_year_is_rejected_with_the_hint_then_ingests_with_them(tmp_path, capsys):
    body = tmp_path / "export.txt"
    body.write_text(UNTITLED_BODY, encoding="utf-8")
    data = tmp_path / "data"
    assert main(["ingest", str(body), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "gongkai ingest --agency 机关名称 --year 年度" in err and "export.txt" in err
    assert _rows(data) == []
    assert main(["ingest", str(body), "--data", str(data), "--agency", "某某县交通运输局", "--year", "2023"]) == 0
    assert _rows(data) == [("某某县交通运输局", 2023)]
    with sqlite3.connect(data / DB_NAME) as conn:
        assert conn.execute("SELECT agency_from, year_from FROM reports").fetchall() == [("supplied", "supplied")]


def test_year_sentence_and_compiler_sentence_are_read_from_the_body(tmp_path):
    body = tmp_path / "export.txt"
    period = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    body.write_text("本报告由某某市统计局编制。" + period + "\n" + UNTITLED_BODY, encoding="utf-8")
    _, parsed = parse_file(body, body.name)
    assert (parsed.meta.agency, parsed.meta.year) == ("某某市统计局", 2022)


def test_quoted_report_name_gives_agency_and_year_but_a_quoted_notice_does_not(tmp_path):
    body = tmp_path / "export.txt"
    notice = "根据《某省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求，"
    own = "现发布《某某区卫生健康委员会2021年度政府信息公开工作年度报告》。"
    body.write_text(notice + own + "\n" + UNTITLED_BODY, encoding="utf-8")
    _, parsed = parse_file(body, body.name)
    assert (parsed.meta.agency, parsed.meta.year) == ("某某区卫生健康委员会", 2021)
    body.write_text(notice + "\n" + UNTITLED_BODY, encoding="utf-8")
    with pytest.raises(ReadError, match="--agency"):
        parse_file(body, body.name)


def test_supplied_agency_and_year_override_the_title(tmp_path):
    data = tmp_path / "data"
    report = CORPUS / "2023_chuanhuiqu_zfbgs.txt"
    assert main(["ingest", str(report), "--data", str(data), "--agency", "川汇区人民政府办公室", "--year", "2023"]) == 0
    assert _rows(data) == [("川汇区人民政府办公室", 2023)]


def test_non_reports_are_still_rejected(tmp_path):
    news = tmp_path / "news.txt"
    news.write_text("区政府召开常务会议，研究总体情况和行政规范性文件清理工作。统计期限自2023年1月1日起。\n", "utf-8")
    for path in (news, NEGATIVE / "2024_putuo_shehuigongzuobu_bumenjuesuan.pdf"):
        with pytest.raises(ReadError, match="不是政府信息公开工作年度报告"):
            parse_file(path, path.name)
