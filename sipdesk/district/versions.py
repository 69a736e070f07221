"""Finding a school on the desk and reading back the plans it sent.

``SCHOOL`` on the command line is a school's name (case and spacing do not count) or the plan id
its plans carry. A received version is read exactly as opening a plan reads it: its bytes, kept
unchanged on the desk, are copied to a private scratch folder, validated as untrusted, and read
read-only (see :func:`read_version`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.district.intake import name_key, safe_name, version_bytes
from sipdesk.district.models import PlanVersion, School
from sipdesk.storage.errors import PlanFileError
from sipdesk.storage.private_folder import _claim_folder, _release_folder


class DeskUsageError(PlanFileError):
    """A school or version asked for that the desk does not have; one sentence, as always."""


def find_school(session: Session, text: str, desk_path: Path) -> School:
    """The school named ``text``: its name, the plan id of any of its versions, or a part of
    its name that fits no other school."""
    wanted = " ".join(text.split())
    if not wanted:
        raise DeskUsageError(desk_path, "Please name a school (its name or its plan id).")
    by_id = session.scalars(
        select(PlanVersion.school_id).where(PlanVersion.plan_id == wanted).limit(1)
    ).first()
    if by_id is not None:
        school = session.get(School, by_id)
        if school is not None:
            return school
    named = list(
        session.scalars(
            select(School).where(School.name_key == name_key(wanted)).order_by(School.id)
        )
    )
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise DeskUsageError(
            desk_path,
            f"{len(named)} schools on this desk are called “{wanted}”; please use the plan id "
            "of the one you mean (sipdesk district list --json shows it).",
        )
    # A part of a name is enough when it names one school ("riverside").
    key = name_key(wanted)
    partly = [
        school
        for school in session.scalars(select(School).order_by(School.name_key, School.id))
        if key in school.name_key
    ]
    if len(partly) == 1:
        return partly[0]
    if partly:
        names = "; ".join(school.name for school in partly[:5])
        more = f" and {len(partly) - 5} more" if len(partly) > 5 else ""
        raise DeskUsageError(
            desk_path,
            f"“{wanted}” could be any of {len(partly)} schools ({names}{more}); "
            "please give more of the name.",
        )
    raise DeskUsageError(
        desk_path,
        f"There is no school called “{wanted}” on this desk (sipdesk district list shows them).",
    )


def no_plan_yet(school: str) -> str:
    """The sentence for a school on the district's list that has not sent a plan yet."""
    return (
        f"No plan has arrived from {school} yet. It is on your list of schools, and its plan "
        "will show here as soon as it is added to the desk."
    )


def versions_of(session: Session, school: School) -> list[PlanVersion]:
    """The school's received versions, first to last."""
    return list(
        session.scalars(
            select(PlanVersion)
            .where(PlanVersion.school_id == school.id)
            .order_by(PlanVersion.number)
        )
    )


def version_numbered(session: Session, school: School, number: int, desk_path: Path) -> PlanVersion:
    """Version ``number`` (1, 2, …) of the school's plan, or a sentence saying which exist."""
    versions = versions_of(session, school)
    if not versions:
        raise DeskUsageError(desk_path, no_plan_yet(school.name))
    for version in versions:
        if version.number == number:
            return version
    have = f"versions 1 to {len(versions)}" if len(versions) > 1 else "only version 1"
    raise DeskUsageError(
        desk_path, f"{school.name} has no version {number} on this desk; it has {have}."
    )


@contextlib.contextmanager
def version_file(session: Session, version: PlanVersion, desk_path: Path) -> Iterator[Path]:
    """A private copy of the version's file, under the name it arrived with, while in use."""
    scratch, lock = _claim_folder("readonly", desk_path)
    name = safe_name(Path(version.source_name).name) or f"version-{version.number}.sipdesk"
    copy = scratch / name
    try:
        copy.write_bytes(version_bytes(session, version.id))
        yield copy
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
        _release_folder(scratch, lock)


def read_version(session: Session, version: PlanVersion, desk_path: Path) -> dict[str, Any]:
    """The version's plan in the interchange form (``sipdesk export --json``'s document)."""
    from sipdesk.export.interchange import export_document
    from sipdesk.storage.document import PlanDocument

    with (
        version_file(session, version, desk_path) as copy,
        PlanDocument.open(copy, readonly=True) as doc,
        doc.session() as plan_session,
    ):
        return export_document(plan_session)
