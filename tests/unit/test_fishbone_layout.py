"""Fishbone geometry: labels never collide, lines attach where they should, output is stable."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.diagrams import (
    PROBLEM_ID,
    Box,
    CategoryNode,
    CauseNode,
    FishboneInput,
    FishboneLayout,
    LayoutStyle,
    Segment,
    TextMeasure,
    Twig,
    all_labels,
    approx_measure,
    hit_test,
    layout_fishbone,
    wrap_text,
)

EPS = 1e-6

# ---------------------------------------------------------------------------------------------
# Building inputs


def _wide_measure(text: str, size: float) -> float:
    """A measurer unlike the default: 'm' and 'w' are wide, 'i' and 'l' are thin."""
    widths = {"m": 0.9, "w": 0.85, "i": 0.25, "l": 0.25, " ": 0.3}
    return sum(widths.get(ch, 1.0 if ord(ch) > 0x2E80 else 0.6) for ch in text) * size


ShapeCause = tuple[str, bool, list[tuple[str, list[str]]]]
Shape = tuple[str, list[tuple[str, list[ShapeCause]]]]


def _build(shape: Shape) -> FishboneInput:
    """Number a nested shape (problem, categories → causes → sub-causes → sub-sub-causes)."""
    ids = iter(range(1, 1_000_000))
    categories = []
    for name, causes in shape[1]:
        category_id = next(ids)
        nodes = []
        for text, is_root, subs in causes:
            cause_id = next(ids)
            children = []
            for sub_text, leaves in subs:
                sub_id = next(ids)
                grand = tuple(CauseNode(next(ids), leaf) for leaf in leaves)
                children.append(CauseNode(sub_id, sub_text, children=grand))
            nodes.append(CauseNode(cause_id, text, is_root, tuple(children)))
        categories.append(CategoryNode(category_id, name, tuple(nodes)))
    return FishboneInput(shape[0], tuple(categories))


def _sample(categories: int = 6, causes: int = 5, subs: int = 2) -> FishboneInput:
    shape: Shape = (
        "Grade 3 reading proficiency fell from 62% to 48% over two years",
        [
            (
                f"Category {c}",
                [
                    (
                        f"Cause {c}.{k} with a few words to wrap around",
                        k == 0,
                        [
                            (f"sub-cause {c}.{k}.{s}", ["deeper"] if s == 0 else [])
                            for s in range(subs)
                        ],
                    )
                    for k in range(causes)
                ],
            )
            for c in range(categories)
        ],
    )
    return _build(shape)


_WORDS = st.sampled_from(
    ["time", "staff", "data", "reading", "attendance", "schedule", "a", "of", "the", "PLC"]
)
_SHORT = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)
_LONG = st.lists(_WORDS, min_size=8, max_size=40).map(" ".join)
_UNBROKEN = st.integers(40, 120).map(lambda n: "x" * n)
_CJK = st.text(alphabet="学校の読解力が低下している教員研修時間不足。、", min_size=1, max_size=60)
_MIXED = st.tuples(_SHORT, _CJK, _SHORT).map(" ".join)
TEXTS = st.one_of(st.just(""), st.just("   "), _SHORT, _LONG, _UNBROKEN, _CJK, _MIXED)
SHORT_TEXTS = st.one_of(st.just(""), _SHORT)

MEASURES: list[TextMeasure] = [approx_measure, _wide_measure]


def _shapes(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Shape]:
    leaves = st.lists(texts, max_size=2)
    subs = st.lists(st.tuples(texts, leaves), max_size=3)
    causes = st.lists(st.tuples(texts, st.booleans(), subs), max_size=12)
    categories = st.lists(st.tuples(texts, causes), max_size=8)
    return st.tuples(texts, categories)


# ---------------------------------------------------------------------------------------------
# Geometry checks


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.x + b.w - EPS
        and b.x < a.x + a.w - EPS
        and a.y < b.y + b.h - EPS
        and b.y < a.y + a.h - EPS
    )


def _overlapping_pairs(boxes: list[Box]) -> Iterator[tuple[Box, Box]]:
    """Sweep along x so dense layouts stay cheap to check."""
    ordered = sorted(boxes, key=lambda b: b.x)
    active: list[Box] = []
    for box in ordered:
        active = [a for a in active if a.x + a.w > box.x + EPS]
        for other in active:
            if _overlap(box, other):
                yield box, other
        active.append(box)


def _crosses(seg: Segment, box: Box, shrink: float = 0.5) -> bool:
    """True if the segment passes through the box's interior (edges and corners may touch)."""
    x0, y0 = box.x + shrink, box.y + shrink
    x1, y1 = box.x + box.w - shrink, box.y + box.h - shrink
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = seg.x2 - seg.x1, seg.y2 - seg.y1
    for p, q in ((-dx, seg.x1 - x0), (dx, x1 - seg.x1), (-dy, seg.y1 - y0), (dy, y1 - seg.y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t0 < t1


def _on_segment(x: float, y: float, seg: Segment, tol: float = 1e-6) -> bool:
    return seg.distance_to(x, y) <= tol


def _all_segments(layout: FishboneLayout) -> list[Segment]:
    segments = [layout.spine]
    for bone in layout.bones:
        segments.append(bone.segment)
        segments.extend(twig.segment for twig in bone.twigs)
    return segments


def _lines_crossing_labels(layout: FishboneLayout) -> list[tuple[Segment, Box]]:
    cell = 64.0
    grid: dict[tuple[int, int], list[Box]] = {}
    for box in all_labels(layout):
        for i in range(int(box.x // cell), int((box.x + box.w) // cell) + 1):
            for j in range(int(box.y // cell), int((box.y + box.h) // cell) + 1):
                grid.setdefault((i, j), []).append(box)
    found = []
    for seg in _all_segments(layout):
        seen: set[int] = set()
        for i in range(int(min(seg.x1, seg.x2) // cell), int(max(seg.x1, seg.x2) // cell) + 1):
            for j in range(int(min(seg.y1, seg.y2) // cell), int(max(seg.y1, seg.y2) // cell) + 1):
                for box in grid.get((i, j), ()):
                    if id(box) not in seen:
                        seen.add(id(box))
                        if _crosses(seg, box):
                            found.append((seg, box))
    return found


def _causes(nodes: tuple[CauseNode, ...]) -> Iterator[CauseNode]:
    for node in nodes:
        yield node
        yield from _causes(node.children)


def assert_sound(data: FishboneInput, layout: FishboneLayout) -> None:
    """Everything the canvas and the PDF rely on."""
    labels = all_labels(layout)

    # Inside the layout's bounds.
    for box in labels:
        assert box.w > 0 and box.h > 0
        assert box.x >= -EPS and box.y >= -EPS, box
        assert box.x + box.w <= layout.width + EPS, box
        assert box.y + box.h <= layout.height + EPS, box
    for seg in _all_segments(layout):
        for x, y in ((seg.x1, seg.y1), (seg.x2, seg.y2)):
            assert -EPS <= x <= layout.width + EPS and -EPS <= y <= layout.height + EPS

    # No label on another (the head is one of the labels), and no line through a label.
    assert list(_overlapping_pairs(labels)) == []
    assert _lines_crossing_labels(layout) == []

    # Each category and cause exactly once, in input order.
    assert [b.category_id for b in layout.bones] == [c.id for c in data.categories]
    for category, bone in zip(data.categories, layout.bones, strict=True):
        expected = [node.id for node in _causes(category.causes)]
        assert [t.cause_id for t in bone.twigs] == expected
    all_ids = Counter(t.cause_id for b in layout.bones for t in b.twigs)
    assert all(count == 1 for count in all_ids.values())

    # The spine runs into the head's left edge; bones end on the spine, left of the head.
    spine = layout.spine
    assert spine.y1 == spine.y2
    assert math.isclose(spine.x2, layout.head.x)
    assert layout.head.y < spine.y1 < layout.head.y + layout.head.h
    for index, bone in enumerate(layout.bones):
        assert _on_segment(bone.segment.x2, bone.segment.y2, spine)
        assert bone.segment.x1 <= bone.segment.x2, "bones slant toward the head"
        above = index % 2 == 0
        assert bone.above == above
        assert (bone.segment.y1 < spine.y1) == above
        assert (bone.label.y + bone.label.h <= spine.y1) == above

    # Twigs attach: causes to their bone, sub-causes to their parent's twig.
    for bone in layout.bones:
        by_id: dict[int, Twig] = {}
        for twig in bone.twigs:
            by_id[twig.cause_id] = twig
            end = (twig.segment.x2, twig.segment.y2)
            if twig.parent_id is None:
                assert twig.depth == 0
                assert _on_segment(*end, bone.segment), twig
                # The label sits on its horizontal twig.
                seg = twig.segment
                assert seg.y1 == seg.y2 == twig.label.y + twig.label.h
                assert seg.x1 <= twig.label.x and twig.label.x + twig.label.w < seg.x2
            else:
                parent = by_id[twig.parent_id]
                assert twig.depth == parent.depth + 1
                assert _on_segment(*end, parent.segment), twig
                # The line starts at the label's lower right corner.
                assert math.isclose(twig.segment.x1, twig.label.x + twig.label.w)
                assert math.isclose(twig.segment.y1, twig.label.y + twig.label.h)


# ---------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=_shapes(SHORT_TEXTS), measure=st.sampled_from(MEASURES))
def test_short_labels_never_collide(shape: Shape, measure: TextMeasure) -> None:
    # Given any fishbone up to 8 categories x 12 causes with short labels
    data = _build(shape)
    # When it is laid out
    layout = layout_fishbone(data, measure)
    # Then it is sound
    assert_sound(data, layout)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=_shapes(TEXTS), measure=st.sampled_from(MEASURES))
def test_long_wrapped_and_cjk_labels_never_collide(shape: Shape, measure: TextMeasure) -> None:
    data = _build(shape)
    layout = layout_fishbone(data, measure)
    assert_sound(data, layout)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=_shapes(TEXTS))
def test_layout_is_deterministic(shape: Shape) -> None:
    # Given the same diagram built twice from scratch
    first, second = _build(shape), _build(shape)
    # Then both layouts are equal, field by field
    assert layout_fishbone(first) == layout_fishbone(second)


def test_full_sample_is_sound_and_repeatable() -> None:
    data = _sample(categories=8, causes=12, subs=3)
    layout = layout_fishbone(data)
    assert_sound(data, layout)
    assert layout_fishbone(data) == layout


@pytest.mark.parametrize(
    "style",
    [
        LayoutStyle(bone_slope=0.0),
        LayoutStyle(bone_slope=1.2, max_label_width=60.0),
        LayoutStyle(cause_font_size=18.0, sub_cause_font_size=16.0, max_label_width=400.0),
        LayoutStyle(sub_anchor=30.0, bone_gap=2.0, sub_indent=0.0, column_gap=2.0),
    ],
)
def test_other_styles_stay_sound(style: LayoutStyle) -> None:
    data = _sample(categories=7, causes=6, subs=3)
    assert_sound(data, layout_fishbone(data, style=style))


# ---------------------------------------------------------------------------------------------
# Edges


def test_empty_fishbone_has_spine_and_head() -> None:
    # Given no problem text and no categories
    layout = layout_fishbone(FishboneInput(""))
    # Then there is still a head box, a spine running into it, and nothing else
    assert layout.bones == ()
    assert layout.width > 0 and layout.height > 0
    assert layout.head.lines == ("",)
    assert layout.spine.x2 - layout.spine.x1 >= LayoutStyle().min_spine
    assert_sound(FishboneInput(""), layout)


def test_categories_without_causes_and_empty_texts() -> None:
    data = FishboneInput(
        "",
        (
            CategoryNode(1, ""),
            CategoryNode(2, "Materials"),
            CategoryNode(
                3, "", (CauseNode(4, ""), CauseNode(5, " ", children=(CauseNode(6, ""),)))
            ),
        ),
    )
    layout = layout_fishbone(data)
    assert_sound(data, layout)
    bone = layout.bones[0]
    # An empty category still has a visible bone and a clickable label.
    assert bone.segment.y2 - bone.segment.y1 >= LayoutStyle().min_bone_height
    assert bone.label.w >= LayoutStyle().min_label_width


def test_tall_head_clears_a_short_last_bone() -> None:
    # Given a long problem (a tall head) and a last bone with no causes but a wide label,
    # whose label sits within the head's height of the spine
    problem = " ".join(["attendance"] * 60)
    wide_name = "Family and community engagement"
    causes = tuple(CauseNode(i, f"cause {i}") for i in range(10, 14))
    data = FishboneInput(
        problem,
        (
            CategoryNode(1, "People", causes[:2]),
            CategoryNode(2, "Curriculum", causes[2:]),
            CategoryNode(3, "Data"),
            CategoryNode(4, wide_name),
        ),
    )
    layout = layout_fishbone(data)
    last = layout.bones[-1].label
    assert last.y < layout.head.y + layout.head.h, "the case this test is about"
    # Then the head still starts right of that label
    assert last.x + last.w <= layout.head.x
    assert_sound(data, layout)


def test_deep_chain_does_not_recurse() -> None:
    # A file could hold a chain of sub-causes deeper than Python's recursion limit.
    node = CauseNode(5000, "leaf")
    for i in range(4999, 1, -1):
        node = CauseNode(i, "why", children=(node,))
    data = FishboneInput("p", (CategoryNode(1, "deep", (node,)),))
    layout = layout_fishbone(data)
    assert len(layout.bones[0].twigs) == 4999
    assert layout.bones[0].twigs[-1].depth == 4998


def test_measurer_is_used() -> None:
    data = _sample(categories=2, causes=2, subs=0)
    narrow = layout_fishbone(data, lambda text, size: len(text) * 0.3 * size)
    wide = layout_fishbone(data, lambda text, size: len(text) * 0.6 * size)
    assert wide.bones[0].twigs[0].label.w > narrow.bones[0].twigs[0].label.w
    assert wide.width > narrow.width


def test_root_flag_is_carried() -> None:
    data = _sample(categories=1, causes=3, subs=0)
    twigs = layout_fishbone(data).bones[0].twigs
    assert [t.is_root for t in twigs] == [True, False, False]


# ---------------------------------------------------------------------------------------------
# Hit testing


def test_hit_test_finds_every_label_by_its_center() -> None:
    data = _sample(categories=6, causes=4, subs=2)
    layout = layout_fishbone(data)
    assert hit_test(layout, *layout.head.center) == ("problem", PROBLEM_ID)
    for bone in layout.bones:
        assert hit_test(layout, *bone.label.center) == ("category", bone.category_id)
        for twig in bone.twigs:
            assert hit_test(layout, *twig.label.center) == ("cause", twig.cause_id)


def test_hit_test_lines_and_empty_space() -> None:
    data = _sample(categories=2, causes=2, subs=1)
    layout = layout_fishbone(data)
    # The margin's corner holds nothing.
    assert hit_test(layout, 1.0, 1.0) is None
    # A bone close to the spine, where no twig is near, names its category.
    bone = layout.bones[0]
    t = 0.97
    x = bone.segment.x1 + t * (bone.segment.x2 - bone.segment.x1)
    y = bone.segment.y1 + t * (bone.segment.y2 - bone.segment.y1)
    assert hit_test(layout, x, y) == ("category", bone.category_id)
    # A sub-cause's line, half-way along, names that sub-cause.
    sub = next(t for t in bone.twigs if t.depth == 1)
    seg = sub.segment
    assert hit_test(layout, (seg.x1 + seg.x2) / 2, (seg.y1 + seg.y2) / 2) == ("cause", sub.cause_id)


# ---------------------------------------------------------------------------------------------
# Text


def test_approx_measure_counts_wide_characters_as_one_em() -> None:
    assert approx_measure("abcd", 10.0) == pytest.approx(22.0)
    assert approx_measure("学校", 10.0) == pytest.approx(20.0)
    assert approx_measure("ｅ", 10.0) == pytest.approx(10.0)  # fullwidth
    assert approx_measure("e\u0301", 10.0) == pytest.approx(5.5)  # combining accent
    assert approx_measure("", 10.0) == 0.0


def test_cjk_without_spaces_wraps() -> None:
    text = "教員の共通の計画時間が不足しているため読解指導が一貫していない。" * 2
    lines = wrap_text(text, 10.0, 100.0)
    assert len(lines) > 1
    assert "".join(lines) == text
    assert all(approx_measure(line, 10.0) <= 100.0 for line in lines)
    # Closing punctuation never starts a line.
    assert not any(line.startswith(("。", "、")) for line in lines)


def test_long_word_is_broken() -> None:
    lines = wrap_text("see " + "x" * 100 + " end", 10.0, 100.0)
    assert lines[0] == "see"
    assert len(lines) >= 4
    assert all(approx_measure(line, 10.0) <= 100.0 for line in lines)
    assert "".join(lines).replace(" ", "") == "see" + "x" * 100 + "end"


def test_hard_line_breaks_are_kept_and_blank_text_is_one_empty_line() -> None:
    assert wrap_text("one\ntwo", 10.0, 500.0) == ("one", "two")
    assert wrap_text("", 10.0, 100.0) == ("",)
    assert wrap_text(" \n\t ", 10.0, 100.0) == ("",)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(TEXTS, st.text(max_size=200)), max_width=st.floats(1.0, 300.0))
def test_wrapping_keeps_every_character_and_respects_width(text: str, max_width: float) -> None:
    lines = wrap_text(text, 10.0, max_width)
    assert len(lines) >= 1
    # No visible character is lost or invented.
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        # Only a single character may be wider than the line.
        assert approx_measure(line, 10.0) <= max_width + EPS or len(line) == 1
        assert line == line.strip()


def test_a_no_break_space_joins_words_but_alone_or_at_an_edge_is_dropped() -> None:
    # Found by hypothesis: a lone no-break space made a line that was all space
    assert wrap_text("\xa0", 10.0, 100.0) == ("",)
    assert wrap_text("66\xa0%  \xa0next", 10.0, 1000.0) == ("66\xa0% next",)
    # ... and a word held together by one, too wide for its line, breaks there without a line
    # that is all space (found by hypothesis too)
    assert wrap_text("0\xa00", 10.0, 1.0) == ("0", "0")
    assert wrap_text("字\xa0字", 10.0, 6.0) == ("字", "字")
    # Words held together by no-break spaces, too long for one line, part at those spaces
    # before any word is cut
    lines = wrap_text(
        "Attendance\xa0fell\xa0to\xa088\xa0%\xa0on\xa0Mondays\xa0and\xa0Fridays", 10.0, 140.0
    )
    assert lines == ("Attendance\xa0fell\xa0to\xa088\xa0%", "on\xa0Mondays\xa0and\xa0Fridays")
