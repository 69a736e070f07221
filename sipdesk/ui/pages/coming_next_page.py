"""A plain page for a step whose screen is not part of this version yet (no fake controls)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sipdesk.services.edits import Change
from sipdesk.ui.controller import PlanController
from sipdesk.ui.steps import StepInfo
from sipdesk.ui.widgets.common import ScrollingBody, label

# What each later step will let the team do, in a sentence.
WHAT_COMES = {
    3: "Draw fishbone diagrams and 5-Whys chains together, vote on causes and mark the root "
    "causes you can act on.",
    4: "Choose up to four priority areas and tie each one to the root causes it answers.",
    5: "Write strategies as a theory of action, with measures, milestones and actions, owners "
    "and budgets.",
    6: "Record each action's status month by month; quarterly and semester reports are worked "
    "out for you.",
    7: "Keep a log of what you changed, why, who decided and who was told.",
    8: "See what is still missing, read district comments, follow the review status and export "
    "the plan.",
}


class ComingNextPage(QWidget):
    """Says clearly that this step's screen is coming, and that its data is safe meanwhile."""

    def __init__(
        self, controller: PlanController, step: StepInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.step = step
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        layout.addWidget(self.body)
        self.body.add_title(self.step.number, self.step.title)
        section = self.body.add_section("Coming next")
        self.message = label(
            f"The “{self.step.title}” screen is on its way and will appear here in a coming "
            "version of SIP Desk.",
            "",
            self,
        )
        section.addWidget(self.message)
        what = WHAT_COMES.get(self.step.number)
        if what:
            section.addWidget(label(f"Here you will be able to: {what[0].lower()}{what[1:]}", ""))
        section.addWidget(
            label(
                "Anything this plan already holds for this step is kept safely in the plan "
                "file, appears in exports, and counts in plan health.",
                "hint",
            )
        )
        self.body.finish()

    def refresh(self) -> None:
        """Nothing to re-read: this page shows no plan data."""

    def _on_controller_changed(self, change: Change | None) -> None:
        """Nothing to follow."""

    def focus_item(self, item: str) -> bool:
        return False
