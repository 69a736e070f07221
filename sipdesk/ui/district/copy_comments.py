"""The district's comments in its read-only copy of a school's plan (issue 13, item 4).

A reviewer reading a school's plan in the copy (:mod:`school_window`) comments where they see
an item: **Comment on this…** (Ctrl+Alt+M, the District menu, or the context menu of what is
under the pointer) takes the item that has the focus on the step shown (:func:`copy_items.item_at`),
or offers the step's items with the nearest first, and asks for the comment and the reviewer's
name (remembered as the review window remembers it). The comment is written to the DESK, never
to the plan: :func:`sipdesk.district.review.add_comment` on the version the window shows, run on
the desk window's worker through :class:`DeskLink` (the desk window owns the desk and its
worker; the copy never opens the desk file). The district's comments on that version are listed
under the page, each taking the reader to its item when chosen, and a new one shows at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.copy_items import READERS, inside, item_at
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.document import DeskDocument
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.district.desk_window import DeskWindow
    from sipdesk.ui.district.school_window import SchoolPlanWindow

COMMENT_KEY = "Ctrl+Alt+M"
BODY_CHARS = 90  # of a comment's words shown in the list (all of it in the tooltip)
LIST_LINES = 4
READ_ONLY_DESK = (
    "The desk is open read-only here, so comments cannot be added. Close it and open it "
    "again when no one else has it open to comment on this plan."
)
EMPTY_HINT = (
    f"Put the cursor on a goal, a strategy or any item and press {COMMENT_KEY}, or right-click "
    "it: your comment goes to the desk with this version."
)
DESK_CLOSED = "The desk this plan came from has been closed, so comments cannot be added here."


@dataclass(frozen=True)
class CopyComment:
    item: str  # "goal:1"; "" for the plan as a whole
    author: str
    body: str
    when: dt.datetime  # local time


# ------------------------------------------------------------------ on the desk's worker
def read_comments(desk: DeskDocument, school_id: int, number: int) -> list[CopyComment]:
    """The district's comments on version ``number`` of the school's plan, oldest first."""
    from sipdesk.district.desk_review import school_of
    from sipdesk.district.review import comments_on, local_time
    from sipdesk.district.versions import version_numbered

    with desk.session() as session:
        school = school_of(session, school_id, desk.path)
        version = version_numbered(session, school, number, desk.path)
        return [
            CopyComment(c.item, c.author, c.body, local_time(c.created_at))
            for c in comments_on(session, version)
        ]


def write_comment(
    desk: DeskDocument, school_id: int, number: int, item: str, author: str, body: str
) -> list[CopyComment]:
    """Add the comment to the desk (checked as ``district comment`` checks it), then read the
    version's comments back."""
    from sipdesk.district.desk_review import school_of
    from sipdesk.district.review import WHOLE_PLAN, add_comment
    from sipdesk.district.versions import version_numbered

    with desk.session() as session:
        school = school_of(session, school_id, desk.path)
        key = version_numbered(session, school, number, desk.path).plan_id or school.name
    add_comment(desk, key, item or WHOLE_PLAN, author, body, number=number)
    return read_comments(desk, school_id, number)


# ------------------------------------------------------------------ the way to the desk
class DeskLink(QObject):
    """The copy's way to the desk: the desk window's desk, on the desk window's worker."""

    comments_read = Signal(object)  # list[CopyComment]
    comment_added = Signal(object)  # list[CopyComment], after a comment was written
    refused = Signal(str)  # a sentence: why nothing was written

    def __init__(self, desk_window: DeskWindow, school_id: int, number: int) -> None:
        super().__init__(desk_window)
        self.desk_window = desk_window
        self.school_id = school_id
        self.number = number

    def why_not(self) -> str:
        """Why comments cannot be written now ("" when they can)."""
        desk = self.desk_window.desk
        if desk is None or getattr(self.desk_window, "_closing", False):
            return DESK_CLOSED
        return READ_ONLY_DESK if desk.readonly else ""

    def read(self) -> None:
        desk = self.desk_window.desk
        if desk is None:
            return
        school_id, number = self.school_id, self.number
        self.desk_window.runner.submit(
            lambda: read_comments(desk, school_id, number),
            on_done=self.comments_read.emit,
            on_error=self._on_error,
        )

    def add(self, item: str, author: str, body: str) -> None:
        why = self.why_not()
        desk = self.desk_window.desk
        if why or desk is None:
            self.refused.emit(why or DESK_CLOSED)
            return
        school_id, number = self.school_id, self.number
        self.desk_window.runner.submit(
            lambda: write_comment(desk, school_id, number, item, author, body),
            on_done=self._on_added,
            on_error=self._on_error,
        )

    def _on_added(self, comments: list[CopyComment]) -> None:
        self.comments_read.emit(comments)
        self.comment_added.emit(comments)
        self.desk_window.refresh()  # the desk's table counts the review

    def _on_error(self, exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        if isinstance(exc, PlanFileError):
            self.refused.emit(str(exc))
        else:
            self.desk_window._explain(exc)


# ------------------------------------------------------------------ the list under the page
def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= BODY_CHARS else words[: BODY_CHARS - 1].rstrip() + "…"


def item_label(plan: PlanDoc, item: str) -> str:
    from sipdesk.services.review import ref_label

    return ref_label(plan, item) if item else "The plan as a whole"


class CopyCommentsPanel(QFrame):
    """The district's comments on this version: ``Goal 1 — comment — Dr Ortiz``, each taking
    the reader to its item when chosen; and the button that adds one."""

    item_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyComments")
        self.setProperty("role", "card")
        self.setAccessibleName("The district's comments on this version")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 6)
        column.setSpacing(4)
        top = QHBoxLayout()
        self.title = label("Comments on the desk for this version", "subsection", self, wrap=False)
        self.add_button = QPushButton(f"Comment on this… ({COMMENT_KEY})", self)
        self.add_button.setAccessibleName("Comment on the item that has the focus")
        self.here = label("", "hint", self, wrap=False)  # "2 on Goal 1": the item with the focus
        top.addWidget(self.title)
        top.addWidget(self.here, 1)
        top.addWidget(self.add_button)
        column.addLayout(top)
        self.hint = label(EMPTY_HINT, "hint", self)
        column.addWidget(self.hint)
        self.list = QListWidget(self)
        self.list.setAccessibleName("The district's comments on this version")
        self.list.setToolTip("Choose a comment to go to its item")
        self.list.setWordWrap(False)
        # An item's comments are picked out together (the focus on it, or its badge pressed).
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(self.list)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.show_comments([], {})

    def show_comments(self, comments: list[CopyComment], labels: dict[str, str]) -> None:
        self.list.clear()
        for comment in comments:
            name = labels.get(comment.item, comment.item)
            entry = QListWidgetItem(f"{name} — {_short(comment.body)} — {comment.author}")
            when = f"{comment.when:%B} {comment.when.day} at {comment.when:%H:%M}"
            entry.setToolTip(f"{name}, by {comment.author} on {when}:\n{comment.body}")
            entry.setData(Qt.ItemDataRole.UserRole, comment.item)
            self.list.addItem(entry)
        count = len(comments)
        self.title.setText(
            f"Comments on the desk for this version: {count}"
            if count
            else "No comments on the desk for this version yet"
        )
        self.list.setVisible(bool(count))
        self.hint.setVisible(not count)
        lines = min(max(count, 1), LIST_LINES)
        self.list.setFixedHeight(
            lines * (self.list.fontMetrics().lineSpacing() + 6) + 2 * self.list.frameWidth()
        )

    def mark(self, item: str | None, name: str) -> None:
        """Pick out the comments on ``item`` (the one with the focus), and say how many."""
        self.list.clearSelection()
        count = 0
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if item and entry.data(Qt.ItemDataRole.UserRole) == item:
                entry.setSelected(True)
                if not count:
                    self.list.scrollToItem(entry)
                count += 1
        self.here.setText(f"· {count} on {name}" if count else "")

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _on_list_item_activated(self, entry: QListWidgetItem) -> None:
        item = entry.data(Qt.ItemDataRole.UserRole)
        if item:
            self.item_chosen.emit(str(item))


# ------------------------------------------------------------------ in the copy's window
class CopyComments(QObject):
    """Commenting from the district's copy: the action, the context menu, the list."""

    def __init__(self, window: SchoolPlanWindow, link: DeskLink) -> None:
        super().__init__(window)
        self.window = window
        self.link = link
        self.comments: list[CopyComment] = []
        self.panel: CopyCommentsPanel | None = None
        self._stopped = False
        self._watched: list[QTreeWidget] = []  # outlines whose rebuilding puts badges back
        self.action = QAction("&Comment on this…", window)
        self.action.setObjectName("comment_on_this")
        self.action.setShortcut(QKeySequence(COMMENT_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setEnabled(False)
        self.action.triggered.connect(lambda _checked=False: self.comment_here())
        window.addAction(self.action)
        bar = window.menuBar()
        menu = QMenu("&District", bar)
        menu.addAction(self.action)
        shown = bar.actions()
        if shown:
            bar.insertMenu(shown[-1], menu)  # before Help
        else:  # pragma: no cover - the plan window always has its menus
            bar.addMenu(menu)
        link.comments_read.connect(self._on_comments_read)
        link.refused.connect(self._on_refused)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.focusChanged.connect(self._on_focus_changed)

    # ----------------------------------------------------------------- the plan on show
    def plan_shown(self) -> None:
        """The plan is on show: put the list under the page and read the comments."""
        workspace = self.window.workspace
        if workspace is None:
            return
        panel = CopyCommentsPanel(workspace.center)
        layout = workspace.center.layout()
        assert layout is not None
        layout.addWidget(panel)
        panel.add_button.clicked.connect(self.comment_here)
        panel.item_chosen.connect(self.go_to)
        # A step built or shown later gets its badges once it is on show.
        workspace.stack.currentChanged.connect(
            lambda _index: QTimer.singleShot(0, self._put_badges)
        )
        self.window.theme.restyle(panel)
        self.panel = panel
        self.action.setEnabled(True)
        self._show()
        self.link.read()

    def _page(self) -> QWidget | None:
        """The step page on show (never one built for the asking)."""
        workspace = self.window.workspace
        return workspace.stack.currentWidget() if workspace is not None else None

    def _plan(self) -> PlanDoc | None:
        controller = self.window.controller
        return controller.plan() if controller is not None else None

    def _on_comments_read(self, comments: list[CopyComment]) -> None:
        self.comments = comments
        self._show()

    def _show(self) -> None:
        plan = self._plan()
        if self.panel is None or plan is None:
            return
        labels = {c.item: item_label(plan, c.item) for c in self.comments}
        self.panel.show_comments(self.comments, labels)
        self._put_badges()
        self._on_focus_changed(None, QApplication.focusWidget())

    def _put_badges(self) -> None:
        """Badges on the commented items of the step on show (:mod:`copy_badges`)."""
        from sipdesk.ui.district.copy_badges_put import put_badges

        plan = self._plan()
        if self.panel is None or plan is None or self._stopped:
            return
        labels = {c.item: item_label(plan, c.item) for c in self.comments}
        labels.update(
            {f"goal:{g['id']}": item_label(plan, f"goal:{g['id']}") for g in plan["goals"]}
        )
        page = self._page()
        put_badges(page, plan, self.comments, labels, self.window.theme.colors, self._badge_chosen)
        tree = getattr(page, "tree", None)  # step 5's outline is built afresh now and then
        if isinstance(tree, QTreeWidget) and tree not in self._watched:
            self._watched.append(tree)
            tree.model().modelReset.connect(lambda: QTimer.singleShot(0, self._put_badges))

    def _badge_chosen(self, items: list[str]) -> None:
        """A badge pressed: its comments picked out in the list under the page."""
        if self.panel is None:
            return
        shown = self.panel.list
        shown.clearSelection()
        for row in range(shown.count()):
            entry = shown.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) in items:
                entry.setSelected(True)
                shown.scrollToItem(entry)
        shown.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """The comments on the item the focus moved to are picked out in the list."""
        panel = self.panel
        if panel is None or now is None or now.window() is not self.window:
            return
        if inside(now, panel):
            return  # reading the list itself
        plan = self._plan()
        item = item_at(self._page(), now) if plan is not None else None
        panel.mark(item, item_label(plan, item) if plan is not None and item else "")

    def go_to(self, item: str) -> None:
        from sipdesk.district.review import item_step

        plan = self._plan()
        step = item_step(plan, item) if plan is not None else None
        if step is not None:
            self.window.go_to_finding(step, item)

    # ----------------------------------------------------------------- commenting
    def choices(self) -> tuple[list[tuple[str, str]], int]:
        """What can be commented on from the step on show, as (item, name), and which is
        offered first: the item with the focus, or else the nearest (the plan as a whole on a
        step without items)."""
        from sipdesk.district.desk_review import item_names
        from sipdesk.services.review import commentable_items

        plan = self._plan()
        if plan is None:
            return [], 0
        step = self.window.current_step()
        if step is None:
            return [], 0
        page = self._page()
        focus = QApplication.focusWidget()
        words = dict(item_names(plan))  # "Goal 1 — Students in kindergarten …"
        refs = [(ref, words.get(ref, name)) for ref, name in commentable_items(plan, step) if ref]
        here = item_at(page, focus) or item_at(page, focus, loose=True)
        if here and here not in [ref for ref, _ in refs]:
            refs.insert(0, (here, words.get(here, item_label(plan, here))))  # step 6's actions
        refs.append(("", "The plan as a whole"))
        names = [ref for ref, _ in refs]
        return refs, names.index(here) if here in names else 0

    def comment_here(self) -> None:
        """Comment on the item with the focus (or one picked from the step's), on the desk."""
        from sipdesk.ui.district.review_panel import NO_NAME, REVIEWER_KEY

        why = self.link.why_not()
        if why:
            self.window.dialogs.inform("Comments cannot be added here", why)
            return
        refs, current = self.choices()
        if not refs:
            return
        settings = self.link.desk_window.settings
        author = str(settings.value(REVIEWER_KEY, "") or "")
        answer = self.window.dialogs.compose(
            "Comment on this plan",
            f"Your comment goes to the district desk with version {self.link.number} of this "
            "plan, and back to the school with your reply. The plan itself is not changed.",
            [name for _, name in refs],
            current=current,
            author=author,
            finish="Add the comment",
        )
        if answer is None:
            return
        index, who, body = answer
        who = " ".join(who.split())
        if not who:
            self.window.dialogs.inform("Who is reviewing?", NO_NAME)
            return
        settings.setValue(REVIEWER_KEY, who)
        self.window.statusBar().showMessage("Adding the comment…")
        self.link.comment_added.connect(self._on_added_once)
        self.link.add(refs[index][0], who, body)

    def _on_added_once(self, _comments: object) -> None:
        self.link.comment_added.disconnect(self._on_added_once)
        self.window.statusBar().showMessage("Your comment was added to the district desk.", 5000)

    def _on_refused(self, sentence: str) -> None:
        self.window.statusBar().clearMessage()
        self.window.dialogs.inform("The comment could not be added", sentence)

    # ----------------------------------------------------------------- the context menu
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and isinstance(watched, QWidget)
            and self.action.isEnabled()
            and watched.window() is self.window
        ):
            page = self._page()
            if page is not None and type(page).__name__ in READERS and inside(watched, page):
                self._context_menu(watched, event)
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, widget: QWidget, event: QContextMenuEvent) -> None:
        """The widget's own menu (its Copy) with Comment on this… first, about what was
        clicked: the row under the pointer of a table or list becomes its current row."""
        owner = widget.parentWidget()
        if isinstance(owner, QAbstractScrollArea) and widget is owner.viewport():
            pointed = event.reason() != QContextMenuEvent.Reason.Keyboard
            if isinstance(owner, QAbstractItemView) and pointed:
                index = owner.indexAt(event.pos())
                if index.isValid():
                    owner.setCurrentIndex(index)
            widget = owner
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            widget.setFocus(Qt.FocusReason.PopupFocusReason)
        menu: QMenu
        if isinstance(widget, QLineEdit):
            menu = widget.createStandardContextMenu()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            menu = widget.createStandardContextMenu(event.pos())
        else:
            menu = QMenu(widget)
        actions = menu.actions()
        if actions:
            menu.insertAction(actions[0], self.action)
            menu.insertSeparator(actions[0])
        else:
            menu.addAction(self.action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def stop(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._stopped:
            self._stopped = True
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._on_focus_changed)


__all__ = [
    "COMMENT_KEY",
    "CopyComment",
    "CopyComments",
    "CopyCommentsPanel",
    "DeskLink",
    "read_comments",
    "write_comment",
]
