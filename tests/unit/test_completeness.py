"""Step completeness for the navigator: pure functions of the plan snapshot."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipdesk.models.plan_types import PlanDoc
from sipdesk.paths import resource_path
from sipdesk.services import completeness as steps
from sipdesk.services.completeness import PROFILE_FIELDS, percent
from tests.records import complete


def completeness(doc: dict[str, Any]) -> dict[int, float]:
    """Each step's completeness of a plan that names only what the test is about (the rest
    blank, as in a plan read from a file)."""
    return steps.completeness(complete(PlanDoc, doc))


EMPTY: dict[str, Any] = {
    "profile": {"status": "draft", "plan_years": 3},
    "team": [],
    "signatures": [],
    "core_values": [],
    "goals": [],
    "glossary": [],
    "needs_elements": [],
    "swot": [],
    "fishbones": [],
    "why_chains": [],
    "priorities": [],
    "supports": [],
    "adjustments": [],
    "review_comments": [],
    "status_history": [],
}


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    data = json.loads(resource_path("sample-plan.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("format", "format_version")}


def complete_measure(**overrides: str) -> dict[str, Any]:
    measure: dict[str, Any] = {
        "id": len(overrides) + 1,
        "indicator": "Students reading on grade level",
        "data_source": "Spring screener",
        "baseline": "41% in spring 2026",
        "target_y1": "50% by spring 2027",
        "target_y2": "58% by spring 2028",
        "target_y3": "65% by spring 2029",
    }
    measure.update(overrides)
    return measure


def test_an_empty_plan_has_nothing_done_anywhere() -> None:
    # Given a plan with nothing in it / When completeness is worked out
    result = completeness(EMPTY)
    # Then every step 0..8 is present and at zero
    assert result == {step: 0.0 for step in range(9)}


def test_the_sample_plan_is_complete_through_building_the_plan(sample: dict[str, Any]) -> None:
    result = completeness(sample)
    assert [result[step] for step in range(6)] == [1.0] * 6
    assert all(0.0 <= value <= 1.0 for value in result.values())


def test_school_step_counts_fields_team_and_signatures() -> None:
    # Given half the at-a-glance fields, one team member with a role, no signatures
    doc = copy.deepcopy(EMPTY)
    half = PROFILE_FIELDS[: len(PROFILE_FIELDS) // 2]
    doc["profile"].update({field: "x" for field in half})
    doc["team"] = [{"name": "Ana", "title": "Principal", "plan_role": "Lead"}]
    # When
    value = completeness(doc)[0]
    # Then it is the mean of fields (6/13), team ((1/3 + 1) / 2) and signatures (0)
    expected = (len(half) / len(PROFILE_FIELDS) + (1 / 3 + 1) / 2 + 0) / 3
    assert value == pytest.approx(expected, abs=1e-3)


def test_a_signature_counts_only_once_signed_and_dated() -> None:
    doc = copy.deepcopy(EMPTY)
    doc["signatures"] = [{"name": "Ana", "signed_on": None}]
    unsigned = completeness(doc)[0]
    doc["signatures"][0]["signed_on"] = "2026-09-01"
    assert completeness(doc)[0] > unsigned


def test_direction_needs_two_complete_academic_goals_and_a_full_theory() -> None:
    doc = copy.deepcopy(EMPTY)
    doc["profile"].update(
        vision="Every child reads",
        mission="We teach well",
        toa_if="build one shared way of teaching reading",
        toa_then="teachers will use common routines every day",
        toa_and="more students will read on grade level",
    )
    doc["core_values"] = [{"text": "Belonging"}]
    doc["goals"] = [
        {"id": 1, "text": "Reading", "academic": True, "measures": [complete_measure()]},
    ]
    one_goal = completeness(doc)[1]
    doc["goals"].append(
        {"id": 2, "text": "Math", "academic": True, "measures": [complete_measure()]}
    )
    assert completeness(doc)[1] == 1.0
    assert one_goal == pytest.approx((1 + 1 + (0.5 + 0.5) / 2 + 1) / 4)


def test_an_unmeasurable_target_keeps_a_goal_from_counting() -> None:
    doc = copy.deepcopy(EMPTY)
    doc["goals"] = [
        {
            "id": 1,
            "text": "Reading",
            "academic": True,
            "measures": [complete_measure(target_y1="more")],
        },
        {
            "id": 2,
            "text": "Math",
            "academic": True,
            "measures": [complete_measure(target_y2="better")],
        },
    ]
    # "more" has no number: the goals count only once the measure is SMART
    assert completeness(doc)[1] == 0.0
    doc["goals"][0]["measures"][0]["target_y1"] = "50% by 2027"
    assert completeness(doc)[1] > 0.0


def test_needs_step_rewards_all_four_swot_quadrants_with_evidence() -> None:
    doc = copy.deepcopy(EMPTY)
    doc["swot"] = [{"kind": "strength", "text": "Caring staff", "evidence": ""}]
    one = completeness(doc)[2]
    doc["swot"] += [
        {"kind": kind, "text": "Something", "evidence": "Survey 2026"}
        for kind in ("weakness", "opportunity", "threat")
    ]
    doc["swot"][0]["evidence"] = "Family survey"
    four = completeness(doc)[2]
    assert 0.0 < one < four
    assert four == pytest.approx(0.25)  # the checklist, narratives and leverage are still empty


def test_review_gives_credit_for_readiness_and_approval(sample: dict[str, Any]) -> None:
    doc = copy.deepcopy(sample)
    doc["profile"]["status"] = "approved"
    assert completeness(doc)[8] == 1.0
    doc["profile"]["status"] = "draft"
    assert completeness(doc)[8] == 0.5


def test_monitoring_is_the_share_of_actions_with_a_status() -> None:
    doc = copy.deepcopy(EMPTY)
    actions = [
        {"id": 1, "statuses": [{"month": "2026-09", "status": "on_track"}]},
        {"id": 2, "statuses": []},
    ]
    milestone = {"id": 1, "actions": actions}
    doc["priorities"] = [{"id": 1, "strategies": [{"id": 1, "milestones": [milestone]}]}]
    assert completeness(doc)[6] == 0.5


@given(st.sets(st.sampled_from(PROFILE_FIELDS)), st.sampled_from(PROFILE_FIELDS))
def test_filling_in_a_field_never_lowers_completeness(filled: set[str], extra: str) -> None:
    doc = copy.deepcopy(EMPTY)
    doc["profile"].update({field: "x" for field in filled})
    before = completeness(doc)
    doc["profile"][extra] = "filled"
    after = completeness(doc)
    assert all(after[step] >= before[step] for step in range(9))
    assert all(0.0 <= v <= 1.0 for v in after.values())


@pytest.mark.parametrize(
    ("value", "shown"), [(0.0, 0), (0.5, 50), (0.994, 99), (0.9999, 99), (1.0, 100)]
)
def test_percent_never_rounds_up_to_done(value: float, shown: int) -> None:
    assert percent(value) == shown


def _one_strategy_plan(**strategy: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EMPTY)
    action = {"id": 1, "start": "2026-09-01", "person_responsible": "Ms. Diaz", "statuses": []}
    doc["priorities"] = [
        {
            "id": 1,
            "title": "Reading",
            "links": [],
            "strategies": [
                {
                    "id": 1,
                    "if_text": "we coach teachers weekly in teams",
                    "then_text": "teachers plan small-group reading lessons",
                    "and_text": "students read on grade level",
                    "practice_code": "3a",
                    "measures": [complete_measure()],
                    "milestones": [{"id": 1, "actions": [action]}],
                    **strategy,
                }
            ],
        }
    ]
    return doc


def test_building_the_plan_counts_only_real_practices_and_complete_measures() -> None:
    assert completeness(_one_strategy_plan())[5] == 1.0
    # A code outside the twelve practices counts as no code
    assert completeness(_one_strategy_plan(practice_code="zz"))[5] == pytest.approx(0.8)
    # A measure whose year 1 target is only a year is not yet complete
    year_only = [complete_measure(target_y1="2027", target_y3="")]
    assert completeness(_one_strategy_plan(measures=year_only))[5] == pytest.approx(0.8)
    # One of two measures complete: half the credit for measures
    half = [complete_measure(), complete_measure(data_source="")]
    assert completeness(_one_strategy_plan(measures=half))[5] == pytest.approx(0.9)
    # A strategy measure needs a target for each year of the plan's span, as a goal's does
    half = [complete_measure(), complete_measure(target_y3="")]
    assert completeness(_one_strategy_plan(measures=half))[5] == pytest.approx(0.9)


def test_a_priority_counts_as_linked_only_through_a_root_cause() -> None:
    doc = _one_strategy_plan()
    doc["fishbones"] = [
        {
            "id": 1,
            "problem": "Students read below grade level",
            "categories": [
                {
                    "id": 1,
                    "name": "Instruction",
                    "causes": [
                        {"id": 4, "text": "No shared routine", "is_root": True, "causes": []},
                        {"id": 6, "text": "Old books", "is_root": False, "causes": []},
                    ],
                }
            ],
        }
    ]
    doc["why_chains"] = [{"id": 9, "symptom": "Low attendance", "steps": []}]
    priority = doc["priorities"][0]
    for links in ([{"cause_id": 6}], [{"chain_id": 9}], [{"weakness_id": 2}]):
        priority["links"] = links
        assert completeness(doc)[4] == pytest.approx(2 / 3, abs=1e-3), links
    for links in ([{"cause_id": 4}], [{"cause_id": 6}, {"cause_id": 4}]):
        priority["links"] = links
        assert completeness(doc)[4] == 1.0, links
    doc["why_chains"][0]["steps"] = [{"text": "No one calls home", "evidence": ""}]
    priority["links"] = [{"chain_id": 9}]
    assert completeness(doc)[4] == 1.0
