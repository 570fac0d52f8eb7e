"""The national report template (国办公开办函〔2021〕30号 and 〔2019〕60号) as data.

This module is the single place where a table label, a canonical cell id, a unit or a
勾稽 rule is spelled. The parser, the checker, question understanding and the UI read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
# How an answer names a format to a citizen: digits there would read as figures of the report.
FORMAT_NAMES = {FORMAT_2021: "新版统计表", FORMAT_2019: "旧版统计表"}

UNIT_ITEMS = "件"
UNIT_TEN_THOUSAND_YUAN = "万元"
UNIT_YUAN = "元"
UNIT_PROJECTS = "个"
# What a cell can hold, whatever the report (index.parse.kinds): a count is whole and never negative;
# an amount is never negative; only a 本年增/减 column may be negative.
COUNT_UNITS = (UNIT_ITEMS, UNIT_PROJECTS)
SIGNED_COLUMNS = ("change",)
# 上一年项目数量 + 本年增/减 is this year's number of items: never below 0 (2019 format).
ITEM_STOCK_COLUMNS = ("prev_items", "change")

TABLE_ACTIVE = "active"
TABLE_REQUESTS = "requests"
TABLE_REVIEW = "review"

TABLE_TITLES = {
    TABLE_ACTIVE: "二、主动公开政府信息情况",
    TABLE_REQUESTS: "三、收到和处理政府信息公开申请情况",
    TABLE_REVIEW: "四、政府信息公开行政复议、行政诉讼情况",
}
TABLE_SHORT_NAMES = {TABLE_ACTIVE: "表二", TABLE_REQUESTS: "表三", TABLE_REVIEW: "表四"}

# Headings of the six sections, with the words real reports use instead.
SECTIONS = (
    ("一", "总体情况", ("总体情况",)),
    ("二", "主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息")),
    ("三", "收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "依申请公开")),
    ("四", "政府信息公开行政复议、行政诉讼情况", ("行政复议、行政诉讼", "复议、行政诉讼")),
    ("五", "存在的主要问题及改进情况", ("存在的主要问题",)),
    ("六", "其他需要报告的事项", ("其他需要报告的事项",)),
)


def _headings(tables: bool) -> tuple[str, ...]:
    return tuple(
        w
        for numeral, name, aliases in SECTIONS
        if any(title.startswith(numeral + "、") for title in TABLE_TITLES.values()) == tables
        for w in dict.fromkeys((name, *aliases))
    )


# The headings of the sections that hold no table (总体情况, 存在的主要问题, 其他需要报告的事项), with their variants.
NARRATIVE_HEADINGS = _headings(tables=False)
# The headings of the three table sections, with their variants.
TABLE_HEADINGS = _headings(tables=True)

# What is said about any part of the narrative, as citizens ask for it: (what a heading holds, how a question
# asks for it). Asked with a part (「网站建设存在哪些短板」), the concern is where the answer is.
NARRATIVE_CONCERNS = (
    (("其他需要报告",), r"收费|收钱|收取|交钱|付费|要钱|花钱|费用|处理费"),
    (("改进", "整改"), r"整改|改进|改正|改了|改没改|改善|下一步|今后"),
    (("问题",), r"问题|不足|短板|差距|薄弱|欠缺"),
)
# The parts of the 总体情况 as citizens name them. A question naming none of a heading's words still names
# its part.
NARRATIVE_PARTS = (
    (("平台",), r"网站|新媒体|公众号|微信|微博|政务号|门户|客户端|平台|载体"),
    (("信息管理", "标准化管理", "保密审查"), r"信息管理|审核|保密审查|先审后发|三审三校"),
    (("监督", "保障"), r"监督|考核|培训|督查|督导|问责|责任追究|评议"),
    (
        ("依申请", "公开申请"),
        r"(?:怎么|如何|怎样|咋)\S{0,4}申请|申请(?:的)?(?:流程|程序|手续|方式|渠道|途径|步骤)|申请\S{0,4}(?:处理|办理|答复)|"
        r"依申请|答复",
    ),
    (("主动公开",), r"主动公开|主动发布|公开了(?:哪些|什么)|发布了(?:哪些|什么)"),
)
# A question after the year's work as a whole, when it names no part: the overview.
NARRATIVE_OVERVIEW = (
    ("总体情况",),
    r"(?:做|干)了(?:哪些|什么|啥)|(?:做|干|搞)[得的](?:怎么样|怎样|如何|咋样)|总体|整体|概况",
)

# Words that make a document an annual report on government information disclosure.
REPORT_TITLE_MARKERS = ("政府信息公开工作年度报告", "政府信息公开年度报告", "政务公开工作年度报告")

# What a report's title declares: the year and the report kind (政府信息公开/政务公开 …年度报告).
REPORT_KIND = r"(?:政府信息公开|政务公开)\s*(?:工作)?\s*(?:年度)?\s*报\s*告"


@dataclass(frozen=True)
class Column:
    """One column of a table: its id suffix, Chinese label and the spellings reports use."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One row of a table; `keys` are the fragments that identify its label in a report."""

    key: str
    label: str
    keys: tuple[str, ...]
    group: str = ""

    @property
    def printed(self) -> str:
        """The label as the table prints it in its row: 「无正当理由大量反复申请」, without 「不予处理：」."""
        return self.label.split("：")[-1]


@dataclass(frozen=True)
class CellSpec:
    """A canonical cell: its id, where it sits in the template and its unit."""

    id: str
    table: str
    row: str
    column: str
    row_label: str
    column_label: str
    unit: str

    @property
    def label(self) -> str:
        """A person's name for the cell, e.g. 「本年新收政府信息公开申请数量 · 总计」."""
        if not self.column_label:
            return self.row_label
        return f"{self.row_label} · {self.column_label}"


# ---------------------------------------------------------------- 表二 主动公开


@dataclass(frozen=True)
class ActiveItem:
    """One row of 表二 with the columns it has in a given format; `clause` is the article of
    the regulation (第二十条第（一）项 …) under which the template groups it."""

    key: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    units: tuple[str, ...]
    clause: str = ""


_ACTIVE_2021_DOCS = (
    Column("issued", "本年制发件数", ("本年制发件数", "本年制发")),
    Column("repealed", "本年废止件数", ("本年废止件数", "本年废止")),
    Column("in_force", "现行有效件数", ("现行有效件数", "现行有效")),
)
_ACTIVE_DECISIONS = (Column("decisions", "本年处理决定数量", ("本年处理决定数量", "处理决定数量")),)

ACTIVE_2021 = (
    ActiveItem("rules", "规章", ("规章",), _ACTIVE_2021_DOCS, (UNIT_ITEMS,) * 3, "第二十条第（一）项"),
    ActiveItem(
        "normative_docs",
        "行政规范性文件",
        ("行政规范性文件", "规范性文件"),
        _ACTIVE_2021_DOCS,
        (UNIT_ITEMS,) * 3,
        "第二十条第（一）项",
    ),
    ActiveItem("licensing", "行政许可", ("行政许可",), _ACTIVE_DECISIONS, (UNIT_ITEMS,), "第二十条第（五）项"),
    ActiveItem("penalty", "行政处罚", ("行政处罚",), _ACTIVE_DECISIONS, (UNIT_ITEMS,), "第二十条第（六）项"),
    ActiveItem("coercion", "行政强制", ("行政强制",), _ACTIVE_DECISIONS, (UNIT_ITEMS,), "第二十条第（六）项"),
    ActiveItem(
        "fees",
        "行政事业性收费",
        ("行政事业性收费",),
        (Column("amount", "本年收费金额", ("本年收费金额", "收费金额")),),
        (UNIT_TEN_THOUSAND_YUAN,),
        "第二十条第（八）项",
    ),
)

_ACTIVE_2019_DOCS = (
    Column("made", "本年新制作数量", ("本年新制作数量", "新制作")),
    Column("published", "本年新公开数量", ("本年新公开数量", "新公开")),
    Column("public_total", "对外公开总数量", ("对外公开总数量", "公开总数")),
)
_ACTIVE_2019_ITEMS = (
    Column("prev_items", "上一年项目数量", ("上一年项目数量", "上一年")),
    Column("change", "本年增/减", ("本年增/减", "本年增减", "增/减", "增减")),
    Column("decisions", "处理决定数量", ("处理决定数量",)),
)

ACTIVE_2019 = (
    ActiveItem("rules", "规章", ("规章",), _ACTIVE_2019_DOCS, (UNIT_ITEMS,) * 3, "第二十条第（一）项"),
    ActiveItem(
        "normative_docs",
        "规范性文件",
        ("行政规范性文件", "规范性文件"),
        _ACTIVE_2019_DOCS,
        (UNIT_ITEMS,) * 3,
        "第二十条第（一）项",
    ),
    ActiveItem("licensing", "行政许可", ("行政许可",), _ACTIVE_2019_ITEMS, (UNIT_ITEMS,) * 3, "第二十条第（五）项"),
    ActiveItem(
        "other_services",
        "其他对外管理服务事项",
        ("其他对外管理服务事项", "对外管理服务事项"),
        _ACTIVE_2019_ITEMS,
        (UNIT_ITEMS,) * 3,
        "第二十条第（五）项",
    ),
    ActiveItem("penalty", "行政处罚", ("行政处罚",), _ACTIVE_2019_ITEMS, (UNIT_ITEMS,) * 3, "第二十条第（六）项"),
    ActiveItem("coercion", "行政强制", ("行政强制",), _ACTIVE_2019_ITEMS, (UNIT_ITEMS,) * 3, "第二十条第（六）项"),
    ActiveItem(
        "fees", "行政事业性收费", ("行政事业性收费",), _ACTIVE_2019_ITEMS[:2], (UNIT_ITEMS,) * 2, "第二十条第（八）项"
    ),
    ActiveItem(
        "procurement",
        "政府集中采购",
        ("政府集中采购",),
        (Column("items", "采购项目数量", ("采购项目数量",)), Column("amount", "采购总金额", ("采购总金额",))),
        (UNIT_PROJECTS, UNIT_YUAN),
        "第二十条第（九）项",
    ),
)

ACTIVE_ITEMS = {FORMAT_2021: ACTIVE_2021, FORMAT_2019: ACTIVE_2019}

# Column headers that only the 2019 format has; seeing one decides the format.
FORMAT_2019_MARKERS = ("本年新制作数量", "新制作数量", "上一年项目数量", "对外公开总数量", "政府集中采购")
FORMAT_2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")

# ---------------------------------------------------------------- 表三 依申请公开

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人", ("自然人", "个人", "老百姓", "群众", "公民", "市民", "居民")),
    Column("commercial", "商业企业", ("商业企业", "企业", "公司")),
    Column("research", "科研机构", ("科研机构", "科研院所", "研究机构")),
    Column("public_interest", "社会公益组织", ("社会公益组织", "公益组织")),
    Column("legal_service", "法律服务机构", ("法律服务机构", "律师事务所", "律所", "律师")),
    Column("other_org", "其他", ("其他组织", "其他法人")),
    Column("total", "总计", ("总计", "合计", "总共", "一共")),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)
APPLICANT_DETAIL_KEYS = APPLICANT_KEYS[:-1]
# The template's header over every applicant column but 自然人 (申请人情况 → 法人或其他组织): no cell of its own.
ORGANISATIONS = Column("organisations", "法人或其他组织", ("法人或者其他组织", "法人和其他组织", "法人及其他组织"))
ORGANISATION_KEYS = APPLICANT_DETAIL_KEYS[1:]

RESULTS_GROUP = "results"  # the group of every row of 三、本年度办理结果 (Row.group)
RESULTS_TOTAL_ROW = "results_total"  # （七）总计: the sum of that group
REQUEST_ROWS = (
    Row("new", "本年新收政府信息公开申请数量", ("本年新收",)),
    Row("carried_in", "上年结转政府信息公开申请数量", ("上年结转",)),
    Row("disclosed", "予以公开", ("予以公开",), RESULTS_GROUP),
    Row("partial", "部分公开", ("部分公开",), RESULTS_GROUP),
    Row("withheld.state_secret", "不予公开：属于国家秘密", ("国家秘密",), RESULTS_GROUP),
    Row(
        "withheld.law_prohibited",
        "不予公开：其他法律行政法规禁止公开",
        ("法律行政法规禁止公开", "行政法规禁止公开", "禁止公开"),
        RESULTS_GROUP,
    ),
    Row(
        "withheld.security_stability",
        "不予公开：危及“三安全一稳定”",
        ("三安全一稳定", "三安全", "一稳定"),
        RESULTS_GROUP,
    ),
    Row(
        "withheld.third_party",
        "不予公开：保护第三方合法权益",
        ("第三方合法权益", "保护第三方", "第三方"),
        RESULTS_GROUP,
    ),
    Row("withheld.internal_affairs", "不予公开：属于三类内部事务信息", ("三类内部事务", "内部事务"), RESULTS_GROUP),
    Row("withheld.process_info", "不予公开：属于四类过程性信息", ("四类过程性", "过程性信息"), RESULTS_GROUP),
    Row("withheld.enforcement_files", "不予公开：属于行政执法案卷", ("行政执法案卷", "执法案卷"), RESULTS_GROUP),
    Row("withheld.query_items", "不予公开：属于行政查询事项", ("行政查询事项", "查询事项"), RESULTS_GROUP),
    Row("unavailable.not_held", "无法提供：本机关不掌握相关政府信息", ("不掌握相关政府信息", "不掌握"), RESULTS_GROUP),
    Row(
        "unavailable.needs_creation", "无法提供：没有现成信息需要另行制作", ("没有现成信息", "另行制作"), RESULTS_GROUP
    ),
    Row(
        "unavailable.unclear", "无法提供：补正后申请内容仍不明确", ("补正后申请内容仍不明确", "仍不明确"), RESULTS_GROUP
    ),
    Row("not_processed.petition", "不予处理：信访举报投诉类申请", ("信访举报投诉", "信访"), RESULTS_GROUP),
    Row("not_processed.repeated", "不予处理：重复申请", ("重复申请",), RESULTS_GROUP),
    Row("not_processed.publication", "不予处理：要求提供公开出版物", ("公开出版物", "出版物"), RESULTS_GROUP),
    Row("not_processed.mass_repeated", "不予处理：无正当理由大量反复申请", ("大量反复申请", "大量反复"), RESULTS_GROUP),
    Row(
        "not_processed.confirm_reissue",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        ("确认或重新出具", "重新出具"),
        RESULTS_GROUP,
    ),
    Row("other.no_correction", "其他处理：申请人无正当理由逾期不补正", ("逾期不补正",), RESULTS_GROUP),
    Row("other.unpaid_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用", ("缴纳费用", "收费通知"), RESULTS_GROUP),
    Row("other.other", "其他处理：其他", ("3.其他",), RESULTS_GROUP),
    Row("other", "其他处理", ("其他处理",), RESULTS_GROUP),
    Row("results_total", "办理结果总计", ("总计", "合计")),
    Row("carried_out", "结转下年度继续办理", ("结转下年度", "结转下年")),
)
REQUEST_ROW_BY_KEY = {r.key: r for r in REQUEST_ROWS}
OTHER_SPLIT_ROWS = ("other.no_correction", "other.unpaid_fee", "other.other")
OTHER_SINGLE_ROW = "other"

# Group headings inside 三、本年度办理结果 (a row id's first part → its Chinese heading).
REQUEST_GROUPS = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

# ---------------------------------------------------------------- 表四 复议诉讼

REVIEW_GROUPS = (
    Column("review", "行政复议", ("行政复议", "复议")),
    Column(
        "litigation_direct", "行政诉讼（未经复议直接起诉）", ("未经复议直接起诉", "直接起诉", "直接告", "被告", "起诉")
    ),
    Column("litigation_after_review", "行政诉讼（复议后起诉）", ("复议后起诉", "复议后")),
)
REVIEW_COLUMNS = (
    Column("upheld", "结果维持", ("维持",)),
    Column("corrected", "结果纠正", ("纠正",)),
    Column("other", "其他结果", ("其他结果",)),
    Column("pending", "尚未审结", ("尚未审结", "未审结", "还没判", "未结")),
    Column("total", "总计", ("总计", "一共", "总共", "合计")),
)


# ---------------------------------------------------------------- how reports write the labels


@dataclass(frozen=True)
class Variant:
    """A way some reports write the template's words: `written` where the template says `words`."""

    words: str
    written: str


# Misspellings and shortenings of template words seen in real reports. Every label search (table
# rows, table anchors, section headings, the structure markers) goes through `label_pattern`, so a
# new typo is one more line here. A variant applies wherever its words stand inside a label key.
LABEL_VARIANTS = (
    Variant("总计", "总记"),
    Variant("行政法规禁止公开", "行政止公开"),  # 「2.其他法律行政止公开」: three characters dropped
    Variant("行政复议", "行政法复议"),  # 「四、政府信息公开行政法复议、行政诉讼情况」
)

# Marks that stand for one another inside a label (「3.其他」「3．其他」「3、其他」).
EQUIVALENT_MARKS = (".．、", "(（", ")）", "/／", ":：")
# What conversions put between the characters of a label: spaces, tabs (cell breaks), ideographic spaces.
_LABEL_GAP = r"[ \t\u3000]*"


def spellings(key: str) -> tuple[str, ...]:
    """A label key and every way the known variants write it, each variant applied or not."""
    out = [key]
    for variant in LABEL_VARIANTS:
        out += [s.replace(variant.words, variant.written) for s in out if variant.words in s]
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1024)
def label_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for any of `keys` as the template writes it or as a known variant does, tolerant of
    the gaps conversions insert between characters and of equivalent marks; at one position the
    longest spelling wins."""
    written = sorted(dict.fromkeys(s for key in keys for s in spellings(key)), key=len, reverse=True)
    return re.compile("|".join(_LABEL_GAP.join(_char_class(ch) for ch in s) for s in written))


def _char_class(ch: str) -> str:
    marks = next((m for m in EQUIVALENT_MARKS if ch in m), None)
    return f"[{re.escape(marks)}]" if marks else re.escape(ch)


def find_label(text: str, keys: tuple[str, ...], lo: int = 0, hi: int | None = None) -> re.Match[str] | None:
    """The first place in text[lo:hi] where one of `keys` is written (see label_pattern)."""
    return label_pattern(tuple(keys)).search(text, lo, len(text) if hi is None else hi)


# ---------------------------------------------------------------- cells


def _active_cells(fmt: str) -> list[CellSpec]:
    return [
        CellSpec(f"active.{item.key}.{col.key}", TABLE_ACTIVE, item.key, col.key, item.label, col.label, unit)
        for item in ACTIVE_ITEMS[fmt]
        for col, unit in zip(item.columns, item.units, strict=True)
    ]


def _request_cells() -> list[CellSpec]:
    return [
        CellSpec(f"requests.{row.key}.{col.key}", TABLE_REQUESTS, row.key, col.key, row.label, col.label, UNIT_ITEMS)
        for row in REQUEST_ROWS
        for col in APPLICANT_COLUMNS
    ]


def _review_cells() -> list[CellSpec]:
    return [
        CellSpec(f"{g.key}.{c.key}", TABLE_REVIEW, g.key, c.key, g.label, c.label, UNIT_ITEMS)
        for g in REVIEW_GROUPS
        for c in REVIEW_COLUMNS
    ]


CELLS: dict[str, CellSpec] = {
    spec.id: spec
    for spec in chain(_active_cells(FORMAT_2021), _active_cells(FORMAT_2019), _request_cells(), _review_cells())
}


def cell(cell_id: str) -> CellSpec:
    """The spec of a canonical cell id; KeyError for an id the template does not know."""
    return CELLS[cell_id]


def cells_of_format(fmt: str) -> list[str]:
    """Every canonical id a report of this format can state, in template order."""
    return [s.id for s in _active_cells(fmt)] + [s.id for s in _request_cells()] + [s.id for s in _review_cells()]


def active_columns(item_key: str) -> set[str]:
    """The column keys a 表二 row has in either format."""
    return {c.key for items in ACTIVE_ITEMS.values() for i in items if i.key == item_key for c in i.columns}


def table_of(cell_id: str) -> str:
    return CELLS[cell_id].table


# ---------------------------------------------------------------- 勾稽 rules


@dataclass(frozen=True)
class Rule:
    """sum(left) == sum(right), as the template states or its layout implies."""

    id: str
    description: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return self.left + self.right


def result_rows(other_split: bool) -> tuple[str, ...]:
    """The rows of 三、本年度办理结果 summed by （七）总计."""
    skip = (OTHER_SINGLE_ROW,) if other_split else OTHER_SPLIT_ROWS
    return tuple(r.key for r in REQUEST_ROWS if r.group == RESULTS_GROUP and r.key not in skip)


def request_rows(other_split: bool) -> tuple[str, ...]:
    """All rows of 表三 for a report that splits （六）其他处理 or keeps it as one row."""
    skip = (OTHER_SINGLE_ROW,) if other_split else OTHER_SPLIT_ROWS
    return tuple(r.key for r in REQUEST_ROWS if r.key not in skip)


def rules(other_split: bool = True) -> list[Rule]:
    """Every 勾稽 rule of 表三 and 表四 for one report layout."""
    out: list[Rule] = []
    for col in APPLICANT_COLUMNS:
        c = col.key
        out.append(
            Rule(
                f"requests.balance.{c}",
                f"表三「{col.label}」列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
                (f"requests.new.{c}", f"requests.carried_in.{c}"),
                (f"requests.results_total.{c}", f"requests.carried_out.{c}"),
            )
        )
        out.append(
            Rule(
                f"requests.results_sum.{c}",
                f"表三「{col.label}」列：办理结果总计 = 各项办理结果之和",
                (f"requests.results_total.{c}",),
                tuple(f"requests.{r}.{c}" for r in result_rows(other_split)),
            )
        )
    for row_key in request_rows(other_split):
        row = REQUEST_ROW_BY_KEY[row_key]
        out.append(
            Rule(
                f"requests.row_total.{row_key}",
                f"表三「{row.label}」行：总计 = 各类申请人之和",
                (f"requests.{row_key}.total",),
                tuple(f"requests.{row_key}.{c}" for c in APPLICANT_DETAIL_KEYS),
            )
        )
    for group in REVIEW_GROUPS:
        out.append(
            Rule(
                f"{group.key}.total",
                f"表四「{group.label}」：总计 = 维持 + 纠正 + 其他结果 + 尚未审结",
                (f"{group.key}.total",),
                tuple(f"{group.key}.{c.key}" for c in REVIEW_COLUMNS[:-1]),
            )
        )
    return out


# ---------------------------------------------------------------- where the tables start

# 表二 starts at its first column-group header; 表三 at its first row; 表四 at its header.
ACTIVE_TABLE_ANCHORS = ("第二十条第", "信息内容")
REQUEST_TABLE_CHECK = "上年结转"  # must follow 本年新收 closely, or the match is narrative
REVIEW_TABLE_ANCHORS = ("复议后起诉", "未经复议直接起诉", "尚未审结", "结果维持")
NEXT_SECTION_KEYS = ("存在的主要问题", "五、")


# ---------------------------------------------------------------- words reports write with
# How report narratives name 表二's rows and columns (「本年制发规范性文件12件」「现行有效的规章3件」):
# index.parse.narrative reads figures written in sentences with these. Question words live in
# assistant/understand/vocabulary.json.

NARRATIVE_ACTIVE_ITEMS = {
    "rules": ("规章",),
    "normative_docs": ("行政规范性文件", "规范性文件"),
    "licensing": ("行政许可", "许可"),
    "other_services": ("其他对外管理服务事项", "对外管理服务"),
    "penalty": ("行政处罚", "处罚"),
    "coercion": ("行政强制", "强制措施"),
    "fees": ("行政事业性收费", "事业性收费", "收费金额"),
    "procurement": ("政府集中采购", "集中采购", "采购"),
}
NARRATIVE_ACTIVE_COLUMNS = {
    "issued": ("本年制发", "制发", "新出台", "出台", "新制定", "印发"),
    "repealed": ("废止", "废除", "取消"),
    "in_force": ("现行有效", "仍然有效", "有效"),
    "made": ("新制作",),
    "published": ("新公开",),
    "public_total": ("对外公开总数", "公开总数"),
    "prev_items": ("上一年项目", "上年项目"),
    "change": ("增减", "增/减"),
    "decisions": ("处理决定", "决定"),
    "amount": ("金额", "万元"),
    "items": ("项目数量", "项目"),
}


# ---------------------------------------------------------------- structure


def _structure_markers() -> tuple[str, ...]:
    """Labels only the template's sections and tables carry: a page body exported without its
    title is still recognised as a report by how many of them it contains."""
    sections = (name for _, name, _ in SECTIONS)
    requests = (r.label for r in REQUEST_ROWS if r.group != RESULTS_GROUP and len(r.label) >= 6)
    active = (item.label for item in chain(*ACTIVE_ITEMS.values()) if len(item.label) >= 4)
    return tuple(dict.fromkeys(chain(sections, requests, active)))


REPORT_STRUCTURE_MARKERS = _structure_markers()
