"""The plan on a page: the one-page summary for boards and staff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sipdesk.export.pdf.chassis import (
    BUILD_START,
    GRID,
    HEAD_BG,
    _s,
    clip,
    plural,
    stack_height,
)
from sipdesk.export.pdf.measures import kind_words
from sipdesk.export.pdf.tool_a import ToolARenderer
from sipdesk.export.pdf_flowables import (
    Anchor,
)
from sipdesk.export.pdf_text import (
    FONT,
    glue,
    markup,
)
from sipdesk.models.targets import measure_targets

if TYPE_CHECKING:
    from sipdesk.models.plan_types import GoalRow, PriorityRow

# --- the one-page summary --------------------------------------------------------------------


class SummaryRenderer(ToolARenderer):
    """The plan on a page: goals with targets, priorities, strategies (with practice codes)
    and key milestones, on one landscape page for boards and staff.

    The text is set at the largest of :attr:`SIZES` at which everything fits. When even the
    smallest (still easy to read) is not enough, each column lists fewer items from the bottom
    up and says how many more the full plan has ("+ 4 more milestones"); text is never shrunk
    below :attr:`SIZES`'s last size.
    """

    top_margin = 0.75 * inch
    bottom_margin = 0.75 * inch  # the note's last line stays clear of the footer rule
    footer_text = "Plan on a page"
    MAX_MILESTONES = 3  # per strategy; more are counted, not listed
    SIZES = (9.0, 8.5, 8.0, 7.5)  # body text sizes tried, largest first; the last is the floor
    PAD = 5.0  # cell padding, left and right
    PAD_Y = 3.0  # cell padding, top and bottom
    CLIP: ClassVar[dict[str, int]] = {
        "intro": 420,
        "goal": 220,
        "indicator": 160,
        "strategy": 240,
        "milestone": 160,
        "target": 80,  # a baseline, a target, a timeline, a code: short on a real plan
    }

    def _title(self) -> str:
        school = _s(self.profile["school_name"])
        return f"Plan on a Page — {school}" if school else "Plan on a Page"

    def _page_templates(self) -> list[PageTemplate]:
        templates: list[PageTemplate] = super()._page_templates()
        return [t for t in templates if t.id == "landscape"]

    def _story(self) -> list[Flowable]:
        story = self._story_summary()
        self._report(BUILD_START)
        return story

    # -- fitting --------------------------------------------------------------------------

    def _story_summary(self) -> list[Flowable]:
        width = self._frame_width("landscape")
        height = self._frame_height("landscape") - 1.0  # a point of slack for rounding
        goals = self.plan["goals"]
        priorities = self.plan["priorities"]
        for size in self.SIZES:
            st = self._summary_styles(size)
            goal_cells = [self._goal_cell(g, goal, st) for g, goal in enumerate(goals, 1)]
            cells = [self._priority_cell(p, pr, st) for p, pr in enumerate(priorities, 1)]
            content = self._summary_content(width, st, goal_cells, cells)
            if stack_height(content, width) <= height:
                return content
        # At the smallest size, list fewer items: first fewer milestones under each strategy
        # (down to one), then fewer measures under each goal, then no milestones, then the
        # lowest strategies of a column. Each priority column keeps as much as fits in it.
        goal_w = width / max(1, len(goals))
        prio_w = width / max(1, len(priorities))
        room = (
            height
            - stack_height(content, width)
            + self._body_height(goal_cells, goal_w)
            + self._body_height(cells, prio_w)
        )
        most = max((len(goal["measures"]) for goal in goals), default=0)
        stages: list[tuple[int | None, int]] = [
            (None, m) for m in range(self.MAX_MILESTONES - 1, 0, -1)
        ]
        stages += [(k, 1) for k in range(most - 1, 0, -1)]
        stages.append((min(1, most) or None, 0))
        budget = room
        for goal_cap, fewest in stages:
            goal_cells = [self._goal_cell(g, goal, st, goal_cap) for g, goal in enumerate(goals, 1)]
            budget = room - self._body_height(goal_cells, goal_w)
            cells, fits = [], True
            for p, priority in enumerate(priorities, start=1):
                options = (
                    self._priority_cell(p, priority, st, m)
                    for m in range(self.MAX_MILESTONES, fewest - 1, -1)
                )
                cell, ok = self._fit(options, prio_w, budget)
                cells.append(cell)
                fits = fits and ok
            if fits:
                break
        else:
            cells = []
            for p, priority in enumerate(priorities, start=1):
                count = len(priority["strategies"])
                options = (self._priority_cell(p, priority, st, 0, k) for k in range(count, 0, -1))
                cells.append(self._fit(options, prio_w, budget)[0])
        content = self._summary_content(width, st, goal_cells, cells)
        if stack_height(content, width) > height:  # pragma: no cover - texts are clipped
            return [KeepInFrame(width, height, content, mode="truncate")]
        return content

    def _fit(
        self, candidates: Iterator[list[Flowable]], width: float, budget: float
    ) -> tuple[list[Flowable], bool]:
        """The first of the ``candidates`` (most detail first) whose cell fits in ``budget``
        points and True, else the last one and False."""
        cell: list[Flowable] = []
        for cell in candidates:
            if self._cell_height(cell, width) <= budget:
                return cell, True
        return cell, False

    def _cell_height(self, parts: list[Flowable], width: float) -> float:
        """The height a list of flowables takes in a table cell ``width`` wide (as Table
        measures it: spaces between the parts, not before the first or after the last)."""
        inner = width - 2 * self.PAD
        total = 0.0
        for i, part in enumerate(parts):
            _w, h = part.wrap(inner, 0xFFFFFF)
            total += h
            if i:
                total += part.getSpaceBefore()
            if i < len(parts) - 1:
                total += part.getSpaceAfter()
        return total + 2 * self.PAD_Y

    def _body_height(self, cells: list[list[Flowable]], width: float) -> float:
        return max((self._cell_height(cell, width) for cell in cells), default=0.0)

    # -- content --------------------------------------------------------------------------

    def _summary_styles(self, size: float) -> dict[str, ParagraphStyle]:
        leading = round(size * 1.25, 2)
        st = self.styles

        def sized(name: str, parent: str, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                f"summary-{name}-{size:g}",
                parent=st[parent],
                fontSize=size,
                leading=leading,
                **kw,
            )

        return {
            "title": ParagraphStyle(
                f"summary-title-{size:g}",
                parent=st["h1"],
                fontSize=size * 2,
                leading=size * 2.5,
                spaceAfter=size * 0.6,
            ),
            "intro": sized("intro", "small", spaceAfter=0),
            "cell": sized("cell", "cell"),
            "head": sized("head", "cell_head"),
            "note": sized("note", "note"),
        }

    def _summary_content(
        self,
        width: float,
        st: dict[str, ParagraphStyle],
        goal_cells: list[list[Flowable]],
        priority_cells: list[list[Flowable]],
    ) -> list[Flowable]:
        p = self.profile
        self._keys += 1
        title = "Our Plan on a Page"
        content: list[Flowable] = [
            Anchor(f"h{self._keys}", title, 0, self.marks),
            self._p(title, st["title"]),
        ]
        intro = []
        for label, key in (("Vision", "vision"), ("Mission", "mission")):
            text = clip(_s(p.get(key)), self.CLIP["intro"])
            if text:
                intro.append(f"<b>{label}:</b> {markup(text)}")
        if intro:
            content.append(self._p("<br/>".join(intro), st["intro"]))
        content.append(Spacer(1, 4))
        content.append(self._summary_goals(width, st, goal_cells))
        content.append(Spacer(1, 6))
        content.append(self._summary_priorities(width, st, priority_cells))
        content.append(Spacer(1, 4))
        content.append(
            self._p(
                markup(
                    "Practice codes refer to the Four Domains for Rapid School Improvement "
                    "(1a–4c). The full plan, with every action and report, is in the Tool A PDF."
                ),
                st["note"],
            )
        )
        return content

    def _more(self, text: str, st: dict[str, ParagraphStyle]) -> Paragraph:
        return self._p(f"&nbsp;&nbsp;<font color='#5F6B7A'>{text}</font>", st["cell"])

    def _goal_cell(
        self,
        g: int,
        goal: GoalRow,
        st: dict[str, ParagraphStyle],
        max_measures: int | None = None,
    ) -> list[Flowable]:
        text = clip(_s(goal["text"]), self.CLIP["goal"])
        parts: list[Flowable] = [self._p(f"<b>Goal {g}.</b> {markup(text)}", st["cell"])]
        measures = goal["measures"]
        shown = measures if max_measures is None else measures[:max_measures]
        for measure_ in shown:
            targets = [
                f"Y{y}: {markup(glue(clip(target, self.CLIP['target'])))}"
                for y, target in measure_targets(measure_, self.span)
                if target
            ]
            base = clip(_s(measure_["baseline"]), self.CLIP["target"])
            indicator = clip(_s(measure_["indicator"]), self.CLIP["indicator"])
            line = f"• {markup(glue(indicator))}"
            words = kind_words(measure_)
            if words:
                line += f" <font color='#5F6B7A'>({markup(words.lower())})</font>"
            if base:
                line += f"<br/><font color='#5F6B7A'>Baseline: {markup(glue(base))}</font>"
            if targets:
                line += "<br/><b>Targets</b> " + " · ".join(targets)
            parts.append(self._p(line, st["cell"]))
        hidden = len(measures) - len(shown)
        if hidden:
            parts.append(self._more(f"+ {hidden} more {plural(hidden, 'measure')}", st))
        return parts

    def _priority_cell(
        self,
        p: int,
        priority: PriorityRow,
        st: dict[str, ParagraphStyle],
        max_milestones: int | None = None,
        max_strategies: int | None = None,
    ) -> list[Flowable]:
        per_strategy = self.MAX_MILESTONES if max_milestones is None else max_milestones
        strategies = priority["strategies"]
        shown = strategies if max_strategies is None else strategies[:max_strategies]
        parts: list[Flowable] = []
        for s, strategy in enumerate(shown, start=1):
            code = clip(_s(strategy["practice_code"]), self.CLIP["target"])
            tag = f" <font color='#1F3B5C'><b>[{markup(code)}]</b></font>" if code else ""
            strat = clip(_s(strategy["if_text"]), self.CLIP["strategy"])
            we = "" if strat.lower().startswith("we ") else "we "
            parts.append(self._p(f"<b>{p}.{s}</b>{tag} If {we}{markup(strat)}", st["cell"]))
            milestones = strategy["milestones"]
            for milestone in milestones[:per_strategy]:
                when = clip(_s(milestone["timeline"]), self.CLIP["target"])
                when_text = f" <font color='#5F6B7A'>({markup(when)})</font>" if when else ""
                text = clip(_s(milestone["text"]), self.CLIP["milestone"])
                parts.append(self._p(f"&nbsp;&nbsp;◆ {markup(text)}{when_text}", st["cell"]))
            more = len(milestones) - per_strategy
            if more > 0:
                word = "more " if per_strategy else ""
                parts.append(self._more(f"+ {more} {word}{plural(more, 'milestone')}", st))
            parts.append(Spacer(1, 3))
        hidden = strategies[len(shown) :]
        if hidden:
            count = len(hidden)
            steps = sum(len(x["milestones"]) for x in hidden)
            text = f"+ {count} more {plural(count, 'strategy')}"
            if steps:
                text += f" ({steps} {plural(steps, 'milestone')})"
            parts.append(self._more(text + " in the full plan", st))
        return parts

    def _summary_goals(
        self, width: float, st: dict[str, ParagraphStyle], cells: list[list[Flowable]]
    ) -> Table:
        if not cells:
            cells = [[self._p("<b>Goals</b> not written yet.", st["cell"])]]
        count = len(cells)
        table = Table(
            [[self._p("<b>Goals</b>", st["head"])] + [""] * (count - 1), cells],
            colWidths=[width / count] * count,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("FONT", (0, 0), (-1, -1), FONT, st["cell"].fontSize, st["cell"].leading),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                    ("LINEBEFORE", (1, 1), (-1, -1), 0.5, GRID),
                    *self._padding(),
                ]
            )
        )
        return table

    def _summary_priorities(
        self, width: float, st: dict[str, ParagraphStyle], cells: list[list[Flowable]]
    ) -> Table:
        priorities = self.plan["priorities"]
        heads: list[Any] = [
            self._p(
                f"<b>Priority {p}.</b> {markup(clip(_s(pr['title']), self.CLIP['goal']))}",
                st["head"],
            )
            for p, pr in enumerate(priorities, start=1)
        ]
        if not heads:
            heads = [self._p("<b>Priorities</b>", st["head"])]
            cells = [[self._p("No priority areas chosen yet.", st["cell"])]]
        count = len(heads)
        table = Table([heads, cells], colWidths=[width / count] * count, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("FONT", (0, 0), (-1, -1), FONT, st["cell"].fontSize, st["cell"].leading),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    *self._padding(),
                ]
            )
        )
        return table

    def _padding(self) -> list[tuple[Any, ...]]:
        return [
            ("LEFTPADDING", (0, 0), (-1, -1), self.PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.PAD),
            ("TOPPADDING", (0, 0), (-1, -1), self.PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.PAD_Y),
        ]
