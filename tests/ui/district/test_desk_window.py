"""The desk window on real desk files: the schools table (facts, sorting, filtering), adding
plans through the window's worker with its summary, and a school's latest plan opened read-only
in the normal plan window from a private copy.

Desks are made by the ``sipdesk district new`` and ``add`` commands from plans built from the
sample plan; no file dialog is ever shown (the window's actions are called with paths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import version_bytes
from sipdesk.district.models import PlanVersion
from sipdesk.district.review import decide, score
from sipdesk.district.schools import SchoolRow, school_rows
from sipdesk.ui.district import launch
from sipdesk.ui.district.desk_window import EMPTY_DESK, DeskWindow
from sipdesk.ui.district.school_window import SchoolPlanWindow, copy_title
from sipdesk.ui.district.schools_model import (
    COLUMNS,
    SchoolsModel,
    column_number,
    received_day,
    received_words,
    status_words,
)
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.theme import Theme
from tests.ui.conftest import MARKUP_SCHOOL, ScriptedDialogs, read_as_markup
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk

Opener = Callable[..., DeskWindow]
SCHOOLS = ["Lincoln Elementary", "Maple Grove Primary", "Oak Hill Middle", "Riverside Elementary"]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The four schools' plans and Riverside's second version, built once for the module."""
    return inbox_of_four(tmp_path_factory.mktemp("desk-plans"))


@pytest.fixture
def desk_file(tmp_path: Path, plans: tuple[Path, Path]) -> Path:
    inbox, later = plans
    desk = new_desk(tmp_path / "Riverside Unified.sipdistrict")
    add_to_desk(desk, inbox)
    add_to_desk(desk, later)
    return desk


def _rows(desk: Path) -> list[SchoolRow]:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        return school_rows(session)


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


@pytest.fixture
def open_desk(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs
) -> Iterator[Opener]:
    def opener(path: Path, width: int = 1366, height: int = 768) -> DeskWindow:
        window = DeskWindow(settings, theme, dialogs)
        qtbot.addWidget(window, before_close_func=lambda w: _close(qtbot, w))
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.desk_opened, timeout=15000):
            window.open_desk(path)
        return window

    yield opener


def _shown(window: DeskWindow, key: str) -> list[str]:
    column = column_number(key)
    return [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]


def test_the_table_shows_each_school_with_the_facts_of_its_latest_version(
    open_desk: Opener, desk_file: Path, request: pytest.FixtureRequest
) -> None:
    window = open_desk(desk_file)
    ModelTester(request.config).check(window.proxy, force_py=True)
    assert window.title.text() == "Riverside Unified"
    assert window.facts.text() == "4 schools · 5 plan versions received"
    assert window.stack.currentWidget() is window.table
    assert [c.title for c in COLUMNS] == [
        "School",
        "Status",
        "Deadline",
        "Findings",
        "Rubric",
        "Latest version",
        "Last check-in",
        "School year",
        "Versions",
    ]
    assert _shown(window, "school") == SCHOOLS
    assert _shown(window, "status") == ["Approved", "Returned", "Draft", "Submitted"]
    assert _shown(window, "versions") == ["1", "1", "1", "2"]
    desk_rows = {row.school: row for row in _rows(desk_file)}
    riverside = desk_rows["Riverside Elementary"]
    assert riverside.latest_version == 2 and riverside.school_year == "2027–28"
    assert _shown(window, "latest")[3] == f"2 · {received_day(riverside.latest_received)}"
    assert _shown(window, "year")[3] == "2027–28"
    assert _shown(window, "findings") == [str(desk_rows[s].open_findings) for s in SCHOOLS]
    for school in SCHOOLS:
        assert status_words(desk_rows[school].status) in _shown(window, "status")
    # The oak hill plan is new and empty: it has the most still to do.
    assert (
        desk_rows["Oak Hill Middle"].open_findings > desk_rows["Lincoln Elementary"].open_findings
    )


def test_the_districts_own_decision_and_rubric_score_show_beside_the_schools_status(
    open_desk: Opener, desk_file: Path, tmp_path: Path
) -> None:
    with DeskDocument.open(desk_file) as desk:
        score(desk, "Riverside Elementary", "Dr Ortiz", ["goals=3", "causes=Strong"])
        decide(desk, "Riverside Elementary", "returned", "Dr Ortiz", tmp_path / "reply.sipdesk")
        score(desk, "Lincoln Elementary", "Dr Ortiz", ["goals=1"])
    window = open_desk(desk_file)
    # Riverside sent its plan as submitted; the district returned it. Lincoln is scored only.
    assert _shown(window, "status") == ["Approved", "Returned", "Draft", "Returned"]
    assert _shown(window, "score") == ["1 of 4", "—", "—", "7 of 8"]
    riverside = window.proxy.index(3, column_number("score"))
    assert riverside.data(Qt.ItemDataRole.ToolTipRole) == "Reviewed by Dr Ortiz."
    window.table.sortByColumn(column_number("score"), Qt.SortOrder.DescendingOrder)
    assert _shown(window, "school")[:2] == ["Riverside Elementary", "Lincoln Elementary"]


def test_sorting_by_findings_and_by_name_sorts_by_the_real_values(
    open_desk: Opener, desk_file: Path, request: pytest.FixtureRequest
) -> None:
    window = open_desk(desk_file)
    # Qt's model tester follows every sort (the rows are moved, with their persistent indexes).
    tester = ModelTester(request.config)
    tester.check(window.proxy, force_py=True)
    window.table.setCurrentIndex(window.proxy.index(SCHOOLS.index("Oak Hill Middle"), 2))
    findings = column_number("findings")
    window.table.sortByColumn(findings, Qt.SortOrder.DescendingOrder)
    shown = [int(text) for text in _shown(window, "findings")]
    assert shown == sorted(shown, reverse=True)
    assert _shown(window, "school")[0] == "Oak Hill Middle"
    window.table.sortByColumn(findings, Qt.SortOrder.AscendingOrder)
    assert [int(text) for text in _shown(window, "findings")] == sorted(shown)
    window.table.sortByColumn(column_number("school"), Qt.SortOrder.DescendingOrder)
    assert _shown(window, "school") == list(reversed(SCHOOLS))
    window.table.sortByColumn(column_number("versions"), Qt.SortOrder.DescendingOrder)
    assert _shown(window, "school")[0] == "Riverside Elementary"
    # Status sorts along a plan's journey, not by its words.
    window.table.sortByColumn(column_number("status"), Qt.SortOrder.AscendingOrder)
    assert _shown(window, "status") == ["Draft", "Submitted", "Returned", "Approved"]
    # The chosen school stays chosen through every sort.
    current = window.table.currentIndex()
    assert window.proxy.row_at(current.row()).school == "Oak Hill Middle"
    assert current.column() == 2
    tester._cleanup()


def test_the_filter_box_and_the_status_filter_narrow_the_schools(
    qtbot: QtBot, open_desk: Opener, desk_file: Path
) -> None:
    window = open_desk(desk_file)
    qtbot.keyClicks(window.filter_box, "ELEMENTARY")
    assert _shown(window, "school") == ["Lincoln Elementary", "Riverside Elementary"]
    assert window.facts.text().endswith("· showing 2")
    window.status_box.setCurrentIndex(window.status_box.findData("approved"))
    assert _shown(window, "school") == ["Lincoln Elementary"]
    window.filter_box.setText("oak")
    assert _shown(window, "school") == []
    assert window.no_match.isVisible()
    assert not window.open_button.isEnabled()
    window.status_box.setCurrentIndex(0)
    assert _shown(window, "school") == ["Oak Hill Middle"]
    assert not window.no_match.isVisible() and window.open_button.isEnabled()
    window.filter_box.clear()
    assert _shown(window, "school") == SCHOOLS


def test_adding_plans_through_the_window_shows_progress_then_one_summary(
    qtbot: QtBot, open_desk: Opener, tmp_path: Path, plans: tuple[Path, Path]
) -> None:
    inbox, later = plans
    window = open_desk(new_desk(tmp_path / "empty.sipdistrict"))
    assert window.stack.currentWidget() is window.empty
    assert window.empty_text.text() == EMPTY_DESK
    assert window.facts.text() == "No plans received yet."
    notes = tmp_path / "notes.sipdesk"
    notes.write_text("Minutes of the meeting\n" * 20, encoding="utf-8")
    progressed: list[tuple[int, int, str]] = []
    window._intake_progressed.connect(lambda *a: progressed.append(a))
    with qtbot.waitSignal(window.plans_added, timeout=60000) as added:
        window.add_plans([inbox, notes, later])
        assert window.progress.isVisible()  # at once, while the worker reads the files
        assert not window.add_button.isEnabled()
    outcomes = added.args[0]
    assert [o.result for o in outcomes].count("added") == 5
    assert not window.progress.isVisible()
    assert window.summary.isVisible()
    assert window.summary.text.text() == "Added 5 plans. 1 could not be taken in:"
    assert window.summary.lines() == ["notes.sipdesk: “notes.sipdesk” is not a SIP Desk plan file."]
    assert progressed[-1][:2] == (6, 6)
    assert window.stack.currentWidget() is window.table
    assert _shown(window, "school") == SCHOOLS
    assert window.add_button.isEnabled()
    # The desk file itself has them (written back after the batch, not only on close).
    assert [row.school for row in _rows(window.desk.path)] == SCHOOLS  # type: ignore[union-attr]

    with qtbot.waitSignal(window.plans_added, timeout=60000):
        window.add_plans([later])
    assert window.summary.text.text() == "No new plans were added. 1 was already on the desk."
    assert not window.summary.refusals.isVisible()


def test_opening_a_school_shows_its_latest_version_read_only_from_a_private_copy(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, plans: tuple[Path, Path]
) -> None:
    window = open_desk(desk_file)
    window.table.setFocus()
    window.table.setCurrentIndex(window.proxy.index(SCHOOLS.index("Riverside Elementary"), 0))
    with qtbot.waitSignal(window.school_opened, timeout=15000) as opened:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    school = opened.args[0]
    assert isinstance(school, SchoolPlanWindow)
    qtbot.addWidget(school)
    with qtbot.waitSignal(school.plan_opened, timeout=30000) as shown:
        pass
    controller = shown.args[0]
    copy = controller.document.path
    row = next(r for r in _rows(desk_file) if r.school == "Riverside Elementary")
    assert controller.readonly
    assert school.windowTitle() == copy_title(
        "Riverside Elementary", 2, received_words(row.latest_received, with_time=False)
    )
    assert school.windowTitle().endswith(
        "(received "
        + received_words(row.latest_received, with_time=False)
        + ") — district copy, read only"
    )
    with DeskDocument.open(desk_file, readonly=True) as doc, doc.session() as session:
        version = session.query(PlanVersion).filter_by(school_id=row.school_id, number=2).one()
        assert copy.read_bytes() == version_bytes(session, version.id)
    assert copy.name == "riverside v2.sipdesk" and copy.parent != plans[1].parent
    assert controller.plan()["profile"]["school_year"] == "2027–28"
    assert str(copy) not in school.recent_plans()
    assert school.workspace is not None
    assert school.workspace.banner.text.text().startswith(
        "This is Riverside Elementary's plan as the district received it: version 2, received "
    )
    assert school.workspace is not None and school.workspace.isVisible()
    # The copy lasts as long as the window and goes with it.
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    assert school.released() and not copy.exists()
    school.runner.wait(timeout=15)


def test_a_desk_chosen_in_the_plan_window_opens_in_a_desk_window(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, desk_file: Path
) -> None:
    dialogs.answers.append(desk_file)
    window.choose_and_open()
    assert launch._open, "a desk window was opened"
    desk_window = launch._open[-1]
    qtbot.addWidget(desk_window, before_close_func=lambda w: _close(qtbot, w))
    qtbot.waitUntil(lambda: desk_window.desk is not None, timeout=15000)
    assert window.controller is None  # the plan window stays on its start screen
    assert str(desk_file) in window.recent_plans()
    assert _shown(desk_window, "school") == SCHOOLS


def test_the_command_line_opens_a_desk_in_the_desk_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sipdesk import cli
    from sipdesk.ui import app

    opened: list[Path] = []
    monkeypatch.setattr(app, "run_desk", lambda path: opened.append(path) or 0)
    assert cli.main([str(tmp_path / "District.sipdistrict")]) == 0
    assert opened == [tmp_path / "District.sipdistrict"]


def test_presentation_makes_the_table_larger_and_puts_it_all_back(
    open_desk: Opener, desk_file: Path, theme: Theme
) -> None:
    window = open_desk(desk_file)
    row_height = window.table.verticalHeader().defaultSectionSize()
    window.presentation_action.trigger()
    assert window.presenting() and theme.zoom >= 1.5 and theme.high_contrast
    assert window.table.verticalHeader().defaultSectionSize() > row_height
    window.zoom_in_action.trigger()
    assert theme.zoom > 1.5
    window.presentation_action.trigger()
    assert not window.presenting() and theme.zoom == 1.0 and not theme.high_contrast
    assert window.table.verticalHeader().defaultSectionSize() == row_height


def test_a_plan_given_as_a_desk_is_refused_with_its_sentence(
    qtbot: QtBot,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    plans: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    plan = tmp_path / "not a desk.sipdistrict"
    plan.write_bytes((plans[0] / "lincoln.sipdesk").read_bytes())
    window = DeskWindow(settings, theme, dialogs)
    qtbot.addWidget(window, before_close_func=lambda w: _close(qtbot, w))
    window.show()
    with qtbot.waitSignal(window.open_failed, timeout=15000):
        window.open_desk(plan)
    assert dialogs.titles() == ["This desk cannot be opened"]
    assert "is a school's plan, not a district desk" in dialogs.asked[0][1]
    assert window.desk is None and not window.isVisible()


def test_a_desk_open_elsewhere_can_be_looked_at_read_only(
    open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs, plans: tuple[Path, Path]
) -> None:
    holder = DeskDocument.open(desk_file)  # another window has it
    try:
        dialogs.answers.append("Open read-only")
        window = open_desk(desk_file)
        assert dialogs.titles() == ["This desk is already open"]
        assert window.desk is not None and window.desk.readonly
        assert window.banner.isVisible()
        assert not window.add_button.isEnabled() and not window.add_files_action.isEnabled()
        window.add_plans([plans[1]])  # nothing happens on a desk open read-only
        assert not window.progress.isVisible()
        assert _shown(window, "school") == SCHOOLS
    finally:
        holder.close()


def test_a_desk_already_open_in_a_window_is_brought_forward_not_opened_twice(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, desk_file: Path
) -> None:
    first = launch.open_desk_window(desk_file, window.settings, window.theme)
    qtbot.addWidget(first, before_close_func=lambda w: _close(qtbot, w))
    qtbot.waitUntil(lambda: first.desk is not None, timeout=15000)
    window.open_plan(desk_file)  # from the recent list, say
    assert [w for w in launch._open if w.desk_path == desk_file] == [first]
    assert dialogs.asked == []  # nobody is told the desk is open elsewhere


def test_ctrl_q_closes_the_desk_as_ctrl_w_does(open_desk: Opener, desk_file: Path) -> None:
    window = open_desk(desk_file)
    keys = [key.toString() for key in window.close_action.shortcuts()]
    assert "Ctrl+W" in keys and "Ctrl+Q" in keys
    assert len(keys) == len(set(keys))  # a key bound twice would run nothing


def test_school_names_sort_by_their_numbers_as_a_person_files_them(qtbot: QtBot) -> None:
    # A city district's schools are numbered: PS 9, PS 12, PS 102 — not PS 102, PS 12, PS 9.
    names = ["PS 102 Bay View", "ps 12  Lewis", "PS 9 Teunis", "Lincoln Elementary", "PS 12 Annex"]
    model = SchoolsModel()
    model.set_rows(
        [SchoolRow(name, 1, None, "draft", "2026–27", 0, f"id-{i}") for i, name in enumerate(names)]
    )
    school = column_number("school")
    model.sort(school, Qt.SortOrder.AscendingOrder)
    shown = [model.index(row, school).data() for row in range(model.rowCount())]
    assert shown == [
        "Lincoln Elementary",
        "PS 9 Teunis",
        "PS 12 Annex",
        "ps 12  Lewis",
        "PS 102 Bay View",
    ]
    model.sort(school, Qt.SortOrder.DescendingOrder)
    assert [model.index(row, school).data() for row in range(5)] == list(reversed(shown))


def test_a_long_school_name_beside_the_buttons_ends_in_an_ellipsis(qtbot: QtBot) -> None:
    # At presentation size on a 1024-wide projector the chosen school's name gives way to the
    # buttons beside it: it ends in "…" rather than being cut off mid-letter, and the whole
    # name stays its tooltip and what a screen reader says.
    from sipdesk.ui.widgets.label import ElidedLabel

    name = "Frederick Douglass Academy of Science and Mathematics"
    chosen = ElidedLabel("subsection")
    qtbot.addWidget(chosen)
    chosen.set_full_text(name)
    chosen.resize(160, 30)
    chosen.show()
    shown = chosen.text()
    assert shown.endswith("…") and name.startswith(shown[:-1]) and len(shown) < len(name)
    assert chosen.fontMetrics().horizontalAdvance(shown) <= chosen.contentsRect().width()
    assert (chosen.toolTip(), chosen.accessibleName(), chosen.full_text()) == (name,) * 3
    chosen.resize(2000, 30)
    assert chosen.text() == name


def test_a_school_whose_name_looks_like_markup_is_shown_as_written(
    qtbot: QtBot, open_desk: Opener, tmp_path: Path
) -> None:
    from tests.plans import sample_plan
    from tests.ui.district.desk_files import variant

    base = tmp_path / "base.sipdesk"
    sample_plan(base).close()
    inbox = tmp_path / "inbox"
    variant(
        base, inbox / "<b>oak.sipdesk", MARKUP_SCHOOL, state_school_id="ST-9", status="submitted"
    )
    desk = new_desk(tmp_path / "<b>Unified.sipdistrict", "<b>Unified</b> District")
    add_to_desk(desk, inbox)
    window = open_desk(desk)
    window.table.setFocus()
    window.table.setCurrentIndex(window.proxy.index(0, 0))
    assert window.proxy.index(0, column_number("school")).data() == MARKUP_SCHOOL
    problems = read_as_markup(window, "<b>")
    with qtbot.waitSignal(window.school_opened, timeout=15000) as opened:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    school = opened.args[0]
    qtbot.addWidget(school)
    with qtbot.waitSignal(school.plan_opened, timeout=30000):
        pass
    assert school.workspace is not None
    assert school.workspace.banner.text.text().startswith(f"This is {MARKUP_SCHOOL}'s plan")
    problems += read_as_markup(school, "<b>")
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    school.runner.wait(timeout=15)
    assert not problems, "\n".join(sorted(set(problems)))
