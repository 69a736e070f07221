"""What keeps opening a plan from the command line quick (issue 12, item 4).

- PySide6 reads no module's source as it is imported (sipdesk/ui/pyside_imports.py): the
  ORM's and SIP Desk's own files stay unread, and out of the line cache.
- Opening a plan loads, right after the window's first paint while the plan is read, the code
  the open plan's window (its panels, the meeting bar, the comments) and the page of the step
  it was left on need (step 1 here), so the window's thread does not stop for it later; and no
  thread but the window's imports Qt code (PySide makes its types as they are first used, and
  two threads doing that at once crashed it).
- Python's garbage collector waits while start-up builds its objects, until the start screen
  or the plan's first page is up.
- Plan health, the other steps' code and the goal cards below step 1's first screenful wait
  until that first screenful has been painted, then follow; so do the targets' patterns
  (sipdesk/services/targets.py), compiled when a target is first read.

Each runs in a fresh interpreter, since this test process has long loaded everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sipdesk.cli import main as cli_main

SOURCE_UNREAD = """
import linecache, sys
import sipdesk.ui.app  # PySide6 first, as the app loads it
import sipdesk.models as models
import sipdesk.services.snapshot
from sipdesk.storage import PlanDocument
models.Base
read = [n for n in linecache.cache if n.endswith(".py") and ("sqlalchemy" in n or "sipdesk" in n)]
feature = sys.modules["shibokensupport.feature"]
print("read", len(read), read[:3])
print("orm-flag", feature.pyside_feature_dict.get("sqlalchemy.orm"))
"""

OPEN_FROM_COMMAND_LINE = """
import sys, threading

# Who imports Qt code: only the window's thread may. PySide makes each Qt type the first time
# Python uses it, and two threads doing that at once crashed it.
qt_elsewhere = []


class Watch:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is not threading.main_thread() and name.startswith(
            ("PySide6", "shiboken6", "sipdesk.ui")
        ):
            qt_elsewhere.append((threading.current_thread().name, name))
        return None


sys.meta_path.insert(0, Watch())
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from sipdesk.ui.app import build_window, create_application
from sipdesk.ui.settings import WindowSettings
from sipdesk.ui.widgets.after_paint import after_paint

app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
plan = Path(sys.argv[2]).absolute()
settings.setValue(WindowSettings.plan_key(plan, "step"), 1)
import gc
window = build_window(app, plan, settings)
paused = not gc.isenabled()
state = {}


def painted():
    QTimer.singleShot(0, check)  # after build_window's own work for the same paint


def check():
    # Right after the window's first paint: the plan is still being read, and its window
    # code is in.
    from sipdesk.ui.workspace import PANEL_MODULES

    wanted = ("sipdesk.ui.controller", *PANEL_MODULES, "sipdesk.ui.pages.direction_page")
    state["loaded"] = "all" if all(name in sys.modules for name in wanted) else "missing"
    state["opened first"] = window.controller is not None


after_paint(window, painted)
loop = QEventLoop()
window.plan_opened.connect(lambda _c: loop.quit())
loop.exec()
resumed = gc.isenabled()
# Opened, first page not yet painted: plan health has not started, no other step's code.
analyzer = window.workspace.analyzer
page = window.current_page()
waiting = (
    not analyzer._running
    and "sipdesk.ui.pages.needs_page" not in sys.modules
    and page.batches.pending()  # the goal cards, below the first screenful
    and not page._cards
)
# The targets' patterns (about ten milliseconds to compile) wait for the first target read.
targets = sys.modules["sipdesk.services.targets"]
patterns = targets._time_patterns.cache_info().currsize + targets._amount.cache_info().currsize
print("target patterns", patterns, flush=True)
analysed = QEventLoop()
window.workspace.analyzer.analyzed.connect(lambda _a: analysed.quit())
analysed.exec()
print("loaded", state["loaded"], "waiting", waiting, "cards", len(page._cards), flush=True)
print("opened before its first paint", state["opened first"], flush=True)
print("qt off the window's thread", qt_elsewhere, flush=True)
print("collector paused", paused, "resumed", resumed, flush=True)
closed = QEventLoop()
window.plan_closed.connect(closed.quit)
window.close_plan()
closed.exec()
window.runner.wait(timeout=30)
"""


def _run(code: str, *args: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SIPDESK_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pyside_reads_no_source_of_the_modules_imported_after_it(tmp_path: Path) -> None:
    out = _run(SOURCE_UNREAD, tmp_path=tmp_path)
    assert "read 0 []" in out, out
    assert "orm-flag -1" in out, out  # noted as not using PySide6, without reading it


def test_a_plan_opened_from_the_command_line_finds_its_code_loaded(tmp_path: Path) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    out = _run(OPEN_FROM_COMMAND_LINE, str(tmp_path / "settings.ini"), str(plan), tmp_path=tmp_path)
    assert "loaded all waiting True cards 3" in out, out
    assert "opened before its first paint False" in out, out
    assert "qt off the window's thread []" in out, out
    assert "collector paused True resumed True" in out, out
    assert "target patterns 0" in out, out


START_SCREEN = """
import gc, sys
from PySide6.QtCore import QSettings, QTimer
from sipdesk.ui.app import build_window, create_application

app = create_application()
window = build_window(app, None, QSettings(sys.argv[1], QSettings.Format.IniFormat))
paused = not gc.isenabled()
QTimer.singleShot(0, app.quit)  # queued after build_window's own
app.exec()
print("collector paused", paused, "resumed", gc.isenabled(), flush=True)
window.runner.wait(timeout=30)
"""


def test_start_up_keeps_the_garbage_collector_waiting_only_until_shown(tmp_path: Path) -> None:
    out = _run(START_SCREEN, str(tmp_path / "settings.ini"), tmp_path=tmp_path)
    assert "collector paused True resumed True" in out, out


EDIT_AT_ONCE = """
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings
from sipdesk.models.tables import PLAN_PROFILE
from sipdesk.ui.app import build_window, create_application

app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
plan = Path(sys.argv[2]).absolute()
window = build_window(app, plan, settings)
seen = {}
def opened(controller):
    # The plan is open and its page built: the database code has not loaded yet.
    seen["database code before"] = "sqlalchemy" in sys.modules
    change = controller.set_field(PLAN_PROFILE, 1, "Edit mission", mission="Typed at once.")
    seen["edit kept"] = change is not None and controller.plan()["profile"]["mission"]
    loop.quit()
loop = QEventLoop()
window.plan_opened.connect(opened)
loop.exec()
closed = QEventLoop()
window.plan_closed.connect(closed.quit)
window.close_plan()
closed.exec()
window.runner.wait(timeout=30)
print(sorted(seen.items()))
"""


def test_an_edit_made_before_the_database_code_loads_is_kept(tmp_path: Path) -> None:
    """A plan opens and shows its page without SQLAlchemy (issue 12); an edit made at that
    moment waits for it and is saved like any other."""
    from sipdesk.storage import PlanDocument

    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    out = _run(EDIT_AT_ONCE, str(tmp_path / "settings.ini"), str(plan), tmp_path=tmp_path)
    assert out.strip().splitlines()[-1] == (
        "[('database code before', False), ('edit kept', 'Typed at once.')]"
    ), out
    with PlanDocument.open(plan, readonly=True) as document:
        assert document.read_plan()["profile"]["mission"] == "Typed at once."
