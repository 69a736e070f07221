"""Column-width arithmetic: how a table's width is shared among its columns.

Qt-free: the table views measure their texts in their own fonts and pass plain pixel widths.
Two ways of sharing are used:

- :func:`weighted_widths` — a form's list (the leadership team, a goal's measures): the width
  left by the columns that keep to their contents is shared among the others by weight, none
  narrower than its longest word (six letters at least);
- :func:`column_widths` — a wide table of plan items (the actions, the adjustments log): each
  column asks for a number of average characters; text columns share the spare room, the
  others keep to their contents, and short of room they give way in a fixed order before the
  table scrolls sideways.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

LEAST_CHARS = 6
"""A shared column of a form's list is never narrower than this many average characters."""
MIN_STRETCH_CHARS = 8
"""A text column of a wide table is never squeezed below this many characters."""
TIGHT_WORD_CHARS = 7
"""A longer word may break inside when nothing else makes a wide table fit."""
WORD_CAP_CHARS = 16
"""A longer "word" (a web address, say) may wrap anywhere: no column widens for more of it."""
DEFAULT_CHARS = 12
"""The comfortable width of a column given no character count."""


def share_width(room: int, weights: Mapping[int, int], least: Mapping[int, int]) -> dict[int, int]:
    """``room`` px shared among columns in proportion to ``weights``, none narrower than its
    ``least``: the columns that need more take it from the others' shares. Every pixel is
    given out (the last column takes what rounding leaves)."""
    widths: dict[int, int] = {}
    free = dict(weights)
    left = room
    while free:
        total = sum(free.values())
        short = {c for c, w in free.items() if left * w // total < least.get(c, 0)}
        if not short:
            widths.update({c: left * w // total for c, w in free.items()})
            break
        for column in short:
            widths[column] = least.get(column, 0)
            left = max(0, left - widths[column])
            del free[column]
    used = sum(widths.values())
    if widths and used < room:
        widths[max(widths)] += room - used
    return widths


def least_widths(
    room: int, longest_words: Mapping[int, int], *, unit: int, pad: int
) -> dict[int, int]:
    """Each shared column's narrowest width in a form's list: its longest word whole (a
    measure's "benchmark" must never break into "benchma" / "rk") with the cell's ``pad``, and
    never under six letters (``unit`` is the average character's width). When ``room`` cannot
    hold every column's longest word, as many columns as fit keep theirs, shortest first, and
    the rest drop to six letters: the table never scrolls sideways, and only the columns with
    the longest words may break one inside its cell (they may still be given more room by
    their weight, so often none breaks)."""
    six = unit * LEAST_CHARS
    least = {column: max(six, word + pad) for column, word in longest_words.items()}
    if sum(least.values()) > room:
        kept: set[int] = set()
        used = six * len(least)
        for column in sorted(least, key=lambda c: (least[c], c)):
            if used - six + least[column] > room:
                break
            kept.add(column)
            used += least[column] - six
        least = {column: least[column] if column in kept else six for column in least}
    return least


def weighted_widths(
    room: int,
    weights: Mapping[int, int],
    longest_words: Mapping[int, int],
    *,
    unit: int,
    pad: int,
) -> dict[int, int]:
    """A form's list: ``room`` (the width its fitted columns leave) shared by ``weights``,
    each column at least :func:`least_widths` wide."""
    words = {column: longest_words.get(column, 0) for column in weights}
    return share_width(room, weights, least_widths(room, words, unit=unit, pad=pad))


def longest_word(texts: Sequence[str], width_of: Callable[[str], int]) -> int:
    """The width of the widest word (between spaces) of ``texts``; each distinct word is
    measured once."""
    words = {word for text in texts for word in text.split()}
    return max((width_of(word) for word in words), default=0)


def wrap_words(text: str, room: int, width_of: Callable[[str], int]) -> list[str]:
    """``text`` broken between words into lines no wider than ``room`` (a word wider than
    that gets a line of its own), as a header wraps its title."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and width_of(candidate) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


# ----------------------------------------------------------------- wide tables


class ColumnNeeds(NamedTuple):
    """What one column of a wide table needs, in px as measured by the view.

    ``chars``: its comfortable width in average characters; ``stretches``: a text column that
    shares the spare room and wraps; ``content``: its widest cell on one line, padding
    included (None when the table has no rows); ``longest``: its widest piece of text that
    cannot wrap (no padding); ``title_word``: the narrowest its header allows (the title's
    longest word with the header's padding); ``title``: the header's title on one line, with
    padding; ``hidden``: a hidden column takes no room.
    """

    chars: int = DEFAULT_CHARS
    stretches: bool = False
    content: int | None = None
    longest: int = 0
    title_word: int = 0
    title: int = 0
    hidden: bool = False


def floors(needs: Sequence[ColumnNeeds], *, unit: int, pad: int) -> tuple[list[int], list[int]]:
    """Per column, the narrowest it may be with every word of its title and cells whole (a
    word of more than :data:`WORD_CAP_CHARS` letters may wrap anywhere), and the narrowest
    with a cell's long words broken (``tight``: words of more than :data:`TIGHT_WORD_CHARS`).
    A hidden column's floors are 0."""
    unit = max(1, unit)
    word_cap = unit * WORD_CAP_CHARS + pad
    tight_cap = unit * TIGHT_WORD_CHARS + pad
    floor, tight = [0] * len(needs), [0] * len(needs)
    for col, need in enumerate(needs):
        if need.hidden:
            continue
        floor[col] = max(need.title_word, min(need.longest + pad, word_cap))
        tight[col] = max(need.title_word, min(need.longest + pad, tight_cap))
    return floor, tight


def column_widths(needs: Sequence[ColumnNeeds], avail: int, *, unit: int, pad: int) -> list[int]:
    """The widths of a wide table's columns in ``avail`` px (the viewport's width).

    First every stretching column gets its minimum (half its characters, at least
    :data:`MIN_STRETCH_CHARS`, never below its floor) and every other column its contents'
    width (up to its characters; its title's when it has no rows). If that is too wide and
    wrapping the other columns (never below their longest word) makes it fit, they give up
    the room; still too wide, the text columns give up their comfort too (down to a third of
    their characters), then every column goes to its floor, then long words break (tight);
    when even that does not fit, every column stays at its floor and the table scrolls
    sideways. Any room left is shared by the stretching columns by their characters (with
    none, the last visible column takes it).
    """
    count = len(needs)
    unit = max(1, unit)
    widths = [0] * count
    floor, tight = floors(needs, unit=unit, pad=pad)
    mins: dict[int, int] = {}
    weights: dict[int, int] = {}
    for col, need in enumerate(needs):
        if need.hidden:
            continue
        chars = need.chars
        if need.stretches:
            mins[col] = max(floor[col], max(MIN_STRETCH_CHARS, chars // 2) * unit + pad)
            weights[col] = max(1, chars)
            continue
        cap = chars * unit + pad
        wanted = min(cap, need.title) if need.content is None else min(need.content, cap)
        widths[col] = max(floor[col], wanted)
    deficit = sum(widths) + sum(mins.values()) - avail
    give = {c: widths[c] - floor[c] for c in range(count) if c not in mins and widths[c]}
    spare = sum(give.values())
    if 0 < deficit <= spare:  # only when wrapping them saves scrolling sideways
        share = deficit / spare
        for col, room in give.items():
            widths[col] -= math.ceil(room * share)
    elif deficit > spare:
        squeezed = {
            col: max(floor[col], max(MIN_STRETCH_CHARS, weights[col] // 3) * unit + pad)
            for col in mins
        }
        others = sum(widths[c] for c in range(count) if c not in give and c not in mins)
        if sum(floor[c] for c in give) + others + sum(squeezed.values()) <= avail:
            for col in give:
                widths[col] = floor[col]
            mins = squeezed
        elif sum(floor[c] for c in give) + others + sum(floor[c] for c in mins) <= avail:
            # Every column at its narrowest with its words whole.
            for col in give:
                widths[col] = floor[col]
            mins = {col: floor[col] for col in mins}
        elif sum(tight[c] for c in give) + others + sum(tight[c] for c in mins) <= avail:
            # Even so: a word too long for its column breaks onto the next line (never cut
            # off) rather than the table scrolling sideways.
            for col in give:
                widths[col] = tight[col]
            mins = {col: tight[col] for col in mins}
        else:
            # It scrolls sideways: as little as it can, every word whole.
            for col in give:
                widths[col] = floor[col]
            mins = {col: floor[col] for col in mins}
    room = avail - sum(widths)
    pool = dict(weights)
    while pool:  # columns whose share would be below their minimum get the minimum
        total = sum(pool.values())
        short = [c for c in pool if room * pool[c] / total < mins[c]]
        if not short:
            break
        for col in short:
            widths[col] = mins[col]
            room -= mins[col]
            del pool[col]
    if pool:
        total = sum(pool.values())
        for col in pool:
            widths[col] = int(room * pool[col] / total)
        widths[max(pool)] += room - sum(widths[c] for c in pool)
    else:
        visible = [c for c in range(count) if not needs[c].hidden]
        if visible and room > 0:
            widths[visible[-1]] += room  # no text column: the last takes what is left
    return widths


def least_table_width(needs: Sequence[ColumnNeeds], *, unit: int, pad: int, chrome: int) -> int:
    """How wide a wide table must be to show every column without scrolling sideways or
    breaking a word: each column at its floor, plus ``chrome`` (row titles, frame)."""
    return sum(floors(needs, unit=unit, pad=pad)[0]) + chrome


def numbers_give_way(columns: int, room: int, numbers: int) -> bool:
    """Whether a table's row numbers (``numbers`` px wide) should hide: the columns
    (``columns`` px at their tightest) fit ``room`` (the width with the numbers hidden) only
    without them."""
    return room - numbers < columns <= room


__all__ = [
    "DEFAULT_CHARS",
    "LEAST_CHARS",
    "MIN_STRETCH_CHARS",
    "TIGHT_WORD_CHARS",
    "WORD_CAP_CHARS",
    "ColumnNeeds",
    "column_widths",
    "floors",
    "least_table_width",
    "least_widths",
    "longest_word",
    "numbers_give_way",
    "share_width",
    "weighted_widths",
    "wrap_words",
]
