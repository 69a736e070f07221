"""State packs (issue 15, items 1 and 4): the shipped packs hold to their schema and to the
reference documents, a month on a fixed ``today`` says the right things, hostile pack files are
refused with one sentence, and ``sipdesk packs`` / ``sipdesk calendar`` run through ``main()``.

The expected months, roles and dates below were written by reading
../shared/reference/year-in-the-life-planning-calendar.txt, not from the pack."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sipdesk.cli import main
from sipdesk.export.interchange import import_json
from sipdesk.paths import resource_path
from sipdesk.services.state_packs import (
    MAX_PACK_BYTES,
    StatePackError,
    _schema_problem,
    dated,
    find_pack,
    installed_packs,
    load_pack,
    pack_for_profile,
    read_pack_file,
    start_for_month,
    start_for_plan,
    this_month,
    year_started,
)

# The reference's months (October/November, November, December, January, February/March,
# April, April/May, May, June) and, for each, the role columns that have something in them.
ALL = {"coordinators", "isbe", "district", "principal", "slt"}
REFERENCE_MONTHS: dict[int, set[str]] = {
    10: ALL,
    11: ALL,
    12: ALL,
    1: ALL,
    2: ALL,
    3: ALL,
    4: ALL,
    5: ALL,
    6: {"coordinators", "district", "principal"},
}
# Every dated deadline in the reference, for a planning year starting in October 2026.
REFERENCE_DATES = {
    (dt.date(2026, 12, 31), "ends"),  # second quarter reporting period ends Dec. 31
    (dt.date(2027, 1, 20), "due"),  # QER due Jan. 20
    (dt.date(2027, 1, 31), "due"),  # IQFSR due Jan. 31
    (dt.date(2027, 3, 30), "ends"),  # third quarter period ends March 30
    (dt.date(2027, 4, 20), "due"),  # QER by April 20
    (dt.date(2027, 6, 30), "ends"),  # planning year report period / fourth quarter end June 30
    (dt.date(2027, 6, 30), "opens"),  # GPRS opens June 30
    (dt.date(2027, 7, 20), "due"),  # Planning Year report and QER due July 20
    (dt.date(2027, 7, 30), "due"),  # GPRS due July 30
}


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


# ------------------------------------------------------------------ the shipped packs
def test_the_shipped_packs_validate_against_the_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(resource_path("packs", "schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    shipped = sorted(p for p in resource_path("packs").glob("*.json") if p.name != "schema.json")
    assert [p.stem for p in shipped] == ["generic", "illinois"]
    # Every shipped pack, through the same strict checker an outside pack meets: reading a
    # shipped pack skips it (installed_packs), so this test is what keeps them to it.
    for path in shipped:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert not list(Draft202012Validator(schema).iter_errors(data)), path.name
        assert _schema_problem(data) == "", path.name
    assert [p.name for p in installed_packs()] == ["generic", "illinois"]
    assert find_pack("illinois").readiness_profile == "illinois"
    assert find_pack("generic").readiness_profile == "tool-a"


def test_every_reference_month_is_in_the_illinois_pack_with_its_roles() -> None:
    pack = find_pack("illinois")
    assert pack.starts == 10
    assert set(pack.months()) == set(REFERENCE_MONTHS)
    for month, roles in REFERENCE_MONTHS.items():
        shown = this_month(pack, 2026, *_on(pack, month), dt.date(2026, 10, 1))
        assert {role.key for role, _ in shown.by_role} == roles, month
        assert all(a.step in range(9) for _, acts in shown.by_role for a in acts)
    # A few activities tied to the step they belong to.
    steps = {a.title: a.step for a in pack.activities}
    assert steps["Root cause analysis"] == 3
    assert steps["Write the School Improvement Plan (SIP)"] == 5
    assert steps["Form the school leadership team (SLT)"] == 0


def _on(pack: Any, month: int) -> tuple[int, int]:
    return (2026 if month >= pack.starts else 2027, month)


def test_every_dated_deadline_in_the_reference_is_in_the_pack_with_its_date() -> None:
    pack = find_pack("illinois")
    found = {(d.day, d.kind) for d in dated(pack, 2026)}
    assert found == REFERENCE_DATES
    words = {(d.day, d.what) for d in dated(pack, 2026)}
    assert (dt.date(2027, 1, 31), "IQFSR results entered in IWAS") in words
    assert (dt.date(2027, 7, 30), "GPRS due to ISBE") in words


def test_the_illinois_catalogue_names_the_providers_at_three_levels() -> None:
    pack = find_pack("illinois")
    assert [lv.key for lv in pack.levels] == ["universal", "collaborative", "specialized"]
    assert [p.short for p in pack.providers] == ["ISBE", "IARSS", "IASB", "IPA", "IASA"]
    for level in pack.levels:
        assert pack.services(level.key), level.key
    assert pack_for_profile("illinois").name == "illinois"
    assert pack_for_profile("tool-a").name == "generic"


def test_the_generic_pack_has_no_dates_and_a_year_by_role() -> None:
    pack = find_pack("generic")
    assert dated(pack, 2026) == []
    assert not pack.providers
    assert set(pack.months()) == {8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6}
    assert {a.year for a in pack.activities} == {"planning", "implementation"}
    later = this_month(pack, 2026, 2027, 9, dt.date(2027, 9, 1))
    assert later.which == "implementation"
    assert [a.step for _, acts in later.by_role for a in acts] == [6, 6]


# ------------------------------------------------------------------ a month on a fixed today
def test_january_on_a_fixed_today_lists_the_month_and_the_overdue_qer() -> None:
    pack = find_pack("illinois")
    today = dt.date(2027, 1, 25)
    start = start_for_month(pack, 2027, 1)
    assert start == 2026
    shown = this_month(pack, start, 2027, 1, today)
    assert shown.which == "planning"
    by_role = {role.key: [a.title for a in acts] for role, acts in shown.by_role}
    assert by_role["principal"] == ["Finish the needs assessment and the IQFSR"]
    assert by_role["district"] == [
        "Finish the needs assessment and the IQFSR",
        "Quarterly Expenditure Report (QER) for the second quarter",
    ]
    assert [(d.day, d.what) for d in shown.due] == [
        (dt.date(2027, 1, 31), "IQFSR results entered in IWAS")
    ]
    assert [(d.day, d.what) for d in shown.overdue] == [(dt.date(2027, 1, 20), "QER due to ISBE")]
    # A reporting period's end is never overdue; a due date long past is no longer listed.
    late = this_month(pack, start, 2027, 3, dt.date(2027, 3, 5))
    assert late.overdue == ()
    assert [(d.day, d.kind) for d in late.due] == [(dt.date(2027, 3, 30), "ends")]


def test_a_plan_places_the_planning_year_by_its_first_month() -> None:
    pack = find_pack("illinois")
    assert start_for_plan(pack, "2026-08") == 2026
    assert start_for_plan(pack, "2027-01") == 2026  # a plan year counted from January
    assert start_for_plan(find_pack("generic"), "2026-08") == 2026


# ------------------------------------------------------------------ hostile pack files
def _base() -> dict[str, Any]:
    text = resource_path("packs", "illinois.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _write(change: Any) -> Any:
    def write(path: Path) -> None:
        data = _base()
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    data[key] = value


HOSTILE: list[tuple[str, Any, str]] = [
    ("too big", lambda p: p.write_bytes(b" " * (MAX_PACK_BYTES + 1)), "far larger than any"),
    ("deep", lambda p: p.write_bytes(b"[" * 200_000), "is not JSON"),
    ("deep inside", lambda p: p.write_text('{"a":' * 5000 + "1" + "}" * 5000), "is not"),
    (
        "deep under an unknown key",
        _write(lambda d: _set(d, "extra", json.loads("[" * 500 + "]" * 500))),
        "the pack holds “extra”, which is not something a pack holds",
    ),
    ("not utf-8", lambda p: p.write_bytes(b"\xff\xfe{}"), "not written as UTF-8"),
    ("not json", lambda p: p.write_text("hello", encoding="utf-8"), "is not JSON"),
    ("another json", lambda p: p.write_text("{}", encoding="utf-8"), "is not a state pack"),
    ("folder", lambda p: p.mkdir(), "could not be found, or is not a file"),
    ("newer", _write(lambda d: _set(d, "version", 2)), "made for a newer SIP Desk"),
    ("unknown key", _write(lambda d: _set(d, "surprise", 1)), "“surprise”, which is not"),
    (
        "unknown key inside",
        _write(lambda d: d["calendar"]["activities"][2].update(owner="x")),
        "activity 3 of the calendar holds “owner”, which is not something a pack holds",
    ),
    ("title a number", _write(lambda d: _set(d, "title", 7)), "“title” should be text"),
    (
        "step a string",
        _write(lambda d: d["calendar"]["activities"][0].update(step="2")),
        "“step” of activity 1 of the calendar should be a whole number",
    ),
    (
        "step a float",
        _write(lambda d: d["calendar"]["activities"][0].update(step=2.0)),
        "should be a whole number",
    ),
    (
        "step too big",
        _write(lambda d: d["calendar"]["activities"][0].update(step=9)),
        "is out of range",
    ),
    ("roles not a list", _write(lambda d: _set(d, "roles", {})), "should be a list"),
    ("missing calendar", _write(lambda d: d.pop("calendar")), "has no “calendar”"),
    (
        "huge text",
        _write(lambda d: _set(d, "about", "x" * 5000)),
        "longer than a pack allows",
    ),
    (
        "unknown role",
        _write(lambda d: d["calendar"]["activities"][0]["roles"].update(janitor="Sweep.")),
        "names a role the pack does not list (“janitor”)",
    ),
    (
        "no such day",
        _write(lambda d: d["calendar"]["activities"][12]["deadlines"][0].update(date="02-30")),
        "a day no month has",
    ),
    (
        "unknown level",
        _write(lambda d: d["supports"]["providers"][0]["services"][0].update(level="gold")),
        "at a level the pack does not list",
    ),
    (
        "unknown profile",
        _write(lambda d: _set(d, "readiness_profile", "texas")),
        "readiness profile “texas”",
    ),
]


@pytest.mark.parametrize(("label", "make", "said"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_pack_is_refused_with_one_sentence(
    tmp_path: Path, label: str, make: Any, said: str
) -> None:
    path = tmp_path / "pack.json"
    make(path)
    with pytest.raises(StatePackError) as caught:
        read_pack_file(path)
    sentence = str(caught.value)
    assert said in sentence, (label, sentence)
    assert "\n" not in sentence and len(sentence) < 300, sentence


def test_a_copied_and_edited_pack_from_outside_is_used(tmp_path: Path) -> None:
    data = _base()
    data["name"] = "pine-county"
    data["title"] = "Pine County planning year"
    path = tmp_path / "pine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    pack = load_pack(str(path))
    assert (pack.name, pack.title) == ("pine-county", "Pine County planning year")
    with pytest.raises(StatePackError, match="there is no state pack called “texas”"):
        load_pack("texas")


# ------------------------------------------------------------------ the command line
def test_packs_lists_the_installed_packs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs"]) == 0
    out = capsys.readouterr().out
    assert "illinois: Illinois: targeted schools, planning year" in out
    assert "Readiness profile: Illinois (ISBE)" in out
    assert "Planning year months: Oct, Nov, Dec, Jan, Feb, Mar, Apr, May, Jun" in out
    assert "Providers: ISBE, IARSS, IASB, IPA, IASA" in out
    assert "generic: Generic planning year" in out


def test_calendar_without_a_plan(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calendar", "--pack", "illinois", "--month", "2027-01", "--today", "2027-01-25"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("January 2027 · planning year · Illinois")
    principal = "  Principal\n    - Finish the needs assessment and the IQFSR (step 2, Assess"
    assert principal in out
    assert "31 Jan 2027  IQFSR results entered in IWAS (6 days left)" in out
    assert "Overdue, unless already done:\n  20 Jan 2027  QER due to ISBE (5 days ago)" in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["calendar", "--month", "2027-13"], "is not a month written as YYYY-MM"),
        (["calendar", "--today", "yesterday"], "is not a date written as YYYY-MM-DD"),
        (["calendar", "--pack", "texas"], "there is no state pack called “texas”"),
        (["calendar", "--pack", "nowhere/pack.json"], "could not be found"),
        (["calendar", "missing.sipdesk"], "could not be found"),
    ],
)
def test_calendar_refuses_bad_input_with_a_sentence(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert said in _sentence(capsys.readouterr().err)


def test_calendar_with_a_plan_uses_its_profile_year_and_district_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(resource_path("sample-plan.json").read_text(encoding="utf-8"))
    document["profile"]["readiness_profile"] = "illinois"
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    plan = tmp_path / "riverside.sipdesk"
    import_json(source, plan).close()
    today = ["--month", "2027-04", "--today", "2027-04-25"]
    assert main(["calendar", str(plan), *today]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Riverside Elementary School: April 2027 · planning year · Illinois")
    assert "Form a stakeholder advisory group" in out
    assert "20 Apr 2027  QER due to ISBE (5 days ago)" in out  # overdue

    # The district's expectations pack joins the list.
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Pine County Schools"]) == 0
    argv = ["district", "expect", str(desk), "--final-due", "2027-05-10"]
    assert main(argv) == 0
    assert main(["district", "export-expectations", str(desk), "-o", str(tmp_path / "pine")]) == 0
    assert main(["take-expectations", str(plan), str(tmp_path / "pine.sipexpect")]) == 0
    capsys.readouterr()
    assert main(["calendar", str(plan), *today]) == 0
    out = capsys.readouterr().out
    assert "10 May 2027  Final plan due (15 days left) · Pine County Schools" in out

    # --pack wins over the plan's own profile; the plan's year still places the months.
    assert main(["calendar", str(plan), "--pack", "generic", *today]) == 0
    out = capsys.readouterr().out
    assert "April 2027 · planning year · Generic planning year" in out
    assert "Build the plan (step 5, Build the plan)" in out


def _plan_with(tmp_path: Path, name: str, **profile: Any) -> Path:
    document = json.loads(resource_path("sample-plan.json").read_text(encoding="utf-8"))
    document["profile"].update(readiness_profile="illinois", **profile)
    source = tmp_path / f"{name}.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    plan = tmp_path / f"{name}.sipdesk"
    import_json(source, plan).close()
    return plan


def test_calendar_follows_the_pack_and_year_the_plan_chose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The sample's school year is 2026–27 (its first month is August 2026).
    april = ["--month", "2027-04", "--today", "2027-04-25"]

    # A plan that names the generic pack follows it, though its profile is Illinois's.
    plan = _plan_with(tmp_path, "generic", state_pack="generic")
    assert main(["calendar", str(plan), *april]) == 0
    out = capsys.readouterr().out
    assert "April 2027 · planning year · Generic planning year" in out
    assert "Build the plan (step 5, Build the plan)" in out
    assert "Carry out the plan" not in out

    # In implementation year 1, the school year shows the pack's implementation activities.
    plan = _plan_with(
        tmp_path, "year1", state_pack="generic", plan_phase="implementation", implementation_year=1
    )
    assert main(["calendar", str(plan), *april]) == 0
    out = capsys.readouterr().out
    assert "April 2027 · implementation year 1 · Generic planning year" in out
    assert "Carry out the plan and monitor progress (step 6" in out
    assert "Build the plan" not in out

    # A designation year places the planning year: designated 2025–26, so April 2026 is
    # planning and April 2027 the implementation year after it.
    plan = _plan_with(tmp_path, "designated", state_pack="generic", designation_year="2025–26")
    assert main(["calendar", str(plan), "--month", "2026-04", "--today", "2026-04-25"]) == 0
    assert "April 2026 · planning year · Generic planning year" in capsys.readouterr().out
    assert main(["calendar", str(plan), *april]) == 0
    out = capsys.readouterr().out
    assert "April 2027 · implementation year · Generic planning year" in out
    assert "Carry out the plan and monitor progress (step 6" in out

    # A pack this SIP Desk does not have falls back to the readiness profile's, as before.
    plan = _plan_with(tmp_path, "unknown", state_pack="texas")
    assert main(["calendar", str(plan), *april]) == 0
    assert "April 2027 · planning year · Illinois" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("written", "year"),
    [("2026–27", 2026), ("2026-2027", 2026), (" 2025", 2025), ("", None), ("next year", None)],
)
def test_a_designation_year_is_read_as_people_write_it(written: str, year: int | None) -> None:
    assert year_started(written) == year
