"""Diagram geometry computed from plain data, drawn alike by the canvas and the PDF (no Qt)."""

from __future__ import annotations

from sipdesk.diagrams.fishbone import (
    PROBLEM_ID,
    Bone,
    Box,
    CategoryNode,
    CauseNode,
    FishboneInput,
    FishboneLayout,
    HitKind,
    LayoutStyle,
    Segment,
    TextMeasure,
    Twig,
    all_labels,
    approx_measure,
    hit_test,
    iter_labels,
    layout_fishbone,
    wrap_text,
)

__all__ = [
    "PROBLEM_ID",
    "Bone",
    "Box",
    "CategoryNode",
    "CauseNode",
    "FishboneInput",
    "FishboneLayout",
    "HitKind",
    "LayoutStyle",
    "Segment",
    "TextMeasure",
    "Twig",
    "all_labels",
    "approx_measure",
    "hit_test",
    "iter_labels",
    "layout_fishbone",
    "wrap_text",
]
