"""How far along each wizard step is, from 0.0 (nothing yet) to 1.0 (done), for the navigator.

Works on the plain snapshot of :func:`sipdesk.services.snapshot.read_plan`. Each step is the
mean of a few *parts*, each itself 0..1, so a step never looks finished while one of its main
pieces is still empty. The parts follow what the plan template asks for and what
:func:`sipdesk.services.checks.readiness` reports, but completeness is encouragement, not a
verdict: plan health is where the exact gaps are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sipdesk.models.walk import all_causes
from sipdesk.services.checks import (
    STRATEGY_MEASURE_YEARS,
    RootCauses,
    measure_complete,
    practice_problem,
    readiness,
    theory_findings,
)

PlanDoc = dict[str, Any]

# The at-a-glance fields every plan fills in (the update date and summary come later).
PROFILE_FIELDS = (
    "school_name",
    "plan_date",
    "essa_status",
    "city_county",
    "zip_code",
    "phone",
    "principal",
    "contact",
    "district",
    "superintendent",
    "district_liaison",
    "federal_designation",
    "title_i_status",
)
TEAM_TARGET = 3  # a leadership team is several people
GOALS_TARGET = 2  # the template asks for at least two goals with complete measures
STATUS_CREDIT = {"draft": 0.0, "submitted": 0.5, "returned": 0.5, "approved": 1.0}


def filled(value: Any) -> bool:
    return bool(str(value or "").strip())


def share(done: int, total: int) -> float:
    """``done / total``, and 0.0 for nothing to count."""
    return 0.0 if total <= 0 else min(1.0, done / total)


def mean(parts: Iterable[float]) -> float:
    values = list(parts)
    return 0.0 if not values else round(sum(values) / len(values), 4)


def _fraction(items: list[dict[str, Any]], *fields: str) -> float:
    """The share of the fields of ``items`` that are filled in (0.0 with no items)."""
    total = len(items) * len(fields)
    return share(sum(1 for item in items for f in fields if filled(item.get(f))), total)


def school_and_team(doc: PlanDoc) -> float:
    profile = doc.get("profile", {})
    fields = share(sum(1 for f in PROFILE_FIELDS if filled(profile.get(f))), len(PROFILE_FIELDS))
    team = [m for m in doc.get("team", []) if filled(m.get("name"))]
    members = share(len(team), TEAM_TARGET)
    roles = _fraction(team, "title", "plan_role") if team else 0.0
    signatures = doc.get("signatures", [])
    signed = share(
        sum(1 for s in signatures if filled(s.get("name")) and s.get("signed_on")),
        len(signatures),
    )
    return mean([fields, mean([members, roles]), signed])


def direction(doc: PlanDoc) -> float:
    profile = doc.get("profile", {})
    words = mean([float(filled(profile.get("vision"))), float(filled(profile.get("mission")))])
    values = float(any(filled(v.get("text")) for v in doc.get("core_values", [])))
    goals = doc.get("goals", [])
    complete = [
        g
        for g in goals
        if filled(g.get("text")) and any(measure_complete(m) for m in g.get("measures", []))
    ]
    goal_part = share(len(complete), GOALS_TARGET)
    academic = share(sum(1 for g in complete if g.get("academic")), GOALS_TARGET)
    problems = theory_findings(
        profile.get("toa_if", ""), profile.get("toa_then", ""), profile.get("toa_and", "")
    )
    theory = share(3 - len(problems), 3)
    return mean([words, values, mean([goal_part, academic]), theory])


def needs(doc: PlanDoc) -> float:
    elements = float(any(e.get("checked") for e in doc.get("needs_elements", [])))
    profile = doc.get("profile", {})
    narratives = mean(
        [
            float(filled(profile.get("assessment_process"))),
            float(filled(profile.get("stakeholder_input"))),
        ]
    )
    swot = [s for s in doc.get("swot", []) if filled(s.get("text"))]
    kinds = share(len({s.get("kind") for s in swot}), 4)
    evidence = share(sum(1 for s in swot if filled(s.get("evidence"))), len(swot))
    leverage = float(filled(profile.get("leverage")))
    return mean([elements, narratives, mean([kinds, evidence]) if swot else 0.0, leverage])


def root_causes(doc: PlanDoc) -> float:
    fishbones = doc.get("fishbones", [])
    chains = doc.get("why_chains", [])
    if not fishbones and not chains:
        return 0.0
    causes = [cause for cause, _, _ in all_causes(doc)]
    roots = [c for c in causes if c.get("is_root")]
    chain_roots = [c for c in chains if c.get("steps") and filled(c["steps"][-1].get("text"))]
    explored = mean(
        [float(filled(f.get("problem"))) for f in fishbones]
        + [float(filled(c.get("symptom"))) for c in chains]
    )
    found = float(bool(roots or chain_roots))
    found_roots = roots + [c["steps"][-1] for c in chain_roots]
    evidence = share(sum(1 for r in found_roots if filled(r.get("evidence"))), len(found_roots))
    return mean([explored, found, evidence])


def priorities(doc: PlanDoc) -> float:
    items = doc.get("priorities", [])
    if not items:
        return 0.0
    titled = share(sum(1 for p in items if filled(p.get("title"))), len(items))
    roots = RootCauses.of(doc)
    linked = share(sum(1 for p in items if roots.linked_by(p)), len(items))
    return mean([1.0, titled, linked])


def _strategy_parts(strategy: dict[str, Any]) -> float:
    theory = share(
        3
        - len(
            theory_findings(
                strategy.get("if_text", ""),
                strategy.get("then_text", ""),
                strategy.get("and_text", ""),
            )
        ),
        3,
    )
    practice = float(practice_problem(strategy.get("practice_code")) is None)
    all_measures = strategy.get("measures") or []
    measures = share(
        sum(1 for m in all_measures if measure_complete(m, STRATEGY_MEASURE_YEARS)),
        len(all_measures),
    )
    milestones = strategy.get("milestones", [])
    actions = [a for m in milestones for a in m.get("actions", [])]
    planned = (
        share(
            sum(
                1
                for a in actions
                if (a.get("start") or a.get("due")) and filled(a.get("person_responsible"))
            ),
            len(actions),
        )
        if actions
        else 0.0
    )
    return mean([theory, practice, measures, float(bool(milestones)), planned])


def plan(doc: PlanDoc) -> float:
    items = doc.get("priorities", [])
    if not items:
        return 0.0
    per_priority = []
    for priority in items:
        strategies = priority.get("strategies", [])
        per_priority.append(mean(_strategy_parts(s) for s in strategies) if strategies else 0.0)
    return mean(per_priority)


def _actions(doc: PlanDoc) -> list[dict[str, Any]]:
    return [
        action
        for priority in doc.get("priorities", [])
        for strategy in priority.get("strategies", [])
        for milestone in strategy.get("milestones", [])
        for action in milestone.get("actions", [])
    ]


def monitoring(doc: PlanDoc) -> float:
    actions = _actions(doc)
    if not actions:
        return 0.0
    return share(sum(1 for a in actions if a.get("statuses")), len(actions))


def adjustments(doc: PlanDoc) -> float:
    entries = doc.get("adjustments", [])
    if not entries:
        return 0.0
    return _fraction(entries, "what_changed", "why", "decided_by", "communicated_to")


def review(doc: PlanDoc) -> float:
    ready = 1.0 if not readiness(doc) else 0.0
    status = STATUS_CREDIT.get(str(doc.get("profile", {}).get("status") or "draft"), 0.0)
    return mean([ready, status])


STEP_MEASURES = (
    school_and_team,
    direction,
    needs,
    root_causes,
    priorities,
    plan,
    monitoring,
    adjustments,
    review,
)


def completeness(doc: PlanDoc) -> dict[int, float]:
    """Each step's completeness, 0.0 … 1.0, for steps 0 (School & team) to 8 (Review)."""
    return {step: round(measure(doc), 4) for step, measure in enumerate(STEP_MEASURES)}


def percent(value: float) -> int:
    """A completeness as a whole percent, never showing 100 % for "nearly"."""
    whole = int(value * 100)
    return 100 if value >= 1.0 else min(whole, 99)


__all__ = ["STEP_MEASURES", "completeness", "percent"]
