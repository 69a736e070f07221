"""Readiness by profile (Tool A, Illinois), findings of one rule on one line, rating targets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sipdesk.models.plan_types import MeasureRow, PlanDoc
from sipdesk.services import checks
from sipdesk.services.findings import Finding, group_findings
from sipdesk.services.readiness_profiles import (
    RULES,
    UnknownProfileError,
    _profile,
    find_profile,
    known_profiles,
    profile_of,
)
from sipdesk.services.targets import has_rating, target_problems
from tests.records import complete
from tests.unit.test_checks import GOOD_MEASURE, _action_of, _plan, _strategy

TOOL_A, ILLINOIS = find_profile("tool-a"), find_profile("illinois")


def readiness(plan: dict[str, Any], profile: str = "tool-a") -> list[Finding]:
    return checks.readiness(complete(PlanDoc, plan), profile=find_profile(profile))


# --------------------------------------------------------------------- grouped findings
def _four_strategies_without_a_baseline() -> dict[str, Any]:
    """Two priorities of two strategies each; strategy 2.2 has a baseline, the rest lack one."""
    plan = _plan()
    first = plan["priorities"][0]
    strategy = _strategy(plan)
    strategies = []
    for n in range(4):
        copy = json.loads(json.dumps(strategy))
        copy["id"] = 100 + n
        copy["measures"][0].update(id=200 + n, baseline="" if n != 3 else "40 %")
        copy["milestones"][0].update(id=300 + n)
        copy["milestones"][0]["actions"][0].update(id=400 + n)
        strategies.append(copy)
    plan["priorities"] = [
        {**first, "id": 3, "strategies": strategies[:2]},
        {**first, "id": 4, "strategies": strategies[2:]},
    ]
    # a fifth, in a new priority 3, also without one: four are named
    extra = json.loads(json.dumps(strategies[0]))
    extra.update(id=110)
    extra["measures"][0].update(id=210)
    extra["milestones"][0].update(id=310)
    extra["milestones"][0]["actions"][0].update(id=410)
    plan["priorities"].append({**first, "id": 5, "strategies": [extra]})
    return plan


def test_four_measures_without_a_baseline_share_one_line_naming_each() -> None:
    found = readiness(_four_strategies_without_a_baseline())
    assert len(found) == 4 and all(f.message.endswith("needs a baseline.") for f in found)
    (line,) = group_findings(found)
    assert line.message == "4 strategy measures need a baseline: 1.1, 1.2, 2.1, 3.1."
    assert line.step == 5 and line.step_name == "Build the plan" and not line.single
    # each item is still there to go to, in order
    assert [f.item for f in line.findings] == [
        "measure:200",
        "measure:201",
        "measure:202",
        "measure:210",
    ]


def test_a_finding_alone_keeps_its_own_sentence_and_other_rules_their_own_lines() -> None:
    plan = _four_strategies_without_a_baseline()
    _action_of(plan)["person_responsible"] = ""
    plan["profile"]["vision"] = ""
    lines = group_findings(readiness(plan))
    assert [(line.step, line.message) for line in lines] == [
        (1, "Write the school's vision."),
        (5, "4 strategy measures need a baseline: 1.1, 1.2, 2.1, 3.1."),
        (5, "Action 1.1.1.1 needs a person responsible."),
    ]
    assert lines[0].single and lines[2].findings[0].item == "action:400"


def test_findings_without_a_rule_are_never_joined() -> None:
    same = [Finding(5, "strategy:1", "Check this."), Finding(5, "strategy:2", "Check this.")]
    assert [len(line.findings) for line in group_findings(same)] == [1, 1]


def test_a_measure_missing_three_things_gives_three_findings_that_group_apart() -> None:
    plan = _plan()
    _strategy(plan)["measures"][0].update(data_source="", baseline="")
    lines = group_findings(readiness(plan))
    assert [line.message for line in lines] == [
        "Strategy 1.1, measure 1 needs a data source.",
        "Strategy 1.1, measure 1 needs a baseline.",
    ]


# --------------------------------------------------------------------- rating targets
@pytest.mark.parametrize(
    "target",
    [
        "Meets by spring 2027",
        "Exceeds Expected Growth in 2026–27",
        "4 stars by June 2027",
        "Level 3 by the end of the school year",
        "★★★★ by 2027",
        "Met Expected Growth, SY 2026-27",
    ],
)
def test_a_rating_target_with_a_rating_and_a_time_is_smart(target: str) -> None:
    assert target_problems(target, rating=True) == []


@pytest.mark.parametrize(
    ("target", "missing"),
    [
        ("Exceeds Expected Growth", ["a time"]),
        ("by June 2027", ["a rating to reach (such as “Meets” or a number of stars)"]),
        ("to be rated by 2027", ["a rating to reach (such as “Meets” or a number of stars)"]),
    ],
)
def test_a_rating_target_names_what_it_lacks(target: str, missing: list[str]) -> None:
    assert target_problems(target, rating=True) == missing


def test_a_measure_with_rating_targets_needs_no_number() -> None:
    rating = {**GOOD_MEASURE, "target_y1": "Meets by spring 2027", "target_type": "rating"}
    assert checks.smart_findings(complete(MeasureRow, rating), 1) == []
    # the same target on a number measure still asks for a number
    number = {**rating, "target_type": "number"}
    asks_for_a_number = [
        "a number to reach (a count or percentage, not a date or grade) in the year 1 target"
    ]
    assert checks.smart_findings(complete(MeasureRow, number), 1) == asks_for_a_number
    # and a measure from before target types had numbers
    del number["target_type"]
    assert checks.smart_findings(complete(MeasureRow, number), 1) == asks_for_a_number
    assert not has_rating("") and not has_rating("in 2027")


def test_a_plan_with_a_rating_goal_measure_is_ready() -> None:
    plan = _plan()
    plan["goals"][1]["measures"][0].update(
        target_type="rating",
        target_y1="Meets Expected Growth by June 2027",
        target_y2="Exceeds Expected Growth by June 2028",
        target_y3="Exceeds Expected Growth by June 2029",
    )
    assert readiness(plan) == []
    plan["goals"][1]["measures"][0]["target_y2"] = "by June 2028"
    assert [f.message for f in readiness(plan)] == [
        "Write at least two goals, each with a complete measure.",
        "At least two goals with complete measures should be academic.",
        "Goal 2 “Math”, measure 1 needs a rating to reach (such as “Meets” or a number of "
        "stars) in the year 2 target.",
    ]


# --------------------------------------------------------------------- profiles
def test_the_shipped_profiles_load_with_plain_names_and_known_rules() -> None:
    profiles = known_profiles()
    assert [p.key for p in profiles] == ["tool-a", "illinois"]
    assert [p.name for p in profiles] == ["Tool A", "Illinois (ISBE)"]
    for profile in profiles:
        assert profile.about and set(profile.rules) <= set(RULES)
    assert ILLINOIS.number("goals", "academic", 0) == 2
    assert TOOL_A.applies("practice_code") and not ILLINOIS.applies("practice_code")


def test_a_profile_is_found_by_key_or_name_in_any_case() -> None:
    assert find_profile("") is TOOL_A
    assert find_profile("ILLINOIS") is ILLINOIS
    assert find_profile("  illinois (isbe) ") is ILLINOIS


def test_an_unknown_profile_is_one_sentence_naming_the_known_ones() -> None:
    with pytest.raises(UnknownProfileError) as raised:
        find_profile("Ohio")
    assert str(raised.value) == (
        "there is no readiness profile called “Ohio”; the profiles are “tool-a” for Tool A "
        "and “illinois” for Illinois (ISBE)"
    )


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"name": "X"},
        {"rules": {"sparkle": {}}},
        {"rules": {"goals": 2}},
        {"rules": {"sections": {"required": ["motto"]}}},
    ],
)
def test_a_profile_file_of_the_wrong_shape_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        _profile("broken", data)


def test_the_plan_names_its_profile() -> None:
    assert profile_of({"readiness_profile": "illinois"}) is ILLINOIS
    assert profile_of({"readiness_profile": ""}) is TOOL_A
    assert profile_of({}) is TOOL_A  # a plan from before profiles
    assert profile_of({"readiness_profile": "gone"}) is TOOL_A
    plan = _plan()
    plan["profile"]["readiness_profile"] = "illinois"
    by_plan = checks.readiness(complete(PlanDoc, plan))
    assert by_plan == readiness(plan, "illinois") != []


def _illinois_complete() -> dict[str, Any]:
    plan = _plan()
    strategy = _strategy(plan)
    strategy.update(
        evidence_base="Small-group instruction: strong evidence (What Works Clearinghouse)",
        learning_needs="Two days of training on the routine, then weekly coaching",
    )
    strategy["measures"][0]["kind"] = "interim"
    _action_of(plan)["funding_source"] = "Title I, Part A"
    milestone = strategy["milestones"][0]
    milestone["actions"].append(
        {
            "id": 10,
            "text": "Present the plan to families at the fall open house",
            "start": "2026-09-10",
            "person_responsible": "Principal",
            "budget_cents": 0,
            "recurrence": "once",
        }
    )
    return plan


def test_a_plan_ready_for_tool_a_lacks_what_illinois_asks_for() -> None:
    plan = _plan()
    assert readiness(plan) == []
    found = readiness(plan, "illinois")
    assert [(f.step, f.item, f.rule) for f in found] == [
        (1, "goals", "local_assessment"),
        (5, "strategy:5", "evidence_base"),
        (5, "strategy:5", "learning_needs"),
        (5, "action:9", "funding"),
        (5, "", "communication"),
    ]


def test_a_plan_complete_for_illinois_is_ready_and_fails_without_its_communication() -> None:
    plan = _illinois_complete()
    assert readiness(plan, "illinois") == []
    assert readiness(plan) == []  # and still for Tool A
    del _strategy(plan)["milestones"][0]["actions"][1]
    assert readiness(plan) == []
    assert readiness(plan, "illinois") == [
        Finding(
            5,
            "",
            "Say how the plan will reach staff, families and the community: add an action "
            "for it (a staff meeting, a letter or night for families, the school website).",
        )
    ]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (lambda p: _strategy(p).update(evidence_base=" "), "evidence_base"),
        (lambda p: _strategy(p).update(learning_needs=""), "learning_needs"),
        (lambda p: _action_of(p).update(funding_source=""), "funding"),
        (lambda p: _strategy(p)["measures"][0].update(kind="outcome"), "local_assessment"),
        (lambda p: _action_of(p).update(person_responsible=""), "owners"),
        (lambda p: p["goals"][0]["measures"][0].update(monitored=False), "monitoring"),
    ],
)
def test_each_illinois_requirement_left_out_is_one_finding(change: Any, rule: str) -> None:
    plan = _illinois_complete()
    change(plan)
    assert [f.rule for f in readiness(plan, "illinois")] == [rule]


def test_illinois_does_not_ask_for_what_tool_a_alone_asks_for() -> None:
    plan = _illinois_complete()
    _strategy(plan)["practice_code"] = ""
    plan["profile"].update(vision="", mission="")
    assert readiness(plan, "illinois") == []
    assert {f.rule for f in readiness(plan)} == {
        "practice_code:missing",
        "section:vision",
        "section:mission",
    }
