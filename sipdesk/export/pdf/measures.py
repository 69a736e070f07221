"""Measure tables of the Tool A PDF: each measure labelled by its kind (student outcome,
interim student measure, implementation), with its rows per grade or student group under it;
and the plan's monitoring cycles named with their months."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from sipdesk.export.pdf.chassis import (
    CHUNK_LINES,
    GROUP_BG,
    PAD_X,
    Chassis,
    _s,
)
from sipdesk.export.pdf.rows import result_rows
from sipdesk.export.pdf_text import markup
from sipdesk.models.targets import span_years, target_text
from sipdesk.services.measures import KIND_WORDS, CycleSpan

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureGroupRow, MeasureRow

GROUP_INDENT = 8.0  # points: a group row's name sits in from its measure's indicator
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def kind_words(measure: MeasureRow) -> str:
    """The measure's kind in words ("Student outcome"), or "" for a kind SIP Desk does not
    know."""
    return KIND_WORDS.get(_s(measure.get("kind")), "")


def group_target(group: MeasureGroupRow, year: int) -> str:
    """A group row's target for ``year`` (1-based), or ""."""
    targets = group["targets"]
    value = targets[year - 1] if 0 < year <= len(targets) else ""
    return value.strip() if isinstance(value, str) else ""


def _month(month: str) -> tuple[str, str]:
    """("Aug", "2026") for "2026-08"; the text itself when it is not a month."""
    year, _, number = month.partition("-")
    if number.isdigit() and 1 <= int(number) <= 12:
        return MONTH_ABBR[int(number) - 1], year
    return month, ""


def cycle_title(cycle: CycleSpan) -> str:
    """A cycle's name with its months: "Quarter 1 (Aug–Oct 2026)", "Cycle 2 (Nov 2026–Jan
    2027)"."""
    (first, first_year), (last, last_year) = _month(cycle.start), _month(cycle.end)
    if cycle.start == cycle.end:
        months = f"{first} {first_year}".strip()
    elif first_year == last_year:
        months = f"{first}–{last} {last_year}".strip()
    else:
        months = f"{first} {first_year}–{last} {last_year}".strip()
    name = cycle.name.strip() or f"Cycle {cycle.number}"
    return f"{name} ({months})"


def cycle_chunks(cycles: Sequence[CycleSpan], most: int = 6) -> list[list[CycleSpan]]:
    """The cycles cut into even runs of at most ``most``, one reporting table each: four
    quarters stay one table, twelve monthly cycles make two of six."""
    if not cycles:
        return []
    count = -(-len(cycles) // most)
    size = -(-len(cycles) // count)
    return [list(cycles[i : i + size]) for i in range(0, len(cycles), size)]


class MeasureTables(Chassis):
    """The measure tables shared by the goals, the priorities and the strategies."""

    def _indicator_cell(self, measure: MeasureRow, width: float) -> Any:
        """The indicator, under a small line naming the measure's kind."""
        words = kind_words(measure)
        body = self._cell(measure["indicator"], width)
        if not words:
            return body
        label = self._p(
            f"<font color='#5F6B7A' size='7'>{markup(words)}</font>", self.styles["cell"]
        )
        return [label, *self._flowables(body)]

    def _flowables(self, cell: Any) -> list[Flowable]:
        """A cell made by :meth:`_cell` as flowables (a plain pre-wrapped text becomes
        paragraphs of its lines, a few lines each, cheap to split over pages)."""
        if isinstance(cell, list):
            return cell
        if isinstance(cell, Flowable):
            return [cell]
        lines = str(cell).split("\n") if cell else []
        return [
            self._p(
                "<br/>".join(markup(line) for line in lines[i : i + CHUNK_LINES]),
                self.styles["cell"],
            )
            for i in range(0, len(lines), CHUNK_LINES)
        ]

    def _measures_table(
        self,
        measures: Sequence[MeasureRow],
        widths: list[float],
        header: list[str],
        *,
        numbered: bool,
        blank: list[list[Any]] | None = None,
        row_height: float | None = None,
    ) -> Any:
        """One row per measure (its number first when ``numbered``): indicator under its
        kind, data source, baseline and one target per year of the plan's span; then a row
        for each of its grades or student groups, shaded, with the group's own data source,
        baseline and targets."""
        years = span_years(self.span)
        lead = 1 if numbered else 0
        rows: list[list[Any]] = []
        raw: list[int] = []
        extra: list[tuple[Any, ...]] = []
        for m, measure in enumerate(measures, start=1):
            rows.append(
                [f"{m}."] * lead
                + [
                    self._indicator_cell(measure, widths[lead]),
                    measure["data_source"],
                    measure["baseline"],
                    *(target_text(measure, year) for year in years),
                ]
            )
            for group in measure["groups"]:
                cells = [
                    group["data_source"],
                    group["baseline"],
                    *(group_target(group, year) for year in years),
                ]
                name = self._cell(group["group"], widths[lead] - GROUP_INDENT)
                row = [""] * lead + [name]
                row += [self._cell(c, widths[lead + 1 + i]) for i, c in enumerate(cells)]
                index = len(rows) + 1  # the table's row 0 is its header
                raw.append(len(rows))
                rows.append(row)
                extra += [
                    ("BACKGROUND", (lead, index), (-1, index), GROUP_BG),
                    ("LEFTPADDING", (lead, index), (lead, index), PAD_X + GROUP_INDENT),
                    ("LINEABOVE", (lead, index), (-1, index), 0.3, colors.HexColor("#D5DAE0")),
                ]
                if lead:
                    extra.append(("LINEABOVE", (0, index), (0, index), 0.6, colors.white))
        if not rows and blank is not None:
            return self._table(header, blank, widths, row_height=row_height)
        table: Any = self._table(
            header, rows, widths, blank_rows=0 if rows else 1, extra=extra, raw_rows=raw
        )
        return table

    def _measure_result_rows(
        self, label: str, measure: MeasureRow, width: float
    ) -> list[list[Any]]:
        """A measure's rows of an "Annual Progress" table: one per year (see
        :func:`result_rows`), its indicator under its kind, then one per group."""
        rows = result_rows(label, measure, self.span)
        rows[0][1] = self._indicator_cell(measure, width)
        return rows + self._group_result_rows(measure)

    def _group_result_rows(self, measure: MeasureRow) -> list[list[Any]]:
        """Rows of an "Annual Progress" table for a measure's groups: the group, its data
        source and baseline; its target for each year of the plan's span."""
        years = span_years(self.span)
        rows: list[list[Any]] = []
        for group in measure["groups"]:
            about = [_s(group["group"]) or "Group"]
            if _s(group["data_source"]):
                about.append(_s(group["data_source"]))
            if _s(group["baseline"]):
                about.append(f"Baseline: {_s(group['baseline'])}")
            targets = [
                f"Year {year}: {group_target(group, year)}".strip()
                for year in years
                if group_target(group, year)
            ]
            rows.append(["", "\n".join(about), "\n".join(targets), None, None])
        return rows
