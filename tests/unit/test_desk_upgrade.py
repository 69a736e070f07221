"""A desk written by an earlier desk schema is brought up to date by the first command that
writes to it, and keeps everything it held.

One test over the frozen desks in tests/fixtures (desk-vN.sipdistrict), each with its own
read-only look, its own writing command and what that command adds. For every version: the
frozen file is that version; a read-only look changes nothing on disk (only a private copy is
upgraded); the writing command says the desk was brought up to date, leaves it at today's desk
schema, keeps every row it held and a backup of the old file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.expectations import read_expectations
from sipdesk.district.models import (
    Checkin,
    CheckinRound,
    DistrictComment,
    DistrictGoal,
    PlanVersion,
    Review,
    ReviewScore,
    School,
)
from sipdesk.district.rollup import PlanCache, rollup
from sipdesk.district.schema import DESK_SCHEMA_VERSION, expected_structure
from sipdesk.storage.schema import read_structure
from tests.unit.test_district_rollup import TODAY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Held = object  # what a case reads of a desk to compare before and after
Said = Callable[[], str]  # what the commands printed since last asked


def _structure(desk: Path) -> tuple[int, object]:
    with sqlite3.connect(desk) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        structure = json.loads(json.dumps(read_structure(conn)))
    conn.close()
    return version, structure


def _reviewed(path: Path) -> tuple[object, ...]:
    """Desks 2 and 3: the schools, versions, reviews and comments, as the desk reads them."""
    with DeskDocument.open(path, readonly=True) as doc, doc.session() as session:
        return (
            [(s.name, s.state_school_id) for s in session.scalars(select(School))],
            [(v.sha256, v.number, v.status) for v in session.scalars(select(PlanVersion))],
            [(r.decision, r.reviewer) for r in session.scalars(select(Review))],
            [(s.criterion_key, s.level) for s in session.scalars(select(ReviewScore))],
            [(c.item, c.body) for c in session.scalars(select(DistrictComment))],
        )


def _reviewed_and_checked_in(path: Path) -> tuple[object, ...]:
    """Desk 3: also its district goals and check-ins."""
    with DeskDocument.open(path, readonly=True) as doc, doc.session() as session:
        return (
            *_reviewed(path),
            [g.text for g in session.scalars(select(DistrictGoal))],
            [(r.held_on, r.reflection) for r in session.scalars(select(CheckinRound))],
            [(c.held_on, c.expected, c.happened) for c in session.scalars(select(Checkin))],
        )


def _old_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
    conn.close()
    return tables


def _rows(tables: list[str]) -> Callable[[Path], Held]:
    """Desks 4 and 5: every row of every table the old desk had, but its one ``desk`` row
    (the upgrade moves the desk's own settings on)."""

    def held(path: Path) -> Held:
        with sqlite3.connect(path) as conn:
            rows = {
                t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr)
                for t in tables
                if t != "desk"
            }
        conn.close()
        return rows

    return held


# ----------------------------------------------------------------- each version's own part
def _v2_before(before: Held) -> None:
    assert isinstance(before, tuple)
    assert before[0] and before[2] == [("returned", "Ms Rivera")] and before[4]


def _v2_after(desk: Path, _looked: object, before: Held, after: Held, said: Said) -> None:
    assert after == before
    with DeskDocument.open(desk) as doc, doc.session() as session:
        assert str(read_expectations(session).final_due) == "2027-01-15"
    assert main(["district", "list", str(desk)]) == 0
    assert "Riverside Elementary School" in said()


def _v3_before(before: Held) -> None:
    assert isinstance(before, tuple)
    assert before[0] and before[2] == [("returned", "Ms Rivera")] and before[6] and before[7]


def _v3_after(desk: Path, _looked: object, before: Held, after: Held, said: Said) -> None:
    assert isinstance(before, tuple) and isinstance(after, tuple)
    assert after[1:] == before[1:]
    assert after[0] == [*before[0], ("Oak Hill Middle", "")]
    assert main(["district", "list", str(desk)]) == 0
    out = said()
    assert "Riverside Elementary School" in out and "Oak Hill Middle" in out


def _v4_before(before: Held) -> None:
    assert isinstance(before, dict)
    assert before["expected_schools"] and before["reviews"] and before["checkins"]


def _v4_look(desk: Path) -> object:
    readonly = PlanCache()
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        looked = rollup(session, doc.path, today=TODAY, cache=readonly)
    assert readonly.reads == 2 and looked.not_yet == ("Oak Hill Middle",)
    return looked


def _v4_after(desk: Path, looked: object, before: Held, after: Held, _said: Said) -> None:
    assert after == before
    with sqlite3.connect(desk) as conn:
        assert conn.execute("SELECT count(*) FROM version_facts").fetchone()[0] == 2
    conn.close()
    # the facts the upgrade kept serve the roll-up: no plan is read again
    with DeskDocument.open(desk) as doc:
        cache = PlanCache()
        with doc.session() as session:
            assert rollup(session, doc.path, today=TODAY, cache=cache) == looked
        assert cache.reads == 0


def _v5_before(before: Held) -> None:
    assert isinstance(before, dict)
    assert before["version_facts"] and before["expected_schools"] and before["reviews"]


def _v5_look(desk: Path) -> object:
    assert main(["district", "list", str(desk)]) == 0
    return None


def _v5_after(desk: Path, _looked: object, before: Held, after: Held, _said: Said) -> None:
    assert after == before
    with sqlite3.connect(desk) as conn:
        assert conn.execute("SELECT element, member, level FROM reflection_ratings").fetchall() == [
            ("3b2", "Ms Rivera", 1)
        ]
    conn.close()


def _nothing(_desk: Path) -> object:
    return None


@dataclass(frozen=True)
class OldDesk:
    """One frozen desk schema version: how to read what it holds, a read-only look at it,
    the command that writes to it, and what that command must leave."""

    version: int
    held: Callable[[Path], Callable[[Path], Held]]  # given the old desk, how to read a desk
    holds: Callable[[Held], None]  # what the frozen desk must hold (no empty comparison)
    argv: Callable[[Path, Path], list[str]]  # the writing command (desk, a scratch folder)
    # (desk, what the look saw, held before, held after, what the commands print next)
    after: Callable[[Path, object, Held, Held, Said], None]
    look: Callable[[Path], object] = _nothing  # a read-only look before the command


OLD_DESKS = (
    OldDesk(
        2,
        lambda _old: _reviewed,
        _v2_before,
        lambda desk, _tmp: ["district", "expect", str(desk), "--final-due", "2027-01-15"],
        _v2_after,
    ),
    OldDesk(
        3,
        lambda _old: _reviewed_and_checked_in,
        _v3_before,
        lambda desk, _tmp: ["district", "expect-school", str(desk), "Oak Hill Middle"],
        _v3_after,
    ),
    OldDesk(
        4,
        lambda old: _rows(_old_tables(old)),
        _v4_before,
        lambda desk, tmp: ["district", "rollup", str(desk), "-o", str(tmp / "r.json")],
        _v4_after,
        look=_v4_look,
    ),
    OldDesk(
        5,
        lambda old: _rows(_old_tables(old)),
        _v5_before,
        lambda desk, _tmp: [
            *("district", "reflect", str(desk), "--rate", "3b2"),
            *("--by", "Ms Rivera", "--level", "1"),
        ],
        _v5_after,
        look=_v5_look,
    ),
)


def test_every_frozen_desk_has_its_upgrade_case_and_the_newest_is_one_behind() -> None:
    frozen = sorted(
        int(path.stem.removeprefix("desk-v")) for path in FIXTURES.glob("desk-v*.sipdistrict")
    )
    assert frozen == [case.version for case in OLD_DESKS]
    # a new desk schema needs a frozen desk of the one before it
    assert DESK_SCHEMA_VERSION == frozen[-1] + 1 == 6


@pytest.mark.parametrize("case", OLD_DESKS, ids=lambda case: f"v{case.version}")
def test_an_old_desk_is_brought_up_to_date_and_keeps_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: OldDesk
) -> None:
    # Given a desk written by an earlier desk schema
    desk = tmp_path / "old.sipdistrict"
    shutil.copyfile(FIXTURES / f"desk-v{case.version}.sipdistrict", desk)
    assert _structure(desk) == (case.version, expected_structure(case.version))
    held = case.held(desk)
    before = held(desk)  # read-only: only the private copy is upgraded
    case.holds(before)
    # When it is only looked at, nothing changes on disk
    looked = case.look(desk)
    assert held(desk) == before
    assert _structure(desk)[0] == case.version
    # When a command writes to it
    capsys.readouterr()
    assert main(case.argv(desk, tmp_path)) == 0
    # Then it is brought up to date, to today's desk schema
    out = capsys.readouterr().out
    assert "brought up to date" in out
    assert _structure(desk) == (DESK_SCHEMA_VERSION, expected_structure())
    # and keeps what it held (and what the command added), with a backup of the old file
    case.after(desk, looked, before, held(desk), lambda: capsys.readouterr().out)
    with DeskDocument.open(desk, readonly=True) as doc:
        assert any(f"before-upgrade-from-v{case.version}" in p.name for p in doc.backups())
