"""Steps 5–8 without Qt: numbering, budgets, named multi-row edits and the district package.

Everything that reads works on the plain snapshot of :func:`sipdesk.services.snapshot.read_plan`;
everything that writes takes the caller's session and returns a :class:`Change` for undo.
Numbers (1, 1.1, 1.1.1, 1.1.1.1 as in Tool A) are never stored: they follow from the order of
the rows, so a reorder can never leave them wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.models import (
    Action,
    ActionStatus,
    Adjustment,
    Base,
    Measure,
    MeasureResult,
    Milestone,
    MilestoneReport,
    PlanProfile,
    Priority,
    ReviewComment,
    Strategy,
    StrategyReport,
    Support,
)
from sipdesk.models.base import table_of
from sipdesk.models.formatting import file_stem, money, numbered_outline, timeline
from sipdesk.services import operations
from sipdesk.services.edits import (
    Change,
    PlanRuleError,
    delete_row,
    insert_row,
    move_row,
    update_row,
)
from sipdesk.services.progress import is_plan_month, month_index, month_parts, plan_months
from sipdesk.services.snapshot import per_plan

PlanDoc = dict[str, Any]

# --------------------------------------------------------------------- the plan's outline
KINDS = ("priority", "strategy", "milestone", "action")
MODELS: dict[str, type[Base]] = {
    "priority": Priority,
    "strategy": Strategy,
    "milestone": Milestone,
    "action": Action,
    "measure": Measure,
    "support": Support,
    "adjustment": Adjustment,
    "comment": ReviewComment,
}
# The column that puts a row under its parent in the outline.
PARENT_FK = {"strategy": "priority_id", "milestone": "strategy_id", "action": "milestone_id"}
CHILD_KEY = {"priority": "strategies", "strategy": "milestones", "milestone": "actions"}
NOUNS = {
    "priority": "priority",
    "strategy": "strategy",
    "milestone": "milestone",
    "action": "action",
    "measure": "measure",
    "support": "support",
    "adjustment": "adjustment",
    "comment": "comment",
}


def item_ref(kind: str, row_id: int) -> str:
    """The reference used across the app for one row: ``"action:12"``."""
    return f"{kind}:{row_id}"


def parse_ref(ref: str) -> tuple[str, int] | None:
    """``"action:12"`` → ``("action", 12)``; None for anything else."""
    kind, _, number = ref.partition(":")
    if not kind or not number.isdigit():
        return None
    return kind, int(number)


@dataclass(frozen=True)
class Entry:
    """One priority, strategy, milestone or action of the outline, with its Tool A number."""

    kind: str
    id: int
    number: str
    parent: str | None  # the parent's ref, None for a priority
    data: dict[str, Any]

    @property
    def ref(self) -> str:
        return item_ref(self.kind, self.id)

    @property
    def title(self) -> str:
        """A one-line name: the text a person would recognise the item by."""
        if self.kind == "priority":
            text = self.data.get("title", "")
        elif self.kind == "strategy":
            text = self.data.get("if_text", "")
            text = f"If we {text}" if text.strip() else ""
        else:
            text = self.data.get("text", "")
        return " ".join(str(text or "").split())

    @property
    def heading(self) -> str:
        """``"Strategy 1.2"`` and the like."""
        return f"{self.kind.capitalize()} {self.number}"


_PARENT_KIND = {"strategy": "priority", "milestone": "strategy", "action": "milestone"}


def outline(doc: PlanDoc) -> Iterator[Entry]:
    """Every priority, strategy, milestone and action in plan order, numbered as in Tool A."""
    return iter(index_plan(doc).values())


@per_plan  # a step's page, its grid, its comments and its budgets all ask for the same plan's
def index_plan(doc: PlanDoc) -> dict[str, Entry]:
    """The outline by ref (``"strategy:7"`` → its Entry), in plan order. Shared by every
    caller with the same plan: read it, do not change it."""
    index = {}
    for item in numbered_outline(doc):
        parent = (
            None if item.parent is None else item_ref(_PARENT_KIND[item.kind], item.parent["id"])
        )
        entry = Entry(item.kind, item.row["id"], item.number, parent, item.row)
        index[entry.ref] = entry
    return index


def numbering(doc: PlanDoc) -> dict[str, str]:
    """Tool A numbers by ref: priority ``1``, strategy ``1.1``, milestone ``1.1.1``, action
    ``1.1.1.1``."""
    return {ref: entry.number for ref, entry in index_plan(doc).items()}


def ancestors(index: dict[str, Entry], ref: str) -> list[str]:
    """Refs from the priority down to ``ref`` itself (empty if ``ref`` is unknown)."""
    chain: list[str] = []
    current: str | None = ref
    while current is not None and current in index:
        chain.append(current)
        current = index[current].parent
    return list(reversed(chain))


def strategy_measures(doc: PlanDoc) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every measure with a label: ``"Goal 1 · measure 2"`` or ``"Strategy 1.1 · measure 1"``."""
    for g, goal in enumerate(doc.get("goals", []), start=1):
        for n, measure in enumerate(goal.get("measures", []), start=1):
            yield f"Goal {g} · measure {n}", measure
    for entry in outline(doc):
        if entry.kind == "strategy":
            for n, measure in enumerate(entry.data.get("measures", []), start=1):
                yield f"Strategy {entry.number} · measure {n}", measure


# --------------------------------------------------------------------- money and dates
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_money(text: str) -> int | None:
    """Typed budget text → whole cents. ``""`` → None; ``"$1,250.5"`` → 125050.

    Raises PlanRuleError with a sentence for anything that is not an amount.
    """
    cleaned = (text or "").strip().replace("$", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not _MONEY.match(cleaned):
        raise PlanRuleError(f"“{text.strip()}” is not an amount. Type it like 1250 or 1,250.00.")
    whole, _, part = cleaned.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def format_money(cents: int | None) -> str:
    """Cents → ``"$1,250"`` or ``"$1,250.50"``; None → ``""`` (see :func:`formatting.money`)."""
    return money(cents)


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%b %d %Y", "%d %b %Y", "%B %d %Y", "%d %B %Y")


def parse_date(text: str) -> dt.date | None:
    """A typed date (2026-09-15, 9/15/2026, Sep 15 2026, 15 September 2026) or None if blank."""
    cleaned = " ".join((text or "").replace(",", " ").split())
    if not cleaned:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise PlanRuleError(f"“{text.strip()}” is not a date. Type it like 2026-09-15 or 9/15/2026.")


def month_label(month: str) -> str:
    """``"2026-09"`` → ``"Sep 2026"``; anything that is not a plan month as it is stored."""
    parts = month_parts(month)
    if parts is None:
        return str(month)
    return f"{_MONTH_ABBR[parts[1] - 1]} {parts[0]}"


_MONTH_ABBR = tuple(dt.date(2000, m, 1).strftime("%b") for m in range(1, 13))


def timeline_text(action: dict[str, Any]) -> str:
    """An action's timeline as Tool A prints it: ``"Aug 10 – 11, 2026"`` and the like."""
    return timeline(action.get("start"), action.get("due"))


# --------------------------------------------------------------------- budgets
@dataclass(frozen=True)
class BudgetTotals:
    """Summed action budgets in cents, by ref (``"strategy:3"``), and for the whole plan."""

    by_ref: dict[str, int]
    plan: int

    def of(self, ref: str) -> int:
        return self.by_ref.get(ref, 0)


def budget_totals(doc: PlanDoc) -> BudgetTotals:
    """Budgets add up from actions to milestones, strategies, priorities and the plan."""
    totals: dict[str, int] = {}
    index = index_plan(doc)
    plan_total = 0
    for entry in index.values():
        if entry.kind != "action":
            continue
        cents = entry.data.get("budget_cents") or 0
        plan_total += cents
        for ref in ancestors(index, entry.ref):
            totals[ref] = totals.get(ref, 0) + cents
    for ref in index:  # items without budgeted actions still have a total: zero
        totals.setdefault(ref, 0)
    return BudgetTotals(totals, plan_total)


# --------------------------------------------------------------------- outline edits
def add_strategy(session: Session, priority_id: int) -> Change:
    return insert_row(session, Strategy, "Add strategy", {"priority_id": priority_id})


def add_milestone(session: Session, strategy_id: int, kind: str = "process") -> Change:
    return insert_row(
        session, Milestone, "Add milestone", {"strategy_id": strategy_id, "kind": kind}
    )


def add_action(session: Session, milestone_id: int, index: int | None = None) -> Change:
    return insert_row(session, Action, "Add action", {"milestone_id": milestone_id}, index=index)


def add_strategy_measure(session: Session, strategy_id: int, index: int | None = None) -> Change:
    values = {"strategy_id": strategy_id}
    return insert_row(session, Measure, "Add strategy measure", values, index=index)


def duplicate_action(session: Session, action_id: int) -> Change:
    """A copy of an action right below it (without its monthly statuses)."""
    row = session.get(Action, action_id)
    if row is None:
        raise PlanRuleError("That action no longer exists in the plan.")
    values = {
        c: getattr(row, c)
        for c in (
            "milestone_id",
            "text",
            "outputs",
            "start",
            "due",
            "budget_cents",
            "funding_source",
            "person_responsible",
            "collaborators",
        )
    }
    return insert_row(session, Action, "Duplicate action", values, index=row.position + 1)


def delete_item(session: Session, ref: str) -> Change:
    """Delete an outline item (or a measure, support, adjustment, comment) with all it holds."""
    kind, row_id = _split(ref)
    return delete_row(session, MODELS[kind], row_id, f"Delete {NOUNS[kind]}")


def move_item(session: Session, ref: str, delta: int) -> Change:
    """Move an item up (``-1``) or down (``+1``) among its siblings; no change at the ends."""
    kind, row_id = _split(ref)
    model = MODELS[kind]
    row = session.get(model, row_id)
    if row is None:
        raise PlanRuleError("That item no longer exists in the plan.")
    table = table_of(model)
    scope = [PARENT_FK[kind]] if kind in PARENT_FK else []
    if kind == "measure":
        scope = ["goal_id", "strategy_id"]
    query = select(table.c.id)
    for column in scope:
        value = getattr(row, column)
        query = query.where(
            table.c[column].is_(None) if value is None else table.c[column] == value
        )
    siblings = list(session.scalars(query.order_by(table.c.position, table.c.id)))
    here = siblings.index(row_id)
    target = here + delta
    if not 0 <= target < len(siblings):
        return Change(f"Move {NOUNS[kind]}")
    return move_row(session, model, row_id, target, f"Move {NOUNS[kind]}")


def move_under(session: Session, ref: str, parent_ref: str, index: int | None = None) -> Change:
    """Move an item under another parent of the right kind (an action to another milestone,
    a milestone to another strategy, a strategy to another priority), last unless ``index``."""
    kind, row_id = _split(ref)
    parent_kind, parent_id = _split(parent_ref)
    fk = PARENT_FK.get(kind)
    if fk is None or KINDS.index(parent_kind) != KINDS.index(kind) - 1:
        raise PlanRuleError(f"A {NOUNS[kind]} cannot go under a {NOUNS[parent_kind]}.")
    model = MODELS[kind]
    count = len(
        list(session.scalars(select(model.id).where(getattr(model, fk) == parent_id)))  # type: ignore[attr-defined]
    )
    where = count if index is None else index
    return move_row(session, model, row_id, where, f"Move {NOUNS[kind]}", **{fk: parent_id})


def _split(ref: str) -> tuple[str, int]:
    parsed = parse_ref(ref)
    if parsed is None or parsed[0] not in MODELS:
        raise ValueError(f"not an item reference: {ref!r}")
    return parsed


def set_action_budget(session: Session, action_id: int, text: str) -> Change:
    return update_row(session, Action, action_id, "Edit budget", budget_cents=parse_money(text))


def set_action_date(session: Session, action_id: int, which: str, text: str) -> Change:
    if which not in ("start", "due"):
        raise ValueError(which)
    when = parse_date(text)
    return update_row(session, Action, action_id, f"Edit {which} date", **{which: when})


# --------------------------------------------------------------------- monitoring
STATUS_CYCLE = ("not_started", "on_track", "behind", "done")
STATUS_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "behind": "Behind",
    "done": "Done",
}


def next_status(current: str | None, step: int = 1) -> str:
    """The status one click on a month cell gives: blank → not started → on track → behind
    → done → not started …; ``step=-1`` goes backwards."""
    if current not in STATUS_CYCLE:
        return STATUS_CYCLE[0] if step > 0 else STATUS_CYCLE[-1]
    return STATUS_CYCLE[(STATUS_CYCLE.index(current) + step) % len(STATUS_CYCLE)]


def clear_action_status(session: Session, action_id: int, month: str) -> Change:
    row_id = session.scalar(
        select(ActionStatus.id).where(
            ActionStatus.action_id == action_id, ActionStatus.month == month
        )
    )
    if row_id is None:
        return Change("Clear status")
    return delete_row(session, ActionStatus, row_id, "Clear status")


def set_status_note(session: Session, action_id: int, month: str, note: str) -> Change:
    """Write the note of a month's status entry (the entry must exist)."""
    row_id = session.scalar(
        select(ActionStatus.id).where(
            ActionStatus.action_id == action_id, ActionStatus.month == month
        )
    )
    if row_id is None:
        raise PlanRuleError("Choose a status for that month first, then add a note.")
    return update_row(session, ActionStatus, row_id, "Edit status note", note=note)


def carry_forward(session: Session, month: str) -> Change:
    """Give every action with no status in ``month`` its latest earlier status (not its note):
    the team then changes only what moved. One undo step."""
    change = Change("Carry statuses forward")
    rows = session.execute(
        select(ActionStatus.action_id, ActionStatus.month, ActionStatus.status)
    ).all()
    latest: dict[int, tuple[str, str]] = {}
    has_month: set[int] = set()
    for action_id, row_month, status in rows:
        if row_month == month:
            has_month.add(action_id)
        elif row_month < month and (action_id not in latest or row_month > latest[action_id][0]):
            latest[action_id] = (row_month, status)
    for action_id in sorted(latest):
        if action_id in has_month:
            continue
        step = insert_row(
            session,
            ActionStatus,
            change.label,
            {"action_id": action_id, "month": month, "status": latest[action_id][1]},
        )
        change = change.then(step)
    return change


def standing(action: dict[str, Any], first_month: str, last_index: int) -> str | None:
    """An action's latest status recorded in or before plan month ``last_index`` (0-based)."""
    latest: tuple[int, str] | None = None
    for entry in action.get("statuses", []):
        if not is_plan_month(entry["month"]):
            continue
        idx = month_index(first_month, entry["month"])
        if idx <= last_index and (latest is None or idx >= latest[0]):
            latest = (idx, entry["status"])
    return latest[1] if latest else None


def quarter_mix(strategy: dict[str, Any], first_month: str, quarter: int) -> dict[str, int]:
    """How many of a strategy's actions stand at each status at the end of ``quarter``
    (``"none"`` counts actions with no status yet) — the progress chart's bars."""
    mix = {"done": 0, "on_track": 0, "behind": 0, "not_started": 0, "none": 0}
    for milestone in strategy.get("milestones", []):
        for action in milestone.get("actions", []):
            status = standing(action, first_month, quarter * 3 - 1) or "none"
            mix[status if status in mix else "none"] += 1  # a status no plan may hold: none
    return mix


@dataclass(frozen=True)
class BehindAction:
    ref: str
    number: str
    title: str
    month: str  # the month of the "behind" entry
    note: str
    person: str


def behind_actions(doc: PlanDoc) -> list[BehindAction]:
    """Actions whose latest recorded status is *behind*, in plan order."""
    out = []
    for entry in outline(doc):
        if entry.kind != "action":
            continue
        statuses = entry.data.get("statuses", [])
        if not statuses:
            continue
        latest = max(statuses, key=lambda s: s["month"])
        if latest["status"] == "behind":
            out.append(
                BehindAction(
                    entry.ref,
                    entry.number,
                    entry.title,
                    latest["month"],
                    latest.get("note", ""),
                    entry.data.get("person_responsible", ""),
                )
            )
    return out


def current_month(first_month: str, count: int = 12, today: dt.date | None = None) -> str:
    """Today's month when it falls in the plan year, else the nearest end of it ("" when
    ``first_month`` is not a plan month)."""
    months = plan_months(first_month, count)
    if not months:
        return ""
    today = today or dt.date.today()
    now = f"{today.year:04d}-{today.month:02d}"
    if now < months[0]:
        return months[0]
    return now if now <= months[-1] else months[-1]


def _upsert(
    session: Session, model: type[Base], label: str, key: dict[str, Any], values: dict[str, Any]
) -> Change:
    query = select(model.id)  # type: ignore[attr-defined]
    for column, value in key.items():
        query = query.where(getattr(model, column) == value)
    row_id = session.scalar(query)
    if row_id is None:
        return insert_row(session, model, label, {**key, **values})
    return update_row(session, model, row_id, label, **values)


def set_milestone_report(
    session: Session, milestone_id: int, quarter: int, **values: str
) -> Change:
    """Write narrative fields of a quarterly milestone report (created on first write)."""
    if not 1 <= quarter <= 4:
        raise ValueError("quarter is 1..4")
    return _upsert(
        session,
        MilestoneReport,
        "Edit milestone report",
        {"milestone_id": milestone_id, "quarter": quarter},
        values,
    )


def set_strategy_report(session: Session, strategy_id: int, semester: int, text: str) -> Change:
    if semester not in (1, 2):
        raise ValueError("semester is 1 or 2")
    return _upsert(
        session,
        StrategyReport,
        "Edit strategy report",
        {"strategy_id": strategy_id, "semester": semester},
        {"cause_and_adjustments": text},
    )


def set_measure_result(session: Session, measure_id: int, year: int, **values: str) -> Change:
    if not 1 <= year <= 3:
        raise ValueError("year is 1..3")
    return _upsert(
        session,
        MeasureResult,
        "Edit annual result",
        {"measure_id": measure_id, "year": year},
        values,
    )


def add_support(session: Session, strategy_id: int | None = None) -> Change:
    return insert_row(session, Support, "Add support", {"strategy_id": strategy_id})


# --------------------------------------------------------------------- adjustments
def add_adjustment(
    session: Session, made_on: dt.date | None = None, index: int | None = None
) -> Change:
    """A log entry dated today (or ``made_on``), at ``index`` in the log (default last)."""
    return insert_row(
        session,
        Adjustment,
        "Add adjustment",
        {"made_on": made_on or dt.date.today()},
        index=index,
    )


def start_adjustment(session: Session, action_id: int, number: str, title: str) -> Change:
    """One click from a behind-schedule action: a dated log entry naming the action."""
    short = title if len(title) <= 80 else title[:79] + "…"
    label = f"Action {number} “{short}”" if short else f"Action {number}"
    return operations.adjustment_from_action(session, action_id, label)


# --------------------------------------------------------------------- review
def add_comment(
    session: Session,
    step: int,
    item: str,
    author: str,
    body: str,
    when: dt.datetime | None = None,
) -> Change:
    if not body.strip():
        raise PlanRuleError("Write the comment first.")
    if not 0 <= step <= 8:
        raise ValueError("step is 0..8")
    return insert_row(
        session,
        ReviewComment,
        "Add comment",
        {
            "step": step,
            "item": item,
            "author": author.strip(),
            "body": body.strip(),
            "created_at": when or dt.datetime.now().replace(microsecond=0),
            "resolved": False,
        },
    )


def set_comment_resolved(session: Session, comment_id: int, resolved: bool) -> Change:
    label = "Resolve comment" if resolved else "Reopen comment"
    return update_row(session, ReviewComment, comment_id, label, resolved=resolved)


def comments_for_step(doc: PlanDoc, step: int) -> list[dict[str, Any]]:
    return [c for c in doc.get("review_comments", []) if c.get("step") == step]


def commentable_items(doc: PlanDoc, step: int) -> list[tuple[str, str]]:
    """(ref, label) of what a reviewer can comment on in ``step``; ``""`` is the whole step."""
    items: list[tuple[str, str]] = [("", "The step as a whole")]
    if step == 1:
        for g, goal in enumerate(doc.get("goals", []), start=1):
            items.append((item_ref("goal", goal["id"]), f"Goal {g}"))
            for n, measure in enumerate(goal.get("measures", []), start=1):
                items.append((item_ref("measure", measure["id"]), f"Goal {g} · measure {n}"))
    elif step in (4, 5, 6):
        kinds = {4: ("priority",), 5: ("priority", "strategy", "milestone", "action")}
        wanted = kinds.get(step, ("strategy", "milestone"))
        items += [(e.ref, e.heading) for e in outline(doc) if e.kind in wanted]
        if step == 6:
            items += [(item_ref("measure", m["id"]), label) for label, m in strategy_measures(doc)]
    elif step == 7:
        items += [
            (item_ref("adjustment", a["id"]), f"Adjustment {n}")
            for n, a in enumerate(doc.get("adjustments", []), start=1)
        ]
    return items


def ref_label(doc: PlanDoc, ref: str) -> str:
    """A person's name for a ref: ``"Strategy 1.2"``, ``"Goal 1 · measure 2"``; ``""`` stays
    ``""`` and unknown refs are shown as they are."""
    if not ref:
        return ""
    for step in (1, 5, 6, 7):
        for candidate, label in commentable_items(doc, step):
            if candidate == ref:
                return label
    return ref


# --------------------------------------------------------------------- the district package
PREPARE_LABEL = "Prepare for the district"
SUMMARY_NAME = " – plan on a page.pdf"  # after the shared stem


class PdfRenderer(Protocol):
    """Renders the plan open in ``session`` as PDF bytes: Tool A, or the one-page summary.

    :func:`sipdesk.export.files.pdf_renderer` makes one; services do not import the export
    layer themselves.
    """

    def __call__(self, session: Session, *, summary: bool) -> bytes: ...


@dataclass(frozen=True)
class DistrictPackage:
    """What "Prepare for the district" wrote."""

    folder: Path
    plan_file: Path
    pdf_file: Path  # the Tool A PDF
    summary_file: Path  # the one-page plan on a page


def mark_submitted(session: Session, by: str, when: dt.datetime | None = None) -> Change:
    """Mark the plan submitted (with a status event) unless it already is.

    A returned plan is resubmitted; an approved plan must be reopened as a draft first.
    """
    status = session.scalar(select(PlanProfile.status)) or "draft"
    if status == "submitted":
        return Change(PREPARE_LABEL)
    if status == "approved":
        raise PlanRuleError(
            "This plan is already approved. Reopen it as a draft for an update before "
            "sending a new version to the district."
        )
    change = operations.change_status(
        session, "submitted", by.strip(), note="Prepared for the district.", when=when
    )
    return Change(PREPARE_LABEL, change.steps)


def district_stem(doc_profile: Mapping[str, Any], today: dt.date | None = None) -> str:
    """``"Riverside Elementary School – SIP 2026-12-08"``: the name both files share."""
    today = today or dt.date.today()
    school = file_stem(str(doc_profile.get("school_name") or ""), "School improvement plan")
    return f"{school} – SIP {today.isoformat()}"


def _free_name(folder: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem``, or ``stem (2)`` … so that no file with any of ``suffixes`` is overwritten."""
    candidate = stem
    n = 2
    while any((folder / f"{candidate}{s}").exists() for s in suffixes):
        candidate = f"{stem} ({n})"
        n += 1
    return candidate


def write_district_files(
    document: Any,
    folder: Path,
    *,
    render: PdfRenderer,
    today: dt.date | None = None,
) -> DistrictPackage:
    """Write a clean copy of the plan file, the Tool A PDF and the one-page plan on a page into
    ``folder``. ``document`` is an open :class:`sipdesk.storage.PlanDocument`; nothing is
    overwritten (a number is added to the shared name instead)."""
    from sipdesk.services.snapshot import read_profile
    from sipdesk.storage.document import write_atomically

    folder = Path(folder).expanduser().absolute()
    if not folder.is_dir():
        raise PlanRuleError(f"The folder “{folder.name}” does not exist.")
    with document.session() as session:
        profile = read_profile(session)
        pdf_bytes = render(session, summary=False)
        summary_bytes = render(session, summary=True)
    stem = _free_name(folder, district_stem(profile, today), (".sipdesk", ".pdf", SUMMARY_NAME))
    plan_file = document.save_copy(folder / f"{stem}.sipdesk")
    pdf_file = folder / f"{stem}.pdf"
    summary_file = folder / f"{stem}{SUMMARY_NAME}"
    for target, data in ((pdf_file, pdf_bytes), (summary_file, summary_bytes)):

        def build(temp: Path, data: bytes = data) -> None:
            temp.write_bytes(data)

        write_atomically(build, target)
    return DistrictPackage(folder, plan_file, pdf_file, summary_file)


def prepare_for_district(
    document: Any,
    folder: Path,
    by: str,
    *,
    render: PdfRenderer,
    when: dt.datetime | None = None,
) -> tuple[Change, DistrictPackage]:
    """Both halves at once, for a shell or a script: mark submitted, then write the files
    (``render=sipdesk.export.files.pdf_renderer()``).

    The window runs :func:`mark_submitted` through its controller (so it can be undone) and
    then :func:`write_district_files` off the UI thread.
    """
    with document.transaction() as session:
        change = mark_submitted(session, by, when)
    package = write_district_files(document, folder, render=render)
    return change, package
