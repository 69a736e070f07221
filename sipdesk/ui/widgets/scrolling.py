"""Keeping a page's scroll position while its look changes (zoom, presentation mode).

A larger text makes a page taller: the same scroll value in pixels then shows an earlier part
of it. The place is kept as a share of the way down each scroll bar, and put back as the page
grows or shrinks, until the new look has settled.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QWidget

SETTLE_MS = 1500  # how long a page may take to re-lay out after a new look


class ScrollPlace(NamedTuple):  # not a dataclass: made on the start screen's path
    bar: QScrollBar
    share: float  # 0.0 at the top (or left), 1.0 at the end


def scroll_places(page: QWidget) -> list[ScrollPlace]:
    """Where each scroll bar of ``page`` (itself included, if it scrolls) stands now."""
    areas = page.findChildren(QAbstractScrollArea)
    if isinstance(page, QAbstractScrollArea):
        areas.insert(0, page)
    places = []
    for area in areas:
        for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
            if bar.maximum() > bar.minimum() and bar.value() > bar.minimum():
                span = bar.maximum() - bar.minimum()
                places.append(ScrollPlace(bar, (bar.value() - bar.minimum()) / span))
    return places


def restore_scroll_places(places: list[ScrollPlace]) -> None:
    """Put each scroll bar back at its share now, and again whenever its range changes while
    the page settles into its new size."""
    for place in places:
        bar = place.bar

        def put_back(*_: object, bar: QScrollBar = bar, share: float = place.share) -> None:
            span = bar.maximum() - bar.minimum()
            bar.setValue(bar.minimum() + round(share * span))

        put_back()
        bar.rangeChanged.connect(put_back)
        QTimer.singleShot(
            SETTLE_MS, bar, lambda bar=bar, f=put_back: bar.rangeChanged.disconnect(f)
        )
