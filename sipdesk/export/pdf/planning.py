"""Tool A's needs assessment and the priority planning and reporting pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from sipdesk.export.pdf.blanks import blank_milestone, blank_strategy
from sipdesk.export.pdf.chassis import (
    BLANK_ROW,
    GRID,
    H_NEEDS,
    H_PLANNING,
    LABEL_BG,
    MILESTONE_KINDS,
    NOT_COMPUTED,
    SWOT_KINDS,
    _s,
    count_text,
    money_text,
    pct_text,
    theory_markup,
)
from sipdesk.export.pdf.measures import MeasureTables, cycle_chunks, cycle_title
from sipdesk.export.pdf.rows import recorded_total, year_rows_joined
from sipdesk.export.pdf_flowables import (
    MUTED,
    LongTable,
)
from sipdesk.export.pdf_text import (
    FONT,
    markup,
)
from sipdesk.models.catalogues import needs_elements, practice
from sipdesk.models.formatting import action_when
from sipdesk.models.targets import span_years
from sipdesk.models.walk import walk_causes
from sipdesk.services.measures import CycleSpan, effective_cycles
from sipdesk.services.progress import span_progress, strategy_progress
from sipdesk.services.support_choice import choice_words, has_choice, pack_of_plan

if TYPE_CHECKING:
    from sipdesk.models.plan_types import (
        MeasureRow,
        MilestoneRow,
        PriorityRow,
        StrategyRow,
        SupportRow,
    )


class Planning(MeasureTables):
    """The needs assessment, then each priority's strategies, milestones, actions and
    reports."""

    # -- Needs Assessment -----------------------------------------------------------------

    def _story_needs_assessment(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_NEEDS, 0, toc=True)
        story.append(
            self._para(
                "The needs assessment looks at the school's strengths, weaknesses, "
                "opportunities and threats, digs into the data to find the root causes of the "
                "weaknesses, and uses them to choose the practices and strategies in this plan.",
                "small",
            )
        )
        lead = self._heading("Elements Included in the Needs Assessment", 1)
        recorded = {e["key"]: e for e in self.plan["needs_elements"]}
        widths = self._columns([0.3, 4.6, 3.1])
        rows: list[list[Any]] = []
        for element in needs_elements():
            entry = recorded.get(element.key)
            tick = "☑" if entry and entry["checked"] else "☐"
            other = _s(entry["other_text"]) if entry else ""
            if element.has_other:
                other = other or "______________________"
            rows.append([tick, element.label, other])
        extra = [
            ("FONT", (0, 0), (0, -1), FONT, 10, 11),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("GRID", (0, 0), (-1, -1), 0, colors.white),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#D5DAE0")),
            ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
        ]
        story.append(self._keep(lead, self._table([], rows, widths, extra=extra), header_rows=0))
        story.append(Spacer(1, 8))
        widths = self._columns([1, 1])
        q1 = (
            "How was the needs assessment, including the root cause analysis, completed and "
            "who was involved?"
        )
        q2 = "How was stakeholder input included?"
        narrative = [[_s(p["assessment_process"]), _s(p["stakeholder_input"])]]
        empty = not any(narrative[0])
        story.append(self._table([q1, q2], narrative, widths, row_height=90 if empty else None))
        lead = self._heading("Data Analysis", 1)
        widths = self._columns([1, 1.15])
        rows = []
        kind_rows: list[int] = []
        for kind, title in SWOT_KINDS:
            kind_rows.append(len(rows))
            rows.append([self._p(f"<b>{title}</b>", self.styles["cell"]), ""])
            items = [i for i in self.plan["swot"] if i["kind"] == kind]
            for item in items:
                rows.append([item["text"], item["evidence"]])
            if not items:
                rows.append(["", ""])
                rows.append(["", ""])
        extra = []
        for r in kind_rows:
            extra.append(("BACKGROUND", (0, r + 1), (-1, r + 1), LABEL_BG))
            extra.append(("SPAN", (0, r + 1), (-1, r + 1)))
            extra.append(("NOSPLIT", (0, r + 1), (-1, r + 2)))  # a kind with its first item
        table = self._table(["Item", "Evidence"], rows, widths, extra=extra)
        # The heading goes with the first kind and its first items, not with the whole table.
        story.append(self._keep(lead, table, rows=3))
        story.append(Spacer(1, 6))
        leverage = _s(p["leverage"])
        story.append(
            KeepTogether(
                [
                    self._p(
                        "<b>What can be leveraged to move us closer to our goals?</b>",
                        self.styles["body"],
                    ),
                    self._para(leverage) if leverage else self._blank_lines(3),
                ]
            )
        )
        roots = self._root_causes()
        block: list[Flowable] = [self._p("<b>What are the root causes?</b>", self.styles["body"])]
        if roots:
            for text, source in roots:
                block.append(
                    self._p(
                        f"• {markup(text)} <font color='#5F6B7A' size='7.5'>"
                        f"({markup(source)})</font>",
                        self.styles["body"],
                    )
                )
        else:
            block.append(self._blank_lines(3))
        story.append(KeepTogether(block))
        story += self._heading("Top Priority Areas", 1)
        story.append(
            self._para(
                "Up to four priority areas chosen from the needs assessment: working deeply on a "
                "few areas usually does more than spreading effort thin.",
                "small",
            )
        )
        priorities = self.plan["priorities"]
        titles = [_s(pr["title"]) for pr in priorities] or ["", "", "", ""]
        for i, title in enumerate(titles, start=1):
            story.append(
                self._p(
                    f"<b>{i}.</b> {markup(title) if title else '______________________'}",
                    self.styles["body"],
                )
            )
        return story

    def _blank_lines(self, count: int) -> Flowable:
        rows = [[""] for _ in range(count)]
        table = Table(rows, colWidths=[self._frame_width()], rowHeights=[16] * count)
        table.setStyle(
            TableStyle(
                [("FONT", (0, 0), (-1, -1), FONT, 8), ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID)]
            )
        )
        return table

    def _root_causes(self) -> list[tuple[str, str]]:
        """Causes marked as root causes, and the last step of each 5-Whys chain."""
        found: list[tuple[str, str]] = []
        for f, fishbone in enumerate(self.plan["fishbones"], start=1):
            for category in fishbone["categories"]:
                for cause, _ in walk_causes(category["causes"]):
                    if cause["is_root"] and _s(cause["text"]):
                        where = f"fishbone {f}, {_s(category['name'])}".rstrip(", ")
                        found.append((_s(cause["text"]), where))
        for c, chain in enumerate(self.plan["why_chains"], start=1):
            steps = [s for s in chain["steps"] if _s(s["text"])]
            if steps:
                found.append((_s(steps[-1]["text"]), f"5-Whys chain {c}"))
        return found

    # -- Priority Planning & Reporting ----------------------------------------------------

    def _story_priority_planning(self) -> list[Flowable]:
        story = self._page("landscape") + self._heading(H_PLANNING, 0, toc=True)
        story.append(
            self._p(
                "For each priority area: its strategies, each written as a theory of action "
                "(<b>If</b> we … <b>then</b> … <b>and</b> …), the measures that show it is "
                "working (each labelled as a student outcome, an interim student measure or "
                "a measure of implementation), the milestones that show it is being carried out, "
                "and the actions toward each milestone. Reporting follows each priority: "
                "implementation data computed from the monthly action statuses, annual "
                "performance data, and the supports received.",
                self.styles["small"],
            )
        )
        for p, priority in enumerate(self._priorities(), start=1):
            if p > 1:
                story += self._page("landscape")
            story += self._story_priority(p, priority)
        loose = [s for s in self.plan["supports"] if not s["strategy_id"]]
        if loose:
            lead = self._heading("Supports for the Whole Plan", 1)
            story.append(self._keep(lead, self._supports_table(loose)))
        return story

    def _story_priority(self, p: int, priority: PriorityRow) -> list[Flowable]:
        title = _s(priority["title"])
        story = self._heading(f"Priority {p}" + (f": {title}" if title else ""), 1, toc=True)
        if _s(priority["description"]):
            story.append(self._para(_s(priority["description"])))
        answers = self._priority_links(priority)
        if answers:
            items = "".join(f"<br/>• {markup(a)}" for a in answers)
            story.append(
                self._p(
                    f"<b>Root causes and needs this priority answers:</b>{items}",
                    self.styles["small"],
                )
            )
        if priority["measures"]:
            lead = [
                self._p(
                    "<b>Priority Measures</b> <font color='#5F6B7A' size='8'>"
                    "(the students' results this priority should move)</font>",
                    self.styles["label"],
                )
            ]
            story.append(self._keep(lead, self._measure_table_landscape(priority["measures"])))
        strategies = priority["strategies"] or [blank_strategy()]
        for s, strategy in enumerate(strategies, start=1):
            story += self._story_strategy(p, s, strategy)
        story += self._story_reporting(p, priority, strategies)
        return story

    def _priority_links(self, priority: PriorityRow) -> list[str]:
        out = []
        for link in priority["links"]:
            if link["cause_id"] in self.causes:
                text, category = self.causes[link["cause_id"]]
                out.append(f"{text} (root cause, {category})" if category else text)
            elif link["chain_id"] in self.chains:
                number, chain = self.chains[link["chain_id"]]
                steps = [s for s in chain["steps"] if _s(s["text"])]
                root = _s(steps[-1]["text"]) if steps else _s(chain["symptom"])
                out.append(f"{root} (5-Whys chain {number})")
            elif link["weakness_id"] in self.swot:
                out.append(f"{_s(self.swot[link['weakness_id']]['text'])} (weakness)")
        return out

    def _story_strategy(self, p: int, s: int, strategy: StrategyRow) -> list[Flowable]:
        lead = self._heading(f"Strategy {p}.{s}", 2)
        theory = theory_markup(
            _s(strategy["if_text"]), _s(strategy["then_text"]), _s(strategy["and_text"])
        )
        lead.append(self._p(theory, self.styles["body"]))
        code = _s(strategy["practice_code"])
        found = practice(code) if code else None
        practice_text = found.label if found else (code or "______________")
        details = [f"<b>Four Domains practice:</b> {markup(practice_text)}"]
        if found:
            details[0] += f" <font color='#5F6B7A'>({markup(found.domain_name)})</font>"
        if _s(strategy["category"]):
            details.append(f"<b>Category:</b> {markup(_s(strategy['category']))}")
        if _s(strategy["students"]):
            details.append(f"<b>Students served:</b> {markup(_s(strategy['students']))}")
        if _s(strategy["evidence_base"]):
            details.append(f"<b>Evidence base:</b> {markup(_s(strategy['evidence_base']))}")
        if _s(strategy["learning_needs"]):
            details.append(
                f"<b>Professional learning needs:</b> {markup(_s(strategy['learning_needs']))}"
            )
        budget = self._budget_line(strategy)
        if budget:
            details.append(budget)
        lead.append(self._p("<br/>".join(details), self.styles["small"]))
        lead.append(
            self._p(
                "<b>Strategy Performance Measures</b> <font color='#5F6B7A' size='8'>"
                "(how we will know the strategy is working; each labelled by its kind)"
                "</font>",
                self.styles["label"],
            )
        )
        table = self._measure_table_landscape(strategy["measures"])
        # The strategy, its label and the first rows of its measures stay together.
        story: list[Flowable] = [self._keep(lead, table)]
        milestones = strategy["milestones"] or [blank_milestone()]
        for n, milestone in enumerate(milestones, start=1):
            story += self._story_milestone(f"{p}.{s}.{n}", milestone)
        return story

    def _measure_table_landscape(self, measures: Sequence[MeasureRow]) -> Any:
        """A priority's or a strategy's measures: one target column per year of the span."""
        width = self._frame_width("landscape")
        years = span_years(self.span)
        fractions = [0.32, 0.2, 0.16] + [0.16] * len(years)
        widths = [width * f / sum(fractions) for f in fractions]
        header = ["Indicator", "Data Source", "Baseline"]
        header += [f"Target Year {year}" for year in years]
        return self._measures_table(measures, widths, header, numbered=False)

    def _budget_line(self, strategy: StrategyRow) -> str:
        """The strategy's budget: the sum of its actions' recorded amounts (an action with no
        amount adds nothing, and is not counted as $0); "" when no amount is recorded."""
        actions = [a for m in strategy["milestones"] for a in m["actions"]]
        total = recorded_total(a["budget_cents"] for a in actions)
        if total is None:
            return ""
        cents, count = total
        line = f"<b>Budget of its actions:</b> {markup(money_text(cents))}"
        if count < len(actions):
            line += f" (the {count} of {len(actions)} actions with an amount)"
        return line

    def _story_milestone(self, number: str, milestone: MilestoneRow) -> list[Flowable]:
        width = self._frame_width("landscape")
        text = _s(milestone["text"])
        facts = []
        if _s(milestone["timeline"]):
            facts.append(f"Timeline: {markup(_s(milestone['timeline']))}")
        kind = MILESTONE_KINDS.get(_s(milestone["kind"]))
        if kind:
            facts.append(kind)
        tail = f" <font color='#5F6B7A' size='8'>({'; '.join(facts)})</font>" if facts else ""
        heading = self._p(
            f"<b>Milestone {number}:</b> {markup(text) if text else '______________'}{tail}",
            self.styles["label"],
        )
        widths = [width * f for f in (0.28, 0.2, 0.11, 0.14, 0.12, 0.15)]
        rows = []
        for a, action in enumerate(milestone["actions"], start=1):
            budget = money_text(action["budget_cents"])
            source = _s(action["funding_source"])
            resources = f"{budget}\n{source}" if budget and source else budget or source
            rows.append(
                [
                    f"{number}.{a} {_s(action['text'])}",
                    action["outputs"],
                    action_when(
                        action["recurrence"], action["schedule"], action["start"], action["due"]
                    ),
                    resources,
                    action["person_responsible"],
                    action["collaborators"],
                ]
            )
        if not rows:
            rows = [[f"{number}.{a}", "", "", "", "", ""] for a in range(1, 5)]
        header = [
            "Actions",
            "Anticipated Outputs",
            "Timeline",
            "Resources/Budget",
            "Person Responsible",
            "Collaborators",
        ]
        blank = not milestone["actions"]
        table = self._table(header, rows, widths, row_height=BLANK_ROW if blank else None)
        # The heading with the table header and its first rows, or a small table whole; a long
        # table may then run over pages (its header row repeats).
        return [self._keep([heading], table, whole=4)]

    def _story_reporting(
        self, p: int, priority: PriorityRow, strategies: Sequence[StrategyRow]
    ) -> list[Flowable]:
        width = self._frame_width("landscape")
        story: list[Flowable] = []
        lead = self._heading(f"Reporting — Priority {p}", 2)
        lead.append(self._p("Implementation Data", self.styles["h3"]))
        lead.append(
            self._para(
                "Percentages are computed from the monthly action statuses, counting each "
                "action's latest status in or before the period. Periods with no status "
                "recorded yet are left blank; “—” marks a figure that cannot be computed yet "
                "(for example, a period that has not started).",
                "note",
            )
        )
        label_w = width * 0.22
        # Each semester and cycle table is small: it is kept whole, never split with its
        # header repeated; the section's headings go with the first one.
        cycles = effective_cycles(self.plan, self.today)
        reported = self._reported_cycles(cycles)
        for s, strategy in enumerate(strategies, start=1):
            lead.append(Spacer(1, 4))
            table = self._semester_table(f"Strategy {p}.{s}", strategy, label_w, width)
            story.append(self._keep(lead, table))
            milestones = strategy["milestones"] or [blank_milestone()]
            for n, milestone in enumerate(milestones, start=1):
                title = f"Milestone {p}.{s}.{n}"
                for chunk in cycle_chunks(cycles):
                    table = self._cycle_table(title, milestone, chunk, reported, label_w, width)
                    story.append(self._keep([Spacer(1, 4)], table))
            lead = []
        widths = [width * f for f in (0.1, 0.25, 0.17, 0.24, 0.24)]
        rows: list[list[Any]] = []
        for measure_ in priority["measures"]:
            rows += self._measure_result_rows(f"Priority {p}", measure_, widths[1])
        for s, strategy in enumerate(strategies, start=1):
            measures = strategy["measures"]
            if not measures:
                rows.append([f"Strategy {p}.{s}", "", "", "", ""])
            for measure_ in measures:
                rows += self._measure_result_rows(f"Strategy {p}.{s}", measure_, widths[1])
        header = [
            "Measure of",
            "Indicator",
            "Target",
            "Annual Progress",
            "Explanation & Needed Adjustments",
        ]
        joined = year_rows_joined(rows)
        table = self._table(header, rows, widths, label_col=True, extra=joined)
        story.append(self._keep([self._p("Performance Data", self.styles["h3"])], table))
        lead = [
            self._p("Supports", self.styles["h3"]),
            self._para(
                "Supports provided by the district, the state or other organizations, how they "
                "were used, and how well they worked, judged from the data.",
                "note",
            ),
        ]
        ids = {strategy["id"] for strategy in strategies if strategy["id"]}
        supports = [x for x in self.plan["supports"] if x["strategy_id"] in ids]
        story.append(self._keep(lead, self._supports_table(supports)))
        return story

    def _supports_table(self, supports: Sequence[SupportRow]) -> Table | LongTable:
        width = self._frame_width("landscape")
        widths = [width * f for f in (0.08, 0.18, 0.18, 0.15, 0.21, 0.2)]
        # A support picked from the state pack's catalogue says so under what was provided.
        pack = pack_of_plan(self.plan["profile"]) if any(map(has_choice, supports)) else None
        rows = [
            [
                self.labels.get(f"strategy:{x['strategy_id']}", "").replace("Strategy ", ""),
                x["needed"],
                "\n".join(t for t in (_s(x["provided"]), choice_words(x, pack)) if t),
                x["provider"],
                x["how_used"],
                x["effectiveness"],
            ]
            for x in supports
        ]
        header = [
            "Strategy",
            "Supports Needed",
            "Supports Provided",
            "Source (district and other organizations)",
            "How were supports used?",
            "How effective were the supports?",
        ]
        return self._table(header, rows, widths, blank_rows=0 if rows else 2)

    def _semester_table(
        self, title: str, strategy: StrategyRow, label_w: float, width: float
    ) -> Table | LongTable:
        col = (width - label_w) / 2
        reports = {r["semester"]: r for r in strategy["reports"]}
        done, behind, causes = (
            ["Milestones Completed (%)"],
            ["Milestones Behind Schedule"],
            ["Cause & Adjustments Made"],
        )
        for semester in (1, 2):
            if semester in self.semesters and strategy["id"] is not None:
                result = strategy_progress(strategy, self.first_month, semester, self.today)
                # A semester the service has no figures for shows "—" in both rows.
                started = bool(getattr(result, "started", True)) and result.milestones
                done.append(pct_text(result.done_pct))
                behind.append(count_text(result.behind) if started else NOT_COMPUTED)
            else:
                done.append("")
                behind.append("")
            report = reports.get(semester)
            causes.append(_s(report["cause_and_adjustments"]) if report else "")
        header = [title, "1st Semester", "2nd Semester"]
        return self._table(header, [done, behind, causes], [label_w, col, col], label_col=True)

    def _cycle_table(
        self,
        title: str,
        milestone: MilestoneRow,
        cycles: Sequence[CycleSpan],
        reported: set[int],
        label_w: float,
        width: float,
    ) -> Table | LongTable:
        """A milestone's report for each of ``cycles``: the plan's monitoring cycles, or its
        four quarters when it has none, each named with its months."""
        col = (width - label_w) / max(4, len(cycles))
        # The stored reports are numbered by period (MilestoneReport.quarter, named from when
        # every plan was monitored by quarters): cycle n shows report n, so a plan that moves
        # from quarters to cycles keeps what it wrote for its first periods.
        reports = {r["quarter"]: r for r in milestone["reports"]}
        rows: list[list[Any]] = [
            ["Actions Completed (%)"],
            ["Outputs Completed (list)"],
            ["Actions on Time (%)"],
            ["Actions Behind Schedule (%)"],
            ["Cause & Adjustments Made"],
            ["Resources/Budget Used"],
            ["Additional Information/Comments"],
        ]
        for cycle in cycles:
            report = reports.get(cycle.number)
            if cycle.number in reported and milestone["actions"]:
                result = self._cycle_progress(milestone, cycle)
                numbers = [
                    pct_text(result.done_pct),
                    pct_text(result.on_time_pct),
                    pct_text(result.behind_pct),
                ]
            else:
                numbers = ["", "", ""]
            rows[0].append(numbers[0])
            rows[1].append(_s(report["outputs_completed"]) if report else "")
            rows[2].append(numbers[1])
            rows[3].append(numbers[2])
            rows[4].append(_s(report["cause_and_adjustments"]) if report else "")
            rows[5].append(_s(report["resources_used"]) if report else "")
            rows[6].append(_s(report["comments"]) if report else "")
        header = [title] + [cycle_title(cycle) for cycle in cycles]
        return self._table(header, rows, [label_w] + [col] * len(cycles), label_col=True)

    def _cycle_progress(self, milestone: MilestoneRow, cycle: CycleSpan) -> Any:
        """Where the milestone's actions stand at the end of ``cycle`` (the same figures
        step 6 shows on screen): at the end of its last month; nothing before its first
        month has begun."""
        return span_progress(
            milestone, self.first_month, cycle.number, cycle.start, cycle.end, self.today
        )

    def _reported_cycles(self, cycles: Sequence[CycleSpan]) -> set[int]:
        """The cycles with a monthly action status recorded in them or in a later cycle
        (computed figures are shown only for these; later ones stay blank to fill in)."""
        if not cycles or cycles[0].id is None:
            return self.quarters
        months = {
            entry["month"]
            for priority in self.plan["priorities"]
            for strategy in priority["strategies"]
            for milestone in strategy["milestones"]
            for action in milestone["actions"]
            for entry in action["statuses"]
        }
        found = [c.number for c in cycles if months.intersection(c.months)]
        return set(range(1, max(found) + 1)) if found else set()
