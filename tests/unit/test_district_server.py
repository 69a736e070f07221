"""A desk on a real PostgreSQL server (issue 14, items 3 and 4), started by the tests.

Two processes adding plans to one server desk at the same moment lose nothing and never start
the same school twice; a connection lost in the middle of a batch is one sentence and every
version recorded before it stays; a refused server, a desk of another version and a password
in the address are each one sentence that never shows the password.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, func, select, text

from sipdesk.cli import main
from sipdesk.district import intake as taking
from sipdesk.district.intake import ADDED, SAME, intake
from sipdesk.district.models import DistrictComment, DistrictGoal, PlanVersion, Review, School
from sipdesk.district.schools import school_rows
from sipdesk.district.server import _INTAKE_LOCK, ServerDesk, ServerDeskError
from sipdesk.storage.errors import ReadOnlyError
from tests.district_pg import PgServer
from tests.plans import new_plan

ROOT = Path(__file__).resolve().parents[2]
SENT = dt.datetime(2026, 11, 30, 9, 0)
COMMENT = ["Lincoln", "--on", "plan", "--by", "Ms Rivera", "Thank you."]


def _database(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def _adder(url: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sipdesk", "district", "add", "--db", url, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _until_waiting(conn: Connection, adders: list[subprocess.Popen[str]], count: int) -> None:
    """Until ``count`` sessions wait for intake's lock (or an adder ended: it failed)."""
    deadline = time.monotonic() + 120
    waiting = 0
    while time.monotonic() < deadline and all(a.poll() is None for a in adders):
        waiting = conn.scalar(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        )
        if waiting == count:
            return
        conn.rollback()  # a fresh look each time
        time.sleep(0.05)
    raise AssertionError(f"{waiting} of {count} adders reached intake's lock")


def test_two_people_adding_at_once_lose_nothing(tmp_path: Path, pg_url: str) -> None:
    # Given a desk on the server and two folders of plans: four schools each, and in both a
    # plan of the same new school (two plans of its own, each with its own plan id)
    lincoln = tmp_path / "Lincoln.sipdesk"
    new_plan(lincoln, "Lincoln Elementary").close()
    with ServerDesk.create(pg_url, district_name="State") as desk:
        intake(desk, [lincoln])
    folders = [tmp_path / "north", tmp_path / "south"]
    for side, folder in enumerate(folders):
        folder.mkdir()
        for i in range(4):
            new_plan(folder / f"{i}.sipdesk", f"School {side}-{i}").close()
        new_plan(folder / "shared.sipdesk", "Shared Elementary").close()
    # When two processes add them at the same moment: both are held at their first plan
    # (intake's lock is taken here first) until both wait, then let go together
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as holder, engine.connect() as watcher:
            holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INTAKE_LOCK})
            adders = [_adder(pg_url, folder) for folder in folders]
            _until_waiting(watcher, adders, 2)
            # Meanwhile a reviewer comments: no whole-desk lock, so it is not held up
            said = subprocess.run(
                [sys.executable, "-m", "sipdesk", "district", "comment", pg_url, *COMMENT],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert said.returncode == 0, said.stderr
            holder.rollback()  # lets go
        results = [adder.communicate(timeout=300) for adder in adders]
    finally:
        engine.dispose()
    # Then every plan was added once, and the shared school is one history of two versions
    for adder, (out, err) in zip(adders, results, strict=True):
        assert adder.returncode == 0, err
        assert out.count("added: ") == 5 and err == ""
    with ServerDesk.open(pg_url, readonly=True) as desk, desk.session() as session:
        versions = session.scalars(select(PlanVersion)).all()
        schools = {s.id: s.name for s in session.scalars(select(School))}
        comments = session.scalars(select(DistrictComment.body)).all()
    assert len(versions) == 11 and len(schools) == 10 and comments == ["Thank you."]
    shared = [v.number for v in versions if schools[v.school_id] == "Shared Elementary"]
    assert sorted(shared) == [1, 2]


def _end_connections(pg_server: PgServer, database: str) -> None:
    pg_server.psql(
        "postgres",
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'",
    )


def test_a_connection_lost_mid_intake_is_a_sentence_and_keeps_what_was_recorded(
    tmp_path: Path, pg_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Versions are committed in groups, reported after their commit: groups of two files here
    monkeypatch.setattr(taking, "GROUP_FILES", 2)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(5):
        new_plan(inbox / f"{i}.sipdesk", f"School {i}").close()
    database = _database(pg_url)
    ServerDesk.create(pg_url, district_name="State").close()

    def cut_after_two(done: int, _total: int, _name: str) -> None:
        if done == 2:  # the server goes away: no new connections, the open ones ended
            pg_server.psql("postgres", f"ALTER DATABASE {database} ALLOW_CONNECTIONS false")
            _end_connections(pg_server, database)

    with ServerDesk.open(pg_url) as desk:
        # A connection the server ended between two changes (a restart, say) is replaced
        assert [o.result for o in intake(desk, [inbox / "0.sipdesk"])] == [ADDED]
        _end_connections(pg_server, database)
        with pytest.raises(ServerDeskError) as caught:
            # the first is there, the second is added and committed with it; then the cut
            intake(desk, [inbox], cut_after_two)
    sentence = str(caught.value)
    assert "could not be reached" in sentence and f"{database} on this computer" in sentence
    assert "\n" not in sentence and "Traceback" not in sentence

    pg_server.psql("postgres", f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")
    with ServerDesk.open(pg_url) as desk:
        with desk.session() as session:
            assert session.scalar(select(func.count()).select_from(PlanVersion)) == 2
        again = intake(desk, [inbox])  # taking the batch again finishes it
    assert [o.result for o in again] == [SAME, SAME, ADDED, ADDED, ADDED]


def test_a_server_that_cannot_be_used_is_one_sentence_without_the_password(
    tmp_path: Path, pg_url: str, pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = f"postgresql://ada:s3cret-word@/state?host={tmp_path}"
    assert main(["district", "list", "--db", nowhere]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not be reached" in err and "s3cret" not in err
    assert "state on this computer" in err

    assert main(["district", "list", pg_url]) == 2  # an empty database holds no desk
    assert "holds no district desk" in capsys.readouterr().err
    assert main(["district", "new", "--db", pg_url, "--name", "State"]) == 0
    assert main(["district", "new", "--db", pg_url, "--name", "State"]) == 2
    assert "already holds a district desk" in capsys.readouterr().err

    pg_server.psql(_database(pg_url), "UPDATE desk SET schema_version = 99")
    assert main(["district", "list", "--db", pg_url]) == 2
    assert "newer SIP Desk" in capsys.readouterr().err
    pg_server.psql(_database(pg_url), "UPDATE desk SET schema_version = 1")
    assert main(["district", "list", "--db", pg_url]) == 2  # claims 1, holds today's tables
    assert "tables its version never had" in capsys.readouterr().err
    pg_server.psql(_database(pg_url), "UPDATE desk SET schema_version = 0")
    assert main(["district", "list", "--db", pg_url]) == 2
    assert "does not say which version" in capsys.readouterr().err


def test_the_address_may_come_from_the_environment(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", "list", "--server"]) == 2
    assert "SIPDESK_DESK_DB" in capsys.readouterr().err
    monkeypatch.setenv("SIPDESK_DESK_DB", pg_url)
    plan = tmp_path / "Lincoln.sipdesk"
    new_plan(plan, "Lincoln Elementary").close()
    assert main(["district", "new", "--server", "--name", "State"]) == 0
    assert main(["district", "add", "--server", str(plan)]) == 0
    assert "added: " in capsys.readouterr().out
    assert main(["district", "list", "--server"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("State: 1 school(s)") and "Lincoln Elementary" in out
    with ServerDesk.open(pg_url, readonly=True) as desk:
        with pytest.raises(ReadOnlyError) as caught, desk.transaction():  # no changes
            pass
        assert "read-only" in str(caught.value)


def test_the_roles_the_guide_describes_are_enough_and_no_more(
    tmp_path: Path, pg_url: str, pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the set-up of docs/district-desk.md: an owner who makes the tables, and a reviewer
    # who may only read, add and change rows
    database = _database(pg_url)
    owner, reviewer = f"{database}_owner", f"{database}_reviewer"
    for sql in (
        f"CREATE ROLE {owner} LOGIN",
        f"CREATE ROLE {reviewer} LOGIN",
        f"ALTER DATABASE {database} OWNER TO {owner}",
    ):
        pg_server.psql("postgres", sql)
    for sql in (
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {reviewer}",
    ):
        pg_server.psql(database, sql)
    as_owner = pg_url.replace(f"{pg_server.user}@", f"{owner}@")
    as_reviewer = pg_url.replace(f"{pg_server.user}@", f"{reviewer}@")
    try:
        assert main(["district", "new", "--db", as_owner, "--name", "State"]) == 0
        grants = (
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {reviewer}; "
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {reviewer}"
        )
        pg_server.psql(database, f"SET ROLE {owner}; {grants}")
        plan = tmp_path / "Lincoln.sipdesk"
        new_plan(plan, "Lincoln Elementary").close()
        # When the reviewer adds a plan and comments on it, then both are kept
        assert main(["district", "add", "--db", as_reviewer, str(plan)]) == 0
        argv = ["district", "comment", as_reviewer, "Lincoln Elementary", "--on", "plan"]
        assert main([*argv, "--by", "Ms Rivera", "Thank you for sending it."]) == 0
        assert main(["district", "list", "--db", as_reviewer]) == 0
        assert "Lincoln Elementary" in capsys.readouterr().out
        # But the reviewer cannot change the tables themselves
        with pytest.raises(subprocess.CalledProcessError):
            pg_server.psql(database, f"SET ROLE {reviewer}; DROP TABLE district_comments")
    finally:
        pg_server.psql("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        pg_server.psql("postgres", f"DROP ROLE IF EXISTS {reviewer}")
        pg_server.psql("postgres", f"DROP ROLE IF EXISTS {owner}")


def test_the_same_change_by_two_people_at_once_is_a_sentence(tmp_path: Path, pg_url: str) -> None:
    # Given a version whose review someone else has just begun
    plan = tmp_path / "Lincoln.sipdesk"
    new_plan(plan, "Lincoln Elementary").close()
    with ServerDesk.create(pg_url, district_name="State") as desk:
        intake(desk, [plan])
        with desk.transaction() as session:
            version = session.scalars(select(PlanVersion)).one()
            session.add(Review(version_id=version.id, reviewer="Ms Rivera", updated_at=SENT))
        # When a second review of it arrives at the same moment, then it is one sentence
        with pytest.raises(ServerDeskError) as caught, desk.transaction() as session:
            session.add(Review(version_id=version.id, reviewer="Mr Okafor", updated_at=SENT))
        assert "at the same moment" in str(caught.value)
        with desk.session() as session:  # and the first stands
            assert session.scalars(select(Review.reviewer)).all() == ["Ms Rivera"]


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("postgresql://ada:s3cret@host:port/state", "must be given as postgresql://"),
        ("postgresql://ada:s3cret@[::1/state", "must be given as postgresql://"),
        ("mysql://ada:s3cret@host/state", "must be given as postgresql://"),
        ("postgresql://ada:s3cret@host", "Please name the database"),
    ],
)
def test_an_address_that_is_no_address_is_one_sentence(
    address: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", "list", "--db", address]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "s3cret" not in err


def test_a_character_the_server_cannot_keep(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rubric whose names hide a NUL character is refused with a sentence (the rubric's own
    # rule, which keeps control characters out), and the server's rubric stays as it was
    rubric = json.loads((ROOT / "resources" / "rubrics" / "default.json").read_text("utf-8"))
    rubric["criteria"][0]["name"] = "Clear,\u0000 measurable goals"
    given = tmp_path / "rubric.json"
    given.write_text(json.dumps(rubric), encoding="utf-8")
    assert main(["district", "new", pg_url, "--name", "State"]) == 0
    capsys.readouterr()
    assert main(["district", "rubric", pg_url, "--set", str(given)]) == 2
    assert "hidden control character" in capsys.readouterr().err
    assert main(["district", "rubric", pg_url]) == 0
    assert "\x00" not in capsys.readouterr().out
    # Any other such value is a sentence, and the change is not kept
    with ServerDesk.open(pg_url) as desk:
        with pytest.raises(ServerDeskError) as caught, desk.transaction() as session:
            session.add(DistrictGoal(position=1, text="Read\u0000ing"))
        assert "could not keep a value" in str(caught.value)
        with desk.session() as session:
            assert session.scalars(select(DistrictGoal)).all() == []


REFLECTION_TABLES = (
    "reflection_links",
    "reflection_notes",
    "reflection_agreed",
    "reflection_ratings",
    "reflections",
)


def _as_desk_schema_5(pg_server: PgServer, url: str) -> None:
    """Make the server desk at ``url`` what a desk schema 5 SIP Desk made: without Tool C."""
    tables = ", ".join(REFLECTION_TABLES)
    pg_server.psql(_database(url), f"DROP TABLE {tables}; UPDATE desk SET schema_version = 5")


def test_a_server_desk_of_an_older_desk_schema_is_brought_up_to_date_as_it_opens(
    tmp_path: Path, pg_url: str, pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from sipdesk.district.schema import DESK_SCHEMA_VERSION

    plan = tmp_path / "Lincoln.sipdesk"
    new_plan(plan, "Lincoln Elementary").close()
    assert main(["district", "new", "--db", pg_url, "--name", "State"]) == 0
    assert main(["district", "add", "--db", pg_url, str(plan)]) == 0
    _as_desk_schema_5(pg_server, pg_url)
    assert pg_server.psql(_database(pg_url), "SELECT to_regclass('reflections')") == ""
    capsys.readouterr()

    # even a read-only look brings it up to date (its tables are needed to read it)
    with ServerDesk.open(pg_url, readonly=True) as desk:
        assert desk.notice is not None and "brought up to date" in desk.notice
        with desk.session() as session:
            assert [r.school for r in school_rows(session)] == ["Lincoln Elementary"]
    database = _database(pg_url)
    assert pg_server.psql(database, "SELECT schema_version FROM desk") == str(DESK_SCHEMA_VERSION)
    for table in REFLECTION_TABLES:
        assert pg_server.psql(database, f"SELECT to_regclass('{table}')") == table
    with ServerDesk.open(pg_url) as desk:
        assert desk.notice is None  # once only
    argv = ["district", "reflect", pg_url, "--rate", "1b3", "--by", "Ms Ortiz", "--level", "2"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["district", "reflect", pg_url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    leadership = {e["code"]: e for e in data["domains"][0]["elements"]}
    assert leadership["1b3"]["ratings"] == [{"member": "Ms Ortiz", "level": 2, "evidence": ""}]


def test_a_user_who_may_not_make_tables_is_told_who_can_bring_the_desk_up_to_date(
    pg_url: str, pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", "new", "--db", pg_url, "--name", "State"]) == 0
    _as_desk_schema_5(pg_server, pg_url)
    database = _database(pg_url)
    role = f"reviewer_{database[-8:]}"
    pg_server.psql(
        database,
        f"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC; "
        f"GRANT USAGE ON SCHEMA public TO {role}; "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    )
    try:
        as_reviewer = pg_url.replace("postgresql://postgres@", f"postgresql://{role}@")
        assert main(["district", "list", as_reviewer]) == 2
        err = capsys.readouterr().err
        assert "needs bringing up to date" in err and "owner" in err and err.count("\n") == 1
        assert pg_server.psql(database, "SELECT schema_version FROM desk") == "5"
        assert main(["district", "list", pg_url]) == 0  # the owner brings it up to date
        assert main(["district", "list", as_reviewer]) == 0
    finally:
        pg_server.psql(database, f"DROP OWNED BY {role}")
        pg_server.psql("postgres", f"DROP ROLE IF EXISTS {role}")


def test_a_password_written_in_the_address_is_kept_out_of_the_engine_s_address(
    pg_url: str,
) -> None:
    assert main(["district", "new", "--db", pg_url, "--name", "State"]) == 0
    written = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret-9@")
    with ServerDesk.open(written) as desk:  # the test cluster trusts the user: any password
        url = desk._engine.url
        assert url.password is None and "s3cret" not in url.render_as_string(False)
