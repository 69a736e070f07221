"""What changed between two versions of a school's plan, on screen (issue 13, item 5).

A read-only view of a :class:`sipdesk.district.diff.PlanDiff` for the desk window to embed: the
title and a one-line summary, then each section that changed under its heading, each change as
its headline and its fields as lines ("Year 2 target: “58%” → “60%”"), and the sections without
changes in one line. It scrolls, wraps every line, and takes its sizes from the app's theme
(the style sheet's ``page-title``, ``section``, ``subsection`` and ``hint`` roles), so it reads on
a projector as the step screens do. Plan text is shown as plain text, never as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from sipdesk.district.diff import Change, PlanDiff, other_line, summary_line, unchanged_line

NO_DIFF = "Choose two versions of a school's plan to see what changed."


class DiffView(QScrollArea):
    """Shows one difference; :meth:`show_diff` replaces it, :meth:`clear` empties the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._build_ui()
        self.clear()

    def _build_ui(self) -> None:
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(24, 16, 24, 24)
        self._layout.setSpacing(6)
        self.setWidget(self._body)

    # -- what it shows ------------------------------------------------------------------------

    def clear(self) -> None:
        self._reset()
        self._label(NO_DIFF, "hint")
        self._layout.addStretch(1)

    def show_diff(self, diff: PlanDiff, title: str, received: str = "") -> None:
        """Show ``diff`` under ``title`` ("What changed: School, version 1 → 2")."""
        self._reset()
        self._label(title, "page-title")
        if received:
            self._label(received, "hint")
        self._label(summary_line(diff), "")
        if not diff.same_plan:
            self._label(
                "These versions are two different plans (the school started a new one), so "
                "their items are compared by their place in the plan.",
                "hint",
            )
        for section in diff.changed:
            self._label(section.title, "section")
            for change in section.changes:
                self._change(change)
        for line in (unchanged_line(diff), other_line(diff)):
            if line:
                self._label(line, "hint").setContentsMargins(0, 12, 0, 0)
        self._layout.addStretch(1)
        self.verticalScrollBar().setValue(0)

    def lines(self) -> list[str]:
        """Every line shown, in order (what a reader sees, for tests and screen readers)."""
        return [label.text() for label in self._body.findChildren(QLabel)]

    # -- pieces -------------------------------------------------------------------------------

    def _change(self, change: Change) -> None:
        head = self._label(change.headline(), "subsection")
        head.setProperty("change", change.kind)
        head.setContentsMargins(0, 6, 0, 0)
        head.setAccessibleName(change.headline())
        for line in change.lines():
            self._label(line, "").setContentsMargins(24, 0, 0, 0)

    def _label(self, text: str, role: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if role:
            label.setProperty("role", role)
        self._layout.addWidget(label)
        label.show()  # now, not when the layout's queued show runs: grab() sees it at once
        return label

    def _reset(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
                widget.setParent(None)
