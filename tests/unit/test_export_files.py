"""One export path for the command line, the window and the district package.

Given the sample plan, when it is exported by suffix, then each file reads back as what it
claims to be, is written whole (atomically) and the refusals are one plain sentence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from sipdesk.export import files
from sipdesk.export.files import ExportError
from sipdesk.models import Action
from sipdesk.services.edits import update_row
from sipdesk.storage import PlanDocument
from tests.plans import SAMPLE_JSON, sample_plan, without_plan_id

# The day the PDFs are made on: a fixed day, so no test depends on the real date.
TODAY = dt.date(2026, 12, 1)

SCHOOL = "Riverside Elementary School"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanDocument]:
    doc = sample_plan(tmp_path_factory.mktemp("plan") / "Riverside.sipdesk")
    yield doc
    doc.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_json_is_the_interchange_document(sample: PlanDocument) -> None:
    with sample.session() as session:
        data = files.export_bytes(session, ".json", today=TODAY)
    exported = without_plan_id(json.loads(data.decode("utf-8")))
    assert exported == json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


def test_csv_has_a_byte_order_mark_and_the_action_rows(sample: PlanDocument) -> None:
    with sample.session() as session:
        data = files.export_bytes(session, ".CSV", today=TODAY)  # the suffix's case does not matter
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Priority", "Priority area", "Strategy"]
    assert rows[1][6] == "1.1.1.1"


def test_csv_cells_never_reach_a_spreadsheet_as_formulas(tmp_path: Path) -> None:
    # Given an action whose words start like spreadsheet formulas, and a negative budget
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    hostile = {
        "text": '=HYPERLINK("http://example.invalid","Click")',
        "outputs": "\tcmd",
        "funding_source": "@SUM(A1:A9)",
        "person_responsible": "+1 555 0100",
        "collaborators": "-2+3",
    }
    with doc.transaction() as session:
        update_row(session, Action, 1, "Edit", budget_cents=-1250, **hostile)
    # When the plan is exported as CSV
    with doc.session() as session:
        data = files.export_bytes(session, ".csv", today=TODAY)
    doc.close()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[6] == "1.1.1.1")
    cells = dict(zip(rows[0], row, strict=True))
    # Then each of those cells starts with an apostrophe, so it stays text
    for column in ("Action text", "Anticipated outputs", "Funding source", "Person responsible"):
        assert cells[column].startswith("'"), column
    assert cells["Collaborators"] == "'-2+3"
    assert cells["Action text"] == "'" + hostile["text"]
    # and numbers the export writes itself stay numbers
    assert cells["Budget"] == "-12.50"
    assert cells["Priority"] == "1"


def test_pdf_is_tool_a_with_progress_to_the_end(sample: PlanDocument) -> None:
    seen: list[tuple[int, int]] = []
    with sample.session() as session:
        data = files.export_bytes(
            session, ".pdf", progress=lambda d, t: seen.append((d, t)), today=TODAY
        )
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 5
    assert SCHOOL in pdf_text(data)
    assert round(reader.pages[0].mediabox.width) == 612  # Letter unless asked otherwise
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_summary_pdf_is_one_a4_page(sample: PlanDocument) -> None:
    with sample.session() as session:
        data = files.export_bytes(session, ".pdf", summary=True, paper="a4", today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert sorted((round(box.width), round(box.height))) == [595, 842]
    assert "Plan on a Page" in pdf_text(data)


@pytest.mark.parametrize(
    ("suffix", "summary", "words"),
    [
        (".docx", False, "should end in .pdf, .json, .csv or .zip"),
        ("", False, "should end in .pdf, .json, .csv or .zip"),
        (".json", True, "--summary goes with a .pdf file"),
        (".csv", True, "--summary goes with a .pdf file"),
    ],
)
def test_unknown_suffixes_and_a_summary_that_is_not_a_pdf_are_refused(
    sample: PlanDocument, tmp_path: Path, suffix: str, summary: bool, words: str
) -> None:
    with pytest.raises(ExportError, match=re.escape(words)), sample.session() as session:
        files.export_bytes(session, suffix, summary=summary, today=TODAY)
    target = tmp_path / f"plan{suffix}"
    with pytest.raises(ValueError, match=re.escape(words)):  # ExportError is a ValueError
        files.write_export(sample, suffix, target, summary=summary, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_the_refusal_names_the_file(sample: PlanDocument, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=re.escape("“plan.docx” should end in")):
        files.write_export(sample, ".docx", tmp_path / "plan.docx", today=TODAY)


@pytest.mark.parametrize("suffix", [".pdf", ".json", ".csv"])
def test_write_export_writes_the_whole_file_and_no_temp_files(
    sample: PlanDocument, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"Riverside{suffix}"
    target.write_bytes(b"the old export")
    written = files.write_export(sample, suffix, target, today=TODAY)
    assert written == target.absolute()
    with sample.session() as session:
        expected = files.export_bytes(session, suffix, today=TODAY)
    if suffix == ".pdf":  # the creation time differs; the content does not
        assert pdf_text(target.read_bytes()) == pdf_text(expected)
    else:
        assert target.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_pdf_renderer_follows_the_tool_a_pdf_only(sample: PlanDocument) -> None:
    seen: list[int] = []
    render = files.pdf_renderer(paper="a4", progress=lambda d, t: seen.append(d), today=TODAY)
    with sample.session() as session:
        summary = render(session, summary=True)
        assert seen == []
        tool_a = render(session, summary=False)
    assert len(PdfReader(io.BytesIO(summary)).pages) == 1
    assert round(PdfReader(io.BytesIO(tool_a)).pages[0].mediabox.height) == 842
    assert seen[-1] == 1000


def test_by_percent_reports_each_whole_percent_once() -> None:
    seen: list[tuple[int, int]] = []
    report = files.by_percent(lambda d, t: seen.append((d, t)))
    for done in range(1001):
        report(done, 1000)
    assert len(seen) == 101
    assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000)
