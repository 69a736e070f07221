"""A key pressed while a helper thread still loads code waits for it (sipdesk.preload).

What a key does may import part of that code on the window's thread; two threads importing one
package at once can fail, and an edit typed right after a plan opened was once lost that way.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from sipdesk import preload
from sipdesk.ui.workspace import _InputWaitsForCode


def slow_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"slow_{uuid.uuid4().hex}"
    (tmp_path / f"{name}.py").write_text(
        "import time\ntime.sleep(0.4)\nDONE = True\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_the_first_key_waits_for_the_helper_then_keys_flow_freely(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = slow_module(tmp_path, monkeypatch)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    seen: list[bool] = []
    field.textEdited.connect(lambda _t: seen.append(getattr(sys.modules.get(name), "DONE", False)))
    preload.start(lambda: preload.import_in_turn((name,)), "test helper")
    deadline = time.monotonic() + 10
    while not preload.importing.locked():
        assert time.monotonic() < deadline
        time.sleep(0.001)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    waits = _InputWaitsForCode(app)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert seen == [True], "the key was handled while the helper was still importing"
    assert not preload.busy()
    qtbot.waitUntil(lambda: not shiboken6.isValid(waits))  # it goes once it has waited
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert field.text() == "ab"


def test_with_nothing_loading_it_goes_at_the_next_event(qtbot: QtBot) -> None:
    preload.wait()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    waits = _InputWaitsForCode(app)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitUntil(lambda: not shiboken6.isValid(waits))
