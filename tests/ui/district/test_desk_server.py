"""The desk window on a real PostgreSQL server (issue 14, item 3): File ▸ Connect to a server
through the scripted dialog, the schools on that server in the table, plans added through the
window seen by a second connection, a review's return written to the server, and a bad address
or a server not running told in a sentence that never carries a password.

The server is the test session's own (``pg_server``/``pg_url`` in tests/district_pg.py); without
PostgreSQL these tests are skipped, like the other server tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.district.review import review_summaries
from sipdesk.district.schools import school_rows
from sipdesk.district.server import ServerDesk
from sipdesk.district.versions import find_school
from sipdesk.ui.district.connect import ADDRESS_FIELD, PASSWORD_FIELD, connect_to_server
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.review_panel import ReviewDialog
from sipdesk.ui.theme import Theme
from tests.district_pg import PgServer
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import inbox_of_four

RIVERSIDE = "Riverside Elementary"
SCHOOLS = ["Lincoln Elementary", "Maple Grove Primary", "Oak Hill Middle", "Riverside Elementary"]
Maker = Callable[[], DeskWindow]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return inbox_of_four(tmp_path_factory.mktemp("server-plans"))


@pytest.fixture
def server_desk(pg_url: str, plans: tuple[Path, Path]) -> str:
    """A desk on the server holding the four schools' first plans; its address."""
    ServerDesk.create(pg_url, district_name="Riverside Unified").close()
    assert main(["district", "add", "--db", pg_url, str(plans[0])]) in (0, 1)
    return pg_url


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


@pytest.fixture
def make_window(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs, tmp_path: Path
) -> Iterator[Maker]:
    def maker() -> DeskWindow:
        window = DeskWindow(settings, theme, dialogs)
        window.prefs.last_folder = tmp_path  # replies go in its Outbox
        qtbot.addWidget(window, before_close_func=lambda w: _close(qtbot, w))
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield maker


def _schools(window: DeskWindow) -> list[str]:
    return [window.proxy.row_at(r).school for r in range(window.proxy.rowCount())]


def test_connecting_through_the_menu_lists_the_server_s_schools_and_adds_plans_there(
    qtbot: QtBot,
    make_window: Maker,
    dialogs: ScriptedDialogs,
    server_desk: str,
    plans: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    window = make_window()
    dialogs.answers.append([server_desk])
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.connect_action.trigger()
    assert dialogs.asked[0][0] == "Connect to a server" and dialogs.asked[0][2] == (ADDRESS_FIELD,)
    assert isinstance(window.desk, ServerDesk)
    assert sorted(_schools(window)) == SCHOOLS
    assert window.title.text() == "Riverside Unified"
    database = server_desk.split("?")[0].rsplit("/", 1)[-1]
    assert window.windowTitle() == (
        f"Riverside Unified — district desk on {database} on this computer — SIP Desk"
    )
    assert window.facts.text() == "4 schools · 4 plan versions received"

    with qtbot.waitSignal(window.plans_added, timeout=30000):
        window.add_plans([plans[1]])  # Riverside's second version
    assert window.facts.text() == "4 schools · 5 plan versions received"
    assert not window.banner.isVisible()  # nothing to write back on a server
    render = tmp_path / "desk-on-server.png"
    assert window.grab().save(str(render))

    # A second connection (another reviewer) sees the new version at once.
    with ServerDesk.open(server_desk) as other, other.session() as session:
        rows = {row.school: row.versions for row in school_rows(session)}
    assert rows[RIVERSIDE] == 2 and sum(rows.values()) == 5
    # Closing says what it does: every change is already on the server, nothing is saved.
    with qtbot.waitSignal(window.desk_closed, timeout=15000):
        window.close()
        assert window.statusBar().currentMessage() == "Closing the connection…"


def test_a_second_server_opens_in_a_window_of_its_own(
    qtbot: QtBot, make_window: Maker, dialogs: ScriptedDialogs, server_desk: str
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.open_desk(server_desk)  # an address where a desk file would go
    dialogs.answers.append([server_desk])
    beside = connect_to_server(window)
    assert beside is not None and beside is not window
    qtbot.addWidget(beside, before_close_func=lambda w: _close(qtbot, w))
    qtbot.waitUntil(lambda: beside.desk is not None, timeout=20000)
    assert sorted(_schools(beside)) == SCHOOLS


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("postgresql://sipdesk:sekret-42@/nodesk?host=/nonexistent-sipdesk-socket", "reached"),
        ("postgresql://sipdesk:sekret-42@db.example", "name the database"),
    ],
)
def test_a_bad_address_or_no_server_is_one_sentence_without_the_password(
    qtbot: QtBot, make_window: Maker, dialogs: ScriptedDialogs, address: str, words: str
) -> None:
    window = make_window()
    dialogs.answers.append([address])
    with qtbot.waitSignal(window.open_failed, timeout=30000) as blocker:
        window.connect_action.trigger()
    title, text, _ = dialogs.asked[-1]
    assert title == "The desk on the server cannot be opened"
    assert words in text and "Traceback" not in text
    seen = [text, window.windowTitle(), window.facts.text(), str(blocker.args[0])]
    assert not any("sekret-42" in shown for shown in seen)
    assert window.desk is None


def test_returning_on_a_server_writes_the_decision_there_and_the_reply_to_the_outbox(
    qtbot: QtBot, make_window: Maker, dialogs: ScriptedDialogs, server_desk: str, tmp_path: Path
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.open_desk(server_desk)
    for row in range(window.proxy.rowCount()):
        if window.proxy.row_at(row).school == RIVERSIDE:
            window.table.setCurrentIndex(window.proxy.index(row, 0))
    window.review_action.trigger()
    dialog = next(d for d in window.side_windows.values() if isinstance(d, ReviewDialog))
    qtbot.waitSignal(dialog.shown, timeout=15000).wait()
    dialog.who.setText("Dr Ortiz")
    dialog.tabs.setCurrentIndex(2)
    dialog.decision.note.setPlainText("Thank you; a few things to look at again.")
    dialogs.answers.append("Return with feedback")
    with qtbot.waitSignal(dialog.decided, timeout=20000) as blocker:
        dialog.decision.return_button.click()
    reply = blocker.args[0]
    assert reply.path.parent == tmp_path / "Outbox" and reply.path.is_file()
    with ServerDesk.open(server_desk) as other, other.session() as session:
        school = find_school(session, RIVERSIDE, other.path)
        assert review_summaries(session)[school.id].decision == "returned"


def test_every_side_window_works_on_a_server_desk(
    qtbot: QtBot,
    make_window: Maker,
    dialogs: ScriptedDialogs,
    server_desk: str,
    plans: tuple[Path, Path],
) -> None:
    from sipdesk.district.expectations import read_expectations
    from sipdesk.ui.district.checkins_window import CheckinsDialog
    from sipdesk.ui.district.diff_dialog import WhatChangedDialog
    from sipdesk.ui.district.expectations_window import ExpectationsDialog
    from sipdesk.ui.district.rollup_window import RollupWindow

    assert main(["district", "add", "--db", server_desk, str(plans[1])]) in (0, 1)
    window = make_window()
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.open_desk(server_desk)
    for row in range(window.proxy.rowCount()):
        if window.proxy.row_at(row).school == RIVERSIDE:
            window.table.setCurrentIndex(window.proxy.index(row, 0))

    window.changes_action.trigger()
    changes = next(d for d in window.side_windows.values() if isinstance(d, WhatChangedDialog))
    qtbot.waitSignal(changes.shown, timeout=15000).wait()

    checkins = window.district_actions.show_checkins()
    assert isinstance(checkins, CheckinsDialog)
    qtbot.waitSignal(checkins.shown, timeout=15000).wait()

    window.rollup_action.trigger()
    rollup = window.side_windows[("rollup", 0)]
    assert isinstance(rollup, RollupWindow)
    qtbot.waitSignal(rollup.shown, timeout=30000).wait()

    window.district_actions.expectations_action.trigger()
    expect = window.side_windows[("expectations", 0)]
    assert isinstance(expect, ExpectationsDialog)
    qtbot.waitUntil(lambda: expect.loaded is not None, timeout=15000)
    expect.requirements.add_goal("Every reader by grade 3", edit=False)
    with qtbot.waitSignal(expect.saved, timeout=15000):
        expect.save_button.click()

    with qtbot.waitSignal(window.school_opened, timeout=20000) as opened:
        window.open_school_action.trigger()
    school_window = opened.args[0]
    qtbot.addWidget(school_window)
    with qtbot.waitSignal(school_window.plan_opened, timeout=30000):
        pass
    with qtbot.waitSignal(school_window.plan_closed, timeout=15000):
        school_window.close()
    school_window.runner.wait(timeout=15)

    trouble = ("Something went wrong", "That did not work")
    troubles = [title for title, _, _ in dialogs.asked if title in trouble]
    assert troubles == []
    with ServerDesk.open(server_desk) as other, other.session() as session:
        assert read_expectations(session).goals == ("Every reader by grade 3",)


@pytest.mark.parametrize("typed", ["sekret-42", "not-it-7"])
def test_a_password_is_asked_only_when_the_server_wants_one_and_never_shown(
    qtbot: QtBot,
    make_window: Maker,
    dialogs: ScriptedDialogs,
    server_desk: str,
    pg_server: PgServer,
    typed: str,
) -> None:
    # A user of this test's own who must give a password (the cluster trusts everyone else).
    user = f"reviewer_{uuid.uuid4().hex[:8]}"
    database = server_desk.split("?")[0].rsplit("/", 1)[-1]
    pg_server.psql("postgres", f"CREATE ROLE {user} LOGIN PASSWORD 'sekret-42'")
    pg_server.psql(database, f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {user}")
    pg_server.psql(database, f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {user}")
    hba = pg_server.folder / "data" / "pg_hba.conf"
    hba.write_text(f"local all {user} scram-sha-256\n" + hba.read_text(encoding="utf-8"))
    pg_server.psql("postgres", "SELECT pg_reload_conf()")
    address = server_desk.replace("postgres@", f"{user}@")

    window = make_window()
    dialogs.answers.extend([[address], [typed]])
    ready = window.desk_opened if typed == "sekret-42" else window.open_failed
    with qtbot.waitSignal(ready, timeout=30000):
        window.connect_action.trigger()
    titles = [title for title, _, _ in dialogs.asked]
    assert titles[:2] == ["Connect to a server", "The server asks for a password"]
    assert dialogs.asked[1][2] == (PASSWORD_FIELD,)
    seen = [text for _, text, _ in dialogs.asked] + [window.windowTitle(), window.facts.text()]
    if typed == "sekret-42":
        assert isinstance(window.desk, ServerDesk) and sorted(_schools(window)) == SCHOOLS
        seen.append(repr(window.desk._engine.url))
    else:
        assert titles[-1] == "The desk on the server cannot be opened"
        assert "did not accept the user name or password" in dialogs.asked[-1][1]
    assert not any("sekret-42" in text or "not-it-7" in text for text in seen)


def test_sipdesk_given_a_server_address_opens_the_desk_window_on_it(
    server_desk: str, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SIPDESK_SMOKE_TEST": "1",  # the window closes once the desk is shown
        "SIPDESK_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "sipdesk", server_desk],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_recent_servers_are_kept_without_passwords_and_reopen_from_the_menu(
    qtbot: QtBot, make_window: Maker, dialogs: ScriptedDialogs, server_desk: str
) -> None:
    from PySide6.QtWidgets import QMenu

    from sipdesk.ui.district.connect import (
        NO_RECENT,
        RECENT_MENU,
        address_without_password,
        recent_servers,
        remember_server,
    )

    window = make_window()
    menu = window.findChild(QMenu, RECENT_MENU)
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()] == [NO_RECENT]
    assert address_without_password("postgresql://ada:s3cret@db.example/state") == (
        "postgresql://ada@db.example/state"
    )
    remember_server(window.settings, "postgresql://ada:s3cret@db.example/state")
    dialogs.answers.append([server_desk])
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.connect_action.trigger()
    # the dialog started from the newest address kept (no SIPDESK_DESK_DB here)
    assert recent_servers(window.settings) == [server_desk, "postgresql://ada@db.example/state"]
    stored = str(window.settings.value("district/recent_servers"))
    assert "s3cret" not in stored
    with qtbot.waitSignal(window.desk_closed, timeout=15000):
        window.close()

    again = make_window()
    menu = again.findChild(QMenu, RECENT_MENU)
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    entries = menu.actions()
    assert [a.text() for a in entries] == [
        f"&1 {server_desk}",
        "&2 postgresql://ada@db.example/state",
    ]
    asked = len(dialogs.asked)
    with qtbot.waitSignal(again.desk_opened, timeout=20000):
        entries[0].trigger()  # no question: the address is the one chosen
    assert len(dialogs.asked) == asked and sorted(_schools(again)) == SCHOOLS
