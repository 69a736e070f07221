"""Plan health: SMART checks of measures, theory-of-action checks and plan readiness.

All checks read the plain snapshot from :func:`sipdesk.services.snapshot.read_plan`, so the
command line, the window and the PDF give the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sipdesk.models.catalogues import practice
from sipdesk.models.formatting import numbered_outline
from sipdesk.models.limits import MAX_PRIORITIES
from sipdesk.models.targets import measure_targets, plan_span
from sipdesk.models.walk import all_causes
from sipdesk.services.findings import STEP_NAMES as STEP_NAMES
from sipdesk.services.findings import Finding as Finding
from sipdesk.services.readiness_profiles import ReadinessProfile, profile_of
from sipdesk.services.targets import has_amount as has_amount
from sipdesk.services.targets import has_rating as has_rating
from sipdesk.services.targets import has_time as has_time
from sipdesk.services.targets import target_problems as target_problems

if TYPE_CHECKING:
    from sipdesk.models.plan_types import (
        ActionRow,
        MeasureRow,
        PlanDoc,
        PriorityRow,
        ProfileRow,
        StrategyRow,
    )

GOAL_MEASURE_YEARS = 3  # a measure's years of targets when no plan says (Tool A's three)

# A theory-of-action part needs a few real words, not "TBD" or a single verb.
_MIN_WORDS = 3
_PLACEHOLDERS = {"tbd", "todo", "n/a", "na", "xxx", "...", "?", "-"}


def _blank(value: Any) -> bool:
    return not str(value or "").strip()


def substantive(text: str) -> bool:
    words = re.findall(r"\w+", text or "")
    if (text or "").strip().lower() in _PLACEHOLDERS:
        return False
    # Scripts written without spaces (Chinese, Japanese, Thai) count characters instead.
    return len(words) >= _MIN_WORDS or (sum(len(w) for w in words) >= 8 and len(words) >= 1)


def rating_targets(measure: MeasureRow) -> bool:
    """Whether the measure's targets are ratings rather than numbers (plans made before
    measures had a target type have numbers)."""
    return cast("Mapping[str, object]", measure).get("target_type", "number") == "rating"


def measure_gaps(measure: MeasureRow, years: int) -> list[tuple[str, str]]:
    """What a measure lacks to be SMART, as (what, short phrase): ("baseline", "a baseline").
    The first part is the same for the same gap in any measure, so findings can group."""
    missing = []
    for key, phrase, value in (
        ("indicator", "an indicator", measure["indicator"]),
        ("data_source", "a data source", measure["data_source"]),
        ("baseline", "a baseline", measure["baseline"]),
    ):
        if _blank(value):
            missing.append((key, phrase))
    targets = [target for _, target in measure_targets(measure, years)]
    blank = [year for year, target in enumerate(targets, start=1) if not target.strip()]
    if len(blank) == 1:
        missing.append(("targets", f"a year {blank[0]} target"))
    elif blank:
        missing.append(("targets", f"targets for years {_and_list([str(y) for y in blank])}"))
    rating = rating_targets(measure)
    for year, target in enumerate(targets, start=1):
        if target.strip():
            problems = target_problems(target, rating)
            if problems:
                missing.append(("target", f"{' and '.join(problems)} in the year {year} target"))
    # Rows per grade or student group each need their own starting point and targets.
    groups = measure.get("groups", [])
    if any(_blank(group["baseline"]) for group in groups):
        missing.append(("group_baseline", "a baseline in each grade or group row"))
    if any(sum(1 for t in list(g["targets"])[:years] if t.strip()) < years for g in groups):
        each = "a target" if years == 1 else "a target for each year"
        missing.append(("group_targets", f"{each} in each grade or group row"))
    return missing


def smart_findings(measure: MeasureRow, years: int) -> list[str]:
    """What a measure lacks to be SMART, as short phrases ("a data source", ...)."""
    return [phrase for _, phrase in measure_gaps(measure, years)]


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def target_years(profile: ProfileRow) -> int:
    """How many yearly targets a measure needs — of a goal, a priority or a strategy alike:
    one per year of the plan's span (an annual plan needs one, a three-year plan three, a
    five-year plan five)."""
    return plan_span(profile["plan_years"])


def measure_complete(measure: MeasureRow, years: int = GOAL_MEASURE_YEARS) -> bool:
    return not smart_findings(measure, years)


def theory_findings(if_text: str, then_text: str, and_text: str) -> list[str]:
    """Which parts of an "If we … then … and …" statement are missing or too thin."""
    missing = []
    for label, text in (("If we", if_text), ("then", then_text), ("and", and_text)):
        if _blank(text):
            missing.append(f"the “{label} …” part is empty")
        elif not substantive(text):
            missing.append(f"the “{label} …” part needs a few more words")
    return missing


_LEADS = {"if": ("if we ", "if ", "we "), "then": ("then ",), "and": ("and ",)}


def _theory_part(text: str, lead: str) -> str:
    """One part as it goes into the sentence: no connective or punctuation of its own at
    either end (the sentence adds them), so none is ever doubled."""
    part = " ".join(str(text or "").split()).strip(" ,;:.")
    for word in _LEADS[lead]:
        word = word.strip()
        if part.lower().startswith(word) and part[len(word) : len(word) + 1] in (" ", ",", ";"):
            part = part[len(word) :].strip(" ,;:.")
            break
    return part or "…"


def theory_sentence(if_text: str, then_text: str, and_text: str) -> str:
    """ "If we …, then …, and …." from its three parts, whatever punctuation people typed."""
    first, then, also = (
        _theory_part(if_text, "if"),
        _theory_part(then_text, "then"),
        _theory_part(and_text, "and"),
    )
    return f"If we {first}, then {then}, and {also}."


def _name(text: str, fallback: str) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        return fallback
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def number_strategies(doc: PlanDoc) -> dict[int, str]:
    """Tool A numbering: priority 1, strategy 1.1, milestone 1.1.1, action 1.1.1.1."""
    return {
        item.row["id"]: item.number for item in numbered_outline(doc) if item.kind == "strategy"
    }


def practice_problem(code: str | None) -> str | None:
    """What is wrong with a strategy's Four Domains practice code, or ``None`` when it is one
    of the twelve practices (1a … 4c)."""
    text = str(code or "").strip()
    if not text:
        return "needs a Four Domains practice code"
    if practice(text) is None:
        return (
            f"has the practice code “{text[:20]}”, which is not one of the twelve Four Domains "
            "practices; choose one from 1a to 4c"
        )
    return None


@dataclass(frozen=True)
class RootCauses:
    """The plan's root causes: fishbone causes marked as roots, and 5-Whys chains that reach
    an answer (a chain's last "why?" answer is its root cause)."""

    cause_ids: frozenset[int]
    chain_ids: frozenset[int]

    @classmethod
    def of(cls, doc: PlanDoc) -> RootCauses:
        causes = frozenset(cause["id"] for cause, _, _ in all_causes(doc) if cause["is_root"])
        chains = frozenset(
            chain["id"]
            for chain in doc["why_chains"]
            if chain["steps"] and not _blank(chain["steps"][-1]["text"])
        )
        return cls(causes, chains)

    def linked_by(self, priority: PriorityRow) -> bool:
        """Whether at least one of the priority's links is a root cause."""
        return any(
            link["cause_id"] in self.cause_ids or link["chain_id"] in self.chain_ids
            for link in priority["links"]
        )


# The parts of a plan (besides its profile) that :func:`readiness` reads: a caller that only
# needs the findings may read just these (``snapshot.read_plan_parts``); a test holds it so.
READINESS_PARTS = ("signatures", "core_values", "goals", "fishbones", "why_chains", "priorities")


def readiness(
    doc: PlanDoc, *, for_submission: bool = True, profile: ReadinessProfile | None = None
) -> list[Finding]:
    """Everything that keeps the plan from being ready to send, step by step, by the rules of
    ``profile`` (by default the one the plan names; Tool A when it names none)."""
    rules = profile or profile_of(cast("Mapping[str, object]", doc["profile"]))
    out = _section_findings(doc, rules)
    signed = any(not _blank(s["name"]) for s in doc["signatures"])
    if for_submission and rules.applies("signatures") and not signed:
        out.append(Finding(0, "signatures", "Collect the plan signatures before submitting."))
    out += _goal_findings(doc, rules)
    out += _priority_findings(doc, rules)
    if rules.applies("communication") and not _communicates(doc, rules):
        out.append(
            Finding(
                5,
                "",
                "Say how the plan will reach staff, families and the community: add an action "
                "for it (a staff meeting, a letter or night for families, the school website).",
                rule="communication",
            )
        )
    return out


_SECTION_FINDINGS = {
    "school_name": (0, "profile:school_name", "Add the school's name."),
    "school_year": (
        0,
        "profile:school_year",
        "Write the school year the plan starts in (for example 2026–27).",
    ),
    "plan_date": (0, "profile:plan_date", "Add the date of the plan."),
    "vision": (1, "profile:vision", "Write the school's vision."),
    "mission": (1, "profile:mission", "Write the school's mission."),
    "core_values": (1, "core_values", "Name the school's core values."),
}


def _section_findings(doc: PlanDoc, rules: ReadinessProfile) -> list[Finding]:
    """The plan's required sections, so an empty one is never missed."""
    profile = doc["profile"]
    required = set(rules.words("sections", "required"))
    empty = {
        "school_name": _blank(profile["school_name"]),
        "school_year": _blank(profile["school_year"]),
        "plan_date": profile["plan_date"] is None,
        "vision": _blank(profile["vision"]),
        "mission": _blank(profile["mission"]),
        "core_values": not any(not _blank(v["text"]) for v in doc["core_values"]),
    }
    out = [
        Finding(*_SECTION_FINDINGS[section], rule=f"section:{section}")
        for section in _SECTION_FINDINGS
        if section in required and empty[section]
    ]
    if "theory_of_action" in required:
        for problem in theory_findings(profile["toa_if"], profile["toa_then"], profile["toa_and"]):
            out.append(
                Finding(
                    1,
                    "profile:toa_if",
                    f"The plan's theory of action: {problem}.",
                    rule="section:theory_of_action",
                )
            )
    return out


def _measure_findings(
    measure: MeasureRow,
    years: int,
    step: int,
    where: str,
    label: str,
    kind: str,
    gaps: list[tuple[str, str]] | None = None,
) -> list[Finding]:
    """One finding for each thing a measure lacks (``gaps``, when they are known already),
    each of which groups with the same gap in the other measures of its ``kind`` ("goal
    measures", "strategy measures")."""
    return [
        Finding(
            step,
            f"measure:{measure['id']}",
            f"{where} needs {phrase}.",
            rule=f"{kind}:{key}",
            label=label,
            together=f"{{count}} {kind} need {phrase}",
        )
        for key, phrase in (measure_gaps(measure, years) if gaps is None else gaps)
    ]


def _goal_findings(doc: PlanDoc, rules: ReadinessProfile) -> list[Finding]:
    out: list[Finding] = []
    goal_years = target_years(doc["profile"])
    goals = doc["goals"]
    # Each goal measure's gaps, worked out once for both the count of complete goals and the
    # measure's own findings (the targets' patterns are most of a plan's readiness check).
    known: dict[int, list[tuple[str, str]]] = {}

    def gaps(measure: MeasureRow) -> list[tuple[str, str]]:
        if id(measure) not in known:
            known[id(measure)] = measure_gaps(measure, goal_years)
        return known[id(measure)]

    if rules.applies("goals"):
        minimum = rules.number("goals", "minimum", 2)
        academic = rules.number("goals", "academic", 2)
        complete = [g for g in goals if any(not gaps(m) for m in g["measures"])]
        if len(complete) < minimum:
            out.append(
                Finding(
                    1,
                    "goals",
                    f"Write at least {_count_word(minimum)} goals, each with a complete measure."
                    if minimum != 1
                    else "Write at least one goal with a complete measure.",
                    rule="goals",
                )
            )
        if academic and sum(1 for g in complete if g["academic"]) < academic:
            out.append(
                Finding(
                    1,
                    "goals",
                    f"At least {_count_word(academic)} goals with complete measures should be "
                    "academic."
                    if academic != 1
                    else "At least one goal with complete measures should be academic.",
                    rule="academic_goals",
                )
            )
    if rules.applies("local_assessment") and not _has_interim_measure(doc):
        out.append(
            Finding(
                1,
                "goals",
                "Add a local assessment that shows students' progress during the year (an "
                "interim measure, such as a benchmark test), to a goal or a strategy.",
                rule="local_assessment",
            )
        )
    for number, goal in enumerate(goals, start=1):
        label = f"Goal {number} {_name(goal['text'], '')}".strip()
        measures = goal["measures"]
        if not measures and rules.applies("goal_measures"):
            out.append(
                Finding(
                    1,
                    f"goal:{goal['id']}",
                    f"{label} needs a measure.",
                    rule="goal_measure",
                    label=f"goal {number}",
                    together="{count} goals need a measure",
                )
            )
        for m_number, measure in enumerate(measures, start=1):
            if rules.applies("goal_measures"):
                short = f"goal {number}" + (f" measure {m_number}" if len(measures) > 1 else "")
                where = f"{label}, measure {m_number}"
                out += _measure_findings(
                    measure, goal_years, 1, where, short, "goal measures", gaps(measure)
                )
        if measures and rules.applies("monitoring") and not any(m["monitored"] for m in measures):
            out.append(
                Finding(
                    6,
                    f"goal:{goal['id']}",
                    f"{label} has no measure the team monitors.",
                    rule="monitoring",
                    label=f"goal {number}",
                    together="{count} goals have no measure the team monitors",
                )
            )
    return out


def _count_word(number: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[number] if 0 <= number < len(words) else str(number)


def _has_interim_measure(doc: PlanDoc) -> bool:
    measures = [m for g in doc["goals"] for m in g["measures"]]
    for priority in doc["priorities"]:
        measures += priority.get("measures", ())
        measures += [m for s in priority["strategies"] for m in s["measures"]]
    return any(cast("Mapping[str, object]", m).get("kind") == "interim" for m in measures)


def _communicates(doc: PlanDoc, rules: ReadinessProfile) -> bool:
    """Whether a milestone or action of the plan shares the plan (by the profile's words)."""
    words = [w.lower() for w in rules.words("communication", "words")]
    for priority in doc["priorities"]:
        for strategy in priority["strategies"]:
            for milestone in strategy["milestones"]:
                texts = [milestone["text"]]
                texts += [f"{a['text']} {a['outputs']}" for a in milestone["actions"]]
                if any(word in text.lower() for text in texts for word in words):
                    return True
    return False


def _priority_findings(doc: PlanDoc, rules: ReadinessProfile) -> list[Finding]:
    out: list[Finding] = []
    priorities = doc["priorities"]
    if rules.applies("priorities"):
        minimum = rules.number("priorities", "minimum", 1)
        maximum = rules.number("priorities", "maximum", MAX_PRIORITIES)
        if len(priorities) < minimum:
            out.append(
                Finding(
                    4,
                    "priorities",
                    "Choose at least one priority area."
                    if minimum == 1
                    else f"Choose at least {_count_word(minimum)} priority areas.",
                    rule="priorities",
                )
            )
        if len(priorities) > maximum:
            out.append(
                Finding(
                    4,
                    "priorities",
                    f"Keep to at most {maximum} priority areas.",
                    rule="priorities",
                )
            )
    roots = RootCauses.of(doc)
    for p, priority in enumerate(priorities, start=1):
        p_label = f"Priority {p} {_name(priority['title'], '')}".strip()
        p_ref = f"priority:{priority['id']}"
        if rules.applies("root_causes") and not roots.linked_by(priority):
            if any(link["cause_id"] or link["chain_id"] for link in priority["links"]):
                out.append(
                    Finding(
                        4,
                        p_ref,
                        f"{p_label} is linked only to causes that are not root causes. Link it "
                        "to a root cause, or in step 3 mark one of its causes as a root cause "
                        "or answer its 5 Whys.",
                        rule="root_causes:not_root",
                        label=str(p),
                        together="{count} priorities are linked only to causes that are not "
                        "root causes (link each to a root cause, or mark one of its causes as "
                        "a root cause in step 3)",
                    )
                )
            else:
                out.append(
                    Finding(
                        4,
                        p_ref,
                        f"Link {p_label} to at least one root cause.",
                        rule="root_causes",
                        label=str(p),
                        together="Link {count} priorities to at least one root cause",
                    )
                )
        # A priority's own measures are optional; one that is written is held to the same
        # rules as every measure (a target each year of the plan's span).
        if rules.applies("goal_measures") or rules.applies("strategy_measures"):
            years = target_years(doc["profile"])
            own = priority.get("measures", ())  # (a hand-made plan may leave them out)
            for m, measure in enumerate(own, start=1):
                short = str(p) + (f" measure {m}" if len(own) > 1 else "")
                where = f"{p_label}, measure {m}"
                out += _measure_findings(measure, years, 4, where, short, "priority measures")
        strategies = priority["strategies"]
        if not strategies and rules.applies("strategies"):
            out.append(
                Finding(
                    5,
                    p_ref,
                    f"{p_label} needs a strategy.",
                    rule="strategies",
                    label=str(p),
                    together="{count} priorities need a strategy",
                )
            )
        for s, strategy in enumerate(strategies, start=1):
            out += _strategy_findings(doc, strategy, f"{p}.{s}", rules)
    return out


_STRATEGY_TEXTS = {
    "evidence_base": (
        "needs the evidence behind it (the research or results that show it works)",
        "{count} strategies need the evidence behind them",
    ),
    "learning_needs": (
        "needs the professional learning the staff will need for it",
        "{count} strategies need the professional learning they call for",
    ),
}


def _strategy_findings(
    doc: PlanDoc, strategy: StrategyRow, number: str, rules: ReadinessProfile
) -> list[Finding]:
    out: list[Finding] = []
    s_label = f"Strategy {number}"
    ref = f"strategy:{strategy['id']}"

    def add(message: str, rule: str, together: str, item: str = ref, label: str = number) -> None:
        out.append(Finding(5, item, message, rule=rule, label=label, together=together))

    if rules.applies("strategy_theory"):
        for problem in theory_findings(
            strategy["if_text"], strategy["then_text"], strategy["and_text"]
        ):
            add(
                f"{s_label}: {problem}.",
                f"strategy_theory:{problem}",
                f"In {{count}} strategies, {problem}",
            )
    if rules.applies("practice_code"):
        practice_gap = practice_problem(strategy["practice_code"])
        if practice_gap and not _blank(strategy["practice_code"]):
            out.append(Finding(5, ref, f"{s_label} {practice_gap}.", rule="practice_code"))
        elif practice_gap:
            add(
                f"{s_label} {practice_gap}.",
                "practice_code:missing",
                "{count} strategies need a Four Domains practice code",
            )
    for rule, (need, together) in _STRATEGY_TEXTS.items():
        value = strategy["evidence_base" if rule == "evidence_base" else "learning_needs"]
        if rules.applies(rule) and _blank(value):
            add(f"{s_label} {need}.", rule, together)
    measures = strategy["measures"]
    if rules.applies("strategy_measures"):
        if not measures:
            add(
                f"{s_label} needs a performance measure.",
                "strategy_measure",
                "{count} strategies need a performance measure",
            )
        years = target_years(doc["profile"])
        for m, measure in enumerate(measures, start=1):
            short = number + (f" measure {m}" if len(measures) > 1 else "")
            where = f"{s_label}, measure {m}"
            out += _measure_findings(measure, years, 5, where, short, "strategy measures")
    milestones = strategy["milestones"]
    if rules.applies("milestones") and not milestones:
        add(f"{s_label} needs a milestone.", "milestones", "{count} strategies need a milestone")
    for m, milestone in enumerate(milestones, start=1):
        m_number = f"{number}.{m}"
        if rules.applies("milestones") and not milestone["actions"]:
            add(
                f"Milestone {m_number} needs at least one action.",
                "actions",
                "{count} milestones need at least one action",
                f"milestone:{milestone['id']}",
                m_number,
            )
        for a, action in enumerate(milestone["actions"], start=1):
            out += _action_findings(action, f"{m_number}.{a}", rules)
    return out


def _action_findings(action: ActionRow, number: str, rules: ReadinessProfile) -> list[Finding]:
    out: list[Finding] = []
    a_label = f"Action {number}"
    ref = f"action:{action['id']}"

    def add(message: str, rule: str, together: str) -> None:
        out.append(Finding(5, ref, message, rule=rule, label=number, together=together))

    undated = not action["start"] and not action["due"]
    if rules.applies("timelines"):
        if action["recurrence"] == "once":
            if undated:
                add(f"{a_label} needs a timeline.", "timelines", "{count} actions need a timeline")
        elif undated and _blank(action["schedule"]):
            # A recurring action needs no start and due, but when it happens.
            add(
                f"{a_label} happens {action['recurrence']}: say when (its schedule, or the "
                "dates it runs between).",
                "timelines:recurring",
                "{count} recurring actions need to say when they happen (a schedule, or the "
                "dates they run between)",
            )
    if rules.applies("owners") and _blank(action["person_responsible"]):
        add(
            f"{a_label} needs a person responsible.",
            "owners",
            "{count} actions need a person responsible",
        )
    costs_nothing = action["budget_cents"] == 0  # recorded as free, not left blank
    if rules.applies("funding") and _blank(action["funding_source"]) and not costs_nothing:
        add(
            f"{a_label} needs a funding source, or a budget of $0 when it costs nothing.",
            "funding",
            "{count} actions need a funding source, or a budget of $0 when they cost nothing",
        )
    return out
