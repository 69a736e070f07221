"""The Tool A renderer: the template's parts, put in the template's order."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import (
    Flowable,
)

from sipdesk.export.pdf.appendices import Appendices
from sipdesk.export.pdf.chassis import (
    BUILD_START,
    headings_into_keeps,
)
from sipdesk.export.pdf.front_matter import FrontMatter
from sipdesk.export.pdf.planning import Planning


class ToolARenderer(FrontMatter, Planning, Appendices):
    """The Tool A PDF: the template's sections in its order, the cover (with the contents)
    first. Each part lives in its own module; this class only puts them in order."""

    def _sections(self) -> list[Callable[[], list[Flowable]]]:
        """The body sections in Tool A's order; the cover (with the contents) goes first."""
        return [
            self._story_at_a_glance,
            self._story_strategic_direction,
            self._story_priority_summary,
            self._story_signatures,
            self._story_needs_assessment,
            self._story_priority_planning,
            self._story_appendices,
        ]

    def _story(self) -> list[Flowable]:
        body: list[Flowable] = []
        sections = self._sections()
        for i, section in enumerate(sections, start=1):
            body.extend(section())
            self._report(BUILD_START * i // (len(sections) + 1))
        # The contents are known only now that every heading has been made.
        return headings_into_keeps(self._story_cover() + body)
