"""The district desk's intake: real plan files, real saved emails, a real desk file.

Given a batch of twenty-odd files — good plans from the sample, three versions of one plan, a
duplicate, hostile plans from the corpus and a folder of saved emails — when the district adds
them, then every good plan is added once, the duplicate is recognised, every bad file is refused
with its own sentence, and no source file changes by a single byte.
"""

from __future__ import annotations

import hashlib
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import ADDED, REFUSED, SAME, intake, version_bytes
from sipdesk.district.models import PlanVersion, School
from sipdesk.district.schools import school_rows
from sipdesk.models import PlanProfile
from sipdesk.storage import PlanDocument
from tests.hostile_corpus import PLAN_CASES, copy_case
from tests.plans import sample_plan

# Five hostile plans from the corpus, each with the words its refusal must say.
HOSTILE = ["notes", "recipes", "half", "extra-trigger", "blob-text"]


def _variant(base: Path, target: Path, school: str, state_id: str, **profile: object) -> Path:
    """A copy of ``base`` edited through the plan's own document: another school's plan."""
    shutil.copyfile(base, target)
    doc = PlanDocument.open(target, recover=False)
    with doc.transaction() as session:
        row = session.scalars(select(PlanProfile)).one()
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
        v1, inbox / "lincoln-2.sipdesk", "Lincoln Elementary", "IL-77", status="submitted"
    )
    _variant(v2, inbox / "lincoln-3.sipdesk", "Lincoln Elem. School", "IL-77", status="approved")
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
    tmp_path: Path, batch: dict[str, Path]
) -> None:
    inbox, mail = batch["inbox"], batch["mail"]
    before = _digests(inbox, mail)
    listing = sorted(p.name for p in inbox.iterdir()), sorted(p.name for p in mail.iterdir())
    seen: list[tuple[int, int, str]] = []
    desk = DeskDocument.create(tmp_path / "riverside.sipdistrict", district_name="Riverside")
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


def test_adding_the_same_files_again_changes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "Hillcrest.sipdesk"
    sample_plan(plan).close()
    path = tmp_path / "desk.sipdistrict"
    DeskDocument.create(path, district_name="Hillcrest District").close()
    with DeskDocument.open(path) as desk:
        first = intake(desk, [plan])
    with DeskDocument.open(path) as desk:  # reopened after close: the version is still there
        again = intake(desk, [plan, plan])
        with desk.session() as session:
            count = len(session.scalars(select(PlanVersion)).all())
        assert len(desk.backups()) >= 1
    assert [o.result for o in first] == [ADDED]
    assert [o.result for o in again] == [SAME, SAME]
    assert count == 1
