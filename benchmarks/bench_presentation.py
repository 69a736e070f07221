"""Presentation mode and zoom on the sample plan: how long the window is busy.

Target (issue 10, item 5): toggling F5 (presentation on and off), Ctrl+=, Ctrl+− and Show view
(F6, on and off) takes at most 100 ms of the UI thread on the sample plan.

What is timed, offscreen, in one process, in a 1366×768 window showing step 3 (Find root
causes) of the sample plan, after every step has been shown once (so every page is built):
- the floor: one plain repaint of the same window (``repaint()``, median of 5);
- each key: the action's own call, then every event the window handles until it is idle again
  (0.5 s with nothing to do). "busy" is the sum of it all, the UI thread's time; "longest" is
  the longest single stretch the window could not answer the person.

The application's ``notify`` is timed, so each event the UI thread handles (a paint, a layout,
a timer, a style change) counts once. "cpu" is the same sum read from the UI thread's own CPU
clock (``time.thread_time``): on a shared, busy machine the wall-clock figures include time the
thread spent waiting for a core, the CPU figure does not. Figures only, no asserts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_presentation.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TARGET_MS = 100.0
WIDTH, HEIGHT = 1366, 768
ROUNDS = 3
IDLE_S = 0.5  # the window is idle once this long passes with no event worth a millisecond


class TimedApplication(QApplication):
    """Adds up the time of every outermost event the UI thread handles."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self._depth = 0
        self.busy = 0.0
        self.cpu = 0.0
        self.longest = 0.0
        self.last_busy_at = time.perf_counter()

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if self._depth:
            return super().notify(receiver, event)
        self._depth += 1
        start, cpu_start = time.perf_counter(), time.thread_time()
        try:
            return super().notify(receiver, event)
        finally:
            self._depth -= 1
            took = (time.perf_counter() - start) * 1000
            self.cpu += (time.thread_time() - cpu_start) * 1000
            self.busy += took
            self.longest = max(self.longest, took)
            if took >= 1.0:
                self.last_busy_at = time.perf_counter()

    def reset(self) -> None:
        self.busy = self.cpu = self.longest = 0.0
        self.last_busy_at = time.perf_counter()


def until_idle(app: TimedApplication, limit_s: float = 30.0) -> None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        app.processEvents()
        if time.perf_counter() - app.last_busy_at > IDLE_S:
            return
        time.sleep(0.002)


def timed(app: TimedApplication, action: object) -> tuple[float, float, float]:
    """(busy, cpu, longest) in ms for one call of ``action`` and what follows it."""
    until_idle(app)
    app.reset()
    start, cpu_start = time.perf_counter(), time.thread_time()
    action()  # type: ignore[operator]
    call = (time.perf_counter() - start) * 1000
    call_cpu = (time.thread_time() - cpu_start) * 1000
    until_idle(app)
    return call + app.busy, call_cpu + app.cpu, max(call, app.longest)


def row(name: str, busy: float, cpu: float, longest: float, floor: float) -> str:
    mark = "ok " if cpu <= TARGET_MS else "OVER"
    return (
        f"{name:<22} busy {busy:7.1f} ms  cpu {cpu:7.1f} ms {mark} {cpu / TARGET_MS:5.2f}× target "
        f"{cpu / floor:6.1f}× floor   longest {longest:7.1f} ms"
    )


def main() -> None:
    app = TimedApplication([])
    from sipdesk.export.interchange import import_json
    from sipdesk.paths import resource_path
    from sipdesk.ui.main_window import MainWindow
    from sipdesk.ui.steps import STEPS
    from sipdesk.ui.theme import Theme
    from sipdesk.ui.widgets.dialogs import Dialogs

    folder = Path(tempfile.mkdtemp(prefix="sipdesk-bench-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    theme = Theme(app)
    theme.apply(zoom=1.0, high_contrast=False)
    window = MainWindow(settings, theme, Dialogs(None))
    window.resize(WIDTH, HEIGHT)
    window.show()
    opened: list[object] = []
    window.plan_opened.connect(opened.append)
    plan = folder / "Riverside Elementary.sipdesk"
    import_json(resource_path("sample-plan.json"), plan).close()
    window.open_plan(plan)
    while not opened:
        app.processEvents()
        time.sleep(0.002)
    for info in STEPS:  # every page built, as after a meeting's first pass through the steps
        window.show_step(info.number)
        until_idle(app)
    window.show_step(3)
    until_idle(app)

    floors, floor_cpus = [], []
    for _ in range(5):
        start, cpu_start = time.perf_counter(), time.thread_time()
        window.repaint()
        floors.append((time.perf_counter() - start) * 1000)
        floor_cpus.append((time.thread_time() - cpu_start) * 1000)
    floor, floor_cpu = sorted(floors)[2], sorted(floor_cpus)[2]
    print(f"sample plan at step 3, {WIDTH}×{HEIGHT}, all nine pages built")
    print(
        f"floor: one plain repaint of the window: {floor:.1f} ms, "
        f"cpu {floor_cpu:.1f} ms (median of 5)"
    )
    print()
    actions = (
        ("F5 presentation on", lambda: window.presentation_action.trigger()),
        ("Ctrl+= zoom in", lambda: window.zoom_in_action.trigger()),
        ("Ctrl+− zoom out", lambda: window.zoom_out_action.trigger()),
        ("F5 presentation off", lambda: window.presentation_action.trigger()),
        ("Ctrl+= zoom in (100%)", lambda: window.zoom_in_action.trigger()),
        ("Ctrl+− zoom out", lambda: window.zoom_out_action.trigger()),
        ("F6 Show view on", lambda: window.wall_action.trigger()),
        ("F6 Show view off", lambda: window.wall_action.trigger()),
    )
    # The whole sequence ROUNDS times (it ends where it began); each figure is the median
    # of its rounds, so one busy moment of a shared machine does not make the figure.
    figures: dict[int, list[tuple[float, float, float]]] = {n: [] for n in range(len(actions))}
    for _ in range(ROUNDS):
        for n, (_name, action) in enumerate(actions):
            figures[n].append(timed(app, action))
    print(f"median of {ROUNDS} rounds")
    for n, (name, _action) in enumerate(actions):
        busy, cpu, longest = (sorted(f[k] for f in figures[n])[ROUNDS // 2] for k in range(3))
        print(row(name, busy, cpu, longest, floor_cpu))
    for step in (2, 0):
        print(
            row(
                f"then show step {step}", *timed(app, lambda s=step: window.show_step(s)), floor_cpu
            )
        )
    window.close_plan()
    until_idle(app)
    window.runner.wait(timeout=60)
    window.close()


if __name__ == "__main__":
    main()
