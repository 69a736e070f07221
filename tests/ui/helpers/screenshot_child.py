"""Start SIP Desk on a plan in a real window, show a step, save a screenshot of the screen, quit.

Run as ``python screenshot_child.py PLAN OUT.png [--step N] [--size 1440x900] [--present]
[--focus ITEM] [--no-side]``
with ``QT_QPA_PLATFORM=xcb`` and a ``DISPLAY``. Exits 0 once the PNG is written; 3 if the plan
did not open within a minute.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication

from sipdesk.ui.app import build_window, create_application


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--present", action="store_true")
    parser.add_argument("--focus", default="", help="a plan item to scroll to, e.g. swot")
    parser.add_argument("--no-side", action="store_true", help="the coaching panel folded")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))

    app = create_application([sys.argv[0]])
    settings_dir = tempfile.mkdtemp(prefix="sipdesk-settings-")
    settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/maximized", False)
    if args.no_side:
        settings.setValue("view/side_panel", False)
    window = build_window(app, args.plan, settings)
    window.setGeometry(0, 0, width, height)
    result = {"code": 3}

    def grab() -> None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        frame = window.frameGeometry()
        shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        args.out.parent.mkdir(parents=True, exist_ok=True)
        result["code"] = 0 if shot.save(str(args.out)) else 4
        print(f"saved {args.out} {shot.width()}x{shot.height()}", flush=True)
        window.close()

    def on_opened(_controller: object) -> None:
        if args.present:
            window.set_presentation(True)
        window.show_step(args.step)
        if args.focus:
            window.go_to_finding(args.step, args.focus)
        # let the page paint and the plan health arrive before the picture is taken
        QTimer.singleShot(1500, grab)

    window.plan_opened.connect(on_opened)
    QTimer.singleShot(60000, app.quit)
    app.exec()
    window.runner.wait(timeout=30)
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
