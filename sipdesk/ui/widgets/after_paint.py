"""Work that can wait until a widget is on screen: run it once the widget has been painted.

Opening a plan shows its first page and then works out plan health and loads the other steps'
code. Started at once, that work takes turns with the first page's layout and paint (Python
runs one thread at a time), so the page came up later than it needed to. :func:`after_paint`
runs it in the turn of the event loop after the widget's next paint instead; a widget that is
hidden (nothing will paint it) runs it in the next turn, and one that is never painted runs
it after :data:`LATEST_MS` all the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# The longest the work waits for a paint that does not come (a window being minimised).
LATEST_MS = 1000


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, work: Callable[[], None]) -> None:
        super().__init__(widget)  # dies with the widget, the work with it
        self._widget = widget
        self._work: Callable[[], None] | None = work
        widget.installEventFilter(self)
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            # After this paint is done, not inside it.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        work()


def after_paint(widget: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` once, on this thread, after ``widget`` is next painted (see above)."""
    if not widget.isVisible():
        QTimer.singleShot(0, widget, work)
        return
    _AfterPaint(widget, work)
