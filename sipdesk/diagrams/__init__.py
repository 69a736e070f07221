"""Diagram geometry computed from plain data, drawn alike by the canvas and the PDF (no Qt).

The fishbone's names are loaded on first use (PEP 562): a table's column widths
(:mod:`sipdesk.diagrams.columns`) do not need the fishbone layout.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("sipdesk.diagrams.fishbone"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
