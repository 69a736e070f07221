"""Where a dragged cause or category would land, worked out from the layout alone (no Qt).

The answer names the list the item joins and its index in that list *without* the dragged
item, which is what :func:`sipdesk.services.root_causes.move_cause` expects, plus a marker
for the canvas to draw (a line between items, or a box around the new parent).
"""

from __future__ import annotations

from dataclasses import dataclass

from sipdesk.diagrams.fishbone import Bone, Box, FishboneLayout, Twig

# Dropping on the middle of a cause's label makes the dragged cause its sub-cause; the top
# and bottom bands put it before or after.
_CHILD_BAND = (0.3, 0.7)


@dataclass(frozen=True)
class Marker:
    """A line (x1, y1, x2, y2) between items, or ``box`` around a new parent."""

    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    box: Box | None = None


@dataclass(frozen=True)
class CauseDrop:
    category_id: int
    parent_id: int | None
    index: int
    marker: Marker


@dataclass(frozen=True)
class CategoryDrop:
    index: int
    marker: Marker


def subtree_ids(layout: FishboneLayout, cause_id: int) -> set[int]:
    """The cause and all its sub-causes (contiguous after it in a bone's pre-order)."""
    for bone in layout.bones:
        twigs = bone.twigs
        for i, twig in enumerate(twigs):
            if twig.cause_id != cause_id:
                continue
            found = {cause_id}
            for later in twigs[i + 1 :]:
                if later.depth <= twig.depth:
                    break
                found.add(later.cause_id)
            return found
    return set()


def _bone_of(layout: FishboneLayout, cause_id: int) -> Bone | None:
    for bone in layout.bones:
        if any(t.cause_id == cause_id for t in bone.twigs):
            return bone
    return None


def _children(bone: Bone, parent_id: int | None, skip: set[int]) -> list[Twig]:
    return [t for t in bone.twigs if t.parent_id == parent_id and t.cause_id not in skip]


def _subtree_bottom(bone: Bone, twig: Twig) -> float:
    bottom = twig.label.bottom
    start = bone.twigs.index(twig)
    for later in bone.twigs[start + 1 :]:
        if later.depth <= twig.depth:
            break
        bottom = max(bottom, later.label.bottom)
    return bottom


def cause_drop(
    layout: FishboneLayout, cause_id: int, x: float, y: float, reach: float
) -> CauseDrop | None:
    """Where cause ``cause_id`` lands if dropped at (x, y); None where it cannot go.

    ``reach`` is how far from a bone, in layout units, a drop still counts for that bone.
    """
    moving = subtree_ids(layout, cause_id)
    for bone in layout.bones:
        if bone.label.contains(x, y):
            top = _children(bone, None, moving)
            return CauseDrop(bone.category_id, None, len(top), Marker(box=bone.label))
        for twig in bone.twigs:
            if not twig.label.contains(x, y):
                continue
            if twig.cause_id in moving or twig.cause_id < 0:
                return None
            box = twig.label
            share = (y - box.y) / box.h if box.h else 0.5
            if _CHILD_BAND[0] <= share <= _CHILD_BAND[1]:
                kids = _children(bone, twig.cause_id, moving)
                return CauseDrop(bone.category_id, twig.cause_id, len(kids), Marker(box=box))
            siblings = _children(bone, twig.parent_id, moving)
            index = siblings.index(twig)
            if share > _CHILD_BAND[1]:
                line_y = _subtree_bottom(bone, twig) + 2
                index += 1
            else:
                line_y = box.y - 2
            marker = Marker(box.x, line_y, box.right, line_y)
            return CauseDrop(bone.category_id, twig.parent_id, index, marker)
    if layout.head.contains(x, y):
        return None
    # Off any label: the nearest bone, at the point of its list nearest the pointer.
    best: Bone | None = None
    best_distance = reach
    for bone in layout.bones:
        distance = bone.segment.distance_to(x, y)
        if distance <= best_distance:
            best, best_distance = bone, distance
    if best is None:
        return None
    top = _children(best, None, moving)
    index = sum(1 for t in top if t.label.center[1] < y)
    seg = best.segment
    if not top:
        return CauseDrop(best.category_id, None, 0, Marker(box=best.label))
    if index < len(top):
        label = top[index].label
        line_y = label.y - 2
    else:
        label = top[-1].label
        line_y = _subtree_bottom(best, top[-1]) + 2
    # From the label's left edge to the bone at that height.
    t = (line_y - seg.y1) / (seg.y2 - seg.y1) if seg.y2 != seg.y1 else 0.0
    bone_x = seg.x1 + t * (seg.x2 - seg.x1)
    return CauseDrop(best.category_id, None, index, Marker(label.x, line_y, bone_x, line_y))


def category_drop(layout: FishboneLayout, category_id: int, x: float) -> CategoryDrop | None:
    """Where category ``category_id`` lands if dropped at horizontal position ``x``."""
    others = [b for b in layout.bones if b.category_id != category_id]
    if len(others) == len(layout.bones):
        return None
    index = sum(1 for b in others if b.segment.x2 < x)
    spine_y = layout.spine.y1
    if index < len(others):
        line_x = others[index].segment.x2 - 6
    elif others:
        line_x = others[-1].segment.x2 + 6
    else:
        line_x = x
    half = layout.head.h
    return CategoryDrop(index, Marker(line_x, spine_y - half, line_x, spine_y + half))


def ghost_offset(box: Box, x: float, y: float) -> tuple[float, float]:
    """How far to move a dragged label's picture from where the layout put it, for a pointer
    at (x, y): to beside the pointer, one text height down and right, not under it, so the
    place it would land stays readable."""
    gap = box.font_size
    return x + gap - box.x, y + gap - box.y
