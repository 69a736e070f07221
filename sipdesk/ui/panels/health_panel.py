"""Plan health: what still keeps the plan from being ready to send; activate one to jump there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from sipdesk.services.checks import STEP_NAMES, Finding
from sipdesk.ui.widgets.common import label

STEP_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2


class HealthPanel(QWidget):
    """The readiness findings, grouped by step."""

    finding_activated = Signal(int, str)  # step, item (e.g. "goal:3")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(label("Plan health", "panel-title", self))
        self.summary = label("Checking the plan…", "hint", self)
        layout.addWidget(self.summary)
        self.findings = QListWidget(self)
        self.findings.setObjectName("healthList")
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName("Plan health: things still to do")
        self.findings.setAccessibleDescription("Press Enter on an item to go to it.")
        self.findings.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.findings.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout.addWidget(self.findings, 1)
        layout.addStretch(0)

    def _connect(self) -> None:
        self.findings.itemActivated.connect(self._on_findings_item_activated)
        self.findings.itemClicked.connect(self._on_findings_item_activated)

    def show_findings(self, findings: list[Finding]) -> None:
        current = self.findings.currentItem()
        keep = (current.data(STEP_ROLE), current.data(ITEM_ROLE)) if current else None
        self.findings.clear()
        if not findings:
            self.summary.setText(
                "Everything the plan needs is in place. When the team agrees, send it to the "
                "district."
            )
            self.summary.setProperty("role", "ok")
        else:
            count = len(findings)
            self.summary.setText(
                f"{count} thing{'s' if count != 1 else ''} still to do before the plan is "
                "ready to send. Choose one to go there."
            )
            self.summary.setProperty("role", "hint")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.findings.setVisible(bool(findings))
        current_step = None
        for finding in sorted(findings, key=lambda f: f.step):
            if finding.step != current_step:
                current_step = finding.step
                header = QListWidgetItem(f"Step {finding.step} · {STEP_NAMES.get(finding.step)}")
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.findings.addItem(header)
            item = QListWidgetItem(f"•  {finding.message}")
            item.setData(STEP_ROLE, finding.step)
            item.setData(ITEM_ROLE, finding.item)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"Step {finding.step}, {finding.step_name}: {finding.message}",
            )
            item.setToolTip(finding.message)
            self.findings.addItem(item)
            if keep == (finding.step, finding.item):
                self.findings.setCurrentItem(item)

    def _on_findings_item_activated(self, item: QListWidgetItem) -> None:
        step = item.data(STEP_ROLE)
        if step is None:
            return
        self.finding_activated.emit(int(step), str(item.data(ITEM_ROLE) or ""))
