"""Storage hardening (issue #9): failed opens, long names, shared-folder locks, backups,
messages and the command line's private copies."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import PlanDocument, PlanFileError, PlanLockedError
from sipdesk.storage.lock import Identity, current_identity, presence_path
from tests.plans import file_state
from tests.unit.helpers.cli import sipdesk


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Hillcrest Middle School"))


def _migrated_plan(tmp_path: Path) -> Path:
    """A plan of the first schema version (opening it upgrades the private copy)."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    path = folder / "Old plan.sipdesk"
    path.write_bytes((fixtures / "plan-v1.sipdesk").read_bytes())
    return path


# --------------------------------------------------------------- a failed open lets go
def test_discarding_a_document_releases_it_and_leaves_the_file_alone(tmp_path: Path) -> None:
    # Given an old plan opened for editing (upgraded on the private copy, not yet written)
    path = _migrated_plan(tmp_path)
    before = file_state(path)
    doc = PlanDocument.open(path)
    assert doc.dirty
    # When the window cannot show it and lets it go
    doc.discard()
    # Then the file is untouched, and it opens again at once, with no recovery offered
    assert file_state(path) == before
    again = PlanDocument.open(path)
    try:
        assert not again.readonly
        with again.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
    finally:
        again.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM core_values").fetchone()[0] >= 1


# --------------------------------------------------------------- the longest legal names
def _longest_name(suffix: str) -> str:
    """A file name of exactly 255 bytes in UTF-8 (the most most file systems allow)."""
    room = 255 - len(suffix.encode())
    name = "学" * (room // 3) + "a" * (room % 3) + suffix
    assert len(name.encode()) == 255
    return name


def test_the_longest_legal_names_can_be_created_imported_exported_and_saved(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = _longest_name(".sipdesk")
    # new
    result = sipdesk("new", plan, "--school", "Hillcrest", cwd=folder)
    assert result.returncode == 0, result.stderr
    # export, in every format
    for suffix in (".json", ".csv", ".pdf"):
        result = sipdesk("export", plan, "-o", _longest_name(suffix), cwd=folder)
        assert result.returncode == 0, result.stderr
    # import (from a JSON file whose name is as long, into a plan whose name is as long)
    imported = _longest_name(".sipdesk").replace("a", "b")
    result = sipdesk("import", _longest_name(".json"), "-o", imported, cwd=folder)
    assert result.returncode == 0, result.stderr
    # write-back after an edit
    doc = PlanDocument.open(folder / plan)
    try:
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
        assert doc.writeback()
    finally:
        doc.close()
    with sqlite3.connect(folder / plan) as conn:
        assert conn.execute("SELECT text FROM core_values").fetchall() == [("Kindness",)]
    # and nothing but the files asked for is left in the folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [plan, imported] + [_longest_name(s) for s in (".json", ".csv", ".pdf")]
    )


def test_leftover_temp_files_of_either_naming_are_cleaned_up(tmp_path: Path) -> None:
    from sipdesk.storage.document import _temp_stem

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Tidy.sipdesk"
    PlanDocument.create(plan, _seed).close()
    new_style = folder / f"{_temp_stem(plan)}0a1b2c.tmp"
    old_style = folder / ".Tidy.sipdesk.sipdesk-save-deadbeef.tmp"
    other_plan = folder / f"{_temp_stem(folder / 'Other.sipdesk')}0a1b2c.tmp"
    for leftover in (new_style, old_style, other_plan):
        leftover.write_bytes(b"half a plan")
    PlanDocument.open(plan).close()
    assert sorted(p.name for p in folder.iterdir()) == sorted(["Tidy.sipdesk", other_plan.name])


# --------------------------------------------------------------- backups cut short
def test_partial_backups_are_neither_offered_nor_counted(tmp_path: Path) -> None:
    from sipdesk.storage.document import KEEP_BACKUPS, backup_folder

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Backed up.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        good = [doc.backup() for _ in range(KEEP_BACKUPS)]
        # Given a kill during a backup (as older versions left them): a 0-byte file, a
        # truncated one and an orphan journal, all newer than every good backup
        backups = backup_folder(plan)
        empty = backups / "29991231-235958-000000-closed.sipdesk"
        empty.write_bytes(b"")
        cut = backups / "29991231-235959-000000-closed.sipdesk"
        cut.write_bytes(good[-1].read_bytes()[:3000])
        orphan = backups / "20000101-000000-000000-closed.sipdesk-journal"
        orphan.write_bytes(b"\xd9\xd5\x05\xf9 \xa1c\xd7")
        # Then neither is offered for restoring
        assert doc.backups() == sorted(good, reverse=True)
        # and one more good backup keeps ten good ones, removing the bad files
        newest = doc.backup()
        assert doc.backups() == sorted([*good[1:], newest], reverse=True)
        assert not empty.exists() and not cut.exists() and not orphan.exists()
        assert sorted(backups.glob("*.sipdesk")) == sorted([*good[1:], newest])
    finally:
        doc.close()


def test_a_backup_killed_half_way_has_no_backup_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sipdesk.storage import document as storage
    from sipdesk.storage.document import backup_folder

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Killed.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        before = set(backup_folder(plan).iterdir())

        def killed(source: Path, dest: Path) -> None:
            dest.write_bytes(source.read_bytes()[:1000])
            raise KeyboardInterrupt  # the process dies part-way through

        with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
            patched.setattr(storage, "snapshot", killed)
            doc.backup()
        assert not any(
            p.name.endswith(".sipdesk") for p in set(backup_folder(plan).iterdir()) - before
        )
        assert doc.backups() == []
    finally:
        doc.close()


# --------------------------------------------------------------- a plan on a shared folder
ALICE = Identity("alice", "LAPTOP-3", 4242)
BOB = Identity("bob", "DESKTOP-9", 4343)


def _as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, who: Identity) -> Identity:
    """Act as ``who``: each user on each machine has a private folder of their own."""
    monkeypatch.setenv("SIPDESK_DATA_DIR", str(tmp_path / f"data-{who.user}"))
    return who


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "Hillcrest.sipdesk"
    PlanDocument.create(path, _seed).close()
    assert [p.name for p in folder.iterdir()] == [path.name]
    return path


def test_another_user_on_another_machine_is_told_who_has_the_plan(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Alice editing the plan from her laptop
    before = dt.datetime.now()
    alice = PlanDocument.open(shared, identity=_as(monkeypatch, tmp_path, ALICE))
    after = dt.datetime.now()  # (the clock may pass a minute while she opens it)
    try:
        # When Bob opens it from his desktop
        _as(monkeypatch, tmp_path, BOB)
        with pytest.raises(PlanLockedError) as caught:
            PlanDocument.open(shared, identity=BOB)
        # Then he is told who has it and since when, and may take it over or read it
        message = str(caught.value)
        assert message.startswith("alice on LAPTOP-3 has had “Hillcrest.sipdesk” open since ")
        assert any(f"{t.hour}:{t.minute:02d}" in message for t in (before, after))
        assert "If you are sure they are no longer using it, you can take it over." in message
        assert caught.value.can_take_over
        with PlanDocument.open(shared, readonly=True) as doc:
            assert doc.readonly
    finally:
        _as(monkeypatch, tmp_path, ALICE)
        alice.close()
    # and once Alice closes it, nothing is left beside the plan and Bob can edit it
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]
    _as(monkeypatch, tmp_path, BOB)
    with PlanDocument.open(shared, identity=BOB) as doc:
        assert not doc.readonly
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


def test_a_lock_left_on_another_machine_can_be_taken_over_after_asking(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Alice's laptop died with the plan open (her lock stays beside the plan)
    alice = PlanDocument.open(shared, identity=_as(monkeypatch, tmp_path, ALICE))
    left = presence_path(shared).read_bytes()
    alice._presence = None  # she never closes it: the file stays
    alice.close()
    presence_path(shared).write_bytes(left)
    # When Bob opens it, he is asked; when he agrees, it is his
    _as(monkeypatch, tmp_path, BOB)
    with pytest.raises(PlanLockedError) as caught:
        PlanDocument.open(shared, identity=BOB)
    assert caught.value.can_take_over and "alice on LAPTOP-3" in str(caught.value)
    doc = PlanDocument.open(shared, identity=BOB, take_over=True)
    try:
        assert not doc.readonly
        assert json.loads(presence_path(shared).read_text(encoding="utf-8"))["user"] == "bob"
        # (and a third person is now told that Bob has it)
        _as(monkeypatch, tmp_path, Identity("carol", "TABLET-1", 7))
        with pytest.raises(PlanLockedError, match="bob on DESKTOP-9"):
            PlanDocument.open(shared, identity=Identity("carol", "TABLET-1", 7))
    finally:
        _as(monkeypatch, tmp_path, BOB)
        doc.close()
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


def test_a_lock_left_by_a_dead_process_on_this_machine_is_removed_silently(
    tmp_path: Path, shared: Path
) -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(child.stdout)
    me = current_identity()
    presence_path(shared).write_text(
        json.dumps(
            {"user": me.user, "host": me.host, "pid": dead, "started": "2026-01-05T09:40:00"}
        ),
        encoding="utf-8",
    )
    with PlanDocument.open(shared) as doc:
        assert not doc.readonly
        assert json.loads(presence_path(shared).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


def test_a_lock_file_left_empty_by_a_crash_does_not_block_the_plan(shared: Path) -> None:
    # Given a presence file whose writer died between creating and filling it
    presence_path(shared).write_bytes(b"")
    # Then opening the plan is not blocked by it
    with PlanDocument.open(shared) as doc:
        assert not doc.readonly
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


def test_a_folder_that_refuses_the_lock_file_still_opens_the_plan(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sipdesk.storage import lock as locks

    real_open = os.open

    def refusing(path: object, *args: object, **kwargs: object) -> int:
        if ".~lock." in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(locks.os, "open", refusing)
    with PlanDocument.open(shared) as doc:
        assert not doc.readonly
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


def test_a_refused_open_leaves_nothing_beside_the_plan(tmp_path: Path, shared: Path) -> None:
    conn = sqlite3.connect(shared)
    conn.execute("CREATE TABLE payload(x BLOB)")
    conn.close()
    with pytest.raises(PlanFileError):
        PlanDocument.open(shared)
    assert [p.name for p in shared.parent.iterdir()] == [shared.name]


# --------------------------------------------------------------- messages for people
def test_sqlites_own_words_never_reach_the_person(tmp_path: Path, shared: Path) -> None:
    # Given a plan whose schema SQLite itself calls malformed
    conn = sqlite3.connect(shared)
    conn.execute("CREATE VIEW peek AS SELECT 1")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET name = 'sqlite_x' WHERE name = 'peek'")
    conn.commit()
    conn.close()
    with pytest.raises(PlanFileError) as caught:
        PlanDocument.open(shared)
    # Then the sentence is ours alone
    assert str(caught.value) == "“Hillcrest.sipdesk” is damaged and cannot be opened."


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_is_named_as_the_person_named_it(tmp_path: Path) -> None:
    elsewhere = tmp_path / "etc"
    elsewhere.mkdir()
    (elsewhere / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n" * 20, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    link = inbox / "Budget plan.sipdesk"
    link.symlink_to(elsewhere / "passwd")
    with pytest.raises(PlanFileError) as caught:
        PlanDocument.open(link)
    assert str(caught.value) == "“Budget plan.sipdesk” is not a SIP Desk plan file."
    result = sipdesk("check", link.name, cwd=inbox)
    assert result.returncode == 2
    assert "Budget plan.sipdesk" in result.stderr and "passwd" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_an_open_plan_keeps_the_name_of_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "2026-plan-final-v3.sipdesk"
    real.parent.mkdir()
    PlanDocument.create(real, _seed).close()
    link = tmp_path / "Hillcrest.sipdesk"
    link.symlink_to(real)
    with PlanDocument.open(link) as doc:
        assert doc.path.name == "Hillcrest.sipdesk"
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
        assert doc.writeback()
    assert link.is_symlink()
    assert sorted(p.name for p in real.parent.iterdir()) == [real.name]


def test_a_full_private_folder_is_named_not_the_documents_disk(
    tmp_path: Path, tiny_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given SIP Desk's private folder on a disk that fills up while a plan is open
    monkeypatch.setenv("SIPDESK_DATA_DIR", str(tiny_disk / "data"))
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        with doc.transaction() as session:
            session.add(CoreValue(text="A long reflection " * 3000, position=0))
        filler = tiny_disk / "filler.bin"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # full now
        finally:
            os.close(fd)
        # When the plan is written back
        with pytest.raises(PlanFileError) as caught:
            doc.writeback()
        # Then the message names SIP Desk's own folder, the one that is full
        message = str(caught.value)
        assert str(tiny_disk / "data") in message and "the disk is full" in message
        assert "Cedar.sipdesk" in message and str(folder) not in message
        filler.unlink()
    finally:
        doc.close()


def test_a_save_refused_on_close_is_not_called_a_crash_later(tmp_path: Path) -> None:
    from sipdesk.storage import ExternalChangeError, RecoveryAvailableError

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Refused.sipdesk"
    PlanDocument.create(plan, _seed).close()
    # Given an edit whose save is refused on close (someone replaced the file meanwhile)
    doc = PlanDocument.open(plan)
    with doc.transaction() as session:
        session.add(CoreValue(text="Kindness", position=0))
    theirs = folder / "theirs.sipdesk"
    PlanDocument.create(
        theirs, lambda session: session.add(PlanProfile(id=1, school_name="Theirs"))
    ).close()
    os.replace(theirs, plan)
    with pytest.raises(ExternalChangeError):
        doc.close()
    # When the plan is opened again
    with pytest.raises(RecoveryAvailableError) as caught:
        PlanDocument.open(plan)
    # Then the work is offered back, without saying SIP Desk closed unexpectedly
    message = str(caught.value)
    assert "unexpectedly" not in message
    assert message.startswith("Your last changes to “Refused.sipdesk” could not be saved")
    with PlanDocument.open(plan, recover=True) as doc:
        with doc.session() as session:
            assert session.query(CoreValue).count() == 1
        doc.writeback(force=True)


# --------------------------------------------------------------- the command line tidies up
def test_the_command_line_leaves_no_private_copies_behind(tmp_path: Path) -> None:
    data = tmp_path / "cli-data"
    env = {"SIPDESK_DATA_DIR": str(data)}
    folder = tmp_path / "plans"
    folder.mkdir()
    runs = [
        ("new", "New.sipdesk", "--school", "Hillcrest"),
        ("sample", "Sample.sipdesk"),
        ("export", "Sample.sipdesk", "-o", "Sample.json"),
        ("import", "Sample.json", "-o", "Imported.sipdesk"),
        ("check", "Imported.sipdesk"),
        ("export", "Imported.sipdesk", "-o", "Imported.pdf"),
        ("new", "New.sipdesk"),  # refused: it exists
        ("check", "Sample.json"),  # refused: not a plan
    ]
    for args in runs:
        result = sipdesk(*args, cwd=folder, env=env)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr
        for kind in ("working", "readonly", "new"):
            left = list((data / kind).iterdir()) if (data / kind).exists() else []
            assert left == [], (args, kind, left)


def test_tidying_up_leaves_a_plan_open_in_a_window_alone(tmp_path: Path) -> None:
    from sipdesk.storage.document import forget_working_copy

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Open.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        forget_working_copy(plan)
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
        assert doc.writeback()
    finally:
        doc.close()
    # and once closed (with nothing unsaved), the folder goes; the plan reopens as usual
    forget_working_copy(plan)
    with PlanDocument.open(plan) as again, again.session() as session:
        assert session.query(CoreValue).count() == 1


# --------------------------------------------------------------- SQLite's defensive mode
_DEFENSIVE_CHECK = r"""
import sqlite3, sys

# harden() and the flag it reads, taken from validate.py (which needs SIP Desk's packages)
namespace = {"sqlite3": sqlite3, "__builtins__": __builtins__}
namespace.update(dict.fromkeys(("MAX_FIELD_CHARS", "MAX_ROW_BYTES", "MAX_TEXT_CHARS"), 10**6))
exec(sys.argv[1], namespace)
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("CREATE TABLE t(x)")
namespace["harden"](conn)
on = bool(conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE))
conn.execute("PRAGMA writable_schema = ON")
try:
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE t(x, y)'")
    refused = False
except sqlite3.Error:
    refused = True
print(namespace["DEFENSIVE_MODE_AVAILABLE"], on, refused)
"""


def _hardening_source() -> str:
    """The source of ``harden`` and ``DEFENSIVE_MODE_AVAILABLE`` in validate.py."""
    import ast

    from sipdesk.storage import validate

    source = Path(validate.__file__).read_text(encoding="utf-8")

    def wanted_node(node: ast.stmt) -> bool:
        if isinstance(node, ast.FunctionDef):
            return node.name == "harden"
        return isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DEFENSIVE_MODE_AVAILABLE" for t in node.targets
        )

    wanted = [node for node in ast.parse(source).body if wanted_node(node)]
    assert len(wanted) == 2
    return "\n\n".join(ast.get_source_segment(source, node) or "" for node in wanted)


def _python_with_setconfig() -> str | None:
    """An interpreter of Python 3.12 or later (which has Connection.setconfig), if any."""
    if sys.version_info >= (3, 12):
        return sys.executable
    import glob
    import shutil

    candidates = [shutil.which(f"python3.{minor}") for minor in range(12, 16)]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.1[2-9]*/bin/python3")))
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sqlite3; sqlite3.Connection.setconfig"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return candidate
    return None


def test_defensive_mode_is_on_wherever_python_offers_it(tmp_path: Path) -> None:
    from sipdesk.storage.validate import DEFENSIVE_MODE_AVAILABLE

    # This Python: the mode is used exactly when Connection.setconfig exists (3.12+)
    assert hasattr(sqlite3.Connection, "setconfig") == DEFENSIVE_MODE_AVAILABLE
    python = _python_with_setconfig()
    if python is None:
        pytest.skip("no Python 3.12 or later here to check SQLite's defensive mode with")
    done = subprocess.run(
        [python, "-c", _DEFENSIVE_CHECK, _hardening_source(), str(tmp_path / "d.sqlite")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # available, on, and refusing to let anyone rewrite the schema by hand
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_clean_close_leaves_no_private_copy(tmp_path: Path) -> None:
    working = Path(os.environ["SIPDESK_DATA_DIR"]) / "working"
    plan = tmp_path / "Closed.sipdesk"
    PlanDocument.create(plan, _seed).close()
    assert list(working.glob("*")) == []
    # opened and edited, saved on close
    with PlanDocument.open(plan) as doc:
        assert len(list(working.glob("*"))) == 1  # while open, the copy is there
        with doc.transaction() as session:
            session.add(CoreValue(text="Curiosity", position=0))
    assert list(working.glob("*")) == []
    # opened and closed without edits, then read-only
    PlanDocument.open(plan).close()
    PlanDocument.open(plan, readonly=True).close()
    data = Path(os.environ["SIPDESK_DATA_DIR"])
    kept = [p for p in data.rglob("*") if p.is_file()]
    assert [p for p in kept if p.relative_to(data).parts[0] != "backups"] == []
    with PlanDocument.open(plan) as again, again.session() as session:
        assert session.query(CoreValue).filter_by(text="Curiosity").count() == 1
