"""JSON → .sipdesk → JSON keeps every field of every item, exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.export.interchange import (
    FORMAT,
    FORMAT_VERSION,
    dumps,
    export_document,
    import_json,
    json_schema,
)
from sipdesk.models.domains import domain_of
from sipdesk.models.limits import MAX_YEAR, MIN_YEAR
from sipdesk.models.tree import TREE, Node, profile_fields
from sipdesk.paths import resource_path
from tests.plans import SAMPLE_JSON

# Latin with accents, Greek, Cyrillic, Arabic, Hebrew, Devanagari, CJK, emoji, and controls
# that JSON must escape.
SCRIPTS = st.sampled_from(
    [
        "abc",
        "École",
        "Ελληνικά",
        "Кириллица",
        "العربية",
        "עברית",
        "हिन्दी",
        "学校計画",
        "Tiếng Việt",
        "🍎📚",
        "tab\tnew\nline",
        'quote"back\\slash',
        "",
    ]
)
TEXT = st.one_of(
    st.just(""),
    st.lists(SCRIPTS, max_size=4).map(" ".join),
    st.text(max_size=40),
    st.builds(lambda s: (s or "x") * (20_000 // max(len(s), 1)), SCRIPTS).map(lambda s: s[:20_000]),
)
FIRST_DAY = dt.datetime(MIN_YEAR, 1, 1)
LAST_DAY = dt.datetime(MAX_YEAR, 12, 31, 23, 59, 59)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    ids: dict[str, list[int]] = {}

    def value(column: Any) -> Any:
        domain = domain_of(column)
        if domain.kind == "choice":
            return draw(st.sampled_from(domain.choices))
        if column.foreign_keys:
            target = next(iter(column.foreign_keys)).column.table.name
            pool = ids.get(target, [])
            if column.nullable:
                return draw(st.one_of(st.none(), st.sampled_from(pool))) if pool else None
            return draw(st.sampled_from(pool)) if pool else None
        if column.nullable and draw(st.booleans()):
            return None
        if domain.kind == "boolean":
            return draw(st.booleans())
        if domain.kind == "integer":
            return draw(st.integers(domain.low, domain.high))
        if domain.kind == "datetime":
            moment = draw(st.datetimes(FIRST_DAY, LAST_DAY, allow_imaginary=False))
            return moment.replace(microsecond=0).isoformat()
        if domain.kind == "date":
            return draw(st.dates(FIRST_DAY.date(), LAST_DAY.date())).isoformat()
        if domain.kind == "month":  # a month of the calendar, or (where allowed) left blank
            months = ["2026-08", "2026-09", "2027-01", f"{MIN_YEAR}-01", f"{MAX_YEAR}-12"]
            return draw(st.sampled_from(([""] if domain.blank else []) + months))
        return draw(TEXT)

    def items(node: Node, depth: int = 0) -> list[dict[str, Any]]:
        table = node.model.__tablename__
        unique_seen: set[Any] = set()
        out = []
        for _ in range(draw(st.integers(0, 2 if depth else 3))):
            row_id = len(ids.setdefault(table, [])) + 1 + 100 * len(ids[table])
            obj: dict[str, Any] = {}
            for column in node.fields():
                if column.name == "id":
                    obj["id"] = row_id
                else:
                    obj[column.name] = value(column)
            if table == "needs_elements":
                obj["key"] = f"element_{row_id}"
            if table == "priority_links":
                choices = [
                    (c, t)
                    for c, t in (
                        ("cause_id", "causes"),
                        ("chain_id", "why_chains"),
                        ("weakness_id", "swot_items"),
                    )
                    if ids.get(t)
                ]
                if not choices:
                    continue
                column_name, target = draw(st.sampled_from(choices))
                obj.update(cause_id=None, chain_id=None, weakness_id=None)
                obj[column_name] = draw(st.sampled_from(ids[target]))
            if table == "dot_votes":
                # one entry per member and cause
                if obj.get("member_id") is None or obj["member_id"] in unique_seen:
                    continue
                unique_seen.add(obj["member_id"])
            natural = {k: obj[k] for k in ("month", "quarter", "semester", "year") if k in obj}
            if natural:
                key = tuple(natural.values())
                if key in unique_seen:
                    continue
                unique_seen.add(key)
            ids[table].append(row_id)
            if node.self_fk:
                obj[node.key] = items(node, depth + 1) if depth < 1 else []
            for child in node.children:
                obj[child.key] = items(child, depth + 1)
            out.append(obj)
        # Lists whose order is natural (months, quarters) are read back in that order.
        if any(name in node.order for name in ("month", "quarter", "semester", "year")):
            out.sort(key=lambda o: tuple(o[k] for k in node.order))
        return out

    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    doc["profile"] = {c.name: value(c) for c in profile_fields()}
    doc["profile"]["dots_per_member"] = draw(st.integers(0, 10))
    for node in TREE:
        doc[node.key] = items(node)
    return doc


def _roundtrip(source: dict[str, Any], folder: Path) -> dict[str, Any]:
    src = folder / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    target = folder / "plan.sipdesk"
    target.unlink(missing_ok=True)
    doc = import_json(src, target)
    try:
        with doc.session() as session:
            return export_document(session)
    finally:
        doc.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans())
def test_generated_plans_round_trip_exactly(plan: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("rt")
    jsonschema.validate(plan, json_schema())
    assert _roundtrip(plan, folder) == plan


def test_sample_plan_round_trips_exactly(tmp_path: Path) -> None:
    if not SAMPLE_JSON.exists():
        pytest.fail("the sample plan is missing from resources/")
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    result = _roundtrip(source, tmp_path)
    assert result == source
    assert dumps(result) == SAMPLE_JSON.read_text(encoding="utf-8")


def test_sample_plan_matches_the_shipped_schema() -> None:
    shipped = json.loads(resource_path("plan.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate: python -m sipdesk.export.interchange"
    jsonschema.validate(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")), shipped)


def test_a_format_2_document_imports_as_a_three_year_plan(tmp_path: Path) -> None:
    # Given the sample plan as format version 2 wrote it: no school year, span or state codes
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["format_version"] = 2
    for key in ("school_year", "plan_years", "state_school_id", "state_district_id"):
        del source["profile"][key]
    del source["profile"]["state_status"]
    # When it is imported, then it reads as the three-year plan it was, the rest unchanged
    result = _roundtrip(source, tmp_path)
    profile = result["profile"]
    assert profile["plan_years"] == 3
    # and its school year is the one its first month (August 2026) starts, as a stored plan
    # of that age gets when it is migrated
    assert profile["school_year"] == "2026–27"
    assert profile["state_school_id"] == profile["state_status"] == ""
    assert result["format_version"] == FORMAT_VERSION == 3
    assert {k: v for k, v in result.items() if k not in ("profile", "format_version")} == {
        k: v for k, v in source.items() if k not in ("profile", "format_version")
    }
