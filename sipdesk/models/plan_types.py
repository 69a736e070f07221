"""The plan as read from the file (:func:`sipdesk.services.snapshot.read_plan`), as typed records.

One ``TypedDict`` per node of :mod:`sipdesk.models.tree`, the one description of the plan's
shape: each record has a key for every column the node writes (:meth:`Node.fields`) and one
for each list nested in it, and no other. The snapshot itself stays plain dicts and lists
(reading a big plan makes a million of them; these types cost nothing at run time), so the
records are for the type checker: a misspelt key or a wrong kind of value is an error before
anything runs, and every key is read-only, as a plan read is never changed in place (the
next edit reads the plan afresh).

Every key is always present in a snapshot, so read fields with ``row["field"]``; ``.get`` is
for documents from outside (an imported JSON file), which are not these records.

Values are as :func:`sipdesk.services.snapshot.to_plain` gives them and as the file's
checks on opening allow (:mod:`sipdesk.models.domains`): dates as ISO text, months as
"YYYY-MM", the columns with a fixed set of values as those values.

``tests/unit/test_plan_types.py`` fails when these records and the tree drift apart (a
column added, removed or changed in kind on one side only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict

from typing_extensions import ReadOnly  # typing.ReadOnly from Python 3.13 on

IsoDate = str  # "2026-09-15"
PlanId = str  # "0f8fad5b-d9cb-469f-a165-70867728950e" (a UUID, lowercase)
IsoDateTime = str  # "2026-09-15T14:30:00"
Month = str  # "2026-09" (the profile's first month may also be "")
SwotKind = Literal["strength", "weakness", "opportunity", "threat"]
MilestoneKind = Literal["process", "early_evidence"]
Recurrence = Literal["once", "daily", "weekly", "monthly", "each cycle"]
MeasureKind = Literal["outcome", "interim", "implementation"]
TargetType = Literal["number", "rating"]
ActionState = Literal["not_started", "on_track", "behind", "done"]
PlanStatus = Literal["draft", "submitted", "returned", "approved"]
PlanPhase = Literal["", "planning", "implementation"]


class TeamMemberRow(TypedDict):
    """A row of ``team_members``."""

    id: ReadOnly[int]
    name: ReadOnly[str]
    title: ReadOnly[str]
    plan_role: ReadOnly[str]


class SignatureRow(TypedDict):
    """A row of ``signatures``."""

    id: ReadOnly[int]
    member_id: ReadOnly[int | None]
    name: ReadOnly[str]
    title: ReadOnly[str]
    plan_role: ReadOnly[str]
    signed_on: ReadOnly[IsoDate | None]


class CoreValueRow(TypedDict):
    """A row of ``core_values``."""

    id: ReadOnly[int]
    text: ReadOnly[str]


class GoalRow(TypedDict):
    """A row of ``goals``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    explanation: ReadOnly[str]
    academic: ReadOnly[bool]
    measures: ReadOnly[Sequence[MeasureRow]]


class MeasureRow(TypedDict):
    """A row of ``measures``."""

    id: ReadOnly[int]
    kind: ReadOnly[MeasureKind]
    indicator: ReadOnly[str]
    data_source: ReadOnly[str]
    baseline: ReadOnly[str]
    target_type: ReadOnly[TargetType]
    target_y1: ReadOnly[str]
    target_y2: ReadOnly[str]
    target_y3: ReadOnly[str]
    target_y4: ReadOnly[str]
    target_y5: ReadOnly[str]
    monitored: ReadOnly[bool]
    groups: ReadOnly[Sequence[MeasureGroupRow]]
    results: ReadOnly[Sequence[MeasureResultRow]]


class MeasureGroupRow(TypedDict):
    """A row of ``measure_groups``: ``targets`` holds ``target_y1`` … ``target_y5`` in order,
    the blank ones at the end left out (the tree's packed key)."""

    id: ReadOnly[int]
    group: ReadOnly[str]
    data_source: ReadOnly[str]
    baseline: ReadOnly[str]
    targets: ReadOnly[Sequence[str]]


class MeasureResultRow(TypedDict):
    """A row of ``measure_results``."""

    id: ReadOnly[int]
    year: ReadOnly[int]
    progress: ReadOnly[str]
    explanation: ReadOnly[str]


class GlossaryTermRow(TypedDict):
    """A row of ``glossary_terms``."""

    id: ReadOnly[int]
    term: ReadOnly[str]
    meaning: ReadOnly[str]


class NeedsElementRow(TypedDict):
    """A row of ``needs_elements``."""

    id: ReadOnly[int]
    key: ReadOnly[str]
    checked: ReadOnly[bool]
    other_text: ReadOnly[str]


class SwotItemRow(TypedDict):
    """A row of ``swot_items``."""

    id: ReadOnly[int]
    kind: ReadOnly[SwotKind]
    text: ReadOnly[str]
    evidence: ReadOnly[str]
    contributed_by: ReadOnly[str]


class FishboneRow(TypedDict):
    """A row of ``fishbones``."""

    id: ReadOnly[int]
    problem: ReadOnly[str]
    weakness_id: ReadOnly[int | None]
    categories: ReadOnly[Sequence[FishboneCategoryRow]]


class FishboneCategoryRow(TypedDict):
    """A row of ``fishbone_categories``."""

    id: ReadOnly[int]
    name: ReadOnly[str]
    causes: ReadOnly[Sequence[CauseRow]]


class CauseRow(TypedDict):
    """A row of ``causes``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    evidence: ReadOnly[str]
    actionable: ReadOnly[bool]
    is_root: ReadOnly[bool]
    votes: ReadOnly[int]
    contributed_by: ReadOnly[str]
    causes: ReadOnly[Sequence[CauseRow]]
    dot_votes: ReadOnly[Sequence[DotVoteRow]]


class DotVoteRow(TypedDict):
    """A row of ``dot_votes``."""

    id: ReadOnly[int]
    member_id: ReadOnly[int]
    dots: ReadOnly[int]


class WhyChainRow(TypedDict):
    """A row of ``why_chains``."""

    id: ReadOnly[int]
    symptom: ReadOnly[str]
    actionable: ReadOnly[bool]
    weakness_id: ReadOnly[int | None]
    cause_id: ReadOnly[int | None]
    steps: ReadOnly[Sequence[WhyStepRow]]


class WhyStepRow(TypedDict):
    """A row of ``why_steps``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    evidence: ReadOnly[str]
    contributed_by: ReadOnly[str]


class PriorityRow(TypedDict):
    """A row of ``priorities``."""

    id: ReadOnly[int]
    title: ReadOnly[str]
    description: ReadOnly[str]
    links: ReadOnly[Sequence[PriorityLinkRow]]
    measures: ReadOnly[Sequence[MeasureRow]]
    strategies: ReadOnly[Sequence[StrategyRow]]


class PriorityLinkRow(TypedDict):
    """A row of ``priority_links``."""

    id: ReadOnly[int]
    cause_id: ReadOnly[int | None]
    chain_id: ReadOnly[int | None]
    weakness_id: ReadOnly[int | None]


class StrategyRow(TypedDict):
    """A row of ``strategies``."""

    id: ReadOnly[int]
    if_text: ReadOnly[str]
    then_text: ReadOnly[str]
    and_text: ReadOnly[str]
    practice_code: ReadOnly[str]
    evidence_base: ReadOnly[str]
    learning_needs: ReadOnly[str]
    students: ReadOnly[str]
    category: ReadOnly[str]
    measures: ReadOnly[Sequence[MeasureRow]]
    milestones: ReadOnly[Sequence[MilestoneRow]]
    reports: ReadOnly[Sequence[StrategyReportRow]]


class MilestoneRow(TypedDict):
    """A row of ``milestones``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    timeline: ReadOnly[str]
    kind: ReadOnly[MilestoneKind]
    actions: ReadOnly[Sequence[ActionRow]]
    reports: ReadOnly[Sequence[MilestoneReportRow]]


class ActionRow(TypedDict):
    """A row of ``actions``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    outputs: ReadOnly[str]
    start: ReadOnly[IsoDate | None]
    due: ReadOnly[IsoDate | None]
    budget_cents: ReadOnly[int | None]
    funding_source: ReadOnly[str]
    person_responsible: ReadOnly[str]
    collaborators: ReadOnly[str]
    recurrence: ReadOnly[Recurrence]
    schedule: ReadOnly[str]
    statuses: ReadOnly[Sequence[ActionStatusRow]]


class ActionStatusRow(TypedDict):
    """A row of ``action_statuses``."""

    id: ReadOnly[int]
    month: ReadOnly[Month]
    status: ReadOnly[ActionState]
    note: ReadOnly[str]


class MilestoneReportRow(TypedDict):
    """A row of ``milestone_reports``."""

    id: ReadOnly[int]
    quarter: ReadOnly[int]
    outputs_completed: ReadOnly[str]
    cause_and_adjustments: ReadOnly[str]
    resources_used: ReadOnly[str]
    comments: ReadOnly[str]


class StrategyReportRow(TypedDict):
    """A row of ``strategy_reports``."""

    id: ReadOnly[int]
    semester: ReadOnly[int]
    cause_and_adjustments: ReadOnly[str]


class SupportRow(TypedDict):
    """A row of ``supports``."""

    id: ReadOnly[int]
    strategy_id: ReadOnly[int | None]
    needed: ReadOnly[str]
    provided: ReadOnly[str]
    provider: ReadOnly[str]
    how_used: ReadOnly[str]
    effectiveness: ReadOnly[str]
    pack_level: ReadOnly[str]
    pack_provider: ReadOnly[str]
    pack_service: ReadOnly[str]


class AdjustmentRow(TypedDict):
    """A row of ``adjustments``."""

    id: ReadOnly[int]
    made_on: ReadOnly[IsoDate | None]
    action_id: ReadOnly[int | None]
    what_changed: ReadOnly[str]
    why: ReadOnly[str]
    decided_by: ReadOnly[str]
    communicated_to: ReadOnly[str]


class ReviewCommentRow(TypedDict):
    """A row of ``review_comments``."""

    id: ReadOnly[int]
    step: ReadOnly[int]
    item: ReadOnly[str]
    author: ReadOnly[str]
    body: ReadOnly[str]
    created_at: ReadOnly[IsoDateTime | None]
    resolved: ReadOnly[bool]


class StatusEventRow(TypedDict):
    """A row of ``status_events``."""

    id: ReadOnly[int]
    status: ReadOnly[PlanStatus]
    by: ReadOnly[str]
    at: ReadOnly[IsoDateTime | None]
    note: ReadOnly[str]


class AgendaSegmentRow(TypedDict):
    """A row of ``agenda_segments``."""

    id: ReadOnly[int]
    title: ReadOnly[str]
    minutes: ReadOnly[int]


class ParkedIdeaRow(TypedDict):
    """A row of ``parked_ideas``."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    step: ReadOnly[int]
    raised_on: ReadOnly[IsoDate | None]
    done: ReadOnly[bool]


class CycleRow(TypedDict):
    """A row of ``cycles``."""

    id: ReadOnly[int]
    name: ReadOnly[str]
    start: ReadOnly[Month]
    end: ReadOnly[Month]


class ProfileRow(TypedDict):
    plan_id: ReadOnly[PlanId]
    school_name: ReadOnly[str]
    plan_date: ReadOnly[IsoDate | None]
    update_date: ReadOnly[IsoDate | None]
    update_summary: ReadOnly[str]
    essa_status: ReadOnly[str]
    city_county: ReadOnly[str]
    zip_code: ReadOnly[str]
    phone: ReadOnly[str]
    principal: ReadOnly[str]
    contact: ReadOnly[str]
    district: ReadOnly[str]
    superintendent: ReadOnly[str]
    district_liaison: ReadOnly[str]
    federal_designation: ReadOnly[str]
    title_i_status: ReadOnly[str]
    first_month: ReadOnly[Month]
    school_year: ReadOnly[str]
    plan_years: ReadOnly[int]
    state_school_id: ReadOnly[str]
    state_district_id: ReadOnly[str]
    state_status: ReadOnly[str]
    readiness_profile: ReadOnly[str]
    state_pack: ReadOnly[str]
    designation_year: ReadOnly[str]
    plan_phase: ReadOnly[PlanPhase]
    implementation_year: ReadOnly[int | None]
    vision: ReadOnly[str]
    mission: ReadOnly[str]
    toa_if: ReadOnly[str]
    toa_then: ReadOnly[str]
    toa_and: ReadOnly[str]
    assessment_process: ReadOnly[str]
    stakeholder_input: ReadOnly[str]
    leverage: ReadOnly[str]
    dots_per_member: ReadOnly[int]
    status: ReadOnly[PlanStatus]


class PlanDoc(TypedDict):
    profile: ReadOnly[ProfileRow]
    team: ReadOnly[Sequence[TeamMemberRow]]
    signatures: ReadOnly[Sequence[SignatureRow]]
    core_values: ReadOnly[Sequence[CoreValueRow]]
    goals: ReadOnly[Sequence[GoalRow]]
    glossary: ReadOnly[Sequence[GlossaryTermRow]]
    needs_elements: ReadOnly[Sequence[NeedsElementRow]]
    swot: ReadOnly[Sequence[SwotItemRow]]
    fishbones: ReadOnly[Sequence[FishboneRow]]
    why_chains: ReadOnly[Sequence[WhyChainRow]]
    priorities: ReadOnly[Sequence[PriorityRow]]
    supports: ReadOnly[Sequence[SupportRow]]
    adjustments: ReadOnly[Sequence[AdjustmentRow]]
    review_comments: ReadOnly[Sequence[ReviewCommentRow]]
    status_history: ReadOnly[Sequence[StatusEventRow]]
    agenda: ReadOnly[Sequence[AgendaSegmentRow]]
    parking_lot: ReadOnly[Sequence[ParkedIdeaRow]]
    cycles: ReadOnly[Sequence[CycleRow]]
