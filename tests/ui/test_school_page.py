"""Step 0 — School & team, driven with the keyboard and mouse, checked in the plan file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sipdesk.services.checks import readiness
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.school_page import SchoolPage
from sipdesk.ui.widgets.fields import DateEdit
from tests.plans import days_since
from tests.ui.conftest import show_page, stored, type_in_new_cell


def make_page(qtbot: QtBot, controller: PlanController) -> SchoolPage:
    page = SchoolPage(controller)
    show_page(qtbot, page)
    return page


def test_typing_the_school_name_is_stored_and_undone_in_one_step(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a new plan for "Lincoln Elementary"
    page = make_page(qtbot, empty_controller)
    field = page.fields["school_name"]
    assert field.text() == "Lincoln Elementary"
    # When the principal types a longer name
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, " School")
    # Then every keystroke is in the plan file, as one undo step named for the field
    assert stored(empty_controller)["profile"]["school_name"] == "Lincoln Elementary School"
    stack = empty_controller.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Edit school name"
    # When it is undone, the field and the file go back; redo brings it again
    stack.undo()
    assert field.text() == "Lincoln Elementary"
    assert stored(empty_controller)["profile"]["school_name"] == "Lincoln Elementary"
    stack.redo()
    assert field.text() == "Lincoln Elementary School"
    assert stored(empty_controller)["profile"]["school_name"] == "Lincoln Elementary School"


def test_leaving_a_field_starts_a_new_undo_step(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    principal, phone = page.fields["principal"], page.fields["phone"]
    principal.setFocus()
    qtbot.keyClicks(principal, "Ana")
    phone.setFocus()
    principal.setFocus()
    qtbot.keyClicks(principal, " Ruiz")
    # two visits to the field are two undo steps
    assert empty_controller.undo_stack.count() == 2
    empty_controller.undo_stack.undo()
    assert principal.text() == "Ana"
    assert stored(empty_controller)["profile"]["principal"] == "Ana"


def test_adding_reordering_and_removing_team_members(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    team = page.team
    # When two members are added by clicking "Add team member" and typing, Enter to finish
    for name in ("Maria Lopez", "Sam Chen"):
        qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
        type_in_new_cell(qtbot, team.view, name)
    # Then the file has both, in order
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["Maria Lopez", "Sam Chen"]
    # When Sam is moved up with the button
    team.view.selectRow(1)
    qtbot.mouseClick(team.up_button, Qt.MouseButton.LeftButton)
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["Sam Chen", "Maria Lopez"]
    assert empty_controller.undo_stack.undoText() == "Move team member"
    # When Maria is removed with the Delete key, then brought back with undo
    team.view.setFocus()
    team.view.selectRow(1)
    qtbot.keyClick(team.view, Qt.Key.Key_Delete)
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["Sam Chen"]
    assert empty_controller.undo_stack.undoText() == "Remove team member"
    empty_controller.undo_stack.undo()
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["Sam Chen", "Maria Lopez"]
    assert team.model.rowCount() == 2
    empty_controller.undo_stack.redo()
    assert team.model.rowCount() == 1


def test_the_team_becomes_signers_and_a_signature_gets_its_date(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    page = make_page(qtbot, empty_controller)
    qtbot.mouseClick(page.team.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, page.team.view, "Maria Lopez")
    # When "Add the team as signers" is clicked
    qtbot.mouseClick(page.add_signers, Qt.MouseButton.LeftButton)
    signatures = stored(empty_controller)["signatures"]
    assert [s["name"] for s in signatures] == ["Maria Lopez"]
    assert signatures[0]["member_id"] == stored(empty_controller)["team"][0]["id"]
    # and clicking again adds nobody twice
    qtbot.mouseClick(page.add_signers, Qt.MouseButton.LeftButton)
    assert len(stored(empty_controller)["signatures"]) == 1
    assert "already" in page.signers_note.text()
    # When the "Signed on" cell is edited: the date picker starts at today on the arrow key
    view = page.signatures.view
    view.setFocus()
    view.setCurrentIndex(page.signatures.model.index(0, 3))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    date_editor = view.findChild(DateEdit)
    assert date_editor is not None
    qtbot.keyClick(date_editor, Qt.Key.Key_Up)
    qtbot.keyClick(date_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert stored(empty_controller)["signatures"][0]["signed_on"] in days_since(began)
    empty_controller.undo_stack.undo()
    assert stored(empty_controller)["signatures"][0]["signed_on"] is None


def test_dates_can_be_set_from_not_set_and_cleared(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    page = make_page(qtbot, empty_controller)
    update = page.fields["update_date"]
    assert update.text() == "Not set"
    update.setFocus()
    qtbot.keyClick(update, Qt.Key.Key_Up)
    assert stored(empty_controller)["profile"]["update_date"] in days_since(began)
    qtbot.keyClick(update, Qt.Key.Key_Delete)
    assert stored(empty_controller)["profile"]["update_date"] is None


def test_a_readiness_item_is_focused(qtbot: QtBot, empty_controller: PlanController) -> None:
    page = make_page(qtbot, empty_controller)
    assert page.focus_item("profile:district")
    assert page.fields["district"].hasFocus()
    assert page.focus_item("signatures")
    assert page.signatures.view.hasFocus()
    assert not page.focus_item("goal:1")


def test_the_school_year_span_and_state_facts_are_kept(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a new plan: a three-year plan in no school year yet
    page = make_page(qtbot, empty_controller)
    span = page.fields["plan_years"]
    assert span.currentText() == "3 years"
    # When the principal types the school year, makes it an annual plan by keys alone, and
    # gives the state's codes and status
    year = page.fields["school_year"]
    year.setFocus()
    qtbot.keyClicks(year, "2026-27")  # a hyphen, as most people type it
    qtbot.keyClick(year, Qt.Key.Key_Tab)
    assert span.hasFocus()
    qtbot.keyClick(span, Qt.Key.Key_Home)
    assert span.currentText() == "1 year (an annual plan)"
    for field, text in (
        ("state_status", "Met expected growth"),
        ("state_school_id", "RV-0412"),
        ("state_district_id", "LV-0017"),
    ):
        page.fields[field].setFocus()
        qtbot.keyClicks(page.fields[field], text)
    # Then the plan file holds each of them
    profile = stored(empty_controller)["profile"]
    assert (profile["school_year"], profile["plan_years"]) == ("2026-27", 1)
    assert profile["state_status"] == "Met expected growth"
    assert (profile["state_school_id"], profile["state_district_id"]) == ("RV-0412", "LV-0017")
    # and the span is one undo step, named for its field
    stack = empty_controller.undo_stack
    while stack.undoText() != "Edit years the plan covers":
        stack.undo()
    stack.undo()
    assert stored(empty_controller)["profile"]["plan_years"] == 3
    assert span.currentText() == "3 years"


def test_the_plan_names_the_template_plan_health_follows(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a new plan, checked against the general Tool A template
    page = make_page(qtbot, empty_controller)
    choice = page.fields["readiness_profile"]
    assert choice.currentText() == "Tool A template"
    assert "the school's vision" in health(empty_controller)
    # When the principal chooses Illinois' template by keys
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_End)
    # Then the plan names it, and plan health asks what Illinois asks (and not a vision)
    assert choice.currentText() == "Illinois (ISBE) template"
    assert stored(empty_controller)["profile"]["readiness_profile"] == "illinois"
    assert "the school's vision" not in health(empty_controller)
    # And one undo brings Tool A back
    empty_controller.undo_stack.undo()
    assert stored(empty_controller)["profile"]["readiness_profile"] == ""
    assert choice.currentText() == "Tool A template"


def health(controller: PlanController) -> str:
    return " ".join(f.message for f in readiness(controller.plan())).lower()


def test_the_plan_names_its_state_pack_designation_year_and_this_year(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a new plan, whose pack follows its template and which says nothing of its year
    page = make_page(qtbot, empty_controller)
    pack, designated, phase = (
        page.fields[f] for f in ("state_pack", "designation_year", "plan_phase")
    )
    assert pack.currentText() == "Chosen from the template"
    assert phase.currentText().startswith("Not said")
    # When the principal chooses the generic pack, types the designation year and says this
    # is the plan's first implementation year, by keys
    pack.setFocus()
    qtbot.keyClick(pack, Qt.Key.Key_Down)
    assert pack.currentText() == "Generic planning year"
    designated.setFocus()
    qtbot.keyClicks(designated, "2025-26")
    phase.setFocus()
    qtbot.keyClick(phase, Qt.Key.Key_Down)
    qtbot.keyClick(phase, Qt.Key.Key_Down)
    assert phase.currentText() == "Implementation year 1"
    # Then the plan file says so
    profile = stored(empty_controller)["profile"]
    assert (
        profile["state_pack"],
        profile["designation_year"],
        profile["plan_phase"],
        profile["implementation_year"],
    ) == ("generic", "2025-26", "implementation", 1)
    # And undo takes the year back in one step (both of its fields), then the rest
    stack = empty_controller.undo_stack
    stack.undo()
    profile = stored(empty_controller)["profile"]
    assert (profile["plan_phase"], profile["implementation_year"]) == ("planning", None)
    assert phase.currentText() == "Our planning year"
    stack.undo()
    profile = stored(empty_controller)["profile"]
    assert (profile["plan_phase"], profile["implementation_year"]) == ("", None)
    assert phase.currentText().startswith("Not said")
    stack.undo()
    assert stored(empty_controller)["profile"]["designation_year"] == ""
    assert designated.text() == ""
    stack.undo()
    assert stored(empty_controller)["profile"]["state_pack"] == ""
    assert pack.currentText() == "Chosen from the template"
    # And redo brings the whole choice back
    for _ in range(4):
        stack.redo()
    profile = stored(empty_controller)["profile"]
    assert (profile["state_pack"], profile["plan_phase"], profile["implementation_year"]) == (
        "generic",
        "implementation",
        1,
    )
    assert phase.currentText() == "Implementation year 1"
