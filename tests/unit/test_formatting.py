"""The one module that writes money, dates, timelines, Tool A numbers and file names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sipdesk.export.csv_export import action_rows
from sipdesk.models import formatting as fmt
from sipdesk.models.plan_types import PlanDoc
from sipdesk.services import outline
from sipdesk.services.checks import number_strategies
from sipdesk.services.values import timeline_text
from tests.records import complete


@pytest.mark.parametrize(
    ("cents", "screen", "printed", "spreadsheet"),
    [
        (None, "", "", ""),
        (0, "$0", "$0.00", "0.00"),
        (7, "$0.07", "$0.07", "0.07"),
        (125000, "$1,250", "$1,250.00", "1250.00"),
        (125050, "$1,250.50", "$1,250.50", "1250.50"),
        (-123456789, "-$1,234,567.89", "-$1,234,567.89", "-1234567.89"),
        (10**13, "$100,000,000,000", "$100,000,000,000.00", "100000000000.00"),
    ],
)
def test_money_reads_the_same_on_screen_on_paper_and_in_a_spreadsheet(
    cents: int | None, screen: str, printed: str, spreadsheet: str
) -> None:
    assert fmt.money(cents) == screen
    assert fmt.money(cents, always_cents=True) == printed
    assert fmt.money_for_spreadsheet(cents) == spreadsheet


def test_dates() -> None:
    assert fmt.long_date("2026-09-05") == "September 5, 2026"
    assert fmt.long_date("2026-09-05T10:30:00") == "September 5, 2026"
    assert fmt.long_date(dt.date(2027, 1, 2)) == "January 2, 2027"
    assert fmt.long_date("next spring") == "next spring"
    assert fmt.long_date(None) == fmt.long_date("") == ""
    assert fmt.short_date(dt.date(2026, 9, 5)) == "Sep 5, 2026"
    assert fmt.short_date(dt.date(2026, 9, 5), with_year=False) == "Sep 5"


@pytest.mark.parametrize(
    ("start", "due", "text"),
    [
        ("2026-08-10", "2026-09-30", "Aug 10 – Sep 30, 2026"),
        ("2026-12-01", "2027-01-15", "Dec 1, 2026 – Jan 15, 2027"),
        ("2026-08-10", "2026-08-10", "Aug 10, 2026"),
        ("2026-08-10", None, "From Aug 10, 2026"),
        ("", "2026-09-30", "By Sep 30, 2026"),
        (None, None, ""),
        ("fall", "2026-09-30", "fall – 2026-09-30"),
    ],
)
def test_one_timeline_for_every_screen_and_export(start: Any, due: Any, text: str) -> None:
    assert fmt.timeline(start, due) == text
    assert timeline_text({"start": start, "due": due}) == text
    assert fmt.timeline(start, due, dash=" –\n") == text.replace(" – ", " –\n")


def test_ordinals() -> None:
    assert [fmt.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


PLAN: dict[str, Any] = {
    "priorities": [
        {
            "id": 1,
            "title": "Reading",
            "strategies": [
                {"id": 10, "milestones": []},
                {
                    "id": 11,
                    "practice_code": "2a",
                    "milestones": [
                        {"id": 20, "text": "m", "actions": [{"id": 30}, {"id": 31}]},
                    ],
                },
            ],
        },
        {"id": 2, "strategies": [{"id": 12, "milestones": [{"id": 21, "actions": []}]}]},
    ]
}


def test_one_tool_a_numbering_for_outline_checks_and_csv() -> None:
    numbers = {f"{n.kind}:{n.row['id']}": n.number for n in fmt.numbered_outline(PLAN)}
    assert numbers == {
        "priority:1": "1",
        "strategy:10": "1.1",
        "strategy:11": "1.2",
        "milestone:20": "1.2.1",
        "action:30": "1.2.1.1",
        "action:31": "1.2.1.2",
        "priority:2": "2",
        "strategy:12": "2.1",
        "milestone:21": "2.1.1",
    }
    assert outline.numbering(PLAN) == numbers
    assert number_strategies(PLAN) == {10: "1.1", 11: "1.2", 12: "2.1"}
    rows = action_rows(complete(PlanDoc, PLAN))
    assert [row[:7:2] for row in rows] == [
        ["1", "1.2", "1.2.1", "1.2.1.1"],
        ["1", "1.2", "1.2.1", "1.2.1.2"],
    ]
    assert rows[0][1] == "Reading" and rows[0][3] == "2a" and rows[0][5] == "m"


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        ('A/B: "C"?  学校 ', "A B C 学校"),
        ("Oak Hill Elementary", "Oak Hill Elementary"),
        ("..\\..\\etc", "etc"),
        ("line\nbreak\ttab", "line break tab"),
        ("  ...  ", "fallback"),
        ("", "fallback"),
        ("e\u0301cole", "\u00e9cole"),  # one spelling of é, whatever the keyboard typed
    ],
)
def test_file_stem(text: str, stem: str) -> None:
    assert fmt.file_stem(text, "fallback") == stem


def test_file_stem_is_cut_to_its_limit_without_a_trailing_space() -> None:
    assert fmt.file_stem("word " * 30, "x", limit=12) == "word word wo"
    assert fmt.file_stem("abcde  fgh", "x", limit=6) == "abcde"
    assert fmt.file_stem("x" * 200, "f") == "x" * 80


def test_when_an_action_happens_reads_as_the_plan_prints_it() -> None:
    once = fmt.action_when("once", "", "2026-08-10", "2026-08-11")
    assert once == fmt.timeline("2026-08-10", "2026-08-11") == "Aug 10 – Aug 11, 2026"
    assert (
        fmt.action_when("weekly", " Tuesdays, 45 min ", None, None) == "Weekly · Tuesdays, 45 min"
    )
    assert fmt.action_when("each cycle", "", "2026-09-08", "2027-05-28") == (
        "Each cycle\nSep 8, 2026 – May 28, 2027"
    )
