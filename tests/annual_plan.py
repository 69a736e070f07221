"""A hand-written one-year plan in the interchange format, as a district data person would
write it: a school year, a span of one year, targets for that year only, an interim measure,
a rating target, baselines per grade, 90-day cycles, a weekly action with a schedule instead of
dates. Complete, so each test can take one piece away."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sipdesk.export.interchange import FORMAT, FORMAT_VERSION, import_json

_MEASURE = {
    "indicator": "Students at or above benchmark in reading",
    "data_source": "mClass (K–2), EOG (3–5)",
    "baseline": "61 % (spring 2025)",
    "target_y1": "70 % by June 2026",
    "monitored": True,
}
_PLAN: dict[str, Any] = {
    "format": FORMAT,
    "format_version": FORMAT_VERSION,
    "profile": {
        "school_name": "Pine Creek Elementary",
        "school_year": "2025–26",
        "plan_years": 1,
        "plan_date": "2025-08-04",
        "vision": "Every child leaves Pine Creek a confident reader.",
        "mission": "We teach reading every day, in every room, to every child.",
        "toa_if": "we give every teacher a shared small-group reading routine",
        "toa_then": "teachers meet each child where they are every day",
        "toa_and": "more children read on grade level by June",
    },
    "core_values": [{"id": 1, "text": "Every child can learn to read"}],
    "signatures": [{"id": 1, "name": "Dana Reed", "title": "Principal"}],
    "cycles": [
        {"name": "Cycle 1", "start": "2025-08", "end": "2025-10"},
        {"name": "Cycle 2", "start": "2025-11", "end": "2026-01"},
        {"name": "Cycle 3", "start": "2026-02", "end": "2026-04"},
    ],
    "goals": [
        {
            "id": 1,
            "text": "More K–5 students read on grade level",
            "academic": True,
            "measures": [
                {
                    "id": 1,
                    **_MEASURE,
                    "kind": "outcome",
                    "groups": [
                        {
                            "group": "Grade 3",
                            "data_source": "EOG",
                            "baseline": "30.38 %",
                            "targets": ["45 % by June 2026"],
                        },
                        {
                            "group": "Grade 4",
                            "data_source": "EOG",
                            "baseline": "43.04 %",
                            "targets": ["55 % by June 2026"],
                        },
                    ],
                },
                {
                    "id": 4,
                    "kind": "interim",
                    "indicator": "K–2 students at benchmark on the middle-of-year check",
                    "data_source": "mClass (BOY, MOY, EOY)",
                    "baseline": "58 % at BOY 2025",
                    "target_y1": "68 % at MOY (January 2026)",
                    "monitored": True,
                },
            ],
        },
        {
            "id": 2,
            "text": "More 3–5 students meet expected growth in math",
            "academic": True,
            "measures": [
                {
                    "id": 2,
                    **_MEASURE,
                    "indicator": "Students meeting their growth target in math",
                    "data_source": "EOG math",
                    "baseline": "Did not meet expected growth (2024–25)",
                    "kind": "outcome",
                    "target_type": "rating",
                    "target_y1": "Meets Expected Growth by June 2026",
                }
            ],
        },
    ],
    "fishbones": [
        {
            "id": 1,
            "problem": "Too few children read on grade level",
            "categories": [
                {
                    "id": 1,
                    "name": "Instruction",
                    "causes": [{"id": 1, "text": "No shared small-group routine", "is_root": True}],
                }
            ],
        }
    ],
    "priorities": [
        {
            "id": 1,
            "title": "Reading",
            "links": [{"id": 1, "cause_id": 1}],
            "strategies": [
                {
                    "id": 1,
                    "if_text": "we coach teachers in a shared small-group routine",
                    "then_text": "teachers group children by need every day",
                    "and_text": "children in the intensive range catch up",
                    "practice_code": "3a",
                    "students": "All 2nd graders in the intensive range",
                    "measures": [
                        {
                            "id": 3,
                            "kind": "implementation",
                            "indicator": "Walkthroughs where the routine is seen",
                            "data_source": "Monthly walkthroughs",
                            "baseline": "20 % of visits (May 2025)",
                            "target_y1": "80 % of visits by May 2026",
                            "monitored": True,
                        }
                    ],
                    "milestones": [
                        {
                            "id": 1,
                            "text": "Small groups run in every K–2 room",
                            "actions": [
                                {
                                    "id": 1,
                                    "text": "45 min small-group + 15 min rereading",
                                    "recurrence": "weekly",
                                    "schedule": "Mon–Thu, 9:00–10:00",
                                    "person_responsible": "Grade-level leads",
                                },
                                {
                                    "id": 2,
                                    "text": "Train teachers in the routine",
                                    "start": "2025-08-11",
                                    "due": "2025-08-15",
                                    "person_responsible": "Reading coach",
                                },
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


def annual_plan() -> dict[str, Any]:
    """A fresh copy of the complete plan, to change."""
    return copy.deepcopy(_PLAN)


def build(plan: dict[str, Any], folder: Path, name: str = "Pine Creek") -> Path:
    """The plan written as interchange JSON and imported into a plan file."""
    source = folder / f"{name}.json"
    source.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    target = folder / f"{name}.sipdesk"
    import_json(source, target).close()
    return target
