"""The JSON API's request and response models, so that /openapi.json (and /docs) documents every field.

The response models allow extra fields: ARCHITECTURE.md lets the answer object grow, and a field added by the
chain must reach clients even before it is described here. Descriptions are Chinese: they are what /docs shows.
"""

from __future__ import annotations

from typing import Literal

from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from index.store.feedback import MAX_COMMENT_CHARS, Vote

MAX_HISTORY_ITEMS = 200  # more is a client that never trims its history, told so
ANSWER_ID_CHARS = 64  # ids are 32 hex digits; anything longer names no answer
ADMIN_TOKEN_SCHEME = "管理员令牌"

Number = int | float


class _Open(BaseModel):
    """A response object: every documented field, and whatever a newer server adds."""

    model_config = ConfigDict(extra="allow")


# ---------------------------------------------------------------- asking


class AskRequest(BaseModel):
    question: str = Field("", description="问题（中文）")
    history: list = Field(
        default_factory=list,
        max_length=MAX_HISTORY_ITEMS,
        description=f"此前的对话：字符串，或 {{role, content}} 对象（最多 {MAX_HISTORY_ITEMS} 项）",
    )
    agency: str | None = Field(None, description="门户网站限定的机关，问题未指明机关时使用")


class AnswerFigure(_Open):
    file: str = Field(description="报告文件（相对于导入的文件夹）")
    cell: str = Field(description="单元格编号，如 requests.new.total")
    value: Number = Field(description="单元格的数值")
    unit: str = Field(description="单位，如 件")
    status: str = Field(description="stated（报告列明）或 derived（推算）")


class Citation(_Open):
    n: int = Field(description="回答中的引用编号 [n]")
    file: str = Field(description="报告文件")
    title: str = Field(description="报告标题")
    section: str = Field(description="表名或章节名")
    cell: str | None = Field(
        description="所引单元格的编号；引用正文段落时为空。一条引用涵盖同一张表的多个单元格时为第一个，"
        "另有 cells 字段列出全部单元格"
    )
    page: int | None = Field(description="所在页（PDF）")
    line: int | None = Field(description="所在行（文本文件）")
    recognized: bool = Field(False, description="是否由图片文字识别读出")
    text: str = Field(description="引用的原文段落，或单元格的名称和数值；勾稽关系不成立时为规则及各项数值")


class ComputedValue(_Open):
    value: Number = Field(description="由程序计算的数值，与回答中写的一致")
    operation: str = Field(
        description="difference（差）、sum（和）、share（占比）、rank（排名）、relative_change（增减幅度，%）、"
        "ratio（倍数）或 average（全年数字的月平均）"
    )
    operands: list[int] = Field(description="参与计算的数字的引用编号 [n]")


class ChartPoint(_Open):
    x: str = Field(description="横轴：年度或机关")
    y: Number | None = Field(description="数值；报告未列明、无法确定或没有报告时为 null（空缺，不是 0）")
    n: int | None = Field(description="该点对应的引用编号 [n]；各项相加的合计为 null")
    status: str = Field(
        description="stated 报告列明 · derived 推算 · missing 报告未列明 · ambiguous 无法确定 · no_report 无报告"
    )
    broken: list[str] = Field(description="该报告中涉及此数字、且不成立的勾稽关系")


class ChartSeries(_Open):
    label: str = Field(description="这一组数据的名称")
    points: list[ChartPoint]


class Chart(_Open):
    kind: Literal["bar", "line"] = Field(description="line（折线图）或 bar（柱状图）")
    title: str = Field(description="图的标题")
    unit: str = Field(description="单位")
    series: list[ChartSeries]


class TableCell(_Open):
    text: str = Field(description="回答中写的数值，如 20件、74件（推算）、报告未列明")
    file: str = Field(description="读出这个数值的报告文件")
    cell: str = Field(description="单元格编号，可据此链接到出处")
    status: str = Field(description="stated 报告列明 · derived 推算 · missing 报告未列明 · ambiguous 无法确定")


class TableRow(_Open):
    label: str = Field(description="行名")
    cells: list[TableCell | None] = Field(description="每列一格；该行没有所问的这一列时为 null")


class AnswerTable(_Open):
    citations: list[int] = Field(description="整张表的引用编号 [n]（同一报告存有两个版本时，每个文件一个）")
    title: str = Field(description="统计表的名称")
    columns: list[str] = Field(description="列名")
    rows: list[TableRow]
    text: str = Field(description="回答中由这张表代替显示的几行文字，与回答原文完全一致")


class AskResponse(_Open):
    question: str = Field(description="所回答的问题")
    answer: str = Field(description="中文回答，句末带 [1] 这样的引用标记")
    route: str = Field(
        description="figure（统计表数字）、text（报告正文）、none（报告没有回答这个问题，或需要追问）、chat（问候与帮助）"
    )
    figures: list[AnswerFigure] = Field(description="回答用到的单元格")
    citations: list[Citation] = Field(description="引用，编号与回答中的 [n] 对应")
    computed: list[ComputedValue] = Field(description="由程序计算的数值")
    chart: Chart | None = Field(description="回答包含一组数字时的图表数据")
    chart_html: str | None = Field(description="同一图表的 SVG 与数据表（HTML），每个点链接到出处")
    tables: list[AnswerTable] = Field(
        default_factory=list, description="同一报告的多个数字：行 × 列的小表，界面用它代替回答中的对应几行"
    )
    answer_id: str = Field(description="这个回答的编号，用于 POST /api/feedback 评价")


# ---------------------------------------------------------------- feedback


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(max_length=ANSWER_ID_CHARS, description="POST /api/ask 返回的 answer_id")
    vote: Vote = Field(description="up（有帮助）或 down（没有帮助）")
    comment: str = Field("", max_length=MAX_COMMENT_CHARS, description=f"补充说明（可选，最多 {MAX_COMMENT_CHARS} 字）")


class FeedbackResponse(_Open):
    answer_id: str = Field(description="所评价的回答")
    vote: Vote = Field(description="记下的评价")
    message: str = Field(description="给提问者看的致谢")


# ---------------------------------------------------------------- reports


class Report(_Open):
    id: int = Field(description="报告编号")
    file: str = Field(description="报告文件")
    agency: str = Field(description="机关名称")
    year: int = Field(description="年度")
    title: str = Field(description="报告标题")
    format: str = Field(description="统计表格式：2021（新模板）或 2019（旧模板）")
    agency_from: str | None = Field(None, description="机关名称的来源（人工填写、标题、正文、文件名等）")
    year_from: str | None = Field(None, description="年度的来源")
    broken: int = Field(description="不成立的勾稽关系条数")


class CellSource(_Open):
    line: int | None = Field(description="来源行")
    page: int | None = Field(description="来源页")
    text: str = Field(description="原文")
    confidence: float | None = Field(None, description="图片文字识别的置信度（仅识别读出的单元格）")


class ReportCell(_Open):
    value: Number | None = Field(description="数值；报告未列明或无法确定时为空")
    status: str = Field(description="stated（报告列明）、derived（推算）、missing（报告未列明）、ambiguous（无法确定）")
    source: CellSource | None = Field(None, description="来源行/页与原文")
    rule: str | None = Field(None, description="推算所依据的勾稽关系")
    readings: list[Number] | None = Field(None, description="无法确定时的各种可能读法")


class RuleCheck(_Open):
    rule: str = Field(description="勾稽关系")
    status: str = Field(description="holds（成立）、broken（不成立）或 unchecked（无法核对）")
    detail: str = Field(description="核对说明")


class ReportDetail(_Open):
    report: Report
    file: str = Field(description="报告文件")
    agency: str = Field(description="机关名称")
    year: int = Field(description="年度")
    format: str = Field(description="统计表格式")
    title: str = Field(description="报告标题")
    agency_from: str | None = None
    year_from: str | None = None
    cells: dict[str, ReportCell] = Field(description="标准单元格，键为单元格编号")
    checks: list[RuleCheck] = Field(description="勾稽关系核对结果")
    warnings: list[str] = Field(description="解析提示")


class UploadChange(_Open):
    cell: str = Field(description="单元格编号")
    label: str = Field(description="表、行、列的中文名称，如「表三 本年新收政府信息公开申请数量 · 总计」")
    old: str = Field(description="已有版本中的数字（或「推算」「无法确定」「报告未列明」）")
    new: str = Field(description="新版本中的数字（或状态）")
    line: str = Field(description="一行中文说明，如「表三 本年新收政府信息公开申请数量 · 总计：20 → 26」")


class UploadCounts(_Open):
    stated: int = Field(description="报告列明的数字个数")
    derived: int = Field(description="推算的数字个数")
    ambiguous: int = Field(description="无法确定的单元格个数")
    missing: int = Field(description="报告未列明的单元格个数")


class UploadResult(_Open):
    file: str = Field(description="上传的文件名")
    status: Literal["added", "replaced", "rendition", "unchanged", "duplicate"] = Field(
        description="added（新增）、replaced（替换旧版本）、rendition（同一机关同一年度的另一版本，一并保留）、"
        "unchanged（内容与上次导入时相同，跳过）或 duplicate（与另一份已导入的文件完全相同，跳过）"
    )
    verb: str = Field(description="结果的中文说法：已新增、已替换、已作为另一版本保留或跳过")
    message: str = Field(description="导入结果的中文说明（一句）")
    details: list[str] = Field(description="详细说明：与已有版本不同的数字、无法确定和未列明的单元格、不成立的勾稽关系")
    report_id: int | None = Field(description="报告编号")
    agency: str | None = Field(None, description="机关名称（跳过时为空）")
    year: int | None = Field(None, description="年度（跳过时为空）")
    counts: UploadCounts | None = Field(None, description="各状态的单元格个数（跳过时为空）")
    ambiguous_cells: list[str] = Field([], description="无法确定的单元格（中文名称）")
    missing_cells: list[str] = Field([], description="报告未列明的单元格（中文名称）")
    broken_rules: list[str] = Field([], description="不成立的勾稽关系，每条一句")
    compared_with: str | None = Field(None, description="用来比较数字的已有版本的文件名（没有已有版本时为空）")
    changes: list[UploadChange] = Field([], description="与已有版本不同的数字，旧 → 新")
    other_versions: list[str] = Field([], description="replaced：被替换的旧版本文件；rendition：一并保留的已有版本文件")
    reports: int = Field(description="导入后索引中的报告份数")


class Health(_Open):
    status: str = Field(description="ok 表示服务正常")
    reports: int = Field(description="索引中的报告份数")


class ErrorMessage(BaseModel):
    detail: str = Field(description="中文错误说明")


# What /docs shows of the upload's token: the same header ui/upload.py checks (`Authorization: Bearer …`).
# It never refuses a request itself (auto_error off): the upload route says why, in Chinese.
admin_token = HTTPBearer(
    scheme_name=ADMIN_TOKEN_SCHEME,
    description="工作人员上传报告用的令牌（环境变量 GONGKAI_ADMIN_TOKEN），以 `Authorization: Bearer 令牌` 请求头发送；"
    "未配置令牌时上传关闭（403），令牌不正确时 401。",
    auto_error=False,
)
