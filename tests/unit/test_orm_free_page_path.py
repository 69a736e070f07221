"""The modules on the way to a plan's first page load without SQLAlchemy and the ORM models.

Issue 12 item 4: a plan opened from the command line should be interactive within 3x a bare
window, and SQLAlchemy with the ORM and the model definitions is about 250 ms of CPU on its
own. Each module listed here has been made to import them only where it needs them (inside
the functions that use them, or for type annotations only), so the first page can one day be
built before they are loaded. The list only grows; a module that starts importing SQLAlchemy
at import time again fails here. Run in a fresh interpreter, since this test process has long
loaded everything.

Nor do they load the plan's record types (``models/plan_types.py``, some fifty typed dicts, and
``typing_extensions`` with them: about 12 ms of a plan's first page): the pages name them in
annotations only, which are never evaluated.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

LIGHT = (
    "sipdesk.services.changes",
    "sipdesk.services.checks",
    "sipdesk.services.completeness",
    "sipdesk.services.lists",
    "sipdesk.services.meeting",
    "sipdesk.services.notices",
    "sipdesk.services.values",
    "sipdesk.ui.controller",
    "sipdesk.ui.meeting",
    "sipdesk.ui.panels.analysis",
    "sipdesk.ui.panels.coaching_panel",
    "sipdesk.ui.panels.health_panel",
    "sipdesk.ui.tables",
    "sipdesk.ui.widgets.binding",
    "sipdesk.ui.widgets.fields",
    "sipdesk.ui.workspace",
    # steps 0-4
    "sipdesk.models.kinds",
    "sipdesk.services.measures",
    "sipdesk.services.operations",
    "sipdesk.services.remembered",
    "sipdesk.services.root_causes",
    "sipdesk.services.voting_round",
    "sipdesk.ui.fishbone.canvas",
    "sipdesk.ui.fishbone.cause_panel",
    "sipdesk.ui.fishbone.editing",
    "sipdesk.ui.fishbone.view",
    "sipdesk.ui.fishbone.voting_panel",
    "sipdesk.ui.fishbone.whys_panel",
    "sipdesk.ui.needs.swot_board",
    "sipdesk.ui.pages.direction_page",
    "sipdesk.ui.pages.needs_page",
    "sipdesk.ui.pages.root_causes_page",
    "sipdesk.ui.pages.school_choices",
    "sipdesk.ui.pages.school_page",
    "sipdesk.ui.plan.measures",
    "sipdesk.ui.tables.columns",
    # steps 5-8
    "sipdesk.services.catalogue_pick",
    "sipdesk.services.monitoring",
    "sipdesk.services.outline",
    "sipdesk.services.review",
    "sipdesk.ui.catalogue_picker",
    "sipdesk.ui.meeting.dialog",
    "sipdesk.ui.monitoring.comments_panel",
    "sipdesk.ui.pages.adjust_page",
    "sipdesk.ui.plan.outline_tree",
    "sipdesk.ui.plan.strategy_supports",
    "sipdesk.ui.tables.items",
    "sipdesk.ui.pages.plan_page",
    "sipdesk.ui.pages.monitor_page",
    "sipdesk.ui.pages.review_page",
    "sipdesk.ui.pages.priorities_page",
    "sipdesk.ui.plan.forms",
    "sipdesk.ui.plan.priority_measures",
    "sipdesk.ui.monitoring.cycles",
    "sipdesk.ui.monitoring.progress_chart",
    "sipdesk.ui.monitoring.reports",
    "sipdesk.ui.monitoring.month_grid",
    "sipdesk.ui.monitoring.month_grid_delegate",
    "sipdesk.ui.monitoring.month_grid_model",
)

CHILD = """
import importlib, sys
importlib.import_module(sys.argv[1])
heavy = ("sqlalchemy", "sipdesk.models.base", "sipdesk.models.plan_types", "typing_extensions")
print("loaded", sorted(m for m in heavy if m in sys.modules))
"""


@pytest.mark.parametrize("module", LIGHT)
def test_module_loads_without_sqlalchemy_or_the_models(module: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, module],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "loaded []"


def test_every_steps_page_and_the_open_plan_panels_are_kept_light() -> None:
    """A plan opens at the step it was left on, any of them: each step's page, and the
    panels of the open-plan window, is checked above."""
    from sipdesk.ui.steps import STEPS
    from sipdesk.ui.workspace import PANEL_MODULES

    wanted = {info.module for info in STEPS} | set(PANEL_MODULES)
    assert wanted <= set(LIGHT), sorted(wanted - set(LIGHT))
