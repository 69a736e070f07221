"""The coaching prompts for the current step: questions a facilitator can ask the team."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sipdesk.models.catalogues import CatalogueError, step_prompts
from sipdesk.ui.widgets.common import Disclosure, label
from sipdesk.ui.widgets.markup import escape


class CoachingPanel(QWidget):
    """A collapsible list of prompts for one step, read from resources/catalogues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step: int | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 0, 0, 0)
        column.setSpacing(8)
        self.intro = label("", "hint", body)
        self.prompts = QLabel(body)
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.intro)
        column.addWidget(self.prompts)
        self.disclosure = Disclosure("Coaching prompts", body, self)
        layout.addWidget(self.disclosure)

    def set_step(self, step: int) -> None:
        self.step = step
        try:
            prompts = step_prompts(step)
        except CatalogueError as exc:
            self.intro.setText(str(exc))
            self.prompts.setText("")
            return
        if prompts is None:
            self.intro.setText("")
            self.prompts.setText("")
            return
        self.intro.setText(prompts.intro)
        items = "".join(f"<li style='margin-bottom:6px'>{escape(p)}</li>" for p in prompts.prompts)
        self.prompts.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        self.prompts.setAccessibleName("Coaching prompts: " + " ".join(prompts.prompts))

    def expanded(self) -> bool:
        return self.disclosure.expanded()

    def set_expanded(self, expanded: bool) -> None:
        self.disclosure.set_expanded(expanded)
