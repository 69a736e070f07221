"""The Tool A PDF fits real plans (issue 11): empty required parts keep their heading, budgets
not recorded print blank, table cells never cut a word, and targets follow the plan's span.

Each plan goes through the interchange import into a real plan file and is read back; each PDF
is read back with pypdf.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.export import pdf
from sipdesk.services.snapshot import read_plan
from tests.plans import new_plan

TODAY = dt.date(2026, 12, 1)


def plan_from_json(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    """Import an interchange document (the real path into a plan file) and read it back."""
    from sipdesk.export.interchange import import_json

    source = folder / "plan.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    doc = import_json(source, folder / f"plan-{len(list(folder.iterdir()))}.sipdesk")
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def section(texts: list[str], start: str, end: str) -> str:
    """The text from the last ``start`` (a heading is first named in the contents) to the next
    ``end``."""
    text = "\n".join(texts)
    begin = text.rindex(start)
    return text[begin : text.index(end, begin)]


def document(profile: dict[str, Any], priorities: list[Any], goals: list[Any]) -> dict[str, Any]:
    return {
        "format": "sipdesk-plan",
        "format_version": 3,
        "profile": {"school_name": "Maple Grove Elementary", **profile},
        "goals": goals,
        "priorities": priorities,
    }


# --- 1. empty required parts -----------------------------------------------------------------


def test_empty_required_parts_keep_their_heading_with_not_written_yet(tmp_path: Path) -> None:
    # Given a brand-new plan: no vision, mission, core values or theory of action
    doc = new_plan(tmp_path / "empty.sipdesk")
    with doc.session() as session:
        data = pdf.render_plan(session, today=TODAY)
    doc.close()
    # Then each of them is still headed in the strategic direction, marked as not written
    text = section(pages(data), "School Strategic Direction", "Goal 1:")
    for label in ("Vision:", "Mission:", "Core Values:", "Theory of Action:"):
        assert re.search(rf"{label}\s*Not written yet", text), label


def test_written_parts_print_their_text_not_the_marker(tmp_path: Path) -> None:
    plan = plan_from_json(
        tmp_path,
        {
            **document(
                {
                    "vision": "Every child reads.",
                    "mission": "We teach every child.",
                    "toa_if": "we coach teachers",
                    "toa_then": "teaching improves",
                    "toa_and": "students read",
                    "school_year": "2026–27",
                },
                [],
                [],
            ),
            "core_values": [{"id": 1, "text": "Belonging"}],
        },
    )
    texts = pages(pdf.render_plan_data(plan, today=TODAY))
    text = section(texts, "School Strategic Direction", "Goal 1:")
    assert "Not written yet" not in text
    assert "Every child reads." in text and "Belonging" in text and "coach teachers" in text
    assert "School Year: 2026–27" in texts[0]


# --- 2. budgets ------------------------------------------------------------------------------


def action(number: int, text: str, **extra: Any) -> dict[str, Any]:
    return {"id": number, "text": text, "person_responsible": "Ms. Rivera", **extra}


def test_budgets_not_recorded_print_blank_and_totals_count_only_recorded_ones(
    tmp_path: Path,
) -> None:
    # Given one strategy whose actions have a budget, a recorded zero and no budget, and one
    # whose actions have no budget at all
    priorities = [
        {
            "id": 1,
            "title": "Reading",
            "strategies": [
                {
                    "id": 1,
                    "if_text": "we coach",
                    "milestones": [
                        {
                            "id": 1,
                            "text": "Coaching starts",
                            "actions": [
                                action(1, "Buy books", budget_cents=125000),
                                action(2, "Free visit", budget_cents=0),
                                action(3, "Plan cycles"),
                            ],
                        }
                    ],
                },
                {
                    "id": 2,
                    "if_text": "we meet",
                    "milestones": [
                        {"id": 2, "text": "Meetings held", "actions": [action(4, "Meet")]}
                    ],
                },
            ],
        }
    ]
    plan = plan_from_json(tmp_path, document({}, priorities, []))
    budgets = [
        a["budget_cents"]
        for a in plan["priorities"][0]["strategies"][0]["milestones"][0]["actions"]
    ]
    assert budgets == [125000, 0, None]  # stored as given: nothing recorded is None, not 0
    text = "\n".join(pages(pdf.render_plan_data(plan, today=TODAY)))
    planning = text[text.index("Strategy 1.1") :]
    # Then the recorded amounts print, the zero as $0.00, and no other amount is made up
    assert "$1,250.00" in planning
    assert re.findall(r"\$0\.00", planning) == ["$0.00"]
    # And the strategy's total sums the recorded amounts, saying how many there are
    assert re.search(
        r"Budget of its actions:\s*\$1,250\.00\s*\(the 2 of 3 actions with an amount\)", planning
    )
    # And a strategy without any amount says nothing about a budget
    second = planning[planning.index("Strategy 1.2") :]
    assert "Budget of its actions" not in second.split("Reporting")[0]


# --- 3. no word cut in the measures and actions tables -----------------------------------------

LONG_WORDS = (
    "Interdisciplinary",
    "counterintuitively",
    "Professional-development",
    "2019–2020",
    "2021–2022",
    "accountability-focused",
)


def tricky_plan() -> dict[str, Any]:
    """A plan whose narrow cells hold long words, year ranges and percentages."""
    words = " ".join(LONG_WORDS)
    measure = {
        "id": 1,
        "indicator": f"Percent reading on level ({words}) for grades K–5 students",
        "data_source": f"mClass {LONG_WORDS[1]} benchmark {LONG_WORDS[3]}",
        "baseline": "mClass K 66 %, 1st 63 %, 2nd 61 %; EOG 3rd 30.38 %, 4th 43.04 %",
        "target_y1": f"75 % by June {LONG_WORDS[4]} {LONG_WORDS[0]}",
        "target_y2": "80 % by 2022 – 2023",
        "target_y3": f"85 % {LONG_WORDS[5]}",
    }
    strategy_measure = {**measure, "id": 2}
    actions = [
        action(
            a,
            f"{LONG_WORDS[a % len(LONG_WORDS)]} planning for 66 % of classrooms in {LONG_WORDS[3]}",
            outputs=f"{LONG_WORDS[2]} logs, 95 % complete",
            funding_source=f"Title I {LONG_WORDS[0]}",
            collaborators=f"{LONG_WORDS[1]} coaches; {LONG_WORDS[5]} team",
            start="2026-08-10",
            due="2027-05-28",
            budget_cents=1234500,
        )
        for a in range(1, 4)
    ]
    return document(
        {"school_year": "2019–2020", "plan_years": 3, "vision": words},
        [
            {
                "id": 1,
                "title": f"Reading {LONG_WORDS[0]}",
                "strategies": [
                    {
                        "id": 1,
                        "if_text": f"we coach {words}",
                        "measures": [strategy_measure],
                        "milestones": [{"id": 1, "text": "Coaching starts", "actions": actions}],
                    }
                ],
            }
        ],
        [{"id": 1, "text": "All students read", "academic": True, "measures": [measure]}],
    )


def blank_template_words(folder: Path) -> set[str]:
    """The words of the blank template: the PDF's own headers, labels and numbers."""
    doc = new_plan(folder / "blank.sipdesk")
    with doc.session() as session:
        data = pdf.render_plan(session, today=TODAY)
    doc.close()
    return {w for w in re.split(r"[ \t\n]+", "\n".join(pages(data))) if w}


def plan_words(value: Any) -> set[str]:
    """Every word of the plan's text, split only where a line may break."""
    found: set[str] = set()
    if isinstance(value, str):
        found.update(w for w in re.split(r"[^\S\u00a0]+", value) if w)
    elif isinstance(value, dict):
        for item in value.values():
            found |= plan_words(item)
    elif isinstance(value, list):
        for item in value:
            found |= plan_words(item)
    return found


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_table_cells_never_cut_a_word_or_a_number_from_its_unit(tmp_path: Path, paper: str) -> None:
    # Given a plan whose measure and action cells hold long words, year ranges and "66 %"
    source = tricky_plan()
    plan = plan_from_json(tmp_path, source)
    data = pdf.render_plan_data(plan, paper=paper, today=TODAY)  # type: ignore[arg-type]
    texts = pages(data)
    # When the measures and actions tables are read back
    tables = section(texts, "Goal 1:", "Priority Areas, Strategies and Milestones")
    tables += section(texts, "Strategy Performance Measures", "Reporting — Priority 1")
    words = plan_words(source)
    long_words = {w for w in words if len(w) >= 6 and not re.fullmatch(r"[\d-]+", w)}
    with_units = set(re.findall(r"\d+ %", json.dumps(source)))
    extracted = [w for w in re.split(r"[ \t\n]+", tables) if w]
    # Then no extracted word is a piece of a longer word of the plan
    template = blank_template_words(tmp_path)  # headers and labels: "Target Year 2"
    pieces = [
        w
        for w in extracted
        if w not in words
        and w not in template
        and any(len(w) < len(p) and (p.startswith(w) or p.endswith(w)) for p in long_words)
    ]
    # (a compound too wide even in the smallest type breaks after its hyphen, as a typesetter
    # would: "accountability-" / "focused", on A4's narrower target columns)
    compounds = {f"{a}{b}" for a, b in itertools.pairwise(extracted) if a[-1] == "-"}
    pieces = [w for w in pieces if not any(w in c and c in words for c in compounds)]
    assert pieces == []
    # And every long word and year range is there whole, as often as the plan's cells hold it
    for word in LONG_WORDS:
        assert extracted.count(word) + sum(word in w and w != word for w in extracted) >= 2, word
    # And a number never ends a line with its "%" starting the next one
    assert not re.search(r"\n%", tables)
    for number_and_unit in with_units:  # (pypdf reads the no-break space as a space)
        assert re.search(number_and_unit.replace(" ", r"[ \u00a0]"), tables), number_and_unit


# --- 4. every year's target over the plan's span ----------------------------------------------


@pytest.mark.parametrize("span", [1, 2, 3])
def test_targets_follow_the_plans_span(tmp_path: Path, span: int) -> None:
    # Given a plan of ``span`` years whose measures have targets for three years
    source = tricky_plan()
    source = copy.deepcopy(source)
    source["profile"]["plan_years"] = span
    for m in (source["goals"][0]["measures"][0],):
        m.update(target_y1="T-one 50%", target_y2="T-two 60%", target_y3="T-three 70%")
        m["results"] = [{"id": 1, "year": 1, "progress": "Halfway there", "explanation": ""}]
    plan = plan_from_json(tmp_path, source)
    texts = pages(pdf.render_plan_data(plan, today=TODAY))
    names = ["T-one", "T-two", "T-three"]
    # Then the goal measure table has one target column per year of the span
    direction = section(texts, "School Strategic Direction", "Priority Areas, Strategies and")
    for year in (1, 2, 3):
        assert (f"Target Year {year}" in direction) == (year <= span)
    # And Appendix C has a row for each year of the span with that year's target
    appendix = section(texts, "Appendix C: Goal Performance Data", "Appendix D")
    for year, name in enumerate(names, start=1):
        assert (f"Year {year}: {name}" in appendix) == (year <= span), (year, appendix)
    assert "Halfway there" in appendix
    # And the strategy measure table too
    strategy = section(texts, "Strategy Performance Measures", "Milestone 1.1.1:")
    for year in (1, 2, 3):
        assert (f"Target Year {year}" in strategy) == (year <= span)


def test_the_same_plan_and_day_still_give_the_same_bytes(tmp_path: Path) -> None:
    plan = plan_from_json(tmp_path, tricky_plan())
    first = pdf.render_plan_data(plan, today=TODAY)
    assert pdf.render_plan_data(plan, today=TODAY) == first
