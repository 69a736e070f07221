"""Export a plan to a file: one path for the command line, the window and the district package.

The kind of file follows from the suffix: ``.pdf`` (Tool A, or with ``summary`` the one-page
plan on a page), ``.json`` (the interchange format) or ``.csv`` (the action plan). Files are
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

SUFFIXES = (".pdf", ".json", ".csv")


class ExportError(ValueError):
    """The export was asked for in a way that cannot work; the message is one plain sentence."""


def check_export(suffix: str, *, summary: bool = False, name: str = "") -> str:
    """The suffix in lower case, or :class:`ExportError` when it cannot be exported.

    ``name`` (the file's name) makes the sentence clearer when there is one.
    """
    kind = suffix.lower()
    if kind not in SUFFIXES:
        raise ExportError(f"“{name or suffix}” should end in .pdf, .json or .csv.")
    if summary and kind != ".pdf":
        raise ExportError("--summary goes with a .pdf file.")
    return kind


def export_bytes(
    session: Session,
    suffix: str,
    *,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    today: dt.date,
) -> bytes:
    """The plan open in ``session`` as the bytes of a ``suffix`` file.

    ``today`` is the day a PDF is made on (the caller's clock, never read here);
    ``progress(done, total)`` is called (on this thread) while a PDF renders.
    """
    kind = check_export(suffix, summary=summary)
    if kind == ".pdf":
        from sipdesk.export.pdf import render_plan

        return render_plan(session, summary=summary, paper=paper, progress=progress, today=today)
    if kind == ".json":
        from sipdesk.export.interchange import dumps, export_document

        return dumps(export_document(session)).encode("utf-8")
    from sipdesk.export.csv_export import to_csv
    from sipdesk.services.snapshot import read_plan

    # A byte-order mark lets spreadsheet programs read accents correctly.
    return to_csv(read_plan(session)).encode("utf-8-sig")


def write_export(
    document: PlanDocument,
    suffix: str,
    target: Path,
    *,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    today: dt.date,
) -> Path:
    """Export the open plan in ``document`` to ``target`` (atomically); return its full path."""
    from sipdesk.storage.document import write_atomically

    target = Path(target).expanduser().absolute()
    check_export(suffix, summary=summary, name=target.name)
    with document.session() as session:
        data = export_bytes(
            session, suffix, summary=summary, paper=paper, progress=progress, today=today
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
