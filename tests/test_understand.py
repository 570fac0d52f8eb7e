"""Question understanding, table-driven: our own examples of how Chinese speakers write years, agencies,
lists, shares, follow-ups and small talk; the question bank read through the real chain; and every agency
of a 466-name directory with look-alikes found by its own name."""

from __future__ import annotations

import pytest

from assistant.understand.agencies import directory
from assistant.understand.parse import follow_up, understand
from assistant.understand.query import Change, Intent, Operation
from assistant.understand.scope import resolve_scope
from assistant.understand.vocabulary import correct_homophones, match
from index import template as T
from index.store.reports import ReportRow
from tests.helpers import ROOT
from tests.question_bank import check, load_bank, read

NAMES = [
    line.strip()
    for line in (ROOT / "tests" / "fixtures" / "agency_names.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def agencies_of(names: list[str], year: int = 2023):
    return directory([ReportRow(i, f"{i}.txt", "", n, year, "", "2021", []) for i, n in enumerate(names)])


SMALL = agencies_of(["甲乙市人民政府", "甲乙市丙丁区人民政府", "甲乙市科学技术委员会", "戊己县发展和改革局"])


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        # an enumeration shares the question word of its last member
        ("甲乙市2023年被申请行政复议、被起诉的各有几起？", ["review", "litigation_direct", "litigation_after_review"]),
        ("甲乙市2023年予以公开、部分公开、无法提供的分别有多少？", ["disclosed", "partial", "unavailable"]),
        # a gap pattern never crosses a list: 复议、起诉 are two things, 复议后起诉 one
        ("甲乙市2023年先复议后起诉的有几起？", ["litigation_after_review"]),
    ],
)
def test_each_member_of_a_list_is_asked(question, rows):
    q = understand(question, SMALL)
    assert [m.ask.row if m.ask else m.group for m in q.measures] == rows


@pytest.mark.parametrize(
    ("question", "joint"),
    [
        ("甲乙市2023年予以公开及部分公开的占比是多少？", True),
        ("甲乙市2023年予以公开和部分公开的比例", True),
        ("甲乙市2023年予以公开和部分公开分别占多少？", False),
        ("甲乙市2023年予以公开的占比是多少？", False),
    ],
)
def test_a_share_of_things_joined_by_a_conjunction_is_one_share_of_their_sum(question, joint):
    q = understand(question, SMALL)
    assert q.operation is Operation.SHARE and q.joint is joint


@pytest.mark.parametrize(
    "question",
    [
        "甲乙市2023年的数据是多少",
        "丙丁区2023年有多少件",
        "甲乙市2023年那个数是多少",
        "甲乙市2023年",
        "戊己县发改局2023年总共多少",
    ],
)
def test_a_question_that_names_no_figure_is_vague(question):
    q = understand(question, SMALL)
    assert q.vague and not q.measures


@pytest.mark.parametrize(
    "question",
    [
        "甲乙市2023年主动公开了多少条政府信息",
        "甲乙市2023年存在哪些问题",
        "甲乙市2023年收取信息处理费了吗",
        "甲乙市2023年其他需要报告的事项",
    ],
)
def test_a_question_about_the_narrative_is_not_vague(question):
    assert not understand(question, SMALL).vague


@pytest.mark.parametrize(
    "question",
    ["甲乙市2023年其他需要报告的事项有哪些", "甲乙市2023年存在的主要问题及改进情况", "甲乙市2023年总体情况如何"],
)
def test_a_narrative_section_named_asks_for_its_text_and_its_words_are_no_cells(question):
    q = understand(question, SMALL)
    assert q.intent is Intent.TEXT and not q.measures  # 其他 of 其他需要报告的事项 is no applicant column


@pytest.mark.parametrize(
    ("question", "every"),
    [
        ("2023年那个机关收到的申请最多", True),  # 那 typed for 哪, with a superlative: which one
        ("2023年那家单位被起诉的最少", True),
        ("那个机关2023年收到多少申请", False),  # no superlative: "that agency", a reference back
        ("甲乙市2023年那个部门收到的申请最多", False),  # an agency named: not a ranking of the index
    ],
)
def test_that_typed_for_which_ranks_agencies_only_with_a_superlative(question, every):
    assert understand(question, SMALL).every_agency is every


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("早上好", Intent.CHAT),
        ("好的明白了", Intent.CHAT),
        ("你能帮我查什么", Intent.CHAT),
        ("谢谢，再见", Intent.CHAT),
        ("收到多少申请", Intent.FIGURES),
        ("第三方评估机构叫什么", Intent.TEXT),
        # a citizen's loose word for a row is a row only when a quantity is asked
        ("甲乙市2023年信息公开的保密审查出过问题没有？", Intent.TEXT),
        ("甲乙市2023年因为保密不公开的有几件？", Intent.FIGURES),
        # how a named row of a table came out is its figures
        ("甲乙市2023年行政诉讼结果如何", Intent.FIGURES),
        ("甲乙市2023年行政复议结果怎么样", Intent.FIGURES),
        # how to use the assistant, in any words, when nothing of the reports is named
        ("怎么提问比较好", Intent.CHAT),
        ("请问如何查询", Intent.CHAT),
        ("甲乙市2023年怎么查询政府信息", Intent.TEXT),
        # 「哪家」 ranks agencies when it orders them, and asks a name of one agency's count
        ("2023年哪家机关行政诉讼最多", Intent.FIGURES),
        ("甲乙市2023年行政复议的申请人是哪家", Intent.TEXT),
    ],
)
def test_small_talk_narrative_and_figures_are_told_apart(question, intent):
    assert understand(question, SMALL).intent is intent


@pytest.mark.parametrize(
    ("before", "after", "cells"),
    [
        ("甲乙市2023年行政复议多少件", "结果维持的几件", [("review", ("upheld",))]),
        ("甲乙市2023年规范性文件制发几件", "废止了几件", [("normative_docs", ("repealed",))]),
        ("甲乙市2023年予以公开多少件", "其中企业申请的呢", [("disclosed", ("commercial",))]),
    ],
)
def test_a_column_asked_alone_keeps_the_row_asked_before(before, after, cells):
    q = follow_up(understand(after, SMALL), understand(before, SMALL))
    assert [(m.ask.row, m.ask.columns) for m in q.measures] == cells


TWO_YEARS = directory(
    [
        ReportRow(i, f"{i}.txt", "", n, y, "", "2021", [])
        for i, (n, y) in enumerate([("甲乙市人民政府", 2022), ("甲乙市人民政府", 2023), ("甲乙市丙丁区人民政府", 2023)])
    ]
)


@pytest.mark.parametrize(
    ("before", "after", "agencies", "years", "operation"),
    [
        # a comparison naming only another year or agency compares it with the turn before's
        ("甲乙市2023年行政复议多少件", "和2022年比多了多少", ["甲乙市人民政府"], (2022, 2023), Operation.DIFFERENCE),
        (
            "甲乙市2023年收到多少申请",
            "比丙丁区多几件",
            ["甲乙市人民政府", "甲乙市丙丁区人民政府"],
            (2023,),
            Operation.DIFFERENCE,
        ),
        (
            "甲乙市2023年收到多少申请",
            "丙丁区呢，哪个多",
            ["甲乙市人民政府", "甲乙市丙丁区人民政府"],
            (2023,),
            Operation.RANK,
        ),
        # agencies compared with no figure named take the figure asked before
        (
            "甲乙市2023年收到多少申请",
            "丙丁区和甲乙市哪个多",
            ["甲乙市丙丁区人民政府", "甲乙市人民政府"],
            (2023,),
            Operation.RANK,
        ),
        # naming another year alone moves to it and compares nothing
        ("甲乙市2023年收到多少申请", "2022年呢", ["甲乙市人民政府"], (2022,), Operation.VALUE),
    ],
)
def test_a_comparison_that_names_only_the_other_side_compares_with_the_turn_before(
    before, after, agencies, years, operation
):
    q = follow_up(understand(after, TWO_YEARS), understand(before, TWO_YEARS))
    assert [a.name for a in q.agencies] == agencies and q.years.explicit == years and q.operation is operation
    assert [m.ask.row for m in q.measures] == [understand(before, TWO_YEARS).measures[0].ask.row]


def _conversation(*turns: str):
    q = None
    for turn in turns:
        current = understand(turn, TWO_YEARS)
        q = current if q is None else follow_up(current, q)
    return q


@pytest.mark.parametrize(
    ("turns", "operation"),
    [
        # 「那两个」「两者」「它们」 point back to the agencies named one by one, and ask of them together
        (("甲乙市2023年收到多少申请", "丙丁区的呢", "那两个加起来呢"), Operation.SUM),
        (("甲乙市2023年收到多少申请", "丙丁区的呢", "这两家哪个多"), Operation.RANK),
        (("甲乙市2023年收到多少申请", "丙丁区的呢", "两者相差多少"), Operation.DIFFERENCE),
    ],
)
def test_agencies_pointed_back_to_are_those_named_before(turns, operation):
    q = _conversation(*turns)
    assert [a.name for a in q.agencies] == ["甲乙市人民政府", "甲乙市丙丁区人民政府"]
    assert q.operation is operation and [m.ask.row for m in q.measures] == ["new"]


def test_a_pointer_with_one_agency_before_is_no_follow_up_of_its_figure():
    q = _conversation("甲乙市2023年收到多少申请", "这两个是什么意思")
    assert q.measures == () and q.operation is Operation.VALUE


@pytest.mark.parametrize(
    ("question", "vague"),
    [
        # arithmetic asked of no figure says nothing of what to compare: ask back, never a passage
        ("丙丁区和甲乙市哪个多", True),
        ("甲乙市比丙丁区多多少", True),
        # a change asked of the narrative, with no quantity, is a text question
        ("甲乙市2023年依申请公开工作与上年相比有什么变化", False),
    ],
)
def test_arithmetic_of_no_figure_is_vague(question, vague):
    q = understand(question, TWO_YEARS)
    assert q.vague is vague and not q.measures


@pytest.mark.parametrize(
    ("question", "found", "unresolved"),
    [
        ("甲乙市科委2023年收到多少申请", ["甲乙市科学技术委员会"], []),
        ("甲乙市教委2023年收到多少申请", [], ["甲乙市教委"]),  # an organ the index lacks, after a known place
        ("甲乙市人民政府办公室2023年收到多少申请", [], ["甲乙市人民政府办公室"]),  # a full name is not a prefix
        ("庚辛市发改委2023年收到多少申请", [], ["庚辛市发改委"]),  # another place's 发改委, not 戊己县's
        ("国家发展和改革委员会2023年收到多少申请", [], ["国家发展和改革委员会"]),
        ("丙丁区2023年收到多少申请", ["甲乙市丙丁区人民政府"], []),
        ("2023年丙丁区办结的申请有几件", ["甲乙市丙丁区人民政府"], []),  # 办 of 办结 is no organ
        ("甲乙市公开办理了多少件", ["甲乙市人民政府", "甲乙市科学技术委员会"], []),  # the place only: scope decides
        ("甲乙科技2023年收到多少申请", ["甲乙市科学技术委员会"], []),  # the organ without 委, after its place
        ("科委2023年收到多少申请", ["甲乙市科学技术委员会"], []),  # a two-character organ as a word of its own
        ("国家科委2023年收到多少申请", [], []),  # inside another word it is no 科委 (the question asks back which)
    ],
)
def test_agencies_are_read_from_the_structure_of_their_names(question, found, unresolved):
    q = understand(question, SMALL)
    assert [a.name for a in q.agencies] == found
    assert [u.text for u in q.unresolved] == unresolved


def test_every_name_of_a_large_directory_with_look_alikes_finds_itself():
    """朝阳县/朝阳区, 和平区 of 天津/沈阳, 国家X局 without a place, twenty bureaus of one county: over 500 names,
    each finds only itself."""
    assert len(set(NAMES)) >= 500
    agencies = agencies_of(NAMES)
    assert len(agencies) == len(set(NAMES))
    wrong = []
    for name in NAMES:
        got = [a.name for a in understand(f"{name}2023年收到多少政府信息公开申请？", agencies).agencies]
        if got != [name]:
            wrong.append((name, got))
    assert wrong == []


@pytest.mark.parametrize(
    ("written", "several"),
    [
        ("鼓楼区教育局", {"南京市鼓楼区教育局", "福州市鼓楼区教育局", "徐州市鼓楼区教育局", "开封市鼓楼区教育局"}),
        ("和平区财政局", {"天津市和平区财政局", "沈阳市和平区财政局"}),
    ],
)
def test_a_name_several_agencies_fit_is_asked_back(written, several):
    """同名 districts of different cities stay apart; named without the city, the question asks which."""
    agencies = agencies_of(NAMES)
    q = understand(f"{written}2023年收到多少政府信息公开申请？", agencies)
    scope = resolve_scope(q, agencies)
    assert {a.name for a in q.agencies} == several
    assert scope.problem and {a.name for a in scope.candidates} == several
    # Each written with its city: both are answered.
    both = "和".join(sorted(several)[:2])
    q = understand(f"{both}2023年分别收到多少政府信息公开申请？", agencies)
    scope = resolve_scope(q, agencies)
    assert not scope.problem and {a.name for a, _, _ in scope.reports} == set(sorted(several)[:2])


# How many questions of each class of the bank (tests/fixtures/question_bank.jsonl, written by us in
# citizens' words) are read right today: a floor, so a change that reads fewer fails here.
BANK_FLOORS = {
    "year_forms": 43, "missing_year": 28, "missing_agency": 25, "agency_alias": 31, "multi_part": 31,
    "row_column": 77, "sum": 24, "difference": 35, "share": 29, "rank": 24, "trend": 17, "boundary": 36,
    "follow_up": 65, "new_topic": 15, "chat": 24, "ask_back": 24, "text": 75, "list": 30,
}  # fmt: skip


def test_the_question_bank_reads_at_least_as_well_as_before(corpus_index):
    cases = load_bank()
    right: dict[str, int] = dict.fromkeys(BANK_FLOORS, 0)
    misread = []
    for case in cases:
        diff = check(case, read(corpus_index.chain, case))
        if diff:
            misread.append(f"{case.id}: {'; '.join(diff)}")
        else:
            right[case.kind] += 1
    below = {kind: (right[kind], floor) for kind, floor in BANK_FLOORS.items() if right[kind] < floor}
    assert below == {}, "\n".join(misread)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("甲一市人民政府2023年收到多少申请", ["甲乙市人民政府"]),  # 一/乙 yi
        ("甲乙市丙顶区2023年收到多少申请", ["甲乙市丙丁区人民政府"]),  # 顶/丁 ding
        ("戊几县发改局2023年收到多少申请", ["戊己县发展和改革局"]),  # 几/己 ji
    ],
)
def test_a_place_typed_with_a_homophone_is_the_place(question, found):
    assert [a.name for a in understand(question, SMALL).agencies] == found


def test_a_place_of_the_index_is_never_the_homophone_of_another():
    """Two counties whose names sound alike (庚离县, 庚梨县): each is itself, whichever is tried first."""
    both = agencies_of(["庚离县人民政府", "庚梨县人民政府"])
    for name in ("庚离县人民政府", "庚梨县人民政府"):
        assert [a.name for a in understand(f"{name[:3]}2023年收到多少申请", both).agencies] == [name]


def test_a_place_as_written_wins_over_a_homophone_inside_it():
    """「乙丙区」 holds 「丙区」, which sounds like 丙渠 (bing qu): it is still 乙丙区."""
    both = agencies_of(["甲乙市乙丙区人民政府", "甲乙市丙渠区人民政府"])
    assert [a.name for a in understand("乙丙区人民政府2023年收到多少申请", both).agencies] == ["甲乙市乙丙区人民政府"]


def test_a_place_sharing_only_its_sounds_is_not_taken_for_another():
    """Every character different (「家以市」 for 甲乙市 has none right): not the place."""
    assert understand("家以市2023年收到多少申请", SMALL).agencies == ()


@pytest.mark.parametrize(
    ("question", "operation"),
    [
        ("甲乙市人民政府2023年行政复议一共几件？其中维持的几件？", Operation.VALUE),  # a whole, then its part
        ("甲乙市人民政府2023年总共收到多少申请，其中企业申请多少", Operation.VALUE),
        ("甲乙市人民政府2023年予以公开和部分公开的一共多少件", Operation.SUM),
    ],
)
def test_a_sum_word_adds_only_what_its_own_clause_names(question, operation):
    assert understand(question, SMALL).operation is operation


def _cells_of(question: str) -> list[str]:
    """The cells asked, a row with no column named being its total."""
    asks = [m.ask for m in understand(question, SMALL).measures if m.ask]
    return sorted(f"{a.row}.{c}" for a in asks for c in a.columns or ("total",))


@pytest.mark.parametrize(
    ("question", "cells"),
    [
        # a sum word after two columns adds those two: the row's total beside them would count them twice
        ("甲乙市2023年自然人和企业申请加起来多少", ["new.commercial", "new.natural_person"]),
        ("甲乙市2023年科研机构与社会公益组织一共提了几件申请", ["new.public_interest", "new.research"]),
        ("甲乙市2023年行政复议结果维持和纠正总共几件", ["review.corrected", "review.upheld"]),
        # listed itself, or after a single column, the total is asked as a column
        ("甲乙市2023年商业企业、科研机构以及合计分别收到多少申请", ["new.commercial", "new.research", "new.total"]),
        ("甲乙市2023年行政复议维持的和总计各几件", ["review.total", "review.upheld"]),
    ],
)
def test_a_sum_word_after_several_columns_adds_them_and_is_not_the_total_column(question, cells):
    assert _cells_of(question) == cells


@pytest.mark.parametrize(
    ("question", "cells"),
    [
        # 「申请数量」 is how the template words every row of 表三: beside a row it is that row's count
        ("甲乙市2023年上年结转的申请数量", ["carried_in.total"]),
        ("甲乙市2023年结转下年度继续办理的申请量是多少", ["carried_out.total"]),
        ("甲乙市2023年商业企业予以公开的申请数量", ["disclosed.commercial"]),
        # alone it is the applications received
        ("甲乙市2023年的申请数量是多少", ["new.total"]),
        ("甲乙市2023年社会公益组织的申请量", ["new.public_interest"]),
    ],
)
def test_the_generic_count_of_applications_is_the_row_named_beside_it(question, cells):
    assert _cells_of(question) == cells


@pytest.mark.parametrize(
    ("question", "unresolved"),
    [
        ("甲乙市庚辛区2023年收到多少申请", "甲乙市庚辛区"),  # a district the index lacks, under a city it has
        ("甲乙市庚辛区人民政府2023年收到多少申请", "甲乙市庚辛区人民政府"),
    ],
)
def test_a_place_the_index_lacks_under_one_it_has_is_not_answered_by_the_parent(question, unresolved):
    q = understand(question, SMALL)
    assert q.agencies == ()
    assert [u.text for u in q.unresolved] == [unresolved]


LEVELS = agencies_of(["甲乙市科学技术委员会", "丙丁县发展和改革局", "戊己区人民政府", "戊己区人民政府办公室"])


@pytest.mark.parametrize(
    ("question", "found", "unresolved"),
    [
        # a level with no place is the asker's own city or county: the agencies of that organ and level
        ("市科委2023年收到多少申请", ["甲乙市科学技术委员会"], []),
        ("请问2023年市科委收到多少申请", ["甲乙市科学技术委员会"], []),
        ("县发改局2023年收到多少申请", ["丙丁县发展和改革局"], []),
        # of another level it is not that agency
        ("市发改委2023年收到多少申请", [], ["市发改委"]),
        # 「全县」 is no level of an organ: the organ alone, the one 发改局 of the index
        ("全县发改局2023年收到多少申请", ["丙丁县发展和改革局"], []),
    ],
)
def test_an_organ_written_with_a_bare_level_is_the_organ_of_that_level(question, found, unresolved):
    q = understand(question, LEVELS)
    assert [a.name for a in q.agencies] == found and [u.text for u in q.unresolved] == unresolved


PLACES = agencies_of(
    [
        "甲乙市人民政府",
        "甲乙市丙丁区人民政府",
        "甲乙市丙丁区教育局",
        "甲乙市戊己县人民政府办公室",
        "甲乙市庚辛市人民政府",
        "壬癸市人民政府",
        "甲乙市科学技术局",
    ]
)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        # a collective of place levels is the governments (or their offices) of those levels, not every agency
        ("各区县2023年一共收到多少申请", ["甲乙市丙丁区人民政府", "甲乙市戊己县人民政府办公室"]),
        ("哪个县区2023年被复议的最多", ["甲乙市丙丁区人民政府", "甲乙市戊己县人民政府办公室"]),
        ("所有区2023年收到多少申请", ["甲乙市丙丁区人民政府"]),
        # the 市 of 县市区 is a city under another place (a county-level city), not a prefecture's city
        ("各县市区2023年申请合计", ["甲乙市丙丁区人民政府", "甲乙市戊己县人民政府办公室", "甲乙市庚辛市人民政府"]),
        ("各县(市、区)2023年申请合计", ["甲乙市丙丁区人民政府", "甲乙市戊己县人民政府办公室", "甲乙市庚辛市人民政府"]),
        ("各市2023年收到多少申请", ["甲乙市人民政府", "甲乙市庚辛市人民政府", "壬癸市人民政府"]),
        # an organ written after the collective is that organ at those levels
        ("各区县教育局2023年收到多少申请", ["甲乙市丙丁区教育局"]),
        ("各区的教育局2023年收到多少申请", ["甲乙市丙丁区教育局"]),
    ],
)
def test_a_collective_of_place_levels_is_the_agencies_of_those_levels(question, found):
    q = understand(question, PLACES)
    assert sorted(a.name for a in q.agencies) == sorted(found) and q.every_agency and q.collective is not None


@pytest.mark.parametrize(
    ("question", "every"),
    [
        # the level begins another word: no collective (「各区域」 is regions, 「各市场主体」 market players)
        ("各区域2023年收到多少申请", False),
        ("甲乙市各市场主体2023年申请多少", False),
        # 「全区」 is the asker's own district, never a collective; 「各部门」 is still the whole index
        ("全区2023年收到多少申请", False),
        ("各部门2023年收到多少申请", True),
    ],
)
def test_a_level_that_begins_another_word_is_no_collective(question, every):
    q = understand(question, PLACES)
    assert q.collective is None and q.every_agency is every


def test_a_collective_the_index_has_no_agency_of_is_missing():
    q = understand("各县2023年收到多少申请", agencies_of(["甲乙市人民政府", "甲乙市科学技术局"]))
    assert q.agencies == () and [u.text for u in q.unresolved] == ["各县"]


@pytest.mark.parametrize(
    ("question", "found", "rows"),
    [
        # 「政府办结了」: 政府 + 办结, since the index has no 政府办 here and 办结 is a word of the question
        ("丙丁县政府办结了多少件申请", ["丙丁县人民政府"], ["results_total"]),
        # 「政府办公室收到」 stays the office, which the index lacks: never answered by the government
        ("丙丁县政府办公室2023年收到多少申请", [], ["new"]),
    ],
)
def test_an_organ_is_read_shorter_only_when_its_last_characters_begin_a_word_of_the_question(question, found, rows):
    q = understand(question, agencies_of(["丙丁县人民政府"]))
    assert [a.name for a in q.agencies] == found and [m.ask.row for m in q.measures] == rows
    assert bool(q.unresolved) is not bool(found)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("甲乙市2023年与以公开的有几件", ["disclosed"]),  # 与以 yu yi, typed for 予以
        ("甲乙市2023年不予处里的有几件", ["not_processed"]),  # 处里 chu li, for 处理
        ("甲乙市2023年上年结专的申请有几件", ["carried_in"]),  # 结专 jie zhuan, for 结转
        ("甲乙市2023年予以公开的有几件", ["disclosed"]),  # written right: read as written
        ("甲乙市2023年全部公开的有几件", ["disclosed"]),  # 部公开 sounds like 不公开, but 全部公开 is written
    ],
)
def test_a_phrase_typed_with_one_homophone_is_the_phrase(question, rows):
    q = understand(question, SMALL)
    assert [m.ask.row if m.ask else m.group for m in q.measures] == rows


def test_a_run_two_characters_off_or_sounding_like_no_phrase_is_left_as_written():
    assert correct_homophones("与以公凯的有几件", [False] * 8) == "与以公凯的有几件"  # 公凯 kai, but two off
    assert correct_homophones("甲乙市与以的有几件", [False] * 9) == "甲乙市与以的有几件"  # 与以 alone is no phrase
    # a run that cuts through a word is never rewritten: 化了多少 of 变化了多少 sounds like 花了多少
    assert correct_homophones("申请数量相比变化了多少", [False] * 11) == "申请数量相比变化了多少"
    # a run taken by an agency name is never rewritten
    assert correct_homophones("与以公开", [True] * 4) == "与以公开"


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("甲乙市2023年公开的跟部分公开的一共几件", ["disclosed", "partial"]),  # 公开 set against 部分公开
        ("甲乙市2023年部分公开和公开的各几件", ["partial", "disclosed"]),
        ("甲乙市2023年公开、不予公开的分别有几件", ["disclosed", "withheld"]),
        ("甲乙市2023年主动公开和部分公开的有几件", ["partial"]),  # 主动公开 holds no bare 公开
        ("甲乙市2023年政府信息公开申请有几件", ["new"]),  # alone, 公开 names nothing
    ],
)
def test_a_bare_result_joined_to_another_result_is_that_result(question, rows):
    q = understand(question, SMALL)
    assert [m.ask.row if m.ask else m.group for m in q.measures] == rows


@pytest.mark.parametrize(
    "question",
    [
        "甲乙市2023年和2022年申请数比较",  # a count of applications, asked with no phrase of the vocabulary
        "甲乙市2023年来自律师的申请",  # a loose word for a column, ending on what is counted
        "甲乙市2023年个人提交的申请",
        "甲乙市2023年没办完留到下一年的",  # loose words ending on 的: the ones that …
    ],
)
def test_a_question_ending_on_what_the_tables_count_asks_for_figures(question):
    assert understand(question, SMALL).intent is Intent.FIGURES


def test_a_share_of_results_joined_after_their_particle_is_one_share():
    assert understand("甲乙市2023年公开的和部分公开的加起来占比多少", SMALL).joint


@pytest.mark.parametrize(
    ("question", "placed"),
    [
        ("甲乙市人民政府2023年收到的申请排第几", "甲乙市人民政府"),
        ("戊己县发改局2023年被起诉的案件排名怎么样", "戊己县发展和改革局"),
        ("甲乙市2023年收到多少申请", None),  # no place asked
        ("甲乙市和戊己县发改局2023年收到的申请排第几", None),  # two named: ranked between them, none placed
    ],
)
def test_where_one_agency_stands_ranks_them_all(question, placed):
    q = understand(question, SMALL)
    assert (q.placed.name if q.placed else None) == placed
    if placed:
        assert q.every_agency and q.operation is Operation.RANK


def test_where_one_agency_stands_without_a_year_is_among_the_reports_of_its_latest_year():
    rows = [("甲乙市人民政府", 2023), ("甲乙市人民政府", 2024), ("丙丁县人民政府", 2023), ("戊己县人民政府", 2022)]
    agencies = directory([ReportRow(i, f"{i}.txt", "", n, y, "", "2021", []) for i, (n, y) in enumerate(rows)])
    scope = resolve_scope(understand("丙丁县收到的申请排第几", agencies), agencies)
    assert sorted((a.name, y) for a, y, _ in scope.reports) == [("丙丁县人民政府", 2023), ("甲乙市人民政府", 2023)]
    assert "按丙丁县人民政府最新的2023年报告" in scope.note


@pytest.mark.parametrize(
    ("before", "after", "groups", "operation"),
    [
        ("甲乙市人民政府2023年不予公开多少件", "主要是什么原因", ["withheld"], Operation.LIST),
        ("甲乙市人民政府2023年不予处理的有几件", "都有哪些情形", ["not_processed"], Operation.LIST),
    ],
)
def test_a_turn_asking_only_an_operation_asks_it_of_the_figures_before(before, after, groups, operation):
    q = follow_up(understand(after, SMALL), understand(before, SMALL))
    assert [m.group for m in q.measures] == groups and q.operation is operation
    assert [a.name for a in q.agencies] == ["甲乙市人民政府"] and q.years.explicit == (2023,)


@pytest.mark.parametrize(
    ("question", "cells"),
    [
        ("甲乙市2023年行政复议的情况", {("review", ("upheld", "corrected", "other", "pending", "total"))}),
        ("甲乙市2023年行政诉讼的结果", {
            ("litigation_direct", ("upheld", "corrected", "other", "pending", "total")),
            ("litigation_after_review", ("upheld", "corrected", "other", "pending", "total")),
        }),
        ("甲乙市2023年行政复议有多少件", {("review", ("total",))}),
    ],
)  # fmt: skip
def test_how_the_cases_of_a_review_group_ended_is_every_column(question, cells):
    assert {(a.row, a.columns) for a in understand(question, SMALL).asks} == cells


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("甲乙市2023年信息公开工作人员有几个人", set()),  # 几个 + 人: no applicant column 个人
        ("甲乙市2023年个人申请多少", {("new", ("natural_person",))}),
    ],
)
def test_a_classifier_belongs_to_its_number(question, rows):
    assert {(a.row, a.columns) for a in understand(question, SMALL).asks} == rows


def test_which_one_bare_with_an_ordering_ranks_the_agencies():
    q = understand("2023年哪家收到的申请最少", SMALL)
    assert q.every_agency and q.operation is Operation.RANK and q.ascending and q.unresolved == ()


def test_a_member_of_a_count_no_slot_took_is_said():
    q = understand("甲乙市2023年主动公开和部分公开的有几件", SMALL)
    assert q.intent is Intent.TEXT and [u.text for u in q.unresolved] == ["主动公开"]


def test_offices_of_one_place_each_named_by_their_organ_are_all_answered():
    """「甲乙市科委和甲乙市政府」 names two offices; 「甲乙市」 alone would be one of them."""
    q = understand("甲乙市科委和甲乙市政府2023年收到的申请各多少", SMALL)
    scope = resolve_scope(q, SMALL)
    assert not scope.problem
    assert {a.name for a, _, _ in scope.reports} == {"甲乙市科学技术委员会", "甲乙市人民政府"}


@pytest.mark.parametrize("question", ["甲乙市2023年办理结果都有哪些", "甲乙市2023年申请的处理结果分别多少"])
def test_the_results_as_a_whole_are_listed_row_by_row(question):
    q = understand(question, SMALL)
    assert q.groups == ("results",) and q.operation is Operation.LIST and q.intent is Intent.FIGURES


def test_a_share_of_the_results_is_taken_of_their_total():
    """「占办理结果的比例」: the whole is （七）总计, not a row of the results, and no part of them."""
    q = understand("甲乙市2023年予以公开的占办理结果的比例", SMALL)
    assert q.operation is Operation.SHARE
    assert q.denominator.ask.row == "results_total" and q.groups == ()
    assert [m.ask.row for m in q.measures] == ["disclosed"]


@pytest.mark.parametrize(
    ("question", "rows", "columns"),
    [
        # 法人或其他组织 is the template's header over every applicant column but 自然人
        ("甲乙市2023年法人或者其他组织申请多少件", ["new"], T.ORGANISATION_KEYS),
        ("丙丁区2023年法人和其他组织提的申请予以公开几件", ["disclosed"], T.ORGANISATION_KEYS),
        ("丙丁区2023年其他法人申请多少件", ["new"], ("other_org",)),
        # the subject inside a gap phrase (被…告了) is no applicant column of 表三
        ("丙丁区2023年被老百姓告了几次", ["litigation_direct", "litigation_after_review"], ("total",)),
        ("丙丁区2023年被企业起诉了几回", ["litigation_direct", "litigation_after_review"], ("total",)),
        ("丙丁区2023年行政复议结果为其他的有几件", ["review"], ("other",)),
        ("丙丁区2023年规范性文件发了几个", ["normative_docs"], ("issued",)),
    ],
)
def test_columns_as_people_name_them(question, rows, columns):
    q = understand(question, SMALL)
    assert q.intent is Intent.FIGURES
    assert [m.ask.row for m in q.measures] == rows and all(m.ask.columns == tuple(columns) for m in q.measures)


@pytest.mark.parametrize(
    ("question", "operation", "change", "years"),
    [
        ("丙丁区2023年新收申请比2022年增长了百分之多少", Operation.DIFFERENCE, Change.RATE, (2022, 2023)),
        ("丙丁区2023年予以公开同比增幅是多少", Operation.DIFFERENCE, Change.RATE, (2022, 2023)),
        ("丙丁区2023年新收申请增长率", Operation.DIFFERENCE, Change.RATE, (2022, 2023)),  # against the year before
        ("丙丁区2022年比2021年收到的申请下降了几成", Operation.DIFFERENCE, Change.RATE, (2021, 2022)),
        ("丙丁区2023年收到的申请是2019年的多少倍", Operation.DIFFERENCE, Change.TIMES, (2019, 2023)),
        ("丙丁区2023年比2022年翻了几番", Operation.DIFFERENCE, Change.TIMES, (2022, 2023)),
        ("丙丁区2023年新收申请比2022年多了几件", Operation.DIFFERENCE, Change.AMOUNT, (2022, 2023)),
        # a share's percentage is no rate of change
        ("丙丁区2023年予以公开占办理结果的百分之几", Operation.SHARE, Change.AMOUNT, (2023,)),
    ],
)
def test_a_change_asked_as_a_rate_or_a_multiple(question, operation, change, years):
    q = understand(question, SMALL)
    assert (q.operation, q.change, q.years.explicit) == (operation, change, years)


@pytest.mark.parametrize(
    ("question", "per_month"),
    [
        ("丙丁区2023年平均每月收到多少申请", True),
        ("丙丁区2023年月均予以公开几件", True),
        ("丙丁区2023年每个月平均收到多少申请", True),
    ],
)
def test_an_average_per_month_is_the_year_averaged_not_a_breakdown(question, per_month):
    q = understand(question, SMALL)
    assert q.intent is Intent.FIGURES and q.per_month is per_month and not q.unresolved


def test_a_breakdown_by_month_is_still_no_cell():
    assert understand("丙丁区2023年每月收到多少申请", SMALL).intent is Intent.TEXT


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("为啥丙丁区2023年那么多申请给不了", "unavailable"),
        ("丙丁区2023年咋有的申请没给公开", "withheld"),
        ("丙丁区2023年为什么没处理一些申请", "not_processed"),
    ],
)
def test_why_a_result_came_about_lists_its_reasons(question, group):
    q = understand(question, SMALL)
    assert q.intent is Intent.FIGURES and q.operation is Operation.LIST and q.groups == (group,)


@pytest.mark.parametrize(
    ("question", "asked_back"),
    [
        ("丙丁区2023年公开了几件", True),  # 予以公开 or 主动公开
        ("丙丁区2023年公开了多少", True),
        ("丙丁区2023年主动公开了多少条政府信息", False),  # the narrative
        ("丙丁区2023年公开的跟部分公开的一共多少", False),  # 予以公开, set against 部分公开
    ],
)
def test_a_bare_disclosure_counted_is_asked_back(question, asked_back):
    q = understand(question, SMALL)
    assert (q.readings is not None) is asked_back


def test_members_asked_each_that_are_no_item_are_said_and_the_others_answered():
    q = understand("丙丁区2023年主动公开和部分公开各多少", SMALL)
    assert q.intent is Intent.FIGURES and [m.ask.row for m in q.measures] == ["partial"]
    assert [u.text for u in q.unresolved] == ["主动公开"] and "没有总数" in q.unresolved[0].reason
    summed = understand("丙丁区2023年主动公开和部分公开一共多少", SMALL)  # a sum of part of it is no sum
    assert summed.intent is Intent.TEXT


@pytest.mark.parametrize(
    "question",
    ["丙丁区24 律师", "丙丁区 2023 不予处理", "丙丁区2023年 保密"],
)
def test_a_question_of_nothing_but_slots_asks_the_figure(question):
    assert understand(question, SMALL).intent is Intent.FIGURES


def test_a_loose_word_without_a_count_is_still_the_narrative():
    assert understand("丙丁区2023年信息公开的保密审查出过问题没有", SMALL).intent is Intent.TEXT


@pytest.mark.parametrize(
    ("question", "whole"),
    [
        # a result's rate is its share of the same applicants' results
        ("丙丁区2023年律师申请的予以公开率", ("results_total", ("legal_service",))),
        ("丙丁区2023年部分公开率", ("results_total", ())),
        # 「A是B的百分之几」: the whole is B
        ("丙丁区2023年行政强制处理决定是行政处罚的百分之几", ("penalty", ("decisions",))),
        ("丙丁区2023年行政强制是行政处罚的几成", ("penalty", ())),
        # a whole asked in the next clause is one figure, not the column the clause before asked
        ("丙丁区2023年行政复议被纠正了几件，占复议总数多少", ("review", ("total",))),
    ],
)
def test_the_whole_of_a_share(question, whole):
    q = understand(question, SMALL)
    assert q.operation is Operation.SHARE and (q.denominator.ask.row, q.denominator.ask.columns) == whole


def test_percentage_points_are_no_rate_of_change_of_a_count():
    q = understand("丙丁区2023年比2022年予以公开增加了多少个百分点", SMALL)
    assert q.operation is Operation.DIFFERENCE and q.change is Change.AMOUNT


def test_the_header_over_several_columns_asks_one_count_of_them():
    q = understand("丙丁区2023年法人或其他组织申请多少件", SMALL)
    assert q.operation is Operation.SUM and q.measures[0].ask.columns == T.ORGANISATION_KEYS
    assert understand("丙丁区2023年法人或其他组织分别申请多少件", SMALL).operation is not Operation.SUM


@pytest.mark.parametrize(
    ("before", "after", "years", "operation"),
    [
        ("甲乙市2023年收到多少申请", "是2022年的几倍", (2022, 2023), Operation.DIFFERENCE),
        ("甲乙市2023年收到多少申请", "和2022年比增长了百分之几", (2022, 2023), Operation.DIFFERENCE),
        ("丙丁区 23 新收", "24呢", (2024,), Operation.VALUE),
    ],
)
def test_a_follow_up_compares_or_moves_to_the_year_it_names(before, after, years, operation):
    q = follow_up(understand(after, TWO_YEARS), understand(before, TWO_YEARS))
    assert (q.years.explicit, q.operation) == (years, operation)


def test_a_bare_disclosure_in_a_follow_up_is_asked_back_not_the_figure_before():
    q = follow_up(understand("那公开了几件", SMALL), understand("甲乙市2023年收到多少申请", SMALL))
    assert q.readings is not None and not q.measures


# ---------------------------------------------------------------- text conversations


def test_the_subject_is_the_question_without_its_agency_and_year():
    subject = understand("甲一市2023年网站和新媒体做得怎么样", SMALL).subject  # 甲一市: a misspelt 甲乙市
    assert "网站和新媒体做得怎么样" in subject and "甲" not in subject and "2023" not in subject


@pytest.mark.parametrize(
    ("turns", "agencies", "years", "topic"),
    [
        # a turn naming only another year, agency or 「改了吗」 keeps the subject of the turn before
        (("甲乙市2023年存在哪些问题", "那2022年呢"), ["甲乙市人民政府"], (2022,), "存在哪些问题"),
        (("甲乙市2022年存在哪些问题", "丙丁区呢"), ["甲乙市丙丁区人民政府"], (2022,), "存在哪些问题"),
        (("甲乙市2022年存在哪些问题", "改了吗"), ["甲乙市人民政府"], (2022,), "存在哪些问题"),
        (("甲乙市2022年平台建设", "第二年呢"), ["甲乙市人民政府"], (2023,), "平台建设"),
        (("甲乙市2022年平台建设", "次年呢"), ["甲乙市人民政府"], (2023,), "平台建设"),
        (("甲乙市2023年平台建设", "具体说说"), ["甲乙市人民政府"], (2023,), "平台建设"),
        (("甲乙市2023年平台建设", "再详细点"), ["甲乙市人民政府"], (2023,), "平台建设"),
        # set against another agency, a text turn is about both
        (("甲乙市2023年平台建设", "和丙丁区比呢"), ["甲乙市人民政府", "甲乙市丙丁区人民政府"], (2023,), "平台建设"),
    ],
)
def test_a_text_follow_up_keeps_the_subject_before(turns, agencies, years, topic):
    q = _conversation(*turns)
    assert [a.name for a in q.agencies] == agencies and q.years.explicit == years
    assert q.intent is Intent.TEXT and topic in q.topics[0]


def test_an_agency_the_index_lacks_is_not_replaced_by_the_one_before():
    q = _conversation("甲乙市2023年存在哪些问题", "北京市朝阳区呢")
    assert q.agencies == () and [u.text for u in q.unresolved] == ["北京市", "朝阳区"]


@pytest.mark.parametrize("question", ["具体说说", "再详细点", "还有吗", "详细介绍一下"])
def test_asking_to_go_on_is_a_follow_up_and_alone_the_help_reply(question):
    q = understand(question, SMALL)
    assert q.intent is Intent.TEXT and q.follow_up and q.vague


@pytest.mark.parametrize("question", ["负责人是谁", "联系人是哪位"])
def test_asking_who_is_no_small_talk(question):
    assert understand(question, SMALL).intent is Intent.TEXT


def test_setting_one_agency_against_the_turn_before_is_a_follow_up_but_a_year_is_not():
    q = _conversation("甲乙市2023年平台建设", "跟丙丁区比有什么不同")
    assert [a.name for a in q.agencies] == ["甲乙市人民政府", "甲乙市丙丁区人民政府"]
    q = _conversation("丙丁区2023年平台建设", "甲乙市和2022年比有什么不同")
    assert [a.name for a in q.agencies] == ["甲乙市人民政府"]


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        # a phrase ending with the head of a longer word is no phrase: 被告知 is 被 + 告知
        ("甲乙市被告知不予公开的有几件", ["不予公开"]),
        ("丙丁区被告知无法提供的有多少", ["无法提供"]),
        ("丙丁区当被告几次", ["被告"]),
        # a count noun may run on, and of two phrases the longest-first rule chooses
        ("丙丁区行政许可处理决定数量", ["行政许可", "处理决定数量"]),
        ("丙丁区规范性文件总数量", ["规范性文件", "总数"]),
        ("甲乙市政府集中采购项目数量", ["政府集中采购", "项目数量"]),
        # so may a particle the segmenter glues to the phrase's last character (减是)
        ("丙丁区行政事业性收费本年增/减是多少", ["行政事业性收费", "本年增/减"]),
        # a phrase opening a longer word, or whose first character joins the word before, is still said
        ("外资企业申请几件", ["企业"]),
        ("丙丁区复议结果维持几件", ["复议", "结果维持"]),
    ],
)
def test_a_phrase_never_ends_inside_a_longer_word(text, phrases):
    assert [h.text for h in match(text, [False] * len(text))] == phrases


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("甲乙市2023年律师申请中予以公开的占比", "legal_service"),
        ("甲乙市2023年企业申请的予以公开比例是多少", "commercial"),
        ("丙丁区2023年律师申请的予以公开率", "legal_service"),
        ("丙丁区2022年群众申请里部分公开的占多少", "natural_person"),
    ],
)
def test_a_share_of_a_result_within_one_column_is_of_that_columns_results(question, column):
    """With no whole named, a result's share within one applicant column is of that column's 办理结果总计, as its
    rate is (「律师申请中予以公开的占比」 is not of 予以公开 over every applicant)."""
    q = understand(question, SMALL)
    assert q.operation is Operation.SHARE
    assert (q.denominator.ask.row, q.denominator.ask.columns) == ("results_total", (column,))
