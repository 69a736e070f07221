"""Starting the desktop app: ``sipdesk [PLAN]`` ends up in :func:`run`.

The window appears first, with only Qt loaded; the storage layer is imported on the worker
thread that opens a plan, so the start screen is quick. A plan named on the command line has
its window code loaded right after the window's first paint, while the worker reads the plan
(see _load_plan_code), and Python's garbage collector waits until the first screen is up (see
_pause_collector). How long each takes: benchmarks/bench_startup.py.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from sipdesk.ui.document_session import log_unexpected
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.settings import WindowSettings, setting_bool, setting_float
from sipdesk.ui.steps import STEPS
from sipdesk.ui.theme import Theme
from sipdesk.ui.widgets.after_paint import after_paint
from sipdesk.ui.widgets.dialogs import Dialogs

APP_NAME = "SIP Desk"
# Set by the installer build's smoke test: open the plan, print the step shown, and quit.
SMOKE_TEST_ENV = "SIPDESK_SMOKE_TEST"
SMOKE_TIMEOUT_MS = 60_000
# Start-up keeps the garbage collector waiting no longer than this (see _pause_collector).
COLLECTOR_PAUSED_AT_MOST_MS = 10_000


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named so QSettings and the desktop know who we are."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setDesktopFileName("sipdesk")
    return app


# A screen this wide or narrower (a classroom projector, a school laptop) gets the whole of it
# the first time SIP Desk opens; after that, the window opens as it was left.
MAXIMIZED_UP_TO = 1366


def opens_maximized(screen_width: int) -> bool:
    """Whether a first start fills a screen ``screen_width`` pixels wide."""
    return 0 < screen_width <= MAXIMIZED_UP_TO


def _load_plan_code(page_module: str) -> None:
    """The window's code for an open plan and the page of the step the plan was left on,
    loaded right after the window's first paint, while the worker copies, checks and reads
    the plan, instead of after it. On the window's thread: PySide makes each Qt type the first
    time Python uses it, and doing that on two threads at once is not safe (a helper thread
    importing this code beside the window's thread crashed PySide in tests: see
    docs/architecture.md, "Start-up"). None of it loads the database code (SQLAlchemy and the
    models, a quarter of a second): that follows the plan's first paint, on a thread of its own
    (``Workspace.load_database_code``). A module that fails to load is left to the window,
    which says so when it needs it."""
    from sipdesk.ui.workspace import PANEL_MODULES

    for name in ("sipdesk.ui.controller", *PANEL_MODULES, page_module):
        try:
            importlib.import_module(name)
        except Exception:
            continue


def build_window(
    app: QApplication, plan: Path | None = None, settings: QSettings | None = None
) -> MainWindow:
    """Theme, window and start-up work, exactly as the app does it (benchmarks use this)."""
    settings = settings if settings is not None else QSettings()
    resume_collector = _pause_collector()
    # The start screen is painted before SIP Desk's own style is put in (see Theme), which
    # follows right after that paint; a plan's first page is always built with it.
    theme = Theme(app, start_screen=True)
    theme.apply(
        zoom=setting_float(settings, "view/zoom", 1.0),
        high_contrast=setting_bool(settings, "view/high_contrast", False),
    )
    window = MainWindow(settings, theme, plan_first=plan is not None)
    connect_desks(window)
    screen = app.primaryScreen()
    width = screen.availableGeometry().width() if screen is not None else 0
    if setting_bool(settings, "window/maximized", opens_maximized(width)):
        if screen is not None and not settings.contains("window/geometry"):
            # Filled even where nothing manages windows (a kiosk, a bare X server), where
            # "maximised" alone is only a wish.
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
    else:
        window.show()
    # Start-up work waits for the first paint, so the window is up before anything heavy.
    QTimer.singleShot(0, lambda: window.start(plan))
    after_paint(window, theme.finish)
    if plan is not None:
        # A plan to open: its code loads while the worker reads it (see _load_plan_code).
        step = WindowSettings(settings).plan_step(plan.expanduser().absolute())
        page = STEPS[step if 0 <= step < len(STEPS) else 0].module
        after_paint(window, functools.partial(_load_plan_code, page))
    if plan is None:
        QTimer.singleShot(0, resume_collector)  # after the start screen's first paint
    else:
        window.plan_opened.connect(resume_collector)
        window.open_failed.connect(resume_collector)
    QTimer.singleShot(COLLECTOR_PAUSED_AT_MOST_MS, resume_collector)
    return window


def _pause_collector() -> Callable[..., None]:
    """Keep Python's garbage collector out of start-up; the function given back lets it in.

    Loading the database code and the window's builds some hundred thousand objects, none of
    them garbage, and the collector went over them again and again as they were made (about a
    tenth of the time to a plan's first page). Once the start screen, or the plan's first
    page, is up, everything start-up made is frozen (``gc.freeze``: left out of later passes,
    freed as usual when nothing refers to it) and the collector runs as before; at the
    latest after :data:`COLLECTOR_PAUSED_AT_MOST_MS`, whatever happens."""
    if not gc.isenabled():  # paused by someone else: theirs to resume
        return lambda *_args: None
    gc.disable()
    paused = [True]

    def resume(*_args: object) -> None:
        if paused and not gc.isenabled():
            gc.freeze()
            gc.enable()
        paused.clear()

    return resume


def _quit_once_shown(app: QApplication, window: MainWindow) -> None:
    """For the built program's smoke test: quit after the plan's first step is on screen
    (exit 0), or with 3 if the plan could not be opened, or 4 if nothing happened in time."""

    def shown(step: int) -> None:
        print(f"smoke test: step {step} shown", flush=True)
        QTimer.singleShot(0, window.close)

    def failed(exc: object) -> None:
        print(f"smoke test: the plan did not open ({exc})", file=sys.stderr, flush=True)
        app.exit(3)

    window.dialogs = _NobodyToAsk(app, window)
    window.step_shown.connect(shown)
    window.open_failed.connect(failed)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: app.exit(4))


class _NobodyToAsk(Dialogs):
    """The smoke test's dialogs: a question means something went wrong; say it and quit."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(window)
        self.app = app

    def choose(self, title: str, text: str, options: Sequence[str], **_: Any) -> int | None:
        self.inform(title, text)
        return None

    def inform(self, title: str, text: str, *, detail: str = "") -> None:
        print(f"smoke test: asked “{title}”: {text}", file=sys.stderr, flush=True)
        self.app.exit(3)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error in a slot: keep the details, tell the person calmly, carry on."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log = log_unexpected(exc.with_traceback(tb))
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            where = f" Details were saved to {log}." if log else ""
            widget.statusBar().showMessage(
                f"Something unexpected went wrong ({kind.__name__}); your plan is safe.{where}",
                15000,
            )


def run(plan: Path | None = None) -> int:
    """Open the SIP Desk window (on ``plan`` if given) and run until it is closed."""
    app = create_application()
    sys.excepthook = _excepthook
    window = build_window(app, plan)
    if os.environ.get(SMOKE_TEST_ENV):
        _quit_once_shown(app, window)
    code = app.exec()
    window.runner.wait(timeout=30)
    return int(code)


def connect_desks(window: MainWindow) -> None:
    """A district desk chosen in the plan window opens in a desk window beside it."""

    def open_desk(path: Path) -> None:
        from sipdesk.ui.district.launch import open_desk_window

        open_desk_window(path, window.settings, window.theme)

    window.desk_requested.connect(open_desk)


def run_desk(path: Path | str) -> int:
    """``sipdesk DESK.sipdistrict`` (or ``sipdesk postgresql://…``): the desk's window, and
    nothing else, until it is closed."""
    # Here rather than in ui/district/launch.py, which ui/document_session.py (imported by
    # this module) uses: no import circle.
    from sipdesk.ui.district.launch import open_desk_window

    app = create_application()
    sys.excepthook = _excepthook
    settings = QSettings()
    theme = Theme(app)
    theme.apply(
        zoom=setting_float(settings, "view/zoom", 1.0),
        high_contrast=setting_bool(settings, "view/high_contrast", False),
    )
    window = open_desk_window(path, settings, theme)
    if os.environ.get("SIPDESK_SMOKE_TEST"):
        window.desk_opened.connect(window.close)
        window.open_failed.connect(lambda _e: app.exit(3))
    code = app.exec()
    window.runner.wait(timeout=30)
    return int(code)
