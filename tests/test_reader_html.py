"""The HTML reader on the saved 平潭 pages (values as in gold/) and on small handmade pages."""

from pathlib import Path

import pytest

from index.document import HEADING, PARAGRAPH, ROW, ReadError
from index.readers.html import read_html

PAGES = Path(__file__).resolve().parents[1] / "corpus" / "html"

# label → the figures of its row, in column order, as the gold files state them
GOLD_ROWS = {
    "2021_pingtan_shiyanqu.html": {
        "行政规范性文件": ["69", "3", "665"],
        "行政许可": ["2293"],
        "行政事业性收费": ["24252.311082"],
        "一、本年新收政府信息公开申请数量": ["64", "0", "0", "2", "0", "4", "70"],
        "（一）予以公开": ["27", "0", "0", "2", "0", "1", "30"],
        "1.本机关不掌握相关政府信息": ["22", "0", "0", "0", "0", "3", "25"],
        "7.属于行政执法案卷": ["6", "0", "0", "0", "0", "0", "6"],
        "（七）总计": ["63", "0", "0", "2", "0", "4", "69"],
        "四、结转下年度继续办理": ["1", "0", "0", "0", "0", "0", "1"],
    },
    "2023_pingtan_shiyanqu.html": {
        "行政规范性文件": ["77", "132", "470"],
        "行政处罚": ["1330"],
        "行政事业性收费": ["5949.088667"],
        "一、本年新收政府信息公开申请数量": ["80", "1", "0", "0", "0", "0", "81"],
        "（一）予以公开": ["22", "0", "0", "0", "0", "0", "22"],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["19", "1", "0", "0", "0", "0", "20"],
        "8.属于行政查询事项": ["2", "0", "0", "0", "0", "0", "2"],
        "（七）总计": ["80", "1", "0", "0", "0", "0", "81"],
    },
}
REVIEW_ROWS = {
    "2021_pingtan_shiyanqu.html": ("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"),
    "2023_pingtan_shiyanqu.html": ("1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"),
}
CHROME = (
    "当前位置", "首页", "无障碍", "长者模式", "扫一扫", "QQ空间", "文件下载", "相关链接", "友情链接",
    "版权所有", "主办单位", "ICP备", "网站标识码", "浏览器", "function", "require(", "detailpage", "{{",
)  # fmt: skip


def _figures_after(doc, label):
    """The non-blank cells following `label` in the one row that holds it."""
    rows = [b.cells for b in doc.blocks if b.kind == ROW and label in b.cells]
    assert len(rows) == 1, f"{label}: {len(rows)} rows"
    cells = rows[0]
    return [c for c in cells[cells.index(label) + 1 :] if c]


def _write(tmp_path, html, encoding="utf-8"):
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    return path


@pytest.fixture(scope="module", params=sorted(GOLD_ROWS))
def page(request):
    return request.param, read_html(PAGES / request.param)


def test_table_rows_carry_the_gold_values(page):
    name, doc = page
    for label, figures in GOLD_ROWS[name].items():
        assert _figures_after(doc, label) == figures, label
    review = REVIEW_ROWS[name]
    assert [b.cells for b in doc.blocks if b.kind == ROW and b.cells[0] == review[0]][-1] == review


def test_rows_are_rectangular_tab_joined_and_point_at_their_tr(page):
    name, doc = page
    rows = [b for b in doc.blocks if b.kind == ROW]
    lines = Path(PAGES / name).read_text("utf-8").splitlines()
    for row in rows:
        assert row.text == "\t".join(row.cells)
        assert "<tr" in lines[row.line - 1]
        assert row.page is None
    widths = {len(r.cells) for r in rows if "申请人情况" in r.cells or "（七）总计" in r.cells}
    assert len(widths) == 1


def test_only_the_article_body_in_document_order(page):
    _, doc = page
    for block in doc.blocks:
        assert not any(word in block.text for word in CHROME), block.text
    assert doc.blocks[0].text.startswith(("本报告根据", "根据《中华人民共和国政府信息公开条例》"))
    assert doc.blocks[-1].text.endswith("无收取信息处理费情况。")
    headings = [b.text for b in doc.blocks if b.kind == HEADING and b.text[1] == "、"]
    assert [h[0] for h in headings] == list("一二三四五六")
    order = [b.kind for b in doc.blocks]
    assert order.index(ROW) > order.index(HEADING)
    assert [b.line for b in doc.blocks] == sorted(b.line for b in doc.blocks)


def test_meta_from_the_page_tags(page):
    name, doc = page
    year = name[:4]
    assert doc.meta["title"] == f"平潭综合实验区{year}年度政府信息公开工作年度报告"
    assert doc.meta["published"] == {"2021": "2022-02-08 16:34", "2023": "2024-03-08 15:34"}[year]
    if year == "2023":
        assert doc.meta["agency"] == "平潭综合实验区管委会办公室"
    else:  # its ContentSource tag is empty
        assert "agency" not in doc.meta


def test_a_gbk_copy_reads_the_same(page, tmp_path):
    name, doc = page
    html = (PAGES / name).read_text("utf-8").replace('charset="utf-8"', 'charset="gb2312"', 1)
    assert read_html(_write(tmp_path, html, "gbk")).blocks == doc.blocks


def test_entities_are_text_and_line_breaks_inside_labels_vanish(tmp_path):
    doc = read_html(
        _write(
            tmp_path,
            """<html><body><div class="content">
<p>A&nbsp;&nbsp;B &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#20844;&#x5F00;&ldquo;三安全&rdquo;</p>
<table><tr><td>社会
      公益<br>组织</td><td><p>1</p><p>2</p></td></tr></table>
</div></body></html>""",
        )
    )
    assert [b.text for b in doc.blocks] == ["A B <script>alert(1)</script> & 公开“三安全”", "社会公益组织\t1 2"]
    assert doc.blocks[1].line == 3


def test_rowspan_and_colspan_resolve_to_a_rectangular_grid(tmp_path):
    doc = read_html(
        _write(
            tmp_path,
            """<html><body><table border="1">
<tr><th rowspan="2">项目</th><th colspan="2">数量</th></tr>
<tr><th>甲</th><th>乙</th></tr>
<tr><td>A</td><td></td><td>3</td></tr>
<tr><td rowspan="2">B</td><td>1</td><td>2</td></tr>
<tr><td>4</td><td>5</td><td>6</td></tr>
</table></body></html>""",
        )
    )
    assert [b.cells for b in doc.blocks] == [
        ("项目", "数量", "", ""),
        ("", "甲", "乙", ""),
        ("A", "", "3", ""),
        ("B", "1", "2", ""),
        ("", "4", "5", "6"),
    ]
    assert [b.line for b in doc.blocks] == [2, 3, 4, 5, 6]


def test_an_unseen_cms_layout_keeps_the_article_only(tmp_path):
    nav = "".join(f'<li><a href="/c{i}/">栏目{i}导航链接</a></li>' for i in range(30))
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>某县2023年政府信息公开工作年度报告_某县人民政府</title></head><body>
<div class="top"><ul>{nav}</ul></div>
<div class="position">您现在的位置：<a href="/">网站首页</a> &gt; <a href="/xxgk/">信息公开</a></div>
<table width="1000"><tr><td class="left"><ul>{nav}</ul></td><td>
 <h1 class="title">某县2023年政府信息公开工作年度报告</h1>
 <div id="zoom"><p>一、总体情况</p>
  <p>2023年，本县扎实推进政务公开工作，全年主动公开政府信息一千余条，群众满意度持续提升。</p>
  <table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
  <p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></div>
 <div class="bdsharebuttonbox">分享到：微信 微博</div>
 <p><a href="/p">上一篇：某县2022年政府信息公开工作年度报告</a></p>
</td></tr></table>
<div class="bottom">主办单位：某县人民政府办公室　地址：某县人民路1号　联系电话：0000-1234567
 版权所有，未经许可不得转载</div>
</body></html>"""
    doc = read_html(_write(tmp_path, html, "gbk"))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "一、总体情况"),
        (PARAGRAPH, "2023年，本县扎实推进政务公开工作，全年主动公开政府信息一千余条，群众满意度持续提升。"),
        (ROW, "信息内容\t本年制发件数"),
        (ROW, "规章\t0"),
        (HEADING, "六、其他需要报告的事项"),
        (PARAGRAPH, "本年度未收取信息处理费。"),
    ]
    assert doc.meta == {
        "title": "某县2023年政府信息公开工作年度报告_某县人民政府",
        "headline": "某县2023年政府信息公开工作年度报告",  # the <h1> outside the article; never the 上一篇 link
        "breadcrumb": "您现在的位置： > 网站首页 > 信息公开",
    }


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 8, b"<html><body>\x81\x30\xff\xfe\x80</body></html>"])
def test_undecodable_bytes_raise_a_chinese_read_error(tmp_path, data):
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="编码"):
        read_html(path)


def test_a_layout_table_inside_the_article_reads_as_paragraphs(tmp_path):
    body = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。" * 10
    html = f"""<html><body><div class="article"><table>
<tr><td>一、总体情况</td></tr><tr><td><p>{body}</p></td></tr></table></div></body></html>"""
    doc = read_html(_write(tmp_path, html))
    assert [(b.kind, b.text) for b in doc.blocks] == [(HEADING, "一、总体情况"), (PARAGRAPH, body)]
