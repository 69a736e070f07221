"""Helpers that build real plan files for tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sipdesk.export.interchange import import_json
from sipdesk.paths import resource_path
from sipdesk.services.operations import seed_new_plan
from sipdesk.storage import PlanDocument

SAMPLE_JSON = resource_path("sample-plan.json")


def new_plan(path: Path, school: str = "Lincoln Elementary") -> PlanDocument:
    return PlanDocument.create(path, lambda s: seed_new_plan(s, school))


def sample_plan(path: Path) -> PlanDocument:
    return import_json(SAMPLE_JSON, path)


def file_state(path: Path) -> tuple[bytes, int, list[str]]:
    """Bytes, mtime and the folder listing: what must not change when a bad file is refused."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def days_since(began: dt.date) -> set[str]:
    """Every day from ``began`` to today, as stored (``"2026-12-06"``): a date the app stamps
    "today" during a test is one of them, even when the test runs across midnight."""
    days, day = set(), began
    while day <= dt.date.today():
        days.add(day.isoformat())
        day += dt.timedelta(days=1)
    return days
