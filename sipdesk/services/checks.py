"""Plan health: SMART checks of measures, theory-of-action checks and plan readiness.

All checks read the plain snapshot from :func:`sipdesk.services.snapshot.read_plan`, so the
command line, the window and the PDF give the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sipdesk.models import MAX_PRIORITIES
from sipdesk.models.catalogues import practice
from sipdesk.models.formatting import numbered_outline
from sipdesk.models.plan_types import MeasureRow, PlanDoc, PriorityRow, ProfileRow
from sipdesk.models.walk import all_causes

STEP_NAMES = {
    0: "School & team",
    1: "Set the direction",
    2: "Assess needs",
    3: "Find root causes",
    4: "Choose priorities",
    5: "Build the plan",
    6: "Monitor progress",
    7: "Adjust course",
    8: "Review & export",
}

GOAL_MEASURE_YEARS = 3  # goal measures have targets for years 1 to 3
STRATEGY_MEASURE_YEARS = 2  # strategy measures for years 1 and 2

# ----------------------------------------------------------------------------- targets
# A target is SMART when it names an amount to reach (a number or percentage that is not
# itself the date) and a time to reach it by. Educators write both in many ways, so the time
# patterns are tried first and removed; a number left over is the amount.
_MONTH_NAMES = (
    r"january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
# "May" the month, not "may" the verb: capitalised, or lower case after a word that dates it.
_MAY = (
    r"(?-i:\bMay\b|\bMAY\b)"
    r"|(?:\b(?:by|in|of|through|until|till|before|from|mid|early|late)\s+may\b)"
)
_MONTH = rf"(?:\b(?:{_MONTH_NAMES})\b\.?|{_MAY})"
_PERIOD = (
    r"(?:school\s+year|year|semester|quarter|trimester|term|grading\s+period|marking\s+period)"
)
_COUNT_WORD = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_TIME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # Dates: 2027-06-01, 6/1/2027, 06/2027, 6/1 (but "3/4 of the students" is an amount).
        r"(?<!\d)(?:19|20)\d\d-\d{1,2}-\d{1,2}(?!\d)",
        r"(?<!\d)\d{1,2}/\d{1,2}/(?:\d{4}|\d\d)(?!\d)",
        r"(?<!\d)\d{1,2}/(?:19|20)\d\d(?!\d)",
        r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])(?!\s*of\b)",
        # School years: 2026–27, 2026-2027, SY 2026-27, SY27, FY27.
        r"\b(?:SY|FY)\s*'?(?:\d{4}|\d\d)(?:\s*[-–—/]\s*'?(?:\d{4}|\d\d))?(?!\d)",
        r"(?<!\d)(?:19|20)\d\d\s*[-–—/]\s*(?:(?:19|20)\d\d|\d\d)(?![\d%])",
        # A year (but "2000 %" is not one).
        r"(?<!\d)(?:19|20)\d\d(?!\d)(?!\s*%)",
        # A month, with its day if it has one: June 15, 15th of June, May. A day is 1–31 and
        # never an amount ("By June 80% of students" keeps its 80 %).
        rf"{_MONTH}(?:\s+{_DAY}(?:st|nd|rd|th)?(?![\d%.,]\d|\s*%|\s*percent))?",
        rf"(?<!\d){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}",
        # Two-digit school years: 26-27, 26–27 (before a year or "school year", or after "by").
        r"(?<![\d.,])\d\d\s*[-–—/]\s*\d\d(?![\d%])(?=\s*(?:school\s+)?year\b)",
        r"\b(?:by|in|during|for)\s+\d\d\s*[-–—/]\s*\d\d(?![\d%])",
        # Every year: 5 % each year, per year, a year, annually, yearly.
        r"\b(?:each|every|per|a)\s+(?:school\s+)?year\b",
        r"\b(?:annually|yearly|each\s+semester|each\s+quarter)\b",
        # Seasons ("fall" the season, not "fall behind").
        r"\b(?:spring|summer|winter|autumn)\b",
        r"\bfall\b(?!\s+(?:behind|below|short|back|off|under|into|to|further|more)\b)",
        # Points in the school year.
        r"\b(?:mid-?year|year[- ]end)\b",
        r"(?-i:\b(?:BOY|MOY|EOY)\b)",
        rf"\b(?:beginning|start|middle|end)[- ]of[- ](?:the[- ])?{_PERIOD}\b",
        # Grading periods counted in weeks: the first nine weeks, the 2nd 9 weeks.
        rf"\b(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th|next)\s+{_COUNT_WORD}"
        r"[\s-]+weeks?\b",
        rf"\b(?:this|next|first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+{_PERIOD}\b",
        rf"\b{_PERIOD}\s*#?\s*\d{{1,2}}(?!\d)",
        r"\b[QST][1-4]\b",
        # How long from now: within two years, in 18 months, over the next 3 semesters.
        rf"\b(?:within|in|over|after)\s+(?:the\s+)?(?:next\s+)?{_COUNT_WORD}\s+"
        r"(?:school\s+years?|years?|months?|weeks?|semesters?|quarters?|trimesters?)\b",
    )
)
# Numbers that name a group rather than an amount: grade 3, grades 3–5, K–2, 3rd grade, tier 2.
_LABEL_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bgrades?\s*(?:K|\d{1,2})(?:\s*(?:[-–—,&]|to|through|and)\s*(?:K|\d{1,2}))*(?!\d)",
        r"\b(?:pre-?K|PK|TK|K)\s*[-–—]\s*\d{1,2}(?!\d)",
        r"(?<!\d)\d{1,2}(?:st|nd|rd|th)(?:\s*(?:[-–—]|to|through)\s*\d{1,2}(?:st|nd|rd|th))?"
        r"[\s-]+grade(?:rs|s)?\b",
        r"\b(?:tier|unit|module|lesson|phase|cohort)\s*\d{1,2}(?!\d)",
    )
)
_AMOUNT = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|dozen|half|halve|halved|double|doubled|twice|triple"
    r"|tripled)\b",
    re.IGNORECASE,
)
# A theory-of-action part needs a few real words, not "TBD" or a single verb.
_MIN_WORDS = 3
_PLACEHOLDERS = {"tbd", "todo", "n/a", "na", "xxx", "...", "?", "-"}


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where it is (step, item) and what to do, in plain words."""

    step: int
    item: str  # e.g. "goal:3", "strategy:7", "" for the step as a whole
    message: str

    @property
    def step_name(self) -> str:
        return STEP_NAMES.get(self.step, "")


def _blank(value: Any) -> bool:
    return not str(value or "").strip()


def substantive(text: str) -> bool:
    words = re.findall(r"\w+", text or "")
    if (text or "").strip().lower() in _PLACEHOLDERS:
        return False
    # Scripts written without spaces (Chinese, Japanese, Thai) count characters instead.
    return len(words) >= _MIN_WORDS or (sum(len(w) for w in words) >= 8 and len(words) >= 1)


def has_time(target: str) -> bool:
    """Whether a target says by when: a year, a school year, a month, a season, a date …"""
    return any(pattern.search(target or "") for pattern in _TIME_PATTERNS)


def has_amount(target: str) -> bool:
    """Whether a target names a number or percentage to reach, apart from its dates and
    the grades or tiers it is about."""
    rest = target or ""
    for pattern in (*_TIME_PATTERNS, *_LABEL_PATTERNS):
        rest = pattern.sub(" ", rest)
    return bool(_AMOUNT.search(rest))


def target_problems(target: str) -> list[str]:
    """Why a target is not measurable and time-bound (empty when it is)."""
    problems = []
    if not has_amount(target):
        # "2027" alone has a number, but it is the date: say so.
        problems.append(
            "a number to reach (a count or percentage, not a date or grade)"
            if _AMOUNT.search(target or "")
            else "a number"
        )
    if not has_time(target):
        problems.append("a time")
    return problems


def smart_findings(measure: MeasureRow, years: int) -> list[str]:
    """What a measure lacks to be SMART, as short phrases ("a data source", ...)."""
    missing = []
    if _blank(measure["indicator"]):
        missing.append("an indicator")
    if _blank(measure["data_source"]):
        missing.append("a data source")
    if _blank(measure["baseline"]):
        missing.append("a baseline")
    targets = [measure["target_y1"], measure["target_y2"], measure["target_y3"]][:years]
    blank = [year for year, target in enumerate(targets, start=1) if not target.strip()]
    if len(blank) == 1:
        missing.append(f"a year {blank[0]} target")
    elif blank:
        missing.append(f"targets for years {_and_list([str(y) for y in blank])}")
    for year, target in enumerate(targets, start=1):
        if target.strip():
            problems = target_problems(target)
            if measure["target_type"] == "rating":  # a rating and a time, not a number
                problems = [p for p in problems if p == "a time"]
            if problems:
                missing.append(f"{' and '.join(problems)} in the year {year} target")
    return missing


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def goal_target_years(profile: ProfileRow) -> int:
    """How many yearly targets a goal measure needs: one per year of the plan's span, as far
    as the template has years for (an annual plan needs one, a three-year plan three)."""
    return max(1, min(profile["plan_years"], GOAL_MEASURE_YEARS))


def strategy_target_years(profile: ProfileRow) -> int:
    """How many yearly targets a strategy measure needs (the template has two years)."""
    return max(1, min(profile["plan_years"], STRATEGY_MEASURE_YEARS))


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


def readiness(doc: PlanDoc, *, for_submission: bool = True) -> list[Finding]:
    """Everything that keeps the plan from being ready to send, step by step."""
    out: list[Finding] = []
    profile = doc["profile"]

    if _blank(profile["school_name"]):
        out.append(Finding(0, "profile:school_name", "Add the school's name."))
    if _blank(profile["school_year"]):
        out.append(
            Finding(
                0,
                "profile:school_year",
                "Write the school year the plan starts in (for example 2026–27).",
            )
        )
    if profile["plan_date"] is None:
        out.append(Finding(0, "profile:plan_date", "Add the date of the plan."))
    # The plan's direction: every template section, so an empty one is never missed.
    if _blank(profile["vision"]):
        out.append(Finding(1, "profile:vision", "Write the school's vision."))
    if _blank(profile["mission"]):
        out.append(Finding(1, "profile:mission", "Write the school's mission."))
    if not any(not _blank(v["text"]) for v in doc["core_values"]):
        out.append(Finding(1, "core_values", "Name the school's core values."))
    for problem in theory_findings(profile["toa_if"], profile["toa_then"], profile["toa_and"]):
        out.append(Finding(1, "profile:toa_if", f"The plan's theory of action: {problem}."))
    goal_years, strategy_years = goal_target_years(profile), strategy_target_years(profile)
    if for_submission and not any(not _blank(s["name"]) for s in doc["signatures"]):
        out.append(Finding(0, "signatures", "Collect the plan signatures before submitting."))

    goals = doc["goals"]
    complete_goals = [
        g for g in goals if any(measure_complete(m, goal_years) for m in g["measures"])
    ]
    if len(complete_goals) < 2:
        out.append(Finding(1, "goals", "Write at least two goals, each with a complete measure."))
    if sum(1 for g in complete_goals if g["academic"]) < 2:
        out.append(
            Finding(1, "goals", "At least two goals with complete measures should be academic.")
        )
    for number, goal in enumerate(goals, start=1):
        label = f"Goal {number} {_name(goal['text'], '')}".strip()
        measures = goal["measures"]
        if not measures:
            out.append(Finding(1, f"goal:{goal['id']}", f"{label} needs a measure."))
        for m_number, measure in enumerate(measures, start=1):
            missing = smart_findings(measure, goal_years)
            if missing:
                out.append(
                    Finding(
                        1,
                        f"measure:{measure['id']}",
                        f"{label}, measure {m_number} needs {', '.join(missing)}.",
                    )
                )
        if measures and not any(m["monitored"] for m in measures):
            out.append(
                Finding(6, f"goal:{goal['id']}", f"{label} has no measure the team monitors.")
            )

    priorities = doc["priorities"]
    if not priorities:
        out.append(Finding(4, "priorities", "Choose at least one priority area."))
    if len(priorities) > MAX_PRIORITIES:
        out.append(Finding(4, "priorities", f"Keep to at most {MAX_PRIORITIES} priority areas."))
    roots = RootCauses.of(doc)
    for p, priority in enumerate(priorities, start=1):
        p_label = f"Priority {p} {_name(priority['title'], '')}".strip()
        if not roots.linked_by(priority):
            causes_only = any(link["cause_id"] or link["chain_id"] for link in priority["links"])
            message = (
                f"{p_label} is linked only to causes that are not root causes. Link it to a "
                "root cause, or in step 3 mark one of its causes as a root cause or answer "
                "its 5 Whys."
                if causes_only
                else f"Link {p_label} to at least one root cause."
            )
            out.append(Finding(4, f"priority:{priority['id']}", message))
        strategies = priority["strategies"]
        if not strategies:
            out.append(Finding(5, f"priority:{priority['id']}", f"{p_label} needs a strategy."))
        for s, strategy in enumerate(strategies, start=1):
            s_label = f"Strategy {p}.{s}"
            ref = f"strategy:{strategy['id']}"
            for problem in theory_findings(
                strategy["if_text"], strategy["then_text"], strategy["and_text"]
            ):
                out.append(Finding(5, ref, f"{s_label}: {problem}."))
            practice_gap = practice_problem(strategy["practice_code"])
            if practice_gap:
                out.append(Finding(5, ref, f"{s_label} {practice_gap}."))
            s_measures = strategy["measures"]
            if not s_measures:
                out.append(Finding(5, ref, f"{s_label} needs a performance measure."))
            for sm_number, measure in enumerate(s_measures, start=1):
                missing = smart_findings(measure, strategy_years)
                if missing:
                    out.append(
                        Finding(
                            5,
                            f"measure:{measure['id']}",
                            f"{s_label}, measure {sm_number} needs {', '.join(missing)}.",
                        )
                    )
            milestones = strategy["milestones"]
            if not milestones:
                out.append(Finding(5, ref, f"{s_label} needs a milestone."))
            for m, milestone in enumerate(milestones, start=1):
                m_label = f"Milestone {p}.{s}.{m}"
                actions = milestone["actions"]
                if not actions:
                    out.append(
                        Finding(
                            5,
                            f"milestone:{milestone['id']}",
                            f"{m_label} needs at least one action.",
                        )
                    )
                for a, action in enumerate(actions, start=1):
                    a_label = f"Action {p}.{s}.{m}.{a}"
                    a_ref = f"action:{action['id']}"
                    undated = not action["start"] and not action["due"]
                    if action["recurrence"] == "once":
                        if undated:
                            out.append(Finding(5, a_ref, f"{a_label} needs a timeline."))
                    elif undated and _blank(action["schedule"]):
                        # A recurring action needs no start and due, but when it happens.
                        out.append(
                            Finding(
                                5,
                                a_ref,
                                f"{a_label} happens {action['recurrence']}: say when (its "
                                "schedule, or the dates it runs between).",
                            )
                        )
                    if _blank(action["person_responsible"]):
                        out.append(Finding(5, a_ref, f"{a_label} needs a person responsible."))
    return out
