"""Cold start: a bare PySide6 window, the SIP Desk start screen, and the sample plan opened from
the command line, interactive at the step it was left on (step 1).

Each is a fresh Python process, timed from launch until the window is on screen (exposed and
painted); the figures are medians of several runs, printed with SIP Desk's time as a ratio to
the bare window's in the same run. Targets: start screen ≤ 1.5×, sample plan step 1 ≤ 3×.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WAIT_SHOWN = """
def wait_shown(app, widget):
    # Waits in the event loop for the window's first paint, never in a busy loop of
    # processEvents() that would take the interpreter's turns from the work being measured.
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    handle = widget.windowHandle()
    if handle is not None and handle.isExposed():
        app.processEvents()  # shown already: the paint it has queued
        return
    loop = QEventLoop()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, loop.quit)  # once this paint is done
            return False

    painted = FirstPaint()
    widget.installEventFilter(painted)
    loop.exec()
    widget.removeEventFilter(painted)
"""

BARE = (
    WAIT_SHOWN
    + """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1200, 800)
window.show()
wait_shown(app, window)
print("shown", flush=True)
"""
)

START_SCREEN = (
    WAIT_SHOWN
    + """
import sys
from PySide6.QtCore import QSettings
from sipdesk.ui.app import build_window, create_application
app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = build_window(app, None, settings)
wait_shown(app, window)
print("shown", "sqlalchemy" in sys.modules, flush=True)
window.runner.wait(timeout=30)
"""
)

SAMPLE_STEP_1 = (
    WAIT_SHOWN
    + """
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings
from sipdesk.ui.app import build_window, create_application
from sipdesk.ui.settings import WindowSettings
app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
plan = Path(sys.argv[2]).absolute()
settings.setValue(WindowSettings.plan_key(plan, "step"), 1)  # the plan was left on step 1
window = build_window(app, plan, settings)
# Waits in the event loop (as the app does) until the plan is interactive at its last step.
loop = QEventLoop()
window.plan_opened.connect(lambda _c: loop.quit())
loop.exec()
page = window.current_page()
wait_shown(app, window)
page.repaint()
print("shown", type(page).__name__, flush=True)
closed = QEventLoop()
window.plan_closed.connect(closed.quit)
window.close_plan()
if window.controller is not None:
    closed.exec()
window.runner.wait(timeout=30)
"""
)


def launch(code: str, *args: str, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from launching Python until the child says its window is shown."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate(timeout=60)
    if not line.startswith("shown"):
        raise SystemExit(f"the child failed: {line!r} {err}")
    return elapsed, line.strip()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    work = Path(tempfile.mkdtemp(prefix="sipdesk-bench-"))
    # An installed copy starts from compiled bytecode (pip and the bundle both ship it); a
    # shell with PYTHONDONTWRITEBYTECODE would make every run compile SIP Desk's source again,
    # adding about a third of a second that no user pays. The warm-up writes the bytecode.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "SIPDESK_DATA_DIR": str(work / "data"),
        "PYTHONPATH": str(ROOT),
    }
    plan = work / "Riverside Elementary.sipdesk"
    subprocess.run(
        [sys.executable, "-m", "sipdesk", "sample", str(plan)], env=env, check=True, cwd=ROOT
    )
    settings = str(work / "settings.ini")
    # one warm-up of each, so the disk cache is equally warm for all three
    launch(BARE, env=env)
    launch(START_SCREEN, settings, env=env)
    launch(SAMPLE_STEP_1, settings, str(plan), env=env)
    bare, start, step1 = [], [], []
    notes: set[str] = set()
    for _ in range(runs):
        bare.append(launch(BARE, env=env)[0])
        seconds, line = launch(START_SCREEN, settings, env=env)
        start.append(seconds)
        notes.add(line)
        seconds, line = launch(SAMPLE_STEP_1, settings, str(plan), env=env)
        step1.append(seconds)
        notes.add(line)
    b, s, p = (statistics.median(x) for x in (bare, start, step1))
    bm, sm, pm = (min(x) for x in (bare, start, step1))
    print(f"platform: {env['QT_QPA_PLATFORM']}, {runs} runs each, median (min)")
    print(f"bare PySide6 window shown        {b * 1000:7.0f} ms ({bm * 1000:.0f})")
    print(
        f"start screen shown               {s * 1000:7.0f} ms ({sm * 1000:.0f})   "
        f"{s / b:4.2f}x ({sm / bm:.2f}x)  (target <= 1.5x)"
    )
    print(
        f"plan at its last step (1) shown  {p * 1000:7.0f} ms ({pm * 1000:.0f})   "
        f"{p / b:4.2f}x ({pm / bm:.2f}x)  (target <= 3x)"
    )
    for note in sorted(notes):
        if note.startswith("shown True"):
            print("note: SQLAlchemy was loaded before the start screen was shown")


if __name__ == "__main__":
    main()
