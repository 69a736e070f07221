"""The hostile corpus through the real command line.

Given each crafted file, when ``sipdesk check`` opens it (or ``sipdesk import`` reads it), then
the outcome is the one the corpus names: a refusal is exit code 2 and one sentence naming the
file; the file's bytes, its modification time and its folder stay exactly as they were; and no
private working copy is left behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_corpus import ALL_CASES, OPENS, READ_ONLY, REFUSED, Case, copy_case
from tests.plans import file_state
from tests.unit.helpers.cli import one_sentence
from tests.unit.helpers.cli import sipdesk as run


def _leftovers(data_dir: Path) -> list[str]:
    working = data_dir / "working"
    if not working.exists():
        return []
    return sorted(str(p.relative_to(working)) for p in working.rglob("*") if p.is_file())


def test_the_corpus_is_large_and_every_case_is_distinct() -> None:
    names = [case.name + case.kind for case in ALL_CASES]
    assert len(ALL_CASES) >= 60
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.kind}-{c.name}")
def test_the_command_line_meets_each_hostile_file(
    case: Case, tmp_path: Path, private_data_dir: Path
) -> None:
    # Given a crafted file, alone in its folder
    path = copy_case(case, tmp_path)
    before = file_state(path)
    # When the command line opens it
    if case.kind == "json":
        result = run("import", path.name, "-o", "built.sipdesk", cwd=path.parent)
    else:
        result = run("check", path.name, cwd=path.parent)
    # Then the outcome is the expected one, in plain words
    assert "Traceback" not in result.stdout + result.stderr
    if case.outcome == REFUSED:
        line = one_sentence(result, f"“{path.name}”", case.words)
        assert "sqlite" not in line.lower()
        assert file_state(path) == before  # not a byte, not the mtime, nothing beside it
    elif case.kind == "json":
        assert case.outcome == OPENS
        assert result.returncode == 0, result.stderr
        assert (path.parent / "built.sipdesk").exists()
    else:
        assert case.outcome in (OPENS, READ_ONLY)
        assert result.returncode in (0, 1), result.stderr
        assert file_state(path) == before
        if case.outcome == READ_ONLY:
            assert "newer" in result.stdout
    # and no private working copy is left behind
    assert _leftovers(private_data_dir) == []
