"""A support's choice from the state pack's catalogue (issue 15) and the team member who added
an item from their own device (issue 16), through the plan's named edits and the generic
field edit, on a real plan file: each is kept, undone and redone as one step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sipdesk.models import Cause, Support, SwotItem, WhyStep
from sipdesk.services import edits, lists, monitoring
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from tests.plans import new_plan

CHOICE = ("universal", "ISBE", "School improvement helpline")


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = new_plan(tmp_path / "Oak Hill.sipdesk")
    yield d
    d.close()


def _run(doc: PlanDocument, op: Callable[[Session], Change]) -> Change:
    with doc.transaction() as session:
        return op(session)


def _plan(doc: PlanDocument) -> dict[str, Any]:
    with doc.session() as session:
        return read_plan(session)


def _undo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def _redo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.apply(session, change)


def _choice(support: dict[str, Any]) -> tuple[str, str, str]:
    return (support["pack_level"], support["pack_provider"], support["pack_service"])


def _causes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        cause
        for fishbone in plan["fishbones"]
        for category in fishbone["categories"]
        for cause, _ in rc.iter_causes(category["causes"])
    ]


def test_a_support_added_from_the_catalogue_keeps_its_choice_beside_its_text(
    doc: PlanDocument,
) -> None:
    level, provider, service = CHOICE
    typed = _run(doc, monitoring.add_support)
    picked = _run(
        doc,
        lambda s: monitoring.add_support(
            s, pack_level=level, pack_provider=provider, pack_service=service
        ),
    )
    picked_id = picked.created_id("supports")
    assert picked_id is not None
    _run(doc, lambda s: edits.update_row(s, Support, picked_id, "Edit", needed="Helpline"))
    supports = _plan(doc)["supports"]
    assert [_choice(s) for s in supports] == [("", "", ""), CHOICE]
    assert supports[1]["needed"] == "Helpline"
    _undo(doc, picked)
    assert len(_plan(doc)["supports"]) == 1
    assert typed.label == picked.label == "Add support"


def test_a_supports_choice_is_set_and_forgotten_in_one_step_and_its_text_stays(
    doc: PlanDocument,
) -> None:
    support_id = _run(doc, monitoring.add_support).created_id("supports")
    assert support_id is not None
    _run(doc, lambda s: edits.update_row(s, Support, support_id, "Edit", needed="Coaching"))
    chosen = _run(doc, lambda s: monitoring.set_support_choice(s, support_id, *CHOICE))
    assert len(chosen.steps) == 1
    (support,) = _plan(doc)["supports"]
    assert (_choice(support), support["needed"]) == (CHOICE, "Coaching")
    forgotten = _run(doc, lambda s: monitoring.set_support_choice(s, support_id, "", "", ""))
    assert _choice(_plan(doc)["supports"][0]) == ("", "", "")
    _undo(doc, forgotten)
    assert _choice(_plan(doc)["supports"][0]) == CHOICE
    _undo(doc, chosen)
    assert _choice(_plan(doc)["supports"][0]) == ("", "", "")
    _redo(doc, chosen)
    assert _choice(_plan(doc)["supports"][0]) == CHOICE


def test_a_swot_item_names_the_team_member_who_added_it(doc: PlanDocument) -> None:
    theirs = _run(doc, lambda s: lists.add_swot_item(s, "strength", "PLCs", contributed_by="Ana"))
    _run(doc, lambda s: lists.add_swot_item(s, "strength", "Coaching"))
    with doc.session() as session:
        rows = lists.swot_rows(session)
    assert [(r["text"], r["contributed_by"]) for r in rows] == [("PLCs", "Ana"), ("Coaching", "")]
    item_id = theirs.created_id("swot_items")
    assert item_id is not None
    renamed = _run(
        doc, lambda s: edits.update_row(s, SwotItem, item_id, "Edit", contributed_by="Jamal")
    )
    assert _plan(doc)["swot"][0]["contributed_by"] == "Jamal"
    _undo(doc, renamed)
    assert _plan(doc)["swot"][0]["contributed_by"] == "Ana"


def test_a_cause_and_a_sub_cause_name_who_added_them(doc: PlanDocument) -> None:
    fishbone = _run(doc, lambda s: rc.new_fishbone(s, "Attendance is low", template=None))
    fishbone_id = fishbone.created_id("fishbones")
    assert fishbone_id is not None
    bone = _run(doc, lambda s: rc.add_category(s, fishbone_id, "Families"))
    bone_id = bone.created_id("fishbone_categories")
    assert bone_id is not None
    top = _run(doc, lambda s: rc.add_cause(s, bone_id, "Late buses", contributed_by="Lee"))
    top_id = top.created_id("causes")
    assert top_id is not None
    _run(doc, lambda s: rc.add_cause(s, bone_id, "Route changed", parent_id=top_id))
    assert [(c["text"], c["contributed_by"]) for c in _causes(_plan(doc))] == [
        ("Late buses", "Lee"),
        ("Route changed", ""),
    ]
    _run(doc, lambda s: edits.update_row(s, Cause, top_id, "Edit", contributed_by=""))
    assert _causes(_plan(doc))[0]["contributed_by"] == ""


def test_a_why_answer_names_who_added_it(doc: PlanDocument) -> None:
    chain_id = _run(doc, lambda s: rc.new_why_chain(s, "Attendance is low")).created_id(
        "why_chains"
    )
    assert chain_id is not None
    _run(doc, lambda s: rc.add_why_step(s, chain_id, "Buses are late"))
    added = _run(
        doc, lambda s: rc.add_why_step(s, chain_id, "Routes changed", 0, contributed_by="Ana")
    )
    steps = _plan(doc)["why_chains"][0]["steps"]
    assert [(w["text"], w["contributed_by"]) for w in steps] == [
        ("Routes changed", "Ana"),
        ("Buses are late", ""),
    ]
    step_id = added.created_id("why_steps")
    assert step_id is not None
    _run(doc, lambda s: edits.update_row(s, WhyStep, step_id, "Edit", contributed_by="Jamal"))
    assert _plan(doc)["why_chains"][0]["steps"][0]["contributed_by"] == "Jamal"


def test_a_name_longer_than_any_field_may_hold_is_refused(doc: PlanDocument) -> None:
    with pytest.raises(PlanRuleError):
        _run(doc, lambda s: lists.add_swot_item(s, "threat", "x", contributed_by="n" * 20_001))
    assert _plan(doc)["swot"] == []
