"""A Chinese question → a typed Query: agencies, years, measures, operation, and what is unresolved.

The message is read slot by slot over one `taken` mask (agencies, then table phrases, then years,
then unknown places), so no character names two things. Measures are read clause by clause: a
clause that lacks a row or a column takes it from the clause before (「收到几件？其中企业的几件？」),
and a clause without a question word qualifies the next one (「企业提的申请里，予以公开的几件」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from assistant.understand.agencies import Agency, normalise
from assistant.understand.naming import find_agencies, unknown_places
from assistant.understand.query import (
    CellAsk,
    Change,
    Intent,
    Measure,
    Operation,
    Query,
    Slot,
    Span,
    Unresolved,
    Years,
)
from assistant.understand.restrict import restrictions, untaken_members
from assistant.understand.vocabulary import (
    EVERY,
    Form,
    Hit,
    Kind,
    Quantity,
    asked_quantity,
    contrasts,
    correct_homophones,
    match,
)
from assistant.understand.years import read_years
from index import template as T

_CLAUSE_END = "，,。？?；;！!、\n"
_ASKING = re.compile(
    r"多少|几|哪些|哪个|哪几|什么|吗|呢|么|有没有|是否|是不是|怎样|怎么|如何|为何|为什么|啥|咋|各|分别|占|谁|哪位"
)
# 「A和B加起来」「一共」 over several figures; with one figure it is just that figure.
_SUM = re.compile(r"加起来|加上|加在一起|加一起|加到一起|合在一起|合起来|合计|一共|总共|总和|之和|累计|共计|总计")
_DIFFERENCE = re.compile(
    r"相比|比较|对比|同比|环比|变化|增减|增加|减少|增长|下降|多了|少了|相差|差多少|差了|差几|多几|少几|多出|少出|高出|低了|多多少|少多少|比.{1,12}[多少]"
)
# A change asked as a rate (「增长了百分之多少」「增幅」「下降了几成」) or a multiple (「是…的几倍」「翻了几番」):
# the percentage words here are the change's, not a share of one figure in another.
_CHANGE_RATE = re.compile(
    r"增幅|降幅|涨幅|增速|增长率|下降率|减少率|变化率|变动幅度|变化幅度|"
    r"(?:增长|增加|下降|减少|上升|降低|提高|变化|多|少)了?(?:百分之|百分比|几成|多少成|[\d.]*%)"
)
_CHANGE_TIMES = re.compile(r"(?:多少|几)倍|翻了?(?:几|多少)番")
_TREND = re.compile(r"趋势|历年|逐年|每年|这几年|各年")
_SHARE = re.compile(r"占比|比例|比重|百分之|百分比|%|几成|几分之|占.{0,12}多少|占了")
_RANK = re.compile(r"最多|最少|最高|最低|排名|排第|第几名|名次|排前|前三|前五|前十|第一多|谁多|哪个多|最大|最小")
# Where one agency stands among the others: 「排第几」「排名怎么样」.
_PLACE_IN_RANKING = re.compile(r"排(?:在|名)?第几|第几名|排名(?:多少|怎么样|如何|情况|靠前|靠后)|排多少名|名次")
_ASCENDING = re.compile(r"最少|最低|最小")
_LIST = re.compile(
    r"都是因为|哪些原因|什么原因|因为什么|哪些情形|哪些情况|都有哪些|有哪些|哪几种|具体原因|情况[吗呢啊呀？?。！!]*$"
)
_WHY = re.compile(r"为什么|为啥|为何|咋|怎么会|什么原因|啥原因|什么理由|啥理由|因为什么")
_PER_MONTH = re.compile(r"平均每个?月|每个?月平均|平均一个月|月均|月平均")
# Rates other than a plain share of two cells are not in the tables (办结率, 满意率, 平均): the text.
_RATE = re.compile(r"[办结满意公开纠错败胜]+率|平均|人均")
# Asking who or what something is named: never a count of the tables.
_NAMING = re.compile(r"叫什么|名称|名字|是谁|哪家|哪位|地址|网址|电话|邮箱|哪里")
# Questions about the narrative, not the tables (unless a table row is named).
_TEXT_TOPIC = re.compile(
    r"信息处理费|渠道|途径|怎么|如何|为什么|哪些问题|什么问题|措施|不足|改进|整改|亮点|特色|做法|经验|"
    r"存在.{0,4}问题|主要问题|工作情况|总体情况|是怎样"
)
# Words that ask for a quantity. A citizen's loose word for a row (「保密」) is only a row when one is asked:
# 「保密审查出过问题没有」 asks about the narrative.
_QUANTITY = re.compile(r"多少|几|数量|件数|数字|总数|次数|占|比例|百分|%|最多|最少|排名|合计|一共|总共|加起来")
# A question that ends on what the tables count (「来自律师的申请」「被起诉的案件」) asks how many.
# So does one ending on 的 (「没办完留到下一年的」: the ones that …).
_ENDS_ON_WHAT_IS_COUNTED = re.compile(r"(?:(?:申请|案件|复议|诉讼)(?:的?情况)?|的)[吗呢啊呀？?。！!]*$")
# 「行政复议的情况」「行政诉讼的结果」 of a 表四 group with no column named: how its cases ended, every column.
_OUTCOMES = re.compile(r"(?:复议|诉讼|起诉|官司)的?(?:情况|结果)")
# "how many applications" with no row named: the applications received (本年新收).
_COUNT_OF_APPLICATIONS = re.compile(
    r"(多少|几)件?[^，,。？?]{0,8}申请|申请[^，,。？?]{0,6}(多少|几|最多|最少)|申请(人|件)?数"
)
_CHAT = re.compile(
    r"^(你好|您好|嗨|哈喽|hello|hi|在吗|在不在|谢谢|感谢|多谢|谢了|辛苦|好的|再见|拜拜|你是谁|你是什么|"
    r"你能做什么|你可以做什么|能做什么|能干什么|怎么用|如何使用|怎么问|怎么提问|帮助|help|使用说明)"
    r"[啊呀呢吗了！!。？?，,~～]*$",
    re.IGNORECASE,
)
# Agencies named before, pointed back to: 「这两个」「那两家」「两者」「它们」「这几个单位」.
_THESE = re.compile(r"(?:这|那)(?:两|二|三|几)(?:个|家)|两家|两者|二者|它们|这些(?:机关|部门|单位|地方)")
# A turn that only makes sense after another one.
_FOLLOW_UP = re.compile(r"^(那|那么|其中|还有|另外|再|又|同样|分别|然后)|呢[？?]?$|呢[，,]")
# Setting what it names against what was asked before: 「和淮安市比呢」「跟洪泽区有什么不同」.
_SET_AGAINST = re.compile(r"(?:和|与|跟|同)[^，,。？?]{1,12}(?:比|一样|不同|区别|差别|差异)")
# Asking to go on about the turn before (「具体说说」「再详细点」「还有吗」): a follow-up, never small talk.
_GO_ON = re.compile(
    r"^(?:请|麻烦|能不能|可以)?(?:再)?(?:具体|详细|仔细|展开|多)(?:一点|一些|点|些)?(?:说|讲|介绍|谈|$|[吧啊呀呢吗])|"
    r"^(?:还有(?:吗|呢|别的|其他)|然后呢|继续|接着说)"
)


# Words that only stand for "the figure" or "that one", and the little words around them: a question made
# of nothing else (「平潭2023年的数据是多少」「洪泽区2024年有几件」) does not say what it asks.
_PLACEHOLDER = re.compile(
    r"统计数字|统计数据|数据|数字|数值|数目|数量|总数|件数|个数|数|统计|表格|表里|指标|情况|那个|这个|那项|这项|那|这|"
    r"[的了是有在里中个条件项次年度共请问一下呀啊吧]"
)


# 「哪个部门」 ranks agencies when it orders (最多); of one agency named, it asks who, which no table records.
_WHICH_UNIT = re.compile(r"(?:哪个|哪些|哪家|哪几个)(?:部门|机关|单位|科室)|哪家")


# Talking to the assistant itself (「你能帮我做什么」「这个助手怎么用」), or asking how to use it
# (「怎么提问比较好」「如何查询」).
_ADDRESSED = re.compile(r"你|您|助手|机器人|小助理|(?:怎么|如何|怎样)(?:才能)?(?:用|使用|问|提问|查|查询|搜索)")


def _small_talk(text: str) -> bool:
    """A turn that names nothing of the reports: it speaks to the assistant, or asks nothing at all
    (「早上好」「好的明白了」「谢谢，再见」). Only called when no agency, year or table word was found."""
    return bool(_ADDRESSED.search(text)) or not (_ASKING.search(text) or _TEXT_TOPIC.search(text))


def _vague(text: str, taken: list[bool]) -> bool:
    """Nothing is left once agencies, years, question and operation words and placeholders are taken out."""
    rest = _untaken(text, taken)
    for words in (_ASKING, _SUM, _DIFFERENCE, _SHARE, _RANK, _QUANTITY, _PLACEHOLDER):
        rest = words.sub("", rest)
    return not re.sub(r"[\W\d_]", "", rest)


def _untaken(text: str, taken: list[bool]) -> str:
    return "".join(ch for ch, used in zip(text, taken) if not used)


def _terse(text: str, taken: list[bool]) -> bool:
    """Nothing but slots (「洪泽24 律师」「平潭 2023 不予处理」): a staff member's shorthand for the figure."""
    return not re.sub(r"[\W\d_]|年度?", "", _untaken(text, taken))


def normalise_question(question: str) -> str:
    """NFKC (full-width digits and letters), quotes dropped, spaces kept only where they part two asks."""
    text = unicodedata.normalize("NFKC", question)
    text = re.sub(r"[“”\"'‘’「」『』《》〈〉]", "", text)
    text = re.sub(r"(?<=[几少么吗呢件个项])\s+(?=\S)", "，", text)
    return normalise(text)


@dataclass
class _Clause:
    start: int
    end: int
    hits: list[Hit] = field(default_factory=list)

    def keys(self, kind: Kind) -> list[str]:
        return list(dict.fromkeys(h.entry.key for h in self.hits if h.entry.kind is kind))

    def has(self, *kinds: Kind) -> bool:
        return any(h.entry.kind in kinds for h in self.hits)


def understand(question: str, agencies: list[Agency]) -> Query:
    text = normalise_question(question)
    if _CHAT.match(text):
        return Query(question, Intent.CHAT)
    taken = [False] * len(text)
    naming = find_agencies(text, agencies, taken)
    named = list(taken)
    text = correct_homophones(text, taken)
    headed = _take_headings(text, taken)
    which = _WHICH_UNIT.search(text)
    asks_who = bool(which and naming.agencies and not _RANK.search(text))
    if asks_who:
        naming = replace(naming, every=False)  # 「洪泽区的复议案件是哪个部门的」: not a ranking of agencies
    placed = naming.agencies[0] if len(naming.agencies) == 1 and _PLACE_IN_RANKING.search(text) else None
    if placed:
        naming = replace(naming, every=True)  # where one agency stands: among all of them
    hits = _contrasted(text, taken, _without_modifiers(match(text, taken)))
    per_month = _PER_MONTH.search(text)
    if per_month:  # 「平均每月」 asks an average of the year, not a breakdown by month
        hits = [h for h in hits if not (h.entry.kind is Kind.BEYOND and per_month.start() <= h.start < per_month.end())]
    before_years = list(taken)
    years = read_years(text, taken)
    # What the question is about once its agencies and years are out (a misspelt 平谭 too).
    subject = "".join(" " if a or (t and not b) else ch for ch, a, b, t in zip(text, named, before_years, taken))
    unresolved = list(naming.unresolved) + list(unknown_places(text, agencies, taken))
    if not (naming.agencies or naming.every or hits or years.named or unresolved):
        if _GO_ON.search(text):  # on its own, asks nothing: the help reply (vague, no agency)
            return Query(question, Intent.TEXT, follow_up=True, vague=True, subject=subject)
        if _small_talk(text):
            return Query(question, Intent.CHAT)
    clauses = _clauses(text, hits)
    measures = _measures(clauses, text)
    beyond, apart = _beyond(text, taken, hits, measures)
    unresolved += apart
    years = _against_the_year_before(text, years, measures, naming)
    operation = _operation(text, measures, hits, naming, years)
    change = _change(text) if operation in (Operation.DIFFERENCE, Operation.TREND) else Change.AMOUNT
    denominator = _denominator(text, hits, measures) if operation is Operation.SHARE else None
    if operation is Operation.SHARE and denominator is None:
        denominator = _whole_of_a_result_rate(text, hits, measures)
    if operation is Operation.SHARE and denominator is not None:
        measures = tuple(m for m in measures if m != denominator)
        denominator = _as_whole(denominator)
    joint = operation is Operation.SHARE and _joined(text, measures)
    named = _asks_a_name(text, which if naming.every else None)
    if asks_who:
        who = Unresolved(Slot.MEASURE, which.group(), reason="年报统计表只统计数量，不记录具体是哪个部门或单位")
        beyond.insert(0, who)
    elif named and measures:  # 「复议的申请人是谁」「评估机构叫什么」: a name, not a count
        beyond.insert(0, Unresolved(Slot.MEASURE, named.group(), reason="年报统计表只统计数量，不记录名称或具体是谁"))
    intent = _intent(text, measures, hits, beyond, bool(named), _terse(text, taken))
    vague = intent is Intent.TEXT and not (measures or beyond or headed) and _vague(text, taken)
    # 「洪泽区和淮安市哪个多」「比洪泽区多多少」: arithmetic asked of no figure says nothing of what to compare
    # (「与上年相比有什么变化」 asks no quantity: the narrative)
    compares = operation in _COMBINES or bool(_DIFFERENCE.search(text) and _QUANTITY.search(text))
    vague = vague or (intent is Intent.TEXT and not (measures or beyond or headed) and compares)
    if beyond and intent is Intent.TEXT:
        unresolved.append(beyond[0])
    mentions = {
        "applicant": [k for c in clauses for k in _applicants(c)],
        "named_row": any(c.has(*_ROW_KINDS) for c in clauses),
        "hits": hits,
        "text": text,
    }
    return Query(
        question=question,
        intent=intent,
        agencies=naming.agencies,
        agency_spans=naming.spans,
        every_agency=naming.every,
        collective=naming.collective,
        placed=placed,
        years=years,
        years_seen=years.explicit,
        agencies_seen=naming.agencies,
        these_agencies=None if naming.agencies else _these_agencies(text),
        measures=measures,
        operation=operation,
        change=change,
        per_month=bool(per_month) and operation is Operation.VALUE,
        denominator=denominator,
        joint=joint,
        ascending=bool(_ASCENDING.search(text)),
        unresolved=tuple(unresolved),
        readings=None if measures else _bare_result(text, taken),
        follow_up=bool(_FOLLOW_UP.search(text) or _GO_ON.search(text)) or years.onward,
        vague=vague,
        subject=subject,
        mentions=mentions,
    )


_NARRATIVE_HEADING = re.compile("|".join(map(re.escape, sorted(T.NARRATIVE_HEADINGS, key=len, reverse=True))))


def _take_headings(text: str, taken: list[bool]) -> bool:
    """A narrative section's heading asks for that section (「其他需要报告的事项有哪些」); the words in it
    (其他, 问题) are no cells. Whether one was named."""
    named = False
    for m in _NARRATIVE_HEADING.finditer(text):
        if not any(taken[m.start() : m.end()]):
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            named = True
    return named


# The rows that count everything of their kind: the applications received, the reviews. Asked with words
# no slot took, these are the asker's only description of what is counted.
_WHOLE_COUNTS = (T.REQUEST_ROWS[0].key, T.REVIEW_GROUPS[0].key)  # new, review


def _without_modifiers(hits: list[Hit]) -> list[Hit]:
    """The applicant column's bare label 「其他」 written right before another phrase is that phrase's
    modifier (「其他法律行政法规禁止公开」, 「其他对外管理服务事项」), not the column."""
    starts = {h.start for h in hits}
    bare = next(c.label for c in T.APPLICANT_COLUMNS if c.key == "other_org")  # 其他
    return [h for h in hits if not (h.entry.kind is Kind.APPLICANT and h.text == bare and h.end in starts)]


def _contrasted(text: str, taken: list[bool], hits: list[Hit]) -> list[Hit]:
    """`hits` with each bare result (「公开」) that is joined, before or after, to a result of 表三 named
    (「公开的跟部分公开的」): set against 部分公开, it is 予以公开."""
    results = [h for h in hits if h.entry.kind is Kind.GROUP or _is_result_row(h)]
    added = []
    for entry in contrasts():
        for m in re.finditer(re.escape(entry.phrase), text):
            if any(taken[m.start() : m.end()]) or not _starts_a_phrase_here(text, taken, m.start()):
                continue  # 「主动公开」 is no bare 公开
            after = any(_COORDINATOR.match(text[m.end() : r.start].removeprefix("的")) for r in results)
            before = any(_COORDINATOR.match(text[r.end : m.start()].removeprefix("的")) for r in results)
            if after or before:
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                added.append(Hit(m.start(), m.end(), entry))
    return sorted([*hits, *added], key=lambda h: h.start)


# Function words a verb may follow, never the first half of a compound with it (主动公开, 信息公开).
_LITTLE_WORDS = "那就都又还共总"


def _bare_result(text: str, taken: list[bool]) -> Unresolved | None:
    """A count of a bare result (「2023年公开了几件」), joined to no other: it may be 予以公开 of the requests
    or 主动公开, a table of its own; asked back which, with both as suggestions."""
    if not _QUANTITY.search(text):
        return None
    for entry in contrasts():
        for m in re.finditer(re.escape(entry.phrase), text):
            if any(taken[m.start() : m.end()]):
                continue
            after_a_little_word = m.start() > 0 and text[m.start() - 1] in _LITTLE_WORDS  # 「那公开了几件」
            if _starts_a_phrase_here(text, taken, m.start()) or after_a_little_word:
                row = T.REQUEST_ROW_BY_KEY[entry.key].label
                active = T.TABLE_TITLES[T.TABLE_ACTIVE].split("、")[-1].removesuffix("情况")
                reason = f"您问的是依申请公开中「{row}」的申请，还是{active}（按{_ACTIVE_ITEMS}等各项统计）？"
                item = f"主动公开的{T.ACTIVE_ITEMS[T.FORMAT_2021][1].label}"
                return Unresolved(Slot.MEASURE, entry.phrase, suggestions=(row, item), reason=reason)
    return None


def _starts_a_phrase_here(text: str, taken: list[bool], pos: int) -> bool:
    """Nothing of a word runs into `pos`: the question starts there, or an agency, a year or a joint ends."""
    return pos == 0 or taken[pos - 1] or text[pos - 1] in "年度的，,、和及与跟同：:"


def _is_result_row(hit: Hit) -> bool:
    row = T.REQUEST_ROW_BY_KEY.get(hit.entry.key)
    return hit.entry.kind is Kind.ROW and row is not None and row.group == T.RESULTS_GROUP


def _beyond(
    text: str, taken: list[bool], hits: list[Hit], measures: tuple[Measure, ...]
) -> tuple[list[Unresolved], list[Unresolved]]:
    """What the question asks that the tables do not count: a breakdown named (「邮寄」), a qualifier no
    slot took (「关于教育的」), or money or time asked of a figure counted in cases (「赔了多少钱」); and,
    apart, the members of a list asked each (「主动公开和部分公开各多少」) that are no item: the others are
    still answered, each on its own, with these said."""
    out = [_not_broken_down(h.text) for h in hits if h.entry.kind is Kind.BEYOND]
    quantity = asked_quantity(text)
    in_cases = all(m.ask is None or m.ask.table != T.TABLE_ACTIVE for m in measures)  # 表二 gaps say the rest
    # The plainer reason: the tables count cases, not money or days; no table counts a time at all
    # (「平均办理时长多少天」), whatever it is asked of.
    if quantity and in_cases and (measures or quantity[0] is Quantity.DURATION):
        kind, phrase = quantity
        what = "金额" if kind is Quantity.MONEY else "时间长短"
        return [*out, Unresolved(Slot.MEASURE, phrase, reason=f"年报统计表只统计件数，没有您问的{what}")], []
    if not measures:
        return out, []
    generic = all(m.ask is not None and m.ask.row in _WHOLE_COUNTS for m in measures)
    out += [_not_broken_down(s.text) for s in restrictions(text, taken, generic)]
    # A list is read member by member where its members are added or asked each; where only a count is
    # asked (「主动公开和部分公开的有几件」), only members a conjunction joins: 「没结案、还在审」 says one thing twice.
    each = bool(_SUM.search(text) or _EACH.search(text))
    if not (each or _QUANTITY.search(text)):
        return out, []
    members = [_not_an_item(s.text) for s in untaken_members(text, taken, enumerations=each) if not _covered(s, out)]
    apart = bool(_EACH.search(text)) and not _SUM.search(text)
    return (out, members) if apart else (out + members, [])


def _covered(span: Span, said: list[Unresolved]) -> bool:
    return any(span.text in u.text or u.text in span.text for u in said)


def _not_an_item(phrase: str) -> Unresolved:
    if phrase in T.TABLE_TITLES[T.TABLE_ACTIVE]:  # 「主动公开」: the table, counted item by item
        return Unresolved(Slot.MEASURE, phrase, reason=_ACTIVE_BY_ITEM.format(phrase))
    return Unresolved(Slot.MEASURE, phrase, reason=f"「{phrase}」不是统计表里的某一项，请说明您问的是哪一项")


_ACTIVE_ITEMS = "、".join(i.label for i in T.ACTIVE_ITEMS[T.FORMAT_2021][:3])
_ACTIVE_BY_ITEM = "「{}」在统计表里没有总数，只按" + _ACTIVE_ITEMS + "等各项分别统计"


def _not_broken_down(phrase: str) -> Unresolved:
    return Unresolved(Slot.MEASURE, phrase, reason=f"年报统计表没有按「{phrase}」分类统计的数字")


# ---------------------------------------------------------------- clauses and measures


def _clauses(text: str, hits: list[Hit]) -> list[_Clause]:
    bounds = [i for i, ch in enumerate(text) if ch in _CLAUSE_END]
    out, start = [], 0
    for end in [*bounds, len(text)]:
        if end > start:
            out.append(_Clause(start, end))
        start = end + 1
    for hit in hits:
        home = next((c for c in out if c.start <= hit.start < c.end), None)
        if home is not None:
            home.hits.append(hit)
    return out


def _measures(clauses: list[_Clause], text: str, context: _Clause | None = None) -> tuple[Measure, ...]:
    """Each asking clause's measures; context (rows, columns, items) flows forward from clause to clause,
    and from the turn before into a follow-up."""
    out: list[Measure] = []
    context = context or _Clause(0, 0)
    asking = _asking(clauses, text)
    last = clauses[-1] if clauses else None
    for clause in clauses:
        merged = _merge(context, clause)
        if clause in asking or clause is last:
            out += _clause_measures(merged, text[clause.start : clause.end], text)
        context = merged if clause.hits else context
    return tuple(dict.fromkeys(out))


def _asking(clauses: list[_Clause], text: str) -> list[_Clause]:
    """Clauses that ask; the members of an enumeration (「复议、起诉的各有几起」) share the question of its last one."""
    out: list[_Clause] = []
    asks_after = False
    for clause in reversed(clauses):
        enumerated = clause.end < len(text) and text[clause.end] == "、"
        asks = bool(_ASKING.search(text[clause.start : clause.end])) or (enumerated and asks_after)
        if asks:
            out.append(clause)
        asks_after = asks
    return out[::-1]


_ROW_KINDS = (Kind.ROW, Kind.GROUP, Kind.ITEM, Kind.REVIEW, Kind.LITIGATION)


def _merge(context: _Clause, clause: _Clause) -> _Clause:
    """The clause with what it lacks taken from the clauses before: a row without columns keeps the
    earlier columns, columns without a row keep the earlier row."""
    if not context.hits:
        return clause
    table_kinds = {
        Kind.ROW: (Kind.ROW, Kind.GROUP, Kind.ITEM, Kind.REVIEW, Kind.LITIGATION),
        Kind.APPLICANT: (Kind.APPLICANT,),
        Kind.ITEM_COLUMN: (Kind.ITEM_COLUMN,),
        Kind.REVIEW_COLUMN: (Kind.REVIEW_COLUMN, Kind.ALL_RESULTS),
    }
    inherited = list(clause.hits)
    for kinds in table_kinds.values():
        if not clause.has(*kinds):
            inherited += [h for h in context.hits if h.entry.kind in kinds]
    if clause.has(Kind.ROW, Kind.GROUP) and not clause.has(Kind.ITEM, Kind.REVIEW, Kind.LITIGATION):
        inherited = [h for h in inherited if h.entry.kind not in (Kind.ITEM, Kind.REVIEW, Kind.LITIGATION)]
    if clause.has(Kind.ITEM, Kind.REVIEW, Kind.LITIGATION) and not clause.has(Kind.ROW, Kind.GROUP):
        inherited = [h for h in inherited if h.entry.kind not in (Kind.ROW, Kind.GROUP, Kind.APPLICANT)]
    if clause.has(Kind.ITEM) and not clause.has(Kind.REVIEW, Kind.LITIGATION):
        inherited = [h for h in inherited if h.entry.kind not in (Kind.REVIEW, Kind.LITIGATION, Kind.REVIEW_COLUMN)]
    if clause.has(Kind.REVIEW, Kind.LITIGATION) and not clause.has(Kind.ITEM):
        inherited = [h for h in inherited if h.entry.kind not in (Kind.ITEM, Kind.ITEM_COLUMN)]
    return _Clause(clause.start, clause.end, sorted(inherited, key=lambda h: h.start))


def _span(hits: list[Hit]) -> Span | None:
    if not hits:
        return None
    return Span(min(h.start for h in hits), max(h.end for h in hits), "、".join(h.text for h in hits))


def _clause_measures(c: _Clause, clause_text: str, text: str) -> list[Measure]:
    out: list[Measure] = []
    out += _request_measures(c, clause_text, text)
    item_hits = [h for h in c.hits if h.entry.kind in (Kind.ITEM, Kind.ITEM_COLUMN)]
    items = c.keys(Kind.ITEM)
    out += [
        Measure(CellAsk(T.TABLE_ACTIVE, item, _item_columns(item, items, c)), span=_span(_own(item_hits, item)))
        for item in items
    ]
    out += _review_measures(c, text)
    rows = {m.ask.row for m in out if m.ask and m.ask.table == T.TABLE_REQUESTS}
    for group in c.keys(Kind.GROUP):
        if not any(r.startswith(group + ".") for r in rows):
            out.append(Measure(group=group, span=_span([h for h in c.hits if h.entry.kind is Kind.GROUP])))
    return out


def _item_columns(item: str, items: list[str], c: _Clause) -> tuple[str, ...]:
    """The 表二 columns a clause names for one of its rows. Of several rows (「规章现行有效多少 行政许可处理决定
    多少」) each takes the columns that are its own; a column no row has stays with all, to be said absent."""
    named = c.keys(Kind.ITEM_COLUMN)
    if len(items) < 2:
        return tuple(named)
    owners = {k: {i for i in items if k in T.active_columns(i)} for k in named}
    return tuple(k for k in named if item in owners[k] or not owners[k])


def _request_measures(c: _Clause, clause_text: str, text: str) -> list[Measure]:
    # A row named with one of its own sub-rows is their context (「其他处理中逾期不补正的」): the sub-row.
    named = c.keys(Kind.ROW)
    rows = [r for r in named if not any(other.startswith(r + ".") for other in named)]
    columns = _applicants(c)
    named_other = c.has(Kind.GROUP, Kind.ITEM, Kind.REVIEW, Kind.LITIGATION)
    if not rows and not named_other:
        weak = c.has(Kind.WEAK_NEW)
        if weak or columns or _COUNT_OF_APPLICATIONS.search(clause_text):
            rows = ["new"]
    if not rows:
        return []
    if columns and _asks_total_column(c, Kind.APPLICANT, text):
        columns.append("total")
    hits = [h for h in c.hits if h.entry.kind in (Kind.ROW, Kind.APPLICANT, Kind.WEAK_NEW)]
    weak_only = not c.has(Kind.ROW)
    return [
        Measure(
            CellAsk(T.TABLE_REQUESTS, r, tuple(columns)),
            span=_span(_own(hits, r)),
            confidence=0.6 if weak_only else 1.0,
        )
        for r in rows
    ]


def _asks_total_column(c: _Clause, column: Kind, text: str) -> bool:
    """Whether a total word of the clause asks the total column. A sum word written after two or more
    columns adds those columns (「个人和企业申请加起来」「维持和纠正一共」): it is the operation, and adding the
    total beside its own parts would count them twice. Listed itself (「企业、个人以及总计」) it is the column."""
    named = [h for h in c.hits if h.entry.kind is column]
    for total in (h for h in c.hits if h.entry.kind is Kind.TOTAL):
        before = {h.entry.key for h in named if h.end <= total.start}
        listed = any(_COORDINATOR.match(text[max(0, total.start - n) : total.start]) for n in (1, 2))
        if len(before) < 2 or listed or not _SUM.fullmatch(total.text):
            return True
    return False


def _applicants(c: _Clause) -> list[str]:
    """The applicant columns a clause names; 「各类申请人」 names all six, 「法人或其他组织」 the five under it."""
    spread = {EVERY: T.APPLICANT_DETAIL_KEYS, T.ORGANISATIONS.key: T.ORGANISATION_KEYS}
    return list(dict.fromkeys(k for key in c.keys(Kind.APPLICANT) for k in spread.get(key, (key,))))


def _every_column(hits: list[Hit]) -> bool:
    """The question asks a whole breakdown: every applicant column, or every result of 表四."""
    return any(h.entry.key == EVERY or h.entry.kind is Kind.ALL_RESULTS for h in hits)


def _own(hits: list[Hit], key: str) -> list[Hit]:
    """The hits of one row with the columns they share: each row keeps where it was written
    (「A及B的占比」, 「A占B」 tell rows apart by position)."""
    rows = (Kind.ROW, Kind.ITEM)
    named = [h for h in hits if h.entry.kind in rows and h.entry.key == key]
    return [h for h in hits if h.entry.kind not in rows] + named if named else hits


def _review_measures(c: _Clause, text: str) -> list[Measure]:
    groups = c.keys(Kind.REVIEW)
    if c.has(Kind.LITIGATION) and not any(g.startswith("litigation") for g in groups):
        groups += ["litigation_direct", "litigation_after_review"]
    if not groups:
        return []
    if c.has(Kind.ALL_RESULTS) or (not c.has(Kind.REVIEW_COLUMN) and _OUTCOMES.search(text)):
        columns = tuple(col.key for col in T.REVIEW_COLUMNS)
    else:
        # A result named (「复议结果纠正的」) is that column; the total only when asked or nothing else is.
        named = c.keys(Kind.REVIEW_COLUMN)
        asks_total = not named or _asks_total_column(c, Kind.REVIEW_COLUMN, text)
        columns = tuple(dict.fromkeys([*named, "total"] if asks_total else named))
    order = [g.key for g in T.REVIEW_GROUPS]
    span = _span([h for h in c.hits if h.entry.kind in (Kind.REVIEW, Kind.LITIGATION, Kind.REVIEW_COLUMN)])
    return [
        Measure(CellAsk(T.TABLE_REVIEW, g, columns), span=span) for g in sorted(dict.fromkeys(groups), key=order.index)
    ]


# ---------------------------------------------------------------- operation and intent


def _cells_asked(measures: tuple[Measure, ...]) -> int:
    """How many figures the measures name, roughly: enough to tell one figure from several."""
    count = 0
    for m in measures:
        if m.group:
            count += 2
        elif m.ask:
            count += max(1, len(m.ask.columns))
    return count


def _operation(text: str, measures: tuple[Measure, ...], hits: list[Hit], naming, years: Years) -> Operation:
    text = _without_item_columns(text, hits)
    several_years = years.several
    if _RANK.search(text) and (naming.every or len(naming.agencies) > 1 or several_years or _cells_asked(measures) > 1):
        return Operation.RANK
    compared = several_years or len(naming.agencies) > 1 or _cells_asked(measures) > 1
    if compared and _change(text) is not Change.AMOUNT:
        return Operation.DIFFERENCE
    if _SHARE.search(text) or _rate_of_a_column(text, hits):
        return Operation.SHARE
    if _DIFFERENCE.search(text) and compared:
        return (
            Operation.TREND
            if several_years
            and (len(years.explicit) > 2 or years.recent > 2 or years.since or years.every or _TREND.search(text))
            else Operation.DIFFERENCE
        )
    several = len(naming.agencies) > 1 or several_years or naming.every
    if _SUM.search(text) and (several or _sums_its_clause(text, measures)):
        return Operation.SUM
    header = any(h.entry.key == T.ORGANISATIONS.key for h in hits)
    if header and not (several_years or naming.every or _EACH.search(text)):
        return Operation.SUM  # 「法人或其他组织申请多少件」: one count of the columns under that header
    if several_years and not _EACH.search(text):  # 「2022年和2023年分别是多少」: each year's value
        return Operation.TREND
    if any(m.group for m in measures) or _LIST.search(text) or _every_column(hits):
        return Operation.LIST
    return Operation.VALUE


def _against_the_year_before(text: str, years: Years, measures: tuple[Measure, ...], naming) -> Years:
    """A rate of change of one figure of one year (「2024年新收申请增长率」) is against the year before it."""
    if _change(text) is not Change.RATE or years.several or len(naming.agencies) > 1 or _cells_asked(measures) > 1:
        return years
    if any(text[max(0, s.start - 1) : s.start] in _AGAINST for s in years.spans):
        return years  # 「和2022年比增长了百分之几」: the year compared with, the other one from the turn before
    if len(years.explicit) == 1:
        return replace(years, explicit=(years.explicit[0] - 1, years.explicit[0]))
    return years if years.fixed else replace(years, with_previous=True)


_AGAINST = "比较与和跟同"


def _change(text: str) -> Change:
    if "占" not in text and _CHANGE_RATE.search(text):  # 「占比增长了几个百分点」 is not a rate of change
        return Change.RATE
    return Change.TIMES if _CHANGE_TIMES.search(text) else Change.AMOUNT


def _rate_of_a_column(text: str, hits: list[Hit]) -> bool:
    """「纠正率」「维持率」「予以公开率」: a result of 表四 or 表三 followed by 率 is its share of the cases."""
    results = (h for h in hits if h.entry.kind is Kind.REVIEW_COLUMN or _is_result_row(h))
    return any(text.startswith("率", h.end) for h in results)


def _without_item_columns(text: str, hits: list[Hit]) -> str:
    """The text with the 表二 columns of a named item blanked: 「行政许可本年增减了多少」 asks the column
    本年增/减, not a difference of two figures."""
    if not any(h.entry.kind is Kind.ITEM for h in hits):
        return text
    chars = list(text)
    for h in hits:
        if h.entry.kind is Kind.ITEM_COLUMN:
            chars[h.start : h.end] = "|" * (h.end - h.start)
    return "".join(chars)


def _sums_its_clause(text: str, measures: tuple[Measure, ...]) -> bool:
    """A sum word adds what its own clause names: 「A和B一共几件」, not 「一共几件？其中纠正的几件」
    (a whole and its part, asked one after the other)."""
    for m in _SUM.finditer(text):
        start = max((text.rfind(ch, 0, m.start()) for ch in _CLAUSE_END), default=-1) + 1
        ends = [i for i in (text.find(ch, m.end()) for ch in _CLAUSE_END) if i != -1]
        end = min(ends, default=len(text))
        inside = [x for x in measures if x.span is None or start < x.span.end <= end]
        if _cells_asked(tuple(inside)) > 1:
            return True
    return False


def _denominator(text: str, hits: list[Hit], measures: tuple[Measure, ...]) -> Measure | None:
    """「A占B的比例」: the measure written after 占; without one, the row's total (the column asked of
    a 表三 row), or 办理结果总计 (a result row)."""
    of = _SHARE_OF.search(text)
    share_at = of.start() if of else -1
    if share_at != -1:
        after = [m for m in measures if m.span and m.span.end > share_at]
        if after and len(measures) > 1:
            return after[0]
    return None


# 「A占B的比例」「A是B的百分之几」: the whole comes after 占, or after the 是 of 「是…的百分之几」.
_SHARE_OF = re.compile(r"占|是(?=[^，,。？?]{1,20}的(?:百分之|百分比|比例|比重|几成|几分之))")


def _whole_of_a_result_rate(text: str, hits: list[Hit], measures: tuple[Measure, ...]) -> Measure | None:
    """「律师申请的予以公开率」「律师申请中予以公开的占比」: a result's rate, or its share within one applicant
    column when no whole is named, is of the results of the same applicants (办理结果总计 of that column), not
    of the result's own total over every applicant."""
    results = [h for h in hits if _is_result_row(h)]
    columns = {m.ask.columns for m in measures if m.ask}
    if not results or len(columns) != 1 or any(len(c) > 1 for c in columns):
        return None
    column = columns.pop()
    rated = [h for h in results if text.startswith("率", h.end)]
    if not rated and column == (T.APPLICANT_COLUMNS[-1].key,):
        return None  # 「予以公开的占比」 over every applicant: the share the answer takes of the row's total
    return Measure(CellAsk(T.TABLE_REQUESTS, T.RESULTS_TOTAL_ROW, column), span=_span(rated or results))


def _as_whole(m: Measure) -> Measure:
    """A denominator is one figure: 「占办理结果的比例」 is the results as a whole, （七）总计."""
    if m.group == T.RESULTS_GROUP:
        return Measure(CellAsk(T.TABLE_REQUESTS, T.RESULTS_TOTAL_ROW), span=m.span)
    total = T.REVIEW_COLUMNS[-1].key  # the total column of 表四, as of 表三 (APPLICANT_COLUMNS[-1])
    if m.ask and len(m.ask.columns) > 1 and total in m.ask.columns:  # 「占复议总数」 after 「纠正了几件」: the total
        return replace(m, ask=replace(m.ask, columns=(total,)))
    return m


_COORDINATOR = re.compile(r"^(?:及|和|与|以及|加|加上|跟|同|、)$")
_EACH = re.compile(r"分别|各(?:自|占|是|为|有|多少|几|要)|每")


def _joined(text: str, measures: tuple[Measure, ...]) -> bool:
    """「A及B的占比」 asks one share of A and B together; 「A和B分别占多少」 asks one share each."""
    spans = [m.span for m in measures if m.span]
    if len(spans) < 2 or _EACH.search(text):
        return False
    spans = sorted(dict.fromkeys(spans), key=lambda s: s.start)
    joints = (text[a.end : b.start].removeprefix("的") for a, b in zip(spans, spans[1:]))
    return len(spans) > 1 and all(_COORDINATOR.match(j) for j in joints)


def _asks_a_name(text: str, ranking: re.Match | None) -> re.Match | None:
    """「叫什么」「是谁」「哪家」: a name is asked, except the 哪家 of 「哪家机关最多」, which ranks agencies."""
    for m in _NAMING.finditer(text):
        if not (ranking and ranking.start() <= m.start() < ranking.end()):
            return m
    return None


def _intent(text: str, measures, hits: list[Hit], beyond: list[Unresolved], asks_a_name: bool, terse: bool) -> Intent:
    if not measures or asks_a_name:
        return Intent.TEXT
    if beyond:
        return Intent.TEXT
    if _RATE.search(_PER_MONTH.sub("", text)) and not _rate_of_a_column(text, hits):
        return Intent.TEXT
    named_row = any(h.entry.kind in (Kind.ROW, Kind.GROUP, Kind.ITEM, Kind.REVIEW, Kind.LITIGATION) for h in hits)
    if _TEXT_TOPIC.search(text) and not named_row:
        return Intent.TEXT
    # Only a citizen's loose words, and no quantity asked: the narrative. Measures without any phrase come
    # from a count of applications asked (「申请数」), and a question ending on what is counted asks for it.
    named = [h for h in hits if h.entry.kind is not Kind.BEYOND]
    loose = bool(named) and all(h.entry.form is Form.COLLOQUIAL for h in named)
    # Why a result came about (「为啥那么多申请给不了」) is answered by its group's reasons, each a row.
    why_a_result = _WHY.search(text) and any(h.entry.kind is Kind.GROUP for h in named)
    if loose and not (terse or why_a_result or _QUANTITY.search(text) or _ENDS_ON_WHAT_IS_COUNTED.search(text)):
        return Intent.TEXT
    return Intent.FIGURES


# ---------------------------------------------------------------- conversation


_COMBINES = (Operation.SUM, Operation.SHARE, Operation.RANK)  # a difference of years may be the narrative's


def complete_on_its_own(q: Query) -> bool:
    """A question that names its agency and what it asks does not lean on the turn before."""
    has_subject = bool(q.measures) or q.intent is Intent.TEXT and not q.follow_up and not q.vague
    return bool(q.agencies or q.every_agency) and has_subject and not q.follow_up and not _sets_one_against(q)


def _sets_one_against(q: Query) -> bool:
    """「跟沭阳县比有什么不同」: the one agency named is set against what was asked before (not 「平潭和去年比」)."""
    m = _SET_AGAINST.search(q.mentions.get("text", ""))
    return len(q.agencies) == 1 and bool(m) and any(m.start() <= s.start < m.end() for s in q.agency_spans)


def follow_up(current: Query, previous: Query) -> Query:
    """Fill what an incomplete turn (「那2022年呢？」「其中企业的呢？」「前一年呢」) leaves out."""
    if current.intent is Intent.CHAT or previous.intent is Intent.CHAT:
        return current
    if complete_on_its_own(current):
        return current
    own_topic = current.intent is Intent.TEXT and not current.follow_up and _TEXT_TOPIC.search(current.question)
    # A text turn with no words of its own (「那2023年呢」「改了吗」) is searched for the turns' before.
    out = replace(current, topics=(previous.subject, *previous.topics))
    # An agency named that the index lacks (「北京市朝阳区呢」) is said so, not replaced by the one before.
    names_other = any(x.slot is Slot.AGENCY for x in current.unresolved)
    if not out.agencies and not out.every_agency and previous.agencies and not names_other:
        out = replace(out, agencies=previous.agencies)
    seen = _years_seen(previous.years_seen, current.years.explicit)
    out = replace(out, years_seen=seen)
    agencies_seen = tuple(dict.fromkeys(a for a in previous.agencies_seen if a not in current.agencies))
    out = replace(out, agencies_seen=agencies_seen + current.agencies)
    if current.intent is Intent.TEXT and _sets_one_against(current):
        # 「和淮安市比呢」 after a question on 洪泽区's text: both, side by side
        out = replace(out, agencies=tuple(dict.fromkeys((*previous.agencies, *current.agencies))))
    if (these_agencies := _those_agencies(current, previous.agencies_seen)) is not None:
        out = replace(out, agencies=these_agencies)
    anchored = current.years.onward and bool(previous.years.explicit)
    if (these := _these_years(current.years, previous.years_seen)) is not None:
        out = replace(out, years=these)
    elif anchored or not current.years.fixed or current.years.shift:
        out = replace(out, years=_shifted(previous.years, current.years))
    # A column without its row (「其中企业申请的呢」「结果维持的几件」「废止了几件」) keeps the row asked
    # before, as a later clause of one question does.
    carried = (
        () if current.mentions.get("named_row") or not current.mentions.get("hits") else _carried(current, previous)
    )
    if carried:
        out = replace(out, measures=carried, intent=Intent.FIGURES, vague=False, readings=None)
    elif (
        not current.measures
        and not own_topic
        and current.readings is None  # 「那公开了几件」 asks which figure, not the one before again
        and (
            current.follow_up
            or current.vague
            or _only_slots(current)
            or _only_an_operation(current)
            or these_agencies is not None
        )
    ):
        out = replace(
            out,
            vague=previous.vague,
            measures=previous.measures,
            intent=previous.intent,
            operation=_operation_carried(current, previous),
            denominator=previous.denominator,
        )
    if not current.measures and out.measures:
        out = _compared_with_before(current, previous, out)
    if these_agencies and len(out.agencies) > 1 and (several := _of_several(current.mentions.get("text", ""))):
        out = replace(out, operation=several)
    if out.operation is Operation.VALUE and out.years.several:
        out = replace(out, operation=Operation.TREND)
    return out


def _compared_with_before(current: Query, previous: Query, out: Query) -> Query:
    """「和2022年比多了多少」「比淮安市多几件」「那洪泽区呢，哪个多」: a turn that compares or adds, naming only
    another year or agency, does so with the turn before's (not the one it names alone)."""
    text = current.mentions.get("text", "")
    operation = _of_several(text)
    if operation is None:
        return out
    out = replace(out, change=_change(text))  # 「是2019年的几倍」: against the year before, as a multiple
    if len(current.years.explicit) == 1 and previous.years.explicit and not current.agencies:
        years = tuple(sorted(set(previous.years.explicit) | set(current.years.explicit)))
        return replace(out, years=Years(years), operation=operation) if len(years) > 1 else out
    if len(current.agencies) == 1 and previous.agencies and not current.years.named:
        agencies = tuple(dict.fromkeys(previous.agencies + current.agencies))
        return replace(out, agencies=agencies, operation=operation) if len(agencies) > 1 else out
    return out


def _operation_carried(current: Query, previous: Query) -> Operation:
    """A turn that asks its own operation (「比上一年多了多少」) keeps it; one that only moves to a year of
    its own leaves a comparison of several years behind; else the turn before's (「2024年呢」 after a list)."""
    if current.operation is not Operation.VALUE:
        return current.operation
    if current.years.named and previous.years.several:
        return current.operation
    return previous.operation


def _carried(current: Query, previous: Query) -> tuple[Measure, ...]:
    """The current turn's measures read with the previous turn's rows as context."""
    text = current.mentions["text"]
    if not previous.mentions.get("hits"):
        return ()
    context = _Clause(0, 0, [h for h in previous.mentions["hits"] if h.entry.kind in _ROW_KINDS])
    return _measures(_clauses(text, current.mentions["hits"]), text, context)


def _only_an_operation(q: Query) -> bool:
    """A turn that names nothing of its own but asks something of the figures before (「主要是什么原因」
    after 「不予公开多少件」, 「占多少」 after a count)."""
    return not (q.agencies or q.every_agency or q.years.named or q.measures) and q.operation is not Operation.VALUE


def _only_slots(q: Query) -> bool:
    """A turn that only names an agency, a year or a column (「洪泽区呢」「2022年的」)."""
    return q.intent is not Intent.CHAT and not q.measures and bool(q.agencies or q.years.named)


def _of_several(text: str) -> Operation | None:
    """What a turn asks of several agencies or years it adds to the turn before's (「那两个加起来」「它们哪个多」)."""
    differs = (_DIFFERENCE, _CHANGE_RATE, _CHANGE_TIMES)
    pairs = [(_SUM, Operation.SUM), (_RANK, Operation.RANK), *((p, Operation.DIFFERENCE) for p in differs)]
    for pattern, operation in pairs:
        if pattern.search(text):
            return operation
    return None


def _these_agencies(text: str) -> int | None:
    """「这两个」「两家」「它们」 in place of agencies: how many of those named before (0: all of them)."""
    m = _THESE.search(text)
    if not m:
        return None
    return next((n for said, n in (("两", 2), ("二", 2), ("三", 3)) if said in m.group(0)), 0)


def _those_agencies(current: Query, seen: tuple[Agency, ...]) -> tuple[Agency, ...] | None:
    """「那两个加起来呢」 after turns that named agencies one by one: the last ones named."""
    count = current.these_agencies
    if count is None or current.agencies or len(seen) < max(count, 2):
        return None
    return seen[-count:] if count else seen


def _years_seen(before: tuple[int, ...], named: tuple[int, ...]) -> tuple[int, ...]:
    """The conversation's years, each once, the latest named last."""
    return tuple(y for y in before if y not in named) + named


def _these_years(current: Years, seen: tuple[int, ...]) -> Years | None:
    """「这两年」「两年加起来」 after turns that named two years: those years, not the latest two reports."""
    if not current.these or current.explicit or len(seen) < current.recent:
        return None
    return Years(tuple(sorted(seen[-current.recent :])))


def _shifted(previous: Years, current: Years) -> Years:
    """The years of a follow-up that names none of its own: the turn before's, moved by 前一年/后一年,
    or from them on (「之后每年」)."""
    shift = current.shift
    if current.with_previous:  # 「比上一年多了多少」: the year asked before and the one before it
        return replace(previous, with_previous=True)
    if current.onward and previous.explicit:
        return Years(since=min(previous.explicit))
    if not shift:
        return previous
    if previous.explicit:
        return Years(tuple(y + shift for y in previous.explicit))
    back = previous.relative or 0
    return Years(relative=back - shift)
