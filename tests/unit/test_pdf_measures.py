"""The Tool A PDF carries the measure facts of real plans (issue 11, item 5): each measure
labelled by its kind, a priority's own measures in its section, a row for each grade or student
group under its measure, rating targets as written, and reporting tables named by the plan's
monitoring cycles with their months.

The sample plan goes through the interchange import into a real plan file; each PDF is read
back with pypdf.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.export import pdf
from sipdesk.export.interchange import import_json
from sipdesk.services.progress import milestone_progress
from sipdesk.services.snapshot import read_plan
from tests.plans import SAMPLE_JSON

TODAY = dt.date(2026, 12, 1)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plan_from(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    source = folder / "plan.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    doc = import_json(source, folder / "plan.sipdesk")
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def section(pages: list[str], start: str, end: str, after: str = "") -> str:
    """The text from ``start`` to the next ``end``: the last ``start`` (headings are first
    named in the contents), or the first after ``after``."""
    text = "\n".join(pages)
    begin = text.index(start, text.rindex(after)) if after else text.rindex(start)
    return text[begin : text.index(end, begin)]


@pytest.fixture(scope="module")
def source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, source: dict[str, Any]) -> dict[str, Any]:
    return plan_from(tmp_path_factory.mktemp("sample"), source)


@pytest.fixture(scope="module")
def sample_pdf(sample: dict[str, Any]) -> bytes:
    return pdf.render_plan_data(sample, today=TODAY)


@pytest.fixture(scope="module")
def pages(sample_pdf: bytes) -> list[str]:
    return texts(sample_pdf)


def assert_group_rows(text: str, measure: dict[str, Any], span: int) -> None:
    """Each group's name, data source, baseline and targets in its own row: after the
    group's name and before the next group's."""
    flat = squash(text)
    groups = measure["groups"]
    assert groups
    starts = [flat.index(squash(g["group"])) for g in groups]
    assert starts == sorted(starts), "the groups are in the plan's order"
    for g, group in enumerate(groups):
        row = flat[starts[g] : starts[g + 1] if g + 1 < len(groups) else len(flat)]
        assert squash(group["baseline"]) in row, (group["group"], row[:200])
        assert squash(group["data_source"]) in row
        for target in group["targets"][:span]:
            assert squash(target) in row, (group["group"], target)


def test_measures_are_labelled_by_their_kind(pages: list[str]) -> None:
    direction = section(pages, "School Strategic Direction", "Priority Areas, Strategies and")
    assert direction.count("Student outcome") >= 6  # every goal measure of the sample
    priority = section(pages, "Priority Measures", "Strategy 1.1")
    assert "Interim student measure" in priority
    strategy = section(
        pages, "Strategy Performance Measures", "Milestone 1.1.1:", "Priority Measures"
    )
    assert "Implementation" in strategy and "Student outcome" not in strategy
    # No measure is called adult practice just because a strategy owns it
    assert not any("adult practice" in page for page in pages)
    appendix = section(pages, "Appendix C: Goal Performance Data", "Appendix D")
    assert "Student outcome" in appendix


def test_a_priority_measure_prints_in_its_section_with_a_row_per_grade(
    source: dict[str, Any], pages: list[str]
) -> None:
    measure = source["priorities"][0]["measures"][0]
    span = source["profile"]["plan_years"]
    priority = section(pages, "Priority Measures", "Strategy 1.1")
    assert squash(measure["indicator"]) in squash(priority)
    assert_group_rows(priority, measure, span)
    # A row reads: group, data source, baseline, one target a year
    assert re.search(r"Kindergarten\s+mCLASS\s+66%\s+70%\s+74%\s+78%", priority)
    # And its results table lists it under the priority, with the grades' targets
    reporting = section(pages, "Performance Data", "Supports", "Priority Measures")
    assert "Priority 1" in reporting and "Kindergarten" in reporting
    assert "Baseline: 61%" in reporting  # Grade 2


def test_goal_measure_groups_are_rows_under_their_measure(
    source: dict[str, Any], pages: list[str]
) -> None:
    measure = next(m for g in source["goals"] for m in g["measures"] if m["groups"])
    span = source["profile"]["plan_years"]
    direction = section(pages, "School Strategic Direction", "Priority Areas, Strategies and")
    after = direction[direction.index("Grade 3") - 1 :]
    assert_group_rows(after[: after.index("Goal 2:")], measure, span)
    appendix = section(pages, "Appendix C: Goal Performance Data", "Appendix D")
    after = appendix[appendix.index("Grade 3") :]
    assert_group_rows(after, measure, span)
    # A number keeps its "%": no line starts with one in the measure tables
    assert not re.search(r"\n%", direction) and not re.search(r"\n%", appendix)


def test_rating_targets_print_as_written(source: dict[str, Any], pages: list[str]) -> None:
    rating = next(m for g in source["goals"] for m in g["measures"] if m["target_type"] == "rating")
    direction = squash(
        section(pages, "School Strategic Direction", "Priority Areas, Strategies and")
    )
    for year in (1, 2, 3):
        assert squash(rating[f"target_y{year}"]) in direction
    assert squash(rating["baseline"]) in direction


def test_reporting_tables_are_named_by_quarter_with_their_months(pages: list[str]) -> None:
    # The sample has no cycles of its own: it is monitored by quarters from August 2026
    body = " ".join("\n".join(pages).split())
    start = body.index("Milestone 1.1.1 Quarter 1 (Aug–Oct 2026)")
    header = body[start : start + 200]
    assert "Quarter 2 (Nov 2026–Jan 2027)" in header
    assert "Quarter 4 (May–Jul 2027)" in header
    assert "1st Quarter" not in body


def test_reporting_tables_follow_the_plans_own_cycles(
    tmp_path: Path, source: dict[str, Any], sample: dict[str, Any]
) -> None:
    # Given the sample with three cycles: the first the same months as quarter 1
    document = copy.deepcopy(source)
    document["cycles"] = [
        {"id": 1, "name": "Cycle 1", "start": "2026-08", "end": "2026-10"},
        {"id": 2, "name": "Cycle 2", "start": "2026-11", "end": "2027-02"},
        {"id": 3, "name": "Cycle 3", "start": "2027-03", "end": "2027-06"},
    ]
    plan = plan_from(tmp_path, document)
    body = " ".join("\n".join(texts(pdf.render_plan_data(plan, today=TODAY))).split())
    # Then the tables are named by the cycles, with their months
    start = body.index("Milestone 1.1.1 Cycle 1 (Aug–Oct 2026)")
    table = body[start : start + 400]
    assert "Cycle 2 (Nov 2026–Feb 2027)" in table and "Cycle 3 (Mar–Jun 2027)" in table
    assert "Quarter" not in body
    # And cycle 1's figures are quarter 1's, computed from the same months
    milestone = sample["priorities"][0]["strategies"][0]["milestones"][0]
    q1 = milestone_progress(milestone, sample["profile"]["first_month"], 1, TODAY)
    assert q1.done_pct is not None
    assert f"Actions Completed (%) {q1.done_pct:g}%" in table


def test_the_same_plan_and_day_give_the_same_bytes(
    sample: dict[str, Any], sample_pdf: bytes
) -> None:
    assert pdf.render_plan_data(sample, today=TODAY) == sample_pdf
