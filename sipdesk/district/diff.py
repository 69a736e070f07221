"""What changed between two versions of a plan, section by section (issue 13, item 5).

:func:`compare` takes two plans in the interchange form (``sipdesk export --json``'s document,
:func:`sipdesk.district.versions.read_version`) and returns a :class:`PlanDiff`: for each section
a reviewer reads (the school and plan, goals, measures and targets, priorities, strategies,
actions and their statuses, monitoring) the items added, removed or changed, each change with
its fields' before and after.

Items are matched by their ids, which a plan keeps for as long as the item lives, so a goal
edited, moved or renumbered is still the same goal. Two versions that are different plans (the
school started a new plan, with a new plan id) share no ids: their items are matched by their
place in the plan instead. One change is reported once:

- an item added or removed with everything under it is one change ("Added Priority 4 … with
  2 strategies and 5 actions"), not one per measure, milestone and action inside it;
- an edited item is one change listing each field that differs;
- what is not a change is left out: spacing inside a text, the order of things kept in a natural
  order (a priority's root causes, an action's monthly statuses), numbers shifting because an
  item before them came or went.

Items are named as plan health names them: ``goal:3``, ``measure:12``, ``priority:2``,
``strategy:7``, ``milestone:4``, ``action:19`` (``item``), and "Goal 1", "Strategy 1.2",
"Action 1.2.1.3" (``label``, numbered as in Tool A, by the newer version, or by the older one for
what was removed). Pure functions over plain data; no Qt, no database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sipdesk.district.diff_fields import (
    ACTION,
    ACTION_STATUS,
    ADJUSTMENT,
    CORE_VALUE,
    CYCLE,
    DIRECTION,
    GOAL,
    GROUP,
    MEASURE,
    MEMBER,
    MILESTONE,
    MILESTONE_REPORT,
    PLAN_YEAR,
    PRIORITY,
    PROFILE_FACTS,
    RESULT,
    STRATEGY,
    STRATEGY_REPORT,
    SUPPORT,
    Fields,
    month,
    quoted,
    short,
    text,
)

Kind = Literal["added", "removed", "changed"]
Doc = Mapping[str, Any]
Row = Mapping[str, Any]

# Sections in the order a reviewer reads them.
SCHOOL, GOALS, MEASURES, PRIORITIES = "school", "goals", "measures", "priorities"
STRATEGIES, ACTIONS, MONITORING = "strategies", "actions", "monitoring"
SECTION_TITLES = {
    SCHOOL: "The school and the plan",
    GOALS: "Goals",
    MEASURES: "Measures and targets",
    PRIORITIES: "Priorities",
    STRATEGIES: "Strategies and milestones",
    ACTIONS: "Actions and their statuses",
    MONITORING: "Monitoring",
}


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after ("" when it was or is empty)."""

    field: str  # its name as people read it: "Year 2 target", "Status in October 2026"
    before: str
    after: str

    def line(self, kind: Kind = "changed") -> str:
        """ "Year 2 target: “58%” → “60%”"; of an item added or removed, what it reads or read."""
        if kind == "added":
            return f"{self.field}: {quoted(self.after)}"
        if kind == "removed":
            return f"{self.field}: {quoted(self.before)}"
        return f"{self.field}: {quoted(self.before)} → {quoted(self.after)}"


@dataclass(frozen=True)
class Change:
    """One item added, removed or changed."""

    kind: Kind
    item: str  # plan health's name for it ("goal:3"), "" for what plan health does not name
    label: str  # "Goal 1", "Strategy 1.2", "The plan's direction"
    name: str = ""  # the item's own words, shortened ("Students will read on grade level")
    fields: tuple[FieldChange, ...] = ()
    inside: str = ""  # for an item added or removed: what came or went with it

    def headline(self) -> str:
        """ "Changed Goal 1 “Students will read …”" — one line naming the change."""
        # "Changed Goal 1", but "Changed the school's details" in the middle of a sentence.
        label = (
            self.label[0].lower() + self.label[1:] if self.label.startswith("The ") else self.label
        )
        line = f"{self.kind.capitalize()} {label}"
        if self.name:
            line += f" “{self.name}”"
        if self.inside:
            line += f", with {self.inside}"
        return line

    def lines(self) -> list[str]:
        """Each field as a line (for an item added or removed, only what it reads or read)."""
        return [field_change.line(self.kind) for field_change in self.fields]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PlanDiff:
    """Every section, in reading order, with its changes (none for an untouched section)."""

    sections: tuple[Section, ...]
    # Parts of the plan outside these sections that differ too ("the SWOT board").
    other_parts: tuple[str, ...] = ()
    same_plan: bool = True  # False: the versions are different plans, matched by place

    @property
    def changed(self) -> list[Section]:
        return [section for section in self.sections if section.changes]

    @property
    def unchanged(self) -> list[Section]:
        return [section for section in self.sections if not section.changes]

    @property
    def changes(self) -> list[Change]:
        return [change for section in self.sections for change in section.changes]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.other_parts


# Fields of a new item as they come, not worth a line when it is added or removed.
AS_THEY_COME: dict[str, Any] = {
    "academic": False,
    "target_type": "number",
    "monitored": True,
    "recurrence": "once",
}


def _fields(before: Row, after: Row, fields: Fields) -> list[FieldChange]:
    """The fields that differ; against ``{}`` (an item added or removed), the ones filled in
    and not left as they come (a one-off action, a measure reviewed in monitoring)."""
    out = []
    whole = before if not after else after if not before else None
    for key, name, show in fields:
        if whole is not None and key in AS_THEY_COME and whole.get(key) == AS_THEY_COME[key]:
            continue
        old, new = show(before.get(key)), show(after.get(key))
        if old != new:
            out.append(FieldChange(name, old, new))
    return out


# --------------------------------------------------------------------- the plan as numbered items


@dataclass
class _Node:
    """One item of a plan, with what a change to it is called."""

    kind: str  # "goal", "measure", "group", "priority", "strategy", "milestone", "action", …
    key: Any  # what matches it across versions: its id, or its place
    item: str
    label: str
    name: str
    row: Row
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)


class _Plan:
    """A plan's items, by kind and key, in plan order."""

    def __init__(self, doc: Doc, by_id: bool) -> None:
        self.doc = doc
        self.by_id = by_id
        self.nodes: dict[str, dict[Any, _Node]] = {}
        self.lists: dict[tuple[str, Any], list[Any]] = {}  # (kind, parent key) → keys in order
        self._walk()

    def add(
        self,
        kind: str,
        row: Row,
        label: str,
        *,
        parent: _Node | None = None,
        item_kind: str = "",
        name: Any = "",
        place: Any = None,
    ) -> _Node:
        ident = row.get("id")
        key = ident if self.by_id and isinstance(ident, int) else (place or label)
        item = f"{item_kind}:{ident}" if item_kind and isinstance(ident, int) else ""
        node = _Node(kind, key, item, label, short(name), row, parent)
        self.nodes.setdefault(kind, {})[key] = node
        self.lists.setdefault((kind, parent.key if parent else None), []).append(key)
        if parent is not None:
            parent.children.append(node)
        return node

    def _walk(self) -> None:
        doc = self.doc
        for n, value in enumerate(_rows(doc, "core_values"), start=1):
            self.add("core_value", value, f"Core value {n}", name=value.get("text"))
        for n, member in enumerate(_rows(doc, "team"), start=1):
            self.add("member", member, f"Team member {n}", name=member.get("name"))
        for g, goal in enumerate(_rows(doc, "goals"), start=1):
            node = self.add("goal", goal, f"Goal {g}", item_kind="goal", name=goal.get("text"))
            self._measures(node, goal)
        for p, priority in enumerate(_rows(doc, "priorities"), start=1):
            pnode = self.add(
                "priority",
                priority,
                f"Priority {p}",
                item_kind="priority",
                name=priority.get("title"),
            )
            self._measures(pnode, priority)
            for s, strategy in enumerate(_rows(priority, "strategies"), start=1):
                snode = self.add(
                    "strategy",
                    strategy,
                    f"Strategy {p}.{s}",
                    parent=pnode,
                    item_kind="strategy",
                    name=strategy.get("if_text"),
                )
                self._measures(snode, strategy)
                for m, milestone in enumerate(_rows(strategy, "milestones"), start=1):
                    mnode = self.add(
                        "milestone",
                        milestone,
                        f"Milestone {p}.{s}.{m}",
                        parent=snode,
                        item_kind="milestone",
                        name=milestone.get("text"),
                    )
                    for a, action in enumerate(_rows(milestone, "actions"), start=1):
                        self.add(
                            "action",
                            action,
                            f"Action {p}.{s}.{m}.{a}",
                            parent=mnode,
                            item_kind="action",
                            name=action.get("text"),
                        )
        for n, cycle in enumerate(_rows(doc, "cycles"), start=1):
            self.add("cycle", cycle, f"Monitoring period {n}", name=cycle.get("name"))
        for n, adjustment in enumerate(_rows(doc, "adjustments"), start=1):
            self.add(
                "adjustment", adjustment, f"Adjustment {n}", name=adjustment.get("what_changed")
            )
        for n, support in enumerate(_rows(doc, "supports"), start=1):
            self.add("support", support, f"Support {n}", name=support.get("needed"))

    def _measures(self, owner: _Node, row: Row) -> None:
        for m, measure in enumerate(_rows(row, "measures"), start=1):
            mnode = self.add(
                "measure",
                measure,
                f"{owner.label}, measure {m}",
                parent=owner,
                item_kind="measure",
                name=measure.get("indicator"),
            )
            for r, group in enumerate(_rows(measure, "groups"), start=1):
                named = text(group.get("group")) or f"row {r}"
                # A group row without an id is matched by its place under its measure.
                label = f"{mnode.label}, {named}"
                self.add("group", group, label, parent=mnode, place=(mnode.key, r))

    def get(self, kind: str, key: Any) -> _Node | None:
        return self.nodes.get(kind, {}).get(key)

    def of(self, kind: str) -> Iterator[_Node]:
        yield from self.nodes.get(kind, {}).values()


def _rows(owner: Row, key: str) -> list[Row]:
    value = owner.get(key)
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


# --------------------------------------------------------------------- comparing


KIND_WORDS = {
    "measure": ("measure", "measures"),
    "group": ("row for a grade or group", "rows for grades or groups"),
    "strategy": ("strategy", "strategies"),
    "milestone": ("milestone", "milestones"),
    "action": ("action", "actions"),
}
# The parent each kind is compared under (a move to another parent is reported).
PARENT_NAMES = {
    "measure": "Belongs to",
    "strategy": "Priority",
    "milestone": "Strategy",
    "action": "Milestone",
}


def _inside(node: _Node) -> str:
    """What an added or removed item brings or takes with it: "2 strategies and 5 actions"."""
    counts: dict[str, int] = {}

    def walk(parent: _Node) -> None:
        for child in parent.children:
            counts[child.kind] = counts.get(child.kind, 0) + 1
            walk(child)

    walk(node)
    words = [
        f"{counts[kind]} {KIND_WORDS[kind][counts[kind] != 1]}"
        for kind in KIND_WORDS
        if counts.get(kind)
    ]
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else ""


def _compare_kind(
    old: _Plan,
    new: _Plan,
    kind: str,
    fields: Fields,
    extra: Callable[[_Node, _Node], list[FieldChange]] | None = None,
) -> list[Change]:
    """Each item of ``kind`` added, removed or changed, in the newer plan's order (what was
    removed after, in the older plan's). An item added or removed shows its own fields that are
    not blank; one that came or went with its parent is the parent's change, not one of its own.
    """
    out: list[Change] = []
    for node in new.of(kind):
        before = old.get(kind, node.key)
        if before is None:
            if node.parent is None or old.get(node.parent.kind, node.parent.key) is not None:
                shown = tuple(_fields({}, node.row, fields))
                out.append(Change("added", node.item, node.label, node.name, shown, _inside(node)))
            continue
        changes = _fields(before.row, node.row, fields)
        if (
            before.parent is not None
            and node.parent is not None
            and before.parent.key != node.parent.key
        ):
            where = PARENT_NAMES.get(kind, "Belongs to")
            changes.insert(0, FieldChange(where, before.parent.label, node.parent.label))
        if extra is not None:
            changes += extra(before, node)
        if changes:
            out.append(Change("changed", node.item, node.label, node.name, tuple(changes)))
    for node in old.of(kind):
        gone = new.get(kind, node.key) is None
        if gone and (node.parent is None or new.get(node.parent.kind, node.parent.key) is not None):
            shown = tuple(_fields(node.row, {}, fields))
            out.append(Change("removed", node.item, node.label, node.name, shown, _inside(node)))
    return out


def _order(old: _Plan, new: _Plan, kind: str, plural: str, top: str = "") -> list[Change]:
    """A new order among the items of ``kind`` both plans have, under the same parent: one
    change of the parent ("Order of strategies"), or of the plan (``top``: "The goals")."""
    out = []
    for (list_kind, parent_key), keys in new.lists.items():
        if list_kind != kind:
            continue
        before = [key for key in old.lists.get((kind, parent_key), []) if key in keys]
        after = [key for key in keys if key in before]
        if before == after:
            continue
        names = {key: short(new.nodes[kind][key].name, 30) or "(untitled)" for key in after}
        order = FieldChange(
            f"Order of {plural}",
            "; ".join(names[key] for key in before),
            "; ".join(names[key] for key in after),
        )
        parent = new.nodes[kind][after[0]].parent
        if parent is None:
            out.append(Change("changed", "", top, fields=(order,)))
        else:
            out.append(Change("changed", parent.item, parent.label, parent.name, (order,)))
    return out


def _group_targets(before: _Node, after: _Node) -> list[FieldChange]:
    old, new = before.row.get("targets") or [], after.row.get("targets") or []
    out = []
    for year in range(1, max(len(old), len(new)) + 1):
        was = text(old[year - 1]) if year <= len(old) else ""
        now = text(new[year - 1]) if year <= len(new) else ""
        if was != now:
            out.append(FieldChange(f"Year {year} target", was, now))
    return out


def _statuses(before: _Node, after: _Node) -> list[FieldChange]:
    """An action's monthly statuses, month by month (their order is the calendar's)."""

    def by_month(node: _Node) -> dict[str, str]:
        out = {}
        for status in _rows(node.row, "statuses"):
            shown = ACTION_STATUS.get(text(status.get("status")), text(status.get("status")))
            note = text(status.get("note"))
            out[text(status.get("month"))] = f"{shown} ({note})" if note else shown
        return out

    old, new = by_month(before), by_month(after)
    return [
        FieldChange(f"Status in {month(when)}", old.get(when, ""), new.get(when, ""))
        for when in sorted(set(old) | set(new))
        if old.get(when, "") != new.get(when, "")
    ]


def _links(plan: _Plan, row: Row) -> str:
    """What a priority answers, as the causes' own words, in a steady order."""
    doc = plan.doc
    causes: dict[Any, str] = {}

    def walk(items: list[Row]) -> None:
        for cause in items:
            causes[cause.get("id")] = text(cause.get("text"))
            walk(_rows(cause, "causes"))

    for fishbone in _rows(doc, "fishbones"):
        for category in _rows(fishbone, "categories"):
            walk(_rows(category, "causes"))
    chains = {chain.get("id"): text(chain.get("symptom")) for chain in _rows(doc, "why_chains")}
    swot = {item.get("id"): text(item.get("text")) for item in _rows(doc, "swot")}
    names = []
    for link in _rows(row, "links"):
        if link.get("cause_id") is not None:
            names.append(causes.get(link["cause_id"], ""))
        elif link.get("chain_id") is not None:
            names.append("5 Whys: " + chains.get(link["chain_id"], ""))
        elif link.get("weakness_id") is not None:
            names.append(swot.get(link["weakness_id"], ""))
    return "; ".join(sorted(short(name, 80) for name in names))


def _by_period(
    rows: list[Row], period: str, name: Callable[[int], str], fields: Fields
) -> dict[str, str]:
    out = {}
    for row in rows:
        number = row.get(period)
        if isinstance(number, int):
            for key, words, show in fields:
                out[f"{name(number)}: {words}"] = show(row.get(key))
    return out


def _period_changes(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(key, old.get(key, ""), new.get(key, ""))
        for key in sorted(set(old) | set(new))
        if old.get(key, "") != new.get(key, "")
    ]


def _monitoring(old: _Plan, new: _Plan) -> list[Change]:
    """Results of measures, milestone and strategy reports of items both plans have."""
    out: list[Change] = []
    cycles = [text(c.get("name")) for c in _rows(new.doc, "cycles")]

    def quarter(n: int) -> str:
        return (cycles[n - 1] or f"Period {n}") if 0 < n <= len(cycles) else f"Quarter {n}"

    reports: list[tuple[str, str, Callable[[int], str], Fields]] = [
        ("measure", "year", lambda n: f"Year {n} result", RESULT),
        ("milestone", "quarter", quarter, MILESTONE_REPORT),
        ("strategy", "semester", lambda n: f"Semester {n} report", STRATEGY_REPORT),
    ]
    for kind, period, name, fields in reports:
        rows_key = "results" if kind == "measure" else "reports"
        for node in new.of(kind):
            before = old.get(kind, node.key)
            if before is None:
                continue
            changes = _period_changes(
                _by_period(_rows(before.row, rows_key), period, name, fields),
                _by_period(_rows(node.row, rows_key), period, name, fields),
            )
            if changes:
                out.append(Change("changed", node.item, node.label, node.name, tuple(changes)))
    return out


def _profile_change(old: Doc, new: Doc, label: str, fields: Fields) -> list[Change]:
    changes = _fields(_profile(old), _profile(new), fields)
    return [Change("changed", "", label, fields=tuple(changes))] if changes else []


def _profile(doc: Doc) -> Row:
    profile = doc.get("profile")
    return profile if isinstance(profile, Mapping) else {}


def _section_changes(old: _Plan, new: _Plan) -> dict[str, list[Change]]:
    def priority_extra(before: _Node, after: _Node) -> list[FieldChange]:
        was, now = _links(old, before.row), _links(new, after.row)
        return [FieldChange("What it answers", was, now)] if was != now else []

    return {
        SCHOOL: [
            *_profile_change(old.doc, new.doc, "The school's details", PROFILE_FACTS),
            *_profile_change(old.doc, new.doc, "The plan's direction", DIRECTION),
            *_compare_kind(old, new, "core_value", CORE_VALUE),
            *_compare_kind(old, new, "member", MEMBER),
        ],
        GOALS: [
            *_compare_kind(old, new, "goal", GOAL),
            *_order(old, new, "goal", "goals", "The goals"),
        ],
        MEASURES: [
            *_compare_kind(old, new, "measure", MEASURE),
            *_compare_kind(old, new, "group", GROUP, _group_targets),
            *_order(old, new, "measure", "measures"),
            *_order(old, new, "group", "rows for grades or groups"),
        ],
        PRIORITIES: [
            *_compare_kind(old, new, "priority", PRIORITY, priority_extra),
            *_order(old, new, "priority", "priorities", "The priorities"),
        ],
        STRATEGIES: [
            *_compare_kind(old, new, "strategy", STRATEGY),
            *_compare_kind(old, new, "milestone", MILESTONE),
            *_order(old, new, "strategy", "strategies"),
            *_order(old, new, "milestone", "milestones"),
        ],
        ACTIONS: [
            *_compare_kind(old, new, "action", ACTION, _statuses),
            *_order(old, new, "action", "actions"),
        ],
        MONITORING: [
            *_profile_change(old.doc, new.doc, "The plan year", PLAN_YEAR),
            *_compare_kind(old, new, "cycle", CYCLE),
            *_monitoring(old, new),
            *_compare_kind(old, new, "adjustment", ADJUSTMENT),
            *_compare_kind(old, new, "support", SUPPORT),
        ],
    }


# Parts of the plan outside the sections, named for "these changed too".
OTHER_PARTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "the needs assessment",
        ("needs_elements",),
        ("assessment_process", "stakeholder_input", "leverage"),
    ),
    ("the SWOT board", ("swot",), ()),
    ("the root causes", ("fishbones", "why_chains"), ("dots_per_member",)),
    ("the signatures", ("signatures",), ()),
    ("the glossary", ("glossary",), ()),
)


def _canonical(value: Any) -> Any:
    if isinstance(value, str):
        return text(value)
    if isinstance(value, Mapping):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _part(doc: Doc, lists: tuple[str, ...], profile_keys: tuple[str, ...]) -> str:
    data = {key: doc.get(key) or [] for key in lists}
    data.update({key: _profile(doc).get(key) for key in profile_keys})
    return json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False)


def _other_parts(old: Doc, new: Doc) -> tuple[str, ...]:
    out = []
    for name, lists, profile_keys in OTHER_PARTS:
        if _part(old, lists, profile_keys) != _part(new, lists, profile_keys):
            out.append(name)
    return tuple(out)


def compare(before: Doc, after: Doc, *, same_plan: bool | None = None) -> PlanDiff:
    """What changed from ``before`` to ``after``, two plans in the interchange form.

    They are versions of one plan (items matched by id) when their plan ids are the same, or
    when ``same_plan`` says so: a plan file from before plan ids gets a new random one each time
    it is read, so the desk, which knows the file had none, decides for it."""
    old_id, new_id = _profile(before).get("plan_id"), _profile(after).get("plan_id")
    same = same_plan if same_plan is not None else bool(old_id) and old_id == new_id
    old, new = _Plan(before, same), _Plan(after, same)
    found = _section_changes(old, new)
    return PlanDiff(
        sections=tuple(
            Section(key, SECTION_TITLES[key], tuple(found[key])) for key in SECTION_TITLES
        ),
        other_parts=_other_parts(before, after),
        same_plan=same,
    )


# --------------------------------------------------------------------- as text


def summary_line(diff: PlanDiff) -> str:
    """The sections with changes and the number of changes: "3 changes: goals, actions…"."""
    count = len(diff.changes)
    if diff.empty:
        return "Nothing changed between these two versions."
    if not count:
        return "No changes in the sections compared here."
    names = ", ".join(section.title.lower() for section in diff.changed)
    return f"{count} change{'s' if count != 1 else ''}: {names}."


def unchanged_line(diff: PlanDiff) -> str:
    sections = diff.unchanged
    if not sections or diff.empty:
        return ""
    return "No changes: " + ", ".join(section.title.lower() for section in sections) + "."


def other_line(diff: PlanDiff) -> str:
    if not diff.other_parts:
        return ""
    parts = list(diff.other_parts)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Also changed, not shown here: {listed}."


def text_lines(diff: PlanDiff, title: str, *, items: bool = True) -> Iterator[str]:
    """The difference as lines of text: the title, a summary, each changed section with its
    changes, then the sections without changes in one line. ``items`` adds plan health's name
    for each item ("goal:3"), which ``sipdesk district comment --on`` takes."""
    yield title
    yield summary_line(diff)
    if not diff.same_plan:
        yield (
            "These versions are two different plans (the school started a new one), so their "
            "items are compared by their place in the plan."
        )
    for section in diff.changed:
        yield ""
        yield section.title
        for change in section.changes:
            name = f"  ({change.item})" if items and change.item else ""
            yield f"  {change.headline()}{name}"
            for line in change.lines():
                yield f"    {line}"
    tail = [line for line in (unchanged_line(diff), other_line(diff)) if line]
    if tail:
        yield ""
        yield from tail


def texts(changes: Iterable[Change]) -> list[str]:
    """Every change as one line (headline and its fields), for tests and search."""
    return [" | ".join([change.headline(), *change.lines()]) for change in changes]
