"""Small shared building blocks: labels with a look, a scrolling page body, a notice banner.

::

    page = ScrollingBody(self)                  # a page's scrolling column
    section = page.add_section("Leadership team", "Who plans, leads and checks the work.")
    section.addWidget(team_table)
    banner = Banner(self); banner.show_message("Opened read-only.", [("Save a copy…", slot)])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def label(text: str, role: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A QLabel with a theme role (``section``, ``hint``, ``page-title`` …)."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after changing a ``role``-like property."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class ScrollingBody(QScrollArea):
    """A vertically scrolling column of sections; the page's title sits at its top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self)
        self.body.setObjectName("pageBody")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(32, 24, 32, 32)
        self.column.setSpacing(10)
        self.setWidget(self.body)
        self._stretch_added = False

    def add_title(self, step: int | None, title: str, intro: str = "") -> QLabel:
        if step is not None:
            self.column.addWidget(label(f"STEP {step}", "step-number", self.body))
        heading = label(title, "page-title", self.body)
        self.column.addWidget(heading)
        if intro:
            self.column.addWidget(label(intro, "hint", self.body))
        return heading

    def add_section(self, title: str, hint: str = "") -> QVBoxLayout:
        """A titled section; returns the layout to fill."""
        box = QWidget(self.body)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 4)
        layout.setSpacing(8)
        heading = label(title, "section", box)
        layout.addWidget(heading)
        if hint:
            layout.addWidget(label(hint, "hint", box))
        self.column.addWidget(box)
        box.setProperty("sectionTitle", title)
        return layout

    def finish(self) -> None:
        """Push the sections to the top (call once, after adding them)."""
        if not self._stretch_added:
            self.column.addStretch(1)
            self._stretch_added = True

    def reveal(self, widget: QWidget) -> None:
        """Scroll so ``widget`` is in view, with some room above it."""
        self.ensureWidgetVisible(widget, 40, 80)


class Banner(QFrame):
    """A calm notice across the top of the workspace, with actions and a close button."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.setSpacing(10)
        self.text = label("", "", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self._actions = QHBoxLayout()
        layout.addLayout(self._actions)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Dismiss this notice")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setProperty("role", "card-tool")
        self.close_button.clicked.connect(self._on_close_button_clicked)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(
        self, text: str, actions: Sequence[tuple[str, Callable[[], None]]] = ()
    ) -> None:
        self.text.setText(text)
        self.setAccessibleName(text)
        while self._actions.count():
            item = self._actions.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for caption, slot in actions:
            button = QPushButton(caption, self)
            button.setAccessibleName(caption)
            button.clicked.connect(slot)
            self._actions.addWidget(button)
        self.show()

    def _on_close_button_clicked(self) -> None:
        self.hide()
        self.closed.emit()


class Disclosure(QWidget):
    """A heading that shows or hides the widget below it (keyboard: Space or Enter)."""

    toggled = Signal(bool)

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.button = QPushButton(self)
        self.button.setProperty("role", "disclosure")
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.button)
        layout.addWidget(body)
        self.button.toggled.connect(self._on_button_toggled)
        self._on_button_toggled(True)

    def expanded(self) -> bool:
        return self.button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.button.setChecked(expanded)

    def _on_button_toggled(self, expanded: bool) -> None:
        self.button.setText(f"{'▾' if expanded else '▸'}  {self.title}")
        state = "expanded" if expanded else "collapsed"
        self.button.setAccessibleName(f"{self.title} ({state})")
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)
