"""Glued digits: every split is enumerated, none is guessed."""

from index.parse.numbers import BLANK, UNREAD, readings, splits


def test_splits_respect_leading_zeros():
    assert splits("000", 3) == ((0.0, 0.0, 0.0),)
    assert set(splits("350", 2)) == {(3.0, 50.0), (35.0, 0.0)}
    assert splits("05", 1) == ()


def test_splits_keep_decimals_in_one_part():
    assert (135.0, 75394432.52) in splits("13575394432.52", 2)
    assert all(len(str(p)) for p in splits("5949.088667", 1))
    assert splits("5949.088667", 1) == ((5949.088667,),)


def test_negative_change_values():
    assert splits("-3", 1) == ((-3.0,),)
    assert (12.0, -3.0) in splits("12-3", 2)


def test_glued_row_of_seven_lists_all_readings():
    out = readings(["801000081"], 7, aligned=False)
    assert (80.0, 1.0, 0.0, 0.0, 0.0, 0.0, 81.0) in out
    assert (8.0, 0.0, 10.0, 0.0, 0.0, 0.0, 81.0) in out


def test_aligned_row_keeps_blank_cells_in_place():
    out = readings([BLANK, "0", "0", "0", "0", "0", "6"], 7, aligned=True)
    assert out == [(None, 0.0, 0.0, 0.0, 0.0, 0.0, 6.0)]


def test_short_aligned_row_can_have_lost_either_end():
    out = readings(["1", "0", "0", "0", "0", "0"], 7, aligned=True)
    assert set(out) == {(None, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0, 0.0, 0.0, None)}


def test_space_separated_row_with_one_value_lost_offers_every_position():
    out = readings(["0", "0", "0", "0", "0", "6"], 7, aligned=False)
    assert len(out) == 7 and all(r.count(None) == 1 for r in out)


def test_too_many_values_is_no_reading():
    assert readings(["1", "2", "3", "4"], 3, aligned=True) == []


def test_an_unread_cell_holds_its_place_even_at_the_end_and_states_nothing():
    assert readings(["5", UNREAD, "3"], 3, True) == [(5.0, None, 3.0)]
    assert readings(["5", "0", UNREAD], 3, True) == [(5.0, 0.0, None)]
    assert readings([BLANK, BLANK, "5", UNREAD], 3, True) == [(None, 5.0, None)]


def test_a_glued_run_may_hold_fewer_values_than_the_row_has_columns():
    # 0 0 0 0 10 6 with 总计 left blank, glued: the blank leaves no trace, so it may stand anywhere.
    out = readings(["0000106"], 7, aligned=False)
    assert (0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 6.0) in out
    assert (0.0, 0.0, 0.0, 0.0, 10.0, 6.0, None) in out
    assert (None, 0.0, 0.0, 0.0, 0.0, 10.0, 6.0) in out


def test_an_aligned_row_never_cuts_a_cell_to_make_room_for_a_blank():
    assert readings(["10", BLANK], 2, aligned=True) == [(10.0, None)]
