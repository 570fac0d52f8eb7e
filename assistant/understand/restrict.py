"""Qualifiers that narrow a figure to something the tables do not count.

「通过网络平台提交的申请」「规范性文件里关于教育的」「行政许可里企业设立登记」 each ask for part of a
cell: answering the whole cell would answer another question. Chinese marks such a qualifier by its
frame (a topic 关于/涉及 X 的, a means 通过 X 提交, a part 里/中 X 的), so a frame whose
content no slot of the question took is a restriction the template cannot serve. Content a slot took
(「申请中属于国家秘密的」: the row) is no restriction. Without a frame word, the position of a word
beside a whole count says the same (「驳回的复议」「撤回了几件申请」).
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
    "政府信息公开", "政务公开", "信息公开", "申请公开", "申请人", "属于", "需要", "相关", "有关", "信息", "申请",
    "内容", "事项", "情况", "方面", "案件", "结果", "数量", "件数", "其中", "里面", "当中", "这些", "那些", "这类",
    "那类", "所有", "全部", "部分", "以上", "以下",
)  # fmt: skip
# Words that ask, rank or count: never the content of a qualifier.
_ASKING = re.compile(
    r"有没有|有无|是否|是不是|多少|多大|几|占|比例|比重|百分|哪一|哪些|哪个|哪类|哪种|什么|怎么|如何|吗|呢|最多|最少|最高|最低|排第|排名|一共|总共|合计|加起来|分别|各自|各"
)
# Markers of one frame inside another (「里涉及X的」): the inner frame tells the content.
_INNER_MARKERS = tuple(m for openers, _ in _FRAMES for m in openers if len(m) > 1)
_CONTENT = re.compile(r"[\u4e00-\u9fff]{2,}")
_MAX_CONTENT = 12


# Where Chinese puts what narrows a counted noun, with no frame word: a modifier before 的 and the noun
# it qualifies (「驳回的复议」), a verb before 了 and the count (「撤回了几件」), the noun after the count
# and its classifier (「多少封来信」). Content there that no slot took asks for something the cell is not.
_COUNT = r"(?:多少|几)[个件项次宗起封条家名位份人户]?+"  # 人: 「多少人来申请」 counts applicants
_POSITIONS = (
    re.compile(r"([\u4e00-\u9fff]{2,12}?)的(?=[\u4e00-\u9fff])"),
    re.compile(rf"([\u4e00-\u9fff]{{2,12}}?)了{_COUNT}"),
    re.compile(rf"{_COUNT}([\u4e00-\u9fff]{{2,8}})(?=$|[，,。？?！!；;\s]|吗|呢|啊|呀)"),
)
# Words that say a count happened, or when, not what was counted: receiving, handling, change, the year.
_COUNT_GLUE = (
    "收到", "接到", "受理", "提出", "提交", "递交", "作出", "做出", "办理", "处理", "办结", "发生", "新增",
    "增加", "增长", "减少", "下降", "上升", "变化", "一共", "总共", "共有", "年度", "年", "来自",
)  # fmt: skip
# The nouns a whole count counts, when no phrase named it (「被拒绝的申请有几件」 asks 申请 by a count word):
# a modifier before them qualifies the measure as one before a phrase a slot took does.
_COUNTED_NOUNS = ("申请", "案件")


def _measure_follows(text: str, taken: list[bool], pos: int) -> bool:
    return taken[pos] or text.startswith(_COUNTED_NOUNS, pos)


def restrictions(text: str, taken: list[bool], generic: bool) -> list[Span]:
    """The qualifiers of `text` whose content no slot took (`taken` marks the characters slots used).

    Framed qualifiers always count. Unframed ones count only when the measure is `generic` (all
    applications received, all reviews): there the untaken words are all that says what is counted,
    while beside a specific row they are mostly the asker's paraphrase of it (「新出了几份规范性文件」).
    """
    out = _framed(text, taken)
    if not generic:
        return out
    for pattern in _POSITIONS:
        for m in pattern.finditer(text):
            modifier = pattern is _POSITIONS[0]
            if m.group(1).endswith(_COUNT_GLUE) or (modifier and not _measure_follows(text, taken, m.end())):
                continue  # a modifier qualifies the measure only when the measure follows it
            content = _untaken_content(text, taken, m.start(1), m.end(1), _COUNT_GLUE)
            if content and not any(s.start < m.end(1) and m.start(1) < s.end for s in out):
                out.append(Span(m.start(1), m.end(1), content))
    return sorted(out, key=lambda s: s.start)


# What joins the members of a list (「A和B」「A跟B」「A、B」「A以及B」).
_JOIN = re.compile(r"以及|和|跟|与|、")  # not 及 or 同 alone: 危及, 涉及, 同意
_MAX_MEMBER = 8


def untaken_members(text: str, taken: list[bool], enumerations: bool = True) -> list[Span]:
    """Members of a list that no slot took, joined to one a slot took (「公开的跟部分公开的」): answering
    the other members alone would answer part of the question as if it were all of it. Without
    `enumerations`, only members a conjunction joins (和, 跟 …), not a 、 that may restate the same thing."""
    out: list[Span] = []
    for m in _JOIN.finditer(text):
        if any(taken[m.start() : m.end()]) or m.start() == 0 or m.end() >= len(text):
            continue
        if not enumerations and m.group() == "、":
            continue
        before, after = taken[m.start() - 1], taken[m.end()]
        if before == after:
            continue  # both members taken (「企业和个人」) or neither
        if after:  # the untaken member runs back from the join to the slot or clause before it
            start = m.start()
            while start > 0 and _free(text, taken, start - 1) and m.start() - start < _MAX_MEMBER:
                start -= 1
            span = (start, m.start())
        else:
            end = m.end()
            while end < len(text) and _free(text, taken, end) and end - m.end() < _MAX_MEMBER:
                end += 1
            span = (m.end(), end)
        content = _untaken_content(text, taken, *span, _COUNT_GLUE).strip("的")
        if len(content) > 1:
            out.append(Span(*span, content))
    return out


_BOUNDS = "，,。？?；;！!\n "


def _free(text: str, taken: list[bool], i: int) -> bool:
    return not taken[i] and text[i] not in _BOUNDS


def _framed(text: str, taken: list[bool]) -> list[Span]:
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
    return out


def _untaken_content(text: str, taken: list[bool], start: int, end: int, glue: tuple[str, ...] = ()) -> str:
    """The longest run of content characters between start and end that no slot took, or ''."""
    chars = "".join("|" if taken[i] else text[i] for i in range(start, end))
    chars = _ASKING.sub("|", chars)
    for word in sorted((*_FILLERS, *_INNER_MARKERS, *glue), key=len, reverse=True):
        chars = chars.replace(word, "|")
    runs = _CONTENT.findall(chars)
    return max(runs, key=len) if runs else ""
