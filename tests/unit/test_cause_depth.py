"""One nesting limit for sub-causes, held alike by every way into and out of a plan.

Given a chain of sub-causes exactly ``MAX_CAUSE_DEPTH`` levels deep, the check, the PDF, JSON
and CSV exports and a re-import of the exported JSON all work; one level deeper is refused by
the editing services, the file validator and the importer, each in one sentence. The walkers
themselves never recurse, so even a chain far past the limit handed to them directly does not
overflow Python's stack.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.cli import main
from sipdesk.diagrams import layout_fishbone
from sipdesk.models import Cause
from sipdesk.models.limits import MAX_CAUSE_DEPTH
from sipdesk.models.plan_types import PlanDoc
from sipdesk.models.walk import walk_causes
from sipdesk.services import completeness, root_causes
from sipdesk.services.checks import RootCauses
from sipdesk.services.edits import PlanRuleError
from sipdesk.services.snapshot import read_plan, write_plan
from sipdesk.storage import PlanDocument
from tests.plans import new_plan
from tests.records import complete

LIMIT_WORDS = f"more than {MAX_CAUSE_DEPTH} levels deep"


def _chain_plan(path: Path, levels: int) -> int:
    """A new plan holding one chain of ``levels`` causes (the first on a bone); returns the
    deepest cause's id."""
    with new_plan(path) as doc, doc.transaction() as session:
        fishbone = root_causes.new_fishbone(session, "p", None).created_id("fishbones")
        assert fishbone is not None
        category = root_causes.add_category(session, fishbone, "Instruction")
        category_id = category.created_id("fishbone_categories")
        assert category_id is not None
        parent = None
        for level in range(1, levels + 1):
            change = root_causes.add_cause(
                session, category_id, f"why, level {level}", parent_id=parent
            )
            parent = change.created_id("causes")
            assert parent is not None
        return parent


def _depth(plan: dict[str, Any]) -> int:
    return 1 + max(
        depth
        for fishbone in plan["fishbones"]
        for category in fishbone["categories"]
        for _, depth in walk_causes(category["causes"])
    )


def _one_sentence(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and err.count("\n") == 0, err
    for word in words:
        assert word in err, err


def test_a_chain_at_the_limit_works_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a plan whose sub-causes nest exactly as deep as a fishbone may hold
    plan = tmp_path / "Deep.sipdesk"
    _chain_plan(plan, MAX_CAUSE_DEPTH)
    # When it is checked and exported to every format, and the JSON is imported again
    assert main(["check", str(plan)]) == 1  # gaps in an almost empty plan, but no refusal
    for suffix in (".pdf", ".json", ".csv"):
        assert main(["export", str(plan), "-o", str(tmp_path / f"out{suffix}")]) == 0
    again = tmp_path / "Again.sipdesk"
    assert main(["import", str(tmp_path / "out.json"), "-o", str(again)]) == 0
    # Then every level is still there, printed, and the re-imported plan opens and exports
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages)
    assert f"why, level {MAX_CAUSE_DEPTH}" in text
    with PlanDocument.open(again, readonly=True) as doc, doc.session() as session:
        assert _depth(read_plan(session)) == MAX_CAUSE_DEPTH
    assert main(["export", str(again), "-o", str(tmp_path / "again.pdf")]) == 0


def test_one_level_deeper_is_refused_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a plan at the limit
    plan = tmp_path / "Deep.sipdesk"
    deepest = _chain_plan(plan, MAX_CAUSE_DEPTH)
    # When the editing services are asked for one level more, they refuse in a sentence
    with PlanDocument.open(plan) as doc, doc.transaction() as session:
        category_id = session.get(Cause, deepest).category_id  # type: ignore[union-attr]
        with pytest.raises(PlanRuleError, match=f"at most {MAX_CAUSE_DEPTH} levels"):
            root_causes.add_cause(session, category_id, "too deep", parent_id=deepest)
    # When a file holding one level more arrives (written behind SIP Desk's back)
    deeper = tmp_path / "Deeper.sipdesk"
    deeper.write_bytes(plan.read_bytes())
    with sqlite3.connect(deeper) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(causes)")]
        copied = [c for c in columns if c not in ("id", "parent_id")]
        names = ", ".join(copied)
        conn.execute(
            f"INSERT INTO causes (parent_id, {names}) SELECT id, {names} FROM causes WHERE id = ?",
            (deepest,),
        )
    conn.close()
    # Then checking and exporting it are refused with one sentence naming the file
    assert main(["check", str(deeper)]) == 2
    _one_sentence(capsys, "Deeper.sipdesk", LIMIT_WORDS)
    for suffix in (".pdf", ".json", ".csv"):
        assert main(["export", str(deeper), "-o", str(tmp_path / f"out{suffix}")]) != 0
        _one_sentence(capsys, "Deeper.sipdesk", LIMIT_WORDS)
    # And a JSON file one level deeper is refused by the importer
    assert main(["export", str(plan), "-o", str(tmp_path / "plan.json")]) == 0
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    bottom = data["fishbones"][0]["categories"][0]["causes"][0]
    while bottom.get("causes"):
        bottom = bottom["causes"][0]
    bottom["causes"] = [{"id": 10_000, "text": "too deep"}]
    (tmp_path / "deeper.json").write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "deeper.json"), "-o", str(tmp_path / "x.sipdesk")])
    _one_sentence(capsys, "deeper.json", LIMIT_WORDS)
    assert not (tmp_path / "x.sipdesk").exists()


def _deep_chain(levels: int) -> dict[str, Any]:
    cause: dict[str, Any] = {"id": levels, "text": f"level {levels}", "is_root": True}
    for n in range(levels - 1, 0, -1):
        cause = {"id": n, "text": f"level {n}", "causes": [cause]}
    return cause


def test_walkers_never_recurse_whatever_they_are_handed(tmp_path: Path) -> None:
    # Given a chain many times deeper than Python's recursion limit, handed straight to the code
    levels = sys.getrecursionlimit() * 3
    fishbone = {"id": 1, "problem": "p", "categories": [{"id": 1, "name": "c", "causes": []}]}
    fishbone["categories"][0]["causes"] = [_deep_chain(levels)]  # type: ignore[index]
    plan = complete(PlanDoc, {"fishbones": [fishbone], "why_chains": []})
    # Then the checks, the completeness count and the fishbone layout walk it without recursion
    assert RootCauses.of(plan).cause_ids == frozenset({levels})
    assert completeness.root_causes(plan) > 0
    layout = layout_fishbone(root_causes.fishbone_input(fishbone))
    assert len(layout.bones[0].twigs) == levels
    # And the snapshot writes it into a file and reads it back whole
    with new_plan(tmp_path / "Deep.sipdesk") as doc, doc.transaction() as session:
        write_plan(session, plan)
        session.flush()
        assert _depth(read_plan(session)) == levels
