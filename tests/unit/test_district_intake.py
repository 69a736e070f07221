"""The district desk's intake: real plan files, real saved emails, a real desk file.

Given a batch of twenty-odd files — good plans from the sample, three versions of one plan, a
duplicate, hostile plans from the corpus and a folder of saved emails — when the district adds
them, then every good plan is added once, the duplicate is recognised, every bad file is refused
with its own sentence, and no source file changes by a single byte.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.district import intake as taking
from sipdesk.district.intake import ADDED, REFUSED, SAME, intake, version_bytes
from sipdesk.district.models import PlanVersion, School
from sipdesk.district.schools import school_rows
from sipdesk.models import PlanProfile
from sipdesk.models.profile import new_plan_id
from sipdesk.storage import PlanDocument
from tests.district_pg import NewDesk
from tests.hostile_corpus import PLAN_CASES, copy_case
from tests.plans import is_plan_id, sample_plan

# Five hostile plans from the corpus, each with the words its refusal must say.
HOSTILE = ["notes", "recipes", "half", "extra-trigger", "blob-text"]


def _variant(
    base: Path,
    target: Path,
    school: str,
    state_id: str,
    *,
    same_plan: bool = False,
    **profile: object,
) -> Path:
    """A copy of ``base`` edited through the plan's own document: another school's plan (a
    plan of its own, with its own plan id), or with ``same_plan`` a later version of it."""
    shutil.copyfile(base, target)
    doc = PlanDocument.open(target, recover=False)
    with doc.transaction() as session:
        row = session.scalars(select(PlanProfile)).one()
        if not same_plan:
            row.plan_id = new_plan_id()
        row.school_name = school
        row.state_school_id = state_id
        for key, value in profile.items():
            setattr(row, key, value)
    doc.close()
    return target


def _email(path: Path, subject: str, attachments: list[Path]) -> Path:
    message = EmailMessage()
    message["From"] = "principal@school.example"
    message["To"] = "plans@district.example"
    message["Subject"] = subject
    message.set_content("Please find our plan attached.\n")
    for attachment in attachments:
        message.add_attachment(
            attachment.read_bytes(),
            maintype="application",
            subtype="octet-stream",
            filename=attachment.name,
        )
    path.write_bytes(message.as_bytes())
    return path


def _digests(*folders: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def batch(tmp_path: Path) -> dict[str, Path]:
    """The files a district receives: folders ``inbox`` and ``mail``, and the plans' sources."""
    work = tmp_path / "work"
    inbox = tmp_path / "inbox"
    mail = tmp_path / "mail"
    for folder in (work, inbox, mail):
        folder.mkdir()
    base = work / "sample.sipdesk"
    sample_plan(base).close()
    for i in range(1, 11):
        _variant(base, inbox / f"school-{i:02}.sipdesk", f"School number {i}", f"ST-{i:03}")
    # Three versions of Lincoln's plan: renamed once (its state id keeps it one school).
    v1 = _variant(base, inbox / "lincoln-1.sipdesk", "Lincoln Elementary", "IL-77")
    shutil.copyfile(v1, work / "lincoln-2.sipdesk")
    v2 = _variant(
        v1,
        inbox / "lincoln-2.sipdesk",
        "Lincoln Elementary",
        "IL-77",
        same_plan=True,
        status="submitted",
    )
    _variant(
        v2,
        inbox / "lincoln-3.sipdesk",
        "Lincoln Elem. School",
        "IL-77",
        same_plan=True,
        status="approved",
    )
    shutil.copyfile(inbox / "school-01.sipdesk", inbox / "school-01 (copy).sipdesk")
    for name in HOSTILE:
        case = next(c for c in PLAN_CASES if c.name == name)
        made = copy_case(case, work / "hostile")
        shutil.copyfile(made, inbox / made.name)
    # Saved emails: two plans in one, none in another, a hostile attachment in a third.
    eleven = _variant(base, work / "Eleven.sipdesk", "School eleven", "ST-011")
    twelve = _variant(base, work / "Twelve.sipdesk", "School twelve", "ST-012")
    _email(mail / "1-two plans.eml", "Our plans", [eleven, twelve])
    _email(mail / "2-forgot.eml", "Oops", [])
    scribbled = copy_case(next(c for c in PLAN_CASES if c.name == "scribbled"), work / "h2")
    _email(mail / "3-broken.eml", "Broken", [scribbled])
    return {"inbox": inbox, "mail": mail, "work": work}


def test_a_mixed_batch_adds_each_good_plan_once_and_refuses_each_bad_one(
    batch: dict[str, Path], new_desk: NewDesk
) -> None:
    inbox, mail = batch["inbox"], batch["mail"]
    before = _digests(inbox, mail)
    listing = sorted(p.name for p in inbox.iterdir()), sorted(p.name for p in mail.iterdir())
    seen: list[tuple[int, int, str]] = []
    desk = new_desk(district_name="Riverside")  # a desk file, or a desk on a server
    try:
        outcomes = intake(desk, [inbox, mail], lambda d, t, n: seen.append((d, t, n)))
        with desk.session() as session:
            rows = {row.school: row for row in school_rows(session)}
            stored = {
                v.source_name: version_bytes(session, v.id)
                for v in session.scalars(select(PlanVersion))
            }
            lincoln = session.scalars(
                select(PlanVersion)
                .join(School)
                .where(School.name == "Lincoln Elementary")
                .order_by(PlanVersion.number)
            ).all()
    finally:
        desk.close()

    by_result: dict[str, list[str]] = {ADDED: [], SAME: [], REFUSED: []}
    for outcome in outcomes:
        by_result[outcome.result].append(outcome.source)
    assert len(outcomes) == 23  # 19 plans in the inbox, 4 plans or emails in the mail folder
    assert len(by_result[ADDED]) == 15
    # A folder is read in name order: the copy comes first, so the original is the "same".
    assert [Path(s).name for s in by_result[SAME]] == ["school-01.sipdesk"]
    assert len(by_result[REFUSED]) == 7

    # Each refusal is its own sentence, naming its file and saying what is wrong.
    reasons = {o.source: o.reason for o in outcomes if o.result == REFUSED}
    for name in HOSTILE:
        case = next(c for c in PLAN_CASES if c.name == name)
        reason = reasons[str(inbox / f"{name}.sipdesk")]
        assert f"“{name}.sipdesk”" in reason and case.words in reason
    assert "No plan" in reasons[str(mail / "2-forgot.eml")]
    broken = reasons[str(mail / "3-broken.eml") + " (attachment scribbled.sipdesk)"]
    assert "“scribbled.sipdesk”" in broken and "damaged" in broken
    for reason in reasons.values():
        assert "\n" not in reason and "Traceback" not in reason

    # Twelve schools plus Lincoln, whose three versions are one history in the order received.
    assert len(rows) == 13
    assert [v.number for v in lincoln] == [1, 2, 3]
    assert [v.status for v in lincoln] == ["draft", "submitted", "approved"]
    assert lincoln[2].school_name == "Lincoln Elem. School"
    assert rows["Lincoln Elementary"].versions == 3
    assert rows["Lincoln Elementary"].status == "approved"
    assert rows["School eleven"].versions == 1 and rows["School twelve"].versions == 1
    assert rows["School number 3"].school_year == "2026–27"

    # The desk keeps each file exactly as it came; the sources never changed.
    for source, data in stored.items():
        if "attachment" not in source:
            assert data == Path(source).read_bytes()
    assert _digests(inbox, mail) == before
    assert (sorted(p.name for p in inbox.iterdir()), sorted(p.name for p in mail.iterdir())) == (
        listing
    )

    # Progress: once per file or email, counting up to the total.
    assert [d for d, _t, _n in seen] == list(range(1, 23))
    assert {t for _d, t, _n in seen} == {22}


def test_adding_the_same_files_again_changes_nothing(
    tmp_path: Path, new_desk: NewDesk, desk_kind: str
) -> None:
    plan = tmp_path / "Hillcrest.sipdesk"
    sample_plan(plan).close()
    new_desk(district_name="Hillcrest District").close()
    with new_desk.reopen() as desk:
        first = intake(desk, [plan])
    with new_desk.reopen() as desk:  # reopened: still there
        again = intake(desk, [plan, plan])
        with desk.session() as session:
            count = len(session.scalars(select(PlanVersion)).all())
        if desk_kind == "sqlite":  # a server keeps its own backups (pg_dump)
            assert len(desk.backups()) >= 1
    assert [o.result for o in first] == [ADDED]
    assert [o.result for o in again] == [SAME, SAME]
    assert count == 1


FIXTURE_V5 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v5.sipdesk"
Version = tuple[int, str, str, str]  # number, plan id, school name, state school id


def _desk_histories(
    new_desk: NewDesk, files: list[Path]
) -> tuple[list[str], list[tuple[str, list[Version]]]]:
    """Add ``files`` one at a time to a new desk: each outcome, and each school (in the order
    added) with its versions."""
    with new_desk(district_name="Pine County") as desk:
        results = [o.result for f in files for o in intake(desk, [f])]
        with desk.session() as session:
            histories = []
            for school in session.scalars(select(School).order_by(School.id)):
                versions = session.scalars(
                    select(PlanVersion)
                    .where(PlanVersion.school_id == school.id)
                    .order_by(PlanVersion.number)
                )
                histories.append(
                    (
                        school.name,
                        [(v.number, v.plan_id, v.school_name, v.state_school_id) for v in versions],
                    )
                )
    return results, histories


def _plan_id(path: Path) -> str:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return str(session.scalar(select(PlanProfile.plan_id)))


def test_a_plan_whose_name_and_state_id_changed_is_still_joined_by_its_plan_id(
    tmp_path: Path, new_desk: NewDesk
) -> None:
    # Given two versions of one plan: between them the school took a new name and the state
    # gave it a new id (same plan id: the second is the first, edited)
    base = tmp_path / "base.sipdesk"
    sample_plan(base).close()
    first = _variant(base, tmp_path / "maple-1.sipdesk", "Maple Elementary", "ST-100")
    second = _variant(
        first, tmp_path / "maple-2.sipdesk", "Maple Grove Academy", "ST-900", same_plan=True
    )
    plan_id = _plan_id(first)
    assert is_plan_id(plan_id) and _plan_id(second) == plan_id
    # When the district adds both
    results, histories = _desk_histories(new_desk, [first, second])
    # Then the second is the next version in the first one's history, not a new school
    assert results == [ADDED, ADDED]
    assert histories == [
        (
            "Maple Elementary",
            [
                (1, plan_id, "Maple Elementary", "ST-100"),
                (2, plan_id, "Maple Grove Academy", "ST-900"),
            ],
        )
    ]


def test_a_new_plan_of_a_known_school_joins_its_history_as_a_plan_of_its_own(
    tmp_path: Path, new_desk: NewDesk
) -> None:
    # Given two different plans (two plan ids) of a school of one name, a later version of
    # the second one, and the plan of another school of that name whose state id differs
    base = tmp_path / "base.sipdesk"
    sample_plan(base).close()
    old = _variant(base, tmp_path / "cedar-2025.sipdesk", "Cedar Elementary", "")
    fresh = _variant(base, tmp_path / "cedar-2026.sipdesk", "CEDAR  elementary", "")
    later = _variant(
        fresh, tmp_path / "cedar-2026-b.sipdesk", "Cedar Elementary", "ST-1", same_plan=True
    )
    other = _variant(base, tmp_path / "cedar-east.sipdesk", "Cedar Elementary", "ST-2")
    old_id, fresh_id, other_id = _plan_id(old), _plan_id(fresh), _plan_id(other)
    assert len({old_id, fresh_id, other_id}) == 3 and _plan_id(later) == fresh_id
    # When the district adds them
    files = [old, fresh, later, other]
    results, histories = _desk_histories(new_desk, files)
    # Then the school's fresh plan joins its history by its name, each version keeping its
    # own plan id (so the two plans stay told apart); the fresh plan's later version joins by
    # plan id; and the school whose state id differs is a school of its own
    assert results == [ADDED] * 4
    assert histories == [
        (
            "Cedar Elementary",
            [
                (1, old_id, "Cedar Elementary", ""),
                (2, fresh_id, "CEDAR elementary", ""),
                (3, fresh_id, "Cedar Elementary", "ST-1"),
            ],
        ),
        ("Cedar Elementary", [(1, other_id, "Cedar Elementary", "ST-2")]),
    ]


def test_a_plan_from_before_plan_ids_is_placed_by_its_school_and_records_no_id(
    tmp_path: Path, new_desk: NewDesk
) -> None:
    # Given two versions of a plan written before plans had ids (schema version 5)
    first = tmp_path / "oak-1.sipdesk"
    shutil.copyfile(FIXTURE_V5, first)
    second = tmp_path / "oak-2.sipdesk"
    shutil.copyfile(FIXTURE_V5, second)
    with sqlite3.connect(second) as conn:  # the school edited it (still version 5)
        conn.execute("UPDATE plan_profile SET vision = 'Every child reads, every day.'")
    conn.close()
    # When the district adds both
    results, histories = _desk_histories(new_desk, [first, second])
    # Then they are one school's history, found by its state id; the id each got in the
    # desk's copy when brought up to date is not the plan's, so none is recorded
    assert results == [ADDED, ADDED]
    school = "Oak Ridge Elementary School"
    assert histories == [(school, [(1, "", school, "410-321"), (2, "", school, "410-321")])]


def test_a_name_with_a_nul_character_is_kept_without_it(tmp_path: Path, new_desk: NewDesk) -> None:
    # Given a plan whose school name hides a NUL character (PostgreSQL's text cannot hold one)
    plan = tmp_path / "nul.sipdesk"
    sample_plan(plan).close()
    with sqlite3.connect(plan) as conn:
        conn.execute("UPDATE plan_profile SET school_name = 'Elm' || char(0) || ' Park'")
    conn.close()
    # When the district adds it, then it is added under the name without it, on either engine
    with new_desk(district_name="D") as desk:
        assert [o.result for o in intake(desk, [plan])] == [ADDED]
        with desk.session() as session:
            assert session.scalars(select(School.name)).all() == ["Elm Park"]


def test_a_batch_reports_each_plan_only_once_its_version_is_committed(
    tmp_path: Path, new_desk: NewDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given five schools' plans and a copy of the first, taken in three files to a commit
    monkeypatch.setattr(taking, "GROUP_FILES", 3)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    base = tmp_path / "base.sipdesk"
    sample_plan(base).close()
    for i in range(5):
        _variant(base, inbox / f"school-{i}.sipdesk", f"School {i}", f"ST-{i}")
    shutil.copyfile(inbox / "school-0.sipdesk", inbox / "school-0-copy.sipdesk")
    seen: list[tuple[int, int]] = []
    with new_desk(district_name="D") as desk:

        def progress(done: int, _total: int, _name: str) -> None:
            with desk.session() as session:  # another connection: it sees committed work only
                seen.append((done, len(session.scalars(select(PlanVersion.id)).all())))

        # When the district adds the folder
        outcomes = intake(desk, [inbox], progress)
    # Then the copy, in the same group as its original, is recognised as the same plan
    assert [(Path(o.source).name, o.result) for o in outcomes] == [
        ("school-0-copy.sipdesk", ADDED),
        ("school-0.sipdesk", SAME),
        *((f"school-{i}.sipdesk", ADDED) for i in range(1, 5)),
    ]
    # and by the time a plan is reported added, its version is on the desk for everyone
    added = [sum(o.result == ADDED for o in outcomes[:done]) for done in range(1, 7)]
    assert [done for done, _count in seen] == list(range(1, 7))
    assert all(count >= added[done - 1] for done, count in seen)
    assert seen[-1][1] == 5


@pytest.mark.parametrize("which", ["sample", "large"])
def test_intake_reads_the_facts_and_readiness_of_the_whole_plan(tmp_path: Path, which: str) -> None:
    # Intake reads of the monthly statuses only their month and status (taking._recipe): the
    # facts it keeps and the readiness findings it counts are those of the plan read whole.
    from benchmarks.large_plan import build_large_plan
    from sipdesk.district.rollup_facts import ROLLUP_PARTS, facts_text
    from sipdesk.services.checks import READINESS_PARTS, readiness
    from sipdesk.storage import plan_read
    from sipdesk.storage.engine import connect

    plan = tmp_path / "plan.sipdesk"
    if which == "large":
        build_large_plan(plan).close()
    else:
        sample_plan(plan).close()
    conn = connect(plan, readonly=True)
    try:
        keys = (*READINESS_PARTS, *ROLLUP_PARTS)
        whole = plan_read.read_plan_parts(conn, keys)
        taken = plan_read.read_plan_parts(conn, keys, taking._recipe())
    finally:
        conn.close()
    statuses = [
        status
        for priority in taken["priorities"]
        for strategy in priority["strategies"]
        for milestone in strategy["milestones"]
        for action in milestone["actions"]
        for status in action["statuses"]
    ]
    assert statuses and all(set(status) == {"month", "status"} for status in statuses)
    assert facts_text(taken) == facts_text(whole)
    assert readiness(taken) == readiness(whole)  # type: ignore[arg-type]
