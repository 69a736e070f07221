"""Steps 5–8: numbering, budgets, multi-row edits, monitoring, review and the district package.

Every test goes through a real plan file and reads the result back with ``read_plan``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sipdesk.export import district
from sipdesk.models import Action
from sipdesk.services import edits, monitoring, operations, outline, progress, review
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.progress import milestone_progress, strategy_progress
from sipdesk.services.snapshot import read_plan
from sipdesk.services.values import format_money, parse_date, parse_money
from sipdesk.storage import PlanDocument
from tests.plans import days_since, sample_plan

# The day the PDFs are made on: a fixed day, so no test depends on the real date.
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = PlanDocument.create(
        tmp_path / "Oak Hill.sipdesk",
        lambda s: operations.seed_new_plan(s, "Oak Hill Elementary", first_month="2026-08"),
    )
    yield d
    d.close()


def run(doc: PlanDocument, op: Callable[[Session], Change]) -> Change:
    with doc.transaction() as session:
        return op(session)


def undo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def redo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.apply(session, change)


def plan(doc: PlanDocument) -> dict[str, Any]:
    with doc.session() as session:
        return read_plan(session)


def build_outline(doc: PlanDocument) -> dict[str, int]:
    """Two priorities; priority 1 has strategies A and B; A has milestones M1 (3 actions), M2."""
    ids: dict[str, int] = {}
    ids["p1"] = run(doc, lambda s: operations.add_priority(s, "Reading")).created_id("priorities")
    ids["p2"] = run(doc, lambda s: operations.add_priority(s, "Attendance")).created_id(
        "priorities"
    )
    ids["A"] = run(doc, lambda s: outline.add_strategy(s, ids["p1"])).created_id("strategies")
    ids["B"] = run(doc, lambda s: outline.add_strategy(s, ids["p1"])).created_id("strategies")
    ids["C"] = run(doc, lambda s: outline.add_strategy(s, ids["p2"])).created_id("strategies")
    ids["M1"] = run(doc, lambda s: outline.add_milestone(s, ids["A"])).created_id("milestones")
    ids["M2"] = run(doc, lambda s: outline.add_milestone(s, ids["A"])).created_id("milestones")
    for name in ("a1", "a2", "a3"):
        ids[name] = run(doc, lambda s: outline.add_action(s, ids["M1"])).created_id("actions")
    ids["b1"] = run(doc, lambda s: outline.add_action(s, ids["M2"])).created_id("actions")
    return ids


# --------------------------------------------------------------------- numbering
def test_numbering_follows_tool_a(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    numbers = outline.numbering(plan(doc))
    assert numbers[f"priority:{ids['p2']}"] == "2"
    assert numbers[f"strategy:{ids['B']}"] == "1.2"
    assert numbers[f"strategy:{ids['C']}"] == "2.1"
    assert numbers[f"milestone:{ids['M2']}"] == "1.1.2"
    assert numbers[f"action:{ids['a3']}"] == "1.1.1.3"
    assert numbers[f"action:{ids['b1']}"] == "1.1.2.1"


def test_reordering_keeps_numbering_right_and_undoes(doc: PlanDocument) -> None:
    # Given strategies 1.1 (A) and 1.2 (B) and actions 1.1.1.1–3
    ids = build_outline(doc)
    # When A moves down and action a3 moves to the top
    move_a = run(doc, lambda s: outline.move_item(s, f"strategy:{ids['A']}", +1))
    run(doc, lambda s: outline.move_item(s, f"action:{ids['a3']}", -1))
    move_top = run(doc, lambda s: outline.move_item(s, f"action:{ids['a3']}", -1))
    numbers = outline.numbering(plan(doc))
    # Then every number below the moved strategy follows it
    assert numbers[f"strategy:{ids['B']}"] == "1.1"
    assert numbers[f"strategy:{ids['A']}"] == "1.2"
    assert numbers[f"milestone:{ids['M1']}"] == "1.2.1"
    assert [numbers[f"action:{ids[n]}"] for n in ("a3", "a1", "a2")] == [
        "1.2.1.1",
        "1.2.1.2",
        "1.2.1.3",
    ]
    # And moving past the ends changes nothing
    assert run(doc, lambda s: outline.move_item(s, f"action:{ids['a3']}", -1)).empty
    # And undo brings the old numbers back
    undo(doc, move_top)
    undo(doc, move_a)
    numbers = outline.numbering(plan(doc))
    assert numbers[f"strategy:{ids['A']}"] == "1.1"
    assert numbers[f"action:{ids['a3']}"] == "1.1.1.2"


def test_move_under_another_parent_renumbers_both(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    change = run(
        doc, lambda s: outline.move_under(s, f"action:{ids['a1']}", f"milestone:{ids['M2']}")
    )
    numbers = outline.numbering(plan(doc))
    assert numbers[f"action:{ids['a2']}"] == "1.1.1.1"
    assert numbers[f"action:{ids['a1']}"] == "1.1.2.2"
    run(doc, lambda s: outline.move_under(s, f"strategy:{ids['A']}", f"priority:{ids['p2']}", 0))
    numbers = outline.numbering(plan(doc))
    assert numbers[f"strategy:{ids['A']}"] == "2.1"
    assert numbers[f"strategy:{ids['C']}"] == "2.2"
    assert numbers[f"strategy:{ids['B']}"] == "1.1"
    assert numbers[f"action:{ids['a1']}"] == "2.1.2.2"
    with pytest.raises(PlanRuleError):
        run(doc, lambda s: outline.move_under(s, f"action:{ids['a1']}", f"strategy:{ids['A']}"))
    assert len(change.steps) >= 2  # the moved row and its old siblings' positions


def test_delete_strategy_takes_its_milestones_and_undo_brings_them_back(
    doc: PlanDocument,
) -> None:
    ids = build_outline(doc)
    before = plan(doc)
    change = run(doc, lambda s: outline.delete_item(s, f"strategy:{ids['A']}"))
    assert outline.numbering(plan(doc))[f"strategy:{ids['B']}"] == "1.1"
    assert f"action:{ids['a1']}" not in outline.numbering(plan(doc))
    undo(doc, change)
    assert plan(doc) == before


def test_duplicate_action_lands_right_below(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    run(
        doc,
        lambda s: edits.update_row(
            s, Action, ids["a1"], "x", text="Train", budget_cents=5000, person_responsible="Ana"
        ),
    )
    copy_id = run(doc, lambda s: outline.duplicate_action(s, ids["a1"])).created_id("actions")
    numbers = outline.numbering(plan(doc))
    assert numbers[f"action:{copy_id}"] == "1.1.1.2"
    assert numbers[f"action:{ids['a2']}"] == "1.1.1.3"
    copy = outline.index_plan(plan(doc))[f"action:{copy_id}"].data
    assert (copy["text"], copy["budget_cents"], copy["person_responsible"]) == (
        "Train",
        5000,
        "Ana",
    )


# --------------------------------------------------------------------- budgets
@pytest.mark.parametrize(
    ("text", "cents"),
    [("", None), ("1250", 125000), ("$1,250.5", 125050), (" 0.07 ", 7), ("12.00", 1200)],
)
def test_parse_money(text: str, cents: int | None) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize("text", ["abc", "-5", "1.234", "12,5x"])
def test_parse_money_refuses_with_a_sentence(text: str) -> None:
    with pytest.raises(PlanRuleError, match="not an amount"):
        parse_money(text)


def test_format_money() -> None:
    assert format_money(None) == ""
    assert format_money(125000) == "$1,250"
    assert format_money(125050) == "$1,250.50"
    assert format_money(7) == "$0.07"


@pytest.mark.parametrize(
    "text", ["2026-09-15", "9/15/2026", "09/15/26", "Sep 15, 2026", "15 September 2026"]
)
def test_parse_date_accepts_what_people_type(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 9, 15)


def test_parse_date_blank_and_bad() -> None:
    assert parse_date("  ") is None
    with pytest.raises(PlanRuleError, match="not a date"):
        parse_date("next Tuesday")


def test_budget_totals_add_up_per_strategy_and_priority(doc: PlanDocument) -> None:
    # Given a1 $1,200, a2 $300.50, a3 no budget, b1 $1,000 (all under strategy A)
    ids = build_outline(doc)
    run(doc, lambda s: outline.set_action_budget(s, ids["a1"], "1,200"))
    run(doc, lambda s: outline.set_action_budget(s, ids["a2"], "$300.50"))
    run(doc, lambda s: outline.set_action_budget(s, ids["b1"], "1000"))
    totals = outline.budget_totals(plan(doc))
    # Then milestone M1 = 1,500.50, strategy A = 2,500.50, B = 0, priority 1 = 2,500.50
    assert totals.of(f"milestone:{ids['M1']}") == 150050
    assert totals.of(f"milestone:{ids['M2']}") == 100000
    assert totals.of(f"strategy:{ids['A']}") == 250050
    assert totals.of(f"strategy:{ids['B']}") == 0
    assert totals.of(f"priority:{ids['p1']}") == 250050
    assert totals.of(f"priority:{ids['p2']}") == 0
    assert totals.plan == 250050
    # And moving an action to another strategy moves its money with it
    run(doc, lambda s: outline.move_under(s, f"milestone:{ids['M2']}", f"strategy:{ids['C']}"))
    totals = outline.budget_totals(plan(doc))
    assert totals.of(f"priority:{ids['p2']}") == 100000
    assert totals.of(f"priority:{ids['p1']}") == 150050


def test_sample_plan_totals_match_a_plain_sum(tmp_path: Path) -> None:
    with sample_plan(tmp_path / "s.sipdesk") as d:
        doc_ = plan(d)
    every = [
        a.get("budget_cents") or 0
        for p in doc_["priorities"]
        for s in p["strategies"]
        for m in s["milestones"]
        for a in m["actions"]
    ]
    totals = outline.budget_totals(doc_)
    assert totals.plan == sum(every) > 0
    assert sum(totals.of(f"priority:{p['id']}") for p in doc_["priorities"]) == totals.plan


# --------------------------------------------------------------------- monitoring
def test_status_cycle() -> None:
    assert monitoring.next_status(None) == "not_started"
    assert monitoring.next_status("not_started") == "on_track"
    assert monitoring.next_status("on_track") == "behind"
    assert monitoring.next_status("behind") == "done"
    assert monitoring.next_status("done") == "not_started"
    assert monitoring.next_status("on_track", -1) == "not_started"
    assert monitoring.next_status(None, -1) == "done"


DEC_1 = dt.date(2026, 12, 1)  # "today" in these tests: quarter 2 of a plan year from Aug 2026


def test_hand_worked_quarter_and_semester_percentages(doc: PlanDocument) -> None:
    """Plan year from Aug 2026: Q1 = Aug–Oct, Q2 = Nov–Jan; semester 1 = Q1+Q2.

    M1 has three actions: a1 due Sep 15, a2 due Oct 31, a3 due Dec 15. By the end of Q1
    (October): a1 done (first in Sep, due Sep → on time), a2 behind (not on time), a3 on
    track and not due until December (on time) → done 1/3 = 33.3 %, on time 2/3 = 66.7 %,
    behind 1/3 = 33.3 %.
    In Q2 a2 and a3 become done in December → 100 % done; a2 was due in October, so it is
    done late: on time are a1 and a3 = 2/3 = 66.7 %. M2's only action is on track → 0 % done.
    Semester 1 of strategy A: 1 of 2 milestones complete = 50 %, 0 behind.
    """
    ids = build_outline(doc)
    for action, due in (("a1", "2026-09-15"), ("a2", "2026-10-31"), ("a3", "2026-12-15")):
        day = dt.date.fromisoformat(due)
        run(doc, lambda s, a=action, d=day: edits.update_row(s, Action, ids[a], "Due", due=d))
    for action, month, status in [
        ("a1", "2026-08", "on_track"),
        ("a1", "2026-09", "done"),
        ("a2", "2026-09", "on_track"),
        ("a2", "2026-10", "behind"),
        ("a3", "2026-08", "on_track"),
        ("a3", "2026-11", "behind"),  # Q2: must not count in Q1
        ("b1", "2026-10", "behind"),
    ]:
        run(
            doc,
            lambda s, a=action, m=month, st=status: operations.set_action_status(s, ids[a], m, st),
        )
    p = plan(doc)
    m1 = outline.index_plan(p)[f"milestone:{ids['M1']}"].data
    q1 = milestone_progress(m1, "2026-08", 1, DEC_1)
    assert (q1.done_pct, q1.on_time_pct, q1.behind_pct) == (33.3, 66.7, 33.3)
    assert (q1.actions, q1.done, q1.on_time, q1.behind) == (3, 1, 2, 1)
    strategy_a = outline.index_plan(p)[f"strategy:{ids['A']}"].data
    s1 = strategy_progress(strategy_a, "2026-08", 1, DEC_1)
    assert (s1.done_pct, s1.behind) == (0.0, 2)
    assert monitoring.quarter_mix(strategy_a, "2026-08", 1) == {
        "done": 1,
        "on_track": 1,
        "behind": 2,
        "not_started": 0,
        "none": 0,
    }

    for action in ("a2", "a3"):
        run(doc, lambda s, a=action: operations.set_action_status(s, ids[a], "2026-12", "done"))
    run(doc, lambda s: operations.set_action_status(s, ids["b1"], "2026-12", "on_track"))
    p = plan(doc)
    m1 = outline.index_plan(p)[f"milestone:{ids['M1']}"].data
    q2 = milestone_progress(m1, "2026-08", 2, DEC_1)
    assert (q2.done_pct, q2.on_time_pct, q2.behind_pct) == (100.0, 66.7, 0.0)
    s1 = strategy_progress(outline.index_plan(p)[f"strategy:{ids['A']}"].data, "2026-08", 1, DEC_1)
    assert (s1.done_pct, s1.behind, s1.done) == (50.0, 0, 1)


def _action(due: str | None, *statuses: tuple[str, str]) -> dict[str, Any]:
    return {"due": due, "statuses": [{"month": m, "status": s} for m, s in statuses]}


def test_on_time_follows_the_due_dates_worked_by_hand() -> None:
    """Quarter 1 ends in October (plan month 2), quarter 2 in January (month 5).

    At the end of Q1:          on time?
    done Sep, due Sep 30       yes — done in its due month
    done Aug, due Oct 15       yes — done before it was due
    done Oct, due Sep 30       no  — done, but a month late
    on track, due Dec 1        yes — not done, not behind, due after the quarter
    on track, due Oct 20       no  — due inside the quarter and not done by its end
    no status, due Jan 10      yes — nothing is late yet
    not started, no due date   no  — nothing shows it is on time
    done Sep, no due date      yes — done, and no date to miss
    behind, due Mar 1          no  — behind is never on time
    → 5 of 9 on time = 55.6 %; done 4/9 = 44.4 %; behind 1/9 = 11.1 %.
    """
    actions = [
        _action("2026-09-30", ("2026-09", "done")),
        _action("2026-10-15", ("2026-08", "done")),
        _action("2026-09-30", ("2026-10", "done")),
        _action("2026-12-01", ("2026-09", "on_track")),
        _action("2026-10-20", ("2026-08", "on_track")),
        _action("2027-01-10"),
        _action(None, ("2026-09", "not_started")),
        _action(None, ("2026-09", "done")),
        _action("2027-03-01", ("2026-10", "behind")),
    ]
    expected = [True, True, False, True, False, True, False, True, False]
    assert [progress.on_time(a, "2026-08", 2) for a in actions] == expected
    q1 = milestone_progress({"actions": actions}, "2026-08", 1, DEC_1)
    assert (q1.done_pct, q1.on_time_pct, q1.behind_pct) == (44.4, 55.6, 11.1)


def test_on_time_counts_the_first_month_marked_done() -> None:
    """Due in October, marked done in September, set back to on track in October and done
    again in December: at the end of Q2 it is done, first done in September → on time. One
    first done in November (after its October due month) is late even though it is done."""
    reopened = _action(
        "2026-10-31", ("2026-09", "done"), ("2026-10", "on_track"), ("2026-12", "done")
    )
    late = _action("2026-10-31", ("2026-11", "done"))
    assert progress.on_time(reopened, "2026-08", 5)
    assert not progress.on_time(reopened, "2026-08", 2)  # on track at Oct, its due month
    assert not progress.on_time(late, "2026-08", 5)
    q2 = milestone_progress({"actions": [reopened, late]}, "2026-08", 2, DEC_1)
    assert (q2.done_pct, q2.on_time_pct) == (100.0, 50.0)


def test_in_the_quarter_under_way_only_due_dates_already_past_count_as_late() -> None:
    """On 1 Dec 2026 quarter 2 (Nov–Jan) is under way. Worked by hand:
    on track, due Dec 18     on time — due this month, not late yet
    on track, due Jan 29     on time — due later in the quarter
    no status, due Dec 20    on time — nothing is late yet
    on track, due Nov 20     late    — its due month has passed
    → 3 of 4 = 75 %. Judged at the quarter's end instead (as for a finished quarter), none
    of the four would be: all are due by January and none is done."""
    actions = [
        _action("2026-12-18", ("2026-11", "on_track")),
        _action("2027-01-29", ("2026-11", "on_track")),
        _action("2026-12-20"),
        _action("2026-11-20", ("2026-11", "on_track")),
    ]
    q2 = milestone_progress({"actions": actions}, "2026-08", 2, DEC_1)
    assert (q2.on_time, q2.on_time_pct, q2.behind_pct) == (3, 75.0, 0.0)
    assert [progress.on_time(a, "2026-08", 5) for a in actions] == [False] * 4
    # A month later the December ones' due month has passed too
    jan = milestone_progress({"actions": actions}, "2026-08", 2, dt.date(2027, 1, 5))
    assert jan.on_time == 1


def test_a_first_month_that_is_not_a_month_falls_back_to_the_school_year() -> None:
    assert progress.plan_start("2026-08") == "2026-08"
    for bad in ("Aug 2026", "2026-13", "", None, "2026-8"):
        assert progress.plan_start(bad, DEC_1) == "2026-08"


def test_periods_that_have_not_started_show_no_figures() -> None:
    """On 1 Dec 2026 (plan year from Aug 2026) quarters 1–2 and semester 1 have started;
    quarters 3–4 and semester 2 have not, so they carry no figures at all — not the last
    quarter's standing carried forward."""
    milestone = {"actions": [_action("2026-09-30", ("2026-09", "done"))]}
    strategy = {"milestones": [milestone]}
    shown = [milestone_progress(milestone, "2026-08", q, DEC_1) for q in (1, 2, 3, 4)]
    assert [r.started for r in shown] == [True, True, False, False]
    assert [r.done_pct for r in shown] == [100.0, 100.0, None, None]
    assert [r.on_time_pct for r in shown] == [100.0, 100.0, None, None]
    assert not shown[2].complete and shown[2].actions == 1
    semesters = [strategy_progress(strategy, "2026-08", s, DEC_1) for s in (1, 2)]
    assert [(r.started, r.done_pct) for r in semesters] == [(True, 100.0), (False, None)]
    # The first day of a quarter's first month starts it; before the plan nothing has.
    assert progress.quarter_started("2026-08", 3, dt.date(2027, 2, 1))
    assert not progress.quarter_started("2026-08", 3, dt.date(2027, 1, 31))
    assert not progress.quarter_started("2026-08", 1, dt.date(2026, 7, 31))
    assert progress.semester_started("2026-08", 2, dt.date(2027, 2, 1))
    assert progress.quarter_months("2026-08", 2) == ("2026-11", "2027-01")


def test_carry_forward_copies_latest_status_once_and_undoes(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    run(doc, lambda s: operations.set_action_status(s, ids["a1"], "2026-08", "on_track", "ok"))
    run(doc, lambda s: operations.set_action_status(s, ids["a1"], "2026-09", "behind"))
    run(doc, lambda s: operations.set_action_status(s, ids["a2"], "2026-08", "done"))
    run(doc, lambda s: operations.set_action_status(s, ids["a3"], "2026-10", "on_track"))
    change = run(doc, lambda s: monitoring.carry_forward(s, "2026-10"))
    statuses = {
        e.ref: {x["month"]: (x["status"], x["note"]) for x in e.data["statuses"]}
        for e in outline.outline(plan(doc))
        if e.kind == "action"
    }
    assert statuses[f"action:{ids['a1']}"]["2026-10"] == ("behind", "")
    assert statuses[f"action:{ids['a2']}"]["2026-10"] == ("done", "")
    assert statuses[f"action:{ids['a3']}"]["2026-10"] == ("on_track", "")  # kept, not copied
    assert "2026-10" not in statuses[f"action:{ids['b1']}"]  # nothing earlier to carry
    assert len(change.steps) == 2
    assert run(doc, lambda s: monitoring.carry_forward(s, "2026-10")).empty
    undo(doc, change)
    left = [x for e in outline.outline(plan(doc)) if e.kind == "action" for x in e.data["statuses"]]
    assert sorted(x["month"] for x in left) == ["2026-08", "2026-08", "2026-09", "2026-10"]


def test_clear_status_and_note(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    with pytest.raises(PlanRuleError, match="status for that month first"):
        run(doc, lambda s: monitoring.set_status_note(s, ids["a1"], "2026-09", "late"))
    run(doc, lambda s: operations.set_action_status(s, ids["a1"], "2026-09", "behind"))
    run(doc, lambda s: monitoring.set_status_note(s, ids["a1"], "2026-09", "trainer ill"))
    entry = outline.index_plan(plan(doc))[f"action:{ids['a1']}"].data["statuses"][0]
    assert (entry["status"], entry["note"]) == ("behind", "trainer ill")
    change = run(doc, lambda s: monitoring.clear_action_status(s, ids["a1"], "2026-09"))
    assert outline.index_plan(plan(doc))[f"action:{ids['a1']}"].data["statuses"] == []
    undo(doc, change)
    assert outline.index_plan(plan(doc))[f"action:{ids['a1']}"].data["statuses"][0]["note"] == (
        "trainer ill"
    )
    assert run(doc, lambda s: monitoring.clear_action_status(s, ids["a2"], "2026-09")).empty


def test_behind_actions_use_the_latest_month(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    run(doc, lambda s: operations.set_action_status(s, ids["a1"], "2026-09", "behind"))
    run(doc, lambda s: operations.set_action_status(s, ids["a1"], "2026-10", "on_track"))
    run(doc, lambda s: operations.set_action_status(s, ids["a2"], "2026-10", "behind", "late"))
    behind = monitoring.behind_actions(plan(doc))
    assert [(b.ref, b.number, b.month, b.note) for b in behind] == [
        (f"action:{ids['a2']}", "1.1.1.2", "2026-10", "late")
    ]


def test_report_upserts_create_once_then_update(doc: PlanDocument) -> None:
    ids = build_outline(doc)
    first = run(
        doc, lambda s: monitoring.set_milestone_report(s, ids["M1"], 2, outputs_completed="Agendas")
    )
    second = run(
        doc,
        lambda s: monitoring.set_milestone_report(
            s, ids["M1"], 2, outputs_completed="Agendas, logs"
        ),
    )
    assert first.steps[0].kind == "insert" and second.steps[0].kind == "update"
    run(doc, lambda s: monitoring.set_strategy_report(s, ids["A"], 1, "Coaching moved"))
    measure = run(doc, lambda s: outline.add_strategy_measure(s, ids["A"])).created_id("measures")
    assert measure is not None
    run(
        doc,
        lambda s: monitoring.set_measure_result(s, measure, 1, progress="63%", explanation="ok"),
    )
    idx = outline.index_plan(plan(doc))
    m1 = idx[f"milestone:{ids['M1']}"].data
    assert [(r["quarter"], r["outputs_completed"]) for r in m1["reports"]] == [(2, "Agendas, logs")]
    strategy = idx[f"strategy:{ids['A']}"].data
    assert strategy["reports"][0]["cause_and_adjustments"] == "Coaching moved"
    assert strategy["measures"][0]["results"][0]["progress"] == "63%"
    # (a report for each monitoring period: up to 24 cycles, monthly over two years)
    with pytest.raises(ValueError):
        run(doc, lambda s: monitoring.set_milestone_report(s, ids["M1"], 25, comments="x"))
    with pytest.raises(ValueError):
        run(doc, lambda s: monitoring.set_measure_result(s, 1, 6, progress="x"))


def test_start_adjustment_names_the_action(doc: PlanDocument) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    ids = build_outline(doc)
    run(doc, lambda s: monitoring.start_adjustment(s, ids["a2"], "1.1.1.2", "Train teachers"))
    adj = plan(doc)["adjustments"][0]
    assert adj["action_id"] == ids["a2"]
    assert adj["made_on"] in days_since(began)
    assert adj["what_changed"].startswith("Action 1.1.1.2 “Train teachers” is behind schedule")


def test_comments_add_resolve_and_refuse_empty(doc: PlanDocument) -> None:
    with pytest.raises(PlanRuleError):
        run(doc, lambda s: review.add_comment(s, 5, "", "Dr. A", "   "))
    cid = run(
        doc,
        lambda s: review.add_comment(
            s, 5, "strategy:1", "Dr. A", " Sharpen it ", dt.datetime(2026, 8, 1, 9, 0)
        ),
    ).created_id("review_comments")
    assert cid is not None
    run(doc, lambda s: review.set_comment_resolved(s, cid, True))
    (comment,) = review.comments_for_step(plan(doc), 5)
    assert (comment["body"], comment["resolved"], comment["created_at"]) == (
        "Sharpen it",
        True,
        "2026-08-01T09:00:00",
    )
    assert review.comments_for_step(plan(doc), 4) == []


# --------------------------------------------------------------------- district package
def test_mark_submitted_follows_the_workflow(doc: PlanDocument) -> None:
    when = dt.datetime(2026, 9, 1, 10, 0)
    change = run(doc, lambda s: review.mark_submitted(s, "Ana", when))
    assert change.label == review.PREPARE_LABEL
    p = plan(doc)
    assert p["profile"]["status"] == "submitted"
    assert p["status_history"][-1] | {"id": 0} == {
        "id": 0,
        "status": "submitted",
        "by": "Ana",
        "at": "2026-09-01T10:00:00",
        "note": "Prepared for the district.",
    }
    assert run(doc, lambda s: review.mark_submitted(s, "Ana")).empty  # already submitted
    run(doc, lambda s: operations.change_status(s, "approved", "District"))
    with pytest.raises(PlanRuleError, match="already approved"):
        run(doc, lambda s: review.mark_submitted(s, "Ana"))
    # Undo of the submission takes the plan back to draft and drops the event
    fresh = run(doc, lambda s: operations.change_status(s, "draft", "Ana"))
    assert plan(doc)["profile"]["status"] == "draft"
    undo(doc, fresh)


def fake_pdf(session: Session, *, summary: bool) -> bytes:
    """Stands in for the renderer (``sipdesk.export.files.pdf_renderer``): fast and telling."""
    return b"%PDF-1.4 summary" if summary else b"%PDF-1.4 tool a"


def test_write_district_files_never_overwrites_and_carries_both_pdfs(
    doc: PlanDocument, tmp_path: Path
) -> None:
    folder = tmp_path / "to district #1 été"
    folder.mkdir()
    run(doc, lambda s: review.mark_submitted(s, "Ana"))
    day = dt.date(2026, 9, 1)
    first = district.write_district_files(doc, folder, render=fake_pdf, today=day)
    assert first.plan_file.name == "Oak Hill Elementary – SIP 2026-09-01.sipdesk"
    assert first.pdf_file.name == "Oak Hill Elementary – SIP 2026-09-01.pdf"
    assert first.summary_file.name == "Oak Hill Elementary – SIP 2026-09-01 – plan on a page.pdf"
    assert first.pdf_file.read_bytes() == b"%PDF-1.4 tool a"
    assert first.summary_file.read_bytes() == b"%PDF-1.4 summary"
    # A second package never overwrites the first, even when only the summary is in the way
    first.plan_file.unlink()
    first.pdf_file.unlink()
    second = district.write_district_files(doc, folder, render=fake_pdf, today=day)
    assert second.plan_file.name == "Oak Hill Elementary – SIP 2026-09-01 (2).sipdesk"
    assert second.summary_file.name.startswith("Oak Hill Elementary – SIP 2026-09-01 (2)")
    assert first.summary_file.read_bytes() == b"%PDF-1.4 summary"
    # The copy is a valid plan file, marked submitted, independent of the open plan
    with PlanDocument.open(second.plan_file, readonly=True) as copy, copy.session() as s:
        assert read_plan(s)["profile"]["status"] == "submitted"
    with pytest.raises(PlanRuleError, match="does not exist"):
        district.write_district_files(doc, tmp_path / "nope", render=fake_pdf)


def test_a_failed_render_writes_nothing(doc: PlanDocument, tmp_path: Path) -> None:
    def broken(session: Session, *, summary: bool) -> bytes:
        raise RuntimeError("renderer broke")

    folder = tmp_path / "send"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="renderer broke"):
        district.write_district_files(doc, folder, render=broken)
    assert list(folder.iterdir()) == []


def test_prepare_for_district_in_one_call_with_the_real_pdfs(
    doc: PlanDocument, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from sipdesk.export.files import pdf_renderer

    folder = tmp_path / "send"
    folder.mkdir()
    change, package = district.prepare_for_district(
        doc, folder, "Ana", render=pdf_renderer(today=TODAY)
    )
    assert not change.empty and package.plan_file.exists()
    assert plan(doc)["profile"]["status"] == "submitted"
    tool_a = PdfReader(package.pdf_file)
    assert len(tool_a.pages) > 1
    assert "Oak Hill Elementary" in (tool_a.pages[0].extract_text() or "")
    assert len(PdfReader(package.summary_file).pages) == 1


def test_district_stem_is_a_safe_file_name() -> None:
    stem = district.district_stem({"school_name": 'A/B: "C"?  学校 '}, dt.date(2026, 1, 2))
    assert stem == "A B C 学校 – SIP 2026-01-02"
    assert district.district_stem({}, dt.date(2026, 1, 2)).startswith("School improvement plan")


def test_current_month_is_clamped_to_the_plan_year() -> None:
    assert monitoring.current_month("2026-08", 12, dt.date(2026, 11, 5)) == "2026-11"
    assert monitoring.current_month("2026-08", 12, dt.date(2026, 3, 5)) == "2026-08"
    assert monitoring.current_month("2026-08", 12, dt.date(2028, 3, 5)) == "2027-07"


def test_refs() -> None:
    assert outline.parse_ref("action:12") == ("action", 12)
    assert outline.parse_ref("signatures") is None
    assert outline.parse_ref("goal:x") is None


def test_work_per_plan_is_done_once_per_plan_read_and_again_for_a_new_read() -> None:
    from sipdesk.services.snapshot import per_plan

    calls: list[int] = []

    @per_plan
    def count(plan: dict) -> int:  # type: ignore[type-arg]
        calls.append(1)
        return len(plan)

    first = {"goals": []}
    assert count(first) == count(first) == 1
    assert len(calls) == 1
    again = {"goals": [], "swot": []}  # the plan read afresh after an edit
    assert count(again) == 2 and len(calls) == 2
    assert count(first) == 1 and len(calls) == 3  # only the last plan is kept
