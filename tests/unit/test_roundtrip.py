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
from sipdesk.services.snapshot import packed_list
from sipdesk.storage import InvalidPlanDataError
from tests.plans import SAMPLE_JSON, is_plan_id, without_plan_id

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
def plans(draw: st.DrawFn, rich: bool = False) -> dict[str, Any]:
    """A plan of every kind of row the format has; ``rich``: at least one of each, with the
    facts of real plans (kinds, a rating target, group rows, cycles, a recurring action)."""
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
        if domain.kind == "uuid":  # a plan id
            return str(draw(st.uuids()))
        if domain.kind == "month":  # a month of the calendar, or (where allowed) left blank
            months = ["2026-08", "2026-09", "2027-01", f"{MIN_YEAR}-01", f"{MAX_YEAR}-12"]
            return draw(st.sampled_from(([""] if domain.blank else []) + months))
        return draw(TEXT)

    def items(node: Node, depth: int = 0) -> list[dict[str, Any]]:
        table = node.model.__tablename__
        unique_seen: set[Any] = set()
        out = []
        for _ in range(draw(st.integers(1 if rich else 0, 2 if depth else 3))):
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
            if table == "cycles" and obj["start"] > obj["end"]:
                obj["start"], obj["end"] = obj["end"], obj["start"]
            for key, columns in node.packed_columns():  # a group row's yearly targets
                listed = [draw(TEXT) for _ in range(draw(st.integers(0, len(columns))))]
                obj[key] = packed_list(listed)
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
    if rich:
        _make_real(doc, draw)
    return doc


def _make_real(doc: dict[str, Any], draw: st.DrawFn) -> None:
    """Give a generated plan the facts of real plans for certain: each kind of measure, a
    rating target, a group row with every year's target, cycles and a recurring action."""
    goal_measure = doc["goals"][0]["measures"][0]
    goal_measure.update(kind="outcome", target_type="rating")
    goal_measure["target_y1"] = "Meets Expected Growth by June 2027"
    priority = doc["priorities"][0]
    priority["measures"][0]["kind"] = "interim"
    strategy = priority["strategies"][0]
    strategy["measures"][0]["kind"] = "implementation"
    strategy["measures"][0]["groups"][0]["targets"] = [draw(TEXT) or "x" for _ in range(5)]
    strategy["milestones"][0]["actions"][0]["recurrence"] = draw(
        st.sampled_from(["daily", "weekly", "monthly", "each cycle"])
    )
    assert doc["cycles"], "a rich plan has cycles"


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


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans(rich=True))
def test_generated_real_plans_round_trip_exactly(
    plan: dict[str, Any], tmp_path_factory: Any
) -> None:
    # Plans with every fact of real plans: kinds of measure, rating targets, group rows with
    # a target per year, measures of a priority, cycles and recurring actions
    folder = tmp_path_factory.mktemp("rt")
    jsonschema.validate(plan, json_schema())
    assert _roundtrip(plan, folder) == plan


def test_sample_plan_round_trips_exactly(tmp_path: Path) -> None:
    if not SAMPLE_JSON.exists():
        pytest.fail("the sample plan is missing from resources/")
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    # The sample carries no plan id: each plan made from it gets a fresh one of its own
    assert "plan_id" not in source["profile"]
    result = without_plan_id(_roundtrip(source, tmp_path))
    assert result == source
    assert dumps(result) == SAMPLE_JSON.read_text(encoding="utf-8")


def test_sample_plan_matches_the_shipped_schema() -> None:
    shipped = json.loads(resource_path("plan.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate: python -m sipdesk.export.interchange"
    jsonschema.validate(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")), shipped)


def test_a_format_2_document_imports_as_a_three_year_plan(tmp_path: Path) -> None:
    # Given the sample plan as format version 2 wrote it: no school year, span or state codes
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source = _as_format_3(source)
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
    assert is_plan_id(profile["plan_id"])
    assert result["format_version"] == FORMAT_VERSION
    rest = _as_format_3(result)
    assert {k: v for k, v in rest.items() if k not in ("profile", "format_version")} == {
        k: v for k, v in source.items() if k not in ("profile", "format_version")
    }


def _measure_lists(plan: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each list of measures with its owner's kind: ``("goal", [...])`` and so on."""
    out = [("goal", g["measures"]) for g in plan["goals"]]
    for priority in plan["priorities"]:
        if "measures" in priority:
            out.append(("priority", priority["measures"]))
        out += [("strategy", s["measures"]) for s in priority["strategies"]]
    return out


def _as_format_3(source: dict[str, Any]) -> dict[str, Any]:
    """The sample plan as format version 3 would have written it, with the same meaning: no
    cycles, readiness profile, priority measures, measure kinds, rating targets, group rows or
    targets past year 3."""
    old = json.loads(json.dumps(source))
    old["format_version"] = 3
    del old["cycles"], old["profile"]["readiness_profile"]
    old["profile"].pop("plan_id", None)
    for priority in old["priorities"]:
        del priority["measures"]
    for _, measures in _measure_lists(old):
        for measure in measures:
            for key in ("kind", "target_type", "target_y4", "target_y5", "groups"):
                del measure[key]
    return old


def test_a_format_3_document_imports_with_the_meaning_it_had(tmp_path: Path) -> None:
    # Given the sample plan as format version 3 wrote it (no kinds, groups, cycles …)
    old = _as_format_3(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    # When it is imported
    result = _roundtrip(old, tmp_path)
    # Then a goal's measures are student outcomes and a strategy's the adults' practice, with
    # number targets and no group rows; the plan is monitored by quarters (no cycles) against
    # the generic profile
    assert result["format_version"] == FORMAT_VERSION
    assert result["cycles"] == [] and result["profile"]["readiness_profile"] == ""
    assert is_plan_id(result["profile"]["plan_id"])  # a new plan id, as migration gives
    kinds = {"goal": "outcome", "strategy": "implementation"}
    for owner, measures in _measure_lists(result):
        for measure in measures:
            assert measure["kind"] == kinds[owner]
            assert measure["target_type"] == "number"
            assert measure["target_y4"] == measure["target_y5"] == "" and measure["groups"] == []
    assert all(p["measures"] == [] for p in result["priorities"])
    # and nothing else changed
    assert _as_format_3(result) == old


def test_a_measure_that_does_not_say_its_kind_gets_its_owners(tmp_path: Path) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    for _, measures in _measure_lists(source):
        for measure in measures:
            del measure["kind"]
    result = _roundtrip(source, tmp_path)
    kinds = {"goal": "outcome", "priority": "outcome", "strategy": "implementation"}
    assert {(owner, m["kind"]) for owner, ms in _measure_lists(result) for m in ms} == {
        (owner, kind) for owner, kind in kinds.items()
    }


def test_a_group_row_holds_one_target_per_year_and_leaves_blank_last_years_out(
    tmp_path: Path,
) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    groups = source["goals"][0]["measures"][1]["groups"]
    groups[0]["targets"] = ["36% by June 2027", "", "48% by June 2029", "", ""]
    groups[1]["targets"] = ["a", "b", "c", "d", "e"]
    result = _roundtrip(source, tmp_path)
    kept = result["goals"][0]["measures"][1]["groups"]
    assert kept[0]["targets"] == ["36% by June 2027", "", "48% by June 2029"]
    assert kept[1]["targets"] == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda g: g.update(targets=["1", "2", "3", "4", "5", "6"]), "more than 5 entries"),
        (lambda g: g.update(targets="50%"), "targets should be a list"),
        (lambda g: g.update(targets=["50%", 50]), "targets[1] should be text"),
        (lambda g: g.update(groups="Grade 3"), "did you mean group?"),
    ],
)
def test_a_group_row_that_breaks_the_format_is_refused_in_a_sentence(
    tmp_path: Path, change: Any, words: str
) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    change(source["goals"][0]["measures"][1]["groups"][0])
    src = tmp_path / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(src, tmp_path / "plan.sipdesk")
    assert words in str(caught.value)
    assert not (tmp_path / "plan.sipdesk").exists()


def test_a_cycle_that_ends_before_it_starts_is_refused_in_a_sentence(tmp_path: Path) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["cycles"] = [{"id": 1, "name": "Cycle 1", "start": "2026-11", "end": "2026-08"}]
    src = tmp_path / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(src, tmp_path / "plan.sipdesk")
    assert "cycles[0] ends (2026-08) before it starts (2026-11)" in str(caught.value)


def test_a_document_with_a_plan_id_keeps_it_and_one_without_gets_a_fresh_one(
    tmp_path: Path,
) -> None:
    # Given the sample plan with a plan id of its own, as an export writes it
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    plan_id = "6f1c2a9e-4b7d-4c3e-9a51-0d2e8f7b1c34"
    source["profile"] = {"plan_id": plan_id, **source["profile"]}
    # When it is imported, then the plan is the same plan: it keeps its id
    assert _roundtrip(source, tmp_path)["profile"]["plan_id"] == plan_id
    # and the sample itself (no id) makes a new plan each time, each with its own id
    bare = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    first = _roundtrip(bare, tmp_path)["profile"]["plan_id"]
    second = _roundtrip(bare, tmp_path)["profile"]["plan_id"]
    assert is_plan_id(first) and is_plan_id(second) and first != second


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_a_document_from_before_plan_ids_gets_a_fresh_one(tmp_path: Path, version: int) -> None:
    # Given a document of an older format (written before plans carried an id)
    old = _as_format_3(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    old["format_version"] = version
    # When it is imported, then it is a plan of its own with a new id
    result = _roundtrip(old, tmp_path)
    assert is_plan_id(result["profile"]["plan_id"])
    assert result["format_version"] == FORMAT_VERSION


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not-a-plan-id",
        "6F1C2A9E-4B7D-4C3E-9A51-0D2E8F7B1C34",  # upper case: not the canonical form
        "{6f1c2a9e-4b7d-4c3e-9a51-0d2e8f7b1c34}",
        "6f1c2a9e4b7d4c3e9a510d2e8f7b1c34",
        "6f1c2a9e-4b7d-4c3e-9a51-0d2e8f7b1c3g",
    ],
)
def test_a_plan_id_that_is_not_a_uuid_is_refused_in_a_sentence(tmp_path: Path, bad: str) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["profile"]["plan_id"] = bad
    src = tmp_path / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(src, tmp_path / "plan.sipdesk")
    assert "profile.plan_id is not a plan id SIP Desk understands" in str(caught.value)
    assert not (tmp_path / "plan.sipdesk").exists()


@pytest.mark.parametrize("bad", [None, 7])
def test_a_plan_id_that_is_not_text_is_refused_in_a_sentence(tmp_path: Path, bad: Any) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["profile"]["plan_id"] = bad
    src = tmp_path / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError, match=r"profile\.plan_id"):
        import_json(src, tmp_path / "plan.sipdesk")


def test_a_five_year_plan_keeps_its_results_for_years_4_and_5(tmp_path: Path) -> None:
    # Given a five-year plan with results written for its fourth and fifth years
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["profile"]["plan_years"] = 5
    measure = source["goals"][0]["measures"][0]
    measure["results"] += [
        {"id": 9001, "year": 4, "progress": "61%", "explanation": "Tutoring grew"},
        {"id": 9002, "year": 5, "progress": "66%", "explanation": ""},
    ]
    # When it is imported and exported again, then both are kept, as format 6 allows
    result = _roundtrip(source, tmp_path)
    kept = {r["year"]: r["progress"] for r in result["goals"][0]["measures"][0]["results"]}
    assert (kept[4], kept[5]) == ("61%", "66%")
    assert result["format_version"] == FORMAT_VERSION >= 6
    jsonschema.validate(result, json.loads(resource_path("plan.schema.json").read_text("utf-8")))


def test_a_format_5_document_with_results_for_years_1_to_3_still_imports(tmp_path: Path) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["format_version"] = 5
    years = sorted(r["year"] for _, ms in _measure_lists(source) for m in ms for r in m["results"])
    assert years and set(years) <= {1, 2, 3}
    result = _roundtrip(source, tmp_path)
    assert (
        sorted(r["year"] for _, ms in _measure_lists(result) for m in ms for r in m["results"])
        == years
    )


def test_a_result_for_a_sixth_year_is_refused_in_a_sentence(tmp_path: Path) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["goals"][0]["measures"][0]["results"][0]["year"] = 6
    src = tmp_path / "in.json"
    src.write_text(dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(src, tmp_path / "plan.sipdesk")
    assert "year" in str(caught.value)
    assert not (tmp_path / "plan.sipdesk").exists()


PACK_AND_YEAR = ("state_pack", "designation_year", "plan_phase", "implementation_year")


def test_a_format_6_document_imports_with_its_pack_and_year_left_as_before(
    tmp_path: Path,
) -> None:
    # Given the sample plan as format version 6 wrote it (no pack, designation year or phase)
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["format_version"] = 6
    for key in PACK_AND_YEAR:
        del source["profile"][key]
    # When it is imported and exported again
    result = _roundtrip(source, tmp_path)
    # Then they are empty, meaning "chosen from the readiness profile" and "not said"
    assert result["format_version"] == FORMAT_VERSION >= 7
    assert [result["profile"][k] for k in PACK_AND_YEAR] == ["", "", "", None]


def test_a_plan_keeps_its_pack_designation_year_and_phase(tmp_path: Path) -> None:
    # Given a plan that names its pack and stands in its second implementation year
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    chosen = {
        "state_pack": "generic",
        "designation_year": "2025–26",
        "plan_phase": "implementation",
        "implementation_year": 2,
    }
    source["profile"].update(chosen)
    # When it goes out and comes back in
    result = _roundtrip(source, tmp_path)
    # Then every choice is kept
    assert {k: result["profile"][k] for k in PACK_AND_YEAR} == chosen
    assert without_plan_id(result) == source


@pytest.mark.parametrize(("key", "value"), [("plan_phase", "someday"), ("implementation_year", 6)])
def test_a_phase_or_implementation_year_it_does_not_know_is_refused(
    tmp_path: Path, key: str, value: Any
) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["profile"][key] = value
    src = tmp_path / "in.json"
    src.write_text(json.dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError):
        import_json(src, tmp_path / "out.sipdesk")


PACK_CHOICE = ("pack_level", "pack_provider", "pack_service")


def _contributed(document: dict[str, Any]) -> list[Any]:
    """Every item that may name its contributor: SWOT items, causes at every depth, whys."""
    items: list[Any] = list(document["swot"])
    stack = [c for f in document["fishbones"] for cat in f["categories"] for c in cat["causes"]]
    while stack:
        cause = stack.pop()
        items.append(cause)
        stack.extend(cause["causes"])
    items.extend(step for chain in document["why_chains"] for step in chain["steps"])
    return items


def test_a_format_7_document_imports_with_typed_supports_and_items_from_the_laptop(
    tmp_path: Path,
) -> None:
    # Given the sample plan as format version 7 wrote it (no catalogue choice, no contributor)
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["format_version"] = 7
    for support in source["supports"]:
        for key in PACK_CHOICE:
            del support[key]
    for item in _contributed(source):
        del item["contributed_by"]
    jsonschema.validate(source, json.loads(resource_path("plan.schema.json").read_text("utf-8")))
    # When it is imported and exported again
    result = _roundtrip(source, tmp_path)
    # Then every support was typed freely and every item entered on the coach's laptop
    assert result["format_version"] == FORMAT_VERSION == 8
    assert result["supports"] and all(
        [s[k] for k in PACK_CHOICE] == ["", "", ""] for s in result["supports"]
    )
    items = _contributed(result)
    assert len(items) > 10 and {i["contributed_by"] for i in items} == {""}


def test_a_plan_keeps_its_catalogue_choices_and_who_contributed_each_item(
    tmp_path: Path,
) -> None:
    # Given a plan whose first support was picked from the catalogue and whose items were
    # added from team members' devices
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    choice = {
        "pack_level": "universal",
        "pack_provider": "ISBE",
        "pack_service": "School improvement helpline",
    }
    source["supports"][0].update(choice)
    names = ("Jamal", "Ana", "Lee")
    for n, item in enumerate(_contributed(source)):
        item["contributed_by"] = names[n % 3]
    # When it goes out and comes back in
    result = _roundtrip(source, tmp_path)
    # Then the choice and every name are kept
    assert {k: result["supports"][0][k] for k in PACK_CHOICE} == choice
    assert [i["contributed_by"] for i in _contributed(result)] == [
        i["contributed_by"] for i in _contributed(source)
    ]
    assert without_plan_id(result) == source


def test_an_over_long_catalogue_service_is_refused(tmp_path: Path) -> None:
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["supports"][0]["pack_service"] = "x" * 20_001
    schema = json.loads(resource_path("plan.schema.json").read_text("utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(source, schema)
    src = tmp_path / "in.json"
    src.write_text(json.dumps(source), encoding="utf-8")
    with pytest.raises(InvalidPlanDataError) as caught:
        import_json(src, tmp_path / "out.sipdesk")
    assert "20,000" in str(caught.value)
    assert not (tmp_path / "out.sipdesk").exists()
