"""The wizard's steps and where each step's page lives.

The main window builds each page from this table, the first time the step is shown. A page
that fails to build is reported on that step alone; the other steps keep working.
"""

from __future__ import annotations

from typing import NamedTuple


class StepInfo(NamedTuple):
    number: int
    title: str
    module: str  # e.g. "sipdesk.ui.pages.school_page"
    page_class: str  # a QWidget subclass taking (controller, parent=None)


STEPS: tuple[StepInfo, ...] = (
    StepInfo(0, "School & team", "sipdesk.ui.pages.school_page", "SchoolPage"),
    StepInfo(1, "Set the direction", "sipdesk.ui.pages.direction_page", "DirectionPage"),
    StepInfo(2, "Assess needs", "sipdesk.ui.pages.needs_page", "NeedsPage"),
    StepInfo(3, "Find root causes", "sipdesk.ui.pages.root_causes_page", "RootCausesPage"),
    StepInfo(4, "Choose priorities", "sipdesk.ui.pages.priorities_page", "PrioritiesPage"),
    StepInfo(5, "Build the plan", "sipdesk.ui.pages.plan_page", "PlanPage"),
    StepInfo(6, "Monitor progress", "sipdesk.ui.pages.monitor_page", "MonitorPage"),
    StepInfo(7, "Adjust course", "sipdesk.ui.pages.adjust_page", "AdjustPage"),
    StepInfo(8, "Review & export", "sipdesk.ui.pages.review_page", "ReviewPage"),
)
