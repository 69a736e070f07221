"""The typed plan records (sipdesk/models/plan_types.py) match the tree spec and the snapshot.

The records are written by hand so the type checker can read them; these tests are what keeps
them true: a column added to a model, a list nested in the tree, a kind changed or a choice
added on one side only fails here, with the line the record should have.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pytest
import typing_extensions as te
from sqlalchemy import Column

from sipdesk.models import plan_types
from sipdesk.models.domains import domain_of
from sipdesk.models.tree import TREE, Node, profile_fields, walk
from sipdesk.services.measures import add_cycle
from sipdesk.services.meeting import add_segment
from sipdesk.services.snapshot import read_plan, release_plans
from tests.plans import sample_plan

_KINDS: dict[str, type] = {
    "text": str,
    "date": str,  # ISO text, as the snapshot and the JSON hold dates
    "datetime": str,
    "month": str,
    "uuid": str,
    "integer": int,
    "boolean": bool,
}


def _record(node: Node) -> Any:
    name = f"{node.model.__name__}Row"
    record = getattr(plan_types, name, None)
    assert record is not None, f"plan_types has no {name} for the tree's “{node.key}”"
    return record


def _column_type(column: Column[Any]) -> Any:
    domain = domain_of(column)
    base: Any = (
        Literal.__getitem__(tuple(domain.choices))
        if domain.kind == "choice"
        else _KINDS[domain.kind]
    )
    return base | None if column.nullable else base


def _same(hint: Any, wanted: Any) -> bool:
    """Whether two types are the same, a union's members and a Literal's values in any order."""
    if get_origin(wanted) in (Union, types.UnionType):
        return get_origin(hint) in (Union, types.UnionType) and {
            _key(a) for a in get_args(hint)
        } == {_key(a) for a in get_args(wanted)}
    return _key(hint) == _key(wanted)


def _key(kind: Any) -> Any:
    if get_origin(kind) is Literal:
        return (Literal, frozenset(get_args(kind)))
    return kind


def _spelt(kind: Any) -> str:
    if get_origin(kind) is Literal:
        return "Literal[" + ", ".join(repr(v) for v in get_args(kind)) + "]"
    if get_origin(kind) in (Union, types.UnionType):
        return " | ".join(_spelt(a) for a in get_args(kind))
    if get_origin(kind) is Sequence:
        return f"Sequence[{_spelt(get_args(kind)[0])}]"
    return "None" if kind is type(None) else kind.__name__


def _expected(node: Node) -> dict[str, Any]:
    """Each key a record of ``node`` must have, with its type."""
    wanted: dict[str, Any] = {c.name: _column_type(c) for c in node.fields()}
    for key, columns in node.packed_columns():
        wanted[key] = Sequence[_column_type(columns[0])]
    if node.self_fk:
        wanted[node.key] = Sequence[_record(node)]
    for child in node.children:
        wanted[child.key] = Sequence[_record(child)]
    return wanted


def _drift(record: Any, wanted: dict[str, Any]) -> list[str]:
    """What differs between ``record`` and the keys it should have, as lines to fix."""
    hints = te.get_type_hints(record)
    name = record.__name__
    problems = [
        f"{name} lacks “{key}: ReadOnly[{_spelt(kind)}]”"
        for key, kind in wanted.items()
        if key not in hints
    ]
    problems += [
        f"{name} has “{key}”, which the tree does not" for key in hints if key not in wanted
    ]
    problems += [
        f"{name}.{key} is {_spelt(hints[key])}; the tree says ReadOnly[{_spelt(kind)}]"
        for key, kind in wanted.items()
        if key in hints and not _same(hints[key], kind)
    ]
    extras = te.get_type_hints(record, include_extras=True)
    problems += [
        f"{name}.{key} is not ReadOnly"
        for key in hints
        if get_origin(extras[key]) is not te.ReadOnly
    ]
    return problems


def test_each_node_of_the_tree_has_a_record_with_exactly_its_columns_and_lists() -> None:
    problems = [p for node in walk() for p in _drift(_record(node), _expected(node))]
    assert problems == []


def test_the_profile_record_has_exactly_the_profile_columns() -> None:
    wanted = {c.name: _column_type(c) for c in profile_fields()}
    assert _drift(plan_types.ProfileRow, wanted) == []


def test_the_plan_record_holds_the_profile_and_each_top_list_of_the_tree() -> None:
    wanted: dict[str, Any] = {"profile": plan_types.ProfileRow}
    wanted.update({node.key: Sequence[_record(node)] for node in TREE})
    assert _drift(plan_types.PlanDoc, wanted) == []


def test_every_record_belongs_to_the_tree() -> None:
    # A record left behind when its table left the tree would type-check code that reads
    # something no snapshot holds.
    used = {_record(node).__name__ for node in walk()} | {"ProfileRow", "PlanDoc"}
    records = {name for name, value in vars(plan_types).items() if te.is_typeddict(value)}
    assert records - used == set()


def test_the_drift_check_names_what_drifted() -> None:
    # A record that lost a column, gained one and changed another's kind: each is reported.
    class ActionRowDrifted(te.TypedDict):
        id: te.ReadOnly[int]
        text: te.ReadOnly[int]
        colour: te.ReadOnly[str]

    wanted = {"id": int, "text": str, "due": str | None}
    assert _drift(ActionRowDrifted, wanted) == [
        "ActionRowDrifted lacks “due: ReadOnly[str | None]”",
        "ActionRowDrifted has “colour”, which the tree does not",
        "ActionRowDrifted.text is int; the tree says ReadOnly[str]",
    ]


# ------------------------------------------------------------------ the snapshot itself


def _conforms(
    value: Any, kind: Any, where: str, problems: list[str], seen: set[str] | None = None
) -> None:
    """Check ``value`` against ``kind`` (a record, a sequence, a union, a Literal or a plain
    class), adding a line to ``problems`` for each mismatch and the name of each record met
    to ``seen``. Loops rather than recursing deeply: a plan's causes may nest."""
    seen = set() if seen is None else seen
    stack = [(value, kind, where)]
    while stack:
        value, kind, where = stack.pop()
        origin = get_origin(kind)
        if te.is_typeddict(kind):
            hints = te.get_type_hints(kind)
            if not isinstance(value, dict) or set(value) != set(hints):
                keys = sorted(value) if isinstance(value, dict) else type(value).__name__
                problems.append(f"{where}: {keys} is not a {kind.__name__}")
                continue
            seen.add(kind.__name__)
            stack.extend((value[k], hint, f"{where}.{k}") for k, hint in hints.items())
        elif origin is Sequence:
            if not isinstance(value, list):
                problems.append(f"{where}: {type(value).__name__} is not a list")
                continue
            (item,) = get_args(kind)
            stack.extend((v, item, f"{where}[{i}]") for i, v in enumerate(value))
        elif origin in (Union, types.UnionType):
            options = get_args(kind)
            if value is None and type(None) in options:
                continue
            stack.append((value, next(o for o in options if o is not type(None)), where))
        elif origin is Literal:
            if value not in get_args(kind):
                problems.append(f"{where}: {value!r} is not one of {get_args(kind)}")
        elif type(value) is not kind:  # exactly: a bool is not an int here
            problems.append(f"{where}: {value!r} is not a {kind.__name__}")


@pytest.fixture(scope="module")
def sample_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("plan-types")
    with sample_plan(folder / "sample.sipdesk") as doc:
        with doc.transaction() as session:  # the sample has no meeting agenda, no cycles
            add_segment(session, "Warm-up", 5)
            add_cycle(session)
        with doc.session() as session:
            plan = read_plan(session)
    yield plan
    release_plans()


def test_the_sample_plan_read_from_its_file_is_exactly_a_plan_record(sample_snapshot: Any) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    _conforms(sample_snapshot, plan_types.PlanDoc, "plan", problems, seen)
    assert problems == []
    # The plan holds every kind of record (otherwise this test would prove less).
    assert {_record(node).__name__ for node in walk()} - seen == set()


def test_the_conformance_check_finds_a_wrong_value_and_a_missing_key(sample_snapshot: Any) -> None:
    goal = dict(sample_snapshot["goals"][0], academic=1)
    del goal["text"]
    problems: list[str] = []
    _conforms(goal, plan_types.GoalRow, "goal", problems)
    assert len(problems) == 1 and "is not a GoalRow" in problems[0]
    goal["text"] = "Readers"
    problems = []
    _conforms(goal, plan_types.GoalRow, "goal", problems)
    assert problems == ["goal.academic: 1 is not a bool"]
