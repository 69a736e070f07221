"""The parking lot is listed in the Tool A PDF, read back with pypdf.

Given a plan whose team parked ideas in meetings, when the PDF is made, then an appendix lists
each idea with the step it came up on, the day and whether it is done.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from sipdesk.export import pdf
from sipdesk.services import meeting
from sipdesk.services.snapshot import read_plan
from tests.plans import sample_plan

TODAY = dt.date(2026, 12, 1)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_parked_ideas_are_listed_in_their_own_appendix(tmp_path: Path) -> None:
    # Given the sample plan, with two ideas parked and one of them dealt with
    doc = sample_plan(tmp_path / "sample.sipdesk")
    try:
        with doc.transaction() as session:
            meeting.park_idea(
                session, "Ask the PTA to run a family math night", 2, dt.date(2026, 9, 14)
            )
            done = meeting.park_idea(
                session, "Bus arrivals make first period late", 3, dt.date(2026, 10, 2)
            )
            meeting.set_idea_done(session, int(done.created_id("parked_ideas") or 0), True)
        # When the Tool A PDF is made
        with doc.session() as session:
            data = pdf.render_plan(session, today=TODAY)
    finally:
        doc.close()
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]
    # Then the last appendix is the parking lot, after the glossary, named in the contents
    body = "\n".join(pages[1:])
    glossary = body.find(pdf.APPENDIX_HEADINGS[-1])
    lot = body.find(pdf.PARKING_LOT_HEADING)
    assert 0 < glossary < lot
    assert pdf.PARKING_LOT_HEADING in pages[0]
    page = next(p for p in pages[1:] if pdf.PARKING_LOT_HEADING in p)
    text = _squash(page)
    for cell in (
        "Idea",
        "Raised on step",
        "AskthePTAtorunafamilymathnight",
        "Assessneeds",
        "September14,2026",
        "Open",
        "Busarrivalsmakefirstperiodlate",
        "Findrootcauses",
        "October2,2026",
        "Done",
    ):
        assert _squash(cell) in text, cell
    # (a look at the page, for people: pdftoppm where poppler is installed)
    if shutil.which("pdftoppm") and os.environ.get("SIPDESK_TEST_OUTPUT"):
        out = Path(os.environ["SIPDESK_TEST_OUTPUT"])
        out.mkdir(parents=True, exist_ok=True)
        (out / "parking-lot.pdf").write_bytes(data)
        number = pages.index(page) + 1
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(number),
                "-l",
                str(number),
                str(out / "parking-lot.pdf"),
                str(out / "parking-lot-page"),
            ],
            check=True,
        )


def test_a_plan_without_parked_ideas_has_no_parking_lot_page(tmp_path: Path) -> None:
    # Given the sample plan with its parked ideas removed
    doc = sample_plan(tmp_path / "sample.sipdesk")
    try:
        with doc.transaction() as session:
            for idea in meeting.parking_lot(read_plan(session)):
                meeting.delete_idea(session, idea.id)
        with doc.session() as session:
            assert read_plan(session)["parking_lot"] == []
            data = pdf.render_plan(session, today=TODAY)
    finally:
        doc.close()
    # Then the appendices end with the glossary, as on the paper form
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert pdf.APPENDIX_HEADINGS[-1] in text
    assert pdf.PARKING_LOT_HEADING not in text


def test_the_sample_plan_lists_its_parked_ideas(tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "sample.sipdesk")
    try:
        with doc.session() as session:
            ideas = meeting.parking_lot(read_plan(session))
            data = pdf.render_plan(session, today=TODAY)
    finally:
        doc.close()
    assert len(ideas) >= 2 and {i.done for i in ideas} == {True, False}
    text = _squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))
    for idea in ideas:
        assert _squash(idea.text) in text
