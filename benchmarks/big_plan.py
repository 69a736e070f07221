"""The largest plan the limits allow: every table at its row limit (sipdesk/models/limits.py),
many fields at the longest text a field may hold, and causes nested as deep as allowed.

Rows go in with bulk inserts (one executemany per table) inside ``PlanDocument.create``, so the
plan is built in seconds and is then opened, validated and copied like any other plan.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from sipdesk.models import (
    Action,
    ActionStatus,
    Adjustment,
    Cause,
    CoreValue,
    DotVote,
    Fishbone,
    FishboneCategory,
    GlossaryTerm,
    Goal,
    Measure,
    MeasureResult,
    Milestone,
    MilestoneReport,
    PlanProfile,
    Priority,
    PriorityLink,
    ReviewComment,
    Signature,
    StatusEvent,
    Strategy,
    StrategyReport,
    Support,
    SwotItem,
    TeamMember,
    WhyChain,
    WhyStep,
)
from sipdesk.models.base import table_of
from sipdesk.models.limits import MAX_CAUSE_DEPTH, MAX_ROWS, MAX_TEXT_CHARS
from sipdesk.services.operations import seed_new_plan
from sipdesk.services.progress import plan_months
from sipdesk.storage import PlanDocument

FIRST_MONTH = "2026-08"
SENTENCE = (
    "Teachers meet weekly in grade-level teams to look at reading screening data, "
    "choose students for small groups and plan the next week's lessons together. "
)


def long_text(tag: str) -> str:
    """A text of exactly MAX_TEXT_CHARS characters, in words (so it wraps like prose)."""
    body = f"{tag}: " + SENTENCE * (MAX_TEXT_CHARS // len(SENTENCE) + 1)
    return body[:MAX_TEXT_CHARS]


def _text(tag: str, i: int, every: int) -> str:
    """Every ``every``-th row gets a field-limit text, the others one sentence."""
    return long_text(f"{tag} {i}") if every and i % every == 0 else f"{tag} {i}: {SENTENCE}"


def _bulk(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """One executemany per set of keys (an executemany needs the same keys in every row)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for group in groups.values():
        session.execute(insert(table_of(model)), group)


def fill(session: Session, long_every: int = 20) -> dict[str, int]:
    """Every table at its row limit; one row in ``long_every`` carries a field-limit text.
    Returns the row counts written."""
    seed_new_plan(session, "Largest Allowed Elementary", first_month=FIRST_MONTH)
    session.flush()
    n = MAX_ROWS
    profile_texts = (
        "update_summary",
        "vision",
        "mission",
        "toa_if",
        "toa_then",
        "toa_and",
        "assessment_process",
        "stakeholder_input",
        "leverage",
    )
    session.execute(
        table_of(PlanProfile)
        .update()
        .values(**{name: long_text(name) for name in profile_texts}, dots_per_member=99)
    )
    counts: dict[str, int] = {}

    def put(model: type, rows: list[dict[str, Any]]) -> None:
        _bulk(session, model, rows)
        counts[table_of(model).name] = len(rows)

    team = n["team_members"]
    put(
        TeamMember,
        [
            {"id": i, "name": f"Member {i}", "title": "Teacher", "position": i}
            for i in range(1, team + 1)
        ],
    )
    put(
        Signature,
        [
            {
                "id": i,
                "member_id": i,
                "name": f"Member {i}",
                "position": i,
                "signed_on": dt.date(2026, 9, 1),
            }
            for i in range(1, n["signatures"] + 1)
        ],
    )
    put(
        CoreValue,
        [
            {"id": i, "text": _text("Value", i, long_every), "position": i}
            for i in range(1, n["core_values"] + 1)
        ],
    )
    goals = n["goals"]
    put(
        Goal,
        [
            {"id": i, "text": _text("Goal", i, long_every), "position": i}
            for i in range(1, goals + 1)
        ],
    )
    put(
        GlossaryTerm,
        [
            {"id": i, "term": f"T{i}", "meaning": _text("Meaning", i, long_every), "position": i}
            for i in range(1, n["glossary_terms"] + 1)
        ],
    )
    kinds = ("strength", "weakness", "opportunity", "threat")
    put(
        SwotItem,
        [
            {
                "id": i,
                "kind": kinds[i % 4],
                "text": _text("SWOT", i, long_every),
                "evidence": "Survey",
                "position": i,
            }
            for i in range(1, n["swot_items"] + 1)
        ],
    )
    fishbones, per_bone = 20, n["fishbone_categories"] // 20
    put(
        Fishbone,
        [{"id": i, "problem": f"Problem {i}", "position": i} for i in range(1, fishbones + 1)],
    )
    categories = fishbones * per_bone
    put(
        FishboneCategory,
        [
            {
                "id": i,
                "fishbone_id": (i - 1) // per_bone + 1,
                "name": f"Category {i}",
                "position": i,
            }
            for i in range(1, categories + 1)
        ],
    )
    # Causes: one chain MAX_CAUSE_DEPTH deep on the first bone, the rest spread over the
    # categories with one sub-cause under every other cause.
    causes: list[dict[str, Any]] = []
    for i in range(1, n["causes"] + 1):
        if i <= MAX_CAUSE_DEPTH:
            category, parent = 1, (i - 1 if i > 1 else None)
        else:
            category = (i - 1) % categories + 1
            parent = i - categories if i % 2 == 0 and i - categories > MAX_CAUSE_DEPTH else None
        causes.append(
            {
                "id": i,
                "category_id": category,
                "parent_id": parent,
                "text": _text("Cause", i, long_every),
                "evidence": "Observation notes",
                "votes": i % 7,
                "is_root": i % 50 == 0,
                "position": i,
            }
        )
    put(Cause, causes)
    votes = itertools.islice(
        ((c, m) for c in range(1, n["causes"] + 1) for m in range(1, team + 1)), n["dot_votes"]
    )
    put(DotVote, [{"cause_id": c, "member_id": m, "dots": 1} for c, m in votes])
    put(
        WhyChain,
        [
            {"id": i, "symptom": _text("Symptom", i, long_every), "position": i}
            for i in range(1, n["why_chains"] + 1)
        ],
    )
    put(
        WhyStep,
        [
            {"id": i, "chain_id": (i - 1) % n["why_chains"] + 1, "text": f"Why {i}", "position": i}
            for i in range(1, n["why_steps"] + 1)
        ],
    )
    priorities = n["priorities"]
    put(
        Priority,
        [{"id": i, "title": f"Priority {i}", "position": i} for i in range(1, priorities + 1)],
    )
    put(
        PriorityLink,
        [
            {"priority_id": (i - 1) % priorities + 1, "cause_id": i}
            for i in range(1, n["priority_links"] + 1)
        ],
    )
    strategies = n["strategies"]
    put(
        Strategy,
        [
            {
                "id": i,
                "priority_id": (i - 1) % priorities + 1,
                "if_text": _text("coach", i, long_every),
                "practice_code": "1a",
                "position": i,
            }
            for i in range(1, strategies + 1)
        ],
    )
    measures = n["measures"] // 2  # half on goals, half on strategies
    put(
        Measure,
        [
            {
                "id": i,
                "goal_id": (i - 1) % goals + 1,
                "indicator": _text("Measure", i, long_every),
                "position": i,
            }
            for i in range(1, measures + 1)
        ]
        + [
            {
                "id": i,
                "strategy_id": (i - 1) % n["strategies"] + 1,
                "indicator": f"Measure {i}",
                "position": i,
            }
            for i in range(measures + 1, n["measures"] + 1)
        ],
    )
    results = [
        {"measure_id": m, "year": y, "progress": f"Year {y}"}
        for m in range(1, n["measures"] + 1)
        for y in (1, 2, 3)
    ][: n["measure_results"]]
    put(MeasureResult, results)
    milestones = n["milestones"]
    put(
        Milestone,
        [
            {
                "id": i,
                "strategy_id": (i - 1) % strategies + 1,
                "text": f"Milestone {i}",
                "position": i,
            }
            for i in range(1, milestones + 1)
        ],
    )
    actions = n["actions"]
    put(
        Action,
        [
            {
                "id": i,
                "milestone_id": (i - 1) % milestones + 1,
                "text": _text("Action", i, long_every),
                "outputs": "Agenda and notes",
                "start": dt.date(2026, 9, 1),
                "due": dt.date(2027, 5, 28),
                "budget_cents": 125000,
                "person_responsible": "Ana Ruiz",
                "position": i,
            }
            for i in range(1, actions + 1)
        ],
    )
    per_action = n["action_statuses"] // actions
    months = plan_months(FIRST_MONTH, per_action)
    statuses = ("on_track", "done", "behind", "not_started")
    put(
        ActionStatus,
        [
            {
                "action_id": a,
                "month": month,
                "status": statuses[(a + k) % 4],
                "note": "ok" if k % 7 == 0 else "",
            }
            for a in range(1, actions + 1)
            for k, month in enumerate(months)
        ],
    )
    put(
        MilestoneReport,
        [
            {"milestone_id": m, "quarter": q, "comments": f"Q{q}"}
            for m in range(1, milestones + 1)
            for q in (1, 2, 3, 4)
        ][: n["milestone_reports"]],
    )
    put(
        StrategyReport,
        [{"strategy_id": s, "semester": h} for s in range(1, strategies + 1) for h in (1, 2)][
            : n["strategy_reports"]
        ],
    )
    put(
        Support,
        [
            {
                "id": i,
                "strategy_id": (i - 1) % strategies + 1,
                "needed": _text("Support", i, long_every),
                "position": i,
            }
            for i in range(1, n["supports"] + 1)
        ],
    )
    put(
        Adjustment,
        [
            {
                "id": i,
                "made_on": dt.date(2026, 10, 1),
                "action_id": (i - 1) % actions + 1,
                "what_changed": _text("Change", i, long_every),
                "position": i,
            }
            for i in range(1, n["adjustments"] + 1)
        ],
    )
    put(
        ReviewComment,
        [
            {
                "step": i % 9,
                "item": "",
                "author": "District",
                "body": _text("Comment", i, long_every),
                "created_at": dt.datetime(2026, 10, 1, 9, 0),
            }
            for i in range(1, n["review_comments"] + 1)
        ],
    )
    put(
        StatusEvent,
        [
            {"status": "draft", "by": "Principal", "at": dt.datetime(2026, 9, 1, 9, 0)}
            for _ in range(n["status_events"])
        ],
    )
    return counts


def build_big_plan(target: Path, long_every: int = 20) -> tuple[PlanDocument, dict[str, int]]:
    """Write the largest allowed plan to ``target`` (which must not exist) and open it."""
    counts: dict[str, int] = {}

    def seed(session: Session) -> None:
        counts.update(fill(session, long_every))

    return PlanDocument.create(target, seed), counts


# The kinds whose every ``long_every``-th row carries a field-limit text.
LONG_KINDS = (
    "core_values",
    "goals",
    "measures",
    "glossary_terms",
    "swot_items",
    "causes",
    "why_chains",
    "strategies",
    "actions",
    "supports",
    "adjustments",
    "review_comments",
)


def long_texts(counts: dict[str, int], long_every: int = 20) -> Iterator[str]:
    """For the report: how many field-limit texts each kind holds."""
    for table in LONG_KINDS:
        rows = counts.get(table, 0)
        if table == "measures":
            rows //= 2  # only the goals' half
        yield f"{table} {rows // long_every}"
