"""Broken, foreign and hostile plan files: one clear sentence each, and nothing written.

Given a bad file, when SIP Desk opens it (in-process, and with ``sipdesk check``), then it refuses
(or opens read-only) with a plain message naming the file, and the file's bytes, mtime and
folder stay exactly as they were.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import (
    DamagedPlanError,
    NotAPlanError,
    PlanDocument,
    PlanFileError,
    UnsafePlanError,
)
from sipdesk.storage.schema import SCHEMA_VERSION
from tests.plans import file_state
from tests.unit.helpers.cli import (
    as_nobody,
    one_sentence,
    shared_folder,
    sipdesk,
    sipdesk_as_nobody,
)


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Hillcrest Middle School"))
    for i in range(150):
        session.add(CoreValue(text=f"Value {i} " + "care and curiosity " * 20, position=i))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = folder / "Hillcrest.sipdesk"
    PlanDocument.create(path, _seed).close()
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder holding only the file under test (the private data folder is elsewhere)."""
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def _refused(path: Path, error: type[PlanFileError], words: str) -> PlanFileError:
    before = file_state(path)
    with pytest.raises(error) as caught:
        PlanDocument.open(path)
    message = str(caught.value)
    assert path.name in message
    assert words in message
    assert file_state(path) == before
    # and the command line says the same, in one sentence on stderr and without a traceback
    result = sipdesk("check", path.name, cwd=path.parent)
    assert one_sentence(result, path.name, words) == f"sipdesk: {message}"
    assert result.stdout == ""
    assert file_state(path) == before
    return caught.value


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


def test_zero_byte_file(inbox: Path) -> None:
    path = inbox / "empty.sipdesk"
    path.write_bytes(b"")
    _refused(path, NotAPlanError, "is empty")


def test_text_file_renamed(inbox: Path) -> None:
    path = inbox / "notes.sipdesk"
    path.write_text("Agenda: review the plan\n" * 20, encoding="utf-8")
    _refused(path, NotAPlanError, "is not a SIP Desk plan file")


def test_a_folder_named_like_a_plan(inbox: Path) -> None:
    path = inbox / "Folder.sipdesk"
    path.mkdir()
    with pytest.raises(NotAPlanError, match="is a folder, not a plan file"):
        PlanDocument.open(path)
    result = sipdesk("check", path.name, cwd=inbox)
    one_sentence(result, "“Folder.sipdesk” is a folder, not a plan file")
    assert sorted(p.name for p in inbox.iterdir()) == ["Folder.sipdesk"]


def test_another_applications_sqlite_file(inbox: Path) -> None:
    path = inbox / "grades.sipdesk"
    _tamper(path, "CREATE TABLE grades(student TEXT, score INT); INSERT INTO grades VALUES('a',1);")
    _refused(path, NotAPlanError, "another program")


def test_truncated_file(plan: Path) -> None:
    data = plan.read_bytes()
    plan.write_bytes(data[: len(data) // 2])
    _refused(plan, DamagedPlanError, "incomplete")


def test_corrupted_page(plan: Path) -> None:
    data = bytearray(plan.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over the b-tree header of a page in the middle of the file.
    start = page * (len(data) // page // 2)
    data[start : start + 64] = b"\xff\x13" * 32
    plan.write_bytes(bytes(data))
    _refused(plan, DamagedPlanError, "damaged")


def test_extra_trigger(plan: Path) -> None:
    _tamper(plan, "CREATE TRIGGER sneaky AFTER INSERT ON goals BEGIN DELETE FROM goals; END;")
    _refused(plan, UnsafePlanError, "trigger")


def test_extra_view(plan: Path) -> None:
    _tamper(plan, "CREATE VIEW everything AS SELECT * FROM goals;")
    _refused(plan, UnsafePlanError, "view")


def test_extra_table(plan: Path) -> None:
    _tamper(plan, "CREATE TABLE payload(x BLOB);")
    _refused(plan, UnsafePlanError, "extra tables")


def test_changed_column_layout(plan: Path) -> None:
    _tamper(plan, "ALTER TABLE goals ADD COLUMN secret TEXT;")
    _refused(plan, DamagedPlanError, "layout")


def test_fifty_megabyte_text_field(plan: Path) -> None:
    _tamper(plan, "UPDATE plan_profile SET vision = printf('%.*c', 50000000, 'x');")
    assert plan.stat().st_size > 50_000_000
    _refused(plan, UnsafePlanError, "larger than 32 MB, the most a plan file may be")


def test_one_megabyte_text_field(plan: Path) -> None:
    _tamper(plan, "UPDATE plan_profile SET vision = printf('%.*c', 1000000, 'x');")
    _refused(plan, UnsafePlanError, "longer than 20,000 characters, the most a field may hold")


def test_future_schema_version_opens_read_only(plan: Path) -> None:
    future = SCHEMA_VERSION + 1  # a version this program does not know yet
    _tamper(plan, f"PRAGMA user_version = {future};")
    before = file_state(plan)
    doc = PlanDocument.open(plan)
    try:
        assert doc.readonly
        assert doc.notice is not None and f"version {future}" in doc.notice
        with doc.session() as session:
            assert session.scalar(select(PlanProfile.school_name)) == "Hillcrest Middle School"
        with pytest.raises(PlanFileError), doc.transaction() as session:
            session.add(CoreValue(text="not allowed"))
        assert doc.writeback() is False
    finally:
        doc.close()
    assert file_state(plan) == before
    # The command line checks it read-only too, says which version it needs, and writes nothing
    result = sipdesk("check", plan.name, cwd=plan.parent)
    assert result.returncode in (0, 1), result.stderr
    assert f"version {future}" in result.stdout and "read-only" in result.stdout
    assert "Hillcrest Middle School" in result.stdout
    assert result.stderr == ""
    assert file_state(plan) == before


def test_stale_wal_beside_the_file_is_ignored(plan: Path) -> None:
    # Given a plan in WAL mode with a -wal file beside it that holds changes never checkpointed
    _tamper(plan, "PRAGMA journal_mode = WAL;")
    original = plan.read_bytes()
    conn = sqlite3.connect(plan)
    conn.execute("UPDATE plan_profile SET school_name = 'From the WAL'")
    conn.execute("DELETE FROM core_values")
    conn.commit()
    wal = Path(f"{plan}-wal")
    stale = wal.read_bytes()
    conn.close()
    plan.write_bytes(original)
    wal.write_bytes(stale)
    # (the WAL is real: plain SQLite, given file and WAL, shows its changes)
    probe = plan.parent.parent / "probe"
    probe.mkdir()
    shutil.copyfile(plan, probe / plan.name)
    shutil.copyfile(wal, probe / wal.name)
    check = sqlite3.connect(probe / plan.name)
    assert check.execute("SELECT school_name FROM plan_profile").fetchone()[0] == "From the WAL"
    check.close()
    before = file_state(plan)
    wal_before = wal.read_bytes()
    # When the plan is opened, for editing and read-only
    for readonly in (False, True):
        with PlanDocument.open(plan, readonly=readonly) as doc, doc.session() as session:
            # Then its content is exactly the file's own
            assert session.scalar(select(PlanProfile.school_name)) == "Hillcrest Middle School"
            assert len(session.scalars(select(CoreValue)).all()) == 150
    result = sipdesk("check", plan.name, cwd=plan.parent)
    assert "Hillcrest Middle School" in result.stdout and result.returncode in (0, 1)
    # and neither the file nor the stale WAL was touched
    assert file_state(plan) == before
    assert wal.read_bytes() == wal_before


def test_stale_journal_beside_the_file_is_ignored(plan: Path) -> None:
    # Given a hot journal from an interrupted writer that would roll the file back if applied
    conn = sqlite3.connect(plan, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    # Unsynced journals record "all records to the end of file", so the copy taken mid-write
    # is a complete hot journal.
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE plan_profile SET school_name = 'Renamed School'")
    conn.execute("DELETE FROM core_values")
    # Push dirty pages out so the journal holds the old pages, as after a crash mid-commit.
    journal = Path(f"{plan}-journal")
    snapshot_journal = plan.with_name("journal.bak")
    shutil.copyfile(journal, snapshot_journal)
    conn.execute("COMMIT")
    conn.close()
    shutil.move(snapshot_journal, journal)
    # (the journal is real: plain SQLite, given file and journal, rolls the change back)
    probe = plan.parent.parent / "probe"
    probe.mkdir()
    shutil.copyfile(plan, probe / plan.name)
    shutil.copyfile(journal, probe / journal.name)
    check = sqlite3.connect(probe / plan.name)
    assert check.execute("SELECT school_name FROM plan_profile").fetchone()[0] == (
        "Hillcrest Middle School"
    )
    check.close()
    before = file_state(plan)
    # When the plan is opened
    with PlanDocument.open(plan) as doc, doc.session() as session:
        # Then its content is exactly the file's own, not the journal's
        assert session.scalar(select(PlanProfile.school_name)) == "Renamed School"
        assert session.scalars(select(CoreValue)).all() == []
    assert file_state(plan) == before
    assert journal.exists()


@pytest.mark.parametrize(
    "name",
    [
        "with spaces.sipdesk",
        "hash#1.sipdesk",
        "100% ready.sipdesk",
        "École Élan.sipdesk",
        "学校の計画.sipdesk",
        "a" * 120 + ".sipdesk",
    ],
)
def test_paths_with_unusual_characters(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "Plans # 2026 % ü 学校"
    folder.mkdir()
    path = folder / name
    with PlanDocument.create(path, _seed) as doc, doc.transaction() as session:
        session.add(CoreValue(text="Joy", position=999))
    with PlanDocument.open(path) as doc, doc.session() as session:
        texts = session.scalars(select(CoreValue.text)).all()
    assert "Joy" in texts
    assert sorted(p.name for p in folder.iterdir()) == [name]


# --------------------------------------------------------------------- as a non-root user
def _open_as_nobody(path: Path, data_dir: Path) -> dict[str, object]:
    """Open ``path`` in a forked child that has dropped to the ``nobody`` user."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o777)

    def work() -> dict[str, object]:
        doc = PlanDocument.open(path)
        with doc.session() as session:
            school = session.scalar(select(PlanProfile.school_name))
        result = {"readonly": doc.readonly, "notice": doc.notice, "school": school}
        doc.close()
        return result

    return as_nobody(work)


@pytest.fixture
def shared_root() -> Iterator[Path]:
    with shared_folder() as root:
        yield root


@pytest.fixture
def shared_plan(shared_root: Path) -> Path:
    """A plan in a folder every user can reach (pytest's own temp root is private)."""
    folder = shared_root / "inbox"
    folder.mkdir()
    path = folder / "Hillcrest.sipdesk"
    PlanDocument.create(path, _seed).close()
    return path


def test_read_only_file(shared_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = shared_plan
    os.chmod(plan.parent, 0o777)
    os.chmod(plan, 0o444)
    before = file_state(plan)
    data = plan.parent.parent / "nobody-data"
    monkeypatch.setenv("SIPDESK_DATA_DIR", str(data))
    result = _open_as_nobody(plan, data)
    assert result.get("readonly") is True, result
    assert "read-only" in str(result["notice"]) and plan.name in str(result["notice"])
    assert result["school"] == "Hillcrest Middle School"
    assert file_state(plan) == before


def test_read_only_folder(shared_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = shared_plan
    os.chmod(plan, 0o666)
    os.chmod(plan.parent, 0o555)
    try:
        before = file_state(plan)
        data = plan.parent.parent / "nobody-data"
        monkeypatch.setenv("SIPDESK_DATA_DIR", str(data))
        result = _open_as_nobody(plan, data)
        assert result.get("readonly") is True, result
        assert "read-only" in str(result["notice"])
        assert file_state(plan) == before
    finally:
        os.chmod(plan.parent, 0o755)


def test_unreadable_file_gets_could_not_be_read(shared_plan: Path) -> None:
    plan = shared_plan
    os.chmod(plan, 0o000)
    before = file_state(plan)
    data = plan.parent.parent / "nobody-data"
    result = sipdesk_as_nobody(["check", plan.name], cwd=plan.parent, data_dir=data)
    one_sentence(result, f"“{plan.name}” could not be read", "ermission denied")
    assert file_state(plan) == before


@pytest.mark.parametrize(
    "args",
    [
        ("new", "Fresh.sipdesk", "--school", "Oak"),
        ("sample", "Fresh.sipdesk"),
        ("import", "{sample}", "-o", "Fresh.sipdesk"),
    ],
)
def test_writing_a_plan_into_a_read_only_folder(shared_root: Path, args: tuple[str, ...]) -> None:
    from tests.plans import SAMPLE_JSON

    folder = shared_root / "locked"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    source = shared_root / "sample.json"
    shutil.copyfile(SAMPLE_JSON, source)
    os.chmod(source, 0o644)
    os.chmod(folder, 0o555)
    data = shared_root / "nobody-data"
    argv = [a.replace("{sample}", str(source)) for a in args]
    result = sipdesk_as_nobody(argv, cwd=folder, data_dir=data)
    line = one_sentence(result, "not allowed to save “Fresh.sipdesk”", str(folder))
    assert "safe in SIP Desk" not in line and "unexpected" not in line
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    # and nothing was left behind in the private folder either
    assert not list((data / "new").glob("*"))


# --------------------------------------------------------------- objects hiding behind names
def _rename_object(path: Path, create: str, old: str, new: str) -> None:
    """Create ``create`` (named ``old``), then give it a name SQLite reserves for itself."""
    conn = sqlite3.connect(path)
    conn.executescript(create)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET name = :new, sql = replace(sql, :old, :new), "
        "tbl_name = CASE WHEN tbl_name = :old THEN :new ELSE tbl_name END WHERE name = :old",
        {"old": old, "new": new},
    )
    conn.commit()
    conn.close()


_PAYLOAD = (
    "CREATE TRIGGER sneaky AFTER INSERT ON core_values BEGIN "
    "DELETE FROM goals; UPDATE plan_profile SET school_name = 'pwned'; END;"
)


@pytest.mark.parametrize("name", ["sqlite_autoindex_x", "SQLITE_AUTOINDEXx", "sqlite_sequence"])
def test_a_trigger_named_like_sqlite_internals_is_refused(plan: Path, name: str) -> None:
    # Given a trigger hiding under a name the old check skipped (LIKE ignores case, _ is a
    # wildcard), when the plan is opened or checked, then it is refused as unsafe
    _rename_object(plan, _PAYLOAD, "sneaky", name)
    _refused(plan, UnsafePlanError, "trigger")


def test_a_view_named_like_an_automatic_index_is_refused(plan: Path) -> None:
    _rename_object(
        plan, "CREATE VIEW peek AS SELECT * FROM goals;", "peek", "sqlite_autoindex_goals_9"
    )
    _refused(plan, UnsafePlanError, "view")


# --------------------------------------------------------------- details of the CREATE text
def _rewrite_table(path: Path, table: str, old: str, new: str) -> None:
    conn = sqlite3.connect(path)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    assert old in sql
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new, 1), table)
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("CONSTRAINT pk_goals", "CHECK (0), CONSTRAINT pk_goals"),  # every edit would fail
        ("text TEXT NOT NULL", "text TEXT NOT NULL COLLATE NOCASE"),
        ("position INTEGER NOT NULL,", "position INTEGER NOT NULL DEFAULT 7,"),
        (
            "position INTEGER NOT NULL,",
            "position INTEGER NOT NULL, shadow TEXT GENERATED ALWAYS AS (text) VIRTUAL,",
        ),
    ],
    ids=["check", "collation", "default", "generated-column"],
)
def test_changed_table_details_are_refused(plan: Path, old: str, new: str) -> None:
    _rewrite_table(plan, "goals", old, new)
    _refused(plan, DamagedPlanError, "layout")


def test_swapped_column_order_is_refused(plan: Path) -> None:
    _rewrite_table(
        plan,
        "glossary_terms",
        "term TEXT NOT NULL, \n\tmeaning TEXT NOT NULL",
        "meaning TEXT NOT NULL, \n\tterm TEXT NOT NULL",
    )
    _refused(plan, DamagedPlanError, "layout")


def test_changed_index_collation_is_refused(plan: Path) -> None:
    conn = sqlite3.connect(plan)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = "
        "'CREATE INDEX ix_causes_parent_id ON causes (parent_id COLLATE NOCASE DESC)' "
        "WHERE name = 'ix_causes_parent_id'"
    )
    conn.commit()
    conn.close()
    _refused(plan, DamagedPlanError, "layout")


def test_a_row_breaking_a_check_constraint_is_refused(plan: Path) -> None:
    # Given a SWOT item whose kind the schema's CHECK forbids (written with checks ignored)
    _tamper(
        plan,
        "PRAGMA ignore_check_constraints = ON;"
        "INSERT INTO swot_items (kind, text, evidence, position) VALUES ('bogus', 'x', '', 0);",
    )
    # Then the integrity check (which skips CHECKs on read-only connections) catches it
    _refused(plan, DamagedPlanError, "damaged inside")


def test_unusual_spelling_of_our_own_schema_still_opens(plan: Path) -> None:
    # Quoting, case and spacing do not change what a CREATE statement means
    _rewrite_table(
        plan, "core_values", "CREATE TABLE core_values (\n\tid", 'create table "CORE_VALUES"(  [id]'
    )
    PlanDocument.open(plan).close()
