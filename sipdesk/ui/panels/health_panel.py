"""Plan health: what still keeps the plan from being ready to send; activate one to jump there.

Findings of one rule share a line ("4 actions need a timeline: 1.1.1.1, …"); activating that
line opens it to list its findings beneath it, each of which goes to its item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from sipdesk.services.findings import STEP_NAMES, Finding, FindingGroup, group_findings
from sipdesk.ui.widgets.common import label

STEP_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # on a shared line: its key; on its findings: too
CLOSED, OPEN = "▸", "▾"


class HealthPanel(QWidget):
    """The readiness findings, grouped by step."""

    finding_activated = Signal(int, str)  # step, item (e.g. "goal:3")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open: set[str] = set()  # the shared lines opened, kept across refreshes
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
        self.findings.itemClicked.connect(self._on_findings_item_clicked)

    def show_findings(
        self, findings: list[Finding], *, template: str = "", district: str = ""
    ) -> None:
        """List ``findings``; ``template`` says whose checklist this is when it is not the
        plan's usual Tool A ("Checked against the Illinois (ISBE) template.", or the
        district's, :mod:`sipdesk.services.checked_by`); ``district`` is the district's next
        deadline, said first."""
        current = self.findings.currentItem()
        keep: tuple[object, object] | None = None
        if current is not None:
            keep = (
                (current.data(STEP_ROLE), current.data(ITEM_ROLE))
                if current.data(STEP_ROLE) is not None
                else ("group", current.data(GROUP_ROLE))
            )
        self.findings.clear()
        # Whose dates and whose checklist, each on a line of its own, then what is left.
        against = "".join(f"{said}\n" for said in (district, template) if said)
        if not findings:
            self.summary.setText(
                f"{against}Everything the plan needs is in place. When the team agrees, send "
                "it to the district."
            )
            self.summary.setProperty("role", "ok")
        else:
            count = len(findings)
            self.summary.setText(
                f"{against}{count} thing{'s' if count != 1 else ''} still to do before the "
                "plan is ready to send. Choose one to go there."
            )
            self.summary.setProperty("role", "hint")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.findings.setVisible(bool(findings))
        current_step = None
        for group in group_findings(findings):
            if group.step != current_step:
                current_step = group.step
                header = QListWidgetItem(f"Step {group.step} · {STEP_NAMES.get(group.step)}")
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.findings.addItem(header)
            if group.single:
                self._add_finding(group.findings[0], keep)
            else:
                self._add_group(group, keep)

    def _add_finding(
        self,
        finding: Finding,
        keep: tuple[object, object] | None,
        group: str = "",
    ) -> QListWidgetItem:
        text = f"{'      ◦  ' if group else '•  '}{finding.message}"
        item = QListWidgetItem(text)
        item.setData(STEP_ROLE, finding.step)
        item.setData(ITEM_ROLE, finding.item)
        if group:
            item.setData(GROUP_ROLE, group)
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            f"Step {finding.step}, {finding.step_name}: {finding.message}",
        )
        item.setToolTip(finding.message)
        self.findings.addItem(item)
        if keep == (finding.step, finding.item):
            self.findings.setCurrentItem(item)
        return item

    def _add_group(self, group: FindingGroup, keep: tuple[object, object] | None) -> None:
        """A shared line, and its findings beneath it (shown while it is open)."""
        key = f"{group.step}|{group.rule}|{group.findings[0].together}"
        opened = key in self._open
        line = QListWidgetItem(f"{OPEN if opened else CLOSED}  {group.message}")
        line.setData(GROUP_ROLE, key)
        line.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            f"Step {group.step}, {group.step_name}: {group.message} "
            f"{'Open' if opened else 'Closed'}; press Enter to "
            f"{'hide' if opened else 'list'} them one by one.",
        )
        line.setToolTip(f"{group.message} Choose this line to list them one by one.")
        self.findings.addItem(line)
        if keep == ("group", key):
            self.findings.setCurrentItem(line)
        for finding in group.findings:
            self._add_finding(finding, keep, key).setHidden(not opened)

    def toggle_group(self, key: str) -> None:
        """Open a shared line to list its findings, or close it again."""
        opened = key not in self._open
        if opened:
            self._open.add(key)
        else:
            self._open.discard(key)
        for row in range(self.findings.count()):
            item = self.findings.item(row)
            if item.data(GROUP_ROLE) != key:
                continue
            if item.data(STEP_ROLE) is None:  # the shared line itself
                text = item.text()
                item.setText(f"{OPEN if opened else CLOSED}{text[1:]}")
                described = str(item.data(Qt.ItemDataRole.AccessibleTextRole) or "")
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    described.replace("Closed; press Enter to list", "Open; press Enter to hide")
                    if opened
                    else described.replace(
                        "Open; press Enter to hide", "Closed; press Enter to list"
                    ),
                )
            else:
                item.setHidden(not opened)

    def _on_findings_item_clicked(self, item: QListWidgetItem) -> None:
        # One click is enough to go; where the style already activates on one click, the
        # click is left to that, so a shared line is not opened and closed again at once.
        hint = QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick
        if not self.findings.style().styleHint(hint, None, self.findings):
            self._on_findings_item_activated(item)

    def _on_findings_item_activated(self, item: QListWidgetItem) -> None:
        step = item.data(STEP_ROLE)
        if step is None:
            group = item.data(GROUP_ROLE)
            if group:
                self.toggle_group(str(group))
            return
        self.finding_activated.emit(int(step), str(item.data(ITEM_ROLE) or ""))
