"""The start screen, and the tidy-up that follows it, leave the database code unloaded.

A window with no plan open is what a principal sees first; loading SQLAlchemy and the ORM into
it costs about 40 MiB and a fifth of a second of the machine's time for nothing. Run in a fresh
interpreter, since this test process has long loaded everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys
from PySide6.QtCore import QSettings, QTimer
from sipdesk.ui.app import build_window, create_application

app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = build_window(app, None, settings)
shown = "sqlalchemy" in sys.modules
# Making dataclasses cost the start screen some 4 ms (the module and four classes): the
# records it needs are named tuples.
dataclasses = "dataclasses" in sys.modules
ran = []
def tidy_then_quit():
    window._tidy_once()  # what the start screen queues 1.5 s after it is shown
    window.runner.submit(lambda: ran.append(True), on_done=lambda _r: app.quit())
QTimer.singleShot(0, tidy_then_quit)
app.exec()
window.runner.wait(timeout=30)
print("shown-loaded", shown, "tidy-loaded", "sqlalchemy" in sys.modules, "ran", bool(ran))
print("dataclasses", dataclasses)
"""


def run_child(tmp_path: Path, code: str, *args: str) -> str:
    """What ``code`` prints, run offscreen in a fresh interpreter with its own settings file
    and data folder in ``tmp_path``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SIPDESK_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "settings.ini"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_start_screen_and_tidy_do_not_load_the_database_code(tmp_path: Path) -> None:
    # A working copy left by a killed session, for the tidy-up to look at.
    (tmp_path / "data" / "working" / "abc").mkdir(parents=True)
    said = run_child(tmp_path, CHILD)
    assert "shown-loaded False tidy-loaded False ran True" in said, said
    assert "dataclasses False" in said, said


STYLE_AFTER_PAINT = """
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings
import PySide6.QtWidgets as widgets
from sipdesk.ui.app import build_window, create_application
from sipdesk.ui.widgets.after_paint import after_paint

app = create_application()
window = build_window(app, None, QSettings(sys.argv[1], QSettings.Format.IniFormat))
before = ("sipdesk.ui.scaled_style" in sys.modules, "QStyle" in vars(widgets))
loop = QEventLoop()
after_paint(window, loop.quit)  # queued after the theme's own, for the same paint
loop.exec()
from sipdesk.ui.scaled_style import ScaledStyle
from sipdesk.ui import theme
arrows = [Path(p) for p in theme._ARROWS.values()]
drawn = bool(arrows) and all(p.exists() for p in arrows)
print("before", before, "after", isinstance(window.theme._style, ScaledStyle), "arrows", drawn)
window.runner.wait(timeout=30)
"""


def test_the_start_screen_takes_the_style_and_arrows_right_after_its_first_paint(
    tmp_path: Path,
) -> None:
    """Qt's style machinery (QStyle and all its option types) and the arrows' pictures wait
    for the start screen's first paint, then come at once."""
    said = run_child(tmp_path, STYLE_AFTER_PAINT)
    assert "before (False, False) after True arrows True" in said, said


QT_NAMESPACE_AFTER_PAINT = """
import sys
from PySide6 import QtCore
from PySide6.QtCore import QEventLoop, QSettings
from sipdesk.ui.app import build_window, create_application
from sipdesk.ui.widgets.after_paint import after_paint

app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
settings.setValue("recent", sys.argv[2:])
window = build_window(app, None, settings)
loop = QEventLoop()
seen = []

def painted():
    # Qt's namespace is in the module's dictionary once PySide has built it.
    seen.append(dict.get(vars(QtCore), "Qt") is not None)
    loop.quit()

after_paint(window, painted)  # queued before the theme's own work, for the same paint
loop.exec()
print("listed", window.start_screen.recent.count(), "built", seen)
window.runner.wait(timeout=30)
"""


def test_the_start_screen_is_painted_before_qts_namespace_is_built(tmp_path: Path) -> None:
    """PySide builds the ``Qt`` namespace (93 enums, ``Qt.Key`` alone some 470 values) the
    first time Python names it: 15 ms, a tenth of the start screen's time. Nothing on the way
    to its first paint names it, recent plans listed or not; a plan's pages name it freely."""
    plan = tmp_path / "Oak Hill Middle.sipdesk"
    plan.write_bytes(b"")  # listed by name; the start screen does not open it
    recent = [str(plan), str(tmp_path / "gone" / "Maple Grove.sipdesk")]
    said = run_child(tmp_path, QT_NAMESPACE_AFTER_PAINT, *recent)
    assert "listed 2 built [False]" in said, said
