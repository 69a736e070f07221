"""SMART, theory-of-action and readiness checks, and progress maths worked by hand."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from sipdesk.models.plan_types import MeasureRow, MilestoneRow, PlanDoc, StrategyRow
from sipdesk.services import checks, progress
from sipdesk.services.checks import Finding, practice_problem, target_problems, theory_findings
from sipdesk.services.progress import MilestoneProgress, StrategyProgress, plan_months
from tests.records import complete

# The plans and rows below name only the fields each test is about; the services read whole
# records (as every plan read from a file is), so each is completed, blank, on the way in.


def readiness(plan: dict[str, Any], *, for_submission: bool = True) -> list[Finding]:
    return checks.readiness(complete(PlanDoc, plan), for_submission=for_submission)


def smart_findings(measure: dict[str, Any], years: int) -> list[str]:
    return checks.smart_findings(complete(MeasureRow, measure), years)


def milestone_progress(milestone: dict[str, Any], first: str, quarter: int) -> MilestoneProgress:
    return progress.milestone_progress(complete(MilestoneRow, milestone), first, quarter)


def strategy_progress(strategy: dict[str, Any], first: str, semester: int) -> StrategyProgress:
    return progress.strategy_progress(complete(StrategyRow, strategy), first, semester)


GOOD_MEASURE = {
    "id": 1,
    "indicator": "Students reading on grade level",
    "data_source": "i-Ready",
    "baseline": "38% (spring 2026)",
    "target_y1": "45% by spring 2027",
    "target_y2": "52% by spring 2028",
    "target_y3": "58% by spring 2029",
    "monitored": True,
}


def test_smart_measure_passes_and_each_gap_is_named() -> None:
    assert smart_findings(GOOD_MEASURE, 3) == []
    weak = {**GOOD_MEASURE, "data_source": "", "target_y2": "more students", "target_y1": ""}
    found = smart_findings(weak, 3)
    assert "a data source" in found
    assert "a year 1 target" in found
    assert any(f == "a number and a time in the year 2 target" for f in found)
    assert "a time in the year 1 target" in smart_findings({**GOOD_MEASURE, "target_y1": "45%"}, 3)


def test_theory_of_action_needs_three_substantive_parts() -> None:
    assert (
        theory_findings(
            "we coach teachers weekly in small groups",
            "teachers use checks for understanding daily",
            "students master grade-level standards",
        )
        == []
    )
    problems = theory_findings("TBD", "", "read")
    assert problems == [
        "the “If we …” part needs a few more words",
        "the “then …” part is empty",
        "the “and …” part needs a few more words",
    ]
    assert (
        theory_findings(
            "我们每周为教师提供教练指导", "教师每天检查学生理解程度", "学生掌握年级标准内容"
        )
        == []
    )


# --------------------------------------------------------------------- targets
# Real phrasings a team might type: each names an amount to reach and a time to reach it by.
ACCEPTED_TARGETS = [
    # the amount right after the month is an amount, not a day
    "By June 80% of students meet benchmark",
    "By May 80 percent of students",
    "June 30, 2027 reach 70%",
    # grading periods, two-digit school years, every year
    "60% by the end of the first nine weeks",
    "60% by the end of the 26-27 school year",
    "60% by 26-27",
    "Increase 5% each year",
    "Increase 5% annually",
    "65% by spring 2027",
    "at least 70 % (2027-28)",
    "Increase to 45 students by June 2027",
    "45% by spring",
    "75% of visits by May",
    "50% by EOY",
    "40% MOY",
    "18% or fewer chronically absent by June 2027",
    "SY 2026-27: 60%",
    "60% in SY27",
    "55% by 2027-06-01",
    "Reduce to 10 or fewer referrals per month by 6/1/2027",
    "60% by 06/2027",
    "0 referrals by Dec. 2027",
    "90% of groups by December 2026, held through May 2027",
    "100% of groups from fall 2027",
    "5 points higher within two years",
    "+5 RIT points by the end of the year",
    "70% by the end of semester 1",
    "60% in Q3",
    "60% in year 2",
    "45 % next school year",
    "A 10-point gain in 2027",
    "Increase from 41% to 50% by 2027",
    "By 2027, 3/4 of students",
    "three-quarters of students by May 2027",
    "Half of all students by spring",
    "Double the number of readers by 2028",
    "At least 1,200 books read by mid-year",
    "80% of grade 3 students by June 2027",
    "Grade 3: 62% by spring 2027",
    "80% of K–3 students by June 2027",
    "到2027年春季达到65%",
    "50 % en juin 2027",
]
# Targets that name only a time, only an amount, or neither — with what is missing.
REFUSED_TARGETS = [
    ("2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("2026–27", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("SY 2026-27", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("by June 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("June 15, 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("6/1/2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("Q3 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("Year 2", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("in 2027 and 2028", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("Grade 3 by 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    (
        "Grades 3–5 by June 2027",
        ["a number to reach (a count or percentage, not a date or grade)"],
    ),
    ("K–3 by 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    ("Tier 2 by May 2027", ["a number to reach (a count or percentage, not a date or grade)"]),
    (
        "All students reading by spring 2027",
        ["a number to reach (a count or percentage, not a date or grade)"],
    ),
    ("45%", ["a time"]),
    ("Increase by 5%", ["a time"]),
    ("students may improve 5%", ["a time"]),
    ("3/4 of students", ["a time"]),
    ("45% every month", ["a time"]),
    ("fewer students fall behind by 20%", ["a time"]),
    ("more students", ["a number", "a time"]),
    ("better reading", ["a number", "a time"]),
    ("TBD", ["a number", "a time"]),
]


@pytest.mark.parametrize("target", ACCEPTED_TARGETS)
def test_a_target_with_an_amount_and_a_time_is_accepted(target: str) -> None:
    assert target_problems(target) == []


@pytest.mark.parametrize(("target", "missing"), REFUSED_TARGETS)
def test_a_target_without_an_amount_or_a_time_is_refused(target: str, missing: list[str]) -> None:
    assert target_problems(target) == missing


@pytest.mark.parametrize(
    "target",
    [*ACCEPTED_TARGETS, *(t for t, _ in REFUSED_TARGETS), "Meets by spring 2027", "4 stars", ""],
)
def test_a_targets_patterns_run_once_say_what_each_check_says(target: str) -> None:
    # target_problems runs the time patterns once for the amount (or rating) and the time
    # (issue 13); it says what the three checks, each on its own, say
    from sipdesk.services.targets import has_amount, has_rating, has_time

    for rating, names_it in ((False, has_amount), (True, has_rating)):
        problems = target_problems(target, rating)
        assert ("a time" in problems) == (not has_time(target))
        assert (len(problems) - ("a time" in problems) == 0) == names_it(target)


def test_a_year_alone_is_not_a_measurable_target() -> None:
    measure = {**GOOD_MEASURE, "target_y1": "2027"}
    assert smart_findings(measure, 3) == [
        "a number to reach (a count or percentage, not a date or grade) in the year 1 target"
    ]


# --------------------------------------------------------------------- practice codes
@pytest.mark.parametrize("code", ["1a", "2b", "3c", "4c", "3B", " 4a "])
def test_each_of_the_twelve_practices_is_a_valid_code(code: str) -> None:
    assert practice_problem(code) is None


@pytest.mark.parametrize("code", ["zz", "5a", "1d", "3", "a1"])
def test_a_code_outside_the_twelve_practices_is_refused(code: str) -> None:
    problem = practice_problem(code)
    assert problem is not None and "not one of the twelve Four Domains practices" in problem


# --------------------------------------------------------------------- readiness
STRATEGY_MEASURE = {
    "id": 20,
    "indicator": "Learning-walk visits where the routine is seen",
    "data_source": "Monthly learning walks",
    "baseline": "38% of visits (spring 2026)",
    "target_y1": "75% of visits by May 2027",
    "target_y2": "90% of visits by May 2028",
    "target_y3": "95% of visits by May 2029",
    "monitored": True,
}


def _plan(**over: Any) -> dict[str, Any]:
    action = {
        "id": 9,
        "start": "2026-09-01",
        "due": None,
        "recurrence": "once",
        "schedule": "",
        "person_responsible": "Ms. Diaz",
        "statuses": [],
    }
    strategy = {
        "id": 5,
        "if_text": "we coach teachers weekly in teams",
        "then_text": "teachers plan small-group reading lessons",
        "and_text": "students read on grade level",
        "practice_code": "3a",
        "measures": [STRATEGY_MEASURE],
        "milestones": [{"id": 7, "actions": [action]}],
    }
    sub_causes = [{"id": 8, "text": "No time to plan together", "is_root": True, "causes": []}]
    fishbone = {
        "id": 1,
        "problem": "Students read below grade level",
        "categories": [
            {
                "id": 1,
                "name": "Instruction",
                "causes": [
                    {"id": 4, "text": "No shared phonics routine", "is_root": True, "causes": []},
                    {"id": 6, "text": "Old books", "is_root": False, "causes": sub_causes},
                ],
            }
        ],
    }
    chains = [
        {"id": 11, "symptom": "Low attendance", "steps": [{"text": "No one calls home"}]},
        {"id": 12, "symptom": "Math scores fell", "steps": []},
    ]
    plan = {
        "profile": {
            "school_name": "Oak Hill",
            "school_year": "2026–27",
            "plan_years": 3,
            "plan_date": "2026-08-03",
            "vision": "Every child reads with joy.",
            "mission": "We teach every child to read, every day.",
            "toa_if": "we coach teachers weekly in teams",
            "toa_then": "teachers plan small-group reading lessons",
            "toa_and": "students read on grade level",
        },
        "core_values": [{"id": 1, "text": "Every child can learn"}],
        "signatures": [{"name": "Ana Ruiz"}],
        "goals": [
            {"id": 1, "text": "Reading", "academic": True, "measures": [{**GOOD_MEASURE}]},
            {"id": 2, "text": "Math", "academic": True, "measures": [{**GOOD_MEASURE, "id": 2}]},
        ],
        "fishbones": [fishbone],
        "why_chains": chains,
        "priorities": [
            {"id": 3, "title": "Reading", "links": [{"cause_id": 4}], "strategies": [strategy]}
        ],
    }
    plan = copy.deepcopy(plan)
    plan.update(over)
    return plan


def _strategy(plan: dict[str, Any]) -> dict[str, Any]:
    strategy: dict[str, Any] = plan["priorities"][0]["strategies"][0]
    return strategy


def _action_of(plan: dict[str, Any]) -> dict[str, Any]:
    action: dict[str, Any] = _strategy(plan)["milestones"][0]["actions"][0]
    return action


def test_a_complete_plan_is_ready() -> None:
    assert readiness(_plan()) == []


def _no_measure(plan: dict[str, Any]) -> None:
    _strategy(plan)["measures"] = []


def _thin_measure(plan: dict[str, Any]) -> None:
    _strategy(plan)["measures"][0].update(data_source="", baseline=" ", target_y2="")


def _year_only_target(plan: dict[str, Any]) -> None:
    _strategy(plan)["measures"][0]["target_y1"] = "2027"


def _no_milestone(plan: dict[str, Any]) -> None:
    _strategy(plan)["milestones"] = []


def _no_action(plan: dict[str, Any]) -> None:
    _strategy(plan)["milestones"][0]["actions"] = []


def _no_timeline(plan: dict[str, Any]) -> None:
    _action_of(plan).update(start=None, due=None)


def _no_person(plan: dict[str, Any]) -> None:
    _action_of(plan)["person_responsible"] = "  "


def _unmonitored_goal(plan: dict[str, Any]) -> None:
    plan["goals"][0]["measures"][0]["monitored"] = False


def _no_signatures(plan: dict[str, Any]) -> None:
    plan["signatures"] = [{"name": " "}]


def _one_academic_goal(plan: dict[str, Any]) -> None:
    plan["goals"][1]["academic"] = False


def _one_goal(plan: dict[str, Any]) -> None:
    del plan["goals"][1]


def _goal_year_only(plan: dict[str, Any]) -> None:
    plan["goals"][1]["measures"][0]["target_y2"] = "2028"


def _five_priorities(plan: dict[str, Any]) -> None:
    first = plan["priorities"][0]
    plan["priorities"] = [{**copy.deepcopy(first), "id": 30 + n} for n in range(5)]


def _bad_practice(plan: dict[str, Any]) -> None:
    _strategy(plan)["practice_code"] = "zz"


def _no_practice(plan: dict[str, Any]) -> None:
    _strategy(plan)["practice_code"] = ""


def _non_root_cause(plan: dict[str, Any]) -> None:
    plan["priorities"][0]["links"] = [{"cause_id": 6}, {"weakness_id": 2}]


def _unanswered_chain(plan: dict[str, Any]) -> None:
    plan["priorities"][0]["links"] = [{"chain_id": 12}]


def _weakness_only(plan: dict[str, Any]) -> None:
    plan["priorities"][0]["links"] = [{"weakness_id": 2}]


NOT_ROOT = (
    "Priority 1 “Reading” is linked only to causes that are not root causes. Link it to a "
    "root cause, or in step 3 mark one of its causes as a root cause or answer its 5 Whys."
)
NOT_TWO_ACADEMIC = Finding(
    1, "goals", "At least two goals with complete measures should be academic."
)
# Each rule of readiness, broken alone in an otherwise ready plan, and exactly what it reports.
GAPS = [
    (_no_measure, [Finding(5, "strategy:5", "Strategy 1.1 needs a performance measure.")]),
    (
        _thin_measure,
        [
            # one finding for each gap, so each joins the same gap in other measures
            Finding(5, "measure:20", "Strategy 1.1, measure 1 needs a data source."),
            Finding(5, "measure:20", "Strategy 1.1, measure 1 needs a baseline."),
            Finding(5, "measure:20", "Strategy 1.1, measure 1 needs a year 2 target."),
        ],
    ),
    (
        _year_only_target,
        [
            Finding(
                5,
                "measure:20",
                "Strategy 1.1, measure 1 needs a number to reach (a count or percentage, not "
                "a date or grade) in the year 1 target.",
            )
        ],
    ),
    (_no_milestone, [Finding(5, "strategy:5", "Strategy 1.1 needs a milestone.")]),
    (_no_action, [Finding(5, "milestone:7", "Milestone 1.1.1 needs at least one action.")]),
    (_no_timeline, [Finding(5, "action:9", "Action 1.1.1.1 needs a timeline.")]),
    (_no_person, [Finding(5, "action:9", "Action 1.1.1.1 needs a person responsible.")]),
    (
        _unmonitored_goal,
        [Finding(6, "goal:1", "Goal 1 “Reading” has no measure the team monitors.")],
    ),
    (
        _no_signatures,
        [Finding(0, "signatures", "Collect the plan signatures before submitting.")],
    ),
    (_one_academic_goal, [NOT_TWO_ACADEMIC]),
    (
        _one_goal,
        [
            Finding(1, "goals", "Write at least two goals, each with a complete measure."),
            NOT_TWO_ACADEMIC,
        ],
    ),
    (
        _goal_year_only,
        [
            Finding(1, "goals", "Write at least two goals, each with a complete measure."),
            NOT_TWO_ACADEMIC,
            Finding(
                1,
                "measure:2",
                "Goal 2 “Math”, measure 1 needs a number to reach (a count or percentage, not "
                "a date or grade) in the year 2 target.",
            ),
        ],
    ),
    (_five_priorities, [Finding(4, "priorities", "Keep to at most 4 priority areas.")]),
    (
        _bad_practice,
        [
            Finding(
                5,
                "strategy:5",
                "Strategy 1.1 has the practice code “zz”, which is not one of the twelve Four "
                "Domains practices; choose one from 1a to 4c.",
            )
        ],
    ),
    (_no_practice, [Finding(5, "strategy:5", "Strategy 1.1 needs a Four Domains practice code.")]),
    (_non_root_cause, [Finding(4, "priority:3", NOT_ROOT)]),
    (_unanswered_chain, [Finding(4, "priority:3", NOT_ROOT)]),
    (
        _weakness_only,
        [Finding(4, "priority:3", "Link Priority 1 “Reading” to at least one root cause.")],
    ),
]


@pytest.mark.parametrize(("break_rule", "expected"), GAPS, ids=[g[0].__name__[1:] for g in GAPS])
def test_each_readiness_rule_reports_its_gap(
    break_rule: Callable[[dict[str, Any]], None], expected: list[Finding]
) -> None:
    plan = _plan()
    break_rule(plan)
    assert readiness(plan) == expected


@pytest.mark.parametrize(
    "links",
    [
        [{"cause_id": 4}],  # a fishbone cause marked as a root cause
        [{"cause_id": 8}],  # a sub-cause marked as a root cause
        [{"chain_id": 11}],  # a 5-Whys chain, whose last answer is its root cause
        [{"cause_id": 6}, {"weakness_id": 2}, {"chain_id": 11}],  # at least one root among others
    ],
)
def test_a_priority_linked_to_a_root_cause_is_ready(links: list[dict[str, int]]) -> None:
    plan = _plan()
    plan["priorities"][0]["links"] = links
    assert readiness(plan) == []


def test_four_priorities_and_only_a_due_date_are_enough() -> None:
    plan = _plan()
    _action_of(plan).update(start=None, due="2027-05-28")
    first = plan["priorities"][0]
    plan["priorities"] = [{**copy.deepcopy(first), "id": 30 + n} for n in range(4)]
    assert readiness(plan) == []


def test_signatures_are_asked_for_only_before_submission() -> None:
    plan = _plan(signatures=[])
    assert Finding(0, "signatures", "Collect the plan signatures before submitting.") in (
        readiness(plan)
    )
    assert readiness(plan, for_submission=False) == []


def test_readiness_names_the_step_and_item_to_fix() -> None:
    plan = _plan(signatures=[])
    plan["goals"][1]["academic"] = False
    strategy = plan["priorities"][0]["strategies"][0]
    strategy["practice_code"] = ""
    strategy["milestones"][0]["actions"][0].update(start=None, person_responsible="")
    plan["priorities"][0]["links"] = [{"weakness_id": 2, "cause_id": None, "chain_id": None}]
    plan["priorities"] += [
        {"id": n, "title": f"P{n}", "links": [], "strategies": []} for n in range(10, 14)
    ]
    found = {(f.step, f.item, f.message) for f in readiness(plan)}
    assert (0, "signatures", "Collect the plan signatures before submitting.") in found
    assert any(s == 1 and "academic" in m for s, _, m in found)
    assert (5, "strategy:5", "Strategy 1.1 needs a Four Domains practice code.") in found
    assert (5, "action:9", "Action 1.1.1.1 needs a timeline.") in found
    assert (5, "action:9", "Action 1.1.1.1 needs a person responsible.") in found
    assert any(s == 4 and i == "priority:3" and "root cause" in m for s, i, m in found)
    assert (4, "priorities", "Keep to at most 4 priority areas.") in found
    assert not any(
        "signatures" in i
        for _, i, _ in {(f.step, f.item, f.message) for f in readiness(plan, for_submission=False)}
    )


def _action(*statuses: tuple[str, str]) -> dict[str, Any]:
    return {"statuses": [{"month": m, "status": s} for m, s in statuses]}


def test_milestone_and_strategy_percentages_match_hand_worked_examples() -> None:
    # Four actions; plan year starts in August, so quarter 1 = Aug-Oct, quarter 2 = Nov-Jan.
    milestone = {
        "actions": [
            _action(("2026-08", "on_track"), ("2026-10", "done")),  # Q1 done
            _action(("2026-09", "behind")),  # Q1 behind, Q2 still behind
            _action(),  # never reported
            _action(("2026-12", "done")),  # done in Q2
        ]
    }
    q1 = milestone_progress(milestone, "2026-08", 1)
    assert (q1.done_pct, q1.on_time_pct, q1.behind_pct) == (25.0, 25.0, 25.0)
    q2 = milestone_progress(milestone, "2026-08", 2)
    assert (q2.done_pct, q2.on_time_pct, q2.behind_pct) == (50.0, 50.0, 25.0)
    finished = {"actions": [_action(("2026-09", "done")), _action(("2027-01", "done"))]}
    s1 = strategy_progress({"milestones": [milestone, finished]}, "2026-08", 1)
    assert (s1.milestones, s1.done_pct, s1.behind) == (2, 50.0, 1)
    assert milestone_progress({"actions": []}, "2026-08", 1).done_pct is None
    assert plan_months("2026-11", 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_a_priority_measure_that_is_written_is_held_to_the_plans_span() -> None:
    # Given a ready plan whose priority has a measure of its own, complete for three years
    plan = _plan()
    own = {**STRATEGY_MEASURE, "id": 30, "kind": "interim"}
    plan["priorities"][0]["measures"] = [own]
    assert readiness(plan) == []
    # When it lacks its baseline and its third year's target
    own.update(baseline="", target_y3="")
    # Then step 4 says so, as for any measure
    found = [f for f in readiness(plan) if f.item == "measure:30"]
    assert [(f.step, f.message) for f in found] == [
        (4, "Priority 1 “Reading”, measure 1 needs a baseline."),
        (4, "Priority 1 “Reading”, measure 1 needs a year 3 target."),
    ]


def test_an_annual_plan_needs_one_target_per_measure() -> None:
    # Given a one-year plan whose measures have only their first year's target
    plan = _plan()
    plan["profile"]["plan_years"] = 1
    for goal in plan["goals"]:
        goal["measures"][0].update(target_y2="", target_y3="")
    _strategy(plan)["measures"][0].update(target_y2="", target_y3="")
    # Then it is ready: targets are asked for the years the plan spans, no more
    assert readiness(plan) == []
    # and a two-year plan asks each of them for its second year
    plan["profile"]["plan_years"] = 2
    found = {f.item: f.message for f in readiness(plan)}
    assert found["measure:1"] == "Goal 1 “Reading”, measure 1 needs a year 2 target."
    assert found["measure:20"] == "Strategy 1.1, measure 1 needs a year 2 target."
    # and a three-year plan asks goal measures for both years it lacks, in one finding
    plan["profile"]["plan_years"] = 3
    found = {f.item: f.message for f in readiness(plan)}
    assert found["measure:1"] == "Goal 1 “Reading”, measure 1 needs targets for years 2 and 3."
    # and strategy measures follow the same span (not a fixed two years)
    assert found["measure:20"] == "Strategy 1.1, measure 1 needs targets for years 2 and 3."
    # up to a five-year plan's five years
    plan["profile"]["plan_years"] = 5
    found = {f.item: f.message for f in readiness(plan)}
    assert found["measure:20"] == "Strategy 1.1, measure 1 needs targets for years 2, 3, 4 and 5."


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        (
            {"school_year": " "},
            Finding(
                0,
                "profile:school_year",
                "Write the school year the plan starts in (for example 2026–27).",
            ),
        ),
        ({"plan_date": None}, Finding(0, "profile:plan_date", "Add the date of the plan.")),
        ({"vision": ""}, Finding(1, "profile:vision", "Write the school's vision.")),
        ({"mission": ""}, Finding(1, "profile:mission", "Write the school's mission.")),
        (
            {"toa_if": "", "toa_then": "", "toa_and": ""},
            None,  # the theory of action's own findings, each naming the plan's theory
        ),
    ],
)
def test_each_required_section_left_empty_is_one_finding(
    change: dict[str, Any], finding: Finding | None
) -> None:
    plan = _plan()
    plan["profile"].update(change)
    found = readiness(plan)
    if finding is not None:
        assert found == [finding]
    else:
        assert found and all(f.item == "profile:toa_if" for f in found)
        assert all(f.message.startswith("The plan's theory of action: ") for f in found)


def test_a_plan_without_core_values_is_told_to_name_them() -> None:
    plan = _plan(core_values=[{"id": 1, "text": "  "}])
    assert readiness(plan) == [Finding(1, "core_values", "Name the school's core values.")]


def test_a_recurring_action_needs_its_rhythm_not_dates() -> None:
    # Given a weekly action with no dates and no schedule
    plan = _plan()
    _action_of(plan).update(start=None, due=None, recurrence="weekly", schedule="")
    # Then plan health asks when it happens, not for a start and due date
    assert readiness(plan) == [
        Finding(
            5,
            "action:9",
            "Action 1.1.1.1 happens weekly: say when (its schedule, or the dates it runs between).",
        )
    ]
    # and its schedule is enough
    _action_of(plan)["schedule"] = "Tuesdays, 45 minutes in each PLC"
    assert readiness(plan) == []
