"""SMART, theory-of-action and readiness checks, and progress maths worked by hand."""

from __future__ import annotations

from typing import Any

from sipdesk.services.checks import readiness, smart_findings, theory_findings
from sipdesk.services.progress import milestone_progress, plan_months, strategy_progress

GOOD_MEASURE = {
    "id": 1,
    "indicator": "Students reading on grade level",
    "data_source": "i-Ready",
    "baseline": "38% (spring 2026)",
    "target_y1": "45% by spring 2027",
    "target_y2": "52% by spring 2028",
    "target_y3": "",
    "monitored": True,
}


def test_smart_measure_passes_and_each_gap_is_named() -> None:
    assert smart_findings(GOOD_MEASURE, 3) == []
    weak = {**GOOD_MEASURE, "data_source": "", "target_y2": "more students", "target_y1": ""}
    found = smart_findings(weak, 3)
    assert "a data source" in found
    assert "targets for at least two years" in found
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


def _plan(**over: Any) -> dict[str, Any]:
    action = {
        "id": 9,
        "start": "2026-09-01",
        "due": None,
        "person_responsible": "Ms. Diaz",
        "statuses": [],
    }
    strategy = {
        "id": 5,
        "if_text": "we coach teachers weekly in teams",
        "then_text": "teachers plan small-group reading lessons",
        "and_text": "students read on grade level",
        "practice_code": "3a",
        "measures": [GOOD_MEASURE],
        "milestones": [{"id": 7, "actions": [action]}],
    }
    plan = {
        "profile": {"school_name": "Oak Hill"},
        "signatures": [{"name": "Ana Ruiz"}],
        "goals": [
            {"id": 1, "text": "Reading", "academic": True, "measures": [GOOD_MEASURE]},
            {"id": 2, "text": "Math", "academic": True, "measures": [GOOD_MEASURE]},
        ],
        "priorities": [
            {"id": 3, "title": "Reading", "links": [{"cause_id": 4}], "strategies": [strategy]}
        ],
    }
    plan.update(over)
    return plan


def test_a_complete_plan_is_ready() -> None:
    assert readiness(_plan()) == []


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
