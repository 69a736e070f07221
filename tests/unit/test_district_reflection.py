"""The district's self-reflection, Tool C (issue 14, item 2): team members' ratings with their
evidence, the agreed level, strengths and weaknesses per domain, and weaknesses linked to the
rollup rows they explain — stored (on a desk file and on a server), read back, printed by
``district reflect`` (text, JSON, PDF read back with pypdf). (A desk of desk schema 5 brought
up to date keeping everything: tests/unit/test_desk_upgrade.py.)

The schools are the hand-worked ones of ``test_district_rollup.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.reflection import (
    ReflectionError,
    add_note,
    agree,
    find_reflection,
    link_note,
    rate,
    school_year_title,
    sheet,
    start_reflection,
)
from sipdesk.district.reflection_links import figures_for
from tests.district_pg import NewDesk
from tests.unit.test_district_rollup import ALDER, TODAY, _plan_file, alder, birch, cedar

NOW = dt.datetime(2026, 12, 6, 15, 0)
TITLE = "2026–27"


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("toolc")
    return [
        _plan_file(folder, "alder", alder(1)),
        _plan_file(folder, "birch", birch()),
        _plan_file(folder, "cedar", cedar()),
    ]


def _fill(desk: Any, files: list[Path]) -> None:
    for file in files:
        (outcome,) = intake(desk, [file])
        assert outcome.result == "added", outcome.line()
    with desk.transaction() as s:
        r = start_reflection(s, TITLE, now=NOW)
        rate(s, r, "2b1", "Ms Rivera", 2, "PL standards are on paper only.", now=NOW)
        rate(s, r, "2B1", "Mr Chen", 3, "Our PL calendar follows them.", now=NOW)
        rate(s, r, "4a1", "Ms Rivera", 1, "", now=NOW)
        agree(s, r, "2b1", 2, "Standards exist; they do not choose our PL yet.", now=NOW)
        add_note(s, r, 2, "strength", "New teachers get a mentor.", now=NOW)
        weak = add_note(s, r, 2, "weakness", "PL is not chosen from schools' needs.", now=NOW)
        link_note(s, weak, "practices", "2b")
        link_note(s, weak, "domain-gaps", f"2 / {ALDER}")
        link_note(s, weak, "implementation", "Nowhere School")
        link_note(s, weak, "practices", "2b")  # once is enough


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def test_ratings_evidence_and_agreed_levels_are_stored_read_and_printed(
    new_desk: NewDesk,
    plan_files: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk = new_desk("Pine County Schools")
    try:
        _fill(desk, plan_files)
        with desk.transaction() as s:  # the same person again, written differently: replaced
            r = find_reflection(s)
            assert r is not None and r.title == TITLE
            rate(s, r, "2b1", "ms  rivera", 2, "PL standards are on paper only.", now=NOW)
    finally:
        desk.close()

    with new_desk.reopen(readonly=True) as again, again.session() as s:
        found = find_reflection(s, " 2026–27 ")
        assert found is not None
        read = sheet(s, found)
        weak = read.domains[1].weaknesses[0]
        linked = figures_for(s, again.path, [weak], TODAY)
    assert read.members == ("Mr Chen", "Ms Rivera") and (read.rated, read.agreed) == (2, 1)
    pl = read.element("2b1")
    assert [(r.member, r.level, r.evidence) for r in pl.ratings] == [
        ("Mr Chen", 3, "Our PL calendar follows them."),
        ("Ms Rivera", 2, "PL standards are on paper only."),
    ]
    assert (pl.agreed_level, pl.agreed_evidence) == (
        2,
        "Standards exist; they do not choose our PL yet.",
    )
    assert read.element("4a1").agreed_level is None
    assert [n.text for n in read.domains[1].strengths] == ["New teachers get a mentor."]
    assert weak.links == (
        ("practices", "2b"),
        ("domain-gaps", f"2 / {ALDER}"),
        ("implementation", "Nowhere School"),
    )
    rows = linked[weak.id]
    assert [(row.found, row.label, row.figures) for row in rows] == [
        (
            True,
            "2b. Target professional learning opportunities",
            "Domain 2. Talent Development · Schools 1 · Strategies 1",
        ),
        (True, f"2. Talent Development / {ALDER}", ""),
        (False, "Nowhere School", ""),
    ]

    # printed: the command's JSON, text and PDF, on this engine
    assert main(["district", "reflect", new_desk.target, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    talent = data["domains"][1]
    element = next(e for e in talent["elements"] if e["code"] == "2b1")
    assert element["ratings"] == [
        {"member": "Mr Chen", "level": 3, "evidence": "Our PL calendar follows them."},
        {"member": "Ms Rivera", "level": 2, "evidence": "PL standards are on paper only."},
    ]
    assert element["agreed"] == {
        "level": 2,
        "evidence": "Standards exist; they do not choose our PL yet.",
    }
    links = talent["weaknesses"][0]["links"]
    assert [(x["view"], x["row"], x["found"]) for x in links] == [
        ("practices", "2b", True),
        ("domain-gaps", f"2 / {ALDER}", True),
        ("implementation", "Nowhere School", False),
    ]
    assert links[0]["figures"].endswith("Schools 1 · Strategies 1")
    assert main(["district", "reflect", new_desk.target]) == 0
    out = capsys.readouterr().out
    assert "Mr Chen: 3 · Working — Our PL calendar follows them." in out
    assert "Agreed: 2 · Taking shape — Standards exist; they do not choose our PL yet." in out
    assert "Strategies by Four Domains practice: 2b. Target professional learning" in out

    pdf = tmp_path / "reflection.pdf"
    assert main(["district", "reflect", new_desk.target, "-o", str(pdf)]) == 0
    text = _pdf_text(pdf.read_bytes())
    for words in (
        "Our self-reflection: 2026–27",
        "Mr Chen",
        "Our PL calendar follows them.",
        "PL standards are on paper only.",
        "Agreed by the team",
        "Standards exist; they do not choose our PL yet.",
        "New teachers get a mentor.",
        "PL is not chosen from schools' needs.",
        "2b. Target professional learning opportunities",
        "Nowhere School (not in the rollup today)",
    ):
        assert words in text, words

    # rated and agreed from the command line, on this engine
    where = new_desk.target
    assert (
        main(
            [
                "district",
                "reflect",
                where,
                "--rate",
                "1a2",
                "--by",
                "Dr Ortiz",
                "--level",
                "working",
                "--evidence",
                "Team meets weekly.",
            ]
        )
        == 0
    )
    assert main(["district", "reflect", where, "--agree", "1a2", "--level", "3"]) == 0
    assert (
        main(
            ["district", "reflect", where, "--rate", "4a1", "--by", "Ms Rivera", "--level", "none"]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["district", "reflect", where, "--json"]) == 0
    leadership = json.loads(capsys.readouterr().out)["domains"][0]["elements"]
    team = next(e for e in leadership if e["code"] == "1a2")
    assert team["ratings"] == [{"member": "Dr Ortiz", "level": 3, "evidence": "Team meets weekly."}]
    assert team["agreed"] == {"level": 3, "evidence": ""}
    with new_desk.reopen(readonly=True) as again, again.session() as s:
        found = find_reflection(s)
        assert found is not None and sheet(s, found).element("4a1").ratings == ()


def test_bad_input_is_a_sentence_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.sipdistrict"
    with DeskDocument.create(path, district_name="Pine") as desk, desk.transaction() as s:
        r = start_reflection(s, TITLE, now=NOW)
        strength = add_note(s, r, 1, "strength", "Clear goals.", now=NOW)
        for bad, words in (
            (lambda: rate(s, r, "9z9", "A", 2, now=NOW), "not an element"),
            (lambda: rate(s, r, "1a1", "A", 5, now=NOW), "1, 2, 3 or 4"),
            (lambda: rate(s, r, "1a1", "  ", 2, now=NOW), "name is empty"),
            (lambda: rate(s, r, "1a1", "A", 2, "x" * 10_001, now=NOW), "longer than"),
            (lambda: agree(s, r, "1a1", 0, now=NOW), "1, 2, 3 or 4"),
            (lambda: add_note(s, r, 5, "weakness", "x", now=NOW), "no domain 5"),
            (lambda: add_note(s, r, 1, "weakness", " ", now=NOW), "Please write"),
            (lambda: link_note(s, strength, "practices", "2b"), "Only a weakness"),
        ):
            with pytest.raises(ReflectionError, match=words):
                bad()
        assert sheet(s, r).rated == 0
    assert school_year_title(dt.date(2027, 3, 1)) == "2026–27" == school_year_title(NOW.date())
    for argv, words in (
        (["reflect", str(path), "--rate", "1a1", "--level", "2"], "--by NAME"),
        (["reflect", str(path), "--rate", "1a1", "--by", "A"], "--level"),
        (["reflect", str(path), "--rate", "1a1", "--by", "A", "--level", "9"], "not a level"),
        (["reflect", str(path), "--agree", "1a1", "--by", "A", "--level", "2"], "team's"),
        (["reflect", str(path), "--title", "1999"], "no self-reflection called"),
        (["reflect", str(path), "-o", str(tmp_path / "x.txt")], "does not end in .pdf"),
        (["reflect", str(path), "--on", "2026-11-02", "Text", "--json"], "without --on"),
        (["reflect", str(path), "Text"], "--on DATE"),
    ):
        assert main(["district", *argv]) == 2, argv
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "x.txt").exists()
    # the check-in round's reflection is the same verb with --on, as before
    assert main(["district", "reflect", str(path), "--on", "2026-11-02", "Schedules."]) == 0
    assert "check-ins of 2 Nov 2026" in capsys.readouterr().out
