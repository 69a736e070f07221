"""The rubric's own check (issue 13, item 6), the one a rubric file, the rubric on screen and a
school's expectations pack all get: a hostile value is one plain sentence that says where it is,
and the desk is not changed; what the command line prints with ``district rubric --json`` is a
rubric file it takes back as it is; a desk holding a hidden character from an earlier SIP Desk
still exports a pack a school can read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.rubric import (
    MAX_NAME,
    MAX_TEXT,
    Criterion,
    Level,
    RubricError,
    parse_rubric,
    rubric,
    set_rubric,
)
from sipdesk.services.expectations_pack import read_pack
from tests.plans import file_state


def _ours() -> dict[str, Any]:
    return {
        "criteria": [
            {
                "key": "alignment",
                "name": "Fits the district's goals",
                "description": "Each goal answers one of the district's.",
                "levels": [
                    {"level": 1, "name": "Not yet", "description": "No goal answers one."},
                    {"level": 2, "name": "Yes", "description": "Every goal answers one."},
                ],
            }
        ]
    }


def _desk(tmp_path: Path) -> Path:
    desk = tmp_path / "desk" / "d.sipdistrict"
    desk.parent.mkdir()
    assert main(["district", "new", str(desk), "--name", "Riverside Unified"]) == 0
    return desk


def _printed(capsys: pytest.CaptureFixture[str], desk: Path) -> Any:
    capsys.readouterr()
    assert main(["district", "rubric", str(desk), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


FITS = "“Fits the district's goals”"
SPOILED = [
    (
        ("name",),
        "",
        "the name of criterion 1 needs some words.",
        (0, None, "name"),
    ),
    (
        ("name",),
        "x" * (MAX_NAME + 1),
        f"the name of criterion 1 is {MAX_NAME + 1:,} characters long, and a rubric keeps at "
        f"most {MAX_NAME:,}. Please shorten it.",
        (0, None, "name"),
    ),
    (
        ("levels", 1, "description"),
        "y" * (MAX_TEXT + 5),
        f"the description of level 2 of {FITS} is {MAX_TEXT + 5:,} characters long, and a "
        f"rubric keeps at most {MAX_TEXT:,}. Please shorten it.",
        (0, 2, "description"),
    ),
    (
        ("levels", 0, "name"),
        "Not\x00yet",
        f"the name of level 1 of {FITS} has a hidden control character in it, often left by "
        "copying from another program. Please retype that part.",
        (0, 1, "name"),
    ),
    (
        ("description",),
        "Goals \x1b[1mfit\x1b[0m",
        f"the description of {FITS} has a hidden control character in it, often left by "
        "copying from another program. Please retype that part.",
        (0, None, "description"),
    ),
]


@pytest.mark.parametrize(("path", "value", "sentence", "place"), SPOILED)
def test_a_hostile_value_is_one_sentence_saying_where(
    path: tuple[Any, ...],
    value: str,
    sentence: str,
    place: tuple[int, int | None, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _ours()
    spot: Any = data["criteria"][0]
    for step in path[:-1]:
        spot = spot[step]
    spot[path[-1]] = value
    # On screen (no file named): the sentence on its own, and where it is.
    with pytest.raises(RubricError) as raised:
        parse_rubric(data, "")
    assert str(raised.value) == sentence[:1].upper() + sentence[1:]
    assert (raised.value.criterion, raised.value.level, raised.value.part) == place
    # From a file, through the command line: the same sentence about the file; desk untouched.
    desk = _desk(tmp_path)
    before = file_state(desk)
    bad = tmp_path / "ours.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["district", "rubric", str(desk), "--set", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"In “ours.json”, {sentence}"), err
    assert len(err.splitlines()) == 1
    assert file_state(desk) == before


def test_white_space_is_folded_and_tabs_and_new_lines_are_welcome() -> None:
    data = _ours()
    data["criteria"][0]["levels"][1]["description"] = "Every goal\r\n\tanswers\x0bone. "
    (criterion,) = parse_rubric(data, "")
    assert criterion.levels[1].description == "Every goal answers one."


def test_what_the_command_prints_it_takes_back_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps(_ours()), encoding="utf-8")
    assert main(["district", "rubric", str(desk), "--set", str(ours)]) == 0
    printed = _printed(capsys, desk)
    assert printed == _ours()
    printed["criteria"][0]["levels"][0]["description"] = "Not one goal answers the district's."
    ours.write_text(json.dumps(printed), encoding="utf-8")
    assert main(["district", "rubric", str(desk), "--set", str(ours)]) == 0
    assert _printed(capsys, desk) == printed


def test_a_hidden_character_already_in_a_desk_never_reaches_a_school(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    # Written straight into the desk, as no check of this SIP Desk would let it in.
    doc = DeskDocument.open(desk)
    with doc.transaction() as session:
        set_rubric(
            session,
            [
                Criterion(
                    "goals",
                    "Goals\x07",
                    "",
                    (Level(1, "Not\x1b yet", "Nothing\x00 yet."), Level(2, "Yes", "Done.")),
                )
            ],
        )
    with doc.session() as session:
        (criterion,) = rubric(session)
    doc.close()
    assert (criterion.name, criterion.levels[0].name) == ("Goals", "Not yet")
    assert criterion.levels[0].description == "Nothing yet."
    pack = tmp_path / "for schools.sipexpect"
    assert main(["district", "export-expectations", str(desk), "-o", str(pack)]) == 0
    assert read_pack(pack).rubric[0].levels[0].description == "Nothing yet."
