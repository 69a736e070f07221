"""Helpers that build real plan files for tests."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sipdesk.export.interchange import import_json
from sipdesk.paths import resource_path
from sipdesk.services.operations import seed_new_plan
from sipdesk.storage import PlanDocument

SAMPLE_JSON = resource_path("sample-plan.json")


def new_plan(path: Path, school: str = "Lincoln Elementary") -> PlanDocument:
    return PlanDocument.create(path, lambda s: seed_new_plan(s, school))


def sample_plan(path: Path) -> PlanDocument:
    return import_json(SAMPLE_JSON, path)


def is_plan_id(value: object) -> bool:
    """Whether ``value`` is a plan id: a UUID in its canonical lowercase form."""
    return isinstance(value, str) and str(uuid.UUID(value)) == value


def without_plan_id(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its profile's plan id left out, after checking it is one. The sample
    plan carries none (each plan made from it gets its own), so a plan made from it is the
    sample plus its fresh id."""
    profile = dict(document["profile"])
    assert is_plan_id(profile.pop("plan_id")), document["profile"].get("plan_id")
    return {**document, "profile": profile}


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
