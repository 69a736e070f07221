"""Reference catalogues bundled with SIP Desk: read-only data, loaded once, no Qt.

The data lives in ``resources/catalogues/*.json`` (the twelve Four Domains practices, the Tool A
needs-assessment elements, default fishbone category sets, coaching prompts per wizard step, and
Tool C, the district's self-reflection: its elements, levels and prompts).
Each loader validates the shape it reads, so a damaged install fails with one clear message
instead of a ``KeyError`` deep inside a page.

The records are named tuples rather than dataclasses: making a dataclass runs generated code
through the compiler, about half a millisecond each on Python 3.11, and these load on the way
to an open plan's first page (issue 12); a named tuple is made in a tenth of that.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from sipdesk.paths import resource_path

__all__ = [
    "AgendaItem",
    "CatalogueError",
    "CategorySet",
    "Domain",
    "NeedsElement",
    "Practice",
    "StepPrompts",
    "ToolC",
    "ToolCDomain",
    "ToolCElement",
    "ToolCLevel",
    "agenda_for_step",
    "all_step_prompts",
    "category_set",
    "category_sets",
    "domains",
    "needs_elements",
    "practice",
    "practices",
    "step_prompts",
    "tool_c",
]


class CatalogueError(ValueError):
    """A bundled catalogue file is missing or does not have the expected shape."""


class Practice(NamedTuple):
    """One of the twelve Four Domains practices, e.g. ``1a``."""

    code: str
    name: str
    description: str
    domain_number: int
    domain_name: str

    @property
    def label(self) -> str:
        """``"1a. Prioritize improvement and communicate urgency"`` — for lists and PDFs."""
        return f"{self.code}. {self.name}"


class Domain(NamedTuple):
    number: int
    name: str
    practices: tuple[Practice, ...]


class NeedsElement(NamedTuple):
    """A box on the Tool A elements checklist; ``has_other`` means it carries free text."""

    key: str
    label: str
    has_other: bool


class CategorySet(NamedTuple):
    """A named default set of fishbone bones."""

    key: str
    name: str
    categories: tuple[str, ...]


class AgendaItem(NamedTuple):
    """One segment of a starting meeting agenda."""

    title: str
    minutes: int


class StepPrompts(NamedTuple):
    """Coaching text for one wizard step (0 School & team … 8 Review & export)."""

    step: int
    title: str
    intro: str
    prompts: tuple[str, ...]


# --- reading and checking -------------------------------------------------------------------


@cache
def _load(filename: str) -> Any:
    path = resource_path("catalogues", filename)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"Cannot read the catalogue {path}: {exc}") from exc


def _list(obj: Any, key: str, where: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: '{key}' must be a list")
    return value


def _str(obj: Any, key: str, where: str) -> str:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: '{key}' must be a non-empty string")
    return value


def _int(obj: Any, key: str, where: str) -> int:
    value = obj.get(key) if isinstance(obj, dict) else None
    # bool is an int in Python; a JSON true is not a domain or step number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise CatalogueError(f"{where}: '{key}' must be an integer")
    return value


def _bool(obj: Any, key: str, where: str) -> bool:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, bool):
        raise CatalogueError(f"{where}: '{key}' must be true or false")
    return value


def _strings(obj: Any, key: str, where: str) -> tuple[str, ...]:
    items = _list(obj, key, where)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise CatalogueError(f"{where}: '{key}' must hold non-empty strings")
    return tuple(items)


def parse_domains(data: Any) -> tuple[Domain, ...]:
    """Build the domains from the JSON shape of ``four_domains.json``."""
    result: list[Domain] = []
    for raw in _list(data, "domains", "four_domains"):
        number = _int(raw, "number", "domain")
        name = _str(raw, "name", f"domain {number}")
        found = tuple(
            Practice(
                code=_str(item, "code", f"domain {number}").strip().lower(),
                name=_str(item, "name", f"domain {number}"),
                description=_str(item, "description", f"domain {number}"),
                domain_number=number,
                domain_name=name,
            )
            for item in _list(raw, "practices", f"domain {number}")
        )
        result.append(Domain(number=number, name=name, practices=found))
    return tuple(result)


def parse_needs_elements(data: Any) -> tuple[NeedsElement, ...]:
    """Build the checklist from the JSON shape of ``needs_elements.json``."""
    result = tuple(
        NeedsElement(
            key=_str(raw, "key", "needs element"),
            label=_str(raw, "label", "needs element"),
            has_other=_bool(raw, "has_other", "needs element"),
        )
        for raw in _list(data, "elements", "needs_elements")
    )
    keys = [element.key for element in result]
    if len(set(keys)) != len(keys):
        # The key is stored in every plan file; a duplicate would break the unique column.
        raise CatalogueError("needs_elements: keys must be unique")
    return result


# --- public API -----------------------------------------------------------------------------


@cache
def domains() -> tuple[Domain, ...]:
    """The four domains in order, each with its three practices."""
    return parse_domains(_load("four_domains.json"))


@cache
def practices() -> tuple[Practice, ...]:
    """All twelve practices in code order (1a … 4c)."""
    return tuple(p for domain in domains() for p in domain.practices)


@cache
def _practices_by_code() -> dict[str, Practice]:
    return {p.code: p for p in practices()}


def practice(code: str) -> Practice | None:
    """The practice with this code (``"3b"``, case and spaces ignored), or ``None``."""
    return _practices_by_code().get(code.strip().lower())


@cache
def needs_elements() -> tuple[NeedsElement, ...]:
    """The Tool A needs-assessment elements, in the template's order."""
    return parse_needs_elements(_load("needs_elements.json"))


@cache
def category_sets() -> tuple[CategorySet, ...]:
    """The default fishbone category sets a new diagram can start from."""
    return tuple(
        CategorySet(
            key=_str(raw, "key", "category set"),
            name=_str(raw, "name", "category set"),
            categories=_strings(raw, "categories", "category set"),
        )
        for raw in _list(_load("fishbone_categories.json"), "sets", "fishbone_categories")
    )


def category_set(key: str) -> CategorySet | None:
    """The category set with this key (``"school"``, ``"four_domains"``), or ``None``."""
    return next((s for s in category_sets() if s.key == key), None)


@cache
def all_step_prompts() -> tuple[StepPrompts, ...]:
    """Coaching prompts for every wizard step, in step order."""
    result = tuple(
        StepPrompts(
            step=_int(raw, "step", "coaching step"),
            title=_str(raw, "title", "coaching step"),
            intro=_str(raw, "intro", "coaching step"),
            prompts=_strings(raw, "prompts", "coaching step"),
        )
        for raw in _list(_load("coaching_prompts.json"), "steps", "coaching_prompts")
    )
    return tuple(sorted(result, key=lambda s: s.step))


def step_prompts(step: int) -> StepPrompts | None:
    """Coaching prompts for one wizard step (0 … 8), or ``None`` for an unknown step."""
    return next((s for s in all_step_prompts() if s.step == step), None)


@cache
def _agendas() -> dict[int, tuple[AgendaItem, ...]]:
    out: dict[int, tuple[AgendaItem, ...]] = {}
    for raw in _list(_load("meeting_agendas.json"), "steps", "meeting_agendas"):
        step = _int(raw, "step", "meeting agenda")
        where = f"meeting agenda for step {step}"
        items = tuple(
            AgendaItem(_str(item, "title", where), _int(item, "minutes", where))
            for item in _list(raw, "segments", where)
        )
        if not items or any(not 1 <= item.minutes <= 240 for item in items):
            raise CatalogueError(f"{where}: needs segments of 1 to 240 minutes")
        out[step] = items
    return out


def agenda_for_step(step: int) -> tuple[AgendaItem, ...]:
    """The starting agenda for a meeting on wizard step ``step`` (step 0's if unknown)."""
    agendas = _agendas()
    return agendas.get(step) or agendas[min(agendas)]


# --- Tool C: the district's self-reflection -------------------------------------------------

TOOL_C_PROMPTS = (
    "member",
    "rating",
    "evidence",
    "side_by_side",
    "agreed",
    "strengths",
    "weaknesses",
    "link",
)


class ToolCLevel(NamedTuple):
    """One of the four performance levels (1 … 4), in our own words."""

    level: int
    name: str
    description: str


class ToolCElement(NamedTuple):
    """An element of Tool C (``"2b1"``): its name (the reference's words), a prompt, and what
    each of the four levels looks like for it (our words)."""

    code: str
    name: str
    prompt: str
    levels: tuple[str, str, str, str]
    practice: Practice

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}"


class ToolCDomain(NamedTuple):
    number: int
    name: str
    strengths_prompt: str
    weaknesses_prompt: str
    elements: tuple[ToolCElement, ...]


class ToolC(NamedTuple):
    title: str
    intro: str
    levels: tuple[ToolCLevel, ...]
    prompts: dict[str, str]
    domains: tuple[ToolCDomain, ...]

    @property
    def elements(self) -> tuple[ToolCElement, ...]:
        return tuple(e for d in self.domains for e in d.elements)

    def element(self, code: str) -> ToolCElement | None:
        wanted = code.strip().lower()
        return next((e for e in self.elements if e.code == wanted), None)

    def domain(self, number: int) -> ToolCDomain | None:
        return next((d for d in self.domains if d.number == number), None)


def parse_tool_c(data: Any) -> ToolC:
    """Build Tool C from the JSON shape of ``tool_c.json``; its practices are the Four Domains
    catalogue's (an element's code starts with its practice's, ``2b1`` under ``2b``)."""
    where = "tool_c"
    levels = tuple(
        ToolCLevel(
            _int(raw, "level", where), _str(raw, "name", where), _str(raw, "description", where)
        )
        for raw in _list(data, "levels", where)
    )
    if [lv.level for lv in levels] != [1, 2, 3, 4]:
        raise CatalogueError("tool_c: 'levels' must be the four levels 1, 2, 3, 4")
    raw_prompts = data.get("prompts") if isinstance(data, dict) else None
    prompts = {key: _str(raw_prompts, key, "tool_c prompts") for key in TOOL_C_PROMPTS}
    found: list[ToolCDomain] = []
    seen: set[str] = set()
    for raw in _list(data, "domains", where):
        number = _int(raw, "number", where)
        known = next((d for d in domains() if d.number == number), None)
        if known is None:
            raise CatalogueError(f"tool_c: there is no domain {number}")
        elements: list[ToolCElement] = []
        for item in _list(raw, "elements", f"tool_c domain {number}"):
            code = _str(item, "code", f"tool_c domain {number}").strip().lower()
            here = f"tool_c element {code}"
            owner = practice(code[:2])
            if owner is None or owner.domain_number != number or not code[2:].isdigit():
                raise CatalogueError(
                    f"{here}: the code must be a practice of domain {number} and a number"
                )
            if code in seen:
                raise CatalogueError(f"{here}: codes must be unique")
            seen.add(code)
            texts = _strings(item, "levels", here)
            if len(texts) != 4:
                raise CatalogueError(f"{here}: 'levels' must hold four descriptions")
            elements.append(
                ToolCElement(
                    code=code,
                    name=_str(item, "name", here),
                    prompt=_str(item, "prompt", here),
                    levels=(texts[0], texts[1], texts[2], texts[3]),
                    practice=owner,
                )
            )
        if not elements:
            raise CatalogueError(f"tool_c domain {number}: it needs elements")
        found.append(
            ToolCDomain(
                number=number,
                name=known.name,
                strengths_prompt=_str(raw, "strengths_prompt", f"tool_c domain {number}"),
                weaknesses_prompt=_str(raw, "weaknesses_prompt", f"tool_c domain {number}"),
                elements=tuple(elements),
            )
        )
    if [d.number for d in found] != [1, 2, 3, 4]:
        raise CatalogueError("tool_c: 'domains' must be the four domains in order")
    return ToolC(
        title=_str(data, "title", where),
        intro=_str(data, "intro", where),
        levels=levels,
        prompts=prompts,
        domains=tuple(found),
    )


@cache
def tool_c() -> ToolC:
    """Tool C, the district's self-reflection: four domains, their elements and levels."""
    return parse_tool_c(_load("tool_c.json"))
