"""Step 3 driven like a facilitator at the projector: keyboard first, then mouse; every check
ends on what the plan file holds after it is closed and opened again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QFontInfo, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QStyleOptionSpinBox, QTextEdit
from pytestqt.qtbot import QtBot

from sipdesk.diagrams.navigation import outline_of
from sipdesk.models import SwotItem, TeamMember
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.fishbone.canvas import READABLE_ZOOM, FishboneCanvas
from sipdesk.ui.fishbone.drawing import box_rect
from sipdesk.ui.fishbone.export import css_family
from sipdesk.ui.fishbone.voting_panel import CAUSE_MIN_EM, RankingModel
from sipdesk.ui.pages.root_causes_page import TAB_FISHBONE, TAB_VOTES, TAB_WHYS, RootCausesPage
from sipdesk.ui.theme import Theme
from tests.plans import new_plan, sample_plan
from tests.ui.conftest import WINDOW_1366, sample_page_in_room

Plan = dict[str, Any]
Key = Qt.Key
SVG = "{http://www.w3.org/2000/svg}"


class FakeDialogs:
    """Answers file choosers with paths chosen by the test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[str] = []

    def save_file(self, title: str, start: Path, file_filter: str = "") -> Path | None:
        self.asked.append(title)
        return self.folder / f"diagram{start.suffix}"

    def choose(self, *args: Any, **kwargs: Any) -> int | None:
        return 0


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    doc = new_plan(tmp_path / "Lincoln Elementary.sipdesk")
    with doc.transaction() as session:
        edits.insert_row(
            session, SwotItem, "Add", {"kind": "weakness", "text": "Chronic absence is rising"}
        )
        for name in ("Ana Ruiz", "Ben Okafor"):
            edits.insert_row(session, TeamMember, "Add", {"name": name})
    doc.close()
    return tmp_path / "Lincoln Elementary.sipdesk"


@pytest.fixture
def controller(plan_file: Path) -> Iterator[PlanController]:
    c = PlanController(PlanDocument.open(plan_file))
    yield c
    c.close()


@pytest.fixture
def page(qtbot: QtBot, controller: PlanController, tmp_path: Path) -> RootCausesPage:
    p = RootCausesPage(controller)
    p.dialogs = FakeDialogs(tmp_path)  # type: ignore[assignment]
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def reopened(controller: PlanController) -> Plan:
    """Close the plan (written back whole) and read the file from disk again."""
    path = controller.document.path
    controller.close()
    doc = PlanDocument.open(path, readonly=True)
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def tree(fishbone: Plan) -> list[tuple[str, list[Any]]]:
    """[(category, [cause text or (text, [sub-causes])])] of a snapshot fishbone."""

    def causes(items: list[Plan]) -> list[Any]:
        return [(c["text"], causes(c["causes"])) if c["causes"] else c["text"] for c in items]

    return [(c["name"], causes(c["causes"])) for c in fishbone["categories"]]


def ids_by_text(plan: Plan) -> dict[str, int]:
    return {
        cause["text"]: cause["id"]
        for fishbone in plan["fishbones"]
        for category in fishbone["categories"]
        for cause, _ in rc.iter_causes(category["causes"])
    }


def drawn_text(svg: Path) -> str:
    """The words an SVG file draws (its <text> elements, in order), not its <title>."""
    root = ElementTree.parse(svg).getroot()
    return " ".join((t.text or "").strip() for t in root.iter(f"{SVG}text"))


def first_line(canvas: FishboneCanvas, cause_id: int) -> str:
    box = canvas.box_of(("cause", cause_id))
    assert box is not None
    return box.lines[0]


def head_in_view(canvas: FishboneCanvas) -> bool:
    """The whole problem box is inside the canvas's visible area."""
    head = canvas.box_of(("problem", 0))
    assert head is not None
    shown: QRect = canvas.mapFromScene(box_rect(head)).boundingRect()
    return canvas.viewport().rect().contains(shown)


def type_line(qtbot: QtBot, page: RootCausesPage, text: str) -> None:
    """Type into the canvas's in-place editor and press Enter."""
    editor = page.canvas.editor
    assert editor.isVisible() and editor.hasFocus()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Key.Key_Return)


def press(qtbot: QtBot, page: RootCausesPage, key: Key, mods: Any = Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    qtbot.keyClick(page.canvas, key, mods)


def go_to(qtbot: QtBot, page: RootCausesPage, target: tuple[str, int]) -> None:
    """Move the selection with arrow keys as a person would: from the head, Right along the
    bones to the target's bone, then Down its causes, one key at a time."""
    canvas = page.canvas
    fishbone = next(f for f in page.controller.plan()["fishbones"] if f["id"] == canvas.fishbone_id)
    outline = outline_of(fishbone)
    kind, ident = target
    bone = ident if kind == "category" else outline.bone_of[ident]
    press(qtbot, page, Key.Key_Home)
    for _ in range(len(outline.categories) + 1):
        if canvas.selection() == ("category", bone):
            break
        press(qtbot, page, Key.Key_Right)
    for _ in range(len(outline.reading[bone]) + 1):
        if canvas.selection() == target:
            break
        press(qtbot, page, Key.Key_Down)
    assert canvas.selection() == target


# ------------------------------------------------------------------------- fishbone by keyboard


def test_build_a_fishbone_by_keyboard_drag_undo_redo_and_export(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController, tmp_path: Path
) -> None:
    canvas = page.canvas
    # Given an empty plan, when the facilitator picks "No categories" and presses New fishbone
    page.template.setFocus()
    while page.template.currentData() != "":
        qtbot.keyClick(page.template, Key.Key_Down)
    qtbot.keyClick(page.new_button, Key.Key_Space)
    # Then the canvas has the focus with the problem open for typing
    assert canvas.editing and canvas.selection() == ("problem", 0)
    type_line(qtbot, page, "Chronic absence rose to 22%")

    # When Enter on the problem adds categories, typed one after another, Enter on empty stops
    press(qtbot, page, Key.Key_Return)
    for name in ("People", "Process", "Places"):
        type_line(qtbot, page, name)
    qtbot.keyClick(canvas.editor, Key.Key_Return)
    assert not canvas.editing
    plan = controller.plan()
    cats = {c["name"]: c["id"] for c in plan["fishbones"][0]["categories"]}
    assert list(cats) == ["People", "Process", "Places"]
    assert canvas.selection() == ("category", cats["Places"])

    # When arrows go to People and Enter adds causes; Alt+Right hangs the one being typed
    # under the cause above it, and the next one typed after it stays at that sub-cause level
    go_to(qtbot, page, ("category", cats["People"]))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "Chronic illness")
    type_line(qtbot, page, "Family trips in term time")
    qtbot.keyClicks(canvas.editor, "Winter flu")
    qtbot.keyClick(canvas.editor, Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(canvas.editor, Key.Key_Return)
    type_line(qtbot, page, "Holiday travel")
    qtbot.keyClick(canvas.editor, Key.Key_Return)  # empty line: done
    holiday = ids_by_text(controller.plan())["Holiday travel"]
    assert canvas.selection() == ("cause", holiday)
    press(qtbot, page, Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # a root cause

    # And Process and Places get two causes each
    for category, causes in (
        ("Process", ["No follow-up calls", "Late attendance data"]),
        ("Places", ["Bus route changed", "Unsafe walk to school"]),
    ):
        canvas.setFocus()
        go_to(qtbot, page, ("category", cats[category]))
        press(qtbot, page, Key.Key_Return)
        for text in causes:
            type_line(qtbot, page, text)
        qtbot.keyClick(canvas.editor, Key.Key_Return)
    late = ids_by_text(controller.plan())["Late attendance data"]
    go_to(qtbot, page, ("cause", late))
    press(qtbot, page, Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    # F2 renames in place; Delete removes and undo brings it back
    ids = ids_by_text(controller.plan())
    canvas.select(("cause", ids["Unsafe walk to school"]))
    press(qtbot, page, Key.Key_F2)
    canvas.editor.selectAll()
    type_line(qtbot, page, "Unsafe walking routes")
    press(qtbot, page, Key.Key_Delete)
    assert "Unsafe walking routes" not in ids_by_text(controller.plan())
    controller.undo_stack.undo()
    assert "Unsafe walking routes" in ids_by_text(controller.plan())

    # (Holiday travel was typed at the sub-cause level that Alt+Right had opened.)
    expected: list[tuple[str, list[Any]]] = [
        (
            "People",
            ["Chronic illness", ("Family trips in term time", ["Winter flu", "Holiday travel"])],
        ),
        ("Process", ["No follow-up calls", "Late attendance data"]),
        ("Places", ["Bus route changed", "Unsafe walking routes"]),
    ]
    assert tree(controller.plan()["fishbones"][0]) == expected

    # When "Bus route changed" is dragged onto the People label (one undo step)
    bus = ids_by_text(controller.plan())["Bus route changed"]
    start = canvas.viewport_point(("cause", bus))
    end = canvas.viewport_point(("category", cats["People"]))
    steps_before = controller.undo_stack.index()
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas.viewport(), start + QPoint(12, 0))
    qtbot.mouseMove(canvas.viewport(), end)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)
    moved = [
        ("People", expected[0][1] + ["Bus route changed"]),
        expected[1],
        ("Places", ["Unsafe walking routes"]),
    ]
    assert tree(controller.plan()["fishbones"][0]) == moved
    assert controller.undo_stack.index() == steps_before + 1
    assert controller.undo_stack.undoText() == "Move cause"
    # Then undo puts it back and redo moves it again
    controller.undo_stack.undo()
    assert tree(controller.plan()["fishbones"][0]) == expected
    controller.undo_stack.redo()
    assert tree(controller.plan()["fishbones"][0]) == moved

    # And the diagram exports as PNG and SVG
    qtbot.mouseClick(page.png_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.svg_button, Qt.MouseButton.LeftButton)
    png, svg = tmp_path / "diagram.png", tmp_path / "diagram.svg"
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 400 and image.height() > 200
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = drawn_text(svg)
    # The words are drawn on the diagram, not only named in the file's <title>
    assert "Chronic absence rose to 22%" in drawn and "Late attendance data" in drawn
    assert "Saved the diagram" in page.banner.text.text()

    # Finally the file on disk holds all of it
    plan = reopened(controller)
    (fishbone,) = plan["fishbones"]
    assert fishbone["problem"] == "Chronic absence rose to 22%"
    assert tree(fishbone) == moved
    causes = [c for cat in fishbone["categories"] for c, _ in rc.iter_causes(cat["causes"])]
    assert len([c for c in causes if c["id"] not in {s["id"] for s in _subs(fishbone)}]) == 6
    assert len(_subs(fishbone)) == 2
    assert sorted(c["text"] for c in causes if c["is_root"]) == [
        "Holiday travel",
        "Late attendance data",
    ]


def _subs(fishbone: Plan) -> list[Plan]:
    return [
        c for cat in fishbone["categories"] for c, depth in rc.iter_causes(cat["causes"]) if depth
    ]


def test_alt_arrows_indent_and_outdent_causes_and_a_clear_refusal(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    # Given a School-template fishbone with two causes on Students
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Attendance")
    canvas = page.canvas
    students = controller.plan()["fishbones"][0]["categories"][0]
    assert students["name"] == "Students"
    canvas.select(("category", students["id"]))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "first")
    # Alt+Right on the first cause being typed cannot work: the page says why
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClicks(canvas.editor, "second")
    qtbot.keyClick(canvas.editor, Key.Key_Right, alt)
    qtbot.keyClick(canvas.editor, Key.Key_Right, alt)  # already under "first": none above
    assert "no cause above" in page.banner.text.text()
    qtbot.keyClick(canvas.editor, Key.Key_Left, alt)
    qtbot.keyClick(canvas.editor, Key.Key_Return)
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    ids = ids_by_text(controller.plan())
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", ["first", "second"])
    # When Alt+Right is pressed with "second" selected it becomes a sub-cause of "first",
    # and the page says so
    canvas.select(("cause", ids["second"]))
    press(qtbot, page, Key.Key_Right, alt)
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", [("first", ["second"])])
    assert "“second” is now a sub-cause of “first”" in page.banner.text.text()
    assert canvas.hasFocus()
    # And Alt+Left takes it out again; on a top-level cause the plan rule answers
    press(qtbot, page, Key.Key_Left, alt)
    assert "“second” now sits on the “Students” bone" in page.banner.text.text()
    press(qtbot, page, Key.Key_Left, alt)
    assert "already sits on the bone" in page.banner.text.text()
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", ["first", "second"])
    # Tab leaves the diagram and changes nothing
    press(qtbot, page, Key.Key_Tab)
    assert not canvas.hasFocus()
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", ["first", "second"])


def test_side_panel_edits_the_selected_cause(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "")
    canvas = page.canvas
    first = controller.plan()["fishbones"][0]["categories"][1]  # Instruction
    canvas.select(("category", first["id"]))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "Little small-group time")
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    cause = ids_by_text(controller.plan())["Little small-group time"]
    # When a cause is clicked its details show in the side panel
    qtbot.mouseClick(
        canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.viewport_point(("cause", cause))
    )
    assert canvas.selection() == ("cause", cause)
    panel = page.panel
    assert panel.cause_text.toPlainText() == "Little small-group time"
    # And evidence, actionable and root cause typed there are stored
    qtbot.keyClicks(panel.evidence, "Walkthroughs: 3 of 20 rooms")
    panel.actionable.click()
    panel.is_root.click()
    panel.weakness.setCurrentIndex(1)
    panel.weakness.activated.emit(1)
    plan = reopened(controller)
    (saved,) = [c for cat in plan["fishbones"][0]["categories"] for c in cat["causes"]]
    assert saved["evidence"] == "Walkthroughs: 3 of 20 rooms"
    assert saved["actionable"] is True and saved["is_root"] is True
    weakness = plan["swot"][0]
    assert plan["fishbones"][0]["weakness_id"] == weakness["id"]
    # An empty problem takes the weakness's words
    assert plan["fishbones"][0]["problem"] == "Chronic absence is rising"


def test_context_menu_and_double_click(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Low math scores")
    canvas = page.canvas
    cats = controller.plan()["fishbones"][0]["categories"]
    canvas.select(("category", cats[0]["id"]))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "Few manipulatives")
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    cause = ids_by_text(controller.plan())["Few manipulatives"]
    # The context menu offers moving the cause to another category; choosing one moves it
    menu = canvas.context_menu(("cause", cause))
    move = next(a for a in menu.actions() if a.text() == "Move to category").menu()
    assert move is not None
    target = next(a for a in move.actions() if a.text() == "Curriculum")
    target.trigger()
    assert tree(controller.plan()["fishbones"][0])[2] == ("Curriculum", ["Few manipulatives"])
    root = next(
        a for a in canvas.context_menu(("cause", cause)).actions() if a.text() == "Root cause"
    )
    assert root.isCheckable() and not root.isChecked()
    root.trigger()
    assert controller.undo_stack.undoText() == "Mark root cause"
    # Double-click opens the in-place editor on a category
    point = canvas.viewport_point(("category", cats[0]["id"]))
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert canvas.editing
    type_line(qtbot, page, "Learners")
    # Then the file holds the move, the root mark and the new name
    plan = reopened(controller)
    (fishbone,) = plan["fishbones"]
    assert fishbone["categories"][0]["name"] == "Learners"
    (saved,) = fishbone["categories"][2]["causes"]
    assert (saved["id"], saved["text"], saved["is_root"]) == (cause, "Few manipulatives", True)


def right_click(qtbot: QtBot, canvas: Any, point: QPoint, choose: str) -> list[str]:
    """Right-click ``point`` on the diagram as the window system does (press, then a context
    menu event) and, once the menu is open, walk to ``choose`` with the arrow keys and press
    Enter. QMenu.exec runs its own event loop, so the choosing runs from a timer. Returns the
    menu's entries as they were offered ([] when no menu opened)."""
    offered: list[str] = []

    def pick(tries: int = 0) -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if tries < 200:
                QTimer.singleShot(10, lambda: pick(tries + 1))
            return
        offered.extend(a.text() for a in menu.actions() if not a.isSeparator())
        for _ in range(len(menu.actions()) + 1):
            active = menu.activeAction()
            if active is not None and active.text() == choose:
                qtbot.keyClick(menu, Key.Key_Return)
                return
            qtbot.keyClick(menu, Key.Key_Down)
        qtbot.keyClick(menu, Key.Key_Escape)  # not offered: close, the test then fails

    viewport = canvas.viewport()
    QTimer.singleShot(0, pick)
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)  # returns when the menu has closed
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=point)
    return offered


def test_right_click_on_a_cause_marks_it_a_root_cause(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    # Given a fishbone with two causes, the second one selected
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Low math scores")
    canvas = page.canvas
    category = controller.plan()["fishbones"][0]["categories"][0]["id"]
    canvas.select(("category", category))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "Few manipulatives")
    type_line(qtbot, page, "Short lessons")
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    ids = ids_by_text(controller.plan())
    assert canvas.selection() == ("cause", ids["Short lessons"])
    # When the first cause is right-clicked and Root cause is chosen in its menu
    point = canvas.viewport_point(("cause", ids["Few manipulatives"]))
    offered = right_click(qtbot, canvas, point, "Root cause")
    # Then the menu was the cause's, for the cause under the pointer, and it is marked
    assert "Root cause" in offered and "Delete cause" in offered
    assert canvas.selection() == ("cause", ids["Few manipulatives"])
    assert controller.undo_stack.undoText() == "Mark root cause"
    # And a right-click on the empty canvas offers the diagram's own actions
    offered = right_click(qtbot, canvas, QPoint(3, 3), "Edit problem")
    assert offered[:2] == ["Edit problem", "Add category"]
    assert canvas.editing and canvas.selection() == ("problem", 0)
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    plan = reopened(controller)
    roots = {c["text"]: c["is_root"] for c in plan["fishbones"][0]["categories"][0]["causes"]}
    assert roots == {"Few manipulatives": True, "Short lessons": False}


def test_zoom_fit_and_presentation_font(qtbot: QtBot, page: RootCausesPage) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.canvas.editor, Key.Key_Escape)
    canvas = page.canvas
    qtbot.mouseClick(page.zoom_in_button, Qt.MouseButton.LeftButton)
    assert canvas.zoom == pytest.approx(1.2)
    assert page.zoom_label.text() == "120%"
    qtbot.mouseClick(page.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.zoom_out_button, Qt.MouseButton.LeftButton)
    assert canvas.zoom < 1.0
    layout = canvas.layout_result
    assert layout is not None
    small_width = layout.width
    # Fit brings the whole diagram back into the window, problem box and all
    qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
    assert canvas.zoom == pytest.approx(1.0)  # this small diagram fits at 100%
    assert page.zoom_label.text() == "100%" and head_in_view(canvas)
    # Presentation mode enlarges the font: the diagram is laid out again, bigger
    font = canvas.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    canvas.setFont(font)
    qtbot.waitUntil(
        lambda: canvas.layout_result is not None and canvas.layout_result.width > small_width * 1.3
    )


@pytest.mark.parametrize(("zoom", "width", "height"), WINDOW_1366)
def test_on_a_short_screen_the_heading_makes_way_for_the_diagram(
    qtbot: QtBot, theme: Theme, tmp_path: Path, zoom: float, width: int, height: int
) -> None:
    with sample_page_in_room(qtbot, theme, tmp_path, RootCausesPage, zoom, width, height) as page:
        # Given step 3 in the room a 768-line screen leaves, at 100 % and presenting
        presenting = zoom > 1
        # Then presenting, the step number and the introduction fold away; the title and
        # the voting round stay; at 100 % all of them show
        qtbot.waitUntil(lambda: page.intro.isHidden() == presenting)
        assert page.step_number.isHidden() == presenting
        assert page.round_button.isVisible()
        # and the diagram has more than two fifths of the page's height
        assert page.canvas.height() > 0.4 * page.height()


def test_fit_during_a_new_look_fits_the_new_drawing(
    qtbot: QtBot, theme: Theme, tmp_path: Path
) -> None:
    with sample_page_in_room(qtbot, theme, tmp_path, RootCausesPage, 1.0, 1024, 600) as page:
        # Given the sample's first fishbone, zoomed in by hand in a small room
        canvas = page.canvas
        qtbot.waitUntil(lambda: canvas.auto_fit and head_in_view(canvas))
        assert canvas.layout_result is not None
        small_width = canvas.layout_result.width
        for _ in range(2):
            qtbot.mouseClick(page.zoom_in_button, Qt.MouseButton.LeftButton)
        assert not canvas.auto_fit
        # When the text grows (presentation) and the view is fitted, readable, before the
        # diagram is drawn again at the new size (as when the page comes into view)
        font = canvas.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        canvas.setFont(font)
        assert canvas.layout_pending
        canvas.fit(READABLE_ZOOM)
        qtbot.waitUntil(lambda: not canvas.layout_pending)
        # Then the fit holds for the new, larger drawing: fitted, the problem box in view (it
        # used to fit the old drawing and keep that scroll place: the head was off screen)
        assert canvas.layout_result is not None
        assert canvas.layout_result.width > small_width * 1.3
        assert canvas.auto_fit and head_in_view(canvas)


@pytest.mark.parametrize(("zoom", "width", "height"), WINDOW_1366)
def test_the_page_fits_a_1366_by_768_window(
    qtbot: QtBot, theme: Theme, tmp_path: Path, zoom: float, width: int, height: int
) -> None:
    with sample_page_in_room(qtbot, theme, tmp_path, RootCausesPage, zoom, width, height) as page:
        # Given the sample plan's step 3 in the room a 1366 × 768 window leaves
        controller = page.controller
        assert page.minimumSizeHint().width() <= width  # no sideways scrolling of the page
        # Then the side panel is as wide as its content needs: nothing cut off at the right
        panel, scroll = page.panel, page.panel_scroll
        qtbot.waitUntil(lambda: scroll.viewport().width() >= panel.minimumSizeHint().width())
        assert panel.width() == scroll.viewport().width()
        canvas = page.canvas
        assert canvas.width() > scroll.width()  # and the diagram keeps most of the room
        # The choosers show their whole text; a long one ends in "…", the rest as a tooltip
        assert not page.template.is_elided() and not page.voter.is_elided()
        first = controller.plan()["fishbones"][0]
        assert page.fishbones.full_text() == first["problem"]
        weakness = next(w for w in controller.plan()["swot"] if w["id"] == first["weakness_id"])
        assert panel.weakness.full_text() == weakness["text"]

        # The diagram opens readable with its head end, the problem box, in view
        assert canvas.zoom >= READABLE_ZOOM - 1e-9 and head_in_view(canvas)
        # After zooming in, Fit shows the whole diagram, head end included
        for _ in range(2):
            qtbot.mouseClick(page.zoom_in_button, Qt.MouseButton.LeftButton)
        assert not head_in_view(canvas)
        zoomed = canvas.zoom
        qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
        assert canvas.zoom < zoomed
        assert head_in_view(canvas)
        assert canvas.layout_result is not None
        drawn = QRectF(0, 0, canvas.layout_result.width, canvas.layout_result.height)

        def whole_in_view() -> bool:  # nothing cut off at either end
            seen = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            return seen.adjusted(-1, -1, 1, 1).contains(drawn)

        qtbot.waitUntil(whole_in_view)
        assert page.zoom_label.text() == f"{round(canvas.zoom * 100)}%"

        # The ranking's cause column is the widest, wide enough to read
        page.tabs.setCurrentIndex(TAB_VOTES)
        table = page.voting.table
        header = table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert widths[RankingModel.COL_CAUSE] == max(widths)
        assert (
            widths[RankingModel.COL_CAUSE] >= CAUSE_MIN_EM * table.fontMetrics().averageCharWidth()
        )


def test_pictures_do_not_depend_on_the_zoom(
    qtbot: QtBot, page: RootCausesPage, tmp_path: Path
) -> None:
    # Given a diagram exported as PNG and SVG at normal size
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Chronic absence rose to 22%")
    qtbot.keyClick(page.canvas.editor, Key.Key_Escape)
    png, svg = tmp_path / "diagram.png", tmp_path / "diagram.svg"
    qtbot.mouseClick(page.png_button, Qt.MouseButton.LeftButton)
    normal = QImage(str(png)).size()
    # When presentation mode makes the window's text half as big again and it is exported again
    canvas = page.canvas
    width = canvas.layout_result.width if canvas.layout_result else 0
    font = canvas.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    canvas.setFont(font)
    qtbot.waitUntil(lambda: canvas.layout_result is not None and canvas.layout_result.width > width)
    qtbot.mouseClick(page.png_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.svg_button, Qt.MouseButton.LeftButton)
    # Then the picture has the same pixels as before
    assert not normal.isEmpty() and QImage(str(png)).size() == normal
    # And the drawing names the font the screen really uses, then a generic fallback,
    # not Qt's alias "Sans Serif" that browsers and office suites do not know
    families = {t.get("font-family") for t in ElementTree.parse(svg).getroot().iter(f"{SVG}text")}
    assert families == {css_family(QFontInfo(canvas.font()).family())}
    (family,) = families
    assert family.endswith(", sans-serif") and not family.startswith("Sans Serif")
    assert "Chronic absence rose to 22%" in drawn_text(svg)


# ------------------------------------------------------------------------- 5 Whys


def test_five_whys_by_keyboard(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    page.tabs.setCurrentIndex(TAB_WHYS)
    whys = page.whys
    qtbot.keyClick(whys.new_button, Key.Key_Space)
    assert whys.symptom.hasFocus()
    # When the symptom is typed and Enter asks "why?" three times
    qtbot.keyClicks(whys.symptom, "Homework comes back unfinished")
    qtbot.keyClick(whys.symptom, Key.Key_Return)
    answers = [
        ("Students have no quiet place to work", "Survey: 40% share a room"),
        ("The library closes at 3 pm", "Library hours"),
        ("No staff are funded for after-school hours", "Budget 2025-26"),
    ]
    for number, (text, evidence) in enumerate(answers):
        step_id = whys.step_ids()[number]
        row = whys.step_row(step_id)
        assert row.text.hasFocus()
        qtbot.keyClicks(row.text, text)
        qtbot.keyClick(row.text, Key.Key_Tab)
        assert row.evidence.hasFocus()
        qtbot.keyClicks(row.evidence, evidence)
        if number < len(answers) - 1:
            qtbot.keyClick(row.evidence, Key.Key_Return)
    # Then the last answer is shown as the root cause
    last = whys.step_row(whys.step_ids()[-1])
    assert last.number.text() == "Root cause"
    assert whys.step_row(whys.step_ids()[0]).number.text() == "Why 1?"
    assert "No staff are funded" in whys.root_summary.text()
    # And linking a weakness and marking it actionable are stored
    whys.weakness.setCurrentIndex(1)
    whys.weakness.activated.emit(1)
    whys.actionable.click()
    # Removing the middle why is undoable
    qtbot.mouseClick(whys.step_row(whys.step_ids()[1]).remove, Qt.MouseButton.LeftButton)
    assert len(whys.step_ids()) == 2
    controller.undo_stack.undo()
    assert len(whys.step_ids()) == 3
    plan = reopened(controller)
    (chain,) = plan["why_chains"]
    assert chain["symptom"] == "Homework comes back unfinished"
    assert [(s["text"], s["evidence"]) for s in chain["steps"]] == answers
    assert chain["actionable"] is True
    assert chain["weakness_id"] == plan["swot"][0]["id"]
    # It is offered as a root cause for the priorities
    assert rc.root_cause_options(plan)[-1].text == answers[-1][0]


def test_focus_item_finds_causes_chains_and_votes(qtbot: QtBot, tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    controller = PlanController(doc)
    try:
        page = RootCausesPage(controller)
        qtbot.addWidget(page)
        page.show()
        plan = controller.plan()
        second = plan["fishbones"][1]
        cause = second["categories"][0]["causes"][0]["id"]
        assert page.focus_item(f"cause:{cause}")
        assert page.current_fishbone_id() == second["id"]
        assert page.canvas.selection() == ("cause", cause)
        assert page.tabs.currentIndex() == TAB_FISHBONE
        chain = plan["why_chains"][1]
        assert page.focus_item(f"why_step:{chain['steps'][0]['id']}")
        assert page.tabs.currentIndex() == TAB_WHYS and page.whys.chain_id() == chain["id"]
        assert page.focus_item("votes") and page.tabs.currentIndex() == TAB_VOTES
        assert not page.focus_item("cause:99999")
        assert not page.focus_item("goal:1")
    finally:
        controller.close()


# ------------------------------------------------------------------------- voting


def test_dot_voting_by_click_and_typed_votes_and_ranking(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController, qtmodeltester: Any
) -> None:
    # Given a fishbone with three causes and two dots per member
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Late arrivals")
    canvas = page.canvas
    category = controller.plan()["fishbones"][0]["categories"][0]["id"]
    canvas.select(("category", category))
    press(qtbot, page, Key.Key_Return)
    for text in ("Buses late", "Breakfast queue", "Oversleeping"):
        type_line(qtbot, page, text)
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    ids = ids_by_text(controller.plan())
    page.tabs.setCurrentIndex(TAB_VOTES)
    spin = page.voting.dots_per_member
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    assert controller.plan()["profile"]["dots_per_member"] == 2

    # When Ana votes by clicking causes on the diagram
    page.tabs.setCurrentIndex(TAB_FISHBONE)
    page.vote_button.click()
    ana, ben = (m["id"] for m in controller.plan()["team"])
    page.voter.setCurrentIndex(page.voter.findData(ana))
    page.voter.activated.emit(page.voter.currentIndex())

    def click(cause: int, mods: Any = Qt.KeyboardModifier.NoModifier) -> None:
        point = canvas.viewport_point(("cause", cause))
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, mods, point)

    click(ids["Buses late"])
    click(ids["Buses late"])
    # Then her third dot is refused with a sentence that names her
    click(ids["Oversleeping"])
    assert "Ana Ruiz has placed all 2 dots" in page.banner.text.text()
    # And Shift+click takes one back, so it can go elsewhere
    click(ids["Buses late"], Qt.KeyboardModifier.ShiftModifier)
    click(ids["Oversleeping"])
    # Ben votes from the keyboard: + on the selected cause
    page.voter.setCurrentIndex(page.voter.findData(ben))
    page.voter.activated.emit(page.voter.currentIndex())
    canvas.setFocus()
    canvas.select(("cause", ids["Breakfast queue"]))
    press(qtbot, page, Key.Key_Plus)
    assert "Ben Okafor (1 left)" in [page.voter.itemText(i) for i in range(page.voter.count())]
    # While voting, a cause's votes read as a count ("1 vote") in front of its words
    assert first_line(canvas, ids["Breakfast queue"]) == "1 vote Breakfast queue"
    assert first_line(canvas, ids["Buses late"]).startswith("1 vote ")
    page.vote_button.click()  # voting off: the plain words again
    assert first_line(canvas, ids["Breakfast queue"]) == "Breakfast queue"

    # When a number is typed into the ranking's Typed votes column
    page.tabs.setCurrentIndex(TAB_VOTES)
    voting = page.voting
    qtmodeltester.check(voting.model)
    assert voting.select_cause(ids["Breakfast queue"], RankingModel.COL_TALLY)
    voting.table.setFocus()
    qtbot.keyClicks(voting.table, "4")
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not voting.table
    qtbot.keyClick(editor, Key.Key_Return)
    # Then (the view commits on its next turn) the ranking puts it first
    qtbot.waitUntil(lambda: voting.model.cause_at(0).cause_id == ids["Breakfast queue"])
    first = voting.model.cause_at(0)
    assert (first.cause_id, first.votes, first.tally, first.dots) == (
        ids["Breakfast queue"],
        5,
        4,
        1,
    )
    # The cause is the wide column; the root-cause column is a tick, not words
    header = voting.table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(voting.model.columnCount())]
    assert widths[RankingModel.COL_CAUSE] == max(widths)
    em = voting.table.fontMetrics().averageCharWidth()
    assert widths[RankingModel.COL_CAUSE] >= CAUSE_MIN_EM * em
    assert voting.model.index(0, RankingModel.COL_ROOT).data() == ""
    root_index = voting.model.index(0, RankingModel.COL_ROOT)
    assert voting.model.setData(
        root_index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    # And the root mark can be set from the table
    assert voting.model.cause_at(0).is_root
    assert voting.model.data(voting.model.index(0, RankingModel.COL_CAUSE)).startswith("★")
    assert "Ana Ruiz: 0 of 2 left" in voting.members.text()

    plan = reopened(controller)
    votes = {
        c["text"]: (c["votes"], {v["member_id"]: v["dots"] for v in c["dot_votes"]}, c["is_root"])
        for c in plan["fishbones"][0]["categories"][0]["causes"]
    }
    assert votes == {
        "Buses late": (0, {ana: 1}, False),
        "Breakfast queue": (4, {ben: 1}, True),
        "Oversleeping": (0, {ana: 1}, False),
    }
    assert plan["profile"]["dots_per_member"] == 2


# ------------------------------------------------------------------------- drop targets


def test_drop_targets_follow_the_pointer() -> None:
    from sipdesk.diagrams import CategoryNode, CauseNode, FishboneInput, layout_fishbone
    from sipdesk.diagrams.drop import category_drop, cause_drop

    data = FishboneInput(
        "p",
        (
            CategoryNode(
                1, "A", (CauseNode(10, "a1", children=(CauseNode(11, "a1x"),)), CauseNode(12, "a2"))
            ),
            CategoryNode(2, "B", (CauseNode(20, "b1"),)),
            CategoryNode(3, "C"),
        ),
    )
    layout = layout_fishbone(data)
    a, b, c = layout.bones
    box = {t.cause_id: t.label for bone in layout.bones for t in bone.twigs}
    # The middle of a label: become its sub-cause
    x, y = box[20].center
    drop = cause_drop(layout, 12, x, y, 100)
    assert drop is not None and (drop.category_id, drop.parent_id, drop.index) == (2, 20, 0)
    # The top band of a label: go before it, in its list
    drop = cause_drop(layout, 12, x, box[20].y + 1, 100)
    assert drop is not None and (drop.category_id, drop.parent_id, drop.index) == (2, None, 0)
    # The bottom band of a1 (in its own list, a2 excluded): after a1
    drop = cause_drop(layout, 12, box[10].center[0], box[10].bottom - 1, 100)
    assert drop is not None and (drop.parent_id, drop.index) == (None, 1)
    # A cause cannot land on itself or its own sub-cause
    assert cause_drop(layout, 10, *box[11].center, 100) is None
    # A category label: last cause on that bone; an empty bone takes it near its line
    drop = cause_drop(layout, 12, *c.label.center, 100)
    assert drop is not None and (drop.category_id, drop.parent_id, drop.index) == (3, None, 0)
    seg = c.segment
    mid = ((seg.x1 + seg.x2) / 2, (seg.y1 + seg.y2) / 2)
    drop = cause_drop(layout, 12, *mid, 100)
    assert drop is not None and drop.category_id == 3
    # Far from every bone: nowhere
    assert cause_drop(layout, 12, 1.0, 1.0, 5) is None
    # Categories move left to right
    drop = category_drop(layout, 1, c.segment.x2 + 5)
    assert drop is not None and drop.index == 2
    assert category_drop(layout, 3, a.segment.x2 - 5) is not None
    assert category_drop(layout, 99, 0.0) is None
    del b


def test_ctrl_arrows_move_shift_enter_adds_a_sub_cause_and_window_keys_pass(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, page, "Late work")
    canvas = page.canvas
    cats = controller.plan()["fishbones"][0]["categories"]
    canvas.select(("category", cats[0]["id"]))
    press(qtbot, page, Key.Key_Return)
    type_line(qtbot, page, "one")
    type_line(qtbot, page, "two")
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    ids = ids_by_text(controller.plan())
    # Shift+Enter on a cause starts a sub-cause under it
    canvas.select(("cause", ids["two"]))
    press(qtbot, page, Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_line(qtbot, page, "two-a")
    qtbot.keyClick(canvas.editor, Key.Key_Escape)
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", ["one", ("two", ["two-a"])])
    # Ctrl+Up reorders; Ctrl+Right moves it (with its sub-cause) to the next bone
    canvas.select(("cause", ids["two"]))
    press(qtbot, page, Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert tree(controller.plan()["fishbones"][0])[0] == ("Students", [("two", ["two-a"]), "one"])
    press(qtbot, page, Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert tree(controller.plan()["fishbones"][0])[1] == ("Instruction", [("two", ["two-a"])])
    assert canvas.selection() == ("cause", ids["two"])
    # Categories move left and right the same way
    canvas.select(("category", cats[0]["id"]))
    press(qtbot, page, Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    names = [c["name"] for c in controller.plan()["fishbones"][0]["categories"]]
    assert names[:2] == ["Instruction", "Students"]
    # The window's own Ctrl shortcuts (zoom, undo) are not taken by the diagram
    from PySide6.QtGui import QKeyEvent

    for key in (Key.Key_Plus, Key.Key_Z):
        override = QKeyEvent(
            QKeyEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier
        )
        canvas.event(override)
        assert not override.isAccepted()
    plain = QKeyEvent(
        QKeyEvent.Type.ShortcutOverride, Key.Key_Delete, Qt.KeyboardModifier.NoModifier
    )
    canvas.event(plain)
    assert plain.isAccepted()


def test_a_read_only_plan_shows_but_does_not_edit(qtbot: QtBot, tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    doc.close()
    controller = PlanController(PlanDocument.open(tmp_path / "Riverside.sipdesk", readonly=True))
    try:
        page = RootCausesPage(controller)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        assert not page.new_button.isEnabled()
        canvas = page.canvas
        canvas.setFocus()
        press(qtbot, page, Key.Key_Home)
        press(qtbot, page, Key.Key_F2)
        assert not canvas.editing
        assert "read-only" in page.banner.text.text()
        assert page.panel.cause_text.isReadOnly()
    finally:
        controller.close()


def unnamed_controls(root: Any) -> list[str]:
    """Widgets that take the keyboard focus but have no accessible name."""
    from PySide6.QtWidgets import QAbstractSpinBox, QWidget

    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox) or widget.focusProxy() is not None:
            continue  # the spin box itself carries the name
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def test_every_control_has_an_accessible_name(qtbot: QtBot, tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    controller = PlanController(doc)
    try:
        page = RootCausesPage(controller)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        page.focus_item(
            f"cause:{controller.plan()['fishbones'][0]['categories'][0]['causes'][0]['id']}"
        )
        for tab in (TAB_FISHBONE, TAB_WHYS, TAB_VOTES):
            page.tabs.setCurrentIndex(tab)
            assert unnamed_controls(page) == []
    finally:
        controller.close()


def shows_whole_text(box: QTextEdit) -> bool:
    """The box is tall enough for its text: nothing hidden behind a scroll bar of its own."""
    return (
        box.verticalScrollBar().maximum() == 0
        and box.document().size().height() <= box.viewport().height()
    )


def test_five_whys_boxes_grow_to_their_text_when_presenting(
    qtbot: QtBot, theme: Theme, tmp_path: Path
) -> None:
    theme.apply(zoom=1.5, high_contrast=True)
    controller = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    try:
        # Given the sample plan's first 5 Whys chain, presenting at 1366 × 768
        page = RootCausesPage(controller)
        qtbot.addWidget(page)
        page.resize(1009, 698)
        page.show()
        qtbot.waitExposed(page)
        page.tabs.setCurrentIndex(TAB_WHYS)
        whys = page.whys
        rows = [whys.step_row(step_id) for step_id in whys.step_ids()]
        assert len(rows) >= 3
        boxes = [whys.symptom] + [box for row in rows for box in (row.text, row.evidence)]
        # Then the symptom, every answer and every piece of evidence show their whole text
        qtbot.waitUntil(lambda: all(shows_whole_text(box) for box in boxes))
        symptom = controller.plan()["why_chains"][0]["symptom"]
        assert whys.symptom.toPlainText() == symptom
        assert whys.symptom.fontMetrics().horizontalAdvance(symptom) > whys.symptom.width()

        # When an answer gets longer, its box grows with it
        answer = rows[0].text
        short = answer.height()
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        answer.setFocus()
        answer.moveCursor(QTextCursor.MoveOperation.End)
        more = " They were taught one-step routines, drilled on speed, and never asked to plan."
        qtbot.keyClicks(answer, more)
        qtbot.waitUntil(lambda: answer.height() > short and shows_whole_text(answer))
        # And Enter in the symptom still goes on to the first "why?", adding no line break
        whys.symptom.setFocus()
        qtbot.keyClick(whys.symptom, Key.Key_Return)
        assert answer.hasFocus()
        chain = controller.plan()["why_chains"][0]
        assert chain["symptom"] == symptom
        assert chain["steps"][0]["text"].endswith(more)
    finally:
        controller.close()
        theme.apply(zoom=1.0, high_contrast=False)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high contrast"])
def test_dots_per_member_has_arrows_to_see_and_click(
    qtbot: QtBot,
    theme: Theme,
    page: RootCausesPage,
    controller: PlanController,
    high_contrast: bool,
) -> None:
    theme.apply(zoom=1.5 if high_contrast else 1.0, high_contrast=high_contrast)
    page.tabs.setCurrentIndex(TAB_VOTES)
    spin = page.voting.dots_per_member
    before = spin.value()
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    image = spin.grab().toImage()
    ink = spin.palette().color(QPalette.ColorRole.Text)
    for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        button = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, spin)
        assert button.width() >= 12 and button.height() >= 8
        # Then each button shows an arrow in the text's colour
        arrow = [
            (x, y)
            for x in range(button.left(), button.right() + 1)
            for y in range(button.top(), button.bottom() + 1)
            if sum(
                abs(a - b)
                for a, b in zip(image.pixelColor(x, y).getRgb()[:3], ink.getRgb()[:3], strict=True)
            )
            < 90
        ]
        assert len(arrow) >= 12, part
    # And clicking the up arrow adds a dot per member, in the plan
    up = spin.style().subControlRect(
        QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, spin
    )
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton, pos=up.center())
    assert spin.value() == before + 1
    assert reopened(controller)["profile"]["dots_per_member"] == before + 1
    theme.apply(zoom=1.0, high_contrast=False)


def test_drawing_near_the_head_keeps_the_problem_in_view_in_a_small_room(
    qtbot: QtBot, theme: Theme, tmp_path: Path
) -> None:
    # Given the sample plan's first fishbone in the room step 3 has at 1024 × 768 (beside
    # the step list, the side panel folded): a diagram wider than its canvas
    with sample_page_in_room(qtbot, theme, tmp_path, RootCausesPage, 1.0, 764, 690) as page:
        canvas = page.canvas
        qtbot.waitUntil(lambda: canvas.layout_result is not None)
        layout = canvas.layout_result
        assert layout is not None
        assert layout.width * canvas.zoom > canvas.viewport().width()  # it scrolls
        # When the coach selects causes from the far end of the diagram back to the head
        outline = outline_of(canvas._fishbone)
        causes = [("cause", c) for c in outline.bone_of]
        far = min(causes, key=lambda t: canvas.box_of(t).x)  # type: ignore[union-attr]
        near = max(causes, key=lambda t: canvas.box_of(t).x)  # type: ignore[union-attr]
        canvas.select(far)
        canvas.select(near)
        # Then the cause nearest the head shows, and the problem box beside it, whole
        box = canvas.box_of(near)
        assert box is not None
        shown = canvas.mapFromScene(box_rect(box)).boundingRect()
        assert canvas.viewport().rect().contains(shown)
        assert head_in_view(canvas)
