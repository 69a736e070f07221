"""Step 6 — Monitor progress: the monthly status grid, Tool A's milestone reports (one column per
monitoring period of the plan: its cycles, or its quarters) and semester strategy reports,
annual results per measure, supports and a progress chart per strategy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import SUPPORT
from sipdesk.models.targets import plan_span, span_years
from sipdesk.services import monitoring, outline
from sipdesk.services.measures import effective_cycles
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.services.progress import ON_TIME_RULE, plan_start
from sipdesk.services.values import month_label
from sipdesk.ui.catalogue_picker import CatalogueButton
from sipdesk.ui.monitoring import cycles
from sipdesk.ui.monitoring.comments_panel import CommentsArea, CommentsPanel
from sipdesk.ui.monitoring.month_grid import (
    FIRST_MONTH_COL,
    NOTE_ROLE,
    MonthGridModel,
    MonthGridView,
)
from sipdesk.ui.monitoring.progress_chart import ProgressChart
from sipdesk.ui.monitoring.reports import MilestoneReportModel, ResultsModel, StrategyReportModel
from sipdesk.ui.tables import Column, PlanItemsModel, WrapTableView
from sipdesk.ui.widgets.batches import run_parts
from sipdesk.ui.widgets.common import ScrollingBody, label

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MilestoneRow, PlanDoc, StrategyRow
    from sipdesk.ui.controller import PlanController, RowValues

PARTS = (
    PlanPart.PROFILE
    | PlanPart.PRIORITIES
    | PlanPart.STRATEGIES
    | PlanPart.MILESTONES
    | PlanPart.ACTIONS
    | PlanPart.ACTION_STATUSES
    | PlanPart.MILESTONE_REPORTS
    | PlanPart.STRATEGY_REPORTS
    | PlanPart.GOALS
    | PlanPart.MEASURES
    | PlanPart.MEASURE_RESULTS
    | PlanPart.SUPPORTS
    | PlanPart.CYCLES
    | PlanPart.REVIEW_COMMENTS
)
TAB_STATUS, TAB_REPORTS, TAB_RESULTS, TAB_SUPPORTS, TAB_CHART = range(5)
# Each tab's full title, and the short one used when the full ones do not fit on one line
# (a projector at presentation zoom); the full title stays in the tooltip.
TAB_TITLES = (
    ("Monthly status", "Monthly"),
    ("Milestone && strategy reports", "Reports"),
    ("Annual results", "Annual"),
    ("Supports", "Supports"),
    ("Progress chart", "Chart"),
)
# A tab's own margins: slim, so that its table has the room (a projector at presentation zoom).
TAB_MARGINS = (6, 8, 6, 6)
KEYS_HINT = (
    "Click a month or press Space for the next status · 1 Not started · 2 On track · "
    "3 Behind · 4 Done · Delete clears · Enter writes a note"
)


def _support_columns(page: MonitorPage) -> list[Column]:
    return [
        Column(
            "strategy_id",
            "Strategy",
            kind="choice",
            chars=8,
            choices=page.strategy_choices,
        ),
        Column("needed", "Support needed", chars=24),
        Column("provided", "Support provided", chars=24),
        Column("provider", "Provider", chars=14),
        Column("how_used", "How were supports used?", chars=24),
        Column("effectiveness", "How effective were the supports?", chars=24),
    ]


def _strategy_row(doc: PlanDoc, strategy_id: int | None) -> StrategyRow | None:
    return next(
        (s for p in doc["priorities"] for s in p["strategies"] if s["id"] == strategy_id), None
    )


def _milestone_row(doc: PlanDoc, milestone_id: int | None) -> MilestoneRow | None:
    milestones = (m for p in doc["priorities"] for s in p["strategies"] for m in s["milestones"])
    return next((m for m in milestones if m["id"] == milestone_id), None)


class MonitorPage(QWidget):
    """Step 6. ``focus_item`` understands action:, strategy:, milestone:, measure:, goal: and
    support: refs."""

    PARTS = PARTS

    def __init__(
        self,
        controller: PlanController,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        fill: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._today = today  # periods after today show no figures
        self._doc: PlanDoc | None = None  # the plan as last shown
        self._stale = False
        self._followed = False
        self._others_stale = False
        self._strategy_choices: list[tuple[str, Any]] = [("(whole plan)", None)]
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.setAccessibleName("Step 6: Monitor progress")
        layout = QVBoxLayout(self)
        # The same margins as the steps that scroll as a whole (ScrollingBody).
        layout.setContentsMargins(32, 24, 32, 12)
        layout.addWidget(label("STEP 6", "step-number", self))
        layout.addWidget(label("Monitor progress", "page-title", self))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Monitoring views")
        # Titles shorten, then elide, before the bar would need scroll arrows.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabBar().installEventFilter(self)
        layout.addWidget(self.tabs, 1)
        for page, (title, _short) in zip(
            (
                self._build_status_tab(),
                self._build_reports_tab(),
                self._build_results_tab(),
                self._build_supports_tab(),
                self._build_chart_tab(),
            ),
            TAB_TITLES,
            strict=True,
        ):
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, title.replace("&&", "&"))
        self.comments = CommentsPanel(self.controller, 6)
        layout.addWidget(CommentsArea(self.comments, self))

    def _build_status_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(*TAB_MARGINS)
        bar = QHBoxLayout()
        month_label = QLabel("&Month:")
        self.month_combo = QComboBox()
        self.month_combo.setAccessibleName("Month to report")
        month_label.setBuddy(self.month_combo)
        self.carry_button = QPushButton("&Carry last status forward")
        self.carry_button.setAccessibleName("Carry each action's last status into this month")
        self.carry_button.setToolTip(
            "Give every action without a status this month the status it had last time; "
            "then change only what moved."
        )
        # The grid shows the chosen month with the months before it that fit, never a
        # sideways scroll bar: these step through the months, as the chooser does.
        self.earlier_button = QPushButton("‹")
        self.earlier_button.setAccessibleName("Earlier month")
        self.earlier_button.setToolTip("Show the month before (or press ← in the grid)")
        self.later_button = QPushButton("›")
        self.later_button.setAccessibleName("Later month")
        self.later_button.setToolTip("Show the month after (or press → in the grid)")
        for button in (self.earlier_button, self.later_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are ← and → in the grid
        bar.addWidget(month_label)
        bar.addWidget(self.earlier_button)
        bar.addWidget(self.month_combo)
        bar.addWidget(self.later_button)
        bar.addWidget(self.carry_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.grid_model = MonthGridModel(self.controller, parent=self, today=self._today)
        self.grid = MonthGridView()
        self.grid.setModel(self.grid_model)
        layout.addWidget(self.grid, 1)
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        hint.setAccessibleName("Keys for the status grid")
        layout.addWidget(hint)
        note_row = QHBoxLayout()
        self.note_label = QLabel("&Note:")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note for the selected month")
        self.note_edit.setPlaceholderText("Choose a month cell with a status, then type a note")
        self.note_edit.setEnabled(False)
        self.note_label.setBuddy(self.note_edit)
        note_row.addWidget(self.note_label)
        note_row.addWidget(self.note_edit, 1)
        layout.addLayout(note_row)
        self.empty_label = QLabel("Add actions in step 5 to monitor them here month by month.")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        return tab

    def _build_reports_tab(self) -> QWidget:
        # The reports grow to show all their text; the tab scrolls, not each table.
        self.reports_body = ScrollingBody()
        self.reports_body.column.setContentsMargins(8, 8, 8, 8)
        layout = self.reports_body.column
        note = label(
            "Percentages are computed from the monthly statuses (grey cells); the other "
            "cells are typed. Milestones are reported by the plan's monitoring periods below, "
            "strategies by semester; a period that has not started yet shows “—”.",
            "hint",
        )
        layout.addWidget(note)
        self.cycles = cycles.CyclesEditor(self.controller)  # the periods the reports follow
        layout.addWidget(self.cycles)
        row = QHBoxLayout()
        caption = QLabel("&Strategy:")
        self.strategy_combo = QComboBox()
        self.strategy_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.strategy_combo.setMinimumContentsLength(24)
        self.strategy_combo.setAccessibleName("Strategy to report on")
        caption.setBuddy(self.strategy_combo)
        row.addWidget(caption)
        row.addWidget(self.strategy_combo, 1)
        layout.addLayout(row)
        self.strategy_report_model = StrategyReportModel(self.controller, self, today=self._today)
        self.strategy_report = self._report_view(self.strategy_report_model, "Strategy report")
        layout.addWidget(self.strategy_report)
        row = QHBoxLayout()
        caption = QLabel("M&ilestone:")
        self.milestone_combo = QComboBox()
        self.milestone_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.milestone_combo.setMinimumContentsLength(24)
        self.milestone_combo.setAccessibleName("Milestone to report on")
        caption.setBuddy(self.milestone_combo)
        row.addWidget(caption)
        row.addWidget(self.milestone_combo, 1)
        layout.addLayout(row)
        self.milestone_report_model = MilestoneReportModel(self.controller, self, today=self._today)
        self.milestone_report = self._report_view(
            self.milestone_report_model, "Milestone report by monitoring period"
        )
        layout.addWidget(self.milestone_report)
        self.on_time_hint = label(f"On time: {ON_TIME_RULE}", "hint")
        self.on_time_hint.setAccessibleName("How actions on time are counted")
        layout.addWidget(self.on_time_hint)
        self.reports_body.finish()
        return self.reports_body

    def _report_view(self, model: Any, name: str) -> WrapTableView:
        # The line labels wrap within 24 characters; the periods share the rest equally.
        view = WrapTableView(grow=True, label_chars=24)
        view.setModel(model)
        view.setAccessibleName(name)
        count = model.period_count()
        view.set_column_chars([12] * count, [True] * count)
        return view

    def _build_results_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(*TAB_MARGINS)
        row = QHBoxLayout()
        caption = QLabel("&Year:")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Plan year")
        self._fill_years(3)  # (the plan's span, as soon as it is shown)
        caption.setBuddy(self.year_combo)
        row.addWidget(caption)
        row.addWidget(self.year_combo)
        row.addStretch(1)
        layout.addLayout(row)
        self.results_model = ResultsModel(self.controller, self)
        self.results = WrapTableView()
        self.results.setModel(self.results_model)
        self.results.setAccessibleName("Annual results per measure")
        self.results.verticalHeader().setVisible(False)
        self.results.set_column_chars(
            (12, 9, 32, 22, 30, 30), (False, False, True, True, True, True)
        )
        layout.addWidget(self.results, 1)
        return tab

    def _build_supports_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(*TAB_MARGINS)
        columns = _support_columns(self)
        self.supports_model = PlanItemsModel(
            self.controller,
            SUPPORT,
            columns,
            lambda doc: doc["supports"],
            "support",
            self,
        )
        self.supports = WrapTableView()
        self.supports.setModel(self.supports_model)
        self.supports.setAccessibleName("Supports")
        self.supports.use_columns(columns)
        layout.addWidget(self.supports, 1)
        buttons = QHBoxLayout()
        # Issue 15: a pick from the state pack's catalogue, said under the table (the table
        # keeps its columns, which fit a projector).
        self.add_support_button = QPushButton("&Add support")
        self.add_support_button.setAccessibleName("Add support")
        self.delete_support_button = QPushButton("&Delete support")
        self.delete_support_button.setAccessibleName("Delete the selected support")
        self.pick_support_button = CatalogueButton(
            self.controller,
            self.supports,
            self.supports_model,
            lambda: self.strategy_combo.currentData(),
        )
        buttons.addWidget(self.add_support_button)
        buttons.addWidget(self.pick_support_button)
        buttons.addWidget(self.delete_support_button)
        buttons.addStretch(1)
        layout.addWidget(self.pick_support_button.note)
        layout.addLayout(buttons)
        return tab

    def _build_chart_tab(self) -> QWidget:
        self.chart = ProgressChart(today=self._today)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setAccessibleName("Progress chart")
        return scroll

    def fit_tab_titles(self) -> None:
        """Full tab titles when they fit on one line, else the short ones."""
        bar = self.tabs.tabBar()
        metrics = bar.fontMetrics()
        full = [title.replace("&&", "&") for title, _short in TAB_TITLES]
        # A tab's own padding: its size now, less the width of the title it shows now.
        pads = [
            bar.tabSizeHint(i).width()
            - metrics.horizontalAdvance(bar.tabText(i).replace("&&", "&"))
            for i in range(bar.count())
        ]
        needed = sum(metrics.horizontalAdvance(t) + pad for t, pad in zip(full, pads, strict=False))
        fits = needed <= self.tabs.width() - 8
        for index, (title, short) in enumerate(TAB_TITLES):
            wanted = title if fits else short
            if self.tabs.tabText(index) != wanted:
                self.tabs.setTabText(index, wanted)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.tabs.tabBar() and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self.fit_tab_titles()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_tab_titles()

    def _connect(self) -> None:
        self.controller.values_changed.connect(self._on_controller_values_changed)
        self.controller.changed.connect(self._on_controller_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.month_combo.activated.connect(self._on_month_combo_activated)
        self.month_combo.currentIndexChanged.connect(self._on_month_combo_index_changed)
        self.earlier_button.clicked.connect(self._on_earlier_button_clicked)
        self.later_button.clicked.connect(self._on_later_button_clicked)
        self.carry_button.clicked.connect(self._on_carry_button_clicked)
        self.grid.note_requested.connect(self._on_grid_note_requested)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current_changed)
        self.grid_model.modelReset.connect(self._on_grid_model_reset)
        self.note_edit.textEdited.connect(self._on_note_edit_text_edited)
        self.note_edit.returnPressed.connect(self._on_note_edit_return_pressed)
        self.strategy_combo.currentIndexChanged.connect(self._on_strategy_combo_changed)
        self.milestone_combo.currentIndexChanged.connect(self._on_milestone_combo_changed)
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_changed)
        self.add_support_button.clicked.connect(self._on_add_support_button_clicked)
        self.delete_support_button.clicked.connect(self._on_delete_support_button_clicked)
        self.comments.item_activated.connect(self.focus_item)
        self.setTabOrder(self.tabs, self.month_combo)
        self.setTabOrder(self.month_combo, self.carry_button)
        self.setTabOrder(self.carry_button, self.grid)
        self.setTabOrder(self.grid, self.note_edit)

    # ----------------------------------------------------------------- refresh
    def _on_controller_values_changed(self, values: RowValues) -> None:
        # Status clicks are the meeting's heartbeat: the grid follows them cell by cell.
        self._followed = self.grid_model.follow(values)

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        followed, self._followed = self._followed, False
        if not notice.touches(PARTS):
            return
        if followed and not notice.reload and notice.parts == PlanPart.ACTION_STATUSES:
            self._sync_note()
            self._others_stale = True  # reports and chart catch up when their tab is shown
            if self.isVisible() and self.tabs.currentIndex() != TAB_STATUS:
                self._refresh_others()
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # catch up when shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        self._stale = False
        doc = self.controller.plan()
        self._doc = doc
        self.grid_model.load(doc)
        yield
        self.grid.setVisible(self.grid_model.rowCount() > 0)
        self.empty_label.setVisible(self.grid_model.rowCount() == 0)
        self._fill_months()
        self._sync_note()
        if self.tabs.currentIndex() == TAB_STATUS:
            # Reports, results, supports and the chart catch up when their tab is shown:
            # on a big plan each costs as much as the grid.
            self._others_stale = True
            self.comments.refresh()
        else:
            self._refresh_others(doc)

    def _shown(self) -> PlanDoc:
        return self._doc if self._doc is not None else self.controller.plan()

    def _refresh_others(self, doc: PlanDoc | None = None) -> None:
        """Everything but the grid: reports, results, supports, chart, comments."""
        self._others_stale = False
        if doc is None:
            doc = self.controller.plan()
            self._doc = doc
        first = plan_start(doc["profile"]["first_month"])
        self._strategy_choices = [("(whole plan)", None)] + [
            (f"{e.number}", e.id) for e in outline.outline(doc) if e.kind == "strategy"
        ]
        self.cycles.show_plan(doc)
        self._fill_strategy_combo(doc, first)
        self._fill_years(plan_span(doc["profile"]["plan_years"]))
        self.results_model.load(doc, self.year_combo.currentData())
        self.supports_model.load(doc)
        self.chart.set_plan(doc)
        self.comments.refresh()

    def _fill_years(self, span: int) -> None:
        """Year 1 … the last year of the plan's span (an annual plan has one, a five-year plan
        five), keeping the chosen year while the plan still has it."""
        years = span_years(span)
        if [self.year_combo.itemData(i) for i in range(self.year_combo.count())] == years:
            return
        keep = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"Year {year}", year)
        found = self.year_combo.findData(keep)
        self.year_combo.setCurrentIndex(found if found >= 0 else len(years) - 1)
        self.year_combo.blockSignals(False)

    def strategy_choices(self) -> list[tuple[str, Any]]:
        return list(self._strategy_choices)

    def _fill_months(self) -> None:
        months = self.grid_model.months
        if [self.month_combo.itemData(i) for i in range(self.month_combo.count())] == months:
            return
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for month in months:
            self.month_combo.addItem(month_label(month), month)
        current = self.grid_model.current_month
        self.month_combo.setCurrentIndex(max(0, self.month_combo.findData(current)))
        self.month_combo.blockSignals(False)

    def _fill_strategy_combo(self, doc: PlanDoc, first: str) -> None:
        strategies = [e for e in outline.outline(doc) if e.kind == "strategy"]
        wanted = [
            (f"Strategy {e.number} — {e.title or '(not written yet)'}", e.id) for e in strategies
        ]
        have = [
            (self.strategy_combo.itemText(i), self.strategy_combo.itemData(i))
            for i in range(self.strategy_combo.count())
        ]
        if wanted != have:
            keep = self.strategy_combo.currentData()
            self.strategy_combo.blockSignals(True)
            self.strategy_combo.clear()
            for text, sid in wanted:
                self.strategy_combo.addItem(text, sid)
            found = self.strategy_combo.findData(keep)
            self.strategy_combo.setCurrentIndex(found if found >= 0 else 0)
            self.strategy_combo.blockSignals(False)
        self._show_strategy(first)

    def _show_strategy(self, first: str | None = None) -> None:
        doc = self._shown()
        first = plan_start(first or doc["profile"]["first_month"])
        index = outline.index_plan(doc)
        sid = self.strategy_combo.currentData()
        strategy = index.get(outline.item_ref("strategy", sid)) if sid is not None else None
        self.strategy_report_model.show_item(_strategy_row(doc, sid), first)
        milestones = [
            e
            for e in index.values()
            if e.kind == "milestone" and strategy and e.parent == strategy.ref
        ]
        wanted = [
            (f"Milestone {e.number} — {e.title or '(not written yet)'}", e.id) for e in milestones
        ]
        have = [
            (self.milestone_combo.itemText(i), self.milestone_combo.itemData(i))
            for i in range(self.milestone_combo.count())
        ]
        if wanted != have:
            keep = self.milestone_combo.currentData()
            self.milestone_combo.blockSignals(True)
            self.milestone_combo.clear()
            for text, mid in wanted:
                self.milestone_combo.addItem(text, mid)
            found = self.milestone_combo.findData(keep)
            self.milestone_combo.setCurrentIndex(found if found >= 0 else 0)
            self.milestone_combo.blockSignals(False)
        self._show_milestone(first)

    def _show_milestone(self, first: str | None = None) -> None:
        doc = self._shown()
        first = plan_start(first or doc["profile"]["first_month"])
        mid = self.milestone_combo.currentData()
        entry = outline.index_plan(doc).get(outline.item_ref("milestone", mid)) if mid else None
        report = self.milestone_report_model
        before = report.period_count()
        report.set_cycles(effective_cycles(doc))
        if report.period_count() != before:
            self.milestone_report.set_column_chars(
                [12] * report.period_count(), [True] * report.period_count()
            )
        self.milestone_report_model.show_item(_milestone_row(doc, mid) if entry else None, first)

    def _sync_note(self) -> None:
        index = self.grid.currentIndex()
        entry = self.grid_model.entry(index) if index.isValid() else None
        month = self.grid_model.month_of(index) if index.isValid() else None
        if entry is None or month is None:
            self.note_edit.setEnabled(False)
            if not self.note_edit.hasFocus():
                self.note_edit.clear()
            self.note_label.setText("&Note:")
            return
        row = self.grid_model.grid_row(index.row())
        self.note_label.setText(f"&Note for {row.number}, {month_label(month)}:")
        self.note_edit.setEnabled(not self.controller.readonly)
        if self.note_edit.text() != entry[1]:
            position = self.note_edit.cursorPosition()
            self.note_edit.setText(entry[1])
            self.note_edit.setCursorPosition(min(position, len(entry[1])))

    # ----------------------------------------------------------------- slots
    def _on_tabs_current_changed(self, index: int) -> None:
        if index != TAB_STATUS and self._others_stale:
            self._refresh_others()

    def _on_month_combo_activated(self, _index: int) -> None:
        column = self.grid_model.column_of(self.month_combo.currentData())
        if column is None:
            return
        row = max(0, self.grid.currentIndex().row())
        target = self.grid_model.index(row, column)
        if target.isValid():
            self.grid.setCurrentIndex(target)
            self.grid.scrollTo(target)

    def _on_earlier_button_clicked(self) -> None:
        self._step_month(-1)

    def _on_later_button_clicked(self) -> None:
        self._step_month(1)

    def _step_month(self, step: int) -> None:
        index = self.month_combo.currentIndex() + step
        if 0 <= index < self.month_combo.count():
            self.month_combo.setCurrentIndex(index)
            self._on_month_combo_activated(index)

    def _on_month_combo_index_changed(self, index: int) -> None:
        self.earlier_button.setEnabled(index > 0)
        self.later_button.setEnabled(0 <= index < self.month_combo.count() - 1)

    def _on_carry_button_clicked(self) -> None:
        month = self.month_combo.currentData()
        if month:
            self.controller.run(lambda s: monitoring.carry_forward(s, month))

    def _on_grid_note_requested(self, _index: QModelIndex) -> None:
        self._sync_note()
        if self.note_edit.isEnabled():
            self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.note_edit.selectAll()

    def _on_grid_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        month = self.grid_model.month_of(current)
        if month is not None:
            found = self.month_combo.findData(month)
            if found >= 0:
                self.month_combo.setCurrentIndex(found)
        self._sync_note()

    def _on_grid_model_reset(self) -> None:
        self.grid.fit_to_font()
        column = self.grid_model.column_of(self.grid_model.current_month)
        if self.grid_model.rowCount() and column is not None:
            self.grid.setCurrentIndex(self.grid_model.index(0, column))

    def _on_note_edit_text_edited(self, text: str) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self.grid_model.setData(index, text, NOTE_ROLE)

    def _on_note_edit_return_pressed(self) -> None:
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_strategy_combo_changed(self, _index: int) -> None:
        self._show_strategy()

    def _on_milestone_combo_changed(self, _index: int) -> None:
        self._show_milestone()

    def _on_year_combo_changed(self, _index: int) -> None:
        self.results_model.load(self._shown(), self.year_combo.currentData())

    def _on_add_support_button_clicked(self) -> None:
        change = self.controller.run(
            lambda s: monitoring.add_support(s, self.strategy_combo.currentData())
        )
        if change is not None:
            new_id = change.created_id("supports")
            row = self.supports_model.row_of(new_id) if new_id is not None else None
            if row is not None:
                index = self.supports_model.index(row, 1)
                self.supports.setCurrentIndex(index)
                self.supports.edit(index)

    def _on_delete_support_button_clicked(self) -> None:
        index = self.supports.currentIndex()
        if not index.isValid():
            return
        ref = outline.item_ref("support", self.supports_model.row_id(index.row()))
        self.controller.run(lambda s: outline.delete_item(s, ref))

    # ----------------------------------------------------------------- navigation
    def focus_item(self, item: str) -> bool:
        parsed = outline.parse_ref(item)
        if parsed is None:
            return False
        kind, row_id = parsed
        if kind == "action":
            row = self.grid_model.row_for(row_id)
            if row is None:
                return False
            self.tabs.setCurrentIndex(TAB_STATUS)
            column = self.grid_model.column_of(self.month_combo.currentData()) or FIRST_MONTH_COL
            index = self.grid_model.index(row, column)
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if self._others_stale:  # the other tabs have not caught up since the last change
            self._refresh_others()
        doc = self._shown()
        index_map = outline.index_plan(doc)
        if kind in ("strategy", "milestone") and item in index_map:
            chain = outline.ancestors(index_map, item)
            strategy = next(r for r in chain if r.startswith("strategy:"))
            self.tabs.setCurrentIndex(TAB_REPORTS)
            self.strategy_combo.setCurrentIndex(
                self.strategy_combo.findData(index_map[strategy].id)
            )
            if kind == "milestone":
                self.milestone_combo.setCurrentIndex(self.milestone_combo.findData(row_id))
                self.milestone_report.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.strategy_report.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if kind == "measure":
            row = self.results_model.row_of(row_id)
            if row is None:
                return False
            self.tabs.setCurrentIndex(TAB_RESULTS)
            self.results.setCurrentIndex(self.results_model.index(row, ResultsModel.COL_PROGRESS))
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if kind == "goal":
            goal = next((g for g in doc["goals"] if g["id"] == row_id), None)
            if goal is None:
                return False
            self.tabs.setCurrentIndex(TAB_RESULTS)
            measures = goal["measures"]
            if measures:
                return self.focus_item(outline.item_ref("measure", measures[0]["id"]))
            return True
        if kind == "support":
            row = self.supports_model.row_of(row_id)
            if row is None:
                return False
            self.tabs.setCurrentIndex(TAB_SUPPORTS)
            self.supports.setCurrentIndex(self.supports_model.index(row, 1))
            self.supports.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
