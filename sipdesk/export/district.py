"""The district package: a clean copy of the plan file, the Tool A PDF and the one-page plan
on a page, written side by side under one shared name that never overwrites a file.

Marking the plan submitted is the rule part, :func:`sipdesk.services.review.mark_submitted`; this
module writes the files. The window runs the two halves separately (the first through its
controller, so it can be undone; the second off the UI thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from sipdesk.models.formatting import file_stem
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.review import mark_submitted
from sipdesk.services.snapshot import read_profile
from sipdesk.storage.document import write_atomically

if TYPE_CHECKING:
    from sipdesk.storage import PlanDocument

SUMMARY_NAME = " – plan on a page.pdf"  # after the shared stem


class PdfRenderer(Protocol):
    """Renders the plan open in ``session`` as PDF bytes: Tool A, or the one-page summary.

    :func:`sipdesk.export.files.pdf_renderer` makes the real one; tests may pass a quicker one.
    """

    def __call__(self, session: Session, *, summary: bool) -> bytes: ...


@dataclass(frozen=True)
class DistrictPackage:
    """What "Prepare for the district" wrote."""

    folder: Path
    plan_file: Path
    pdf_file: Path  # the Tool A PDF
    summary_file: Path  # the one-page plan on a page


def district_stem(doc_profile: Mapping[str, Any], today: dt.date | None = None) -> str:
    """``"Riverside Elementary School – SIP 2026-12-08"``: the name both files share."""
    today = today or dt.date.today()
    school = file_stem(str(doc_profile.get("school_name") or ""), "School improvement plan")
    return f"{school} – SIP {today.isoformat()}"


def _free_name(folder: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem``, or ``stem (2)`` … so that no file with any of ``suffixes`` is overwritten."""
    candidate = stem
    n = 2
    while any((folder / f"{candidate}{s}").exists() for s in suffixes):
        candidate = f"{stem} ({n})"
        n += 1
    return candidate


def write_district_files(
    document: PlanDocument,
    folder: Path,
    *,
    render: PdfRenderer,
    today: dt.date | None = None,
) -> DistrictPackage:
    """Write a clean copy of the plan file, the Tool A PDF and the one-page plan on a page into
    ``folder``. Nothing is overwritten (a number is added to the shared name instead)."""
    folder = Path(folder).expanduser().absolute()
    if not folder.is_dir():
        raise PlanRuleError(f"The folder “{folder.name}” does not exist.")
    with document.session() as session:
        profile = read_profile(session)
        pdf_bytes = render(session, summary=False)
        summary_bytes = render(session, summary=True)
    stem = _free_name(folder, district_stem(profile, today), (".sipdesk", ".pdf", SUMMARY_NAME))
    plan_file = document.save_copy(folder / f"{stem}.sipdesk")
    pdf_file = folder / f"{stem}.pdf"
    summary_file = folder / f"{stem}{SUMMARY_NAME}"
    for target, data in ((pdf_file, pdf_bytes), (summary_file, summary_bytes)):

        def build(temp: Path, data: bytes = data) -> None:
            temp.write_bytes(data)

        write_atomically(build, target)
    return DistrictPackage(folder, plan_file, pdf_file, summary_file)


def prepare_for_district(
    document: PlanDocument,
    folder: Path,
    by: str,
    *,
    render: PdfRenderer,
    when: dt.datetime | None = None,
) -> tuple[Change, DistrictPackage]:
    """Both halves at once, for a shell or a script: mark submitted, then write the files
    (``render=sipdesk.export.files.pdf_renderer(today=...)``).

    The window runs :func:`mark_submitted` through its controller (so it can be undone) and
    then :func:`write_district_files` off the UI thread.
    """
    with document.transaction() as session:
        change = mark_submitted(session, by, when)
    package = write_district_files(document, folder, render=render)
    return change, package
