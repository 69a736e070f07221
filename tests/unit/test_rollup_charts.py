"""The rollup's chart data and colours (district/rollup_charts.py), shared by the PDF and the
desk's "Across schools" window: the heat map is the ``domains`` view's cells, the bars the
implementation rows' counts, and every number is drawn in an ink that reads on its fill."""

from __future__ import annotations

from pathlib import Path

import pytest

from sipdesk.district.rollup_charts import (
    STATUS_COLOURS,
    blend,
    cell_words,
    heat_colours,
    heat_map,
    luminance,
    most_actions,
    status_bars,
    status_colours,
)
from sipdesk.district.rollup_tables import view_named
from sipdesk.district.rollup_views import STATUSES
from tests.unit.test_district_rollup import ALDER, BIRCH, CEDAR, _rollup, desk

__all__ = ["desk"]  # the rollup tests' desk (a module fixture)


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_heat_map_is_the_domains_view_and_the_bars_the_status_counts(desk: Path) -> None:
    data = _rollup(desk)
    chart = heat_map(data)
    domains = view_named(data, "domains")
    assert chart.domains == tuple(c.title for c in domains.columns[1:])
    assert [(row.school, *row.counts) for row in chart.rows] == list(domains.rows)
    assert chart.top == 1
    bars = status_bars(data)
    assert [bar.school for bar in bars] == [ALDER, BIRCH, CEDAR]
    assert [tuple(s for s, _ in bar.segments) for bar in bars] == [STATUSES] * 3
    assert dict(bars[1].segments) == {"done": 1, "on_track": 0, "behind": 2, "not_started": 1}
    assert most_actions(bars) == 4
    assert most_actions(()) == 1  # nothing to draw still has a scale


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_number_reads_on_its_fill(high_contrast: bool) -> None:
    for count in range(0, 13):
        fill, ink = heat_colours(count, 12, high_contrast=high_contrast)
        assert _contrast(fill, ink) >= 4.5, (count, fill, ink)
    for status in STATUSES:
        fill, ink = status_colours(status, high_contrast=high_contrast)
        assert _contrast(fill, ink) >= 4.5, (status, fill, ink)
    assert len(set(STATUS_COLOURS.values())) == len(STATUSES)


def test_more_strategies_shade_darker_and_none_is_named() -> None:
    shades = [luminance(heat_colours(n, 5)[0]) for n in range(1, 6)]
    assert shades == sorted(shades, reverse=True)
    assert heat_colours(0, 5)[0] != heat_colours(1, 5)[0]
    assert cell_words(0) == "none" and cell_words(3) == "3"
    assert blend("#000000", "#FFFFFF", 0.5) == "#808080"
    assert blend("#000000", "#FFFFFF", 2) == "#FFFFFF"
