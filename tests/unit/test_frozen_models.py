"""A plan opens and reads without SQLAlchemy (issue 12): the models' rules are frozen into
plain data (storage/read_recipe.json for reading, storage/content_rules.json for checking), and
the frozen files must say exactly what the models say. A plan read by ``PlanDocument.read_plan``
(sqlite3 alone) is the plan ``services.snapshot.read_plan`` reads through a session."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.large_plan import build_large_plan
from sipdesk.cli import main as cli_main
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.storage.freeze import COMMAND, files
from sipdesk.storage.plan_read import recipe

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("plan-v*.sipdesk"))


@pytest.mark.parametrize("frozen", sorted(files()), ids=lambda path: path.name)
def test_the_frozen_rules_are_the_models_rules(frozen: Path) -> None:
    made = files()[frozen]
    stale = f"{frozen.name} differs from the models: run `{COMMAND}` and commit it"
    assert json.loads(frozen.read_text(encoding="utf-8")) == json.loads(made), stale
    assert frozen.read_text(encoding="utf-8") == made, stale


def test_the_recipe_covers_every_node_of_the_tree() -> None:
    from sipdesk.models.tree import TREE, walk

    def keys(nodes: tuple[object, ...]) -> list[str]:
        out: list[str] = []
        stack = list(reversed(nodes))
        while stack:
            node = stack.pop()
            out.append(node.key)  # type: ignore[attr-defined]
            stack.extend(reversed(node.children))  # type: ignore[attr-defined]
        return out

    assert keys(recipe().tree) == [node.key for node in walk(TREE)]


def _same_both_ways(document: PlanDocument) -> None:
    with document.session() as session:
        through_session = read_plan(session)
    assert document.read_plan() == through_session
    parts = ("goals", "priorities")
    assert document.read_plan(parts) == {
        key: through_session[key]  # type: ignore[literal-required]
        for key in ("profile", *parts)
    }


def test_the_sample_plan_reads_the_same_without_sqlalchemy(tmp_path: Path) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    with PlanDocument.open(plan) as document:
        _same_both_ways(document)
    with PlanDocument.open(plan, readonly=True) as document:
        _same_both_ways(document)


def test_the_large_plan_reads_the_same_without_sqlalchemy(tmp_path: Path) -> None:
    with build_large_plan(tmp_path / "Large.sipdesk") as document:
        _same_both_ways(document)
        assert len(document.read_plan()["priorities"]) > 1


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.name)
def test_every_older_plan_reads_the_same_after_its_upgrade(tmp_path: Path, fixture: Path) -> None:
    plan = tmp_path / fixture.name
    shutil.copyfile(fixture, plan)
    with PlanDocument.open(plan) as document:
        _same_both_ways(document)


def test_opening_and_reading_a_plan_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """Nor, on Linux and macOS, hashlib, uuid or socket (sipdesk.digests; issue 12)."""
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    script = (
        "import os, sys\n"
        "POSIX = os.name == 'posix'\n"
        "from sipdesk.storage import PlanDocument\n"
        f"document = PlanDocument.open({str(plan)!r})\n"
        "plan = document.read_plan()\n"
        "assert plan['goals'] and plan['profile']['school_name'], plan['profile']\n"
        "heavy = ('sqlalchemy', 'alembic') + (('hashlib', 'uuid', 'socket') if POSIX else ())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "    or m.startswith(('sipdesk.models.', 'sipdesk.services.')))\n"
        "ok = [m for m in loaded if m in ('sipdesk.models.limits', 'sipdesk.models.plan_types')]\n"
        "document.close()\n"
        "print(sorted(set(loaded) - set(ok)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
