"""While a plan's first page is built, jobs that build what is below its first screenful wait
(Batches.held) until the window resumes them after the first paint; other jobs do not wait,
and nothing that needs every job done (flush) is ever left short (issue 12)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sipdesk.ui.widgets.batches import Batches


def test_held_batches_wait_for_resume_and_others_do_not(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    below = Batches(owner, eager=3, below_first_screen=True)
    ordinary = Batches(owner, eager=3)
    ran: list[str] = []
    with Batches.held() as held:
        below.run([lambda n=n: ran.append(f"card {n}") for n in range(3)])
        ordinary.run([lambda: ran.append("table")])
    assert ran == ["table"]
    assert held == [below] and below.pending()
    below.run([lambda n=n: ran.append(f"card {n}") for n in range(3)])  # outside: at once
    assert ran == ["table", "card 0", "card 1", "card 2"]
    assert held == [below] and not below.pending()
    below.resume()  # nothing left: nothing runs twice
    assert ran == ["table", "card 0", "card 1", "card 2"]


def test_resume_and_flush_run_the_held_jobs_once(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    batches = Batches(owner, eager=2, below_first_screen=True)
    ran: list[int] = []
    with Batches.held():
        batches.run([lambda n=n: ran.append(n) for n in range(2)])
    batches.flush()  # something that needs every card before the resume
    assert ran == [0, 1]
    batches.resume()
    assert ran == [0, 1]
    with Batches.held() as held:
        batches.run([lambda n=n: ran.append(n) for n in range(2, 4)])
    for waiting in held:
        waiting.resume()
    assert ran == [0, 1, 2, 3]
