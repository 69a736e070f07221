"""SIP Desk on a plan in a real window, for a test that types into it with xdotool.

Run as ``python meeting_child.py PLAN`` with ``QT_QPA_PLATFORM=xcb`` and a ``DISPLAY``. The
window fills the screen and opens the plan exactly as the app does (``build_window``), with a
settings file of its own. The test drives it only through the X server's keyboard; it asks
this helper where it stands by writing one line to stdin, and reads one line back:

``state``       a JSON object: the focused control's accessible name, class and text, the
                step shown, whether Show view and presentation mode are on, whether a label
                is being typed on the diagram and what is selected there, the status bar's
                "Saved …" note and the title of a question on screen
``shot PATH``   a PNG of the whole screen (the wall included), then ``saved PATH``

It exits with the app's own code when the app quits (Ctrl+Q), and 3 if the plan never opened.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from sipdesk.ui.app import build_window, create_application
from sipdesk.ui.main_window import MainWindow


def text_of(widget: QWidget | None) -> str:
    if isinstance(widget, QLineEdit | QAbstractSpinBox | QAbstractButton):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    return ""


def state(window: MainWindow) -> dict[str, Any]:
    focus = QApplication.focusWidget()
    page = window.current_page()
    canvas = getattr(page, "canvas", None)
    wall = window.wall_open()
    dialog = QApplication.activeModalWidget()
    return {
        "focus": focus.accessibleName() if focus is not None else None,
        "kind": type(focus).__name__ if focus is not None else None,
        "text": text_of(focus),
        "step": window.current_step(),
        "wall": wall is not None and wall.isVisible(),
        "presenting": window.presentation_action.isChecked(),
        "editing": bool(canvas is not None and canvas.editing),
        "selection": list(canvas.selection() or ()) if canvas is not None else None,
        "opened": window.controller is not None,
        "saved": window.save_label.text(),
        "dialog": dialog.windowTitle() if dialog is not None else None,
    }


def main() -> int:
    plan = Path(sys.argv[1])
    app = create_application([sys.argv[0]])
    settings_dir = tempfile.mkdtemp(prefix="sipdesk-settings-")
    settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/maximized", False)
    window = build_window(app, plan, settings)
    screen = QGuiApplication.primaryScreen()
    window.setGeometry(screen.availableGeometry())
    opened = {"yes": False}

    def on_opened(_controller: object) -> None:
        opened["yes"] = True
        window.activateWindow()

    window.plan_opened.connect(on_opened)

    def answer(line: str) -> str:
        command, _, argument = line.strip().partition(" ")
        if command == "state":
            return json.dumps(state(window))
        if command == "shot":
            shot = screen.grabWindow(0)
            out = Path(argument)
            out.parent.mkdir(parents=True, exist_ok=True)
            return f"saved {out}" if shot.save(str(out)) else f"failed {out}"
        return f"unknown {command}"

    def on_stdin() -> None:
        line = sys.stdin.readline()
        if not line:  # the test went away: close as the person would
            notifier.setEnabled(False)
            window.close()
            return
        print(answer(line), flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_stdin)
    QTimer.singleShot(60000, lambda: None if opened["yes"] else app.exit(3))
    code = app.exec()
    window.runner.wait(timeout=30)
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
