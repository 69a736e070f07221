"""Opening a district desk in the app: ``sipdesk DESK.sipdistrict`` on the command line, and a
``.sipdistrict`` file chosen, dropped or recent in the plan window.

A desk opens in a :class:`~sipdesk.ui.district.desk_window.DeskWindow` of its own, never in a
plan window. Windows opened from the plan window are kept here while they are open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from sipdesk.ui.district.connect import is_server_address
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.theme import Theme

DESK_SUFFIX = ".sipdistrict"

# The desk windows open now (a top-level window with no parent lives as long as someone keeps it).
_open: list[DeskWindow] = []


def is_desk(path: Path | str) -> bool:
    """Whether ``path`` names a district desk (by its suffix; opening it checks the rest)."""
    return Path(path).suffix.lower() == DESK_SUFFIX


def open_desk_window(
    path: Path | str, settings: QSettings | None = None, theme: Theme | None = None
) -> DeskWindow:
    """A desk window on ``path``, shown at once; the desk opens on its worker thread. A desk
    already open in a window of this SIP Desk is brought to the front instead."""
    server = is_server_address(path)  # a desk on a PostgreSQL server (issue 14)
    wanted: Path | str = str(path).strip() if server else Path(path).expanduser().absolute()
    for open_window in _open:
        if not server and open_window.desk_path == wanted:
            if open_window.isMinimized():
                open_window.showNormal()
            open_window.raise_()
            open_window.activateWindow()
            return open_window
    window = DeskWindow(settings, theme)
    _open.append(window)
    window.destroyed.connect(lambda *_: _open.remove(window) if window in _open else None)
    window.desk_closed.connect(lambda: _open.remove(window) if window in _open else None)
    window.open_failed.connect(lambda _e: _open.remove(window) if window in _open else None)
    screen = QApplication.primaryScreen()
    if screen is not None and screen.availableGeometry().width() <= 1366:
        window.setGeometry(screen.availableGeometry())
        window.showMaximized()
    else:
        window.show()
    window.raise_()
    window.activateWindow()
    window.open_desk(wanted)
    return window


__all__ = ["DESK_SUFFIX", "is_desk", "open_desk_window"]
