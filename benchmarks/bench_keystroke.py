"""Typing into a goal: how soon each keystroke is in the working copy, and how long the
window's thread is ever blocked while someone types.

A person types 60 characters into the first goal of the sample plan (one key every 60 ms).
A separate reader polls the working copy to see when each character arrives; a 2 ms heartbeat
timer on the window's thread shows the longest stretch it could not run. Targets: stored
within 1 s, no block longer than 16 ms. Also reports when the plan file itself was updated.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_keystroke.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="sipdesk-bench-"))
os.environ["SIPDESK_DATA_DIR"] = str(WORK / "data")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from sipdesk.ui.app import build_window, create_application  # noqa: E402

TEXT = ", and every family knows how their child is doing in reading"[:60]
KEY_INTERVAL_MS = 60
HEARTBEAT_MS = 2


class Poller(threading.Thread):
    """Reads the goal from the working copy every millisecond; notes when each length appears."""

    def __init__(self, working: Path, goal_id: int, start_length: int) -> None:
        super().__init__(daemon=True)
        self.conn = sqlite3.connect(
            f"{working.as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        self.goal_id = goal_id
        self.seen: dict[int, float] = {}
        self.start_length = start_length
        self.stop = False

    def run(self) -> None:
        while not self.stop:
            row = self.conn.execute(
                "SELECT text FROM goals WHERE id = ?", (self.goal_id,)
            ).fetchone()
            length = len(row[0]) - self.start_length if row else 0
            now = time.perf_counter()
            for n in range(1, length + 1):
                self.seen.setdefault(n, now)
            time.sleep(0.001)


def main() -> None:
    app = create_application()
    plan = WORK / "Riverside Elementary.sipdesk"
    from sipdesk.export.interchange import import_json
    from sipdesk.paths import resource_path

    import_json(resource_path("sample-plan.json"), plan).close()
    settings = QSettings(str(WORK / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(app, plan, settings)
    while window.controller is None:
        app.processEvents()
    window.show_step(1)
    for _ in range(50):
        app.processEvents()
    page = window.current_page()
    card = page._ordered_cards()[0]  # type: ignore[union-attr]
    editor = card.text
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    controller = window.controller
    original = editor.toPlainText()
    poller = Poller(controller.document.working_path, card.goal_id, len(original))
    poller.start()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(beat)
    heartbeat.start()

    sent: dict[int, float] = {}
    handler: list[float] = []
    saved_at: list[float] = []
    controller.save_state_changed.connect(
        lambda text: saved_at.append(time.perf_counter()) if text.startswith("Saved") else None
    )

    def type_one(index: int = 0) -> None:
        if index >= len(TEXT):
            return
        sent[index + 1] = time.perf_counter()
        QTest.keyClick(editor, TEXT[index])
        handler.append(time.perf_counter() - sent[index + 1])
        QTimer.singleShot(KEY_INTERVAL_MS, lambda: type_one(index + 1))

    QTimer.singleShot(100, type_one)
    deadline = time.perf_counter() + len(TEXT) * KEY_INTERVAL_MS / 1000 + 4.0
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    heartbeat.stop()
    poller.stop = True
    poller.join()
    last_key = max(sent.values())

    delays = [poller.seen[n] - sent[n] for n in sent if n in poller.seen]
    missing = len(sent) - len(delays)
    blocks = [max(0.0, g - HEARTBEAT_MS / 1000) for g in gaps]
    print(f"typed {len(sent)} characters, one every {KEY_INTERVAL_MS} ms, into goal 1")
    print(
        f"keystroke to stored in the working copy: median {statistics.median(delays) * 1000:.1f} "
        f"ms, worst {max(delays) * 1000:.1f} ms (target: within 1000 ms); never seen: {missing}"
    )
    print(
        f"key handling on the window's thread: median {statistics.median(handler) * 1000:.1f} "
        f"ms, worst {max(handler) * 1000:.1f} ms"
    )
    print(
        f"longest block of the window's thread (heartbeat): {max(blocks) * 1000:.1f} ms; "
        f"blocks over 16 ms: {sum(1 for b in blocks if b > 0.016)} (target: none)"
    )
    after = [t - last_key for t in saved_at if t > last_key]
    if after:
        print(f"plan file written back {after[0]:.2f} s after the last keystroke")
    stored = window.controller.plan()["goals"][0]["text"]  # type: ignore[union-attr]
    print("final text stored:", stored.endswith(TEXT))
    window.close_plan()
    while window.controller is not None:
        app.processEvents()
    window.runner.wait(timeout=30)


if __name__ == "__main__":
    main()
