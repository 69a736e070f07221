"""Intake reads only the parts of a plan its facts need (issue 13, the intake benchmark): the
readiness count from those parts is the count from the whole plan, and reading a text column by
its made-once converter gives what ``to_plain`` gives, whatever a file from outside holds."""

from __future__ import annotations

from pathlib import Path

from sipdesk.district.rollup_facts import ROLLUP_PARTS, facts_text
from sipdesk.models import PlanProfile
from sipdesk.models.base import table_of
from sipdesk.models.tree import TREE
from sipdesk.models.walk import preorder
from sipdesk.services.checks import READINESS_PARTS, readiness
from sipdesk.services.snapshot import _plain_of, read_plan, read_plan_parts, to_plain
from sipdesk.storage import PlanDocument
from tests.plans import new_plan, sample_plan

HOSTILE = (None, "", "text", "ünïcode", b"bytes \xff", 7, 0, 1, 2.5, float("inf"), "2026-13-40")


def _both_ways(path: Path) -> None:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        whole = read_plan(session)
        parts = read_plan_parts(session, (*READINESS_PARTS, *ROLLUP_PARTS))
    assert set(parts) == {"profile", *READINESS_PARTS, *ROLLUP_PARTS}
    for key in parts:
        assert parts[key] == dict(whole)[key], key
    assert readiness(parts) == readiness(whole)  # type: ignore[arg-type]
    assert facts_text(parts) == facts_text(whole)


def test_readiness_and_facts_from_the_parts_are_the_whole_plans(tmp_path: Path) -> None:
    sample_plan(tmp_path / "sample.sipdesk").close()
    new_plan(tmp_path / "new.sipdesk").close()
    _both_ways(tmp_path / "sample.sipdesk")
    _both_ways(tmp_path / "new.sipdesk")


def test_the_sample_plans_findings_use_causes_and_chains(tmp_path: Path) -> None:
    """The sample plan has root causes and why-chains, so the parts above include what the
    priorities' root-cause findings read; without them the count would differ."""
    sample_plan(tmp_path / "sample.sipdesk").close()
    with (
        PlanDocument.open(tmp_path / "sample.sipdesk", readonly=True) as doc,
        doc.session() as session,
    ):
        whole = read_plan(session)
    assert whole["fishbones"] and whole["why_chains"]
    without = dict(whole, fishbones=[], why_chains=[])
    assert len(readiness(without)) != len(readiness(whole))  # type: ignore[arg-type]


def test_each_columns_converter_is_to_plain() -> None:
    columns = [*table_of(PlanProfile).columns]
    for node, _ in preorder(TREE, lambda n: n.children):
        columns += [*table_of(node.model).columns]
    for column in columns:
        for value in HOSTILE:
            made = _plain_of(column)(value)
            expected = to_plain(column, value)
            assert (type(made), made) == (type(expected), expected), (column, value)
