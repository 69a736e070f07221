"""Targets: whether a yearly target names an amount (or a rating) to reach and a time.

Educators write both in many ways, so the time patterns are tried first and removed; a number
left over is the amount, and for a rating target any word left over is the rating.
"""

from __future__ import annotations

import re
from functools import cache

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
_TIME = (
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
# Numbers that name a group rather than an amount: grade 3, grades 3–5, K–2, 3rd grade, tier 2.
_LABEL = (
    r"\bgrades?\s*(?:K|\d{1,2})(?:\s*(?:[-–—,&]|to|through|and)\s*(?:K|\d{1,2}))*(?!\d)",
    r"\b(?:pre-?K|PK|TK|K)\s*[-–—]\s*\d{1,2}(?!\d)",
    r"(?<!\d)\d{1,2}(?:st|nd|rd|th)(?:\s*(?:[-–—]|to|through)\s*\d{1,2}(?:st|nd|rd|th))?"
    r"[\s-]+grade(?:rs|s)?\b",
    r"\b(?:tier|unit|module|lesson|phase|cohort)\s*\d{1,2}(?!\d)",
)
_AMOUNT = (
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|dozen|half|halve|halved|double|doubled|twice|triple"
    r"|tripled)\b"
)


# The patterns are compiled the first time a target is read, not as the module loads: they took
# about ten milliseconds of opening a plan, before its first page was on screen
# (tests/unit/test_quick_open.py).
@cache
def _time_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in _TIME)


@cache
def _label_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in _LABEL)


@cache
def _amount() -> re.Pattern[str]:
    return re.compile(_AMOUNT, re.IGNORECASE)


def has_time(target: str) -> bool:
    """Whether a target says by when: a year, a school year, a month, a season, a date …"""
    return any(pattern.search(target or "") for pattern in _time_patterns())


def has_amount(target: str) -> bool:
    """Whether a target names a number or percentage to reach, apart from its dates and
    the grades or tiers it is about."""
    return _amount_in(_without_time(target)[0])


def _without_time(target: str) -> tuple[str, bool]:
    """The target with its time taken out, each time pattern in turn, and whether it has a
    time at all (as :func:`has_time` says: until a pattern takes something out, each one
    is tried on the target as written), so a target's patterns are run once for both."""
    rest, timed = target or "", False
    for pattern in _time_patterns():
        rest, found = pattern.subn(" ", rest)
        timed = timed or found > 0
    return rest, timed


def _amount_in(rest: str) -> bool:
    """Whether a target without its time names an amount, apart from grades and tiers."""
    for pattern in _label_patterns():
        rest = pattern.sub(" ", rest)
    return bool(_amount().search(rest))


# What is left of a rating target once its time is taken out, apart from these, is the rating.
_RATING_FILLER = frozenset(
    {
        *("by", "in", "at", "of", "on", "to", "for", "the", "a", "an", "and", "or"),
        *("reach", "reaches", "earn", "earns", "get", "achieve", "be", "is", "are"),
        *("rated", "rating", "status", "score", "scores", "result", "results"),
        *("our", "school", "students", "will"),
    }
)


def has_rating(target: str) -> bool:
    """Whether a rating target names the rating to reach ("Meets", "Exceeds Expected Growth",
    "4 stars", "Level 3", "★★★★"), apart from its time."""
    return _rating_in(_without_time(target)[0])


def _rating_in(rest: str) -> bool:
    """Whether a rating target without its time names the rating to reach."""
    # A percentage or a bare number is an amount, not a rating: "55 %" alone names none
    # ("4 stars" and "Level 3" have their word).
    rest = re.sub(r"\d+(?:[.,]\d+)?\s*(?:%|percent\b)", " ", rest, flags=re.IGNORECASE)
    words = re.findall(r"[\w★☆*+]+", rest.lower())
    return any(word not in _RATING_FILLER and not word.isdigit() for word in words)


def target_problems(target: str, rating: bool = False) -> list[str]:
    """Why a target is not measurable and time-bound (empty when it is). A ``rating`` target
    ("Meets by spring 2027") needs a rating and a time, not a number."""
    problems = []
    rest, timed = _without_time(target)
    if rating:
        if not _rating_in(rest):
            problems.append("a rating to reach (such as “Meets” or a number of stars)")
    elif not _amount_in(rest):
        # "2027" alone has a number, but it is the date: say so.
        problems.append(
            "a number to reach (a count or percentage, not a date or grade)"
            if _amount().search(target or "")
            else "a number"
        )
    if not timed:
        problems.append("a time")
    return problems
