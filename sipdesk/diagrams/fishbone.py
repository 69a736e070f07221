"""Fishbone (Ishikawa) diagram geometry, computed once from plain data.

The canvas (Qt) and the PDF (reportlab) both draw a `FishboneLayout` exactly as given: they never
position anything themselves. All coordinates are in points, origin top-left, y pointing down.

Shape: the problem sits in a box at the right (the head); a horizontal spine runs from the left
to the head. Categories alternate above and below the spine; their bones slant toward the head
and meet the spine, the category label sitting at a bone's outer end. Causes are horizontal
twigs ending on the bone, each label sitting on its twig. Sub-causes hang below their parent:
each one is a short line from its label's lower right corner up to the parent twig (depth 1,
siblings at successive points along it) or to the lower end of the parent's own line (deeper).

Every `Segment` runs from its free end (x1, y1) to the end that rests on its parent (x2, y2):
a twig ends on its bone or parent twig, a bone ends on the spine.

Text is measured by the caller's `TextMeasure`, so measure and draw with the same font, one em
being ``font_size`` layout units. In reportlab that is simply the point size. A Qt scene counts
in pixels and Qt converts point sizes at the screen's logical dpi (usually 96), so use
``QFont.setPointSizeF(font_size * 72 / logical_dpi)``, else text overflows its box.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sipdesk.diagrams.text import Measurer

# TextMeasure, approx_measure and wrap_text live in diagrams/text.py and are named here too.
from sipdesk.diagrams.text import TextMeasure as TextMeasure
from sipdesk.diagrams.text import approx_measure as approx_measure
from sipdesk.diagrams.text import wrap_text as wrap_text
from sipdesk.models.walk import preorder

HitKind = Literal["category", "cause", "problem"]

PROBLEM_ID = 0
"""The id `hit_test` reports for the problem (head) box."""


# ---------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True, slots=True)
class CauseNode:
    """A cause; ``children`` are its sub-causes (any depth is laid out, depth 2 is typical)."""

    id: int
    text: str
    is_root: bool = False
    children: tuple[CauseNode, ...] = ()


@dataclass(frozen=True, slots=True)
class CategoryNode:
    """A category bone and the causes on it, in display order."""

    id: int
    name: str
    causes: tuple[CauseNode, ...] = ()


@dataclass(frozen=True, slots=True)
class FishboneInput:
    """A whole diagram: the problem (effect) and its categories, in display order."""

    problem: str
    categories: tuple[CategoryNode, ...] = ()


@dataclass(frozen=True, slots=True)
class LayoutStyle:
    """Sizes in points. Fonts are measured with the regular face: draw root causes with colour
    or an outline, not bold, or the text will outgrow its box."""

    problem_font_size: float = 14.0
    category_font_size: float = 12.0
    cause_font_size: float = 10.0
    sub_cause_font_size: float = 9.0
    line_spacing: float = 1.25  # line height as a multiple of the font size
    max_label_width: float = 180.0  # text width at which cause and category labels wrap
    max_problem_width: float = 160.0
    min_label_width: float = 24.0  # keeps an empty label visible and clickable
    label_padding: float = 3.0
    head_padding: float = 8.0
    min_head_width: float = 96.0
    min_head_height: float = 48.0
    bone_slope: float = 0.5  # horizontal run of a bone per point of height (about 63 degrees)
    spine_clearance: float = 14.0  # no label comes closer than this to the spine
    sub_gap: float = 3.0  # vertical space above a sub-cause label
    cause_gap: float = 9.0  # vertical space between two causes on a bone
    bone_gap: float = 8.0  # horizontal space between a label and its bone
    twig_overhang: float = 6.0  # how far a twig reaches past the start of its label
    sub_anchor: float = 8.0  # the first sub-cause line meets the parent twig this far past it
    sub_spread: float = 8.0  # and each further sibling's line this much farther along
    sub_indent: float = 12.0  # sub-cause labels end this far left of their parent's label
    bone_tip: float = 10.0  # bone length beyond its outermost cause
    min_bone_height: float = 60.0
    category_gap: float = 4.0  # between a bone tip and its category label
    column_gap: float = 24.0  # clearance between neighbouring bones' contents
    clearance: float = 4.0  # vertical clearance when checking neighbouring bones
    tail: float = 30.0  # spine left of the first bone
    head_gap: float = 24.0  # spine between the last bone and the head
    min_spine: float = 200.0
    margin: float = 20.0


# ---------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True, slots=True)
class Box:
    """A label: its rectangle and wrapped text.

    Text line ``i`` occupies the slot from ``y + padding + i * line_height``, ``line_height``
    tall, between ``x + padding`` and ``x + w - padding``, aligned as ``align`` says.
    """

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    font_size: float
    line_height: float = 0.0
    padding: float = 0.0
    align: Literal["left", "center"] = "left"

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @property
    def text(self) -> str:
        """The label's text as wrapped, one line per row."""
        return "\n".join(self.lines)

    def contains(self, px: float, py: float) -> bool:
        """True if the point lies inside the box or on its edge."""
        return self.x <= px <= self.x + self.w and self.y <= py <= self.y + self.h


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight line from the free end (x1, y1) to the end resting on the parent (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float

    def distance_to(self, px: float, py: float) -> float:
        """Shortest distance from the point to this segment."""
        dx, dy = self.x2 - self.x1, self.y2 - self.y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else ((px - self.x1) * dx + (py - self.y1) * dy) / length2
        t = min(1.0, max(0.0, t))
        return math.hypot(px - (self.x1 + t * dx), py - (self.y1 + t * dy))


@dataclass(frozen=True, slots=True)
class Twig:
    """A cause (depth 0) or sub-cause (depth >= 1) with its line and label."""

    cause_id: int
    parent_id: int | None
    depth: int
    segment: Segment
    label: Box
    is_root: bool


@dataclass(frozen=True, slots=True)
class Bone:
    """A category: its slanted bone, its label at the outer end, its causes in pre-order."""

    category_id: int
    segment: Segment
    label: Box
    twigs: tuple[Twig, ...]
    above: bool  # True if the bone is above the spine


@dataclass(frozen=True, slots=True)
class FishboneLayout:
    """The whole diagram, inside ``0 <= x <= width`` and ``0 <= y <= height``."""

    width: float
    height: float
    head: Box
    spine: Segment
    bones: tuple[Bone, ...] = ()


# ---------------------------------------------------------------------------------------------
# Layout drafts: mutable, in a bone's local frame (its spine point at the origin).


class _Row:
    """One cause or sub-cause label while its bone is being laid out."""

    __slots__ = (
        "ax",
        "ay",
        "depth",
        "h",
        "lines",
        "node",
        "parent",
        "size",
        "sx",
        "sy",
        "w",
        "x",
        "y",
    )

    def __init__(
        self,
        node: CauseNode,
        depth: int,
        parent: int,
        lines: tuple[str, ...],
        size: float,
        w: float,
        h: float,
    ) -> None:
        self.node = node
        self.depth = depth
        self.parent = parent  # index of the parent row, -1 for a cause
        self.lines = lines
        self.size = size
        self.w = w
        self.h = h
        self.x = 0.0
        self.y = 0.0
        self.sx = self.sy = self.ax = self.ay = 0.0  # twig: free end (s), attached end (a)


class _BoneDraft:
    __slots__ = (
        "above",
        "cat_h",
        "cat_lines",
        "cat_w",
        "cat_x",
        "cat_y",
        "category",
        "items",
        "max_x",
        "max_y",
        "min_x",
        "min_y",
        "profile",
        "rows",
        "tip_x",
        "tip_y",
    )

    def __init__(self, category: CategoryNode, above: bool) -> None:
        self.category = category
        self.above = above
        self.rows: list[_Row] = []
        self.cat_lines: tuple[str, ...] = ("",)
        self.cat_x = self.cat_y = self.cat_w = self.cat_h = 0.0
        self.tip_x = self.tip_y = 0.0
        # For packing bones side by side, in sheared coordinates u = x + slope * distance,
        # where distance is measured from the spine: every bone becomes a vertical line u = 0.
        # items: (near distance, far distance, smallest u) of everything left of the bone.
        # profile: (near distance, far distance, largest u) of what reaches rightwards.
        self.items: list[tuple[float, float, float]] = []
        self.profile: list[tuple[float, float, float]] = []
        self.min_x = self.max_x = self.min_y = self.max_y = 0.0


def _distances(y0: float, y1: float) -> tuple[float, float]:
    """Near and far distance from the spine (y = 0) of the band y0..y1 on one side of it."""
    return (y0, y1) if y0 >= 0 else (-y1, -y0)


def _sub_causes(node: CauseNode) -> tuple[CauseNode, ...]:
    return node.children


def _draft_bone(cat: CategoryNode, above: bool, m: Measurer, st: LayoutStyle) -> _BoneDraft:
    d = _BoneDraft(cat, above)
    k = st.bone_slope
    pad = st.label_padding
    rows = d.rows

    # The shared iterative walk: a file may hold a very deep chain. In pre-order a row's
    # parent is the last row seen one level up.
    last_at: list[int] = []  # index of the latest row at each depth
    for node, depth in preorder(cat.causes, _sub_causes):
        del last_at[depth:]
        parent = last_at[depth - 1] if depth else -1
        size = st.cause_font_size if depth == 0 else st.sub_cause_font_size
        lines, text_w = m.wrap(node.text, size, st.max_label_width)
        w = max(text_w + 2 * pad, st.min_label_width)
        h = len(lines) * size * st.line_spacing + 2 * pad
        index = len(rows)
        rows.append(_Row(node, depth, parent, lines, size, w, h))
        last_at.append(index)

    # Stack the rows top to bottom in reading order, then put the stack on its side of the spine.
    cursor = 0.0
    for i, row in enumerate(rows):
        if i:
            cursor += st.cause_gap if row.depth == 0 else st.sub_gap
        row.y = cursor
        cursor += row.h
    height = cursor
    offset = -(st.spine_clearance + height) if above else st.spine_clearance
    for row in rows:
        row.y += offset

    def bone_x(y: float) -> float:
        return -k * abs(y)

    # Lay out each cause with its sub-causes as a unit, its right end at x = 0, then slide the
    # unit right until its tightest point is bone_gap from the bone.
    siblings = [0] * len(rows)  # sub-causes of each row placed so far
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and rows[end].depth > 0:
            end += 1
        slack = math.inf
        for i in range(start, end):
            row = rows[i]
            bottom = row.y + row.h
            if row.depth == 0:
                right = 0.0
                row.ay = bottom
            else:
                up = rows[row.parent]
                right = up.x + up.w - st.sub_indent
                row.sx, row.sy = right, bottom
                if row.depth == 1:
                    # Siblings meet the twig at distinct points, left to right in order, so
                    # their lines stay apart and never cross (each ends before the next one).
                    row.ax = up.x + up.w + st.sub_anchor + st.sub_spread * siblings[row.parent]
                    siblings[row.parent] += 1
                    row.ay = up.y + up.h
                    slack = min(slack, bone_x(row.ay) - st.bone_gap - row.ax)
                else:
                    row.ax, row.ay = up.sx, up.sy
            row.x = right - row.w
            # The bone comes closest to a label at the label's edge farther from the spine.
            far = -row.y if above else bottom
            slack = min(slack, -k * far - st.bone_gap - right)
        for i in range(start, end):
            row = rows[i]
            row.x += slack
            if row.depth == 0:
                row.sx, row.sy = row.x - st.twig_overhang, row.y + row.h
                row.ax = bone_x(row.ay)
            else:
                row.sx += slack
                row.ax += slack
        start = end

    # The bone, its tip beyond the outermost cause, and the category label past the tip.
    reach = max(st.spine_clearance + height + st.bone_tip, st.min_bone_height)
    d.tip_x = -k * reach
    d.tip_y = -reach if above else reach
    size = st.category_font_size
    d.cat_lines, text_w = m.wrap(cat.name, size, st.max_label_width)
    d.cat_w = max(text_w + 2 * pad, st.min_label_width)
    d.cat_h = len(d.cat_lines) * size * st.line_spacing + 2 * pad
    d.cat_x = d.tip_x - d.cat_w / 2
    d.cat_y = d.tip_y - st.category_gap - d.cat_h if above else d.tip_y + st.category_gap

    # Packing data and the local bounding box.
    min_x = min(d.tip_x, d.cat_x)
    for row in rows:
        near, far = _distances(row.y, row.y + row.h)
        left = min(row.x, row.sx)
        min_x = min(min_x, left)
        d.items.append((near, far, left + k * near))
    near, far = _distances(d.cat_y, d.cat_y + d.cat_h)
    d.items.append((near, far, d.cat_x + k * near))
    d.items.append((0.0, reach, 0.0))
    d.profile.append((0.0, reach, 0.0))
    d.profile.append((near, far, d.cat_x + d.cat_w + k * far))
    d.min_x = min_x
    d.max_x = max(0.0, d.cat_x + d.cat_w)
    d.min_y = d.cat_y if above else 0.0
    d.max_y = 0.0 if above else d.cat_y + d.cat_h
    return d


def _pack(drafts: list[_BoneDraft], st: LayoutStyle) -> list[float]:
    """Spine x of each bone. Bones come in columns (one above, one below); each column moves
    right just far enough that nothing in it reaches anything already placed on its side."""
    attach: list[float] = []
    profiles: tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]] = ([], [])
    gap, clear = st.column_gap, st.clearance
    for c in range(0, len(drafts), 2):
        column = drafts[c : c + 2]
        need = attach[-1] + gap if attach else 0.0
        for d in column:
            profile = profiles[0 if d.above else 1]
            for near, far, u_min in d.items:
                for p_near, p_far, u_max in profile:
                    if near < p_far + clear and p_near < far + clear:
                        need = max(need, u_max - u_min + gap)
        for d in column:
            profile = profiles[0 if d.above else 1]
            reach = d.profile[0][1]
            # Whatever this bone covers and reaches no further right is hidden behind it:
            # drop it so the profile stays a handful of entries however many bones there are.
            profile[:] = [e for e in profile if not (e[1] <= reach and e[2] <= need - gap)]
            profile.extend((near, far, u + need) for near, far, u in d.profile)
        attach.extend(need for _ in column)
    return attach


def layout_fishbone(
    data: FishboneInput,
    measure: TextMeasure = approx_measure,
    style: LayoutStyle = LayoutStyle(),
) -> FishboneLayout:
    """Lay out a fishbone diagram.

    Deterministic: the same input, measurer and style give an equal layout. Labels never
    overlap each other or the head; every label lies inside ``width`` x ``height``.
    """
    st = style
    m = Measurer(measure)
    drafts = [_draft_bone(cat, i % 2 == 0, m, st) for i, cat in enumerate(data.categories)]
    attach = _pack(drafts, st)

    # The head: right of everything that reaches within its height of the spine.
    size = st.problem_font_size
    head_lines, text_w = m.wrap(data.problem, size, st.max_problem_width)
    head_w = max(text_w + 2 * st.head_padding, st.min_head_width)
    head_h = max(len(head_lines) * size * st.line_spacing + 2 * st.head_padding, st.min_head_height)
    head_x = 0.0
    spine_x = -st.tail
    if drafts:
        head_x = attach[-1] + st.head_gap
        spine_x = min(
            attach[0] - st.tail, min(a + d.tip_x for a, d in zip(attach, drafts, strict=True))
        )
        reach = head_h / 2 + st.clearance
        for a, d in zip(attach, drafts, strict=True):
            for near, _far, u_max in d.profile:
                if near < reach:
                    head_x = max(head_x, a + u_max + st.head_gap)
    head_x = max(head_x, spine_x + st.min_spine)

    # Translate so the top-left of the content sits at the margin.
    min_x = min([spine_x] + [a + d.min_x for a, d in zip(attach, drafts, strict=True)])
    max_x = head_x + head_w
    for a, d in zip(attach, drafts, strict=True):
        max_x = max(max_x, a + d.max_x)
    min_y = min([-head_h / 2] + [d.min_y for d in drafts])
    max_y = max([head_h / 2] + [d.max_y for d in drafts])
    dx = st.margin - min_x
    dy = st.margin - min_y

    bones = tuple(_materialize(d, a + dx, dy, st) for a, d in zip(attach, drafts, strict=True))
    head = Box(
        head_x + dx,
        dy - head_h / 2,
        head_w,
        head_h,
        head_lines,
        size,
        size * st.line_spacing,
        st.head_padding,
        "center",
    )
    return FishboneLayout(
        width=max_x - min_x + 2 * st.margin,
        height=max_y - min_y + 2 * st.margin,
        head=head,
        spine=Segment(spine_x + dx, dy, head_x + dx, dy),
        bones=bones,
    )


def _materialize(d: _BoneDraft, ox: float, oy: float, st: LayoutStyle) -> Bone:
    """Freeze a bone draft, moved by (ox, oy)."""
    pad, spacing = st.label_padding, st.line_spacing
    rows = d.rows
    twigs = tuple(
        Twig(
            cause_id=r.node.id,
            parent_id=rows[r.parent].node.id if r.parent >= 0 else None,
            depth=r.depth,
            segment=Segment(r.sx + ox, r.sy + oy, r.ax + ox, r.ay + oy),
            label=Box(r.x + ox, r.y + oy, r.w, r.h, r.lines, r.size, r.size * spacing, pad),
            is_root=r.node.is_root,
        )
        for r in rows
    )
    size = st.category_font_size
    label = Box(
        d.cat_x + ox,
        d.cat_y + oy,
        d.cat_w,
        d.cat_h,
        d.cat_lines,
        size,
        size * spacing,
        pad,
        "center",
    )
    return Bone(
        category_id=d.category.id,
        segment=Segment(d.tip_x + ox, d.tip_y + oy, ox, oy),
        label=label,
        twigs=twigs,
        above=d.above,
    )


# ---------------------------------------------------------------------------------------------
# Queries


def iter_labels(layout: FishboneLayout) -> Iterator[tuple[HitKind, int, Box]]:
    """Every label with what it names: the head, then each bone's label and its twigs."""
    yield "problem", PROBLEM_ID, layout.head
    for bone in layout.bones:
        yield "category", bone.category_id, bone.label
        for twig in bone.twigs:
            yield "cause", twig.cause_id, twig.label


def all_labels(layout: FishboneLayout) -> list[Box]:
    """Every label box: the head first, then each bone's label followed by its twigs'."""
    return [box for _kind, _id, box in iter_labels(layout)]


def hit_test(
    layout: FishboneLayout, x: float, y: float, tolerance: float = 3.0
) -> tuple[HitKind, int] | None:
    """What is at (x, y): a label, else a twig or bone line within ``tolerance``, else None.

    The problem is reported as ``("problem", PROBLEM_ID)``.
    """
    for kind, ident, box in iter_labels(layout):
        if box.contains(x, y):
            return kind, ident
    # Twigs before bones: a twig ends on its bone, and there the smaller thing is meant.
    best: tuple[HitKind, int] | None = None
    best_distance = tolerance
    for bone in layout.bones:
        for twig in bone.twigs:
            distance = twig.segment.distance_to(x, y)
            if distance <= best_distance:
                best, best_distance = ("cause", twig.cause_id), distance
    if best is not None:
        return best
    for bone in layout.bones:
        distance = bone.segment.distance_to(x, y)
        if distance <= best_distance:
            best, best_distance = ("category", bone.category_id), distance
    return best
