"""Presentation mode and zoom restyle what is on show at once and keep the person's place; the
step pages not on show take the new look when they are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.ui.fishbone.canvas import FishboneCanvas
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.monitoring.comments_panel import CommentsArea
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.needs_page import NeedsPage
from sipdesk.ui.pages.root_causes_page import RootCausesPage
from sipdesk.ui.theme import BASE_POINT_SIZE
from tests.ui.conftest import open_plan


def page_title(page: QWidget) -> QLabel:
    return next(w for w in page.findChildren(QLabel) if w.property("role") == "page-title")


def share(bar: QScrollBar) -> float:
    return bar.value() / max(1, bar.maximum())


def test_presentation_keeps_the_scroll_position_and_the_selection(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given step 1 scrolled half way down, with the second core value selected
    window.resize(1024, 768)
    open_plan(qtbot, window, sample_file)
    window.show_step(1)
    page = window.current_page()
    assert isinstance(page, DirectionPage)
    bar = page.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(bar.maximum() // 2)
    page.values.view.selectRow(1)
    # When F5 puts the window in presentation mode
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presenting()
    # Then the page is taller, and the same part of it is in view
    qtbot.waitUntil(lambda: bar.maximum() > 600 and share(bar) == pytest.approx(0.5, abs=0.03))
    # and the selected row is still the one selected
    assert page.values.current_row() == 1
    # And back out of presentation mode, the same again
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: share(bar) == pytest.approx(0.5, abs=0.03))
    assert page.values.current_row() == 1


def test_pages_not_on_show_take_the_new_size_when_shown(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given steps 2 and 1 built at 100 %, and step 1 on show
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    needs = window.current_page()
    assert isinstance(needs, NeedsPage)
    window.show_step(1)
    direction = window.current_page()
    assert isinstance(direction, DirectionPage)
    normal = page_title(needs).font().pointSizeF()
    assert normal == pytest.approx(BASE_POINT_SIZE * 1.9, abs=0.06)
    # When the coach presents
    window.set_presentation(True)
    zoom = window.theme.zoom
    # Then the page on show has the presentation size at once, the hidden page not yet
    assert page_title(direction).font().pointSizeF() == pytest.approx(normal * zoom, abs=0.06)
    assert window.theme.styled(direction) and not window.theme.styled(needs)
    # And when step 2 is shown, it has it too: titles, cards and fields
    window.show_step(2)
    assert window.theme.styled(needs)
    assert page_title(needs).font().pointSizeF() == pytest.approx(normal * zoom, abs=0.06)
    card = next(iter(needs.board.cards.values()))
    assert card.evidence.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * zoom, abs=0.06)
    # And out of presentation mode, step 1 is back to 100 % when shown again
    window.set_presentation(False)
    window.show_step(1)
    assert page_title(direction).font().pointSizeF() == pytest.approx(normal, abs=0.06)


def test_a_plan_opened_after_zooming_opens_at_that_zoom(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the start screen zoomed in
    window.zoom_by(1)
    window.zoom_by(1)
    zoom = window.theme.zoom
    assert zoom > 1
    # When a plan is opened
    open_plan(qtbot, window, sample_file)
    page = window.current_page()
    assert page is not None
    # Then its first page, the step list and the status bar all have that size
    title = page_title(page).font().pointSizeF()
    assert title == pytest.approx(BASE_POINT_SIZE * 1.9 * zoom, abs=0.06)
    assert window.workspace is not None
    navigator = window.workspace.navigator
    assert navigator.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * zoom, abs=0.06)


def test_a_narrow_window_folds_the_side_panel_and_brings_it_back_when_wide(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan open in a wide window, with the side panel wanted
    open_plan(qtbot, window, sample_file)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: workspace.side.isVisible())
    # When the window narrows to a 1024-pixel projector's width
    window.resize(1024, 768)
    # Then the side panel folds away, the menu's tick follows, and the choice is not forgotten
    qtbot.waitUntil(lambda: not workspace.side.isVisible())
    assert not window.side_action.isChecked()
    assert window.settings.value("view/side_panel") in (None, True, "true")
    assert window.statusBar().currentMessage() == "Folded away for room: coaching prompts (F9)."
    assert workspace.navigator.isVisible()
    # And it comes back by itself once the window is wide again
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: workspace.side.isVisible())
    assert window.side_action.isChecked()
    # And in a narrow window F9 shows it all the same, and it stays while the window resizes
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: not workspace.side.isVisible())
    window.side_action.trigger()
    assert workspace.side.isVisible() and window.side_action.isChecked()
    window.resize(1000, 768)
    qtbot.waitUntil(lambda: workspace.width() <= 1000)
    assert workspace.side.isVisible()


def test_presenting_in_a_narrow_window_folds_the_step_list_too(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan open in a 1024-pixel window
    open_plan(qtbot, window, sample_file)
    workspace = window.workspace
    assert workspace is not None
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: not workspace.side.isVisible())
    assert workspace.navigator.isVisible()
    # When the coach presents (text at 150 %)
    window.set_presentation(True)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen may be smaller
    window.resize(1024, 768)
    # Then the step list folds as well, so the page keeps its width, and the keys still move
    qtbot.waitUntil(lambda: not workspace.navigator.isVisible())
    assert not window.step_list_action.isChecked()
    window.show_step(8)
    page = workspace.pages[8]
    assert page.width() >= 900
    # And leaving presentation brings the step list back
    window.set_presentation(False)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: workspace.navigator.isVisible())
    assert window.step_list_action.isChecked()


def test_a_zoom_restyles_only_what_shows_and_the_rest_as_it_comes_into_view(
    qtbot: QtBot, window: MainWindow, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given step 3 on show, on its fishbone tab, with the side panel folded away by choice
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    page = window.current_page()
    assert isinstance(page, RootCausesPage)
    workspace = window.workspace
    assert workspace is not None
    window.side_action.trigger()
    assert not workspace.side.isVisible()
    votes = page.tabs.widget(2)
    assert page.tabs.currentIndex() == 0
    relayouts: list[int] = []
    original = FishboneCanvas._relayout

    def counting(canvas: FishboneCanvas) -> None:
        relayouts.append(1)
        original(canvas)

    monkeypatch.setattr(FishboneCanvas, "_relayout", counting)
    # When the text grows
    window.zoom_in_action.trigger()
    # Then the diagram is laid out once for the new look (font, palette and style sheet
    # changes arrive together), and still fits
    qtbot.waitUntil(lambda: len(relayouts) >= 1)
    qtbot.waitUntil(lambda: page.canvas.auto_fit)
    assert len(relayouts) == 1
    # And what is hidden waits: the Votes tab and the folded side panel keep their old look
    theme = window.theme
    assert theme.styled(page.tabs.currentWidget())
    assert not theme.styled(votes) and not theme.styled(workspace.side)
    # Until they show: then they take the new look before they are seen
    page.tabs.setCurrentIndex(2)
    assert theme.styled(votes)
    window.side_action.trigger()
    assert workspace.side.isVisible() and theme.styled(workspace.side)


def test_presenting_on_the_fishbone_repaints_its_frames_and_refits_its_panel(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given step 3 on show at 100 %
    window.resize(1024, 768)
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    page = window.current_page()
    assert isinstance(page, RootCausesPage)
    # When the coach presents
    window.set_presentation(True)
    # Then the frames that hold the tabs take the presentation colours too: the tab frame
    # stayed light while the text in it turned light, and "with", the zoom figure and the
    # keys under the diagram could not be read
    app_window = QApplication.palette().window().color()
    assert page.tabs.palette().window().color() == app_window
    assert page.palette().window().color() == app_window
    # and the side panel widens to its text at the larger size, nothing cut at the right
    panel, scroll = page.panel, page.panel_scroll
    qtbot.waitUntil(lambda: scroll.viewport().width() >= panel.minimumSizeHint().width())


def test_a_one_line_comments_bar_stays_one_line_tall_when_presenting(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given step 5 of the sample plan, whose one district comment is resolved
    open_plan(qtbot, window, sample_file)
    window.show_step(5)
    area = window.current_page().findChild(CommentsArea)
    assert area is not None and area.isVisible()
    for presenting in (False, True):
        # When the coach presents (and before)
        window.set_presentation(presenting)
        qtbot.waitUntil(lambda: area.height() <= area.sizeHint().height())
        # Then the bar is as tall as its one line, not held open by its scroll bar's minimum
        line = area.panel.sizeHint().height()
        assert area.height() == pytest.approx(line, abs=2)
