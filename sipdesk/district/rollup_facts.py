"""A version's rollup facts (desk schema 5, issue 14): the fields of its plan the rollup's views
read, kept as compact JSON text in ``version_facts`` when the version is received, so the rollup
of 200 plans reads 200 short texts instead of opening 200 plan files.

One code path: :func:`facts_of` makes the facts from a plan's interchange document — the whole
plan intake has just read, or the parts the rollup reads from a version's file — and the rollup
works its views out from the facts, whether they were kept or just made. A version received
before desk schema 5 has none kept; the rollup makes them from its file and hands them back
(:attr:`PlanCache.made`) for :func:`keep_facts` to store when the desk is writable.

**What is kept** (:data:`FIELDS`): of the profile, of :data:`ROLLUP_PARTS` and of their rows,
only the fields ``rollup.py`` and ``rollup_views.py`` read, with the rows' nesting as in the
interchange document; a field that is empty (none, no text, no rows) is left out, as every view
reads a field left out as empty — but a monthly status keeps its month and status always. The
facts of the sample plan are about 17 KB of text (the whole parts were 58 KB).
``tests/unit/test_district_rollup_fields.py`` fails when a view reads a field not kept.

Facts read back from a desk are checked for their shape against :data:`FIELDS` (every list of
rows a list of objects holding only kept fields, every value plain) before the rollup uses them;
facts that fail, or that were made by another :data:`FACTS_VERSION`, count as missing, and the
version's file is read instead.
Qt-free.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.district.models import VersionFacts

# The parts of a plan the rollup reads; the rest (needs, SWOT, causes, team …) is left out.
ROLLUP_PARTS = ("goals", "priorities", "supports", "cycles")
# How the facts are made: raise it when :func:`facts_of` changes, so kept facts are made again.
# 1: the profile and the whole of ROLLUP_PARTS; 2: only the fields in FIELDS.
FACTS_VERSION = 2

Plan = dict[str, Any]

# A field's kind in FIELDS: a plain value, a list of plain values, or (a dict) rows of those
# fields.
VALUE, VALUES = "value", "values"
Fields = Mapping[str, Any]

_MEASURE: dict[str, Any] = {
    "kind": VALUE,
    "indicator": VALUE,
    "data_source": VALUE,
    "baseline": VALUE,
    **{f"target_y{year}": VALUE for year in range(1, 6)},
    "groups": {"group": VALUE, "data_source": VALUE, "baseline": VALUE, "targets": VALUES},
}
# A monthly status: kept whole, month and status even when empty (the views index them).
_STATUS = {"month": VALUE, "status": VALUE}
STATUS_FIELDS = tuple(_STATUS)
FIELDS: dict[str, Fields] = {
    "profile": {"plan_years": VALUE, "first_month": VALUE},
    "goals": {"academic": VALUE, "measures": _MEASURE},
    "priorities": {
        "measures": _MEASURE,
        "strategies": {
            "id": VALUE,
            "if_text": VALUE,
            "then_text": VALUE,
            "and_text": VALUE,
            "practice_code": VALUE,
            "measures": _MEASURE,
            "milestones": {
                "actions": {
                    "budget_cents": VALUE,
                    "funding_source": VALUE,
                    "statuses": _STATUS,
                }
            },
        },
    },
    "supports": {"provider": VALUE, "strategy_id": VALUE, "needed": VALUE, "provided": VALUE},
    "cycles": {"name": VALUE, "start": VALUE, "end": VALUE},
}
_SCALARS = frozenset((str, int, float, bool, type(None)))
_STATUS_KEYS = frozenset(_STATUS)
_EMPTY = (None, "")


def facts_of(plan: Mapping[str, Any]) -> Plan:
    """The rollup's facts of a plan (its interchange document, or its profile and
    :data:`ROLLUP_PARTS`): the fields in :data:`FIELDS`, as they read back from their JSON
    text."""
    return json.loads(facts_text(plan))  # type: ignore[no-any-return]


def facts_text(plan: Mapping[str, Any]) -> str:
    """:func:`facts_of` as the compact JSON text the desk keeps (ASCII only: any database's
    text holds it, and a NUL character is written as its escape)."""
    facts: Plan = {"profile": _row(plan["profile"], FIELDS["profile"])}
    facts.update({part: _rows(plan[part], FIELDS[part]) for part in ROLLUP_PARTS})
    # Made just now, a tree: no container can hold itself, so none is looked for (a quarter of
    # the time to write a large plan's facts).
    return json.dumps(
        facts, separators=(",", ":"), ensure_ascii=True, default=str, check_circular=False
    )


def _rows(rows: list[Mapping[str, Any]], fields: Fields) -> list[Plan]:
    if fields is _STATUS:  # most rows of a large plan are these: each kept whole, written out
        return [{"month": row.get("month"), "status": row.get("status")} for row in rows]
    return [_row(row, fields) for row in rows]


def _row(row: Mapping[str, Any], fields: Fields) -> Plan:
    out: Plan = {}
    for key, kind in fields.items():
        value = row.get(key)
        if isinstance(kind, dict):
            if value:
                out[key] = _rows(value, kind)
        elif value not in _EMPTY and value != []:
            out[key] = value
    return out


def read_facts(text: str) -> Plan | None:
    """Kept facts, or None when they are not facts of the shape :func:`facts_of` makes."""
    try:
        facts = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return facts if _facts_shape(facts) else None


def kept_facts(session: Session, version_ids: list[int]) -> dict[int, Plan]:
    """The usable facts kept for these versions, by version id."""
    out: dict[int, Plan] = {}
    for start in range(0, len(version_ids), 500):  # a bounded IN list on any database
        chunk = version_ids[start : start + 500]
        rows = session.execute(
            select(VersionFacts.version_id, VersionFacts.facts).where(
                VersionFacts.version_id.in_(chunk),
                VersionFacts.facts_version == FACTS_VERSION,
            )
        )
        for version_id, text in rows:
            facts = read_facts(text)
            if facts is not None:
                out[version_id] = facts
    return out


def keep_facts(session: Session, made: Mapping[int, str]) -> None:
    """Store facts made from versions' files (in the caller's transaction), replacing any kept
    facts of another :data:`FACTS_VERSION` or of a shape that could not be used."""
    if not made:
        return
    ids = list(made)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        held = {
            row.version_id: row
            for row in session.scalars(
                select(VersionFacts).where(VersionFacts.version_id.in_(chunk))
            )
        }
        for version_id in chunk:
            row = held.get(version_id)
            if row is None:
                session.add(
                    VersionFacts(
                        version_id=version_id, facts_version=FACTS_VERSION, facts=made[version_id]
                    )
                )
            else:
                row.facts_version = FACTS_VERSION
                row.facts = made[version_id]


# ------------------------------------------------------------------ the shape of kept facts
def _facts_shape(facts: object) -> bool:
    """Whether read-back facts have the shape :func:`facts_of` gives: an object with the
    profile's fields and :data:`ROLLUP_PARTS`, each a list of rows as :data:`FIELDS` says."""
    if type(facts) is not dict or len(facts) != len(FIELDS):
        return False
    profile = facts.get("profile")
    if type(profile) is not dict or not _plain_row(profile, FIELDS["profile"]):
        return False
    return all(_rows_shape(facts.get(part), FIELDS[part]) for part in ROLLUP_PARTS)


def _rows_shape(rows: object, fields: Fields) -> bool:
    """A list of objects holding only ``fields``, each nested list of rows in turn (a monthly
    status holds its month and status)."""
    if type(rows) is not list:
        return False
    if fields is _STATUS:  # most rows are these: a month and a status each
        for row in rows:
            if (
                type(row) is not dict
                or row.keys() != _STATUS_KEYS
                or type(row["month"]) not in _SCALARS
                or type(row["status"]) not in _SCALARS
            ):
                return False
        return True
    for row in rows:
        if type(row) is not dict:
            return False
        for key, value in row.items():
            kind = fields.get(key)
            if kind is VALUE:
                if type(value) not in _SCALARS:
                    return False
            elif kind is VALUES:
                if type(value) is not list or any(type(v) not in _SCALARS for v in value):
                    return False
            elif kind is None or not _rows_shape(value, kind):
                return False
    return True


def _plain_row(row: dict[str, Any], fields: Fields) -> bool:
    return all(fields.get(key) is VALUE and type(v) in _SCALARS for key, v in row.items())
