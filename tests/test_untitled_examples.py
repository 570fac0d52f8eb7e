"""Title-less report bodies written here (none copied from the corpus): the agency and the year come
from the body's sentences, the page's <title>/<meta>, the file name or what a person supplies; a body
naming neither is rejected with a message saying how to supply them; non-reports stay rejected."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.engine import DB_NAME
from index.document import ReadError
from index.ingest import parse_file
from index.model import Evidence
from tests.helpers import UNTITLED_BODY
from ui.cli import main

PERIOD = "本报告所列数据统计期限为2020年1月1日至2020年12月31日。"
HINT = "gongkai ingest --agency 机关名称 --year 年度"


def _read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path, path.name)[1]


def _html(head: str, lead: str = "") -> str:
    body = "".join(f"<p>{line}</p>" for line in (lead + "\n" + UNTITLED_BODY).splitlines() if line)
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("lead", "agency", "year"),
    [
        ("本报告由长河区市场监督管理局编制。" + PERIOD, "长河区市场监督管理局", 2020),
        (
            "本报告根据《中华人民共和国政府信息公开条例》要求，由长河区市场监督管理局编制。" + PERIOD,
            "长河区市场监督管理局",
            2020,
        ),
        ("长河区市场监督管理局依据《条例》要求编制本报告。" + PERIOD, "长河区市场监督管理局", 2020),
        ("现将《青山镇人民政府2022年政府信息公开工作年度报告》予以公布。", "青山镇人民政府", 2022),
    ],
)
def test_the_body_names_the_agency_and_the_year(tmp_path, lead, agency, year):
    parsed = _read(tmp_path, "export.txt", lead + "\n" + UNTITLED_BODY)
    assert (parsed.meta.agency, parsed.meta.year) == (agency, year)
    assert parsed.cells["requests.new.total"].value == 7


def test_a_quotation_before_the_verb_names_no_compiler(tmp_path):
    with pytest.raises(ReadError, match="机关名称") as caught:
        _read(tmp_path, "export.txt", "依据《条例》要求编制本报告。" + PERIOD + "\n" + UNTITLED_BODY)
    assert HINT in str(caught.value)


def test_the_page_title_names_the_report(tmp_path):
    head = "<title>青山镇人民政府2022年政府信息公开工作年度报告_青山镇人民政府网</title>"
    parsed = _read(tmp_path, "page.html", _html(head))
    assert (parsed.meta.agency, parsed.meta.year) == ("青山镇人民政府", 2022)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (Evidence.META, Evidence.META)


def test_the_article_title_meta_wins_over_a_site_title(tmp_path):
    title = "白水县林业局2021年度政府信息公开工作年度报告"
    head = f'<meta name="ArticleTitle" content="{title}"><title>信息公开_白水县</title>'
    parsed = _read(tmp_path, "page.html", _html(head))
    assert (parsed.meta.agency, parsed.meta.year, parsed.meta.agency_from) == ("白水县林业局", 2021, Evidence.META)


def test_the_content_source_meta_gives_the_agency_and_the_body_the_year(tmp_path):
    head = '<meta name="ContentSource" content="白水县林业局"><title>年报</title>'
    parsed = _read(tmp_path, "page.html", _html(head, lead=PERIOD))
    assert (parsed.meta.agency, parsed.meta.year) == ("白水县林业局", 2020)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (Evidence.META, Evidence.BODY)


def test_the_file_name_names_the_report(tmp_path):
    parsed = _read(tmp_path, "长河区市场监督管理局2020年政府信息公开工作年度报告.txt", UNTITLED_BODY)
    assert (parsed.meta.agency, parsed.meta.year) == ("长河区市场监督管理局", 2020)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (Evidence.FILE_NAME, Evidence.FILE_NAME)


@pytest.mark.parametrize(
    ("lead", "missing"),
    [
        ("本报告由长河区市场监督管理局编制。", "年度"),
        ("统计期限自2020年1月1日起至2020年12月31日止。", "机关名称"),
        ("长河区市场监督管理局认真贯彻《条例》。", "机关名称、年度"),
    ],
)
def test_a_body_without_agency_or_year_is_rejected_saying_how_to_supply_them(tmp_path, lead, missing):
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, "export.txt", lead + "\n" + UNTITLED_BODY)
    message = str(caught.value)
    assert f"无法从文件中确定报告的{missing}（" in message
    assert HINT in message and "上传表单" in message


def test_supplied_agency_and_year_let_the_rejected_body_in(tmp_path, capsys):
    path = tmp_path / "export.txt"
    path.write_text("本报告由长河区市场监督管理局编制。\n" + UNTITLED_BODY, encoding="utf-8")
    data = tmp_path / "data"
    assert main(["ingest", str(path), "--data", str(data)]) == 1
    assert HINT in capsys.readouterr().err
    assert main(["ingest", str(path), "--data", str(data), "--year", "2020"]) == 0
    with sqlite3.connect(data / DB_NAME) as conn:
        rows = conn.execute("SELECT agency, year, agency_from, year_from FROM reports").fetchall()
    assert rows == [("长河区市场监督管理局", 2020, "body", "supplied")]


DEPARTMENT_ACCOUNTS = """长河区民政局2023年度部门决算
第一部分 部门概况
一、主要职能
二、部门决算单位构成
第二部分 2023年度部门决算表
一、收入支出决算总表
二、收入决算表
三、支出决算表
四、财政拨款收入支出决算总表
第三部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入、支出决算总计1234.56万元。
"""
NEWS = """长河区市场监督管理局召开2023年政府信息公开工作年度报告编制部署会
发布时间：2024-01-10
1月10日，长河区市场监督管理局召开会议，部署2023年政府信息公开工作年度报告编制工作。会议要求，各科室认真梳理
主动公开政府信息情况、收到和处理政府信息公开申请情况，按时报送数据。
"""


@pytest.mark.parametrize("text", [DEPARTMENT_ACCOUNTS, NEWS], ids=["部门决算", "news"])
def test_non_reports_are_rejected_as_such_and_not_asked_for_an_agency(tmp_path, text):
    with pytest.raises(ReadError, match="这不是政府信息公开工作年度报告") as caught:
        _read(tmp_path, "page.txt", text)
    assert "--agency" not in str(caught.value)
