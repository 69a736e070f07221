"""The plan's limits hold alike in the editing services, the validator and the importer.

Given a plan at a limit, when one more row, a longer text or a deeper sub-cause is asked for,
then the editing service refuses in one sentence; a file exactly at the limits still opens.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from sipdesk.models import Cause, CoreValue, PlanProfile
from sipdesk.models.domains import domains
from sipdesk.models.limits import MAX_CAUSE_DEPTH, MAX_ROWS, MAX_TEXT_CHARS, ROW_NOUNS
from sipdesk.services import root_causes
from sipdesk.services.edits import PlanRuleError, insert_row, update_row
from sipdesk.storage import PlanDocument
from tests.plans import new_plan, sample_plan


def test_limits_name_every_table_once() -> None:
    assert set(MAX_ROWS) == set(domains()) == set(ROW_NOUNS)


def test_adding_past_a_row_limit_is_refused_in_one_sentence(tmp_path: Path) -> None:
    # Given a plan holding as many core values as a plan may
    path = tmp_path / "Full.sipdesk"
    new_plan(path).close()
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO core_values(text, position) VALUES (?, ?)",
        [(f"value {i}", i) for i in range(MAX_ROWS["core_values"])],
    )
    conn.commit()
    conn.close()
    # When it opens (a file at the limit is sound) and one more is added
    with (
        PlanDocument.open(path) as doc,
        doc.transaction() as session,
        pytest.raises(PlanRuleError) as caught,
    ):
        insert_row(session, CoreValue, "Add core value", {"text": "one too many"})
    # Then the refusal names the limit
    assert str(caught.value) == (
        f"This plan already has {MAX_ROWS['core_values']} core values, the most a plan may hold."
    )


def test_a_text_longer_than_a_field_holds_is_refused(tmp_path: Path) -> None:
    with new_plan(tmp_path / "Oak.sipdesk") as doc, doc.transaction() as session:
        update_row(session, PlanProfile, 1, "Edit vision", vision="v" * MAX_TEXT_CHARS)
        with pytest.raises(PlanRuleError) as caught:
            update_row(session, PlanProfile, 1, "Edit vision", vision="v" * (MAX_TEXT_CHARS + 1))
    assert f"longer than {MAX_TEXT_CHARS:,} characters" in str(caught.value)


def test_a_value_outside_its_column_is_refused(tmp_path: Path) -> None:
    with new_plan(tmp_path / "Oak.sipdesk") as doc, doc.transaction() as session:
        with pytest.raises(PlanRuleError, match="first month is not a month"):
            update_row(session, PlanProfile, 1, "Set month", first_month="9999-12x")
        with pytest.raises(PlanRuleError, match="dots per member should be a whole number"):
            update_row(session, PlanProfile, 1, "Set dots", dots_per_member=2**62)


def _chain(session: Session, category_id: int, depth: int) -> list[int]:
    ids: list[int] = []
    parent = None
    for level in range(depth):
        change = root_causes.add_cause(session, category_id, f"level {level}", parent_id=parent)
        parent = change.created_id("causes")
        assert parent is not None
        ids.append(parent)
    return ids


def test_sub_causes_nest_to_the_limit_and_no_deeper(tmp_path: Path) -> None:
    # Given a chain of sub-causes exactly as deep as a fishbone may hold
    with sample_plan(tmp_path / "Riverside.sipdesk") as doc, doc.transaction() as session:
        category = session.query(Cause.category_id).first()
        assert category is not None
        chain = _chain(session, category[0], MAX_CAUSE_DEPTH)
        # When one more level is asked for, under the deepest
        with pytest.raises(PlanRuleError, match=f"at most {MAX_CAUSE_DEPTH} levels"):
            root_causes.add_cause(session, category[0], "too deep", parent_id=chain[-1])
        # or a two-level branch is moved under the second-deepest
        top = root_causes.add_cause(session, category[0], "branch").created_id("causes")
        assert top is not None
        root_causes.add_cause(session, category[0], "twig", parent_id=top)
        with pytest.raises(PlanRuleError, match="at most"):
            root_causes.move_cause(session, top, 0, parent_id=chain[-2])
        # while a move that stays within the limit is fine
        root_causes.move_cause(session, top, 0, parent_id=chain[-3])
    # Then the plan, at the limit, still opens
    PlanDocument.open(doc.path).close()
