"""Issue 11: a hand-written one-year plan, imported from the interchange format, passes
``check``; with any one required piece taken away, ``check`` names that piece, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sipdesk.cli import EXIT_BAD, EXIT_GAPS, EXIT_OK, main
from tests.annual_plan import annual_plan, build


def check(path: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str, str]:
    code = main(["check", str(path), *more])
    out, err = capsys.readouterr()
    return code, out, err


def _strategy(plan: dict[str, Any]) -> dict[str, Any]:
    strategy: dict[str, Any] = plan["priorities"][0]["strategies"][0]
    return strategy


def _action(plan: dict[str, Any], number: int) -> dict[str, Any]:
    action: dict[str, Any] = _strategy(plan)["milestones"][0]["actions"][number - 1]
    return action


def test_the_complete_annual_plan_is_ready(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(build(annual_plan(), tmp_path), capsys)
    assert (code, err) == (EXIT_OK, "")
    assert out == (
        "Pine Creek Elementary: the plan file is sound and the plan is ready to send "
        "(checked against the Tool A profile).\n"
    )


Change = Callable[[dict[str, Any]], object]
# Each required piece, taken away alone, and the line ``check`` prints for it.
PIECES: list[tuple[str, Change, str]] = [
    ("school name", lambda p: p["profile"].update(school_name=""), "Add the school's name."),
    (
        "school year",
        lambda p: p["profile"].update(school_year=""),
        "Write the school year the plan starts in (for example 2026–27).",
    ),
    ("plan date", lambda p: p["profile"].pop("plan_date"), "Add the date of the plan."),
    ("vision", lambda p: p["profile"].update(vision=" "), "Write the school's vision."),
    ("mission", lambda p: p["profile"].update(mission=""), "Write the school's mission."),
    ("core values", lambda p: p.update(core_values=[]), "Name the school's core values."),
    (
        "theory of action",
        lambda p: p["profile"].update(toa_then=""),
        "The plan's theory of action: the “then …” part is empty.",
    ),
    (
        "signatures",
        lambda p: p.update(signatures=[]),
        "Collect the plan signatures before submitting.",
    ),
    (
        "goal target",
        lambda p: p["goals"][1]["measures"][0].update(target_y1=""),
        "Goal 2 “More 3–5 students meet expected growth in math”, measure 1 needs a year 1 target.",
    ),
    (
        "goal baseline",
        lambda p: p["goals"][0]["measures"][0].update(baseline=""),
        "Goal 1 “More K–5 students read on grade level”, measure 1 needs a baseline.",
    ),
    (
        "time of a rating target",
        lambda p: p["goals"][1]["measures"][0].update(target_y1="Meets Expected Growth"),
        "Goal 2 “More 3–5 students meet expected growth in math”, measure 1 needs a time in "
        "the year 1 target.",
    ),
    (
        "the rating of a rating target",
        lambda p: p["goals"][1]["measures"][0].update(target_y1="55 % by June 2026"),
        "Goal 2 “More 3–5 students meet expected growth in math”, measure 1 needs a rating to "
        "reach (such as “Meets” or a number of stars) in the year 1 target.",
    ),
    (
        "a grade's baseline",
        lambda p: p["goals"][0]["measures"][0]["groups"][1].update(baseline=""),
        "Goal 1 “More K–5 students read on grade level”, measure 1 needs a baseline in each "
        "grade or group row.",
    ),
    (
        "a grade's target",
        lambda p: p["goals"][0]["measures"][0]["groups"][0].update(targets=[]),
        "Goal 1 “More K–5 students read on grade level”, measure 1 needs a target in each "
        "grade or group row.",
    ),
    (
        "monitored measure",
        lambda p: [m.update(monitored=False) for m in p["goals"][0]["measures"]],
        "Goal 1 “More K–5 students read on grade level” has no measure the team monitors.",
    ),
    (
        "root cause",
        lambda p: p["priorities"][0].update(links=[]),
        "Link Priority 1 “Reading” to at least one root cause.",
    ),
    (
        "practice code",
        lambda p: _strategy(p).update(practice_code=""),
        "Strategy 1.1 needs a Four Domains practice code.",
    ),
    (
        "strategy measure",
        lambda p: _strategy(p).update(measures=[]),
        "Strategy 1.1 needs a performance measure.",
    ),
    (
        "strategy measure baseline",
        lambda p: _strategy(p)["measures"][0].update(baseline=""),
        "Strategy 1.1, measure 1 needs a baseline.",
    ),
    (
        "milestone",
        lambda p: _strategy(p).update(milestones=[]),
        "Strategy 1.1 needs a milestone.",
    ),
    (
        "recurring action's schedule",
        lambda p: _action(p, 1).update(schedule=""),
        "Action 1.1.1.1 happens weekly: say when (its schedule, or the dates it runs between).",
    ),
    (
        "one-off action's dates",
        lambda p: _action(p, 2).update(start=None, due=None),
        "Action 1.1.1.2 needs a timeline.",
    ),
    (
        "person responsible",
        lambda p: _action(p, 2).update(person_responsible=""),
        "Action 1.1.1.2 needs a person responsible.",
    ),
]


@pytest.mark.parametrize(("change", "line"), [p[1:] for p in PIECES], ids=[p[0] for p in PIECES])
def test_each_piece_taken_away_is_named_once(
    change: Change, line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = annual_plan()
    change(plan)
    code, out, err = check(build(plan, tmp_path), capsys)
    assert (code, err) == (EXIT_GAPS, "")
    assert out.count(line) == 1, out
    assert f"  - {line}\n" in out


def test_repeats_print_as_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = annual_plan()
    for action in _strategy(plan)["milestones"][0]["actions"]:
        action["person_responsible"] = ""
    code, out, _ = check(build(plan, tmp_path), capsys)
    assert code == EXIT_GAPS
    assert out.splitlines() == [
        "Pine Creek Elementary: the plan file is sound. Checked against the Tool A profile, "
        "2 things still to do:",
        "",
        "Step 5 · Build the plan",
        "  - 2 actions need a person responsible: 1.1.1.1, 1.1.1.2.",
    ]


def test_check_by_another_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build(annual_plan(), tmp_path)
    code, out, _ = check(path, capsys, "--profile", "illinois")
    assert code == EXIT_GAPS
    assert "Checked against the Illinois (ISBE) profile, 5 things still to do:" in out
    # (its interim mClass measure is the local assessment Illinois asks for)
    assert "local assessment" not in out
    assert "  - 2 actions need a funding source, or a budget of $0 when they cost nothing: " in out
    assert "Say how the plan will reach staff, families and the community" in out


def test_an_unknown_profile_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = build(annual_plan(), tmp_path)
    code, out, err = check(path, capsys, "--profile", "Ohio")
    assert (code, out) == (EXIT_BAD, "")
    assert err == (
        "sipdesk: there is no readiness profile called “Ohio”; the profiles are “tool-a” for "
        "Tool A and “illinois” for Illinois (ISBE).\n"
    )


def test_a_five_year_plan_needs_a_target_for_each_of_its_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the annual plan made a five-year plan, its goal measures with targets for year 1
    plan = annual_plan()
    plan["profile"]["plan_years"] = 5
    # Then check asks each goal measure for years 2 to 5 too (and none for a sixth), and
    # each strategy measure the same: the plan's span, not a fixed two years
    code, out, _ = check(build(plan, tmp_path), capsys)
    assert code == EXIT_GAPS
    assert "need targets for years 2, 3, 4 and 5" in out
    assert "Strategy 1.1, measure 1 needs targets for years 2, 3, 4 and 5." in out
    # And with every year written, the measures are complete again
    strategy_measures = [
        m for p in plan["priorities"] for s in p["strategies"] for m in s["measures"]
    ]
    for measures in [g["measures"] for g in plan["goals"]] + [strategy_measures]:
        for measure in measures:
            for year in range(2, 6):
                measure[f"target_y{year}"] = f"{70 + year} % by June {2025 + year}"
            for group in measure.get("groups", []):
                group["targets"] = [f"{40 + y} % by June {2025 + y}" for y in range(1, 6)]
    code, out, _ = check(build(plan, tmp_path, "Five years"), capsys)
    assert "targets for years" not in out and "each grade or group row" not in out, out
