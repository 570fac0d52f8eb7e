"""Qualifiers that narrow a figure to something the tables do not count.

「通过网络平台提交的申请」「规范性文件里关于教育的」「行政许可里企业设立登记」 each ask for part of a
cell: answering the whole cell would answer another question. Chinese marks such a qualifier by its
frame (a topic 关于/涉及 X 的, a means 通过 X 提交, a part 里/中 X 的), so a frame whose
content no slot of the question took is a restriction the template cannot serve. Content a slot took
(「申请中属于国家秘密的」: the row) is no restriction.
"""

from __future__ import annotations

import re

from assistant.understand.query import Span

# Frames as Chinese grammar writes them: (opening marker, closing markers). The content lies between.
_FRAMES = (
    (("关于", "涉及", "有关", "针对", "对于"), ("的", "方面", "类", "问题")),
    (
        ("通过", "经由", "借助", "利用", "采用", "采取"),
        ("方式", "形式", "渠道", "途径", "提交", "提出", "申请", "递交", "的"),
    ),
    (("以", "用"), ("方式", "形式")),
    (("里面", "里头", "当中", "之中", "里", "中"), ("的", "有", "是", "占", "为", "共")),
)
# Words that carry no content of their own inside a frame: the domain's generic nouns and the glue
# between a container and its part (「申请中属于……的」「因……需要……而」).
_FILLERS = (
    "政府信息公开", "政务公开", "信息公开", "属于", "需要", "相关", "有关", "信息", "申请", "内容", "事项",
    "情况", "方面", "案件", "结果", "数量", "件数", "其中", "里面", "当中", "这些", "那些", "这类", "那类",
    "所有", "全部", "部分", "以上", "以下",
)  # fmt: skip
# Words that ask, rank or count: never the content of a qualifier.
_ASKING = re.compile(
    r"多少|多大|几|占|比例|比重|百分|哪一|哪些|哪个|哪类|哪种|什么|怎么|如何|吗|呢|最多|最少|最高|最低|排第|排名|一共|总共|合计|加起来"
)
# Markers of one frame inside another (「里涉及X的」): the inner frame tells the content.
_INNER_MARKERS = tuple(m for openers, _ in _FRAMES for m in openers if len(m) > 1)
_CONTENT = re.compile(r"[\u4e00-\u9fff]{2,}")
_MAX_CONTENT = 12


def restrictions(text: str, taken: list[bool]) -> list[Span]:
    """The qualifiers of `text` whose content no slot took (`taken` marks the characters slots used)."""
    out: list[Span] = []
    for openers, closers in _FRAMES:
        opener = "|".join(map(re.escape, openers))
        closer = "|".join(map(re.escape, closers))
        pattern = re.compile(f"(?:{opener})([^，,。？?；;]{{0,{_MAX_CONTENT}}}?)(?:{closer})")
        for m in pattern.finditer(text):
            if text[max(0, m.start() - 1) : m.start() + 1] == "其中":
                continue  # 「其中X的」 takes part of the figure asked before: a follow-up, not a restriction
            if any(taken[m.start() : m.start(1)]):
                continue  # the marker is part of a phrase a slot took (「集中采购」「其中」 of a row label)
            content = _untaken_content(text, taken, m.start(1), m.end(1))
            if content and not any(s.start < m.end(1) and m.start(1) < s.end for s in out):
                out.append(Span(m.start(1), m.end(1), content))
    return sorted(out, key=lambda s: s.start)


def _untaken_content(text: str, taken: list[bool], start: int, end: int) -> str:
    """The longest run of content characters between start and end that no slot took, or ''."""
    chars = "".join("|" if taken[i] else text[i] for i in range(start, end))
    chars = _ASKING.sub("|", chars)
    for word in (*_FILLERS, *_INNER_MARKERS):
        chars = chars.replace(word, "|")
    runs = _CONTENT.findall(chars)
    return max(runs, key=len) if runs else ""
