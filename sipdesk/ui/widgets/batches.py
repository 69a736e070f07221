"""Building many widgets without freezing the window.

A page with hundreds of cards (a plan at its row limits) would block the window for seconds if
it built them all at once. :class:`Batches` runs the building in slices from a zero-timer: the
first slice inside the call, so the page shows at once with its first cards, then one slice per
turn of the event loop, each stopped after a few tens of milliseconds, until all are built.
Between slices the window paints, scrolls and takes keys as usual. An ordinary plan's few cards
fit in the first slice, so for it nothing changes.

::

    self.batches = Batches(self, done=self._fix_tab_order)
    self.batches.run([lambda g=goal: self._show_goal(g) for goal in goals])
    self.batches.flush()   # before anything that needs every card (finding one, tab order)
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

# The longest one slice may run: well under the 100 ms a person notices, with room left in
# the same turn of the event loop for the layout and paint the new widgets cause.
SLICE_MS = 30.0
# A long table sizes this many rows at once (about a screenful), the rest in slices.
SCREEN_ROWS = 15


def slice_seconds(slice_ms: float | None = None) -> float:
    """How long one slice may run, in seconds (``None``: :data:`SLICE_MS`)."""
    return (SLICE_MS if slice_ms is None else slice_ms) / 1000


def size_rows(view: QTableView, first: int, least: int | None) -> int:
    """Size ``view``'s rows to their contents from row ``first``: all of them when no more
    than ``least`` are left (None: all in any case); from a longer table a screenful
    (:data:`SCREEN_ROWS`, fewer if ``least`` is smaller), then more while a slice's time
    lasts. The next row still waiting."""
    model = view.model()
    count = model.rowCount() if model is not None else 0
    row = first
    if least is None or count - row <= least:
        if row == 0:
            view.resizeRowsToContents()  # Qt's own loop, the quickest for a whole table
        else:
            for rest in range(row, count):
                view.resizeRowToContents(rest)
        return count
    end = time.perf_counter() + slice_seconds()
    least = min(least, SCREEN_ROWS)
    while row < count:
        view.resizeRowToContents(row)
        row += 1
        if row - first >= least and time.perf_counter() >= end:
            break
    return row


def run_parts(parts: Iterator[None]) -> None:
    """Run every part of a page's ``refresh_parts`` now.

    A step page that is slow to fill on a big plan writes its ``refresh`` as a generator,
    ``refresh_parts``, that yields between parts (the profile's fields, one long table, the
    cards): the window fills a newly built page one part per turn of the event loop, so no
    turn holds it up for long, and ``refresh`` runs them all at once."""
    for _part in parts:
        pass


class Batches(QObject):
    """Runs queued jobs in time-boxed slices; :meth:`flush` runs what is left at once.

    ``below_first_screen``: the jobs build what shows below a page's first screenful (the
    direction page's goal cards), so while a plan opens they may wait until that first
    screenful is painted (see :meth:`held`)."""

    # The batches that started while a plan's first page was being built (see held).
    _held: ClassVar[list[Batches] | None] = None

    def __init__(
        self,
        parent: QObject,
        *,
        done: Callable[[], None] | None = None,
        slice_ms: float | None = None,
        eager: int = 0,
        below_first_screen: bool = False,
    ) -> None:
        super().__init__(parent)
        self.slice_ms = slice_ms  # None: the module's SLICE_MS
        self.eager = eager
        self.below_first_screen = below_first_screen
        self._done = done
        self._jobs: deque[Callable[[], None]] = deque()
        self._running = False
        # A child timer dies with its owner, so no slice runs on a deleted page.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def run(self, jobs: Iterable[Callable[[], None]]) -> None:
        """Replace whatever is still queued with ``jobs`` and run the first slice now: at
        least ``eager`` of them whatever they cost (an ordinary plan's few are all built at
        once, the same on a fast and a slow machine), then more while time is left."""
        self._jobs = deque(jobs)
        held = Batches._held
        if held is not None and self.below_first_screen and self._jobs:
            self._timer.stop()
            held.append(self)  # the caller resumes it (see held)
            return
        self._slice(self.eager)

    @classmethod
    @contextmanager
    def held(cls) -> Iterator[list[Batches]]:
        """Inside this, batches of jobs ``below_first_screen`` do not start but wait in the
        list given, for :meth:`resume`: a plan's first page is painted without them (its
        goal cards took a third of the time to its first paint) and they fill in after."""
        held: list[Batches] = []
        previous, cls._held = cls._held, held
        try:
            yield held
        finally:
            cls._held = previous

    def resume(self) -> None:
        """Start jobs held back by :meth:`held` (as :meth:`run` would have)."""
        if self._jobs and not self._running and not self._timer.isActive():
            self._slice(self.eager)

    def pending(self) -> bool:
        return bool(self._jobs)

    def flush(self) -> None:
        """Run every queued job now (before anything that needs all of them done)."""
        if self._running or not self._jobs:
            return
        self._timer.stop()
        self._running = True
        try:
            while self._jobs:
                self._jobs.popleft()()
        finally:
            self._running = False
        self._finish()

    def _slice(self, least: int = 0) -> None:
        if self._running:
            return
        self._running = True
        end = time.perf_counter() + slice_seconds(self.slice_ms)
        done = 0
        try:
            while self._jobs:
                self._jobs.popleft()()
                done += 1
                if done >= least and time.perf_counter() >= end:
                    break
        finally:
            self._running = False
        if self._jobs:
            self._timer.start()
        else:
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        if self._done is not None:
            self._done()

    def _on_timer_timeout(self) -> None:
        self._slice()
