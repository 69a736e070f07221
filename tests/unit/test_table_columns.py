"""Column-width arithmetic (sipdesk/diagrams/columns.py), on plain pixel widths.

The cases are the tables of a 1024 × 768 window: at 100 % an average character is 7 px and a
cell's padding 10 px (14 px in a form's list); a table of actions beside the step list has
about 605 px, and much less when presenting at a large zoom.
"""

from __future__ import annotations

from sipdesk.diagrams.columns import (
    ColumnNeeds,
    column_widths,
    floors,
    least_table_width,
    least_widths,
    longest_word,
    numbers_give_way,
    share_width,
    weighted_widths,
    wrap_words,
)

UNIT, PAD = 7, 10


def width_of(text: str) -> int:
    """A monospaced stand-in for a font: 7 px a character."""
    return len(text) * UNIT


# ----------------------------------------------------------------- a form's list (weights)


def test_shared_width_gives_each_column_its_longest_word_first() -> None:
    # Given 600 px for six columns weighted 4:3:3:3:3:3, two of which need 130 px
    weights = {0: 4, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3}
    least = {0: 60, 1: 60, 2: 130, 3: 130, 4: 60, 5: 60}
    widths = share_width(600, weights, least)
    # Then those get their 130 px, the rest share what is left by weight, and all is used
    assert widths[2] >= 130 and widths[3] >= 130
    assert all(widths[c] >= least[c] for c in weights)
    assert sum(widths.values()) == 600
    assert widths[0] > widths[1]  # the heavier column still gets more


def test_a_goals_measures_share_600_px_by_weight_with_every_word_whole() -> None:
    # Given a goal's six measure columns (indicator 4, the others 3) in 600 px, two of them
    # holding "benchmark" (116 px)
    weights = {0: 4, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3}
    words = {0: 80, 1: 60, 2: 116, 3: 116, 4: 40, 5: 40}
    # Then each column is at least its longest word and padding, six letters at least
    assert least_widths(600, words, unit=UNIT, pad=14) == {
        0: 94,
        1: 74,
        2: 130,
        3: 130,
        4: 54,
        5: 54,
    }
    # And the two "benchmark" columns get their 130 px; the rest share the other 340 px
    # 4:3:3:3 (104, 78, 78, 78), and the last column takes the 2 px rounding leaves
    widths = weighted_widths(600, weights, words, unit=UNIT, pad=14)
    assert widths == {0: 104, 1: 78, 2: 130, 3: 130, 4: 78, 5: 80}


def test_too_narrow_for_every_long_word_the_shortest_words_are_kept_whole() -> None:
    # Given a list presented at a large zoom (10 px a letter) with 400 px, whose columns'
    # longest words (a web address, 200 px) need more than that together
    weights = {0: 4, 1: 3, 2: 3}
    words = {0: 200, 1: 150, 2: 150}
    # Then the two shorter longest words keep their floors, the address's drops to six letters
    # (it may break inside its cell)
    assert least_widths(400, words, unit=10, pad=14) == {0: 60, 1: 164, 2: 164}
    # ... and the whole room is given out: never wider than the window, never scrolling
    widths = weighted_widths(400, weights, words, unit=10, pad=14)
    assert sum(widths.values()) == 400 and widths[1] >= 164 and widths[2] >= 164


def test_one_very_long_word_does_not_break_the_other_columns_words() -> None:
    # Given a goal's measure columns at presentation size: a web address in the
    # indicator (400 px), "assessment" in the data source (130 px), "proficient" in three
    # targets (130 px each), in 800 px
    words = {0: 400, 1: 130, 2: 130, 3: 130, 4: 130}
    least = least_widths(800, words, unit=13, pad=14)
    # Then every short column keeps its longest word whole; only the address's is capped
    assert [least[c] for c in (1, 2, 3, 4)] == [144] * 4
    assert least[0] == 13 * 6
    widths = weighted_widths(800, {0: 4, 1: 3, 2: 3, 3: 3, 4: 3}, words, unit=13, pad=14)
    assert all(widths[c] >= 144 for c in (1, 2, 3, 4)) and sum(widths.values()) == 800


def test_a_column_with_no_words_still_gets_six_letters() -> None:
    widths = weighted_widths(100, {0: 1, 1: 9}, {}, unit=UNIT, pad=14)
    assert widths == {0: 42, 1: 58}
    assert sum(widths.values()) == 100


def test_longest_word_measures_words_between_spaces() -> None:
    texts = ["Percent of K–3 students", "at or above benchmark", ""]
    assert longest_word(texts, width_of) == width_of("benchmark")
    assert longest_word([], width_of) == 0


def test_a_title_wraps_between_words_and_a_long_word_keeps_a_line_of_its_own() -> None:
    assert wrap_words("Target year 1", 60, width_of) == ["Target", "year 1"]
    assert wrap_words("Role in the plan", 200, width_of) == ["Role in the plan"]
    assert wrap_words("Kindergartenreadiness level", 60, width_of) == [
        "Kindergartenreadiness",
        "level",
    ]
    assert wrap_words("Start\nDue", 200, width_of) == ["Start", "Due"]


# ----------------------------------------------------------------- a wide table (characters)

# The action table of step 5: Action and Anticipated outputs are text; Timeline keeps to its
# contents; Budget and People (several fields a cell) share the room too.
ACTIONS = [
    ColumnNeeds(chars=32, stretches=True, content=400, longest=70, title_word=60),
    ColumnNeeds(chars=22, stretches=True, content=300, longest=80, title_word=90),
    ColumnNeeds(chars=13, content=120, longest=50, title_word=75, title=75),
    ColumnNeeds(chars=16, stretches=True, content=200, longest=60, title_word=65),
    ColumnNeeds(chars=20, stretches=True, content=220, longest=72, title_word=65),
]


def test_floors_keep_words_whole_and_tight_floors_break_long_ones() -> None:
    floor, tight = floors(ACTIONS, unit=UNIT, pad=PAD)
    # a column's floor: its title's longest word, or its cells' longest word with padding
    assert floor == [80, 90, 75, 70, 82]
    # tight: a cell's word over seven letters (59 px with padding) may break
    assert tight == [60, 90, 75, 65, 65]
    # a "word" over 16 letters (a web address) never widens a column past 122 px
    url = ColumnNeeds(chars=20, stretches=True, longest=300, title_word=40)
    assert floors([url], unit=UNIT, pad=PAD) == ([122], [59])


def test_the_action_table_in_a_1024_window_shares_its_room_by_characters() -> None:
    # Given the 605 px the table has in a 1024 × 768 window at 100 %
    widths = column_widths(ACTIONS, 605, unit=UNIT, pad=PAD)
    # Then the timeline keeps to its 13 characters (101 px), the text columns share the
    # other 504 px 32:22:16:20, and every pixel is used
    assert widths == [179, 123, 101, 89, 113]
    assert sum(widths) == 605


def test_short_of_room_the_columns_give_up_their_comfort_before_their_words() -> None:
    # Given only 400 px (presenting, or the side panel open)
    widths = column_widths(ACTIONS, 400, unit=UNIT, pad=PAD)
    # Then the timeline wraps down to its floor, the text columns to a third of their
    # characters — and no column is below its floor: every word is still whole
    assert widths == [83, 90, 75, 70, 82]
    assert sum(widths) == 400
    floor, _tight = floors(ACTIONS, unit=UNIT, pad=PAD)
    assert all(w >= f for w, f in zip(widths, floor, strict=True))


def test_shorter_still_a_long_word_breaks_rather_than_the_table_scrolling() -> None:
    # Given 360 px: every column at its floor would need 397 px, but with words over seven
    # letters broken (the action's "curriculum") 355 px is enough
    widths = column_widths(ACTIONS, 360, unit=UNIT, pad=PAD)
    assert widths == [65, 90, 75, 65, 65]
    assert sum(widths) == 360
    # The Action column is narrower than its longest word (70 px and padding): it breaks
    assert widths[0] < ACTIONS[0].longest + PAD


def test_when_nothing_fits_the_table_scrolls_sideways_with_every_word_whole() -> None:
    widths = column_widths(ACTIONS, 350, unit=UNIT, pad=PAD)
    assert widths == floors(ACTIONS, unit=UNIT, pad=PAD)[0]
    assert sum(widths) > 350
    assert least_table_width(ACTIONS, unit=UNIT, pad=PAD, chrome=40) == sum(widths) + 40


def test_a_column_without_rows_is_as_wide_as_its_title() -> None:
    # An empty table: the timeline has no contents, so its title decides (up to 13 chars)
    empty = [ColumnNeeds(chars=13, title_word=75, title=90), ColumnNeeds(chars=30, stretches=True)]
    assert column_widths(empty, 300, unit=UNIT, pad=PAD) == [90, 210]
    wide_title = [ColumnNeeds(chars=13, title_word=75, title=400)]
    assert column_widths(wide_title, 300, unit=UNIT, pad=PAD) == [300]  # capped, then the rest


def test_hidden_columns_take_no_room_and_the_last_column_takes_what_is_left() -> None:
    needs = [
        ColumnNeeds(chars=10, content=50, longest=30, title_word=40),
        ColumnNeeds(hidden=True, content=500, longest=400),
        ColumnNeeds(chars=10, content=60, longest=30, title_word=40),
    ]
    assert column_widths(needs, 300, unit=UNIT, pad=PAD) == [50, 0, 250]
    assert floors(needs, unit=UNIT, pad=PAD) == ([40, 0, 40], [40, 0, 40])


def test_row_numbers_give_way_only_when_that_makes_the_columns_fit() -> None:
    # 520 px without the numbers, 40 px of numbers
    assert numbers_give_way(500, 520, 40)  # fits only without them
    assert not numbers_give_way(470, 520, 40)  # fits with them
    assert not numbers_give_way(530, 520, 40)  # does not fit either way: keep them
