"""Imported plans are held to the shipped JSON Schema with the jsonschema library, and its
problems are said in plain sentences naming the place in the document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sipdesk.export import schema_check
from sipdesk.export.interchange import dumps, import_json
from sipdesk.export.schema_check import schema_problems
from sipdesk.paths import resource_path
from sipdesk.storage import InvalidPlanDataError
from tests.plans import SAMPLE_JSON


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return data


def test_the_sample_plan_follows_the_shipped_schema() -> None:
    assert schema_problems(_sample()) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda d: d["goals"][0]["measures"][0].update(kind="vibes"),
            "goals[0].measures[0].kind should be one of outcome, interim, implementation",
        ),
        (
            lambda d: d["profile"].update(plan_years=9),
            "profile.plan_years should be a whole number from 1 to 5",
        ),
        (lambda d: d["profile"].update(school_nam="x"), "profile has a key SIP Desk does not"),
        (lambda d: d["goals"][0].pop("id"), "goals[0] has no id"),
        (lambda d: d["goals"][0].update(academic="yes"), "goals[0].academic should be true"),
        (
            lambda d: d["goals"][0]["measures"][1]["groups"][0].update(targets=["1"] * 6),
            "goals[0].measures[1].groups[0].targets has more than 5 entries",
        ),
        (
            lambda d: d.update(cycles=[{"id": 1, "name": "C", "start": "Aug", "end": "2026-10"}]),
            "cycles[0].start is not a month SIP Desk understands ('Aug'; write YYYY-MM)",
        ),
        (
            lambda d: d["profile"].update(plan_date="30/07/2026"),
            "profile.plan_date is not a date SIP Desk understands ('30/07/2026'; write YYYY-MM-DD)",
        ),
        (
            lambda d: d["profile"].update(vision="x" * 20_001),
            "profile.vision is longer than 20,000 characters",
        ),
    ],
)
def test_each_kind_of_schema_problem_is_said_in_plain_words(change: Any, words: str) -> None:
    document = _sample()
    change(document)
    problems = schema_problems(document)
    assert problems and problems[0].startswith(words), problems


def test_a_document_the_schema_refuses_is_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a published schema stricter than the importer's own checks (a school name of at
    # most five characters), as another tool would read it
    schema = json.loads(resource_path("plan.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["profile"]["properties"]["school_name"]["maxLength"] = 5
    monkeypatch.setattr(schema_check, "_validator", lambda: Draft202012Validator(schema))
    source = tmp_path / "riverside.json"
    source.write_text(dumps(_sample()), encoding="utf-8")
    # When the sample plan is imported, then it is refused in one sentence, and no file is made
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(source, tmp_path / "plan.sipdesk")
    assert str(caught.value).startswith(
        "“riverside.json” has a problem: profile.school_name is longer than 5 characters"
    )
    assert not (tmp_path / "plan.sipdesk").exists()
