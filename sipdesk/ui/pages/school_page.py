"""Step 0 — School & team: the at-a-glance profile, the leadership team and the signatures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sipdesk.models.limits import MAX_PLAN_YEARS
from sipdesk.models.tables import PLAN_PROFILE, SIGNATURE, TEAM_MEMBER
from sipdesk.services import lists
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.services.readiness_profiles import DEFAULT_PROFILE, known_profiles
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.school_choices import PhaseField, pack_choices
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel
from sipdesk.ui.widgets.batches import run_parts
from sipdesk.ui.widgets.common import ScrollingBody, label
from sipdesk.ui.widgets.fields import ChoiceField, DateField, MonthField, TextArea, TextField

PROFILE_ROW = 1

# (field, label, kind, placeholder) in the order of the template's "at a glance" box.
GLANCE_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("school_name", "School name", "text", ""),
    ("plan_date", "Date of plan", "date", ""),
    ("update_date", "Date of update", "date", ""),
    ("essa_status", "ESSA status", "text", "e.g. Targeted Support and Improvement"),
    ("city_county", "City / county", "text", ""),
    ("zip_code", "Zip code", "text", ""),
    ("phone", "Phone", "text", ""),
    ("principal", "Principal", "text", ""),
    ("contact", "Contact", "text", "Email and phone of the plan's contact"),
    ("district", "District", "text", ""),
    ("superintendent", "Superintendent", "text", ""),
    ("district_liaison", "District liaison", "text", ""),
    ("federal_designation", "Federal accountability designation", "text", ""),
    ("title_i_status", "Title I status", "text", "e.g. Schoolwide program"),
    ("first_month", "The plan year starts in", "month", ""),
    ("school_year", "School year", "text", "e.g. 2026–27"),
    ("plan_years", "Years the plan covers", "years", ""),
    ("state_status", "State accountability status", "text", "e.g. Met expected growth"),
    ("state_school_id", "State school code", "text", ""),
    ("state_district_id", "State district code", "text", ""),
    ("readiness_profile", "Plan health checks it against", "readiness", ""),
    ("state_pack", "State pack", "pack", ""),
    ("designation_year", "Designation year", "text", "e.g. 2025–26"),
    ("plan_phase", "This year is", "phase", ""),
)
# How long a plan may run: an annual plan, or Tool A's usual three years, up to five.
PLAN_YEAR_CHOICES = tuple(
    (years, "1 year (an annual plan)" if years == 1 else f"{years} years")
    for years in range(1, MAX_PLAN_YEARS + 1)
)


def readiness_choices() -> tuple[tuple[str, str], ...]:
    """Each readiness profile SIP Desk knows, as (stored value, label); Tool A is stored as
    "" (the plan names no profile) so plans made before profiles existed read the same."""
    return tuple(
        ("" if profile.key == DEFAULT_PROFILE else profile.key, f"{profile.name} template")
        for profile in known_profiles()
    )


TEAM_COLUMNS = (
    Column("name", "Name"),
    Column("title", "Position"),
    Column("plan_role", "Role in the plan"),
)
SIGNATURE_COLUMNS = (
    Column("name", "Name"),
    Column("title", "Position"),
    Column("plan_role", "Role in the plan"),
    Column("signed_on", "Signed on", kind="calendar", stretch=False),
)


class SchoolPage(QWidget):
    """Who the school is and who is writing the plan."""

    PARTS = PlanPart.PROFILE | PlanPart.TEAM | PlanPart.SIGNATURES

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.fields: dict[str, Any] = {}
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        outer.addWidget(self.body)
        self.body.add_title(0, "School & team")

        glance = self.body.add_section(
            "At a glance", "The facts the district's plan template asks for first."
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for number, (field, name, kind, placeholder) in enumerate(GLANCE_FIELDS):
            editor: QWidget
            if kind == "date":
                editor = DateField(self.controller, PLAN_PROFILE, field, name, self)
            elif kind == "month":
                editor = MonthField(self.controller, PLAN_PROFILE, field, name, self)
                editor.setToolTip("Monthly monitoring counts from this month.")
            elif kind == "readiness":
                editor = ChoiceField(
                    self.controller, PLAN_PROFILE, field, name, readiness_choices(), self
                )
                editor.setToolTip(
                    "Which plan template plan health follows: the one your district or state "
                    "asks for."
                )
            elif kind == "pack":
                editor = ChoiceField(
                    self.controller, PLAN_PROFILE, field, name, pack_choices(), self
                )
                editor.setToolTip(
                    "The state's planning calendar the plan follows: who does what each month, "
                    "and when things are due."
                )
            elif kind == "phase":
                editor = PhaseField(self.controller, name, self)
                editor.setToolTip(
                    "Where the plan stands this school year: the calendar shows this year's "
                    "work for it."
                )
            elif kind == "years":
                editor = ChoiceField(
                    self.controller, PLAN_PROFILE, field, name, PLAN_YEAR_CHOICES, self
                )
                editor.setToolTip("Each goal measure needs a target for every year of the plan.")
            else:
                editor = TextField(
                    self.controller, PLAN_PROFILE, field, name, self, placeholder=placeholder
                )
            self.fields[field] = editor
            caption = label(name, "", self)
            caption.setBuddy(editor)
            row, col = divmod(number, 2)
            grid.addWidget(caption, row * 2, col)
            grid.addWidget(editor, row * 2 + 1, col, Qt.AlignmentFlag.AlignTop)
        glance.addLayout(grid)
        summary_caption = label("Update summary", "", self)
        self.fields["update_summary"] = TextArea(
            self.controller,
            PLAN_PROFILE,
            "update_summary",
            "Update summary",
            self,
            lines=2,
            placeholder="When you update the plan: what changed and why.",
        )
        summary_caption.setBuddy(self.fields["update_summary"])
        glance.addWidget(summary_caption)
        glance.addWidget(self.fields["update_summary"])

        team = self.body.add_section(
            "Leadership team", "Everyone who writes, leads and checks on the plan."
        )
        self.team = TableEditor(
            TableRowsModel(self.controller, TEAM_MEMBER, TEAM_COLUMNS, noun="team member"),
            title="Leadership team",
        )
        team.addWidget(self.team)

        signatures = self.body.add_section(
            "Signatures", "The people who sign the plan, and when they signed."
        )
        self.signatures = TableEditor(
            TableRowsModel(self.controller, SIGNATURE, SIGNATURE_COLUMNS, noun="signature"),
            title="Signatures",
        )
        signatures.addWidget(self.signatures)
        row_layout = QHBoxLayout()
        self.add_signers = QPushButton("Add the team as signers", self)
        self.add_signers.setAccessibleName("Add a signature line for each team member")
        self.add_signers.setEnabled(not self.controller.readonly)
        self.signers_note = label("", "hint", self)
        row_layout.addWidget(self.add_signers)
        row_layout.addWidget(self.signers_note, 1)
        signatures.addLayout(row_layout)
        self.body.finish()

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.add_signers.clicked.connect(self._on_add_signers_clicked)

    # ----------------------------------------------------------------- data
    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        plan = self.controller.plan()
        profile = plan["profile"]
        for field, editor in self.fields.items():
            if isinstance(editor, PhaseField):
                editor.bind(PROFILE_ROW, (profile.get(field), profile.get("implementation_year")))
            else:
                editor.bind(PROFILE_ROW, profile.get(field))
        yield
        self.team.model.set_rows(plan["team"])
        yield
        self.signatures.model.set_rows(plan["signatures"])

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.reload:
            self.refresh()
        else:
            self.signers_note.setText("")

    def _on_add_signers_clicked(self) -> None:
        team = [self.team.model.row_values(r) for r in range(self.team.model.rowCount())]
        signed = [
            self.signatures.model.row_values(r) for r in range(self.signatures.model.rowCount())
        ]
        have = {s.get("member_id") for s in signed} | {
            (s.get("name") or "").strip().lower() for s in signed
        }
        missing = [
            m
            for m in team
            if m["id"] not in have and (m.get("name") or "").strip().lower() not in have
        ]
        if not missing:
            self.signers_note.setText("Everyone on the team already has a signature line.")
            return

        self.controller.run(lambda s: lists.add_signers(s, missing))

    # ----------------------------------------------------------------- finding things
    def focus_item(self, item: str) -> bool:
        kind, _, key = item.partition(":")
        target: QWidget | None = None
        if kind == "profile" and key in self.fields:
            target = self.fields[key]
        elif kind in ("signatures", "signature"):
            target = self.signatures.view
        elif kind in ("team", "team_member"):
            target = self.team.view
        if target is None:
            return False
        self.body.reveal(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
