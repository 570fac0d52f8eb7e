"""The questions and votes log (index/store/feedback.py) on both SQL stores: askings grouped by their normalised text,
votes replacing one another per answer, those needing attention first."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from index.store.feedback import Vote, normalize_question
from index.store.reports import Store

REFUSED = (sqlite3.IntegrityError, psycopg.IntegrityError)


@pytest.fixture
def store(tmp_path, database_url):
    store = Store(tmp_path / "g.sqlite", database_url)
    yield store
    store.close()


def test_spacing_width_case_and_punctuation_do_not_make_another_question():
    assert normalize_question("平潭 2023年 收到多少件申请？") == normalize_question("平潭２０２３年收到多少件申请")
    assert normalize_question("PDF 版在哪里?") == normalize_question("pdf版在哪里")
    assert normalize_question("平潭2023年") != normalize_question("平潭2022年")
    assert normalize_question("？？") == "??"  # nothing but punctuation is still a key of its own


def test_a_logged_answer_is_found_again_by_its_id(store):
    asked = store.feedback.log("平潭2023年新收多少件申请？", "74件[1]", "figure", answered=True)
    again = store.feedback.asked(asked.id)
    assert again == asked
    assert store.feedback.asked("0" * 32) is None


def test_askings_are_grouped_and_counted_with_their_routes_latest_wording_first(store):
    log = store.feedback
    log.log("平潭2023年新收多少件申请？", "74件", "figure", answered=True)
    log.log("平潭 2023年新收多少件申请", "75件", "figure", answered=True)
    log.log("平潭2023年新收多少件申请?", "抱歉，没有", "none", answered=False)
    log.log("你好", "您好", "chat", answered=True)
    groups = {g.normalized: g for g in log.groups()}
    pingtan = groups[normalize_question("平潭2023年新收多少件申请")]
    assert (pingtan.asked, pingtan.unanswered, pingtan.up, pingtan.down) == (3, 1, 0, 0)
    assert pingtan.routes == (("figure", 2), ("none", 1))
    assert (pingtan.question, pingtan.answer) == ("平潭2023年新收多少件申请?", "抱歉，没有")
    assert groups[normalize_question("你好")].asked == 1
    assert len(groups) == 2


def test_a_later_vote_on_an_answer_replaces_it_and_keeps_its_comment(store):
    log = store.feedback
    asked = log.log("平潭2023年复议多少件？", "3件", "figure", answered=True)
    log.vote(Vote.UP, "", asked.question, asked.answer, asked.route, answer_id=asked.id)
    log.vote(Vote.DOWN, "想知道的是诉讼", asked.question, asked.answer, asked.route, answer_id=asked.id)
    log.vote(Vote.DOWN, "", asked.question, asked.answer, asked.route, answer_id=asked.id)
    (group,) = log.groups()
    assert (group.up, group.down, group.comments) == (0, 1, ("想知道的是诉讼",))
    log.vote(Vote.UP, "清楚了", asked.question, asked.answer, asked.route, answer_id=asked.id)
    (group,) = log.groups()
    assert (group.up, group.down, group.comments) == (1, 0, ("清楚了",))


def test_votes_without_an_answer_id_each_count_and_may_be_the_only_trace_of_a_question(store):
    log = store.feedback
    for vote, comment in ((Vote.DOWN, "没找到"), (Vote.DOWN, ""), (Vote.UP, "")):
        log.vote(vote, comment, "信息处理费收了多少？", "抱歉", "none")
    (group,) = log.groups()
    assert (group.question, group.asked, group.up, group.down, group.comments) == (
        "信息处理费收了多少？",
        0,
        1,
        2,
        ("没找到",),
    )
    assert group.needs_attention


def test_unanswered_and_disliked_questions_come_first_then_the_most_asked(store):
    log = store.feedback
    for _ in range(5):
        log.log("平潭2023年新收多少件？", "74件", "figure", answered=True)
    log.log("你好", "您好", "chat", answered=True)
    log.log("你好", "您好", "chat", answered=True)
    log.log("收费金额是多少？", "抱歉，报告没有", "none", answered=False)
    liked = log.log("复议多少件？", "3件", "figure", answered=True)
    log.vote(Vote.DOWN, "不对", liked.question, liked.answer, liked.route, answer_id=liked.id)
    order = [g.question for g in log.groups()]
    assert order == ["复议多少件？", "收费金额是多少？", "平潭2023年新收多少件？", "你好"]


def test_a_vote_needs_a_known_vote_and_a_logged_answer_id(store):
    """The database refuses what the API must never pass on: another vote, or an id no answer has."""
    asked = store.feedback.log("问题", "回答", "text", answered=True)
    with pytest.raises(REFUSED), store.transaction() as db:
        db.execute(
            "INSERT INTO feedback (id, answer_id, given_at, question, normalized, answer, route, vote)"
            " VALUES ('x', ?, 'now', 'q', 'q', 'a', 'text', 'maybe')",
            (asked.id,),
        )
    with pytest.raises(REFUSED):
        store.feedback.vote(Vote.UP, "", "问题", "回答", "text", answer_id="f" * 32)
    assert store.feedback.groups()[0].up == 0
