"""A version's rollup facts (desk schema 5, issue 14): the parts of its plan the rollup reads,
kept as compact JSON text in ``version_facts`` when the version is received, so the rollup of
200 plans reads 200 short texts instead of opening 200 plan files.

One code path: :func:`facts_of` makes the facts from a plan's interchange document — the whole
plan intake has just read, or the parts the rollup reads from a version's file — and the rollup
works its views out from the facts, whether they were kept or just made. A version received
before desk schema 5 has none kept; the rollup makes them from its file and hands them back
(:attr:`PlanCache.made`) for :func:`keep_facts` to store when the desk is writable.

Facts read back from a desk are checked for their shape (every list of rows a list of objects,
every value plain) before the rollup uses them; facts that fail, or that were made by another
:data:`FACTS_VERSION`, count as missing, and the version's file is read instead.
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
FACTS_VERSION = 1

Plan = dict[str, Any]
_SCALARS = (str, int, float, bool, type(None))


def facts_of(plan: Mapping[str, Any]) -> Plan:
    """The rollup's facts of a plan: its profile and :data:`ROLLUP_PARTS`, exactly as in its
    interchange document, as they read back from their JSON text."""
    return json.loads(facts_text(plan))  # type: ignore[no-any-return]


def facts_text(plan: Mapping[str, Any]) -> str:
    """:func:`facts_of` as the compact JSON text the desk keeps (ASCII only: any database's
    text holds it, and a NUL character is written as its escape)."""
    facts = {"profile": dict(plan["profile"])}
    facts.update({part: plan[part] for part in ROLLUP_PARTS})
    return json.dumps(facts, separators=(",", ":"), ensure_ascii=True, default=str)


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
    from sipdesk.models.tree import TREE

    if not isinstance(facts, dict) or not _plain_row(facts.get("profile"), ()):
        return False
    tops = {node.key: node for node in TREE if node.key in ROLLUP_PARTS}
    return all(_rows(facts.get(key), node) for key, node in tops.items())


def _rows(rows: object, node: Any) -> bool:
    """A list of rows of ``node``: objects whose child lists are lists of rows in turn."""
    if not isinstance(rows, list):
        return False
    nested = {child.key: child for child in node.children}
    if node.self_fk:
        nested[node.key] = node
    for row in rows:
        if not _plain_row(row, nested):
            return False
        if not all(_rows(row.get(key, []), child) for key, child in nested.items()):
            return False
    return True


def _plain_row(row: object, nested: Mapping[str, Any] | tuple[()]) -> bool:
    """An object whose values (but the ``nested`` lists) are plain, or lists of plain values."""
    if not isinstance(row, dict):
        return False
    for key, value in row.items():
        if key in nested:
            continue
        if isinstance(value, list):
            if not all(isinstance(item, _SCALARS) for item in value):
                return False
        elif not isinstance(value, _SCALARS):
            return False
    return True
