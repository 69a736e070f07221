"""Step 0's choices of where the plan stands (issue 15): the state pack it follows and
whether this year is its planning year or implementation year N.

"This year is" is one choice kept in two fields of the profile (``plan_phase`` and
``implementation_year``), so it is stored and undone as one edit, through the controller like
every step-0 field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from sipdesk.models.limits import MAX_PLAN_YEARS
from sipdesk.models.tables import PLAN_PROFILE
from sipdesk.services.state_packs import installed_packs
from sipdesk.ui.controller import PlanController, RowValues

Phase = tuple[str, int | None]  # (plan_phase, implementation_year)

NOT_SAID: Phase = ("", None)
PHASE_CHOICES: tuple[tuple[Phase, str], ...] = (
    (NOT_SAID, "Not said yet"),
    (("planning", None), "Our planning year"),
    *((("implementation", n), f"Implementation year {n}") for n in range(1, MAX_PLAN_YEARS + 1)),
)


def pack_choices() -> tuple[tuple[str, str], ...]:
    """Each state pack SIP Desk has, by its title, after the default: "" (the pack the
    plan's template points to, as plans made before they named a pack read)."""
    return (
        ("", "Chosen from the template"),
        *((pack.name, pack.title) for pack in installed_packs()),
    )


class PhaseField(QComboBox):
    """ "This year is": not said, the planning year, or implementation year 1 to 5."""

    LABEL = "Edit this year is"
    FIELDS = ("plan_phase", "implementation_year")

    def __init__(self, controller: PlanController, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(name)
        self.row_id: int | None = None
        self._shown: Phase = NOT_SAID
        self._writing = False
        for value, text in PHASE_CHOICES:
            self.addItem(text, value)
        self.setEnabled(not controller.readonly)
        self.currentIndexChanged.connect(self._on_index_changed)
        controller.values_changed.connect(self._on_values_changed)

    def bind(self, row_id: int | None, value: Any) -> None:
        """Point at the profile row; ``value`` is (plan_phase, implementation_year)."""
        self.row_id = row_id
        self._show(_phase(value))

    def _show(self, phase: Phase) -> None:
        self._shown = phase
        index = next((i for i, (v, _) in enumerate(PHASE_CHOICES) if v == phase), 0)
        if index == self.currentIndex():
            return
        self._writing = True
        try:
            self.setCurrentIndex(index)
        finally:
            self._writing = False

    def _on_values_changed(self, values: RowValues) -> None:
        if self.row_id is None:
            return
        row = values.get(("plan_profile", self.row_id)) or {}
        if any(f in row for f in self.FIELDS):
            phase, year = self._shown
            self._show(_phase((row.get("plan_phase", phase), row.get("implementation_year", year))))

    def _on_index_changed(self, index: int) -> None:
        if self._writing or self.row_id is None or index < 0:
            return
        phase, year = PHASE_CHOICES[index][0]
        self._shown = (phase, year)
        self.controller.set_field(
            PLAN_PROFILE, self.row_id, self.LABEL, plan_phase=phase, implementation_year=year
        )


def _phase(value: Any) -> Phase:
    """A stored (phase, year) as one of the choices; anything else reads as not said."""
    if not isinstance(value, tuple) or len(value) != 2:
        return NOT_SAID
    phase, year = value
    if phase == "planning":
        return ("planning", None)
    if phase == "implementation" and isinstance(year, int) and 1 <= year <= MAX_PLAN_YEARS:
        return ("implementation", year)
    return NOT_SAID
