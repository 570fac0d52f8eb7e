"""Reports as portals and crawlers export them, built from corpus bodies with their title removed and the
agency renamed (甲乙县…): crawler file names that say nothing, the agency only in the closing signature,
the year only in the body's opening or the table headings, a portal page whose <title> is the portal's
own name, titles over two lines or in Chinese numerals, a report published the year after, a body quoting
another year. Each is read with the right agency and year, or rejected saying how to supply them."""

from __future__ import annotations

import re
import shutil

import docx
import pytest

from index import template as T
from index.document import ReadError
from index.ingest import parse_file
from index.model import Evidence
from tests.helpers import CORPUS
from tests.layouts import DOCX, write
from tests.test_blank_cells import REPORT_2021

BODY, META, TITLE = Evidence.BODY, Evidence.META, Evidence.TITLE
HINT = "gongkai ingest --agency 机关名称 --year 年度"
AGENCY = "甲乙县发展和改革局"
SIGNATURE = f"\n{AGENCY}\n2024年1月25日\n"  # a report for 2023 signed when published, in 2024
TITLE_LINE = f"{AGENCY}2023年政府信息公开工作年度报告"


def _body() -> str:
    """沭阳县发展和改革局's 2023 report from 「一、总体情况」 on, without its header, title, preamble and
    signature, the county renamed."""
    lines = (CORPUS / "2023_shuyang_fagaiju.txt").read_text(encoding="utf-8").replace("沭阳县", "甲乙县").splitlines()
    return "\n".join(lines[lines.index("一、总体情况") : -2]) + "\n"


FULL = _body()  # its 总体情况 opens with 「2023年，县发展和改革局…」
NEUTRAL = FULL.replace("一、总体情况\n2023年，", "一、总体情况\n", 1)  # no sentence opens with the year
OPENING = "2023年，本机关收到政府信息公开申请26件，较2022年增加5件。\n"
AHEAD = "2024年，本机关将进一步完善政府信息公开工作机制。\n"
FOOTER = """【打印本页】　【关闭窗口】
主办单位：甲乙县人民政府办公室
承办单位：甲乙县大数据管理中心
网站标识码：3200000001
ICP备案号：苏ICP备00000000号
公安机关备案号：32000002000001
联系电话：0000-1234567
地址：甲乙县人民路1号
"""


def _with_year_headings(body: str) -> str:
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        body = body.replace(heading, heading.replace("、", "、2023年度", 1))
    return body


ACCEPTED = [
    # (case, file name, text, agency_from, year_from)
    ("signature, year opening 总体情况", "P020240131123456.txt", FULL + SIGNATURE, BODY, BODY),
    (
        "signature letter-spaced, full-width date",
        "1234567.txt",
        FULL + "\n" + " ".join(AGENCY) + "\n２０２４年１月２５日\n",
        BODY,
        BODY,
    ),
    ("signature and date on one line", "content_98765.txt", FULL + f"\n{AGENCY}　二〇二四年一月二十五日\n", BODY, BODY),
    (
        "cover: title without agency, then agency and date",
        "P020240131123456.txt",
        f"2023年政府信息公开工作年度报告\n{AGENCY}\n（2024年1月）\n" + NEUTRAL,
        BODY,
        TITLE,
    ),
    (
        "a dated line inside the body is no signature",
        "export.txt",
        FULL.replace("五、", "政务公开培训会\n2023年6月8日\n五、", 1) + SIGNATURE,
        BODY,
        BODY,
    ),
    ("signature above a portal's footer", "content_98765.txt", FULL + SIGNATURE + FOOTER, BODY, BODY),
    ("year opening the body", "content_98765.txt", OPENING + NEUTRAL + SIGNATURE, BODY, BODY),
    ("year of the table headings", "content_98765.txt", _with_year_headings(NEUTRAL) + SIGNATURE, BODY, BODY),
    ("another year quoted and planned", "export.txt", OPENING + NEUTRAL + AHEAD + SIGNATURE, BODY, BODY),
    (
        "published 2024: page date, signature, file name",
        "P020240131123456.txt",
        "发布时间：2024-01-31 10:20\n" + FULL + SIGNATURE,
        BODY,
        BODY,
    ),
    (
        "page info line names the source",
        "content_98765.txt",
        f"发布时间：2024-01-25 10:20　来源：{AGENCY}　浏览次数：12\n" + FULL,
        META,
        BODY,
    ),
    (
        "statistics up to a date",
        "1234567.txt",
        "本报告所列数据统计截至2023年12月31日。\n" + NEUTRAL + SIGNATURE,
        BODY,
        BODY,
    ),
    ("title over two lines", "1234567.txt", f"{AGENCY}2023年\n政府信息公开工作年度报告\n" + NEUTRAL, TITLE, TITLE),
    (
        "title in Chinese numerals 〇",
        "1234567.txt",
        f"{AGENCY}二〇二三年度政府信息公开工作年度报告\n" + NEUTRAL,
        TITLE,
        TITLE,
    ),
    (
        "title in Chinese numerals 零",
        "1234567.txt",
        f"{AGENCY}二零二三年政府信息公开工作年度报告\n" + NEUTRAL,
        TITLE,
        TITLE,
    ),
    (
        "agency bracketed before the title",
        "1234567.txt",
        f"【{AGENCY}】2023年政府信息公开工作年度报告\n" + NEUTRAL,
        TITLE,
        TITLE,
    ),
    ("title with 关于", "1234567.txt", f"{AGENCY}关于2023年度政府信息公开工作年度报告\n" + NEUTRAL, TITLE, TITLE),
    ("year after the title", "1234567.txt", f"{AGENCY}政府信息公开工作年度报告（2023年度）\n" + NEUTRAL, TITLE, TITLE),
    (
        "breadcrumb of a text export",
        "content_98765.txt",
        f"当前位置： 首页 政务公开 政府信息公开年报 {TITLE_LINE}\n" + NEUTRAL,
        BODY,
        BODY,
    ),
    (
        "title inside a publishing sentence",
        "export.txt",
        f"根据《条例》要求，现向社会公布{TITLE_LINE}。\n" + NEUTRAL,
        BODY,
        BODY,
    ),
    (
        "untitled publishing sentence, agency signed",
        "export.txt",
        "根据《条例》要求，现向社会公布2023年度政府信息公开工作年度报告。\n" + NEUTRAL + SIGNATURE,
        BODY,
        BODY,
    ),
]


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _cells(parsed) -> dict:
    return {cid: (c.status, c.value) for cid, c in parsed.cells.items()}


@pytest.fixture(scope="module")
def original():
    return _cells(parse_file(CORPUS / "2023_shuyang_fagaiju.txt", "2023_shuyang_fagaiju.txt")[1])


@pytest.mark.parametrize(("case", "name", "text", "agency_from", "year_from"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_an_export_is_read_with_its_agency_and_year(tmp_path, original, case, name, text, agency_from, year_from):
    _, parsed = parse_file(_write(tmp_path, name, text), name)
    assert (parsed.meta.agency, parsed.meta.year) == (AGENCY, 2023)
    assert (parsed.meta.agency_from, parsed.meta.year_from) == (agency_from, year_from)
    assert _cells(parsed) == original


REJECTED = [
    # (case, file name, text, what is missing)
    ("crawler name, body only", "P020240131123456.txt", NEUTRAL, "机关名称、年度"),
    ("year opening 总体情况, no agency", "1234567.txt", FULL, "机关名称"),
    ("signature, no year but its date", "content_98765.txt", NEUTRAL + SIGNATURE, "年度"),
    (
        "untitled publishing sentence names no one",
        "export.txt",
        "根据《条例》要求，现向社会公布2023年度政府信息公开工作年度报告。\n" + NEUTRAL,
        "机关名称",
    ),
    (
        "two signatures disagree",
        "export.txt",
        FULL + SIGNATURE.replace("2024年1月25日", "2024年1月20日") + "甲乙县人民政府办公室\n2024年1月25日\n",
        "机关名称",
    ),
    (
        "headings of two years",
        "export.txt",
        _with_year_headings(NEUTRAL).replace("三、2023年度", "三、2022年度") + SIGNATURE,
        "年度",
    ),
]


@pytest.mark.parametrize(("case", "name", "text", "missing"), REJECTED, ids=[c[0] for c in REJECTED])
def test_an_export_without_agency_or_year_is_rejected_saying_how_to_supply_them(tmp_path, case, name, text, missing):
    with pytest.raises(ReadError) as caught:
        parse_file(_write(tmp_path, name, text), name)
    assert f"无法从文件中确定报告的{missing}（" in str(caught.value)
    assert HINT in str(caught.value)


# The saved page of a real portal (平潭, 2023): its title is an element beside the article, as on most CMSs.
PAGE_TITLE = "平潭综合实验区2023年度政府信息公开工作年度报告"
ARTICLE_TITLE = '<div class="article_title text_align_center">'
CRUMB_END = ">政府信息公开年报</a>\n                </li>"


def _portal_page() -> str:
    """The page with no ArticleTitle or ContentSource meta and the portal's name as its <title>."""
    page = (CORPUS / "html" / "2023_pingtan_shiyanqu.html").read_text(encoding="utf-8")
    page = re.sub(r'<meta name="(?:ArticleTitle|ContentSource)"[^>]*>', "", page)
    return re.sub(r"<title>.*?</title>", "<title>甲乙市人民政府门户网站</title>", page, flags=re.S)


def _headline(page: str, html: str) -> str:
    start = page.index(ARTICLE_TITLE)
    end = page.index("</div>", start) + len("</div>")
    return page[:start] + html + page[end:]


PAGES = [
    ("title element", lambda p: _headline(p, f'<div class="article_title">{TITLE_LINE}</div>'), TITLE),
    ("h1 over two lines", lambda p: _headline(p, f"<h1>{AGENCY}2023年<br>政府信息公开工作年度报告</h1>"), TITLE),
    (
        "breadcrumb only",
        lambda p: _headline(p, "").replace(CRUMB_END, CRUMB_END + f"<li><span>{TITLE_LINE}</span></li>"),
        META,
    ),
]


@pytest.mark.parametrize(("case", "edit", "agency_from"), PAGES, ids=[c[0] for c in PAGES])
def test_a_portal_page_titled_with_the_portal_name_is_read_from_its_headline(tmp_path, case, edit, agency_from):
    page = edit(_portal_page())
    assert PAGE_TITLE not in page[: page.index("TRS_Editor")]  # nothing above the article names the report
    _, parsed = parse_file(_write(tmp_path, "content_98765.htm", page), "content_98765.htm")
    assert (parsed.meta.agency, parsed.meta.year, parsed.meta.agency_from) == (AGENCY, 2023, agency_from)
    assert parsed.cells["requests.new.total"].value == 81


def test_a_link_to_another_years_report_is_no_headline(tmp_path):
    """A list of related reports in title elements: links, never the page's title; nothing else names the agency."""
    link = f'<a href="/t1.htm">{AGENCY}2022年政府信息公开工作年度报告</a>'
    related = f'<ul class="title-list"><li class="title">{link}</li></ul>'
    page = _headline(_portal_page(), related)
    with pytest.raises(ReadError, match="无法从文件中确定报告的机关名称（"):
        parse_file(_write(tmp_path, "1234567.html", page), "1234567.html")


def test_a_crawler_named_pdf_is_read_from_its_title(tmp_path):
    source = CORPUS / "pdf" / "2024_huaian_hongzequ.pdf"
    copy = shutil.copy(source, tmp_path / "P020250120345678.pdf")
    _, parsed = parse_file(copy, copy.name)
    _, named = parse_file(source, source.name)
    assert (
        (parsed.meta.agency, parsed.meta.year) == (named.meta.agency, named.meta.year) == ("淮安市洪泽区人民政府", 2024)
    )


@pytest.mark.parametrize(("properties_year", "year_from"), [(2023, META), (2022, TITLE)])
def test_a_word_files_title_property_from_last_years_copy_yields_to_its_title_line(
    tmp_path, properties_year, year_from
):
    path = write(REPORT_2021, T.FORMAT_2021, DOCX, tmp_path)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "测试县人民政府2023年政府信息公开工作年度报告"
    document.core_properties.title = f"测试县人民政府{properties_year}年政府信息公开工作年度报告"
    document.save(str(path))
    _, parsed = parse_file(path, path.name)
    assert (parsed.meta.agency, parsed.meta.year, parsed.meta.year_from) == ("测试县人民政府", 2023, year_from)
