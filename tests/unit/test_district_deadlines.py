"""Where each school stands against the district's timeline (issue 13, items 4 and 7): the
rules on fixed dates (never today's), and the same state on a real desk, in ``district list``
and its JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sipdesk.cli import main
from sipdesk.district.deadlines import DUE_SOON, LATE, MISSING, ON_TIME, deadline_state
from sipdesk.district.document import DeskDocument
from sipdesk.district.schools import local_day, school_rows
from sipdesk.services.review import mark_submitted
from tests.plans import new_plan, sample_plan

D1 = dt.date(2026, 10, 1)  # first draft due
D3 = dt.date(2027, 1, 15)  # final plan due


def _state(
    today: dt.date,
    first: dt.date | None = None,
    latest: dt.date | None = None,
    status: str = "draft",
    *,
    d1: dt.date | None = D1,
    d3: dt.date | None = D3,
) -> tuple[str, int]:
    got = deadline_state(
        today=today,
        first_draft_due=d1,
        final_due=d3,
        first_received=first,
        latest_received=latest or first,
        latest_status=status,
    )
    return got.state, got.days


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Nothing sent yet: on time, due soon within 14 days, then missing.
        ((dt.date(2026, 9, 1),), (ON_TIME, 30)),
        ((dt.date(2026, 9, 17),), (DUE_SOON, 14)),
        ((dt.date(2026, 10, 1),), (DUE_SOON, 0)),
        ((dt.date(2026, 10, 2),), (MISSING, -1)),
        # A first draft on time: the final plan is next.
        ((dt.date(2026, 10, 5), dt.date(2026, 9, 30)), (ON_TIME, 102)),
        ((dt.date(2027, 1, 10), dt.date(2026, 9, 30)), (DUE_SOON, 5)),
        ((dt.date(2027, 1, 16), dt.date(2026, 9, 30)), (MISSING, -1)),
        # A first draft after its date is late until the final plan is in.
        ((dt.date(2026, 10, 5), dt.date(2026, 10, 3)), (LATE, -2)),
        ((dt.date(2027, 1, 20), dt.date(2026, 10, 3)), (MISSING, -5)),
        # The final plan: the latest version submitted, or approved, by the date or after it.
        (
            (dt.date(2027, 3, 1), dt.date(2026, 10, 3), dt.date(2027, 1, 15), "submitted"),
            (ON_TIME, 0),
        ),
        ((dt.date(2027, 3, 1), dt.date(2026, 9, 3), dt.date(2027, 1, 18), "approved"), (LATE, -3)),
        # Returned by the district is not final: still to come.
        (
            (dt.date(2027, 1, 20), dt.date(2026, 9, 3), dt.date(2027, 1, 2), "returned"),
            (MISSING, -5),
        ),
    ],
)
def test_the_rules(facts: tuple[object, ...], expected: tuple[str, int]) -> None:
    assert _state(*facts) == expected  # type: ignore[arg-type]


def test_dates_the_district_has_not_set_are_skipped() -> None:
    day = dt.date(2026, 12, 1)
    assert _state(day, dt.date(2026, 11, 1), d1=None, d3=None) == ("", 0)
    assert _state(day, dt.date(2026, 11, 1), d3=None) == (LATE, -31)
    assert _state(day, dt.date(2026, 9, 1), d3=None) == (ON_TIME, 0)
    assert _state(day, None, d1=None) == (ON_TIME, 45)
    assert _state(dt.date(2027, 2, 1), None, d1=None) == (MISSING, -17)


def test_the_desk_shows_each_schools_deadline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = tmp_path / "riverside.sipdesk"
    doc = sample_plan(sent)
    with doc.transaction() as session:
        mark_submitted(session, "Principal Ada", dt.datetime(2026, 11, 30, 9, 0))
    doc.close()
    draft = tmp_path / "lincoln.sipdesk"
    new_plan(draft, "Lincoln Elementary").close()
    desk = tmp_path / "d.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Pine County"]) == 0
    assert main(["district", "add", str(desk), str(sent), str(draft)]) == 0
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        arrived = local_day(school_rows(session)[0].latest_received)
        assert school_rows(session, arrived)[0].deadline == ""  # no timeline yet
    # The timeline around the day the plans arrived: the first draft was due the day before.
    due = arrived - dt.timedelta(days=1)
    final = arrived + dt.timedelta(days=10)
    argv = ["district", "expect", str(desk), "--first-draft-due", str(due)]
    assert main([*argv, "--final-due", str(final)]) == 0
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        rows = {r.school: r for r in school_rows(session, arrived)}
        later = {r.school: r for r in school_rows(session, final + dt.timedelta(days=1))}
    lincoln, riverside = rows["Lincoln Elementary"], rows["Riverside Elementary School"]
    assert (riverside.deadline, riverside.deadline_words) == (ON_TIME, "On time: final plan in")
    assert lincoln.deadline == LATE and lincoln.deadline_words == "Late: first draft"
    assert "final plan due" in lincoln.deadline_detail
    assert later["Lincoln Elementary"].deadline == MISSING
    assert later["Riverside Elementary School"].deadline == ON_TIME
    capsys.readouterr()
    assert main(["district", "list", str(desk), "--json"]) == 0
    listed = {s["school"]: s for s in json.loads(capsys.readouterr().out)["schools"]}
    assert listed["Riverside Elementary School"]["deadline"] == ON_TIME
    assert listed["Lincoln Elementary"]["deadline"] in (LATE, MISSING)  # by the reader's today
    assert main(["district", "list", str(desk)]) == 0
    out = capsys.readouterr().out
    assert "Deadline" in out and "On time: final plan in" in out
