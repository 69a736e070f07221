"""Export a plan to a file: one path for the command line, the window and the district package.

The kind of file follows from the suffix: ``.pdf`` (Tool A, or with ``summary`` the one-page
plan on a page), ``.json`` (the interchange format), ``.csv`` (one table: the action plan, or
with ``what`` the measures, goals or strategies) or ``.zip`` (every table, a CSV each). Files are
written atomically, so a failed export never leaves half a file behind. No Qt here: the window
runs these on its worker thread and relays ``progress(done, total)`` itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    # Types only: reportlab loads when a PDF is first made, not when this module is imported.
    from sipdesk.export.district import PdfRenderer
    from sipdesk.export.pdf import Paper, Progress
    from sipdesk.storage import PlanDocument

SUFFIXES = (".pdf", ".json", ".csv", ".zip")


class ExportError(ValueError):
    """The export was asked for in a way that cannot work; the message is one plain sentence."""


def check_export(
    suffix: str, *, summary: bool = False, name: str = "", what: str | None = None
) -> str:
    """The suffix in lower case, or :class:`ExportError` when it cannot be exported.

    ``name`` (the file's name) makes the sentence clearer when there is one; ``what`` is the
    table a CSV holds (``actions`` when not given), or ``all`` for a zip of every table.
    """
    kind = suffix.lower()
    if kind not in SUFFIXES:
        raise ExportError(f"“{name or suffix}” should end in .pdf, .json, .csv or .zip.")
    if summary and kind != ".pdf":
        raise ExportError("--summary goes with a .pdf file.")
    if what is not None:
        from sipdesk.export.csv_export import CHOICES

        if what not in CHOICES:
            raise ExportError(f"--what should be one of {', '.join(CHOICES)}.")
        if kind not in (".csv", ".zip"):
            raise ExportError("--what goes with a .csv or .zip file.")
        if what == "all" and kind == ".csv":
            raise ExportError(
                "--what all writes several CSV files: give a file name ending in .zip."
            )
        if what != "all" and kind == ".zip":
            raise ExportError(f"a .zip holds every table; for {what} alone, give a .csv name.")
    return kind


def export_bytes(
    session: Session,
    suffix: str,
    *,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    today: dt.date,
    what: str | None = None,
) -> bytes:
    """The plan open in ``session`` as the bytes of a ``suffix`` file.

    ``today`` is the day a PDF (or a zip) is made on (the caller's clock, never read here);
    ``progress(done, total)`` is called (on this thread) while a PDF renders; ``what`` is the
    table a ``.csv`` holds (the actions when None).
    """
    kind = check_export(suffix, summary=summary, what=what)
    if kind == ".pdf":
        from sipdesk.export.pdf import render_plan

        return render_plan(session, summary=summary, paper=paper, progress=progress, today=today)
    if kind == ".json":
        from sipdesk.export.interchange import dumps, export_document

        return dumps(export_document(session)).encode("utf-8")
    from sipdesk.export.csv_export import csv_bytes, table_named, to_zip
    from sipdesk.services.snapshot import read_plan

    plan = read_plan(session)
    return to_zip(plan, today) if kind == ".zip" else csv_bytes(plan, table_named(what))


def write_export(
    document: PlanDocument,
    suffix: str,
    target: Path,
    *,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    today: dt.date,
    what: str | None = None,
) -> Path:
    """Export the open plan in ``document`` to ``target`` (atomically); return its full path."""
    from sipdesk.storage.document import write_atomically

    target = Path(target).expanduser().absolute()
    check_export(suffix, summary=summary, name=target.name, what=what)
    with document.session() as session:
        data = export_bytes(
            session,
            suffix,
            summary=summary,
            paper=paper,
            progress=progress,
            today=today,
            what=what,
        )

    def build(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomically(build, target)
    return target


def pdf_renderer(
    *, paper: Paper = "letter", progress: Progress | None = None, today: dt.date
) -> PdfRenderer:
    """What :func:`sipdesk.export.district.write_district_files` renders PDFs with.

    ``progress`` follows the Tool A PDF, the long one; the one-page summary is quick.
    """

    def render(session: Session, *, summary: bool) -> bytes:
        return export_bytes(
            session,
            ".pdf",
            summary=summary,
            paper=paper,
            progress=None if summary else progress,
            today=today,
        )

    return render


def by_percent(progress: Progress) -> Progress:
    """``progress``, called only when the whole percentage changes (and at the end).

    The renderer reports hundreds of steps; a window needs about a hundred.
    """
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total > 0 else 0
        if percent != shown[0]:
            shown[0] = percent
            progress(done, total)

    return report


__all__ = [
    "SUFFIXES",
    "ExportError",
    "by_percent",
    "check_export",
    "export_bytes",
    "pdf_renderer",
    "write_export",
]
