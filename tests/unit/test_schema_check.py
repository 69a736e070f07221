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


def _refusal(document: dict[str, Any], tmp_path: Path) -> str:
    source = tmp_path / "riverside.json"
    source.write_text(json.dumps(document), encoding="utf-8")  # ASCII: a lone surrogate too
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(source, tmp_path / "plan.sipdesk")
    assert not (tmp_path / "plan.sipdesk").exists()
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        # What the schema says, in the words its column's domain uses everywhere
        (lambda d: d["profile"].update(plan_years=3.0), "profile.plan_years should be a whole"),
        (lambda d: d["goals"][0].update(text=None), "goals[0].text may not be empty (null)"),
        (lambda d: d["goals"][0].update(txet="a"), "“txet” (did you mean text?)"),
        # What only the importer's own rules can say
        (
            lambda d: d["profile"].update(plan_date="2026-02-30"),
            "profile.plan_date is not a date SIP Desk understands ('2026-02-30'",
        ),
        (
            lambda d: d["profile"].update(first_month="2026-08\n"),
            "profile.first_month is not a month SIP Desk understands",
        ),
        (lambda d: d["goals"][1].update(id=d["goals"][0]["id"]), "goals[1] repeats id"),
        (lambda d: d["goals"][0].update(text="a\ud800"), "goals[0].text holds characters"),
    ],
)
def test_the_schema_and_the_importers_own_rules_each_say_what_they_know(
    change: Any, words: str, tmp_path: Path
) -> None:
    document = _sample()
    change(document)
    refusal = _refusal(document, tmp_path)
    assert words in refusal and "more)" not in refusal, refusal


def test_every_problem_is_counted_and_the_first_one_written_is_named(tmp_path: Path) -> None:
    # Given a document with a key the format lacks, a repeated id and a kind out of its list
    document = _sample()
    document["goals"][1]["id"] = document["goals"][0]["id"]
    document["goals"][0]["measures"][0]["kind"] = "vibes"
    document["profile"]["school_nam"] = "x"
    # When it is imported, then the profile's problem comes first, and the others are counted
    refusal = _refusal(document, tmp_path)
    assert "has a problem: profile has a key SIP Desk does not know, “school_nam”" in refusal
    assert refusal.endswith("(and 2 more).")


def test_the_schema_validator_is_built_once() -> None:
    assert schema_check._validator() is schema_check._validator()
