"""How far along each wizard step is, from 0.0 (nothing yet) to 1.0 (done), for the navigator.

Works on the plain snapshot of :func:`sipdesk.services.snapshot.read_plan`. Each step is the
mean of a few *parts*, each itself 0..1, so a step never looks finished while one of its main
pieces is still empty. The parts follow what the plan template asks for and what
:func:`sipdesk.services.checks.readiness` reports, but completeness is encouragement, not a
verdict: plan health is where the exact gaps are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sipdesk.models.walk import all_causes
from sipdesk.services.checks import (
    RootCauses,
    measure_complete,
    practice_problem,
    readiness,
    target_years,
    theory_findings,
)

if TYPE_CHECKING:
    from sipdesk.models.plan_types import ActionRow, PlanDoc, StrategyRow
    from sipdesk.services.readiness_profiles import ReadinessProfile

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


def _fraction(items: Sequence[Mapping[str, Any]], *fields: str) -> float:
    """The share of the fields of ``items`` that are filled in (0.0 with no items)."""
    total = len(items) * len(fields)
    return share(sum(1 for item in items for f in fields if filled(item[f])), total)


def school_and_team(doc: PlanDoc) -> float:
    profile: Mapping[str, Any] = doc["profile"]
    fields = share(sum(1 for f in PROFILE_FIELDS if filled(profile[f])), len(PROFILE_FIELDS))
    team = [m for m in doc["team"] if filled(m["name"])]
    members = share(len(team), TEAM_TARGET)
    roles = _fraction(team, "title", "plan_role") if team else 0.0
    signatures = doc["signatures"]
    signed = share(
        sum(1 for s in signatures if filled(s["name"]) and s["signed_on"]),
        len(signatures),
    )
    return mean([fields, mean([members, roles]), signed])


def direction(doc: PlanDoc) -> float:
    profile = doc["profile"]
    words = mean([float(filled(profile["vision"])), float(filled(profile["mission"]))])
    values = float(any(filled(v["text"]) for v in doc["core_values"]))
    goals = doc["goals"]
    years = target_years(profile)
    complete = [
        g
        for g in goals
        if filled(g["text"]) and any(measure_complete(m, years) for m in g["measures"])
    ]
    goal_part = share(len(complete), GOALS_TARGET)
    academic = share(sum(1 for g in complete if g["academic"]), GOALS_TARGET)
    problems = theory_findings(profile["toa_if"], profile["toa_then"], profile["toa_and"])
    theory = share(3 - len(problems), 3)
    return mean([words, values, mean([goal_part, academic]), theory])


def needs(doc: PlanDoc) -> float:
    elements = float(any(e["checked"] for e in doc["needs_elements"]))
    profile = doc["profile"]
    narratives = mean(
        [
            float(filled(profile["assessment_process"])),
            float(filled(profile["stakeholder_input"])),
        ]
    )
    swot = [s for s in doc["swot"] if filled(s["text"])]
    kinds = share(len({s["kind"] for s in swot}), 4)
    evidence = share(sum(1 for s in swot if filled(s["evidence"])), len(swot))
    leverage = float(filled(profile["leverage"]))
    return mean([elements, narratives, mean([kinds, evidence]) if swot else 0.0, leverage])


def root_causes(doc: PlanDoc) -> float:
    fishbones = doc["fishbones"]
    chains = doc["why_chains"]
    if not fishbones and not chains:
        return 0.0
    causes = [cause for cause, _, _ in all_causes(doc)]
    roots = [c for c in causes if c["is_root"]]
    chain_roots = [c for c in chains if c["steps"] and filled(c["steps"][-1]["text"])]
    explored = mean(
        [float(filled(f["problem"])) for f in fishbones]
        + [float(filled(c["symptom"])) for c in chains]
    )
    found = float(bool(roots or chain_roots))
    # A fishbone cause or a chain's last step: each has its evidence.
    evidence = share(
        sum(1 for r in roots if filled(r["evidence"]))
        + sum(1 for c in chain_roots if filled(c["steps"][-1]["evidence"])),
        len(roots) + len(chain_roots),
    )
    return mean([explored, found, evidence])


def priorities(doc: PlanDoc) -> float:
    items = doc["priorities"]
    if not items:
        return 0.0
    titled = share(sum(1 for p in items if filled(p["title"])), len(items))
    roots = RootCauses.of(doc)
    linked = share(sum(1 for p in items if roots.linked_by(p)), len(items))
    return mean([1.0, titled, linked])


def _strategy_parts(strategy: StrategyRow, years: int) -> float:
    theory = share(
        3 - len(theory_findings(strategy["if_text"], strategy["then_text"], strategy["and_text"])),
        3,
    )
    practice = float(practice_problem(strategy["practice_code"]) is None)
    all_measures = strategy["measures"]
    measures = share(
        sum(1 for m in all_measures if measure_complete(m, years)),
        len(all_measures),
    )
    milestones = strategy["milestones"]
    actions = [a for m in milestones for a in m["actions"]]
    planned = (
        share(
            sum(1 for a in actions if (a["start"] or a["due"]) and filled(a["person_responsible"])),
            len(actions),
        )
        if actions
        else 0.0
    )
    return mean([theory, practice, measures, float(bool(milestones)), planned])


def plan(doc: PlanDoc) -> float:
    items = doc["priorities"]
    if not items:
        return 0.0
    per_priority = []
    years = target_years(doc["profile"])
    for priority in items:
        strategies = priority["strategies"]
        per_priority.append(
            mean(_strategy_parts(s, years) for s in strategies) if strategies else 0.0
        )
    return mean(per_priority)


def _actions(doc: PlanDoc) -> list[ActionRow]:
    return [
        action
        for priority in doc["priorities"]
        for strategy in priority["strategies"]
        for milestone in strategy["milestones"]
        for action in milestone["actions"]
    ]


def monitoring(doc: PlanDoc) -> float:
    actions = _actions(doc)
    if not actions:
        return 0.0
    return share(sum(1 for a in actions if a["statuses"]), len(actions))


def adjustments(doc: PlanDoc) -> float:
    entries = doc["adjustments"]
    if not entries:
        return 0.0
    return _fraction(entries, "what_changed", "why", "decided_by", "communicated_to")


def review(doc: PlanDoc, profile: ReadinessProfile | None = None) -> float:
    ready = 1.0 if not readiness(doc, profile=profile) else 0.0
    status = STATUS_CREDIT.get(doc["profile"]["status"], 0.0)
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


def completeness(doc: PlanDoc, profile: ReadinessProfile | None = None) -> dict[int, float]:
    """Each step's completeness, 0.0 … 1.0, for steps 0 (School & team) to 8 (Review);
    ``profile`` is what the plan is checked by (by default the one the plan names)."""
    return {
        step: round(review(doc, profile) if measure is review else measure(doc), 4)
        for step, measure in enumerate(STEP_MEASURES)
    }


def percent(value: float) -> int:
    """A completeness as a whole percent, never showing 100 % for "nearly"."""
    whole = int(value * 100)
    return 100 if value >= 1.0 else min(whole, 99)


__all__ = ["STEP_MEASURES", "completeness", "percent"]
