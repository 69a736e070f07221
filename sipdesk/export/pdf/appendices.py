"""Tool A's appendices: fishbones, 5-Whys chains, goal data, adjustments, comments, glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
)

from sipdesk.diagrams.fishbone import (
    CategoryNode,
    FishboneInput,
    layout_fishbone,
)
from sipdesk.export.pdf.chassis import (
    APPENDIX_HEADINGS,
    BLANK_ROW,
    H_APPENDICES,
    PARKING_LOT_HEADING,
    _s,
)
from sipdesk.export.pdf.measures import MeasureTables
from sipdesk.export.pdf.rows import year_rows_joined
from sipdesk.export.pdf_flowables import (
    FishboneDrawing,
)
from sipdesk.export.pdf_text import (
    markup,
    measure,
)
from sipdesk.models.catalogues import category_set
from sipdesk.models.formatting import long_date
from sipdesk.models.walk import walk_causes
from sipdesk.services.findings import STEP_NAMES
from sipdesk.services.root_causes import fishbone_input

if TYPE_CHECKING:
    from sipdesk.models.plan_types import FishboneRow, WhyChainRow


class Appendices(MeasureTables):
    """The appendices, after the planning pages."""

    # -- Appendices -----------------------------------------------------------------------

    def _story_appendices(self) -> list[Flowable]:
        story = self._page("landscape") + self._heading(H_APPENDICES, 0, toc=True)
        story += self._appendix_fishbones()
        story += self._page("portrait")
        story += self._appendix_why_chains()
        story += self._appendix_goal_results()
        story += self._appendix_adjustments()
        story += self._appendix_comments()
        story += self._appendix_glossary()
        story += self._appendix_parking_lot()
        return story

    def _appendix_fishbones(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[0], 1, toc=True)
        story.append(
            self._para(
                "Each diagram shows a problem (the head), the categories of possible causes (the "
                "bones) and the causes the team found. Causes the team marked as root causes "
                "are outlined in red.",
                "small",
            )
        )
        fishbones = self.plan["fishbones"]
        if not fishbones:
            school = category_set("school")
            blank_bone: dict[str, Any] = {
                "id": None,  # a blank of the template: not in the plan
                "problem": "",
                "weakness_id": None,
                "categories": [
                    {"id": i, "name": name, "causes": []}
                    for i, name in enumerate(school.categories if school else (), start=1)
                ],
            }
            fishbones = [cast("FishboneRow", blank_bone)]
        height = self._frame_height("landscape") - 60
        for f, fishbone in enumerate(fishbones, start=1):
            if f > 1:
                story += self._page("landscape")
            problem = _s(fishbone["problem"])
            story += self._heading(f"Fishbone {f}" + (f": {problem}" if problem else ""), 2)
            weakness = self.swot.get(fishbone["weakness_id"] or -1)
            if weakness:
                story.append(self._para(f"Weakness examined: {_s(weakness['text'])}", "small"))
            layout = layout_fishbone(self._fishbone_input(fishbone), measure=measure)
            empty = not any(c["causes"] for c in fishbone["categories"])
            # A filled diagram is enlarged to fill the page too, up to half as big again (its
            # text stays at a normal reading size); a blank one more, to write on.
            story.append(FishboneDrawing(layout, height, max_scale=2.5 if empty else 1.5))
            story += self._fishbone_cause_table(fishbone)
        return story

    def _fishbone_input(self, fishbone: FishboneRow) -> FishboneInput:
        layout = fishbone_input(fishbone, label=lambda cause: _s(cause["text"]))
        # The PDF prints names and the problem trimmed, as it prints every other text.
        return FishboneInput(
            problem=_s(layout.problem),
            categories=tuple(CategoryNode(c.id, _s(c.name), c.causes) for c in layout.categories),
        )

    def _fishbone_cause_table(self, fishbone: FishboneRow) -> list[Flowable]:
        rows: list[list[Any]] = []

        for category in fishbone["categories"]:
            name = _s(category["name"])
            for cause, depth in walk_causes(category["causes"]):
                votes = cause["votes"] + sum(v["dots"] for v in cause["dot_votes"])
                indent = "    " * depth + ("↳ " if depth else "")
                rows.append(
                    [
                        name if depth == 0 else "",
                        indent + _s(cause["text"]),
                        cause["evidence"],
                        "Yes" if cause["actionable"] else "No",
                        str(votes) if votes else "",
                        "Root cause" if cause["is_root"] else "",
                    ]
                )
        if not rows:
            return []
        width = self._frame_width("landscape")
        # Wide enough for "Actionable?" and "Root cause?" on one line.
        widths = [width * f for f in (0.13, 0.31, 0.31, 0.095, 0.06, 0.095)]
        header = ["Category", "Cause", "Evidence", "Actionable?", "Votes", "Root cause?"]
        lead = [self._p("Causes and evidence", self.styles["h3"])]
        return [self._keep(lead, self._table(header, rows, widths))]

    def _appendix_why_chains(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[1], 1, toc=True)
        chains = self.plan["why_chains"]
        widths = self._columns([0.7, 3.2, 3.1])
        if not chains:
            blank: dict[str, Any] = {  # a blank of the template: not in the plan
                "id": None,
                "symptom": "",
                "actionable": False,
                "weakness_id": None,
                "cause_id": None,
                "steps": [],
            }
            chains = [cast("WhyChainRow", blank)]
        for c, chain in enumerate(chains, start=1):
            symptom = _s(chain["symptom"])
            block: list[Flowable] = [
                self._p(
                    f"<b>Chain {c} — symptom:</b> "
                    f"{markup(symptom) if symptom else '______________'}",
                    self.styles["body"],
                )
            ]
            links = []
            weakness = self.swot.get(chain["weakness_id"] or -1)
            if weakness:
                links.append(f"Weakness: {_s(weakness['text'])}")
            if chain["cause_id"] in self.causes:
                links.append(f"Fishbone cause: {self.causes[chain['cause_id']][0]}")
            if chain["steps"]:
                links.append(
                    "The root cause it reaches is "
                    + ("actionable." if chain["actionable"] else "not marked actionable.")
                )
            if links:
                block.append(self._para(" · ".join(links), "small"))
            steps = chain["steps"]
            rows = []
            for i, step in enumerate(steps, start=1):
                label = f"Why {i}" + ("\n(root cause)" if i == len(steps) else "")
                rows.append([label, step["text"], step["evidence"]])
            if not rows:
                rows = [[f"Why {i}", "", ""] for i in range(1, 6)]
            table = self._table(
                ["Step", "Answer", "Evidence"],
                rows,
                widths,
                label_col=True,
                row_height=None if steps else BLANK_ROW,
            )
            block += [table, Spacer(1, 8)]
            story.append(KeepTogether(block))
        return story

    def _appendix_goal_results(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[2], 1, toc=True)
        lead.append(
            self._para(
                "Annual results of the goal measures, reviewed each year to decide whether the "
                "targeted results were reached and what to change next year.",
                "small",
            )
        )
        widths = self._columns([0.6, 2.0, 1.5, 2.0, 2.0])
        rows: list[list[Any]] = []
        for g, goal in enumerate(self.plan["goals"], start=1):
            for measure_ in goal["measures"]:
                rows += self._measure_result_rows(f"Goal {g}", measure_, widths[1])
        header = [
            "Goal",
            "Indicator",
            "Target",
            "Annual Progress",
            "Explanation & Needed Adjustments",
        ]
        table = self._table(
            header,
            rows,
            widths,
            label_col=True,
            blank_rows=0 if rows else 3,
            extra=year_rows_joined(rows),
        )
        return [self._keep(lead, table)]

    def _appendix_adjustments(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[3], 1, toc=True)
        rows = []
        for item in self.plan["adjustments"]:
            action = self.action_numbers.get(item["action_id"] or -1, "")
            rows.append(
                [
                    long_date(item["made_on"]),
                    action,
                    item["what_changed"],
                    item["why"],
                    item["decided_by"],
                    item["communicated_to"],
                ]
            )
        widths = self._columns([0.95, 0.6, 1.9, 1.9, 1.3, 1.35])
        header = ["Date", "Action", "What Changed", "Why", "Decided By", "Communicated To"]
        return [self._keep(lead, self._table(header, rows, widths, blank_rows=0 if rows else 4))]

    def _appendix_comments(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[4], 1, toc=True)
        comments = [c for c in self.plan["review_comments"] if not c["resolved"]]
        if not comments:
            story.append(self._para("No open review comments.", "small"))
            return story
        rows = []
        for c in comments:
            step = c["step"]
            where = STEP_NAMES.get(step, "") if isinstance(step, int) else ""
            item = _s(c["item"])
            label = self.labels.get(item, item)
            rows.append(
                [
                    f"{where}\n{label}".strip(),
                    c["author"],
                    long_date(c["created_at"]),
                    c["body"],
                ]
            )
        widths = self._columns([1.5, 1.4, 1.1, 4.0])
        return [self._keep(story, self._table(["About", "From", "Date", "Comment"], rows, widths))]

    def _appendix_glossary(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[5], 1, toc=True)
        rows = [
            [t["term"], t["meaning"]]
            for t in self.plan["glossary"]
            if _s(t["term"]) or _s(t["meaning"])
        ]
        widths = self._columns([1.5, 5.5])
        table = self._table(
            ["Term", "Meaning"], rows, widths, label_col=True, blank_rows=0 if rows else 3
        )
        return [self._keep(lead, table)]

    def _appendix_parking_lot(self) -> list[Flowable]:
        ideas = self.plan["parking_lot"]
        if not ideas:
            return []
        lead = self._heading(PARKING_LOT_HEADING, 1, toc=True)
        lead.append(
            self._para(
                "Ideas the team set aside during meetings to take up later, with the step "
                "they came up on.",
                "small",
            )
        )
        rows = []
        for idea in ideas:
            step = idea["step"]
            rows.append(
                [
                    idea["text"],
                    STEP_NAMES.get(step, "") if isinstance(step, int) else "",
                    long_date(idea["raised_on"]),
                    "Done" if idea["done"] else "Open",
                ]
            )
        widths = self._columns([3.75, 1.4, 1.3, 0.65])
        header = ["Idea", "Raised on step", "Date", "Status"]
        return [self._keep(lead, self._table(header, rows, widths))]
