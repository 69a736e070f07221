"""Step 5's supports of a strategy (issue 15 item 3): the resources a strategy uses, which are the
plan's supports linked to it (the same rows step 6's Supports tab lists for every strategy).

Each can be typed freely or picked from the state pack's catalogue by level ("Pick from the
catalogue…", :mod:`sipdesk.ui.catalogue_picker`); every change goes through the plan's edit
path, so Undo takes it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sipdesk.models.tables import SUPPORT
from sipdesk.services import monitoring
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.catalogue_picker import CatalogueButton, catalogue_column
from sipdesk.ui.tables import Column, PlanItemsModel, WideTableEditor

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController


class StrategySupports(QWidget):
    """The supports of the strategy shown (``show_for``); it follows the plan's changes."""

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.strategy_id: int | None = None
        columns = [
            Column("needed", "Support needed", chars=22),
            Column("provided", "Support provided", chars=22),
            Column("provider", "Provider", chars=14),
            catalogue_column(controller),
        ]
        self.model = PlanItemsModel(
            controller, SUPPORT, columns, self._rows, "support", self, add=self._add
        )
        self.editor = WideTableEditor(self.model, title="Supports for this strategy")
        # The supports' order is the plan's, across strategies: moving is done on step 6.
        self.editor.up_button.hide()
        self.editor.down_button.hide()
        self.pick_button = CatalogueButton(
            controller, self.editor.view, self.model, lambda: self.strategy_id, self
        )
        self.editor.add_extra_button(self.pick_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        controller.changed.connect(self._on_controller_changed)

    def _rows(self, doc: PlanDoc) -> list[Any]:
        return [s for s in doc["supports"] if s["strategy_id"] == self.strategy_id]

    def _add(self, session: Any, _index: int | None) -> Change:
        return monitoring.add_support(session, self.strategy_id)

    def show_for(self, strategy_id: int | None) -> None:
        self.strategy_id = strategy_id
        self.model.load(self.controller.plan())

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if self.strategy_id is not None and notice.touches(PlanPart.SUPPORTS | PlanPart.PROFILE):
            self.model.load(self.controller.plan())


__all__ = ["StrategySupports"]
