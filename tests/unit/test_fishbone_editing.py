"""What the canvas's keys, clicks and drags do to a fishbone, from its layout alone (no Qt)."""

from __future__ import annotations

import pytest

from sipdesk.diagrams import CategoryNode, CauseNode, FishboneInput, FishboneLayout, layout_fishbone
from sipdesk.diagrams.drop import category_drop, cause_drop, ghost_offset, subtree_ids
from sipdesk.diagrams.editing import (
    DRAFT_ID,
    CategoryMove,
    CauseMove,
    Draft,
    Target,
    category_ids,
    children_of,
    enter_draft,
    label_at,
    place_of,
    planned_move,
    selection_after_delete,
    shifted_draft,
)

# People: 11 (sub 111, 112 (sub 1121)), 12 · Process: 21, 22 · Places: (no causes)
PEOPLE = CategoryNode(
    1,
    "People",
    (
        CauseNode(
            11,
            "cause 11",
            children=(
                CauseNode(111, "cause 111"),
                CauseNode(112, "cause 112", children=(CauseNode(1121, "x"),)),
            ),
        ),
        CauseNode(12, "cause 12"),
    ),
)
PROCESS = CategoryNode(2, "Process", (CauseNode(21, "cause 21"), CauseNode(22, "cause 22")))
PLACES = CategoryNode(3, "Places")


def layout(*categories: CategoryNode) -> FishboneLayout:
    return layout_fishbone(FishboneInput("The problem", categories or (PEOPLE, PROCESS, PLACES)))


LAYOUT = layout()


def with_draft(category: CategoryNode, index: int) -> CategoryNode:
    """The category with a cause being typed at ``index`` on the bone itself."""
    causes = list(category.causes)
    causes.insert(index, CauseNode(DRAFT_ID, "typing"))
    return CategoryNode(category.id, category.name, tuple(causes))


# ------------------------------------------------------------------------- looking things up


def test_places_read_the_bones_and_their_lists_in_order() -> None:
    assert category_ids(LAYOUT) == [1, 2, 3]
    assert children_of(LAYOUT, 1, None) == [11, 12]
    assert children_of(LAYOUT, 1, 11) == [111, 112]
    assert children_of(LAYOUT, 3, None) == []
    assert children_of(LAYOUT, 99, None) == []
    place = place_of(LAYOUT, 112)
    assert (place.category_id, place.parent_id, place.siblings, place.index) == (
        1,
        11,
        (111, 112),
        1,
    )
    with pytest.raises(KeyError):
        place_of(LAYOUT, 99)


def test_a_label_being_typed_is_never_counted() -> None:
    typing = layout(with_draft(PEOPLE, 1), PROCESS, CategoryNode(DRAFT_ID, "new bone"))
    assert category_ids(typing) == [1, 2]
    assert children_of(typing, 1, None) == [11, 12]
    assert place_of(typing, 12).siblings == (11, 12)
    box = next(t.label for b in typing.bones for t in b.twigs if t.cause_id == DRAFT_ID)
    assert label_at(typing, *box.center, zoom=1.0) is None


def test_a_click_picks_a_label_or_a_line_within_a_few_screen_pixels() -> None:
    twig = next(t for t in LAYOUT.bones[1].twigs if t.cause_id == 21)
    assert label_at(LAYOUT, *twig.label.center, zoom=1.0) == ("cause", 21)
    assert label_at(LAYOUT, *LAYOUT.head.center, zoom=2.0) == ("problem", 0)
    # 3 units below the twig's line: picked at 100 % (the slop is 4 screen pixels), not when
    # zoomed in 4x (the slop is counted on the screen: 1 unit of the diagram then).
    seg = twig.segment
    assert seg.y1 == seg.y2  # a twig is level
    x, y = (seg.x1 + seg.x2) / 2, seg.y1 + 3
    assert label_at(LAYOUT, x, y, zoom=1.0) == ("cause", 21)
    assert label_at(LAYOUT, x, y, zoom=4.0) is None
    assert label_at(LAYOUT, -50, -50, zoom=1.0) is None


# ------------------------------------------------------------------------- Enter and Alt+arrows


@pytest.mark.parametrize(
    ("target", "shift", "expected"),
    [
        (("problem", 0), False, Draft("category", 3)),
        (("category", 1), False, Draft("cause", 2, 1, None)),  # at the end of the bone
        (("category", 1), True, Draft("category", 1)),  # a category after it
        (("category", 3), False, Draft("cause", 0, 3, None)),
        (("cause", 11), False, Draft("cause", 1, 1, None)),  # the next cause after it
        (("cause", 11), True, Draft("cause", 2, 1, 11)),  # its last sub-cause
        (("cause", 111), False, Draft("cause", 1, 1, 11)),
        (("cause", 1121), True, Draft("cause", 0, 1, 1121)),
    ],
)
def test_enter_starts_typing_where_the_selection_says(
    target: Target, shift: bool, expected: Draft
) -> None:
    assert enter_draft(LAYOUT, target, shift=shift) == expected


def test_alt_arrows_hang_the_cause_being_typed_under_the_one_above_or_take_it_out() -> None:
    typing = layout(with_draft(PEOPLE, 1), PROCESS, PLACES)
    draft = Draft("cause", 1, 1, None, "typed so far")
    under = shifted_draft(typing, draft, True)
    assert under == Draft("cause", 2, 1, 11, "typed so far")  # after 11's sub-causes
    assert shifted_draft(typing, Draft("cause", 0, 1, None), True) is None  # nothing above
    assert shifted_draft(typing, Draft("cause", 0, 3, None), True) is None  # an empty bone
    # Out a level: just after the cause it hung under.
    assert shifted_draft(LAYOUT, Draft("cause", 0, 1, 112, "t"), False) == Draft(
        "cause", 2, 1, 11, "t"
    )
    assert shifted_draft(LAYOUT, Draft("cause", 2, 1, 11), False) == Draft("cause", 1, 1, None)
    assert shifted_draft(LAYOUT, draft, False) is None  # on the bone already


# ------------------------------------------------------------------------- Ctrl+arrows


def test_ctrl_arrows_move_a_category_among_the_bones() -> None:
    assert planned_move(LAYOUT, ("category", 2), "left") == CategoryMove(2, 0)
    assert planned_move(LAYOUT, ("category", 2), "right") == CategoryMove(2, 2)
    assert planned_move(LAYOUT, ("category", 1), "left") is None
    assert planned_move(LAYOUT, ("category", 3), "right") is None
    assert planned_move(LAYOUT, ("category", 2), "up") is None
    assert planned_move(LAYOUT, ("problem", 0), "left") is None


def test_ctrl_arrows_move_a_cause_in_its_list_or_to_the_end_of_the_next_bone() -> None:
    assert planned_move(LAYOUT, ("cause", 12), "up") == CauseMove(12, 0, parent_id=None)
    assert planned_move(LAYOUT, ("cause", 111), "down") == CauseMove(111, 1, parent_id=11)
    assert planned_move(LAYOUT, ("cause", 11), "up") is None
    assert planned_move(LAYOUT, ("cause", 112), "down") is None
    assert planned_move(LAYOUT, ("cause", 11), "right") == CauseMove(11, 2, category_id=2)
    assert planned_move(LAYOUT, ("cause", 21), "right") == CauseMove(21, 0, category_id=3)
    assert planned_move(LAYOUT, ("cause", 1121), "left") is None  # no bone before People
    assert planned_move(LAYOUT, ("cause", 21), "left") == CauseMove(21, 2, category_id=1)


# ------------------------------------------------------------------------- Delete


def test_after_a_delete_the_next_label_in_the_list_is_selected() -> None:
    assert selection_after_delete(LAYOUT, ("cause", 21)) == ("cause", 22)
    assert selection_after_delete(LAYOUT, ("cause", 22)) == ("cause", 21)  # the last one
    assert selection_after_delete(LAYOUT, ("cause", 1121)) == ("cause", 112)  # its parent
    lone = layout(CategoryNode(5, "Lone", (CauseNode(50, "only"),)))
    assert selection_after_delete(lone, ("cause", 50)) == ("category", 5)  # its bone
    assert selection_after_delete(LAYOUT, ("category", 1)) == ("category", 2)
    assert selection_after_delete(LAYOUT, ("category", 3)) == ("category", 2)
    assert selection_after_delete(lone, ("category", 5)) == ("problem", 0)


# ------------------------------------------------------------------------- dragging


def test_a_dragged_label_shows_beside_the_pointer_not_under_it() -> None:
    box = LAYOUT.head
    dx, dy = ghost_offset(box, 300.0, 200.0)
    assert (box.x + dx, box.y + dy) == (300.0 + box.font_size, 200.0 + box.font_size)


def test_a_cause_drags_with_its_sub_causes_and_never_onto_them() -> None:
    assert subtree_ids(LAYOUT, 11) == {11, 111, 112, 1121}
    assert subtree_ids(LAYOUT, 12) == {12}
    box = {t.cause_id: t.label for bone in LAYOUT.bones for t in bone.twigs}
    assert cause_drop(LAYOUT, 11, *box[1121].center, 100) is None
    assert cause_drop(LAYOUT, 12, *LAYOUT.head.center, 100) is None
    # The middle of another cause's label: become its sub-cause
    drop = cause_drop(LAYOUT, 12, *box[21].center, 100)
    assert drop is not None and (drop.category_id, drop.parent_id, drop.index) == (2, 21, 0)
    assert drop.marker.box == box[21]
    # Far from every bone: nowhere
    assert cause_drop(LAYOUT, 12, -1000, -1000, 100) is None


def test_a_category_lands_among_the_bones_by_where_it_is_let_go() -> None:
    ends = [bone.segment.x2 for bone in LAYOUT.bones]
    first = category_drop(LAYOUT, 3, min(ends) - 10)
    assert first is not None and first.index == 0
    last = category_drop(LAYOUT, 1, max(ends) + 10)
    assert last is not None and last.index == 2
    assert category_drop(LAYOUT, 99, 0) is None
