"""Arrow keys on a fishbone follow its structure: bones, causes, sub-causes (no Qt)."""

from __future__ import annotations

from typing import Any

import pytest

from sipdesk.diagrams.navigation import PROBLEM, Move, outline_of, step


def cause(ident: int, *subs: dict[str, Any]) -> dict[str, Any]:
    return {"id": ident, "text": f"cause {ident}", "causes": list(subs)}


# People: 11 (sub 111, 112 (sub 1121)), 12 · Process: 21, 22, 23 · Places: (no causes)
FISHBONE = {
    "id": 1,
    "categories": [
        {
            "id": 1,
            "name": "People",
            "causes": [cause(11, cause(111), cause(112, cause(1121))), cause(12)],
        },
        {"id": 2, "name": "Process", "causes": [cause(21), cause(22), cause(23)]},
        {"id": 3, "name": "Places", "causes": []},
    ],
}
OUTLINE = outline_of(FISHBONE)


def walk(start: Any, moves: list[Move]) -> list[Any]:
    path, here = [], start
    for move in moves:
        here = step(OUTLINE, here, move)
        path.append(here)
    return path


def test_down_reads_one_bone_in_order_and_stops_at_its_end() -> None:
    assert walk(("category", 1), ["down"] * 7) == [
        ("cause", 11),
        ("cause", 111),
        ("cause", 112),
        ("cause", 1121),
        ("cause", 12),
        ("cause", 12),  # the last cause on the bone: Down stays, never jumps to another bone
        ("cause", 12),
    ]


def test_up_is_the_reverse_of_down_and_ends_on_the_bone() -> None:
    assert walk(("cause", 12), ["up"] * 6) == [
        ("cause", 1121),
        ("cause", 112),
        ("cause", 111),
        ("cause", 11),
        ("category", 1),
        ("category", 1),
    ]


def test_left_and_right_go_between_bones_at_the_same_place() -> None:
    # from the second cause on People to the second on Process, then on to an empty bone
    assert walk(("cause", 12), ["right", "right", "left", "left"]) == [
        ("cause", 22),
        ("category", 3),
        ("category", 2),
        ("category", 1),
    ]
    # a sub-cause counts at the place of the cause it hangs under
    assert step(OUTLINE, ("cause", 1121), "right") == ("cause", 21)
    # the place is kept as near as the other bone allows
    assert step(OUTLINE, ("cause", 23), "left") == ("cause", 12)


def test_the_head_and_the_ends_of_the_spine() -> None:
    assert step(OUTLINE, None, "down") == PROBLEM
    assert walk(PROBLEM, ["right", "left", "left"]) == [
        ("category", 1),
        ("category", 1),
        ("category", 1),
    ]
    assert step(OUTLINE, PROBLEM, "left") == ("category", 3)
    assert step(OUTLINE, ("category", 3), "right") == PROBLEM
    assert step(OUTLINE, PROBLEM, "up") == PROBLEM
    assert step(OUTLINE, ("cause", 1121), "home") == PROBLEM


def test_esc_goes_up_a_level_and_into_goes_down_one() -> None:
    assert walk(("cause", 1121), ["out", "out", "out", "out"]) == [
        ("cause", 112),
        ("cause", 11),
        ("category", 1),
        PROBLEM,
    ]
    assert walk(PROBLEM, ["into", "into", "into", "into"]) == [
        ("category", 1),
        ("cause", 11),
        ("cause", 111),
        ("cause", 111),  # no sub-causes: stays
    ]


def test_a_target_gone_from_the_diagram_starts_again_at_the_head() -> None:
    assert step(OUTLINE, ("cause", 999), "down") == PROBLEM
    assert step(outline_of(None), ("category", 1), "left") == PROBLEM


@pytest.mark.parametrize("move", ["up", "down", "left", "right", "out", "into", "home"])
def test_an_empty_fishbone_keeps_the_head(move: Move) -> None:
    empty = outline_of({"id": 1, "categories": []})
    assert step(empty, PROBLEM, move) == PROBLEM


def test_a_very_deep_chain_is_walked_without_recursion() -> None:
    deep = cause(5000)
    for ident in range(4999, 999, -1):
        deep = cause(ident, deep)
    outline = outline_of({"id": 1, "categories": [{"id": 1, "causes": [deep]}]})
    assert len(outline.reading[1]) == 4001
    assert step(outline, ("cause", 5000), "right") == PROBLEM
