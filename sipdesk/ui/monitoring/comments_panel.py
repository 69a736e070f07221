"""District review comments shown on the step they are about, each resolvable in one click.

Any page can embed ``CommentsPanel(controller, step)`` and call ``refresh()``; the panel hides
itself while its step has no comments, so it costs no room in a plan nobody has reviewed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.controller import PlanController
from sipdesk.ui.widgets.markup import escape
from sipdesk.ui.widgets.wrapping import shown_text

# The most comments shown above a step, and of each comment's text: a panel is a reminder
# that takes at most a third of the column, step 8 lists every comment whole. Hundreds of
# wrapped labels froze the step for seconds; forty still held it up for a tenth of one.
MAX_SHOWN = 12
BODY_CHARS = 1000

PARTS = PlanPart.REVIEW_COMMENTS


def comment_heading(comment: dict[str, Any], numbers: dict[str, str]) -> str:
    """``"Dr. Asante · 14 Aug 2026 · on Strategy 1.2"``."""
    from sipdesk.services import outline

    parts = [comment.get("author") or "Reviewer"]
    created = comment.get("created_at") or ""
    if created:
        parts.append(created[:10])
    item = comment.get("item") or ""
    parsed = outline.parse_ref(item)
    if parsed is not None:
        kind, _ = parsed
        number = numbers.get(item)
        parts.append(f"on {kind.capitalize()} {number}" if number else f"on {kind} {parsed[1]}")
    return " · ".join(parts)


class CommentsPanel(QFrame):
    """Open comments of one step; resolved ones appear when "Show resolved" is ticked."""

    item_activated = Signal(str)  # the ref a comment is about ("strategy:7")

    def __init__(self, controller: PlanController, step: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._step = step
        self._rows: list[QWidget] = []
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setAccessibleName("District comments on this step")
        self.setProperty("role", "card")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        header = QHBoxLayout()
        self.title = QLabel("District comments on this step")
        self.title.setProperty("role", "subsection")
        self._show_resolved = QCheckBox("Show resolved")
        self._show_resolved.setAccessibleName("Show resolved comments")
        header.addWidget(self.title, 1)
        header.addWidget(self._show_resolved)
        self._layout.addLayout(header)

    def _connect(self) -> None:
        self._show_resolved.toggled.connect(self._on_show_resolved_toggled)

    def _on_show_resolved_toggled(self, _checked: bool) -> None:
        self.refresh()

    def refresh(self, notice: PlanNotice | None = None) -> None:
        if notice is not None and not notice.touches(PARTS):
            return
        # The district's comments come after the plan's first page is on screen, and their
        # code with them (issue 12).
        from sipdesk.services import outline, review

        doc = self._controller.plan()
        comments = review.comments_for_step(doc, self._step)
        open_count = sum(1 for c in comments if not c.get("resolved"))
        resolved = len(comments) - open_count
        self.title.setText(
            f"District comments on this step: {open_count} open"
            + (f", {resolved} resolved" if resolved else "")
        )
        self.setVisible(bool(comments))
        shown = [c for c in comments if self._show_resolved.isChecked() or not c.get("resolved")]
        for row in self._rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows = []
        numbers = outline.numbering(doc)
        for comment in shown[:MAX_SHOWN]:
            row = self._comment_row(comment, numbers)
            self._layout.addWidget(row)
            self._rows.append(row)
        if len(shown) > MAX_SHOWN:
            more = QLabel(
                f"{len(shown) - MAX_SHOWN:,} more comments on this step are listed in step 8, "
                "Review & export."
            )
            more.setWordWrap(True)
            self._layout.addWidget(more)
            self._rows.append(more)

    def _comment_row(self, comment: dict[str, Any], numbers: dict[str, str]) -> QWidget:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(frame)
        text = QLabel(
            f"<b>{escape(comment_heading(comment, numbers), breaks=True)}</b>"
            f"<br>{escape(shown_text(str(comment['body']), BODY_CHARS), breaks=True)}"
        )
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text, 1)
        from sipdesk.services import outline, review

        item = comment.get("item") or ""
        if outline.parse_ref(item) is not None:
            show = QPushButton("Show")
            show.setAccessibleName(f"Show the item comment {comment['id']} is about")
            show.clicked.connect(lambda: self.item_activated.emit(item))
            layout.addWidget(show)
        resolved = bool(comment.get("resolved"))
        button = QPushButton("Reopen" if resolved else "Resolve")
        button.setAccessibleName(f"{'Reopen' if resolved else 'Resolve'} comment {comment['id']}")
        comment_id = int(comment["id"])
        button.clicked.connect(
            lambda: self._controller.run(
                lambda s: review.set_comment_resolved(s, comment_id, not resolved)
            )
        )
        layout.addWidget(button)
        frame.setAccessibleName(f"Comment by {comment.get('author') or 'reviewer'}")
        return frame


class CommentsArea(QScrollArea):
    """A step's comments panel below a page that does not scroll as a whole (steps 5 and 6):
    as tall as its comments up to :data:`AREA_LINES` lines, scrolling past that, so a plan
    with many comments still leaves the page its room. Shown only while the panel is."""

    AREA_LINES = 12

    def __init__(self, panel: CommentsPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setAccessibleName("District comments on this step")
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setVisible(not panel.isHidden())
        panel.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel:
            kind = event.type()
            if kind in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
                self.setVisible(kind == QEvent.Type.ShowToParent)
            if kind in (QEvent.Type.ShowToParent, QEvent.Type.LayoutRequest):
                self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        cap = self.fontMetrics().lineSpacing() * self.AREA_LINES
        width = self.viewport().width() or self.panel.sizeHint().width()
        wanted = self.panel.heightForWidth(width)
        if wanted < 0:
            wanted = self.panel.sizeHint().height()
        return QSize(self.panel.sizeHint().width(), min(wanted, cap) + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        # A scroll area's own minimum makes room for its scroll bar's arrows and handle, which
        # held a one-line panel at three times its height (a fifth of a projected screen).
        lines = self.fontMetrics().lineSpacing() * 3
        return QSize(super().minimumSizeHint().width(), min(self.sizeHint().height(), lines))
