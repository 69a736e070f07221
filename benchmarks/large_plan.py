"""The benchmarks' large plan: 4 goals × 3 measures; 4 priorities × 3 strategies ×
4 milestones × 8 actions; 10 months of statuses. Built through the real importer."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from sipdesk.export.interchange import FORMAT, FORMAT_VERSION, import_json
from sipdesk.services.progress import plan_months
from sipdesk.storage import PlanDocument

STATUSES = ("on_track", "done", "behind", "not_started")


def large_plan_document() -> dict[str, Any]:
    counter = iter(range(1, 1_000_000))

    def measure(years: int) -> dict[str, Any]:
        return {
            "id": next(counter),
            "indicator": "Students meeting the reading benchmark",
            "data_source": "Fall, winter and spring screening",
            "baseline": "41% in 2025-26",
            "target_y1": "48% by spring 2027",
            "target_y2": "55% by spring 2028",
            "target_y3": "62% by spring 2029" if years == 3 else "",
            "monitored": True,
            "results": [],
        }

    months = plan_months("2026-08", 10)
    priorities = []
    for p in range(4):
        strategies = []
        for _ in range(3):
            milestones = []
            for m in range(4):
                actions = []
                for a in range(8):
                    actions.append(
                        {
                            "id": next(counter),
                            "text": f"Action {a + 1}: weekly data meeting, grade {a + 1}",
                            "outputs": "Agenda, notes and a list of students for small groups",
                            "start": "2026-09-01",
                            "due": "2027-05-28",
                            "budget_cents": 125000,
                            "funding_source": "Title I",
                            "person_responsible": "Ana Ruiz",
                            "collaborators": "Grade-level teams",
                            "statuses": [
                                {
                                    "id": next(counter),
                                    "month": month,
                                    "status": STATUSES[(a + i) % 4],
                                    "note": "",
                                }
                                for i, month in enumerate(months)
                            ],
                        }
                    )
                milestones.append(
                    {
                        "id": next(counter),
                        "text": f"Milestone {m + 1}: routines in place",
                        "timeline": "Sept–Oct 2026",
                        "kind": "process",
                        "actions": actions,
                        "reports": [],
                    }
                )
            strategies.append(
                {
                    "id": next(counter),
                    "if_text": "we coach teachers weekly in grade teams",
                    "then_text": "teachers plan small-group lessons from screening data",
                    "and_text": "students read on grade level",
                    "practice_code": "3a",
                    "evidence_base": "Strong",
                    "learning_needs": "Coaching cycles",
                    "measures": [measure(2)],
                    "milestones": milestones,
                    "reports": [],
                }
            )
        priorities.append(
            {
                "id": next(counter),
                "title": f"Priority {p + 1}",
                "description": "Reading",
                "links": [],
                "strategies": strategies,
            }
        )
    goals = [
        {
            "id": next(counter),
            "text": f"Goal {g + 1}",
            "explanation": "Why it matters",
            "academic": True,
            "measures": [measure(3) for _ in range(3)],
        }
        for g in range(4)
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "profile": {"school_name": "Large Plan Academy", "first_month": "2026-08"},
        "goals": goals,
        "priorities": priorities,
    }


def build_large_plan(target: Path) -> PlanDocument:
    """Write the large plan to ``target`` and return it open for editing."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "large.json"
        source.write_text(json.dumps(large_plan_document()), encoding="utf-8")
        return import_json(source, target, overwrite=True)
