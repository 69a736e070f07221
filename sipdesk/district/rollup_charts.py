"""The rollup's two charts as data (issue 14, item 1): the domain × school heat map and the
stacked bar of action status by school, shared by the PDF (export/pdf/rollup.py) and the desk's
"Across schools" window (ui/district/rollup_window.py), so both draw the same numbers in the same
colours. Qt-free; no reportlab.

The heat map's cells are the ``domains`` view's (one source with the tables and the CSV); a
cell's shade grows with its count along one blue scale, and a cell with no strategy is marked
"none" on a warm fill, so the gap reads without colour. The status colours are from the
Okabe–Ito palette, told apart with any colour vision; every segment carries its number too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sipdesk.district.rollup import Rollup
from sipdesk.district.rollup_tables import View, views
from sipdesk.district.rollup_views import STATUS_NAMES, STATUSES

NONE_WORD = "none"

# A sequential blue scale (light to dark), a warm fill for "none", and the status colours.
HEAT_LOW, HEAT_HIGH = "#E3EAF3", "#1F3B5C"
GAP_FILL, GAP_INK = "#F8D7D3", "#9B2C2C"
DARK_INK, LIGHT_INK = "#000000", "#FFFFFF"  # black: 4.5:1 or more on any fill
STATUS_COLOURS = {
    "done": "#009E73",  # bluish green
    "on_track": "#0072B2",  # blue
    "behind": "#D55E00",  # vermilion
    "not_started": "#BBBBBB",  # grey
}
# On black (high contrast): light fills, black numbers; a gap stays warm and plain to see.
HC_HEAT_LOW, HC_HEAT_HIGH = "#3A3A3A", "#FFFFFF"
HC_GAP_FILL, HC_GAP_INK = "#000000", "#FFD400"
HC_STATUS_COLOURS = {
    "done": "#00C896",
    "on_track": "#56B4E9",
    "behind": "#FF9A3C",
    "not_started": "#FFFFFF",
}


@dataclass(frozen=True)
class HeatRow:
    school: str
    counts: tuple[int, ...]  # strategies in domains 1..4


@dataclass(frozen=True)
class HeatMap:
    domains: tuple[str, ...]  # the column heads: "1. Turnaround Leadership" …
    rows: tuple[HeatRow, ...]
    top: int  # the largest count (at least 1), the darkest shade


@dataclass(frozen=True)
class StatusBar:
    school: str
    segments: tuple[tuple[str, int], ...]  # (status, actions), in STATUSES order, zeros kept

    @property
    def actions(self) -> int:
        return sum(count for _, count in self.segments)


def heat_map(data: Rollup, view: View | None = None) -> HeatMap:
    """The heat map from the ``domains`` view (made here when not given)."""
    if view is None:
        view = next(v for v in views(data) if v.key == "domains")
    rows = tuple(HeatRow(str(row[0]), tuple(int(v) for v in row[1:])) for row in view.rows)
    top = max((v for row in rows for v in row.counts), default=0) or 1
    return HeatMap(tuple(c.title for c in view.columns[1:]), rows, top)


def status_bars(data: Rollup) -> tuple[StatusBar, ...]:
    """One bar per school: its actions done, on track, behind and not started this cycle."""
    return tuple(
        StatusBar(row.school, tuple((status, row.count(status)) for status in STATUSES))
        for row in data.implementation
    )


def most_actions(bars: tuple[StatusBar, ...]) -> int:
    """The longest bar's actions (at least 1): every bar is drawn to this scale."""
    return max((bar.actions for bar in bars), default=0) or 1


def status_legend() -> tuple[tuple[str, str], ...]:
    """(status, its words) in the bars' order."""
    return tuple((status, STATUS_NAMES[status]) for status in STATUSES)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def blend(low: str, high: str, share: float) -> str:
    """The colour ``share`` of the way from ``low`` to ``high`` (``#RRGGBB``)."""
    share = max(0.0, min(1.0, share))
    a, b = _rgb(low), _rgb(high)
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG), 0 black to 1 white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill``."""
    lum = luminance(fill)
    # contrast with white (1.05 / (lum + 0.05)) against contrast with black ((lum + 0.05) / 0.05):
    # the better of the two is never below 4.58 : 1
    return LIGHT_INK if 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 else DARK_INK


def heat_colours(count: int, top: int, *, high_contrast: bool = False) -> tuple[str, str]:
    """(fill, ink) of a heat map cell holding ``count`` strategies; the largest is ``top``."""
    if count == 0:
        return (HC_GAP_FILL, HC_GAP_INK) if high_contrast else (GAP_FILL, GAP_INK)
    share = 0.25 + 0.75 * count / max(1, top)
    low, high = (HC_HEAT_LOW, HC_HEAT_HIGH) if high_contrast else (HEAT_LOW, HEAT_HIGH)
    fill = blend(low, high, share)
    return fill, ink_on(fill)


def status_colours(status: str, *, high_contrast: bool = False) -> tuple[str, str]:
    """(fill, ink) of a status segment."""
    fill = (HC_STATUS_COLOURS if high_contrast else STATUS_COLOURS)[status]
    return fill, ink_on(fill)


def cell_words(count: int) -> str:
    return str(count) if count else NONE_WORD


__all__ = [
    "HeatMap",
    "HeatRow",
    "StatusBar",
    "blend",
    "cell_words",
    "heat_colours",
    "heat_map",
    "ink_on",
    "most_actions",
    "status_bars",
    "status_colours",
    "status_legend",
]
