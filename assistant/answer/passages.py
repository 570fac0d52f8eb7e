"""Text answers: pick passages that really speak to the question, or admit there are none.

Dense cosines sit in a narrow band, so "is this an answer?" is judged lexically. A noun the
question is about (访问量, 负责人, 经费 …) that no passage of the report mentions, even by a
near synonym, means the report does not say. Otherwise the passages whose section and text
cover most of the question's content words are quoted.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
import jieba.posseg

from index.passages import PREAMBLE
from index.template import NARRATIVE_CONCERNS, NARRATIVE_OVERVIEW, NARRATIVE_PARTS, REPORT_TITLE_MARKERS, SECTIONS

jieba.setLogLevel(logging.WARNING)

MIN_COVERAGE = 0.5
MIN_TERM = 3
MAX_HITS = 4
MIN_HEADING_RUN = 3
MAX_HEADINGS_SHARING = 2
# Words every question about these reports shares; they say nothing about the answer.
_GENERIC = frozenset(
    (
        "政府信息公开 政府信息 信息公开 政务公开 政府 信息 公开 工作 年度 年报 报告 "
        "年度报告 全年 全区 全县 全市 本机关 机关 区政府 县政府 市政府 办公室 情况 "
        "方面 主要 一共 总共 多少 几个 哪些 哪个 什么 怎么 怎样 如何 有没有 没有 "
        "是否 可以 打算 准备 进行 采取 承认 还有 这一 一年 下一步 针对 通过 关于 "
        "其中 申请 依申请 请问 问下 问一下 一下 了解 知道 想要 麻烦 详细 具体 说说 讲讲 介绍 谢谢 应该 "
        "现在 目前 这边 那边 做法 不同 区别 差别 差异 异同 相同 一样 比较 对比 相比 "
    ).split()
)
# Parts of speech that carry no topic: pronouns, prepositions, conjunctions, particles, adverbs, numerals.
_FUNCTION_TAGS = ("r", "p", "c", "u", "y", "e", "o", "d", "m", "q", "f")
_LATIN = "eng"  # a Latin-letter word (GDP, OA, APP): a name, though its tag starts as e (interjection) does
# Who is asking and why, not what (「我是记者，」「律师咨询：」「老人家想问一下」「写论文用，」).
_ASKER = re.compile(
    r"(?:^|[，,。；;])\s*(?:我|本人|我们)(?:是|作为)[^，,。：:？?]{1,12}[，,。：:]|"
    r"^[^，,。：:？?]{0,8}(?:咨询|提问|求助|请教|留言)[：:]|"
    r"^[^，,。：:？?]{0,6}?想(?:问|了解|知道|咨询|请教)(?:一下|下)?|"
    r"(?:写|做)(?:论文|作业|研究|调研)(?:用|需要)?[，,]?"
)
# Near synonyms in how reports word things; a question word counts as covered by any of its group.
_SYNONYMS = (
    ("不足", "问题", "薄弱", "短板", "差距"),
    ("措施", "改进", "整改", "举措", "下一步"),
    ("费用", "收费", "费", "收取", "收钱", "交钱", "付费"),
    ("督促", "监督", "督查", "考核", "督导"),
    ("保障", "监督保障", "保证"),
    ("办法", "措施", "机制", "制度"),
    ("渠道", "途径", "平台", "载体", "方式"),
    ("电话", "联系电话", "咨询"),
    ("新媒体", "政务新媒体", "微信", "微博"),
    ("动作", "举措", "措施", "做法"),
    ("亮点", "特色", "创新", "成效", "成绩", "效果"),
)
# Questions after one specific fact: when the report never names what they ask about, it does not say.
_FACT_QUESTION = re.compile(r"多少|几[个件条次项家名天年位所]|是几|叫什么|名字|是谁|哪一天|哪天|何时|什么时候|哪一年")
_NOUN_TAGS = ("n", "nz", "nt", "nr", "ng", "vn", "an")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_AGENCY_TAIL = "省市区县镇乡综合实验区人民政府办公室厅发展和改革局委科技管委会"


@dataclass(frozen=True)
class Hit:
    report_id: int
    section: str
    text: str
    line: int | None
    page: int | None
    coverage: float


@dataclass(frozen=True)
class Words:
    """The question's content words; `nouns` are what it is about."""

    all: tuple[str, ...]
    nouns: tuple[str, ...]


def _without_names(question: str, places: list[str]) -> str:
    text = _YEAR.sub(" ", _ASKER.sub(" ", question))
    for place in sorted(places, key=len, reverse=True):
        text = re.sub(re.escape(place) + f"[{_AGENCY_TAIL}]*", " ", text)
    return text


def content_words(question: str, places: list[str]) -> Words:
    """The question without agency names, years and fillers, as jieba words."""
    text = _without_names(question, places)
    tagged = [
        (w.word, w.flag)
        for w in jieba.posseg.lcut(text)
        if len(w.word) > 1 and w.word not in _GENERIC and (w.flag == _LATIN or not w.flag.startswith(_FUNCTION_TAGS))
    ]
    words = tuple(dict.fromkeys(w for w, _ in tagged if re.search(r"\w", w)))
    nouns = tuple(dict.fromkeys(w for w, flag in tagged if flag.startswith(_NOUN_TAGS)))
    return Words(words, nouns)


def _variants(word: str) -> tuple[str, ...]:
    """The word's group of near synonyms; a word made on one of them (不足之处, 收费标准) has the group too."""
    for group in _SYNONYMS:
        if word in group:
            return group
    for group in _SYNONYMS:
        if any(len(w) > 1 and w in word for w in group):
            return (word, *group)
    return (word,)


def _mentions(text: str, word: str) -> bool:
    """The word or a near synonym is in the text, or, for a compound (信息处理), each of its parts
    (「信息公开处理费」 speaks of 信息处理 though it never writes it)."""
    if any(v in text for v in _variants(word)):
        return True
    parts = [p for p in jieba.lcut_for_search(word) if len(p) > 1 and p != word]
    return len(parts) > 1 and all(p in text for p in parts)


def unmentioned(question: str, words: Words, report_texts: list[str]) -> list[str]:
    """The question's nouns that no passage mentions (the reports do not say): for a question after one fact,
    any; else a term of three characters or more (「开放日」), which a passage on something else only seems to
    answer by repeating the question's commoner words (活动)."""
    fact = is_fact_question(question)
    corpus = "".join("".join(t.split()) for t in report_texts)
    return [n for n in words.nouns if not _mentions(corpus, n) and (fact or _unheard_term(corpus, n))]


def _unheard_term(corpus: str, word: str) -> bool:
    """A term (three characters or more) none of whose parts the reports write either: 开放日 when no report
    says 开放, but not 门户网站 where they say 网站."""
    parts = [p for p in jieba.lcut_for_search(word) if len(p) > 1 and p != word]
    return len(word) >= MIN_TERM and not any(p in corpus for p in parts)


def is_fact_question(question: str) -> bool:
    return bool(_FACT_QUESTION.search(question))


# Asking who a person is: the reports name offices and phone numbers, never their staff.
_WHO = re.compile(r"是谁|哪位|姓什么|姓名|叫什么名字|名字叫")
# Asking about what is still to come (「明年打算公开多少」): a report states plans, rarely their numbers.
_FUTURE = re.compile(r"明年|下一年度|今后|将来|未来|计划|打算|准备|预计|目标")
# A clause that states a plan, not what was done.
_PLANNED = re.compile(r"计划|拟|力争|预计|目标|将")


def asks_a_person(question: str) -> bool:
    return bool(_WHO.search(question))


def asks_a_plan(question: str) -> bool:
    return bool(_FUTURE.search(question))


def gives_a_number(hits: list[Hit], words: Words, alone: bool = False, planned: bool = False) -> bool:
    """A question after a count is answered only by a clause that names its subject with a number. With
    `alone`, the subject must not be one member of a list (「通过邮寄、网络提交的共81件」 counts both); with
    `planned`, the clause must state a plan (a count of what was done answers no 「明年打算」)."""
    if not words.nouns and not planned:
        return True
    for hit in hits:
        for clause in re.split(r"[，,。；;：:]", "".join(hit.text.split())):
            if not re.search(r"\d", clause) or planned and not _PLANNED.search(clause):
                continue
            if planned and not words.nouns:
                return True
            if any(_named_alone(clause, n) if alone else _mentions(clause, n) for n in words.nouns):
                return True
    return False


_LISTED = frozenset("、和及与或")


def _named_alone(clause: str, word: str) -> bool:
    """The word is in the clause at least once not joined to another by 、 和 及 与 或."""
    for m in re.finditer(re.escape(word), clause):
        before, after = clause[m.start() - 1 : m.start()], clause[m.end() : m.end() + 1]
        if before not in _LISTED and after not in _LISTED:
            return True
    return False


def coverage(text: str, words: Words) -> float:
    if not words.all:
        return 0.0
    compact = "".join(text.split())
    return sum(1 for w in words.all if _mentions(compact, w)) / len(words.all)


def named_section(
    question: str, places: list[str], sections: dict[int, set[str]], own_words: bool = True
) -> tuple[str, ...]:
    """The heading the question names (「依申请公开工作有哪些做法」 names 「（二）依申请公开情况」): the longest
    run of at least three characters it shares with a heading, where that run is in at most two headings of
    each report. A run of what every report is about (政府信息公开工作) names none; nor does the preface.

    `sections` holds each report's section paths (「一、总体情况 / （二）依申请公开情况」). With it, unless not
    `own_words`, the other parts of the narrative the question names in its own words (「依申请公开收钱吗」: the
    fee too)."""
    text = "".join(_without_names(question, places).split())
    headings = [{h for path in paths for h in path.split(" / ") if h != PREAMBLE} for paths in sections.values()]
    best = None
    for heading in set().union(*headings):
        run = _longest_common_run(text, heading)
        longer = len(run) >= MIN_HEADING_RUN and (best is None or len(run) > len(best))
        rare = all(sum(run in h for h in hs) <= MAX_HEADINGS_SHARING for hs in headings)
        if longer and rare and not any(run in kind for kind in REPORT_TITLE_MARKERS):
            best = run
    named = [best] if best else []
    if not own_words:
        return tuple(named)
    paths = list(sections.values())
    topics = _topic_sections(text, paths, NARRATIVE_CONCERNS) or _topic_sections(text, paths, NARRATIVE_PARTS)
    for word in topics:
        if not any(word in n or n in word for n in named):
            named.append(word)
    return tuple(named) or _topic_sections(text, paths, (NARRATIVE_OVERVIEW,))


def _topic_sections(text: str, sections: list[set[str]], topics: tuple) -> tuple[str, ...]:
    """The parts of the narrative the question names in its own words (「网站和新媒体」 is 平台建设, 「有没有
    收费」 其他需要报告的事项, 「问题是什么，怎么改进」 both halves of 五): of each part asked, the first of its
    heading words that the reports' headings hold, under no more than two sections of any report."""
    out = []
    for words, asked in topics:
        if re.search(asked, text):
            out += [next((w for w in words if _names_a_heading(w, sections)), None)]
    return tuple(dict.fromkeys(w for w in out if w))


def _names_a_heading(word: str, sections: list[set[str]]) -> bool:
    """`sections`: each report's section paths; a word under many of them names none."""
    tops = [{p.split(" / ")[0] for p in paths if p != PREAMBLE and word in p} for paths in sections]
    return any(tops) and max(map(len, tops)) <= MAX_HEADINGS_SHARING


def _longest_common_run(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = a[i:j]
    return best


def _in_section(documents: list, section: tuple[str, ...]) -> list:
    """The documents whose own heading holds one of `section`, and those under such a heading that has no
    sub-heading holding it: 「改进」 takes 五's sub-sections (（一）继续强化……), 「存在的主要问题」 only its
    （一）存在的主要问题, not the （二）改进措施 beside it. The overview is its own text, not its parts."""
    paths = [d.metadata.get("section", "") for d in documents]
    heads = {" / ".join(p.split(" / ")[: i + 1]) for p in paths for i in range(p.count(" / ") + 1)}
    held = {h for h in heads if any(s in h.rsplit(" / ", 1)[-1] for s in section)}
    parts = {h for h in held if not any(w in h.rsplit(" / ", 1)[-1] for w in NARRATIVE_OVERVIEW[0])}
    deepest = {h for h in parts if not any(o.startswith(h + " / ") for o in held)}
    return [d for d, p in zip(documents, paths) if p in held or any(p.startswith(h + " / ") for h in deepest)]


def _answered_elsewhere(documents: list, in_section: list, words: Words) -> bool:
    """The question's other words are covered by a passage outside the section named and by none in it."""

    def best(docs: list) -> float:
        return max((coverage(d.metadata.get("section", "") + d.page_content, words) for d in docs), default=0.0)

    return bool(words.all) and best(in_section) < MIN_COVERAGE <= best(documents)


# The section of shortcomings and their remedies (五). The words of praise (亮点、创新、成效) stand there in
# the negative (「开拓创新不够」): a question after praise it answers only where it covers it better than any other.
_SHORTCOMINGS = next(aliases for numeral, _, aliases in SECTIONS if numeral == "五")
_PRAISE = _variants("亮点")


def _on_shortcomings(section_path: str) -> bool:
    return any(a in section_path.split(" / ")[0] for a in _SHORTCOMINGS)


def choose(documents: list, words: Words, section: tuple[str, ...] = ()) -> list[Hit]:
    """Hits whose section and text cover enough of the question, most covering first. When the question
    names a `section`, its passages answer it, however few of the other words they repeat."""
    in_section = _in_section(documents, section) if section else []
    if in_section and _answered_elsewhere(documents, in_section, words):
        in_section = []  # 「依申请公开收费了吗」 asks about 收费, which another section speaks of
    documents = in_section or documents
    scored = []
    for rank, doc in enumerate(documents):
        meta = doc.metadata
        section_path = meta.get("section", "")
        cov = coverage(section_path + doc.page_content, words)
        # In the section named, a passage answers however few of the other words it repeats, but not none
        # of them (「有没有收取信息处理费」 is not answered by a 「其他需要报告的事项：无」).
        if cov >= MIN_COVERAGE or in_section and (cov or not words.all) or (not words.all and rank == 0):
            hit = Hit(meta["report_id"], section_path, doc.page_content, meta.get("line"), meta.get("page"), cov)
            # A preface lists every section's name, so it "covers" most questions without answering any.
            scored.append((-cov, section_path == PREAMBLE, rank, hit))
    if not section and any(w in _PRAISE for w in words.all):
        elsewhere = max((h.coverage for *_, h in scored if not _on_shortcomings(h.section)), default=0.0)
        scored = [t for t in scored if not _on_shortcomings(t[-1].section) or t[-1].coverage > elsewhere]
    return [h for *_, h in sorted(scored, key=lambda t: t[:3])[:MAX_HITS]]


def quoted(hits: list[Hit], words: Words, fact: bool) -> list[Hit]:
    """The hits an answer quotes (and so cites): the best, and the others that cover the question as fully,
    since word coverage alone cannot tell which of them holds the answer; of those, for a question after a
    count (`fact`) the ones that give a number for its subject, else the ones whose section itself is most
    about the question. Never a preface after the first (it names every section), nor a passage already quoted
    (the same paragraph of another rendition)."""
    if not hits:
        return []
    best = hits[0]
    seen = {"".join(best.text.split())}
    tied = []
    for h in hits[1:]:
        text = "".join(h.text.split())
        if h.coverage >= best.coverage and h.section != PREAMBLE and text not in seen:
            seen.add(text)
            tied.append(h)
    counted = [h for h in tied if gives_a_number([h], words)] if fact and words.nouns else []
    if counted:
        return [best, *counted]
    top = max((coverage(h.section, words) for h in [best, *tied]), default=0.0)
    return [best, *(h for h in tied if coverage(h.section, words) >= top)]
