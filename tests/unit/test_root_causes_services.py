"""Steps 3–4 operations: each is one undo step, exact through the file, and the queries rank
and list what the screens show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sipdesk.models import Cause, Fishbone, FishboneCategory, SwotItem, TeamMember
from sipdesk.services import edits, operations
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from tests.plans import new_plan

Plan = dict[str, Any]


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = new_plan(tmp_path / "Oak Hill.sipdesk")
    yield d
    d.close()


def _run(doc: PlanDocument, op: Callable[[Session], Change]) -> Change:
    with doc.transaction() as session:
        return op(session)


def _plan(doc: PlanDocument) -> Plan:
    with doc.session() as session:
        return read_plan(session)


def _undo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def _redo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.apply(session, change)


def _tree(plan: Plan, fishbone: int = 0) -> list[tuple[str, list[Any]]]:
    """Category names with nested cause texts: [(name, [text or (text, [subs])])]."""

    def causes(items: list[dict[str, Any]]) -> list[Any]:
        return [(c["text"], causes(c["causes"])) if c["causes"] else c["text"] for c in items]

    return [(c["name"], causes(c["causes"])) for c in plan["fishbones"][fishbone]["categories"]]


def _ids(plan: Plan) -> dict[str, int]:
    """Cause text -> id, over every fishbone."""
    return {
        cause["text"]: cause["id"]
        for fishbone in plan["fishbones"]
        for category in fishbone["categories"]
        for cause, _ in rc.iter_causes(category["causes"])
    }


def _fishbone(doc: PlanDocument) -> tuple[int, list[int]]:
    """A blank fishbone with two bones, A: a1 (a1x, a1y), a2; B: b1."""
    change = _run(doc, lambda s: rc.new_fishbone(s, "Attendance is low", template=None))
    fid = change.created_id("fishbones")
    assert fid is not None
    cats = []
    for name in ("A", "B"):
        made = _run(doc, lambda s, n=name: rc.add_category(s, fid, n))  # type: ignore[misc]
        cats.append(made.created_id("fishbone_categories"))
    a, b = cats
    assert a is not None and b is not None
    a1 = _run(doc, lambda s: rc.add_cause(s, a, "a1")).created_id("causes")
    _run(doc, lambda s: rc.add_cause(s, a, "a2"))
    _run(doc, lambda s: rc.add_cause(s, a, "a1x", parent_id=a1))
    _run(doc, lambda s: rc.add_cause(s, a, "a1y", parent_id=a1))
    _run(doc, lambda s: rc.add_cause(s, b, "b1"))
    return fid, [a, b]


# ------------------------------------------------------------------------- fishbones


def test_new_fishbone_from_each_template_is_one_undo_step(doc: PlanDocument) -> None:
    # Given an empty plan, when a fishbone is made from the School template
    school = _run(doc, lambda s: rc.new_fishbone(s, "Reading", "school"))
    four = _run(doc, lambda s: rc.new_fishbone(s, "Math", "four_domains"))
    plan = _plan(doc)
    # Then it has the template's bones in order
    assert [c["name"] for c in plan["fishbones"][0]["categories"]] == [
        "Students",
        "Instruction",
        "Curriculum",
        "Leadership",
        "Families",
        "Systems",
    ]
    assert [c["name"] for c in plan["fishbones"][1]["categories"]] == [
        "Leadership",
        "Talent Development",
        "Instructional Transformation",
        "Culture Shift",
    ]
    # And undoing each removes the diagram and its bones together
    _undo(doc, four)
    _undo(doc, school)
    assert _plan(doc)["fishbones"] == []
    _redo(doc, school)
    assert len(_plan(doc)["fishbones"][0]["categories"]) == 6


def test_template_categories_are_added_only_when_missing(doc: PlanDocument) -> None:
    fid, _ = _fishbone(doc)
    _run(doc, lambda s: rc.add_category(s, fid, "leadership"))
    change = _run(doc, lambda s: rc.add_template_categories(s, fid, "four_domains"))
    names = [c["name"] for c in _plan(doc)["fishbones"][0]["categories"]]
    assert names == [
        "A",
        "B",
        "leadership",
        "Talent Development",
        "Instructional Transformation",
        "Culture Shift",
    ]
    _undo(doc, change)
    assert len(_plan(doc)["fishbones"][0]["categories"]) == 3


def test_unknown_template_is_a_programming_error(doc: PlanDocument) -> None:
    with pytest.raises(ValueError, match="unknown category template"):
        _run(doc, lambda s: rc.new_fishbone(s, "x", "nope"))


def test_causes_and_sub_causes_nest_in_order(doc: PlanDocument) -> None:
    _fishbone(doc)
    assert _tree(_plan(doc)) == [("A", [("a1", ["a1x", "a1y"]), "a2"]), ("B", ["b1"])]


def test_add_cause_at_an_index(doc: PlanDocument) -> None:
    _, (a, _b) = _fishbone(doc)
    change = _run(doc, lambda s: rc.add_cause(s, a, "first", index=0))
    assert _tree(_plan(doc))[0][1][0] == "first"
    _undo(doc, change)
    assert _tree(_plan(doc))[0] == ("A", [("a1", ["a1x", "a1y"]), "a2"])
    _redo(doc, change)
    assert _tree(_plan(doc))[0][1][0] == "first"


def test_sub_cause_must_be_on_its_parents_bone(doc: PlanDocument) -> None:
    _, (_a, b) = _fishbone(doc)
    a1 = _ids(_plan(doc))["a1"]
    with pytest.raises(ValueError):
        _run(doc, lambda s: rc.add_cause(s, b, "x", parent_id=a1))


def test_moving_a_cause_to_another_bone_takes_its_sub_causes_and_undoes_in_one_step(
    doc: PlanDocument,
) -> None:
    # Given a1 with two sub-causes on bone A
    _, (_a, b) = _fishbone(doc)
    ids = _ids(_plan(doc))
    before = _plan(doc)
    # When a1 moves to the top of bone B
    change = _run(doc, lambda s: rc.move_cause(s, ids["a1"], 0, category_id=b))
    plan = _plan(doc)
    # Then B holds a1 (with its sub-causes) before b1, and A only a2
    assert _tree(plan) == [("A", ["a2"]), ("B", [("a1", ["a1x", "a1y"]), "b1"])]
    subs = plan["fishbones"][0]["categories"][1]["causes"][0]["causes"]
    assert {s["text"] for s in subs} == {"a1x", "a1y"}
    # And the sub-causes' own bone changed too (they travel with their cause)
    with doc.session() as session:
        moved = [session.get(Cause, ids[t]) for t in ("a1x", "a1y")]
        assert {c.category_id for c in moved if c is not None} == {b}
    # And one revert puts everything back exactly
    _undo(doc, change)
    assert _plan(doc) == before
    _redo(doc, change)
    assert _plan(doc) == plan


def test_reorder_within_a_bone(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    _run(doc, lambda s: rc.move_cause(s, ids["a2"], 0))
    assert _tree(_plan(doc))[0] == ("A", ["a2", ("a1", ["a1x", "a1y"])])
    _run(doc, lambda s: rc.move_cause(s, ids["a1y"], 0, parent_id=ids["a1"]))
    assert _tree(_plan(doc))[0] == ("A", ["a2", ("a1", ["a1y", "a1x"])])


def test_a_cause_cannot_go_under_its_own_sub_cause(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    with pytest.raises(PlanRuleError, match="cannot go under itself"):
        _run(doc, lambda s: rc.move_cause(s, ids["a1"], 0, parent_id=ids["a1x"]))
    with pytest.raises(PlanRuleError):
        _run(doc, lambda s: rc.move_cause(s, ids["a1"], 0, parent_id=ids["a1"]))


def test_indent_makes_a_sub_cause_of_the_cause_above_and_outdent_undoes_it(
    doc: PlanDocument,
) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    # When a2 is indented it becomes a1's last sub-cause
    indent = _run(doc, lambda s: rc.indent_cause(s, ids["a2"]))
    assert indent.label == "Make sub-cause"
    assert _tree(_plan(doc))[0] == ("A", [("a1", ["a1x", "a1y", "a2"])])
    # When it is promoted again it comes right after its parent
    _run(doc, lambda s: rc.outdent_cause(s, ids["a2"]))
    assert _tree(_plan(doc))[0] == ("A", [("a1", ["a1x", "a1y"]), "a2"])
    # Promoting a1x puts it between a1 and a2
    _run(doc, lambda s: rc.outdent_cause(s, ids["a1x"]))
    assert _tree(_plan(doc))[0] == ("A", [("a1", ["a1y"]), "a1x", "a2"])


def test_indent_and_outdent_refuse_with_a_sentence(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    with pytest.raises(PlanRuleError, match="nothing above it"):
        _run(doc, lambda s: rc.indent_cause(s, ids["a1"]))
    with pytest.raises(PlanRuleError, match="already sits on the bone"):
        _run(doc, lambda s: rc.outdent_cause(s, ids["a1"]))


def test_delete_cause_takes_sub_causes_votes_and_links_and_undo_restores(
    doc: PlanDocument,
) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    member = _run(
        doc, lambda s: edits.insert_row(s, TeamMember, "Add", {"name": "Ana"})
    ).created_id("team_members")
    assert member is not None
    _run(doc, lambda s: rc.add_dot(s, ids["a1x"], member))
    prio = _run(doc, lambda s: operations.add_priority(s, "Reading")).created_id("priorities")
    assert prio is not None
    _run(doc, lambda s: operations.link_priority(s, prio, cause_id=ids["a1"]))
    chain = _run(doc, lambda s: rc.new_why_chain(s, "x", cause_id=ids["a1"]))
    before = _plan(doc)
    change = _run(doc, lambda s: rc.delete_cause(s, ids["a1"]))
    after = _plan(doc)
    assert _tree(after)[0] == ("A", ["a2"])
    assert after["priorities"][0]["links"] == []
    assert after["why_chains"][0]["cause_id"] is None
    _undo(doc, change)
    assert _plan(doc) == before
    assert chain.created_id("why_chains") == before["why_chains"][0]["id"]


def test_categories_move_rename_and_delete(doc: PlanDocument) -> None:
    _, (a, b) = _fishbone(doc)
    _run(doc, lambda s: rc.move_category(s, b, 0))
    assert [c for c, _ in _tree(_plan(doc))] == ["B", "A"]
    _run(doc, lambda s: edits.update_row(s, FishboneCategory, a, "Rename", name="Adults"))
    before = _plan(doc)
    change = _run(doc, lambda s: rc.delete_category(s, a))
    assert [c for c, _ in _tree(_plan(doc))] == ["B"]
    _undo(doc, change)
    assert _plan(doc) == before


def test_delete_fishbone_and_undo(doc: PlanDocument) -> None:
    fid, _ = _fishbone(doc)
    before = _plan(doc)
    change = _run(doc, lambda s: rc.delete_fishbone(s, fid))
    assert _plan(doc)["fishbones"] == []
    _undo(doc, change)
    assert _plan(doc) == before


def test_set_root_labels(doc: PlanDocument) -> None:
    _fishbone(doc)
    a2 = _ids(_plan(doc))["a2"]
    assert _run(doc, lambda s: rc.set_root(s, a2, True)).label == "Mark root cause"
    assert _run(doc, lambda s: rc.set_root(s, a2, False)).label == "Unmark root cause"


# ------------------------------------------------------------------------- 5 Whys


def test_why_chain_steps_in_order_with_insert(doc: PlanDocument) -> None:
    weak = _run(
        doc, lambda s: edits.insert_row(s, SwotItem, "Add", {"kind": "weakness", "text": "w"})
    ).created_id("swot_items")
    chain = _run(doc, lambda s: rc.new_why_chain(s, "Late homework", weakness_id=weak))
    cid = chain.created_id("why_chains")
    assert cid is not None
    _run(doc, lambda s: rc.add_why_step(s, cid, "one"))
    _run(doc, lambda s: rc.add_why_step(s, cid, "three"))
    middle = _run(doc, lambda s: rc.add_why_step(s, cid, "two", index=1))
    plan = _plan(doc)
    assert [s["text"] for s in plan["why_chains"][0]["steps"]] == ["one", "two", "three"]
    assert plan["why_chains"][0]["weakness_id"] == weak
    _undo(doc, middle)
    assert [s["text"] for s in _plan(doc)["why_chains"][0]["steps"]] == ["one", "three"]
    with pytest.raises(PlanRuleError):
        _run(doc, lambda s: rc.add_why_step(s, 999, "x"))


def test_link_why_chain(doc: PlanDocument) -> None:
    _fishbone(doc)
    a2 = _ids(_plan(doc))["a2"]
    cid = _run(doc, lambda s: rc.new_why_chain(s, "x")).created_id("why_chains")
    assert cid is not None
    _run(doc, lambda s: rc.link_why_chain(s, cid, weakness_id=None, cause_id=a2))
    assert _plan(doc)["why_chains"][0]["cause_id"] == a2


# ------------------------------------------------------------------------- voting


def _members(doc: PlanDocument, *names: str) -> list[int]:
    out = []
    for name in names:
        made = _run(
            doc,
            lambda s, n=name: edits.insert_row(s, TeamMember, "Add", {"name": n}),  # type: ignore[misc]
        )
        member = made.created_id("team_members")
        assert member is not None
        out.append(member)
    return out


def test_dots_respect_each_members_allowance_and_name_them(doc: PlanDocument) -> None:
    # Given three dots per member (the default) and a fishbone
    _fishbone(doc)
    ids = _ids(_plan(doc))
    ana, ben = _members(doc, "Ana", "Ben")
    # When Ana places three dots
    for cause in ("a1", "a1", "b1"):
        _run(doc, lambda s, c=cause: rc.add_dot(s, ids[c], ana))  # type: ignore[misc]
    # Then a fourth is refused with her name
    with pytest.raises(PlanRuleError, match="Ana has placed all 3 dots"):
        _run(doc, lambda s: rc.add_dot(s, ids["a2"], ana))
    # And Ben still has his
    _run(doc, lambda s: rc.add_dot(s, ids["a2"], ben))
    plan = _plan(doc)
    assert rc.dots_used(plan) == {ana: 3, ben: 1}
    assert rc.member_dots(plan, ids["a1"]) == {ana: 2}
    # Taking one back frees it; taking the last one back removes the row
    _run(doc, lambda s: rc.add_dot(s, ids["b1"], ana, -1))
    assert rc.member_dots(_plan(doc), ids["b1"]) == {}
    with pytest.raises(PlanRuleError, match="no dot on this cause"):
        _run(doc, lambda s: rc.add_dot(s, ids["b1"], ana, -1))
    _run(doc, lambda s: rc.add_dot(s, ids["a2"], ana))


def test_tally_votes_and_ranking(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    (ana,) = _members(doc, "Ana")
    _run(doc, lambda s: rc.set_tally(s, ids["b1"], 4))
    _run(doc, lambda s: rc.add_dot(s, ids["a1y"], ana))
    _run(doc, lambda s: rc.add_dot(s, ids["a1y"], None))
    _run(doc, lambda s: rc.set_root(s, ids["b1"], True))
    with pytest.raises(PlanRuleError, match="below zero"):
        _run(doc, lambda s: rc.set_tally(s, ids["b1"], -1))
    ranked = rc.ranking(_plan(doc))
    assert [(r.text, r.votes) for r in ranked[:3]] == [("b1", 4), ("a1y", 2), ("a1", 0)]
    assert ranked[0].is_root and ranked[0].category == "B"
    assert ranked[1].dots == 1 and ranked[1].tally == 1 and ranked[1].depth == 1
    # ties keep the diagram's order
    assert [r.text for r in ranked[2:]] == ["a1", "a1x", "a2"]


def test_dots_per_member_bounds(doc: PlanDocument) -> None:
    _run(doc, lambda s: rc.set_dots_per_member(s, 5))
    assert _plan(doc)["profile"]["dots_per_member"] == 5
    with pytest.raises(PlanRuleError):
        _run(doc, lambda s: rc.set_dots_per_member(s, -1))


# ------------------------------------------------------------------------- priorities


def test_priority_options_links_and_reorder(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    _run(doc, lambda s: rc.set_root(s, ids["a1x"], True))
    cid = _run(doc, lambda s: rc.new_why_chain(s, "Homework late")).created_id("why_chains")
    assert cid is not None
    _run(doc, lambda s: rc.add_why_step(s, cid, "No quiet place to work"))
    _run(doc, lambda s: edits.insert_row(s, SwotItem, "Add", {"kind": "weakness", "text": "Math"}))
    _run(doc, lambda s: edits.insert_row(s, SwotItem, "Add", {"kind": "strength", "text": "x"}))
    plan = _plan(doc)
    roots = rc.root_cause_options(plan)
    assert [(o.column, o.text) for o in roots] == [
        ("cause_id", "a1x"),
        ("chain_id", "No quiet place to work"),
    ]
    assert roots[0].detail == "Attendance is low · A"
    assert len(rc.root_cause_options(plan, every_cause=True)) == 6
    assert [o.text for o in rc.weakness_options(plan)] == ["Math"]

    first = _run(doc, lambda s: operations.add_priority(s, "One")).created_id("priorities")
    second = _run(doc, lambda s: operations.add_priority(s, "Two")).created_id("priorities")
    assert first is not None and second is not None
    _run(doc, lambda s: operations.link_priority(s, first, chain_id=cid))
    _run(doc, lambda s: rc.unlink_priority(s, first, chain_id=cid))
    assert _plan(doc)["priorities"][0]["links"] == []
    assert _run(doc, lambda s: rc.unlink_priority(s, first, chain_id=cid)).empty
    _run(doc, lambda s: rc.move_priority(s, second, 0))
    assert [p["title"] for p in _plan(doc)["priorities"]] == ["Two", "One"]
    _run(doc, lambda s: rc.delete_priority(s, second))
    assert [p["title"] for p in _plan(doc)["priorities"]] == ["One"]


def test_fishbone_input_keeps_order_roots_and_labels(doc: PlanDocument) -> None:
    _fishbone(doc)
    ids = _ids(_plan(doc))
    _run(doc, lambda s: rc.set_root(s, ids["a1y"], True))
    fishbone = _plan(doc)["fishbones"][0]
    data = rc.fishbone_input(fishbone, label=lambda c: c["text"].upper())
    assert data.problem == "Attendance is low"
    assert [c.name for c in data.categories] == ["A", "B"]
    a1 = data.categories[0].causes[0]
    assert a1.text == "A1" and [c.text for c in a1.children] == ["A1X", "A1Y"]
    assert [c.is_root for c in a1.children] == [False, True]
    assert rc.find_fishbone_of(_plan(doc), "cause", ids["a1y"]) == fishbone["id"]
    assert rc.find_fishbone_of(_plan(doc), "cause", 9999) is None


def test_linking_a_weakness_fills_an_empty_problem_or_symptom(doc: PlanDocument) -> None:
    weak = _run(
        doc,
        lambda s: edits.insert_row(
            s, SwotItem, "Add", {"kind": "weakness", "text": "Chronic absence is rising"}
        ),
    ).created_id("swot_items")
    fid = _run(doc, lambda s: rc.new_fishbone(s, "", None)).created_id("fishbones")
    assert fid is not None and weak is not None
    # Given an empty problem, linking the weakness copies its words (one undo step)
    change = _run(doc, lambda s: rc.link_fishbone_weakness(s, fid, weak))
    fishbone = _plan(doc)["fishbones"][0]
    assert (fishbone["weakness_id"], fishbone["problem"]) == (weak, "Chronic absence is rising")
    _undo(doc, change)
    assert _plan(doc)["fishbones"][0]["problem"] == ""
    # A written problem is kept; unlinking leaves it
    _run(doc, lambda s: edits.update_row(s, Fishbone, fid, "Edit", problem="Absence"))
    _run(doc, lambda s: rc.link_fishbone_weakness(s, fid, weak))
    assert _plan(doc)["fishbones"][0]["problem"] == "Absence"
    assert _run(doc, lambda s: rc.link_fishbone_weakness(s, fid, None)).label == "Unlink weakness"
    # A 5 Whys chain takes a linked cause's words as its symptom when it has none
    cat = _run(doc, lambda s: rc.add_category(s, fid, "People")).created_id("fishbone_categories")
    assert cat is not None
    cause = _run(doc, lambda s: rc.add_cause(s, cat, "Buses late")).created_id("causes")
    chain = _run(doc, lambda s: rc.new_why_chain(s)).created_id("why_chains")
    assert chain is not None
    _run(doc, lambda s: rc.link_why_chain(s, chain, weakness_id=None, cause_id=cause))
    assert _plan(doc)["why_chains"][0]["symptom"] == "Buses late"
    with pytest.raises(PlanRuleError):
        _run(doc, lambda s: rc.link_fishbone_weakness(s, 999, weak))
