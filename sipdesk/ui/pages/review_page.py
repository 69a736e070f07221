"""Step 8 — Review & export: plan health, the district review status (draft → submitted →
returned with feedback → approved, with who and when), review comments, exports, and
"Prepare for the district" (a clean copy of the plan file marked submitted, the Tool A PDF and
the one-page plan on a page, in a folder the person picks).

Exports run on the page's worker thread; a PDF's progress comes back through
``export_progressed`` and fills the progress bar. Side effects sit behind small seams a test
can replace: ``dialogs`` (file names), ``choose_folder``, ``open_folder`` and ``paper`` (the
paper size, which the window's File ▸ Export menu chooses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import REVIEW_COMMENT
from sipdesk.services import operations, outline, review
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.checked_by import plan_checked_by
from sipdesk.services.checks import STEP_NAMES, readiness
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.panels.health_panel import HealthPanel
from sipdesk.ui.tables import Column, FlowLayout, PlanItemsModel, WideTableEditor, WrapTableView
from sipdesk.ui.this_month import ThisMonthList
from sipdesk.ui.widgets.background import BackgroundRunner
from sipdesk.ui.widgets.batches import run_parts
from sipdesk.ui.widgets.common import ScrollingBody, label
from sipdesk.ui.widgets.dialogs import Dialogs

if TYPE_CHECKING:
    from sipdesk.export.district import DistrictPackage
    from sipdesk.export.pdf import Paper
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.controller import PlanController

# What each button does to the status, in the order shown.
STATUS_BUTTONS: dict[str, tuple[str, str]] = {
    "submitted": ("Mark submitted to the district", "Mark the plan submitted"),
    "returned": ("Return with feedback", "Return the plan to the school with feedback"),
    "approved": ("Approve", "Approve the plan"),
    "draft": ("Reopen as a draft", "Reopen the plan as a draft for an update"),
}
COL_STEP, COL_ABOUT, COL_AUTHOR, COL_CREATED, COL_RESOLVED, COL_BODY = range(6)


def _choose_folder(parent: QWidget, title: str, start: Path) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(name) if name else None


def _open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def status_words(status: str) -> str:
    """A plan status in words; a status SIP Desk does not know (a hand-made file) is shown as
    stored, shortened, and plainly marked, and offers no next step."""
    known = operations.STATUS_LABELS.get(status)
    if known is not None:
        return known
    shown = " ".join(str(status).split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return f"“{shown}” (not a status SIP Desk knows)"


def _when(text: str | None) -> str:
    if not text:
        return ""
    when = dt.datetime.fromisoformat(text)
    return f"{when:%b} {when.day}, {when.year} {when:%H:%M}"


class ReviewPage(QWidget):
    """Step 8. ``finding_activated(step, item)`` asks the window to show a plan health finding;
    ``focus_item`` understands comment: refs."""

    PARTS = PlanPart.REVIEW_COMMENTS | PlanPart.STATUS_EVENTS | PlanPart.PROFILE
    finding_activated = Signal(int, str)
    package_written = Signal(object)  # the DistrictPackage
    export_written = Signal(object)  # the Path
    export_progressed = Signal(int, int)  # done, total; emitted on the worker thread

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialogs: Any = Dialogs(self)
        self.choose_folder: Callable[[str, Path], Path | None] = lambda title, start: (
            _choose_folder(self, title, start)
        )
        self.open_folder: Callable[[Path], None] = _open_folder
        self.paper: Callable[[], Paper] = self._window_paper
        self.today: Callable[[], dt.date] = dt.date.today  # "this month" (tests fix the day)
        self.runner = BackgroundRunner(self)
        self._doc: PlanDoc | None = None  # the plan as last shown
        self._stale = False
        self._status_buttons: dict[str, QPushButton] = {}
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.setAccessibleName("Step 8: Review & export")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        # Whatever cannot shrink to a small window at a large zoom scrolls, never cut off.
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer.addWidget(self.body)
        self.body.add_title(8, "Review & export")

        self.health = HealthPanel(self)
        self.body.column.addWidget(self.health)

        month = self.body.add_section(
            "This month",
            "What the principal and the school leadership team do this month on the plan's "
            "state pack (chosen on step 0), and what is due. Click a line, or press Enter, to "
            "go to its step.",
        )
        self.month_where = label("", "hint", self)
        self.month_where.setAccessibleName("Where the plan stands this month")
        month.addWidget(self.month_where)
        self.this_month = ThisMonthList(self)
        month.addWidget(self.this_month)
        row = QHBoxLayout()
        self.calendar_button = QPushButton("Planning calendar…", self)
        self.calendar_button.setAccessibleName("Show the whole planning year by month and role")
        self.calendar_button.setToolTip("The whole planning year by month and role (Ctrl+Shift+Y)")
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        month.addLayout(row)

        status = self.body.add_section(
            "Status",
            "Draft → submitted → returned with feedback or approved. Each step records who "
            "and when.",
        )
        self.status_label = label("", "subsection", self)
        self.status_label.setAccessibleName("Plan status")
        status.addWidget(self.status_label)
        grid = QGridLayout()
        who = label("Your name", "", self)
        self.who = QLineEdit(self)
        self.who.setAccessibleName("Your name, recorded with the status")
        who.setBuddy(self.who)
        note = label("Note (optional)", "", self)
        self.note = QLineEdit(self)
        self.note.setAccessibleName("Note recorded with the status")
        self.note.setPlaceholderText("e.g. Signed by the whole leadership team")
        note.setBuddy(self.note)
        grid.addWidget(who, 0, 0)
        grid.addWidget(self.who, 1, 0)
        grid.addWidget(note, 0, 1)
        grid.addWidget(self.note, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        status.addLayout(grid)
        buttons = QHBoxLayout()
        for status_key, (text, name) in STATUS_BUTTONS.items():
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, s=status_key: self.change_status(s))
            self._status_buttons[status_key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        status.addLayout(buttons)
        self.history_model = QStandardItemModel(0, 4, self)
        self.history_model.setHorizontalHeaderLabels(["Status", "By", "When", "Note"])
        self.history = WrapTableView(self, grow=True)
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("Status history")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.set_column_chars((22, 20, 18, 30))
        status.addWidget(self.history)

        comments = self.body.add_section(
            "District comments",
            "Comments on a step or one item of it. They also appear on that step until resolved.",
        )
        # The comment is what people read: it takes the room; the rest keep to their
        # contents and wrap (a step name, the item, a name, a date over two lines).
        columns = (
            Column(
                "step",
                "Step",
                kind="readonly",
                chars=9,
                display=lambda r: f"{r['step']} · {STEP_NAMES.get(r['step'], '')}",
            ),
            Column(
                "item",
                "About",
                kind="readonly",
                chars=10,
                display=lambda r: (
                    review.ref_label(self._shown(), r.get("item") or "") or "Whole step"
                ),
            ),
            Column("author", "Author", chars=11, stretch=False),
            Column(
                "created_at",
                "Written",
                kind="readonly",
                chars=10,
                display=lambda r: _when(r.get("created_at")),
            ),
            Column(
                "resolved",
                "Resolved",
                kind="check",
                chars=8,
                write=lambda s, row_id, value: review.set_comment_resolved(s, row_id, bool(value)),
            ),
            Column("body", "Comment", chars=60),
        )
        self.comments_model = PlanItemsModel(
            self.controller,
            REVIEW_COMMENT,
            columns,
            lambda doc: doc["review_comments"],
            "comment",
            self,
        )
        self.comments = WideTableEditor(self.comments_model, title="District comments")
        self.comments.up_button.hide()
        self.comments.down_button.hide()
        comments.addWidget(self.comments)
        form = QGridLayout()
        self.comment_step = QComboBox(self)
        self.comment_step.setAccessibleName("Step the new comment is about")
        for step, name in STEP_NAMES.items():
            self.comment_step.addItem(f"{step} · {name}", step)
        self.comment_item = QComboBox(self)
        self.comment_item.setAccessibleName("Item the new comment is about")
        self.comment_item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.comment_item.setMinimumContentsLength(16)
        self.comment_author = QLineEdit(self)
        self.comment_author.setAccessibleName("Author of the new comment")
        self.comment_author.setPlaceholderText("Your name")
        self.comment_body = QLineEdit(self)
        self.comment_body.setAccessibleName("New comment")
        self.comment_body.setPlaceholderText("Type the comment and press Enter")
        self.add_comment_button = QPushButton("Add comment", self)
        self.add_comment_button.setAccessibleName("Add the comment")
        for col, (text, widget) in enumerate(
            (
                ("Step", self.comment_step),
                ("About", self.comment_item),
                ("Author", self.comment_author),
            )
        ):
            caption = label(text, "", self)
            caption.setBuddy(widget)
            form.addWidget(caption, 0, col)
            form.addWidget(widget, 1, col)
        caption = label("Comment", "", self)
        caption.setBuddy(self.comment_body)
        form.addWidget(caption, 2, 0)
        form.addWidget(self.comment_body, 3, 0, 1, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(2, 1)
        comments.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.add_comment_button)
        row.addStretch(1)
        comments.addLayout(row)

        export = self.body.add_section(
            "Export and send",
            "“Prepare for the district” marks the plan submitted and writes a clean copy of the "
            "plan file, the Tool A PDF and the plan on a page into a folder you choose. The "
            "paper size is set in File ▸ Export.",
        )
        row = QHBoxLayout()
        self.prepare_button = QPushButton("Prepare for the district…", self)
        self.prepare_button.setAccessibleName("Prepare the plan for the district")
        self.prepare_button.setProperty("role", "primary")
        self.pdf_button = QPushButton("Export Tool A PDF…", self)
        self.pdf_button.setAccessibleName("Export the Tool A PDF")
        self.summary_button = QPushButton("Plan on a page (PDF)…", self)
        self.summary_button.setAccessibleName("Export the one-page plan on a page as a PDF")
        self.json_button = QPushButton("Export JSON…", self)
        self.json_button.setAccessibleName("Export the plan as JSON")
        self.csv_button = QPushButton("Export CSV…", self)
        self.csv_button.setAccessibleName("Export the action plan as CSV")
        # The main action on a line of its own; the five would not fit one line at 100 %.
        row.addWidget(self.prepare_button)
        row.addStretch(1)
        export.addLayout(row)
        files = FlowLayout()  # wraps at a large presentation zoom instead of running off
        for button in (self.pdf_button, self.summary_button, self.json_button, self.csv_button):
            files.addWidget(button)
        export.addLayout(files)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Export progress")
        self.progress.setRange(0, 0)
        self.progress.setFormat("%p %")
        self.progress.hide()
        export.addWidget(self.progress)
        self.export_result = label("", "ok", self)
        self.export_result.setAccessibleName("Export result")
        self.export_result.setWordWrap(True)
        export.addWidget(self.export_result)
        self.body.finish()

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.health.finding_activated.connect(self._on_health_finding_activated)
        self.this_month.step_chosen.connect(
            lambda step: self._on_health_finding_activated(step, "")
        )
        self.calendar_button.clicked.connect(self._on_calendar_button_clicked)
        self.comment_step.currentIndexChanged.connect(self._on_comment_step_changed)
        self.add_comment_button.clicked.connect(self._on_add_comment_button_clicked)
        self.comment_body.returnPressed.connect(self._on_add_comment_button_clicked)
        self.prepare_button.clicked.connect(self._on_prepare_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.summary_button.clicked.connect(self._on_summary_button_clicked)
        self.json_button.clicked.connect(self._on_json_button_clicked)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        # Emitted on the worker thread, shown on this one.
        self.export_progressed.connect(
            self._on_export_progressed, Qt.ConnectionType.QueuedConnection
        )

    # ----------------------------------------------------------------- refresh
    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        self._stale = False
        doc = self.controller.plan()
        self._doc = doc
        by = plan_checked_by(doc["profile"])  # the district's profile, when its pack names one
        findings = readiness(doc, profile=by.profile)
        self.health.show_findings(findings, template=by.words())
        # The list takes room only while there is something to do.
        self.health.findings.setVisible(bool(findings))
        lines = min(max(len(findings), 4), 10)
        self.health.setFixedHeight(
            self.fontMetrics().lineSpacing() * (lines * 2 + 4)
            if findings
            else self.health.sizeHint().height()
        )
        yield
        self._show_month(doc)
        self._show_status(doc)
        yield
        self.history.refit()
        yield
        self.comments_model.load(doc)
        self._on_comment_step_changed()
        self._enable_export_buttons()

    def _show_month(self, doc: PlanDoc) -> None:
        """This month on the plan's state pack, with the district's dates (issue 15)."""
        from sipdesk.services.pack_glance import glance
        from sipdesk.services.state_packs import StatePackError
        from sipdesk.services.this_month import Standing, glance_for

        standing = Standing.of(doc["profile"])
        district = glance(standing.plan_id) if standing.plan_id else None
        try:
            shown = glance_for(standing, self.today(), district)
        except StatePackError as exc:
            self.month_where.setText(str(exc))
            self.this_month.show_glance(None)
            return
        self.month_where.setText(f"{shown.heading} · {shown.pack.title}")
        self.this_month.show_glance(shown)

    def _on_calendar_button_clicked(self) -> None:
        # The window shows the calendar (View ▸ Planning calendar); duck-typed, no import.
        show = getattr(self.window(), "show_planning_calendar", None)
        if callable(show):
            show()

    def _shown(self) -> PlanDoc:
        return self._doc if self._doc is not None else self.controller.plan()

    def _show_status(self, doc: PlanDoc) -> None:
        """The status, its buttons and its history (the history's rows are sized after)."""
        profile = doc["profile"]
        status = profile["status"] or "draft"
        history = doc["status_history"]
        text = f"Status: {status_words(status)}"
        if history and history[-1]["status"] == status:
            last = history[-1]
            text += f" (by {last['by'] or 'someone'}, {_when(last['at'])})"
        self.status_label.setText(text)
        allowed = operations.TRANSITIONS.get(status, ())
        for key, button in self._status_buttons.items():
            button.setVisible(key in allowed)
            button.setEnabled(not self.controller.readonly)
        if not self.who.text():
            self.who.setText(profile["principal"])
        self.history_model.setRowCount(0)
        for event in reversed(history):
            values = (
                status_words(event["status"]),
                event["by"],
                _when(event["at"]),
                event["note"],
            )
            self.history_model.appendRow([QStandardItem(value) for value in values])

    def _on_controller_changed(self, _notice: PlanNotice) -> None:
        # Plan health depends on every table: keep it current, but only while it is seen.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # ----------------------------------------------------------------- status
    def _who(self) -> str:
        return self.who.text().strip()

    def change_status(self, status: str) -> Change | None:
        who = self._who()
        if not who:
            self.controller.refused.emit("Type your name first, so the history shows who.")
            self.who.setFocus()
            return None
        open_findings = 0
        if status in ("submitted", "approved"):
            open_findings = self._open_findings()
            if open_findings and not self._send_anyway(status, open_findings):
                return None
        note = review.with_open_findings(self.note.text().strip(), open_findings)
        change = self.controller.run(lambda s: operations.change_status(s, status, who, note))
        if change is not None:
            self.note.clear()
        return change

    def _open_findings(self) -> int:
        """Plan health's findings for a plan about to go to the district."""
        doc = self.controller.plan()
        return len(readiness(doc, profile=plan_checked_by(doc["profile"]).profile))

    def _send_anyway(self, status: str, open_findings: int) -> bool:
        """Ask before a plan with open findings is marked submitted or approved."""
        things = "thing" if open_findings == 1 else "things"
        verb = "submitted" if status == "submitted" else "approved"
        answer = self.dialogs.choose(
            "The plan still has open findings",
            f"Plan health lists {open_findings} {things} still to do. Mark the plan {verb} "
            f"anyway? Its history will say it was marked with {open_findings} open.",
            [f"Mark it {verb}"],
            cancel="Go back to the plan",
        )
        return bool(answer == 0)

    # ----------------------------------------------------------------- comments
    def _on_comment_step_changed(self, *_args: object) -> None:
        step = self.comment_step.currentData()
        wanted = review.commentable_items(self._shown(), int(step if step is not None else 8))
        have = [
            (self.comment_item.itemData(i), self.comment_item.itemText(i))
            for i in range(self.comment_item.count())
        ]
        if wanted == have:
            return
        keep = self.comment_item.currentData()
        self.comment_item.clear()
        for ref, text in wanted:
            self.comment_item.addItem(text, ref)
        self.comment_item.setCurrentIndex(max(0, self.comment_item.findData(keep)))

    def _on_add_comment_button_clicked(self) -> None:
        step = int(self.comment_step.currentData())
        item = str(self.comment_item.currentData() or "")
        author = self.comment_author.text()
        body = self.comment_body.text()
        change = self.controller.run(lambda s: review.add_comment(s, step, item, author, body))
        if change is not None:
            self.comment_body.clear()
            new_id = change.created_id("review_comments")
            if new_id is not None:
                row = self.comments_model.row_of(new_id)
                if row is not None:
                    self.comments.view.scrollTo(self.comments_model.index(row, COL_BODY))

    # ----------------------------------------------------------------- exports
    def _export_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.prepare_button,
            self.pdf_button,
            self.summary_button,
            self.json_button,
            self.csv_button,
        )

    def _enable_export_buttons(self) -> None:
        busy = self.runner.busy
        for button in self._export_buttons():
            button.setEnabled(not busy)
        self.prepare_button.setEnabled(not busy and not self.controller.readonly)

    def _window_paper(self) -> Paper:
        """The paper size chosen in the window's File ▸ Export menu (duck-typed, no import)."""
        chosen = getattr(self.window(), "export_paper", None)
        return "a4" if callable(chosen) and chosen() == "a4" else "letter"

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self._enable_export_buttons()

    def _start_progress(self, determinate: bool) -> None:
        """Reset the bar before a task: a PDF counts up; other files show a busy bar."""
        self.progress.setRange(0, 100 if determinate else 0)
        self.progress.setValue(0)

    def _on_export_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _export(self, suffix: str, what: str, file_filter: str, *, summary: bool = False) -> None:
        document = self.controller.document
        path = document.path
        name = f"{path.stem}{' – plan on a page' if summary else ''}{suffix}"
        target = self.dialogs.save_file(
            f"Export the plan as {what}", path.with_name(name), file_filter
        )
        if target is None:
            return
        from sipdesk.export.files import by_percent, write_export  # loads the database code

        paper = self.paper()
        progress = by_percent(self.export_progressed.emit) if suffix == ".pdf" else None
        self.export_result.setText(f"Writing {target.name}…")
        self._start_progress(progress is not None)
        self.runner.submit(
            lambda: write_export(
                document,
                suffix,
                target,
                summary=summary,
                paper=paper,
                progress=progress,
                today=dt.date.today(),
            ),
            on_done=self._on_export_done,
            on_error=self._on_export_failed,
        )

    def _on_export_done(self, target: Path) -> None:
        self.export_result.setProperty("role", "ok")
        self.export_result.setText(f"Wrote {target.name} in {target.parent}.")
        self._repolish(self.export_result)
        self.export_written.emit(target)

    def _on_export_failed(self, exc: BaseException) -> None:
        from sipdesk.export.files import ExportError

        self.export_result.setProperty("role", "warn")
        plain = (PlanRuleError, ExportError, OSError)
        sentence = str(exc) if isinstance(exc, plain) else ""
        self.export_result.setText(
            sentence or f"The export did not finish ({type(exc).__name__}). Please try again."
        )
        self._repolish(self.export_result)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _on_pdf_button_clicked(self) -> None:
        self._export(".pdf", "Tool A PDF", "PDF documents (*.pdf)")

    def _on_summary_button_clicked(self) -> None:
        self._export(".pdf", "one-page PDF", "PDF documents (*.pdf)", summary=True)

    def _on_json_button_clicked(self) -> None:
        self._export(".json", "JSON", "Plan data (*.json)")

    def _on_csv_button_clicked(self) -> None:
        self._export(".csv", "CSV", "Spreadsheets (*.csv)")

    def _on_prepare_button_clicked(self) -> None:
        self.prepare_for_district()

    def prepare_for_district(self) -> None:
        """Ask for a folder, mark the plan submitted (one undo step), write the files off the
        window's thread, then show the folder."""
        who = self._who()
        if not who:
            self.controller.refused.emit("Type your name first, so the history shows who.")
            self.who.setFocus()
            return
        document = self.controller.document
        folder = self.choose_folder("Choose the folder to send from", document.path.parent)
        if folder is None:
            return
        open_findings = self._open_findings()
        if open_findings and not self._send_anyway("submitted", open_findings):
            return
        change = self.controller.run(
            lambda s: review.mark_submitted(s, who, open_findings=open_findings)
        )
        if change is None:
            return
        from sipdesk.export import district
        from sipdesk.export.files import by_percent, pdf_renderer

        render = pdf_renderer(
            paper=self.paper(),
            progress=by_percent(self.export_progressed.emit),
            today=dt.date.today(),
        )
        self.export_result.setText("Preparing the files for the district…")
        self._start_progress(True)
        self.runner.submit(
            lambda: district.write_district_files(document, folder, render=render),
            on_done=self._on_package_done,
            on_error=self._on_export_failed,
        )

    def _on_package_done(self, package: DistrictPackage) -> None:
        names = (package.plan_file.name, package.pdf_file.name, package.summary_file.name)
        self.export_result.setProperty("role", "ok")
        self.export_result.setText(
            f"Ready to send from {package.folder}: {names[0]}, {names[1]} and {names[2]}."
        )
        self._repolish(self.export_result)
        self.package_written.emit(package)
        self.open_folder(package.folder)

    # ----------------------------------------------------------------- navigation
    def _on_health_finding_activated(self, step: int, item: str) -> None:
        self.finding_activated.emit(step, item)
        # Until the window listens to this page, ask it directly (duck-typed, no import).
        go = getattr(self.window(), "go_to_finding", None)
        if callable(go) and self.receivers("2finding_activated(int,QString)") == 0:
            go(step, item)

    def focus_item(self, item: str) -> bool:
        parsed = outline.parse_ref(item)
        if parsed is None:
            return False
        kind, row_id = parsed
        if kind == "comment":
            self.body.reveal(self.comments)
            return self.comments.select_id(row_id, column=COL_BODY)
        return False
