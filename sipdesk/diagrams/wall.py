"""Show view arithmetic: how large the text on the wall can be.

Show view puts one board (the SWOT, a fishbone, a 5 Whys chain, the vote ranking) on the whole
projected screen. Its text is as large as the board allows, and never smaller than a size the
back of a classroom can read: :data:`WALL_MIN_TEXT_PX` on a 1024 × 768 projector, growing with
taller screens. A board that cannot fit at that size scrolls instead of shrinking further.

Qt-free: the widgets pass a ``fits(px)`` test that measures with their own fonts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

WALL_MIN_TEXT_PX = 20
"""The smallest text on the wall, in screen pixels, on a 768-pixel-tall projector."""
WALL_MAX_TEXT_PX = 56
"""Text never grows beyond this, however little there is to show."""
REFERENCE_HEIGHT = 768


def wall_text_floor(screen_height: int) -> int:
    """The smallest text size for a screen ``screen_height`` pixels tall: 20 px at 768, the
    same share of the height on taller screens (27 px at 1080), never less than 20 px."""
    return max(WALL_MIN_TEXT_PX, round(screen_height * WALL_MIN_TEXT_PX / REFERENCE_HEIGHT))


def largest_size(low: int, high: int, fits: Callable[[int], bool]) -> int:
    """The largest whole size in ``low ..= high`` for which ``fits`` holds; ``low`` when none
    does (the board then scrolls). ``fits`` must hold for every size below one that fits."""
    if high <= low or not fits(low):
        return low
    good, bad = low, high + 1
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def zoom_floor(text_sizes: Iterable[float], floor_px: float) -> float:
    """The smallest zoom at which every label of a diagram drawn with ``text_sizes`` (in the
    diagram's own units) shows at least ``floor_px`` pixels tall."""
    smallest = min((size for size in text_sizes if size > 0), default=0.0)
    return floor_px / smallest if smallest else 1.0


__all__ = [
    "REFERENCE_HEIGHT",
    "WALL_MAX_TEXT_PX",
    "WALL_MIN_TEXT_PX",
    "largest_size",
    "wall_text_floor",
    "zoom_floor",
]
