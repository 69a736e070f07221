"""UI test set-up: a test-only settings file, scripted dialogs, real plan files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.theme import Theme
from sipdesk.ui.widgets.dialogs import Dialogs
from tests.plans import new_plan, sample_plan


class ScriptedDialogs(Dialogs):
    """Answers questions from a script instead of showing modal dialogs; records them all."""

    def __init__(self) -> None:
        super().__init__(None)
        self.answers: deque[Any] = deque()
        self.asked: list[tuple[str, str, tuple[str, ...]]] = []
        self.composed: list[tuple[str, str]] = []  # (the item offered first, the name given)

    def _next(self) -> Any:
        return self.answers.popleft() if self.answers else None

    def choose(
        self,
        title: str,
        text: str,
        options: Sequence[str],
        *,
        cancel: str | None = "Cancel",
        detail: str = "",
        warning: bool = True,
    ) -> int | None:
        self.asked.append((title, text, tuple(options)))
        answer = self._next()
        if isinstance(answer, str):
            return list(options).index(answer)
        return answer  # type: ignore[no-any-return]

    def inform(self, title: str, text: str, *, detail: str = "") -> None:
        self.asked.append((title, text, ()))

    def open_file(self, title: str, start: Path, file_filter: str = "") -> Path | None:
        self.asked.append((title, str(start), ()))
        return self._next()  # type: ignore[no-any-return]

    def save_file(self, title: str, start: Path, file_filter: str = "") -> Path | None:
        self.asked.append((title, str(start), ()))
        return self._next()  # type: ignore[no-any-return]

    def pick(self, title: str, text: str, items: Sequence[str]) -> int | None:
        self.asked.append((title, text, tuple(items)))
        return self._next()  # type: ignore[no-any-return]

    def ask_fields(
        self,
        title: str,
        text: str,
        fields: Sequence[str],
        *,
        accept: str = "OK",
        values: Sequence[str] = (),
    ) -> list[str] | None:
        self.asked.append((title, text, tuple(fields)))
        return self._next()  # type: ignore[no-any-return]

    def compose(
        self,
        title: str,
        text: str,
        items: Sequence[str],
        *,
        current: int = 0,
        author: str = "",
        finish: str = "Add",
    ) -> tuple[int, str, str] | None:
        """The answer is the writing (about ``items[current]``, by ``author``), or the whole
        (index, name, writing); what was offered is kept in ``composed``."""
        self.asked.append((title, text, tuple(items)))
        self.composed.append((items[current] if items else "", author))
        answer = self._next()
        if isinstance(answer, str):
            return current, author, answer
        return answer  # type: ignore[no-any-return]

    def titles(self) -> list[str]:
        return [title for title, _text, _options in self.asked]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of this test's own: never the person's real settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def theme(qapp: QApplication) -> Iterator[Theme]:
    """Every UI test starts with SIP Desk's own look at 100 %, whatever the test before it
    left behind (presentation zoom, high contrast).

    Afterwards the test's closed windows and pages are deleted through Qt, as the window
    deletes a closed plan's workspace. pytest-qt only closes them; kept alive by their
    signal connections and timers, they would pile up and every later restyle would walk
    all of them."""
    theme = Theme(qapp)
    theme.apply(zoom=1.0, high_contrast=False)
    yield theme
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible() and widget.parent() is None:
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "plans" / "Riverside Elementary.sipdesk"
    path.parent.mkdir(exist_ok=True)
    sample_plan(path).close()
    return path


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "plans" / "Lincoln Elementary.sipdesk"
    path.parent.mkdir(exist_ok=True)
    new_plan(path).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs) -> MainWindow:
    from sipdesk.ui.app import connect_desks

    win = MainWindow(settings, theme, dialogs)
    connect_desks(win)  # as the app does
    return show_window(qtbot, win, 1400, 900)


def show_window(qtbot: QtBot, win: MainWindow, width: int, height: int) -> MainWindow:
    """``win`` shown and active at ``width`` × ``height``; at the test's end its plan is
    closed and finished with before pytest-qt deletes it."""

    def shut_down(w: MainWindow) -> None:
        if w.controller is not None:
            with qtbot.waitSignal(w.plan_closed, timeout=15000):
                w.close_plan()
        w.runner.wait(timeout=15)

    qtbot.addWidget(win, before_close_func=shut_down)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def open_plan(qtbot: QtBot, win: MainWindow, path: Path, **kwargs: Any) -> PlanController:
    with qtbot.waitSignal(win.plan_opened, timeout=15000) as blocker:
        win.open_plan(path, **kwargs)
    controller = blocker.args[0]
    assert isinstance(controller, PlanController)
    return controller


def controller_for(qtbot: QtBot, path: Path) -> Iterator[PlanController]:
    controller = PlanController(PlanDocument.open(path))
    yield controller
    controller.close()


@pytest.fixture
def sample_controller(qtbot: QtBot, sample_file: Path) -> Iterator[PlanController]:
    yield from controller_for(qtbot, sample_file)


@pytest.fixture
def empty_controller(qtbot: QtBot, empty_file: Path) -> Iterator[PlanController]:
    yield from controller_for(qtbot, empty_file)


def stored(controller: PlanController) -> dict[str, Any]:
    """What the plan file on disk says, after writing the plan back."""
    controller.flush()
    with PlanDocument.open(controller.document.path, readonly=True) as doc, doc.session() as s:
        return read_plan(s)


def type_in_new_cell(qtbot: QtBot, view: QAbstractItemView, text: str) -> None:
    """Type into the cell editor that just opened and press Enter, as a person would."""
    editor = QApplication.focusWidget()
    assert editor is not None and view.state() == QAbstractItemView.State.EditingState
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits the cell on its next turn of the event loop.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def show_page(qtbot: QtBot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


# The room a page has in a 1366 × 768 window: beside the navigator and the coaching
# panel, and presenting (zoom 150 %, high contrast, no side panel).
WINDOW_1366 = [
    pytest.param(1.0, 788, 714, id="normal"),
    pytest.param(1.5, 1009, 698, id="presenting"),
]


@contextmanager
def sample_page_in_room(
    qtbot: QtBot,
    theme: Theme,
    folder: Path,
    page_class: type[QWidget],
    zoom: float,
    width: int,
    height: int,
) -> Iterator[Any]:
    """A step page on the sample plan, ``width`` × ``height`` at ``zoom`` (high contrast
    above 100 %, as when presenting); the theme and the plan are put back afterwards."""
    theme.apply(zoom=zoom, high_contrast=zoom > 1)
    controller = PlanController(sample_plan(folder / "Riverside.sipdesk"))
    try:
        page = page_class(controller)  # type: ignore[call-arg]
        qtbot.addWidget(page)
        page.resize(width, height)
        page.show()
        qtbot.waitExposed(page)
        yield page
    finally:
        controller.close()
        theme.apply(zoom=1.0, high_contrast=False)


UI_ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def private_xvfb(size: str) -> Iterator[str]:
    """A private X server with one screen of ``size`` (``"1024x768"``): its display name.
    Skips the test when Xvfb is missing or does not start."""
    server = shutil.which("Xvfb")
    if server is None:
        pytest.skip("Xvfb is not installed, so there is no X server for a real window")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [server, "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it is ready
    try:
        if not number:
            pytest.skip("Xvfb is installed but did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def killed_after_an_edit(path: Path, school_name: str) -> None:
    """A SIP Desk that stored an edit of the school's name in ``path``'s working copy and
    was killed (-9) before writing the plan back."""
    child = subprocess.Popen(
        [
            sys.executable,
            str(UI_ROOT / "tests" / "ui" / "helpers" / "crash_child.py"),
            str(path),
            school_name,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(UI_ROOT)},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ack"
    child.kill()
    child.wait()


# A school named like markup: labels must show it as written (tests/ui/test_markup_in_names.py).
MARKUP_SCHOOL = "<b>Oak</b> Hill <i>Academy</i>"


def read_as_markup(root: QWidget, marker: str) -> list[str]:
    """Every label under ``root`` that shows words containing ``marker`` and reads them as
    rich text (so the markup would vanish and restyle the rest)."""
    found = []
    for shown in root.findChildren(QLabel):
        text = shown.text()
        if marker not in text:
            continue
        format_ = shown.textFormat()
        rich = format_ == Qt.TextFormat.RichText or (
            format_ == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text)
        )
        if rich:
            found.append(f"{shown.objectName() or type(shown.parent()).__name__}: {text!r}")
    return found
