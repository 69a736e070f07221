"""The fixed lists of choices a plan's rows take (a measure's kind, a SWOT item's quadrant …).

They live here, apart from the models, so a step's page can offer them when it is built
without loading SQLAlchemy and the ORM (issue 12). The models import them from here, so each
list is written once.
"""

from __future__ import annotations

# What a measure measures: students' results at the end of a year ("outcome"), students'
# progress during it (benchmarks, mClass: "interim"), or whether adults carry out the plan
# (lesson plans, fidelity checks: "implementation").
MEASURE_KINDS = ("outcome", "interim", "implementation")
# Whether a measure's targets are numbers ("50 % by June 2027") or ratings ("Meets Expected
# Growth by June 2027").
TARGET_TYPES = ("number", "rating")

SWOT_KINDS = ("strength", "weakness", "opportunity", "threat")

MILESTONE_KINDS = ("process", "early_evidence")
RECURRENCES = ("once", "daily", "weekly", "monthly", "each cycle")

PLAN_STATUSES = ("draft", "submitted", "returned", "approved")
# Where the plan stands: "" (not said), its planning year, or an implementation year.
PLAN_PHASES = ("", "planning", "implementation")

ACTION_STATUSES = ("not_started", "on_track", "behind", "done")
