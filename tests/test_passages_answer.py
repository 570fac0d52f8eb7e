"""Whether a passage speaks to a question, judged on the question's content words."""

from __future__ import annotations

import pytest

from assistant.passages_answer import Words, coverage


@pytest.mark.parametrize(
    ("passage", "word", "covered"),
    [
        ("本年度未收取任何费用。", "收费", True),  # a near synonym of the group
        ("全年收取政府信息公开信息处理费120元。", "信息处理", True),  # the word itself
        ("本年度信息公开处理费收费情况：未发生收费事项。", "信息处理", True),  # each part of the compound
        ("本年度加强信息化建设，处理群众来信。", "信息处理", True),  # both parts, far apart: still covered
        ("本年度加强网站建设。", "信息处理", False),  # neither part
        ("做好信息发布工作。", "信息处理", False),  # only one part
    ],
)
def test_a_word_is_covered_by_itself_a_synonym_or_each_part_of_a_compound(passage, word, covered):
    assert (coverage(passage, Words((word,), (word,))) == 1.0) is covered
