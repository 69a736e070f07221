"""The hostile corpus through the window's open path.

Given each crafted plan file, when the window opens it, then a refused file gets the dialog
with one sentence naming it, the start screen stays, and nothing is left locked (opening it
again meets the same sentence, not "already open"); a file that opens shows every step. The
file is never touched and no private working copy outlives the attempt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.steps import STEPS
from tests.hostile_corpus import PLAN_CASES, READ_ONLY, REFUSED, Case, copy_case
from tests.plans import file_state
from tests.ui.conftest import ScriptedDialogs, open_plan


def _leftovers(data_dir: Path) -> list[str]:
    working = data_dir / "working"
    if not working.exists():
        return []
    # The private lock file may stay (it is only held while a plan is open); no copy may.
    files = [p for p in working.rglob("*") if p.is_file() and p.name != "lock"]
    return sorted(str(p.relative_to(working)) for p in files)


def _refusal(qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, path: Path) -> str:
    dialogs.asked.clear()
    with qtbot.waitSignal(window.open_failed, timeout=15000):
        window.open_plan(path)
    title, text, _options = dialogs.asked[-1]
    assert title == "This plan cannot be opened", text
    return text


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda c: c.name)
def test_the_window_meets_each_hostile_file(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    case: Case,
    tmp_path: Path,
    private_data_dir: Path,
) -> None:
    # Given a crafted plan file
    path = copy_case(case, tmp_path)
    before = file_state(path)
    kept = _leftovers(private_data_dir)  # building the sample itself may leave its own copy
    if case.outcome == REFUSED:
        # When the window opens it, then one plain sentence names the file
        text = _refusal(qtbot, window, dialogs, path)
        assert f"“{path.name}”" in text and case.words in text
        assert "Traceback" not in text and "sqlite" not in text.lower()
        assert window.stack.currentWidget() is window.start_screen
        # and nothing was left locked: a second try meets the same sentence
        assert _refusal(qtbot, window, dialogs, path) == text
    else:
        # When it opens, then every step page shows it
        controller = open_plan(qtbot, window, path)
        assert controller.document.readonly == (case.outcome == READ_ONLY)
        for step in range(len(STEPS)):
            window.show_step(step)
            assert window.workspace is not None
        with qtbot.waitSignal(window.plan_closed, timeout=15000):
            window.close_plan()
    # and the file is exactly as it was, with no copy of a refused file left behind
    assert file_state(path) == before
    if case.outcome == REFUSED:
        assert _leftovers(private_data_dir) == kept


def test_a_broken_plan_named_at_start_is_explained_over_the_start_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A plan named on the command line opens before any start screen is made (issue 12); if
    it cannot be opened, the sentence comes over the start screen, not an empty window."""
    from PySide6.QtCore import QSettings

    broken = tmp_path / "broken.sipdesk"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    working: list[bool] = []  # the "working" bar, as each question is asked

    class Watching(ScriptedDialogs):
        def choose(self, *args: Any, **kwargs: Any) -> int | None:
            working.append(window.busy_bar.isVisible())
            return super().choose(*args, **kwargs)

    dialogs = Watching()
    window = MainWindow(
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        dialogs=dialogs,
        plan_first=True,
    )
    qtbot.addWidget(window)
    window.show()
    assert not window.has_start_screen
    with qtbot.waitSignal(window.open_failed, timeout=15000):
        window.start(broken)
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.isVisible() and window.controller is None
    assert dialogs.asked and "cannot be opened" in dialogs.asked[-1][0]
    assert working == [False]  # nothing is being worked on while the question is asked
    window.runner.wait(timeout=30)
