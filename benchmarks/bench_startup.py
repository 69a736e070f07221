"""Cold start: a bare PySide6 window, the SIP Desk start screen, and the sample plan opened from
the command line, interactive at the step it was left on (step 1).

Each is a fresh Python process, timed from launch until the window (for the plan, its step's
page) has been painted, reported in the turn of the event loop right after that paint; the
figures are medians of several runs, printed with SIP Desk's time as a ratio to
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

WHEN_PAINTED = """
def cpu():
    # The process's CPU time so far, every thread's: what start-up cost, apart from waiting
    # for a busy machine (a steadier figure than the wall clock on a shared one).
    import time
    return f"cpu={time.process_time():.4f}"


def when_painted(widget, then):
    # Runs then() in the turn of the event loop right after the widget's next paint: the
    # moment that paint is done and on screen. Measured there, and not when the event loop
    # next returns, so work the app itself queues for after its first paint (the start
    # screen's style, a plan's health) is not counted as part of showing it. Waits in the
    # event loop, never in a busy loop of processEvents() that would take the
    # interpreter's turns from the work being measured.
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)  # once this paint is done
            return False

    widget._first_paint = FirstPaint()
    widget.installEventFilter(widget._first_paint)
"""

BARE = (
    WHEN_PAINTED
    + """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1200, 800)
window.show()
when_painted(window, lambda: (print("shown", cpu(), flush=True), app.quit()))
app.exec()
"""
)

START_SCREEN = (
    WHEN_PAINTED
    + """
import sys
from PySide6.QtCore import QEventLoop, QSettings
from sipdesk.ui.app import build_window, create_application
app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = build_window(app, None, settings)
loop = QEventLoop()
def shown():
    print("shown", "sqlalchemy" in sys.modules, cpu(), flush=True)
    loop.quit()
when_painted(window, shown)
loop.exec()
window.runner.wait(timeout=30)
"""
)

SAMPLE_STEP_1 = (
    WHEN_PAINTED
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
# Waits in the event loop (as the app does) until the plan is interactive at its last step
# and that step's page has been painted.
loop = QEventLoop()
def shown():
    print("shown", type(window.current_page()).__name__, cpu(), flush=True)
    loop.quit()
window.plan_opened.connect(lambda _c: when_painted(window.current_page(), shown))
loop.exec()
closed = QEventLoop()
window.plan_closed.connect(closed.quit)
window.close_plan()
if window.controller is not None:
    closed.exec()
window.runner.wait(timeout=30)
"""
)


def launch(code: str, *args: str, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from launching Python until the child says its window is shown, and what it
    said (ending with its CPU seconds, ``cpu=…``)."""
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
    cpus: dict[str, list[float]] = {"bare": [], "start": [], "step1": []}
    notes: set[str] = set()
    for _ in range(runs):
        seconds, line = launch(BARE, env=env)
        bare.append(seconds)
        cpus["bare"].append(_cpu(line))
        seconds, line = launch(START_SCREEN, settings, env=env)
        start.append(seconds)
        cpus["start"].append(_cpu(line))
        notes.add(line.rsplit(" ", 1)[0])
        seconds, line = launch(SAMPLE_STEP_1, settings, str(plan), env=env)
        step1.append(seconds)
        cpus["step1"].append(_cpu(line))
        notes.add(line.rsplit(" ", 1)[0])
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
    cb, cs, cp = (statistics.median(cpus[k]) for k in ("bare", "start", "step1"))
    print(
        f"CPU time (all threads), median: bare {cb * 1000:.0f} ms, start screen "
        f"{cs * 1000:.0f} ms ({cs / cb:.2f}x), plan {cp * 1000:.0f} ms ({cp / cb:.2f}x)"
    )
    for note in sorted(notes):
        if note.startswith("shown True"):
            print("note: SQLAlchemy was loaded before the start screen was shown")


def _cpu(line: str) -> float:
    return float(line.rsplit("cpu=", 1)[1])


if __name__ == "__main__":
    main()
