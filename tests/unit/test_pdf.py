"""The Tool A PDF, read back with pypdf (and poppler where it is installed).

Given a plan (the sample, a brand-new empty one, or one written for the case), when it is
rendered, then the PDF holds what a district reviewer needs, in Tool A's order.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from sipdesk.export import pdf
from sipdesk.export.pdf import planning
from sipdesk.export.pdf_text import FONT_CJK, font_file, has_rtl, visual
from sipdesk.services.progress import milestone_progress
from sipdesk.services.snapshot import read_plan
from tests.plans import new_plan, sample_plan

# The day the PDFs are made on: a fixed day, so no test depends on the real date.
TODAY = dt.date(2026, 12, 1)

# --- helpers ---------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text without any whitespace: table cells wrap lines wherever the column ends."""
    return re.sub(r"\s+", "", text)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def read_sample_plan(folder: Path) -> dict[str, Any]:
    doc = sample_plan(folder / "sample.sipdesk")
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def plan_from_json(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    """Import an interchange document (the real path into a plan file) and read it back."""
    from sipdesk.export.interchange import import_json

    source = folder / "plan.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    doc = import_json(source, folder / "plan.sipdesk")
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("sample")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIPDESK_DATA_DIR", str(folder / "data"))
        return read_sample_plan(folder)


@pytest.fixture(scope="module")
def sample_pdf(sample: dict[str, Any]) -> bytes:
    return pdf.render_plan_data(sample, today=TODAY)


@pytest.fixture(scope="module")
def sample_text(sample_pdf: bytes) -> list[str]:
    return page_texts(sample_pdf)


def walk_causes(causes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for cause in causes:
        yield cause
        yield from walk_causes(cause.get("causes", []))


# --- what a page draws, read from its content stream -----------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n for PDF's row-vector matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
            e * B + f * D + F)  # fmt: skip


@dataclass(frozen=True)
class Shown:
    """One text-showing operator: its font, its size as drawn on the page (font size times
    the text and graphics scaling), where its line starts, and its text."""

    font: str
    size: float
    x: float
    y: float
    text: str


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """Byte code -> text from a simple font's /ToUnicode CMap (bfchar and bfrange)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(uni, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + offset)
    return out


def shown_text(reader: PdfReader, page: PageObject) -> list[Shown]:
    """Every text-showing operator of the page, decoded through its font's /ToUnicode map.

    A byte code the font's map does not have fails the test: it would be drawn as a glyph
    nobody can name (or none). Form XObjects (the late "Page X of Y") are not followed.
    """
    maps: dict[str, tuple[str, dict[int, str]]] = {}
    for name, ref in page["/Resources"]["/Font"].items():
        font = ref.get_object() if isinstance(ref, IndirectObject) else ref
        maps[name] = (str(font["/BaseFont"]).lstrip("/"), _to_unicode(font))
    out: list[Shown] = []
    ctm, stack = IDENTITY, []
    tm = tlm = IDENTITY
    leading, size = 0.0, 0.0
    current: tuple[str, dict[int, str]] | None = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _mul(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"BT":
            tm = tlm = IDENTITY
        elif operator == b"Tm":
            tm = tlm = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif operator in (b"Td", b"TD"):
            tx, ty = (float(x) for x in operands)
            if operator == b"TD":
                leading = -ty
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        elif operator == b"TL":
            leading = float(operands[0])
        elif operator == b"T*":
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
        elif operator == b"Tf":
            current = maps[str(operands[0])]
            size = float(operands[1])
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            assert current is not None
            if operator in (b"'", b'"'):
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            strings = operands[-1] if operator == b"TJ" else [operands[-1]]
            chars: list[str] = []
            for item in strings:
                if isinstance(item, (int, float)):
                    continue
                raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                unknown = [b for b in raw if b not in current[1]]
                assert not unknown, f"{current[0]} shows byte codes it has no map for: {unknown}"
                chars.extend(current[1][b] for b in raw)
            m = _mul(tm, ctm)
            drawn = size * math.hypot(m[2], m[3])
            out.append(Shown(current[0], drawn, m[4], m[5], "".join(chars)))
    return out


def drawn_lines(shown: list[Shown]) -> list[str]:
    """The page's text lines top to bottom, each as drawn (left to right)."""
    lines: dict[float, list[str]] = {}
    for item in shown:
        lines.setdefault(round(item.y, 1), []).append(item.text)
    return ["".join(lines[y]) for y in sorted(lines, reverse=True)]


# --- the sample plan -------------------------------------------------------------------------


def test_every_section_heading_is_present_in_tool_a_order(sample_text: list[str]) -> None:
    # The cover lists the contents; the order is checked in the body after it.
    body = "\n".join(sample_text[1:])
    headings = [
        *pdf.SECTION_HEADINGS[:-1],
        "Priority 1:",
        "Strategy 1.1",
        "Strategy Performance Measures",
        "Milestone 1.1.1:",
        "Reporting — Priority 1",
        "Implementation Data",
        "Performance Data",
        "Supports",
        "Priority 2:",
        pdf.H_APPENDICES,
        *pdf.APPENDIX_HEADINGS,
    ]
    position = -1
    for heading in headings:
        found = body.find(heading, position + 1)
        assert found > position, f"{heading!r} missing or out of order"
        position = found
    contents = sample_text[0]
    for heading in pdf.SECTION_HEADINGS:
        assert heading in contents


def test_contents_page_numbers_point_at_the_headings(sample_text: list[str]) -> None:
    contents = sample_text[0]
    for heading in (*pdf.SECTION_HEADINGS, *pdf.APPENDIX_HEADINGS):
        match = re.search(re.escape(heading) + r"[\s.]*?(\d+)\s", contents)
        assert match, heading
        page = int(match.group(1))
        # The page's own text, without the running header, starts a line with the heading.
        assert heading in sample_text[page - 1].split("\n", 4)[-1], (heading, page)


def test_every_goal_strategy_milestone_action_and_person_is_in_the_text(
    sample: dict[str, Any], sample_text: list[str]
) -> None:
    text = squash("".join(sample_text))
    wanted: list[str] = [sample["profile"]["school_name"], sample["profile"]["principal"]]
    wanted += [m["name"] for m in sample["team"]]
    wanted += [s["name"] for s in sample["signatures"]]
    for goal in sample["goals"]:
        wanted.append(goal["text"])
        wanted += [m["indicator"] for m in goal["measures"]]
    for priority in sample["priorities"]:
        wanted.append(priority["title"])
        for strategy in priority["strategies"]:
            wanted += [strategy["if_text"], strategy["then_text"], strategy["and_text"]]
            for milestone in strategy["milestones"]:
                wanted.append(milestone["text"])
                for action in milestone["actions"]:
                    wanted += [action["text"], action["person_responsible"]]
    for fishbone in sample["fishbones"]:
        for category in fishbone["categories"]:
            wanted += [c["text"] for c in walk_causes(category["causes"])]
    for chain in sample["why_chains"]:
        wanted += [step["text"] for step in chain["steps"]]
    wanted += [a["what_changed"] for a in sample["adjustments"]]
    wanted += [c["body"] for c in sample["review_comments"] if not c["resolved"]]
    missing = [w for w in wanted if w and squash(w) not in text]
    assert not missing, missing
    resolved = [c["body"] for c in sample["review_comments"] if c["resolved"]]
    assert resolved and all(squash(body) not in text for body in resolved)


def test_reporting_shows_percentages_computed_from_the_statuses(
    sample: dict[str, Any], sample_text: list[str]
) -> None:
    milestone = sample["priorities"][0]["strategies"][0]["milestones"][0]
    q1 = milestone_progress(milestone, sample["profile"]["first_month"], 1, TODAY)
    body = " ".join("\n".join(sample_text).split())
    start = body.index("Milestone 1.1.1 Quarter 1 (Aug–Oct 2026)")
    table = body[start : start + 400]
    # The first quarter is long past and has statuses: a real figure, not a dash
    assert q1.done_pct is not None
    assert f"Actions Completed (%) {q1.done_pct:g}%" in table


def test_a_percentage_the_service_cannot_compute_prints_as_a_dash(
    sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reported period for which progress returns None (say, one that has not started)
    shows "—", not 0% nor a blank that reads as "not reported"; later periods stay blank."""
    nothing = SimpleNamespace(done_pct=None, on_time_pct=None, behind_pct=None, actions=3)
    monkeypatch.setattr(planning, "span_progress", lambda *a, **k: nothing)
    semester = SimpleNamespace(done_pct=None, behind=0, milestones=2, started=False)
    monkeypatch.setattr(planning, "strategy_progress", lambda *a, **k: semester)
    body = " ".join("\n".join(page_texts(pdf.render_plan_data(sample, today=TODAY))).split())
    start = body.index("Milestone 1.1.1 Quarter 1 (Aug–Oct 2026)")
    table = body[start : start + 700]
    assert "Actions Completed (%) — —" in table  # quarters 1 and 2 have statuses
    assert "Actions on Time (%) — —" in table
    assert "%" not in table.split("Actions Completed (%)", 1)[1].split("Outputs", 1)[0]
    start = body.index("Strategy 1.1 1st Semester 2nd Semester")
    assert "Milestones Completed (%) — Milestones Behind Schedule — " in body[start : start + 200]


def test_outline_has_every_section_with_priorities_nested(
    sample: dict[str, Any], sample_pdf: bytes
) -> None:
    outline = PdfReader(io.BytesIO(sample_pdf)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == list(pdf.SECTION_HEADINGS)
    # pypdf gives a section's children as the list that follows it.
    planning = next(
        i for i, item in enumerate(outline) if getattr(item, "title", "") == pdf.H_PLANNING
    )
    children = outline[planning + 1]
    assert isinstance(children, list)
    priorities = [c.title for c in children if not isinstance(c, list)]
    assert priorities == [
        f"Priority {i}: {p['title']}" for i, p in enumerate(sample["priorities"], start=1)
    ]
    strategies = [c.title for c in children[1] if not isinstance(c, list)]
    assert strategies[:2] == ["Strategy 1.1", "Strategy 1.2"]
    assert strategies[-1] == "Reporting — Priority 1"


def test_pages_header_footer_and_metadata(sample: dict[str, Any], sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    count = len(reader.pages)
    assert 20 <= count <= 60
    school = sample["profile"]["school_name"]
    for number in (1, count // 2, count):
        text = reader.pages[number - 1].extract_text()
        assert school in text
        assert "Date of Plan: July 30, 2026" in text
        assert f"Page {number} of {count}" in text
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"School Improvement Plan — {school}"
    assert meta.author == school
    assert meta.subject is not None and "School Improvement Plan" in meta.subject
    # Wide planning tables are on landscape pages, the rest portrait, all US letter.
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages}
    assert sizes == {(612, 792), (792, 612)}


def test_a4_paper(sample: dict[str, Any]) -> None:
    reader = PdfReader(io.BytesIO(pdf.render_plan_data(sample, paper="a4", today=TODAY)))
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages}
    assert sizes == {(595, 842), (842, 595)}


def test_fonts_are_embedded(sample_pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "DejaVuSans" in row, row  # no base-14 font sneaks in un-embedded
        assert row.split()[-5] == "yes", row  # the "emb" column


# --- plans in progress and odd input ---------------------------------------------------------


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_brand_new_plan_exports_as_the_blank_template(tmp_path: Path, paper: str) -> None:
    doc = new_plan(tmp_path / "new.sipdesk", school="Oak Hill Elementary")
    try:
        with doc.session() as session:
            data = pdf.render_plan(session, paper=paper, today=TODAY)  # type: ignore[arg-type]
    finally:
        doc.close()
    texts = page_texts(data)
    body = "\n".join(texts)
    for heading in (*pdf.SECTION_HEADINGS, *pdf.APPENDIX_HEADINGS):
        assert heading in body
    # Blank, numbered rows to fill in by hand, as on the paper form.
    for label in ("Goal 4:", "Priority 4", "Strategy 4.2", "Milestone 4.2.1:", "4.2.1.4"):
        assert label in body
    assert "Oak Hill Elementary" in texts[-1]


def test_markup_characters_in_user_text_survive(tmp_path: Path) -> None:
    odd = "Scores < 40% & falling > fast <b>not bold</b> &amp; <font name='x'>"
    plan = plan_from_json(
        tmp_path,
        {
            "format": "sipdesk-plan",
            "format_version": 1,
            "profile": {"school_name": "A&B <School>", "vision": odd},
            "goals": [{"id": 1, "text": odd, "measures": [{"id": 1, "indicator": odd}]}],
            "priorities": [
                {
                    "id": 1,
                    "title": odd,
                    "strategies": [
                        {
                            "id": 1,
                            "if_text": odd,
                            "milestones": [
                                {"id": 1, "text": odd, "actions": [{"id": 1, "text": odd}]}
                            ],
                        }
                    ],
                }
            ],
        },
    )
    data = pdf.render_plan_data(plan, today=TODAY)
    text = squash("".join(page_texts(data)))
    assert text.count(squash(odd)) >= 6
    assert PdfReader(io.BytesIO(data)).metadata.author == "A&B <School>"  # type: ignore[union-attr]


def bigger(plan: dict[str, Any], times: int) -> dict[str, Any]:
    """The plan with every priority's strategies and milestones repeated."""
    plan = copy.deepcopy(plan)
    for priority in plan["priorities"]:
        priority["strategies"] = priority["strategies"] * times
        for strategy in priority["strategies"]:
            strategy["milestones"] = strategy["milestones"] * times
    plan["priorities"] = (plan["priorities"] * 2)[:4]
    plan["goals"] = (plan["goals"] * 2)[:4]
    return plan


SMALLEST_SIZE = 7.5  # points: the summary never draws text smaller than this


@pytest.mark.parametrize("times", [1, 3])
def test_the_summary_is_one_readable_page(sample: dict[str, Any], times: int) -> None:
    """However big the plan, the summary is one page of text at 7.5 pt or more (measured as
    drawn: font size times any scaling), clear of the footer; what does not fit is counted."""
    plan = bigger(sample, times)
    reader = PdfReader(io.BytesIO(pdf.render_plan_data(plan, summary=True, today=TODAY)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    shown = [item for item in shown_text(reader, page) if item.text.strip()]
    smallest = min(shown, key=lambda item: item.size)
    assert smallest.size >= SMALLEST_SIZE - 0.01, smallest
    # The body ends above the footer rule (drawn 10 pt above the footer line).
    footer_y = 0.45 * 72
    body = [item for item in shown if item.y > footer_y + 1]
    assert min(item.y for item in body) - 0.25 * SMALLEST_SIZE > footer_y + 10 + 4
    text = squash(page.extract_text())
    assert squash(sample["goals"][0]["text"]) in text
    assert squash(sample["priorities"][0]["title"]) in text
    assert "[3b]" in text  # practice codes
    assert squash(sample["goals"][0]["measures"][0]["target_y1"]) in text
    if times > 1:  # what does not fit is counted: "+ 3 more strategies (…) in the full plan"
        assert re.search(r"\+\d+more(strateg|milestone)", text), text
    school = sample["profile"]["school_name"]
    assert reader.metadata is not None and reader.metadata.title == f"Plan on a Page — {school}"


def test_the_sample_summary_lists_everything(sample: dict[str, Any]) -> None:
    reader = PdfReader(io.BytesIO(pdf.render_plan_data(sample, summary=True, today=TODAY)))
    text = squash(reader.pages[0].extract_text())
    assert not re.search(r"\+\d+more", text), text
    for priority in sample["priorities"]:
        for strategy in priority["strategies"]:
            for milestone in strategy["milestones"]:
                assert squash(milestone["text"]) in text


def test_summary_of_an_empty_plan(tmp_path: Path) -> None:
    doc = new_plan(tmp_path / "new.sipdesk")
    try:
        with doc.session() as session:
            data = pdf.render_plan(session, summary=True, paper="a4", today=TODAY)
    finally:
        doc.close()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_renders_off_the_calling_thread_with_progress(sample: dict[str, Any]) -> None:
    calls: list[tuple[int, int]] = []
    results: dict[str, bytes] = {}

    def work(name: str, progress: Any) -> None:
        results[name] = pdf.render_plan_data(sample, progress=progress, today=TODAY)

    threads = [
        threading.Thread(target=work, args=("a", lambda d, t: calls.append((d, t)))),
        threading.Thread(target=work, args=("b", None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(calls) > 10
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1]
    pages = {name: len(PdfReader(io.BytesIO(data)).pages) for name, data in results.items()}
    assert pages["a"] == pages["b"] > 20


def test_unknown_paper_is_refused(sample: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="paper"):
        pdf.render_plan_data(sample, paper="legal", today=TODAY)  # type: ignore[arg-type]


def test_cli_writes_the_pdf_and_the_summary(tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "Sample plan.sipdesk")
    doc.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sipdesk", "export", "Sample plan.sipdesk", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ},
            timeout=120,
        )

    assert run("-o", "plan.pdf").returncode == 0
    assert run("-o", "page.pdf", "--summary", "--paper", "a4").returncode == 0
    assert len(PdfReader(tmp_path / "plan.pdf").pages) > 20
    summary = PdfReader(tmp_path / "page.pdf")
    assert len(summary.pages) == 1
    assert round(summary.pages[0].mediabox.width) == 842


# --- Unicode: Vietnamese, Arabic and Chinese -------------------------------------------------

VIETNAMESE = "Nguyễn Thị Hồng Nhung"
ARABIC = "محمد عبد الله"
CHINESE = "王小明"
MIXED = "Riverside 学校 reading plan"


@pytest.fixture(scope="module")
def world_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("world")
    names = [VIETNAMESE, ARABIC, CHINESE]
    document = {
        "format": "sipdesk-plan",
        "format_version": 1,
        "profile": {"school_name": f"Trường Tiểu học {CHINESE} 学校", "principal": VIETNAMESE},
        "team": [
            {"id": i, "name": name, "title": "Teacher", "plan_role": name}
            for i, name in enumerate(names, start=1)
        ],
        "signatures": [{"id": 1, "member_id": 2, "name": ARABIC, "title": "Counselor"}],
        "goals": [{"id": 1, "text": MIXED, "measures": []}],
        "priorities": [
            {
                "id": 1,
                "title": f"Đọc hiểu — {ARABIC} — {CHINESE}",
                "strategies": [
                    {
                        "id": 1,
                        "if_text": MIXED,
                        "milestones": [
                            {
                                "id": 1,
                                "text": MIXED,
                                "actions": [
                                    {"id": 1, "text": MIXED, "person_responsible": VIETNAMESE},
                                    {"id": 2, "text": CHINESE, "person_responsible": ARABIC},
                                    {"id": 3, "text": ARABIC, "person_responsible": CHINESE},
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "fishbones": [
            {
                "id": 1,
                "problem": MIXED,
                "categories": [
                    {"id": 1, "name": CHINESE, "causes": [{"id": 1, "text": VIETNAMESE}]},
                    {"id": 2, "name": ARABIC, "causes": [{"id": 2, "text": MIXED}]},
                ],
            }
        ],
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIPDESK_DATA_DIR", str(folder / "data"))
        plan = plan_from_json(folder, document)
    return pdf.render_plan_data(plan, today=TODAY)


def _font_cmap(base_font: str) -> set[int]:
    """The characters the bundled TTF behind a PDF font has glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    if "WenQuanYi" in base_font:
        face = TTFontFace(font_file(FONT_CJK), subfontIndex=0)
    else:
        name = base_font.split("+", 1)[-1]
        path = Path(font_file("SIPSans")).with_name(f"{name}.ttf")
        face = TTFontFace(str(path))
    return set(face.charToGlyph)


def shown_text_by_font(data: bytes) -> dict[str, str]:
    """Every character each embedded font is asked to draw, read from the content streams."""
    reader = PdfReader(io.BytesIO(data))
    shown: dict[str, list[str]] = {}
    for page in reader.pages:
        for item in shown_text(reader, page):
            shown.setdefault(item.font, []).append(item.text)
    return {font: "".join(chars) for font, chars in shown.items()}


def test_every_character_is_drawn_with_a_font_that_has_it(world_pdf: bytes) -> None:
    """Vietnamese, Arabic and Chinese names, and a paragraph mixing Latin with 学校.

    What this checks: it walks each page's content stream, follows every text-showing operator
    to the font selected at that point, maps the byte codes back to characters through that
    font's /ToUnicode table, and asserts that the bundled TTF file behind that font has a glyph
    for every such character. So no character is drawn with a font that lacks it, which is what
    produces missing-glyph boxes; a byte code the font's table does not map fails too. It
    also checks that every character of the names was drawn,
    that Chinese went to the CJK font and Latin stayed in DejaVu Sans, and, with
    arabic-reshaper installed, that Arabic was drawn as joined presentation forms. What it does
    not check: whether the page looks right to a reader of each script (the per-run
    right-to-left ordering is covered by the unit check below and by looking at the pages).
    """
    shown = shown_text_by_font(world_pdf)
    assert any("WenQuanYi" in font for font in shown), shown.keys()
    for font, text in shown.items():
        covered = _font_cmap(font)
        missing = sorted({ch for ch in text if ord(ch) not in covered and not ch.isspace()})
        assert not missing, f"{font} draws characters it has no glyph for: {missing}"
    cjk = "".join(t for f, t in shown.items() if "WenQuanYi" in f)
    latin = "".join(t for f, t in shown.items() if "DejaVu" in f)
    assert set(CHINESE + "学校") <= set(cjk)
    assert set("Riverside reading plan") <= set(latin)
    assert not set("Riverside") & set(cjk)
    assert set(VIETNAMESE.replace(" ", "")) <= set(latin)
    assert set(visual(ARABIC).replace(" ", "")) <= set(latin)
    try:
        import arabic_reshaper  # noqa: F401
    except ImportError:
        return
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in visual(ARABIC).replace(" ", ""))


def test_a_heading_stays_on_its_page_when_only_a_table_follows(world_pdf: bytes) -> None:
    """Priority 1 has no description: its heading is followed straight by the strategy and its
    table, and still starts on the page of "Priority Planning & Reporting" (not a page on,
    which is what grouping the heading with the whole strategy did)."""
    reader = PdfReader(io.BytesIO(world_pdf))
    outline = reader.outline
    at = next(i for i, item in enumerate(outline) if getattr(item, "title", "") == pdf.H_PLANNING)
    first_priority = outline[at + 1][0]
    page = reader.get_destination_page_number
    assert page(first_priority) == page(outline[at])


def test_mixed_paragraph_keeps_both_scripts_in_the_text(world_pdf: bytes) -> None:
    text = squash("".join(page_texts(world_pdf)))
    assert text.count(squash(MIXED)) >= 3
    assert squash(VIETNAMESE) in text and CHINESE in text


def test_right_to_left_runs_are_put_in_visual_order() -> None:
    pytest.importorskip("bidi")
    shown = visual(f"Counselor {ARABIC} (room 12)")
    assert shown.startswith("Counselor ") and shown.endswith(" (room 12)")
    words = shown[len("Counselor ") : -len(" (room 12)")].split(" ")
    assert len(words) == 3  # three Arabic words, now in drawing order: last word first
    assert visual("plain text") == "plain text"


ARABIC_SENTENCE = (
    "نريد أن يقرأ كل طالب في مدرستنا بثقة وأن يفهم ما يقرأ وأن يكتب بوضوح وأن يحل المسائل "
    "خطوة بخطوة وأن يعمل مع زملائه في فريق وأن يشعر بأنه ينتمي إلى مجتمع المدرسة وأن يعود "
    "إليها كل صباح وهو سعيد ومستعد للتعلم مع معلميه وأسرته وجيرانه"
)


def test_a_wrapped_arabic_sentence_keeps_its_lines_in_reading_order(tmp_path: Path) -> None:
    """The vision is one Arabic sentence that wraps. Read the page's drawn lines top to bottom
    and each line's Arabic words right to left: that is the sentence, word for word (the old
    order reversed the whole sentence first, so its first words ended on the last line)."""
    pytest.importorskip("bidi")
    words = ARABIC_SENTENCE.split()
    sentence = " ".join(words)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIPDESK_DATA_DIR", str(tmp_path / "data"))
        plan = plan_from_json(
            tmp_path,
            {
                "format": "sipdesk-plan",
                "format_version": 1,
                "profile": {"school_name": "Al Noor School", "vision": sentence},
            },
        )
    reader = PdfReader(io.BytesIO(pdf.render_plan_data(plan, today=TODAY)))
    page = next(p for p in reader.pages if "Vision:" in (p.extract_text() or ""))
    lines = [line for line in drawn_lines(shown_text(reader, page)) if has_rtl(line)]
    assert len(lines) >= 2, lines  # it does wrap
    assert lines[0].startswith("Vision:")  # the label stays at the left of the first line
    read: list[str] = []
    for line in lines:
        read += reversed([word for word in line.split() if has_rtl(word)])
    assert read == [visual(word) for word in words]


def test_fishbone_diagram_draws_every_cause_in_its_boxes(sample: dict[str, Any]) -> None:
    """The diagram itself (not the causes table after it) draws each cause's label, and one
    box for the problem, one per category and one per root cause."""
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.pdfgen.canvas import Canvas

    from sipdesk.diagrams.fishbone import layout_fishbone
    from sipdesk.export.pdf_flowables import FishboneDrawing
    from sipdesk.export.pdf_text import measure, register_fonts

    class Recording(Canvas):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(io.BytesIO(), pagesize=landscape(LETTER))
            self.boxes = 0
            self.strings: list[str] = []

        def roundRect(self, *args: Any, **kwargs: Any) -> None:
            self.boxes += 1
            super().roundRect(*args, **kwargs)

        def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
            self.strings.append(text)
            super().drawString(x, y, text, *args, **kw)

    register_fonts()
    renderer = pdf.ToolARenderer(sample, today=TODAY)
    for fishbone in sample["fishbones"]:
        layout = layout_fishbone(renderer._fishbone_input(fishbone), measure=measure)
        canv = Recording()
        drawing = FishboneDrawing(layout, 500, max_scale=1.5)
        drawing.wrap(700, 500)
        drawing.drawOn(canv, 40, 40)
        causes = [c for cat in fishbone["categories"] for c in walk_causes(cat["causes"])]
        roots = [c for c in causes if c.get("is_root")]
        assert canv.boxes == 1 + len(fishbone["categories"]) + len(roots)
        drawn = squash("".join(canv.strings))
        missing = [c["text"] for c in causes if squash(c["text"]) not in drawn]
        assert not missing, missing
        assert squash(fishbone["problem"]) in drawn
        # It fills the frame's width or height (enlarged if need be), up to its largest scale.
        filled = math.isclose(drawing.width, 700) or math.isclose(drawing.height, 500)
        assert filled or math.isclose(drawing.scale, 1.5), drawing.scale


def test_the_diagram_page_shows_the_causes_before_the_causes_table(
    sample: dict[str, Any], sample_text: list[str]
) -> None:
    """On each fishbone's page, the causes are in the text drawn before the "Causes and
    evidence" table starts (so it is the diagram that shows them)."""
    for f, fishbone in enumerate(sample["fishbones"], start=1):
        page = next(t for t in sample_text if f"Fishbone {f}:" in t)
        diagram = squash(page.split(f"Fishbone {f}:", 1)[1].split("Causes and evidence")[0])
        causes = [c for cat in fishbone["categories"] for c in walk_causes(cat["causes"])]
        missing = [c["text"] for c in causes if squash(c["text"]) not in diagram]
        assert not missing, (f, missing)


def test_poppler_renders_the_unicode_pages(world_pdf: bytes, tmp_path: Path) -> None:
    """Poppler opens and rasterises every page without complaint (a smoke test: it does not
    compare pixels)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    path = tmp_path / "world.pdf"
    path.write_bytes(world_pdf)
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(world_pdf)).pages)
    assert all(p.stat().st_size > 1000 for p in pages)


# --- the same plan on the same day gives the same file ---------------------------------------


def test_the_same_plan_on_the_same_day_renders_to_the_same_bytes(sample: dict[str, Any]) -> None:
    # Given the sample plan, rendered twice on one day
    first = pdf.render_plan_data(sample, today=TODAY)
    second = pdf.render_plan_data(sample, today=TODAY)
    # Then the two files are identical, byte for byte, and dated that day
    assert first == second
    assert b"D:20261201000000" in first
    assert pdf.render_plan_data(sample, summary=True, today=TODAY) == pdf.render_plan_data(
        sample, summary=True, today=TODAY
    )


def test_progress_percentages_follow_the_day_given_not_the_clock(sample: dict[str, Any]) -> None:
    # Given the sample plan (plan year from Aug 2026), made before quarter 1 began and after
    def quarter_one(day: dt.date) -> str:
        body = " ".join("\n".join(page_texts(pdf.render_plan_data(sample, today=day))).split())
        start = body.index("Milestone 1.1.1 Quarter 1 (Aug–Oct 2026)")
        return body[start : start + 400]

    milestone = sample["priorities"][0]["strategies"][0]["milestones"][0]
    done = milestone_progress(milestone, sample["profile"]["first_month"], 1, TODAY)
    assert done.done_pct is not None
    # Then only the later day shows a figure for quarter 1; the earlier one shows a dash
    assert f"Actions Completed (%) {done.done_pct:g}%" in quarter_one(TODAY)
    assert "Actions Completed (%) —" in quarter_one(dt.date(2026, 7, 1))
