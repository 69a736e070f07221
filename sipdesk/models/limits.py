"""The one set of limits every way into a plan obeys.

The file validator, the JSON importer and the editing services all read these numbers, so a
plan that one of them accepts is never refused by another, and every screen, the PDF and every
export are built and measured to stay usable at these sizes. Each limit is far above anything a
real school plan needs (a real plan has tens of causes and actions, not thousands) and far below
what would freeze an old laptop.
"""

from __future__ import annotations

from types import MappingProxyType

# A plan file, and a plan in the JSON interchange format (JSON spells the same plan out longer).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024

# The longest text one field may hold, in characters: about seven printed pages.
MAX_TEXT_CHARS = 20_000

# How many levels sub-causes may nest below a fishbone's bone (a cause on the bone is level 1).
MAX_CAUSE_DEPTH = 50

# The most monitoring cycles one plan year may be cut into (a month each, over two years).
MAX_CYCLES = 24

# The most priorities one plan may set (step 4); here, not beside the model, so the checks on
# a plan's first page read it without loading SQLAlchemy.
MAX_PRIORITIES = 4

# The most rows of each kind one plan may hold, by table.
MAX_ROWS: MappingProxyType[str, int] = MappingProxyType(
    {
        "plan_profile": 1,
        "team_members": 200,
        "signatures": 200,
        "core_values": 200,
        "goals": 200,
        "measures": 1_000,
        "measure_results": 5_000,
        "measure_groups": 5_000,
        "glossary_terms": 1_000,
        "needs_elements": 200,
        "swot_items": 1_000,
        "fishbones": 200,
        "fishbone_categories": 1_000,
        "causes": 2_000,
        "dot_votes": 20_000,
        "why_chains": 500,
        "why_steps": 2_000,
        "priorities": 4,
        "priority_links": 2_000,
        "strategies": 500,
        "milestones": 2_000,
        "actions": 2_000,
        "action_statuses": 50_000,
        "milestone_reports": 8_000,
        "strategy_reports": 1_000,
        "supports": 500,
        "adjustments": 2_000,
        "review_comments": 2_000,
        "status_events": 2_000,
        "agenda_segments": 100,
        "parked_ideas": 2_000,
        "cycles": MAX_CYCLES,
    }
)

# Plain words for each kind, for the sentence that names a limit.
ROW_NOUNS: MappingProxyType[str, str] = MappingProxyType(
    {
        "plan_profile": "school profiles",
        "team_members": "team members",
        "signatures": "signatures",
        "core_values": "core values",
        "goals": "goals",
        "measures": "measures",
        "measure_results": "yearly measure results",
        "measure_groups": "measure rows for grades or student groups",
        "glossary_terms": "glossary terms",
        "needs_elements": "needs-assessment elements",
        "swot_items": "SWOT items",
        "fishbones": "fishbone diagrams",
        "fishbone_categories": "fishbone categories",
        "causes": "causes",
        "dot_votes": "members' votes",
        "why_chains": "5-Whys chains",
        "why_steps": "5-Whys answers",
        "priorities": "priority areas",
        "priority_links": "priority links",
        "strategies": "strategies",
        "milestones": "milestones",
        "actions": "actions",
        "action_statuses": "monthly action statuses",
        "milestone_reports": "milestone reports",
        "strategy_reports": "semester strategy reports",
        "supports": "supports",
        "adjustments": "adjustments",
        "review_comments": "district comments",
        "status_events": "status changes",
        "agenda_segments": "agenda segments",
        "parked_ideas": "parked ideas",
        "cycles": "monitoring cycles",
    }
)

# Ranges of the numbers and dates a plan holds.
MIN_YEAR, MAX_YEAR = 1900, 2199
MAX_DOTS_PER_MEMBER = 99  # dots one member may place in a voting round
MAX_PLAN_YEARS = 5  # the longest span a plan may cover, in school years
MAX_TALLY = 9_999  # dots typed in as a tally on one cause
MAX_SEGMENT_MINUTES = 240  # one agenda segment: half a school day at most
MAX_BUDGET_CENTS = 10**13  # one hundred billion dollars, either way


def rows_sentence(table: str, where: str) -> str:
    """One sentence saying that ``where`` (a file's name, or "this plan") is at a row limit."""
    noun = ROW_NOUNS.get(table, "rows")
    return f"{where} would have more than {MAX_ROWS[table]:,} {noun}, the most a plan may hold."


def text_sentence(where: str) -> str:
    """One sentence saying that ``where`` holds a text over the field limit."""
    return (
        f"{where} holds a text longer than {MAX_TEXT_CHARS:,} characters, the most a field "
        "may hold."
    )


def depth_sentence(where: str) -> str:
    return (
        f"{where} nests sub-causes more than {MAX_CAUSE_DEPTH} levels deep, the most a "
        "fishbone may hold."
    )
