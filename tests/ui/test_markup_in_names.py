"""A school or a plan file whose name looks like markup ("<b>Oak</b> Hill") is shown as written.

Qt's labels guess whether their words are rich text. A label showing a name the school typed,
or a file's name, must not guess: "Saved to <b>Oak Hill.sipdesk" showed as a bold "Oak Hill".
Labels that are rich text by design escape the names they show, so the raw markup never
reaches them.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.steps import STEPS
from tests.plans import new_plan
from tests.ui.conftest import MARKUP_SCHOOL, open_plan, read_as_markup

FILE_NAME = "<b>Oak Hill.sipdesk"


def test_names_that_look_like_markup_are_shown_as_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / FILE_NAME
    new_plan(path, MARKUP_SCHOOL).close()
    open_plan(qtbot, window, path)
    assert window.save_label.full_text().startswith(f"Saved to {FILE_NAME}")
    problems: list[str] = []
    for step in STEPS:
        with qtbot.waitSignal(window.step_shown, timeout=5000):
            window.show_step(step.number)
        problems += read_as_markup(window, "<b>")
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    problems += read_as_markup(window, "<b>")
    assert not problems, "\n".join(sorted(set(problems)))
