"""Tool A's front matter: the cover and contents, At-a-Glance, the strategic direction, the
priority summary table and the signatures.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    Spacer,
)

from sipdesk.export.pdf.blanks import blank_goal, blank_milestone, blank_strategy
from sipdesk.export.pdf.chassis import (
    BLANK_ROW,
    CELL_LEADING,
    CELL_SIZE,
    GRID,
    GROUP_BG,
    H_AT_A_GLANCE,
    H_DIRECTION,
    H_SIGNATURES,
    H_SUMMARY_TABLE,
    LABEL_BG,
    NOT_SET,
    NOT_WRITTEN,
    STATUS_NAMES,
    _s,
    theory_markup,
)
from sipdesk.export.pdf.measures import MeasureTables
from sipdesk.export.pdf_flowables import (
    NAVY,
    TableOfContents,
)
from sipdesk.export.pdf_text import (
    FONT_BOLD,
    markup,
)
from sipdesk.models.formatting import long_date
from sipdesk.models.targets import span_years


class FrontMatter(MeasureTables):
    """The sections before the needs assessment."""

    # -- cover and contents ---------------------------------------------------------------

    def _story_cover(self) -> list[Flowable]:
        p = self.profile
        story: list[Flowable] = [
            Spacer(1, 0.3 * inch),
            self._p("School Improvement Plan", self.styles["title"]),
            Spacer(1, 6),
            self._p(markup(self._school()), self.styles["subtitle"]),
        ]
        facts = [
            ("District", _s(p["district"])),
            ("School Year", _s(p["school_year"]) or NOT_SET),
            ("Plan Span", self._span()),
            ("Date of Plan", long_date(p["plan_date"]) or NOT_SET),
            ("Date of Update", long_date(p["update_date"])),
            ("Plan status", STATUS_NAMES.get(_s(p["status"]), "")),
        ]
        unset = f"<font color='#5F6B7A'><i>{NOT_SET}</i></font>"
        lines = [
            f"<b>{label}:</b> {unset if value == NOT_SET else markup(value)}"
            for label, value in facts
            if value
        ]
        if lines:
            story += [Spacer(1, 6), self._p("<br/>".join(lines), self.styles["body"])]
        story += [
            Spacer(1, 0.25 * inch),
            self._p("Contents", self.styles["h2"]),
            TableOfContents(self.toc),
        ]
        return story

    # -- At-a-Glance ----------------------------------------------------------------------

    def _story_at_a_glance(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_AT_A_GLANCE, 0, toc=True)
        fields: list[tuple[str, str, bool]] = [
            ("Date of Plan", long_date(p["plan_date"]), False),
            ("Date of Update", long_date(p["update_date"]), False),
            ("School Year", _s(p["school_year"]), False),
            ("Plan Span", self._span(), False),
            ("Update Summary", _s(p["update_summary"]), True),
            ("School Name", _s(p["school_name"]), False),
            ("ESSA Status", _s(p["essa_status"]), False),
            ("City/County", _s(p["city_county"]), False),
            ("Zip Code", _s(p["zip_code"]), False),
            ("Phone Number", _s(p["phone"]), False),
            ("Principal", _s(p["principal"]), False),
            ("Contact Information", _s(p["contact"]), True),
            ("District", _s(p["district"]), False),
            ("Superintendent", _s(p["superintendent"]), False),
            ("District Liaison/Contact", _s(p["district_liaison"]), True),
            ("Federal Accountability Designation", _s(p["federal_designation"]), True),
            ("Title I Status", _s(p["title_i_status"]), True),
            ("State School Code", _s(p["state_school_id"]), False),
            ("State District Code", _s(p["state_district_id"]), False),
            ("State Accountability Status", _s(p["state_status"]), True),
        ]
        widths = self._columns([1.35, 2.3, 1.35, 2.3])
        rows: list[list[Any]] = []
        spans: list[tuple[Any, ...]] = []
        pending: list[tuple[str, str]] = []

        def flush() -> None:
            if pending:
                row: list[Any] = []
                for label, value in pending:
                    row += [self._cell(label, widths[0], bold=True), self._cell(value, widths[1])]
                rows.append(row + [""] * (4 - len(row)))
                pending.clear()

        for label, value, full in fields:
            if full:
                flush()
                rows.append(
                    [
                        self._cell(label, widths[0], bold=True),
                        self._cell(value, sum(widths[1:])),
                        "",
                        "",
                    ]
                )
                last = len(rows) - 1
                spans.append(("SPAN", (1, last), (3, last)))
                spans.append(("BACKGROUND", (1, last), (3, last), colors.white))
            else:
                pending.append((label, value))
                if len(pending) == 2:
                    flush()
        flush()
        extra = [
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("BACKGROUND", (2, 0), (2, -1), LABEL_BG),
            ("FONT", (0, 0), (0, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            ("FONT", (2, 0), (2, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            *spans,
        ]
        story.append(self._table([], rows, widths, extra=extra, raw_rows=range(len(rows))))
        lead = self._heading("School Leadership Team Members", 1)
        team = self.plan["team"]
        widths = self._columns([2.4, 2.6, 2.4, 2.6])
        cells: list[tuple[str, str]] = []
        for member in team:
            position = _s(member["title"])
            role = _s(member["plan_role"])
            cells.append((_s(member["name"]), f"{position}\n{role}" if role else position))
        rows = []
        for i in range(0, len(cells), 2):
            pair = cells[i : i + 2] + [("", "")] * (2 - len(cells[i : i + 2]))
            rows.append([pair[0][0], pair[0][1], pair[1][0], pair[1][1]])
        blank = 0 if rows else 4
        table = self._table(
            ["Name", "Position", "Name", "Position"], rows, widths, blank_rows=blank
        )
        story.append(self._keep(lead, table))
        if any(_s(m["plan_role"]) for m in team):
            story.append(Spacer(1, 3))
            story.append(
                self._para(
                    "Under each position: the member's role in the improvement plan.", "note"
                )
            )
        return story

    # -- School Strategic Direction -------------------------------------------------------

    def _story_strategic_direction(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_DIRECTION, 0, toc=True)
        # The four required parts keep their heading when empty, so a reviewer sees the gap.
        for label, text in (("Vision:", _s(p["vision"])), ("Mission:", _s(p["mission"]))):
            story.append(self._required(label, markup(text) if text else ""))
        values = [_s(v["text"]) for v in self.plan["core_values"] if _s(v["text"])]
        # One value a line: values are often whole sentences, with their own full stops.
        items = "".join(f"<br/>• {markup(value)}" for value in values)
        story.append(self._required("Core Values:", items))
        theory = ""
        if any(_s(p.get(k)) for k in ("toa_if", "toa_then", "toa_and")):
            theory = theory_markup(_s(p["toa_if"]), _s(p["toa_then"]), _s(p["toa_and"]))
        story.append(self._required("Theory of Action:", theory))
        goals = self.plan["goals"]
        shown = list(goals) or [blank_goal() for _ in range(4)]
        # One target column per year of the plan's span.
        years = span_years(self.span)
        # Up to three target columns are wide enough for "Target Year 1" on one line, on A4 too.
        widths = self._columns([0.35, 1.95, 1.45, 1.25] + [1.3] * len(years))
        for g, goal in enumerate(shown, start=1):
            block: list[Flowable] = []
            label = f"Goal {g}:"
            text = _s(goal["text"])
            tag = " (academic)" if goal["academic"] else ""
            block.append(
                self._p(
                    f"<b>{label}</b> {markup(text) if text else '______________'}"
                    f"<font color='#5F6B7A' size='8'>{tag}</font>",
                    self.styles["h3"],
                )
            )
            if _s(goal["explanation"]):
                block.append(self._para(_s(goal["explanation"]), "small"))
            measures = goal["measures"]
            header = ["", "Indicator(s)", "Data Source", "Baseline"]
            header += [f"Target Year {year}" for year in years]
            blank = [["1."] + [""] * (3 + len(years)), ["2."] + [""] * (3 + len(years))]
            table = self._measures_table(
                measures, widths, header, numbered=True, blank=blank, row_height=BLANK_ROW
            )
            block.append(self._p("<b>Measure:</b>", self.styles["small"]))
            story.append(self._keep(block, table))
            story.append(Spacer(1, 6))
        return story

    def _required(self, label: str, body: str) -> Flowable:
        """A required part of the plan: its label, then ``body`` (markup), or "Not written
        yet" with a line to write on when it is empty."""
        if not body:
            body = f" <font color='#5F6B7A'><i>{NOT_WRITTEN}</i></font> ______________________"
        elif not body.startswith("<br/>"):
            body = " " + body
        return self._p(f"<b>{markup(label)}</b>{body}", self.styles["body"])

    # -- priority summary table -----------------------------------------------------------

    def _story_priority_summary(self) -> list[Flowable]:
        story: list[Flowable] = [Spacer(1, 6)]
        lead = self._heading(H_SUMMARY_TABLE, 0, toc=True)
        lead.append(
            self._para(
                "One row per milestone. The full strategies, their measures and action plans "
                "follow under Priority Planning & Reporting.",
                "small",
            )
        )
        widths = self._columns([1.6, 2.3, 1.8, 2.5, 0.9])
        rows: list[list[Any]] = []
        group_starts: list[int] = []
        for p, priority in enumerate(self._priorities(), start=1):
            group_starts.append(len(rows))
            for s, strategy in enumerate(priority["strategies"] or [blank_strategy()], 1):
                indicators = [
                    _s(m["indicator"]) for m in strategy["measures"] if _s(m["indicator"])
                ]
                code = _s(strategy["practice_code"])
                strat = _s(strategy["if_text"])
                if strat:
                    we = "" if strat.lower().startswith("we ") else "we "
                    strat = f"If {we}{strat}"
                strat_text = f"{p}.{s}: {strat}" + (f" [{code}]" if code else "")
                milestones = strategy["milestones"] or [blank_milestone()]
                for n, milestone in enumerate(milestones, start=1):
                    rows.append(
                        [
                            f"{p}: {_s(priority['title'])}" if s == 1 and n == 1 else "",
                            strat_text if n == 1 else "",
                            "\n".join(indicators) if n == 1 else "",
                            f"{p}.{s}.{n}. {_s(milestone['text'])}",
                            _s(milestone["timeline"]),
                        ]
                    )
        extra: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0, colors.white),
            ("BOX", (0, 0), (-1, -1), 0.5, GRID),
            ("LINEBEFORE", (1, 0), (-1, -1), 0.5, GRID),
            ("LINEBELOW", (3, 1), (-1, -1), 0.3, colors.HexColor("#D5DAE0")),
            ("BACKGROUND", (0, 1), (0, -1), GROUP_BG),
        ]
        for start in group_starts:
            extra.append(("LINEABOVE", (0, start + 1), (-1, start + 1), 0.8, NAVY))
        header = [
            "Priority Area (based on Needs Assessment)",
            "Strategy",
            "Indicator",
            "Milestones",
            "Timeline",
        ]
        story.append(self._keep(lead, self._table(header, rows, widths, extra=extra), rows=3))
        return story

    # -- Plan Signatures ------------------------------------------------------------------

    def _story_signatures(self) -> list[Flowable]:
        story = self._page("portrait") + self._heading(H_SIGNATURES, 0, toc=True)
        story.append(
            self._para(
                "By signing, each person confirms that they have read this plan and understand "
                "the work it asks of us together to carry it out in full."
            )
        )
        widths = self._columns([2.2, 2.0, 2.4, 2.4])
        rows = []
        for sig in self.plan["signatures"]:
            signed = long_date(sig["signed_on"])
            rows.append(
                [
                    sig["name"],
                    sig["title"],
                    sig["plan_role"],
                    f"Signed {signed}" if signed else "",
                ]
            )
        header = ["Name", "Position", "Improvement Plan Role", "Signature"]
        # Roomy rows, so there is space to sign in ink.
        pad = [("TOPPADDING", (0, 1), (-1, -1), 8), ("BOTTOMPADDING", (0, 1), (-1, -1), 8)]
        table = self._table(header, rows, widths, blank_rows=0 if rows else 8, extra=pad)
        story.append(table)
        return story
