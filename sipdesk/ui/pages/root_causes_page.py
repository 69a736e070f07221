"""Step 3 — Find root causes: fishbone diagrams on a live canvas, 5 Whys chains and dot voting.

The page lists the plan's fishbones, shows the chosen one on :class:`FishboneCanvas` with a
side panel for the selected cause, and has tabs for 5 Whys and for the ranking of causes by
votes. Every edit runs through the controller as one named, undoable operation.

It runs a little over 700 lines on purpose: its parts (canvas, panels, round keeper) already
live in ui/fishbone/; what is left is one screen's wiring over state its tabs share.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.diagrams import PROBLEM_ID
from sipdesk.models.catalogues import category_sets
from sipdesk.models.formatting import file_stem
from sipdesk.services import root_causes as rc
from sipdesk.services.voting_round import REVEAL_KEY, ROUND_HELP, ROUND_KEY
from sipdesk.ui.fishbone.canvas import MIN_ZOOM, FishboneCanvas
from sipdesk.ui.fishbone.cause_panel import NOT_LINKED, CausePanel, short
from sipdesk.ui.fishbone.elided_combo import ElidedComboBox
from sipdesk.ui.fishbone.export import ExportError
from sipdesk.ui.fishbone.round_keeper import RoundKeeper
from sipdesk.ui.fishbone.voting_panel import VotingPanel
from sipdesk.ui.fishbone.whys_panel import WhysPanel
from sipdesk.ui.widgets.batches import run_parts
from sipdesk.ui.widgets.common import PAGE_MARGINS, PAGE_SPACING, Banner, label
from sipdesk.ui.widgets.dialogs import Dialogs

if TYPE_CHECKING:
    from sipdesk.models.plan_types import FishboneRow, PlanDoc
    from sipdesk.services.notices import PlanNotice
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.wall import WallBoard


TAB_FISHBONE, TAB_WHYS, TAB_VOTES = range(3)
# Two lines under the diagram, even presenting; the side panel says what Enter adds where.
KEYS_HINT = (
    "Enter adds · Alt+→ makes a sub-cause, Alt+← takes it out · F2 renames · Delete removes · "
    "arrows select · Ctrl+arrows move · Ctrl+R root cause · Ctrl+Alt+0 fits · "
    "Tab leaves the diagram"
)
NO_TEMPLATE = ""
ZOOM_IN_KEY, ZOOM_OUT_KEY, FIT_KEY = "Ctrl+Alt+=", "Ctrl+Alt+-", "Ctrl+Alt+0"
# Widths in average characters of the page's font, so they follow the zoom.
PANEL_MIN_EM = 24  # the side panel never gets narrower (its labels wrap, its fields elide)
PANEL_EM = 30  # what it starts with; the splitter handle moves it
CANVAS_EM = 50
# A page shorter than this many lines of its text shows no step number or introduction.
COMPACT_LINES = 34


class RootCausesPage(QWidget):
    """Step 3 of the wizard."""

    PARTS = rc.ROOT_CAUSE_PARTS

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialogs = Dialogs(self)  # the seam tests replace
        self._fishbone_id: int | None = None
        self._stale = False
        self._shown = False
        self.round_keeper = RoundKeeper(controller, self)
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- set-up
    def _build_ui(self) -> None:
        c = self.controller
        readonly = c.readonly
        column = QVBoxLayout(self)
        column.setContentsMargins(PAGE_MARGINS)  # as on the scrolling steps
        column.setSpacing(PAGE_SPACING)
        self.step_number = label("STEP 3", "step-number", self)
        column.addWidget(self.step_number)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        self.title = label("Find root causes", "page-title", self)
        self.title.installEventFilter(self)  # a new look: see whether the heading still fits
        heading.addWidget(self.title, 1)
        column.addLayout(heading)
        self.intro = label(
            "Draw a fishbone for each problem, ask “why?” with 5 Whys, vote on the causes "
            "and mark the root causes your priorities will answer.",
            "hint",
            self,
        )
        column.addWidget(self.intro)
        # A voting round: each member in turn places their dots on the diagram with single
        # keys. Beside the step's title, where there is room even presenting, and from
        # every tab.
        self.round_button = QToolButton(self)
        self.round_button.setText(f"Voting round ({ROUND_KEY})")
        self.round_button.setAccessibleName("Start a voting round")
        self.round_button.setToolTip(
            "Each member in turn places their dots on this fishbone with single keys "
            f"({ROUND_KEY}; Esc or {ROUND_KEY} again ends the round)"
        )
        self.round_button.setCheckable(True)
        self.reveal_button = QToolButton(self)
        self.reveal_button.setText(f"Show votes ({REVEAL_KEY})")
        self.reveal_button.setAccessibleName("Show the votes")
        self.reveal_button.setToolTip(f"Show or hide the round's votes to the room ({REVEAL_KEY})")
        self.reveal_button.setCheckable(True)
        self.reveal_button.hide()
        heading.addWidget(self.round_button, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner = Banner(self)
        column.addWidget(self.banner)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Root cause tools")
        self.tabs.tabBar().setAccessibleName("Root cause tools: fishbones, 5 Whys, votes")
        column.addWidget(self.tabs, 1)

        for button, keys in ((self.round_button, ROUND_KEY), (self.reveal_button, REVEAL_KEY)):
            action = QAction(button.toolTip(), self)
            action.setObjectName(button.accessibleName().lower())
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(button.click)
            self.addAction(action)

        # -- fishbone tab: which diagram, the canvas tools, canvas | side panel, the keys.
        # Both rows of controls span the whole tab, so the canvas and the side panel below
        # them share the width alone and the tab fits a 1366 × 768 window, even presenting.
        fish = QWidget(self.tabs)
        fish_col = QVBoxLayout(fish)
        fish_col.setContentsMargins(0, 6, 0, 0)
        fish_col.setSpacing(4)
        # Which diagram: the row a round hides (it changes nothing then, and the diagram
        # needs the height on a projector).
        self.choose_row = QWidget(fish)
        choose = QHBoxLayout(self.choose_row)
        choose.setContentsMargins(0, 0, 0, 0)
        choose.setSpacing(6)
        # No "Fishbone" label in front: the tab says it, and presenting needs the width.
        self.fishbones = ElidedComboBox(fish, min_chars=8)
        self.fishbones.setAccessibleName("Fishbone diagrams in this plan")
        self.fishbones.setPlaceholderText("No fishbones yet")
        choose.addWidget(self.fishbones, 1)
        self.delete_button = QPushButton("Delete", fish)
        self.delete_button.setAccessibleName("Delete this fishbone")
        choose.addWidget(self.delete_button)
        choose.addSpacing(16)
        self.new_button = QPushButton("New fishbone", fish)
        self.new_button.setAccessibleName("New fishbone")
        self.new_button.setProperty("role", "primary")
        choose.addWidget(self.new_button)
        choose.addWidget(label("with", "", fish, wrap=False))
        self.template = ElidedComboBox(fish, min_chars=12, fit_contents=True)
        self.template.setAccessibleName("Categories for a new fishbone")
        for chosen in category_sets():
            self.template.addItem(f"{chosen.name} categories", chosen.key)
        self.template.addItem("No categories", NO_TEMPLATE)
        choose.addWidget(self.template)
        fish_col.addWidget(self.choose_row)

        tools = QHBoxLayout()
        tools.setSpacing(4)

        def tool(text: str, name: str, tip: str = "") -> QToolButton:
            button = QToolButton(fish)
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(tip or name)
            tools.addWidget(button)
            return button

        self.zoom_out_button = tool("−", "Zoom out", f"Zoom out of the diagram ({ZOOM_OUT_KEY})")
        self.zoom_in_button = tool("+", "Zoom in", f"Zoom in on the diagram ({ZOOM_IN_KEY})")
        self.fit_button = tool(
            "Fit", "Fit the diagram to the window", f"Fit the diagram to the window ({FIT_KEY})"
        )
        # The window's Ctrl+= / Ctrl+− / Ctrl+0 size the whole screen; with Alt they size the
        # diagram, from anywhere on this tab.
        for button, keys in (
            (self.zoom_out_button, ZOOM_OUT_KEY),
            (self.zoom_in_button, ZOOM_IN_KEY),
            (self.fit_button, FIT_KEY),
        ):
            action = QAction(button.toolTip(), fish)
            action.setObjectName(f"diagram {button.accessibleName().lower()}")
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(button.click)
            fish.addAction(action)
        self.zoom_label = label("100%", "hint", fish, wrap=False)
        self.zoom_label.setAccessibleName("Zoom")
        tools.addWidget(self.zoom_label)
        tools.addSpacing(12)
        self.png_button = tool("PNG…", "Export the diagram as a PNG picture")
        self.svg_button = tool("SVG…", "Export the diagram as an SVG drawing")
        tools.addSpacing(12)
        self.vote_button = tool(
            "Vote",
            "Vote with dots",
            "Voting: + (or a click) on a cause places a dot for the voter, − takes it back",
        )
        self.vote_button.setCheckable(True)
        self.voter = ElidedComboBox(fish, min_chars=8, fit_contents=True)
        self.voter.setAccessibleName("Who is voting")
        tools.addWidget(self.voter)
        tools.addStretch(1)
        fish_col.addLayout(tools)

        # While a round is open: who is voting and the keys, above the diagram.
        self.round_bar = QFrame(fish)
        self.round_bar.setProperty("role", "banner")
        self.round_bar.setAccessibleName("Voting round")
        bar_col = QVBoxLayout(self.round_bar)
        bar_col.setContentsMargins(12, 6, 12, 6)
        bar_col.setSpacing(2)
        self.round_status = label("", "subsection", self.round_bar)
        self.round_status.setAccessibleName("Who is voting")
        bar_col.addWidget(self.round_status)
        self.round_help = label(ROUND_HELP, "", self.round_bar)
        bar_col.addWidget(self.round_help)
        self.round_bar.hide()
        self.round_bar.installEventFilter(self)
        fish_col.addWidget(self.round_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, fish)
        self.splitter.setChildrenCollapsible(False)
        fish_col.addWidget(self.splitter, 1)
        center = QWidget(self.splitter)
        center_col = QVBoxLayout(center)
        center_col.setContentsMargins(0, 0, 0, 0)
        center_col.setSpacing(0)
        self.canvas = FishboneCanvas(c, center)
        self.canvas.set_round_keeper(self.round_keeper)
        center_col.addWidget(self.canvas, 1)
        self.empty_hint = label(
            "No fishbone yet.\nChoose the categories to start with and press New fishbone; "
            "then type the problem and press Enter.",
            "section",
            center,
        )
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        center_col.addWidget(self.empty_hint, 1)

        self.panel_scroll = QScrollArea(self.splitter)
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel = CausePanel(c, self.panel_scroll)
        self.panel_scroll.setWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.keys_hint = label(KEYS_HINT, "hint", fish)
        fish_col.addWidget(self.keys_hint)
        self.tabs.addTab(fish, "Fishbone diagrams")

        # -- 5 Whys and voting tabs
        self.whys = WhysPanel(c, self.tabs)
        self.tabs.addTab(self.whys, "5 Whys")
        self.voting = VotingPanel(c, self.tabs)
        self.tabs.addTab(self.voting, "Votes && ranking")

        for widget in (self.new_button, self.delete_button, self.template):
            widget.setEnabled(not readonly)
        self._size_timer = QTimer(self)
        self._size_timer.setSingleShot(True)
        self._size_timer.setInterval(0)
        self._size_columns()

    def _size_columns(self) -> None:
        """Give the side panel room for its text at the current zoom (it never scrolls
        sideways); the canvas takes the rest and scrolls the diagram instead."""
        em = self.fontMetrics().averageCharWidth()
        scroll = self.panel_scroll
        need = (
            self.panel.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        minimum = max(need, PANEL_MIN_EM * em)
        scroll.setMinimumWidth(minimum)
        wanted = max(minimum, PANEL_EM * em)
        total = sum(self.splitter.sizes())
        if total <= wanted:
            total = wanted + CANVAS_EM * em
        self.splitter.setSizes([total - wanted, wanted])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.round_bar and event.type() == QEvent.Type.Resize:
            self._fit_round_bar()
        elif watched is self.title and event.type() == QEvent.Type.FontChange:
            # The page holds its tabs and takes a new look through them and its title (see
            # MainWindow._style_holders): the side panel's width and the heading follow it.
            self._size_timer.start()
            self._fold_heading()
        return super().eventFilter(watched, event)

    def _fit_round_bar(self) -> None:
        """The round's bar is as tall as its wrapped lines (a tab page does not ask)."""
        layout = self.round_bar.layout()
        if layout is not None and self.round_bar.width() > 0:
            self.round_bar.setMinimumHeight(layout.heightForWidth(self.round_bar.width()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # After the children have their new fonts too (presentation zoom).
            self._size_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold_heading()

    def _fold_heading(self) -> None:
        """On a short screen (a projector's 768 lines, presenting) the step number and the
        introduction make way for the diagram; the title and the voting round stay."""
        # The application's font: the page itself keeps the look it was built with while
        # only what it holds takes a new one (see MainWindow._style_holders).
        line = QFontMetrics(QApplication.font()).lineSpacing()
        short = self.height() < COMPACT_LINES * line
        if self.intro.isHidden() != short:
            self.step_number.setHidden(short)
            self.intro.setHidden(short)

    def _connect(self) -> None:
        self._size_timer.timeout.connect(self._size_columns)
        self.controller.changed.connect(self._on_controller_changed)
        self.controller.refused.connect(self._on_controller_refused)
        self.fishbones.activated.connect(self._on_fishbones_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.zoom_in_button.clicked.connect(self._on_zoom_in_button_clicked)
        self.zoom_out_button.clicked.connect(self._on_zoom_out_button_clicked)
        self.fit_button.clicked.connect(self._on_fit_button_clicked)
        self.png_button.clicked.connect(self._on_png_button_clicked)
        self.svg_button.clicked.connect(self._on_svg_button_clicked)
        self.vote_button.toggled.connect(self._on_vote_button_toggled)
        self.voter.activated.connect(self._on_voter_activated)
        self.canvas.selection_changed.connect(self._on_canvas_selection_changed)
        self.canvas.message.connect(self._on_canvas_message)
        self.canvas.zoom_changed.connect(self._on_canvas_zoom_changed)
        self.panel.weakness_chosen.connect(self._on_panel_weakness_chosen)
        self.voting.cause_activated.connect(self._on_voting_cause_activated)
        self.round_button.clicked.connect(self._on_round_button_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.round_keeper.changed.connect(self._on_round_keeper_changed)
        self.round_keeper.message.connect(self._on_round_keeper_message)

    # ----------------------------------------------------------------- reading the plan
    def refresh(self, notice: PlanNotice | None = None) -> None:
        """Re-read the plan and show it; keeps the chosen fishbone and selection."""
        run_parts(self.refresh_parts(notice))

    def refresh_parts(self, notice: PlanNotice | None = None) -> Iterator[None]:
        self._stale = False
        plan = self.controller.plan()
        fishbones = plan["fishbones"]
        ids = [f["id"] for f in fishbones]
        if self._fishbone_id not in ids:
            self._fishbone_id = ids[0] if ids else None
        self._fill_fishbone_list(fishbones)
        fishbone = self._current(plan)
        self.canvas.set_fishbone(fishbone)
        self.canvas.setVisible(fishbone is not None)
        self.empty_hint.setVisible(fishbone is None)
        for widget in (
            self.png_button,
            self.svg_button,
            self.fit_button,
            self.vote_button,
            self.zoom_in_button,
            self.zoom_out_button,
        ):
            widget.setEnabled(fishbone is not None)
        self.round_button.setEnabled(fishbone is not None and not self.controller.readonly)
        yield
        self.panel.show_fishbone(plan, fishbone)
        self.panel.show_target(plan, fishbone, self.canvas.selection())
        self._fill_voters(plan)
        yield
        self.whys.refresh(plan, notice)
        yield
        self._show_round(plan)

    def _show_round(self, plan: PlanDoc | None = None) -> None:
        """The round's bar and locks, and the ranking with its tallies hidden or shown."""
        plan = plan if plan is not None else self.controller.plan()
        keeper = self.round_keeper
        voting = keeper.round
        if voting is not None and voting.fishbone_id != self._fishbone_id:
            keeper.end()  # the diagram it was on is gone (an undo): so is the round
            return
        open_ = voting is not None
        fishbone_shown = self._fishbone_id is not None
        self.round_bar.setVisible(open_)
        self.round_status.setText(keeper.status())
        self._fit_round_bar()
        self.round_bar.setAccessibleDescription(keeper.status())
        self.keys_hint.setVisible(fishbone_shown and not open_)
        self.round_button.setChecked(open_)
        self.round_button.setAccessibleName(
            "End the voting round" if open_ else "Start a voting round"
        )
        self.reveal_button.setVisible(open_)
        self.reveal_button.setChecked(bool(voting and voting.revealed))
        # Nothing that changes the diagram, or which diagram, works during a round.
        writable = not self.controller.readonly
        self.fishbones.setEnabled(not open_ and self.fishbones.count() > 0)
        self.new_button.setEnabled(writable and not open_)
        self.template.setEnabled(writable and not open_)
        self.delete_button.setEnabled(fishbone_shown and writable and not open_)
        self.vote_button.setEnabled(fishbone_shown and not open_)
        # The round says who votes: its reveal button takes the place of Vote and the voter.
        self.vote_button.setVisible(not open_)
        self.voter.setVisible(not open_)
        self.panel.setEnabled(not open_)
        # The room looks at the diagram: the side panel and the diagram chooser make way.
        self.panel_scroll.setVisible(not open_)
        self.choose_row.setVisible(not open_)
        self._apply_vote_mode()
        self.voting.refresh(
            plan,
            self._fishbone_id,
            hidden=keeper.hidden(),
            keys=self.canvas.round_keys() if open_ else None,
        )

    def _current(self, plan: PlanDoc) -> FishboneRow | None:
        return next((f for f in plan["fishbones"] if f["id"] == self._fishbone_id), None)

    def _fill_fishbone_list(self, fishbones: Sequence[FishboneRow]) -> None:
        wanted = [
            (f["id"], f"{n}. {short(f['problem'].strip() or 'Untitled fishbone', 80)}")
            for n, f in enumerate(fishbones, start=1)
        ]
        combo = self.fishbones
        combo.blockSignals(True)
        try:
            have = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
            if have != wanted:
                combo.clear()
                for (ident, text), fishbone in zip(wanted, fishbones, strict=True):
                    combo.addItem(text, ident)
                    tip = fishbone["problem"].strip()
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(self._fishbone_id)))
            combo.setEnabled(bool(fishbones))
        finally:
            combo.blockSignals(False)

    def _fill_voters(self, plan: PlanDoc) -> None:
        allowance = plan["profile"]["dots_per_member"]
        used = rc.dots_used(plan)
        wanted: list[tuple[int, str]] = [(NOT_LINKED, "Typed-in votes")]
        for member in plan["team"]:
            name = member["name"].strip() or "Unnamed member"
            left = max(allowance - used.get(member["id"], 0), 0)
            wanted.append((member["id"], f"{name} ({left} left)"))
        current = self.voter.currentData()
        self.voter.blockSignals(True)
        try:
            have = [
                (self.voter.itemData(i), self.voter.itemText(i)) for i in range(self.voter.count())
            ]
            if have != wanted:
                self.voter.clear()
                for ident, text in wanted:
                    self.voter.addItem(text, ident)
            self.voter.setCurrentIndex(max(0, self.voter.findData(current)))
        finally:
            self.voter.blockSignals(False)
        self._apply_vote_mode()

    def _voter_id(self) -> int | None:
        value = self.voter.currentData()
        return None if value in (None, NOT_LINKED) else int(value)

    def _apply_vote_mode(self) -> None:
        voting = self.vote_button.isChecked()
        self.voter.setEnabled(
            voting and self.canvas.fishbone_id is not None and self.round_keeper.round is None
        )
        self.canvas.set_vote_mode(voting, self._voter_id())

    # ----------------------------------------------------------------- page contract
    def focus_item(self, item: str) -> bool:
        """Show ``fishbone:N``, ``category:N``, ``cause:N``, ``chain:N``, ``why_step:N``,
        ``votes`` or ``whys``; False when the item is not on this page."""
        if self._stale:
            self.refresh()
        kind, _, raw = item.partition(":")
        plan = self.controller.plan()
        if kind in ("votes", "ranking"):
            self.tabs.setCurrentIndex(TAB_VOTES)
            self.voting.table.setFocus()
            return True
        if kind in ("whys", "why_chains"):
            self.tabs.setCurrentIndex(TAB_WHYS)
            return True
        if kind in ("fishbones", "fishbone") and not raw:
            self.tabs.setCurrentIndex(TAB_FISHBONE)
            self.fishbones.setFocus()
            return True
        try:
            ident = int(raw)
        except ValueError:
            return False
        if kind in ("chain", "why_chain", "why_step"):
            chain_id = ident
            if kind == "why_step":
                found = next(
                    (
                        ch["id"]
                        for ch in plan["why_chains"]
                        if any(s["id"] == ident for s in ch["steps"])
                    ),
                    None,
                )
                if found is None:
                    return False
                chain_id = found
            if not self.whys.select_chain(chain_id):
                return False
            self.tabs.setCurrentIndex(TAB_WHYS)
            if kind == "why_step":
                self.whys.step_row(ident).text.setFocus()
            else:
                self.whys.symptom.setFocus()
            return True
        if kind == "fishbone":
            fishbone_id: int | None = ident
            target: tuple[Any, int] = ("problem", PROBLEM_ID)
        elif kind in ("category", "cause"):
            fishbone_id = rc.find_fishbone_of(plan, kind, ident)
            target = (kind, ident)
        else:
            return False
        if fishbone_id is None or fishbone_id not in [f["id"] for f in plan["fishbones"]]:
            return False
        self.show_fishbone(fishbone_id)
        self.tabs.setCurrentIndex(TAB_FISHBONE)
        self.canvas.setFocus()
        return self.canvas.select(target)

    def show_fishbone(self, fishbone_id: int) -> None:
        if fishbone_id != self._fishbone_id:
            self._fishbone_id = fishbone_id
            self.refresh()

    def wall_board(self) -> WallBoard | None:
        """What Show view puts on the wall (F6): the tab on show, where the person is on it."""
        from sipdesk.ui.wall import WallBoard  # the wall's code loads when it is first shown

        if self.tabs.currentWidget() is self.whys:
            return WallBoard("whys", chain_id=self.whys.chain_id())
        if self.tabs.currentWidget() is self.voting:
            scope = self.voting.scope.currentData()
            fishbone_id = scope if isinstance(scope, int) and scope > 0 else None
            if self.round_keeper.round is not None:
                fishbone_id = self.round_keeper.round.fishbone_id
            return WallBoard(
                "ranking", fishbone_id=fishbone_id, voter=self._voter_id(), round=self.round_keeper
            )
        if self._fishbone_id is None:
            return None
        return WallBoard(
            "fishbone",
            fishbone_id=self._fishbone_id,
            selection=self.canvas.selection(),
            vote_mode=self.vote_button.isChecked(),
            voter=self._voter_id(),
            round=self.round_keeper,
        )

    def wall_closed(self, selection: Any) -> None:
        """Back from Show view: the cause selected there is selected here."""
        if selection is not None and self.tabs.currentIndex() == 0:
            self.canvas.select(selection)

    def current_fishbone_id(self) -> int | None:
        return self._fishbone_id

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self._size_columns()
        if self._stale:
            self.refresh()

    # ----------------------------------------------------------------- slots
    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if not notice.touches(self.PARTS):
            return
        if self.isVisible():
            self.refresh(notice)
        else:
            self._stale = True

    def _on_controller_refused(self, sentence: str) -> None:
        if self.isVisible():
            self.banner.show_message(sentence)

    def _on_canvas_message(self, sentence: str) -> None:
        self.banner.show_message(sentence)

    def _on_fishbones_activated(self, _index: int) -> None:
        ident = self.fishbones.currentData()
        if ident is not None:
            self.show_fishbone(int(ident))

    def _on_new_button_clicked(self) -> None:
        template = self.template.currentData() or None
        change = self.controller.run(lambda s: rc.new_fishbone(s, "", template))
        new = change.created_id("fishbones") if change else None
        if new is None:
            return
        self.show_fishbone(new)
        self.tabs.setCurrentIndex(TAB_FISHBONE)
        self.canvas.setFocus()
        self.canvas.start_rename(("problem", PROBLEM_ID))

    def _on_delete_button_clicked(self) -> None:
        fishbone_id = self._fishbone_id
        if fishbone_id is None:
            return
        if self.controller.run(lambda s: rc.delete_fishbone(s, fishbone_id)) is not None:
            self.banner.show_message("Fishbone deleted. Undo (Ctrl+Z) brings it back.")

    def _on_zoom_in_button_clicked(self) -> None:
        self.canvas.zoom_in()
        self._show_zoom()

    def _on_zoom_out_button_clicked(self) -> None:
        self.canvas.zoom_out()
        self._show_zoom()

    def _on_fit_button_clicked(self) -> None:
        # Fit shows the whole diagram, however small that makes it; a newly shown diagram
        # stops at a readable size instead (see FishboneCanvas.fit).
        self.canvas.fit(floor=MIN_ZOOM)
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.canvas.zoom * 100)}%")

    def _export(self, suffix: str, kind: str) -> Path | None:
        plan = self.controller.plan()
        fishbone = self._current(plan)
        if fishbone is None:
            return None
        stem = file_stem(fishbone["problem"], "Fishbone", limit=60)
        start = self.controller.document.path.parent / f"Fishbone - {stem}{suffix}"
        file_filter = f"{kind} (*{suffix})"
        path = self.dialogs.save_file(
            f"Export the diagram as {suffix[1:].upper()}", start, file_filter
        )
        if path is None:
            return None
        try:
            if suffix == ".png":
                self.canvas.export_png(path)
            else:
                self.canvas.export_svg(path)
        except (ExportError, OSError) as exc:
            self.banner.show_message(
                str(exc)
                if isinstance(exc, ExportError)
                else f"Could not write “{path.name}”: {exc.strerror or exc}."
            )
            return None
        self.banner.show_message(f"Saved the diagram to “{path.name}”.")
        return path

    def _on_png_button_clicked(self) -> None:
        self._export(".png", "PNG pictures")

    def _on_svg_button_clicked(self) -> None:
        self._export(".svg", "SVG drawings")

    def _on_vote_button_toggled(self, _on: bool) -> None:
        # The focus stays on the button: the next Tab reaches "Who is voting", as people
        # expect, instead of landing in the diagram.
        self._apply_vote_mode()

    def _on_voter_activated(self, _index: int) -> None:
        self._apply_vote_mode()

    def _on_canvas_selection_changed(self, target: Any) -> None:
        plan = self.controller.plan()
        self.panel.show_target(plan, self._current(plan), target)

    def _on_canvas_zoom_changed(self, _zoom: float) -> None:
        self._show_zoom()

    def _on_panel_weakness_chosen(self, weakness_id: int | None) -> None:
        fishbone_id = self._fishbone_id
        if fishbone_id is None:
            return
        self.controller.run(lambda s: rc.link_fishbone_weakness(s, fishbone_id, weakness_id))

    def _on_voting_cause_activated(self, cause_id: int) -> None:
        self.focus_item(f"cause:{cause_id}")

    def _on_round_button_clicked(self) -> None:
        opening = self.round_keeper.round is None
        self.round_keeper.toggle(self._fishbone_id)
        self._show_round()  # also when it did not open: the button springs back
        if opening and self.round_keeper.round is not None:
            self.tabs.setCurrentIndex(TAB_FISHBONE)
            self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
            selected = self.canvas.selection()
            if selected is None or selected[0] != "cause":
                first = next(iter(self.canvas.round_keys()), None)
                if first is not None:
                    self.canvas.select(("cause", first), visible=False)
            self.canvas.fit()  # the whole diagram for the room, following the new room

    def _on_reveal_button_clicked(self) -> None:
        self.round_keeper.reveal()
        self._show_round()

    def _on_round_keeper_changed(self) -> None:
        self._show_round()

    def _on_round_keeper_message(self, sentence: str) -> None:
        if sentence:
            self.banner.show_message(sentence)
