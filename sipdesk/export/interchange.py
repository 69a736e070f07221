"""The JSON interchange format: a whole plan as one versioned, documented JSON document.

The shape comes from :mod:`sipdesk.models.tree`; ``docs/plan-format.md`` describes it and
``resources/plan.schema.json`` (made by :func:`json_schema`) lets other tools check it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import Session

from sipdesk.export.schema_check import Problem, document_order, located_problems, place
from sipdesk.models.domains import (
    DATE_BODY,
    DATETIME_BODY,
    MONTH_BODY,
    UUID_BODY,
    Domain,
    domain_of,
)
from sipdesk.models.formatting import school_year_of
from sipdesk.models.limits import (
    MAX_CAUSE_DEPTH,
    MAX_JSON_BYTES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    ROW_NOUNS,
)
from sipdesk.models.profile import new_plan_id
from sipdesk.models.tree import TREE, Node, profile_fields
from sipdesk.services.snapshot import foreign_key_problems, read_plan, write_plan
from sipdesk.storage import InvalidPlanDataError, PlanDocument

FORMAT = "sipdesk-plan"
FORMAT_VERSION = 8
ENVELOPE = ("format", "format_version")
BOM = b"\xef\xbb\xbf"


def export_document(session: Session) -> dict[str, Any]:
    """The plan as an interchange document (envelope + plan)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, **read_plan(session)}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_json(session: Session, target: Path) -> None:
    target.write_text(dumps(export_document(session)), encoding="utf-8")


def load_json(source: Path) -> dict[str, Any]:
    """Read and check an interchange file; raise InvalidPlanDataError with a plain sentence."""
    name = source.name
    try:
        size = source.stat().st_size
        if size > MAX_JSON_BYTES:
            raise InvalidPlanDataError(
                source,
                f"“{name}” is larger than {MAX_JSON_BYTES // 2**20} MB, the most a plan in JSON "
                "form may be, so it was not read.",
            )
        # Notepad saves UTF-8 with a byte-order mark in front; it is not part of the plan.
        data = json.loads(source.read_bytes().removeprefix(BOM).decode("utf-8"))
        check_document(data, source)
    except RecursionError:
        raise InvalidPlanDataError(
            source, f"“{name}” is nested far more deeply than any plan, so it was not read."
        ) from None
    except OSError as exc:
        raise InvalidPlanDataError(
            source, f"“{name}” could not be read ({exc.strerror or 'unknown problem'})."
        ) from None
    except UnicodeDecodeError:
        raise InvalidPlanDataError(source, f"“{name}” is not a text file.") from None
    except json.JSONDecodeError as exc:
        raise InvalidPlanDataError(
            source, f"“{name}” is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    except ValueError:  # a number with thousands of digits
        raise InvalidPlanDataError(
            source, f"“{name}” holds a number far larger than any plan needs, so it was not read."
        ) from None
    return data  # type: ignore[no-any-return]


def check_document(data: Any, source: Path) -> None:
    """Refuse a document that is not a plan this SIP Desk can import, in one sentence naming
    the file, its first problem in document order and how many more there are.

    The envelope (is it a plan, which format version) is read first; then the importer's own
    rules (:func:`_rule_problems`) and the shipped JSON Schema (:mod:`schema_check`) each say
    what they know, and together they are every problem the document has.
    """
    name = source.name
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidPlanDataError(source, f"“{name}” is not a SIP Desk plan in JSON form.")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidPlanDataError(source, f"“{name}” does not say which plan format it uses.")
    if version > FORMAT_VERSION:
        raise InvalidPlanDataError(
            source,
            f"“{name}” uses plan format version {version}, which this SIP Desk does not know. "
            "Please update SIP Desk.",
        )
    counts: Counter[str] = Counter()
    problems, deep = _rule_problems(data, counts)
    for table, count in counts.items():
        if count > MAX_ROWS[table]:
            raise InvalidPlanDataError(
                source,
                f"“{name}” has more than {MAX_ROWS[table]:,} {ROW_NOUNS[table]}, the most a plan "
                "may hold, so it was not read.",
            )
    if not deep:
        # Sub-causes nested past the limit are said once, not again at every level below it.
        problems += located_problems(data)
    if problems:
        problems.sort()
        first = problems[0][1]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidPlanDataError(source, f"“{name}” has a problem: {first}{more}.")


def _rule_problems(data: dict[str, Any], counts: Counter[str]) -> tuple[list[Problem], bool]:
    """What a JSON Schema cannot say about a document, in one walk; and whether sub-causes
    nest past the limit. ``counts`` gets how many rows of each table the document holds.

    The walk takes what the schema refuses (a list that is not a list, an item that is not an
    object) in its stride: the schema says those. It uses a loop with its own stack rather
    than recursion, like every walk over nested causes.
    """
    problems: list[Problem] = []
    deep = False

    def add(path: list[Any], words: str) -> None:
        problems.append((document_order(data, path), words))

    profile = data.get("profile")
    if isinstance(profile, dict):
        _check_written(profile, _patterned(None), ["profile"], add)
    ids: dict[str, set[int]] = {}
    # Each entry: a list not yet looked at (``rows`` None), or one being walked.
    stack: list[tuple[Node, Any, list[Any], int, Iterator[tuple[int, Any]] | None]] = [
        (node, data.get(node.key), [node.key], 1, None) for node in reversed(TREE)
    ]
    while stack:
        current, raw, path, depth, rows = stack.pop()
        if rows is None:
            if not isinstance(raw, list):
                continue
            if depth > MAX_CAUSE_DEPTH and raw:
                deep = True
                add(
                    path,
                    f"{place(path)} nests sub-causes more than {MAX_CAUSE_DEPTH} levels "
                    "deep, the most a fishbone may hold",
                )
                continue
            counts[current.model.__tablename__] += len(raw)
            rows = enumerate(raw)
        step = next(rows, None)
        if step is None:
            continue
        stack.append((current, raw, path, depth, rows))
        index, item = step
        if not isinstance(item, dict):
            continue
        here = [*path, index]
        _check_written(item, _patterned(current), here, add)
        row_id = item.get("id")
        if isinstance(row_id, int) and not isinstance(row_id, bool):
            seen = ids.setdefault(current.model.__tablename__, set())
            if row_id in seen:
                add(here, f"{place(here)} repeats id {row_id}")
            seen.add(row_id)
        # Pushed last first: the sub-causes are walked first, then each child list in order.
        for child in reversed(current.children):
            stack.append((child, item.get(child.key), [*here, child.key], 1, None))
        if current.self_fk:
            nested = item.get(current.key)
            stack.append((current, nested, [*here, current.key], depth + 1, None))
    _check_cycles(data.get("cycles"), add)
    _check_encodable(data, add)
    return problems, deep


def _check_cycles(cycles: Any, add: Callable[[list[Any], str], None]) -> None:
    """A monitoring cycle starts no later than it ends (months compare as text)."""
    if not isinstance(cycles, list):
        return
    for index, cycle in enumerate(cycles):
        if not isinstance(cycle, dict):
            continue
        start, end = cycle.get("start"), cycle.get("end")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            add(["cycles", index], f"cycles[{index}] ends ({end}) before it starts ({start})")


@cache
def _patterned(node: Node | None) -> tuple[tuple[str, Domain, re.Pattern[str]], ...]:
    """The columns of ``node`` (None: the profile) the schema holds to a pattern (dates,
    date-times, months, plan ids), each with the pattern as the schema applies it."""
    fields = profile_fields() if node is None else node.fields()
    out = []
    for column in fields:
        schema = _column_schema(column)
        pattern = (schema["anyOf"][0] if "anyOf" in schema else schema).get("pattern")
        if pattern:
            out.append((column.name, domain_of(column), re.compile(pattern)))
    return tuple(out)


def _check_written(
    obj: dict[str, Any],
    columns: tuple[tuple[str, Domain, re.Pattern[str]], ...],
    path: list[Any],
    add: Callable[[list[Any], str], None],
) -> None:
    """A value written the way the schema's pattern says is also one SIP Desk can hold: a
    real calendar date in the years a plan may use, with nothing after it (a pattern's ``$``
    lets a final line break by) and in ASCII digits."""
    for name, domain, pattern in columns:
        value = obj.get(name)
        if isinstance(value, str) and pattern.search(value):
            problem = domain.problem(value, dates_as_text=True)
            if problem:
                add([*path, name], f"{place([*path, name])} {problem}")


def _check_encodable(data: dict[str, Any], add: Callable[[list[Any], str], None]) -> None:
    """Text a file can hold: JSON can spell a lone surrogate (``"\\ud800"``), UTF-8 cannot.
    One quick pass over the whole document; only a document with one is walked to find it."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                add(path, f"{place(path)} holds characters that are not valid text")
        elif isinstance(value, dict):
            stack.extend(([*path, k], v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(value))))


def import_json(source: Path, target: Path, *, overwrite: bool = False) -> PlanDocument:
    """Build a new plan file at ``target`` from an interchange file; returns it open."""
    data = load_json(source)
    plan = {k: v for k, v in data.items() if k not in ENVELOPE}  # a document from outside
    profile = plan.get("profile")
    if data["format_version"] < 3 and isinstance(profile, dict) and "school_year" not in profile:
        # Written before plans held their school year: the one their first month starts,
        # as a stored plan of that age gets when it is migrated.
        first_month = profile.get("first_month")
        year = school_year_of(first_month) if isinstance(first_month, str) else ""
        plan["profile"] = {**profile, "school_year": year}

    _fill_measure_kinds(plan)
    _fill_plan_id(plan)

    def seed(session: Session) -> None:
        from sqlalchemy.exc import IntegrityError

        try:
            write_plan(session, plan)
            session.flush()
        except IntegrityError as exc:
            raise InvalidPlanDataError(
                source, f"“{source.name}” has a problem: {_integrity_sentence(exc)}."
            ) from None
        problems = foreign_key_problems(session)
        if problems:
            raise InvalidPlanDataError(source, f"“{source.name}” has a problem: {problems[0]}.")

    return PlanDocument.create(target, seed, overwrite=overwrite)


def _fill_measure_kinds(plan: dict[str, Any]) -> None:
    """A measure that does not say its kind (every measure before format 4) gets the kind its
    owner meant, as a stored plan of that age gets when it is migrated: a goal's or a
    priority's measures are student outcomes, a strategy's measure the adults' practice."""

    def fill(owners: Any, kind: str) -> None:
        for owner in owners if isinstance(owners, list) else []:
            measures = owner.get("measures") if isinstance(owner, dict) else None
            for measure in measures if isinstance(measures, list) else []:
                if isinstance(measure, dict):
                    measure.setdefault("kind", kind)

    priorities = plan.get("priorities")
    fill(plan.get("goals"), "outcome")
    fill(priorities, "outcome")
    for priority in priorities if isinstance(priorities, list) else []:
        if isinstance(priority, dict):
            fill(priority.get("strategies"), "implementation")


def _fill_plan_id(plan: dict[str, Any]) -> None:
    """A document that carries its plan id keeps it (it was checked like every value): the
    imported plan is the same plan. One without (every document before format 5, and a plan
    written by hand or by another tool) is a new plan and gets a fresh id, as a stored plan
    of that age gets when it is migrated."""
    profile = plan.get("profile")
    if profile is None:
        plan["profile"] = {"plan_id": new_plan_id()}
    elif isinstance(profile, dict) and "plan_id" not in profile:
        plan["profile"] = {**profile, "plan_id": new_plan_id()}


def _integrity_sentence(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc))
    if "UNIQUE" in text:
        return "two items share the same id or the same key"
    if "CHECK" in text:
        return "an item breaks one of the plan's rules (" + text.split(":")[-1].strip() + ")"
    if "FOREIGN KEY" in text:
        return "an item points at something that is not in the plan"
    return text.split("\n")[0][:100]


# --------------------------------------------------------------------- JSON Schema
def _column_schema(column: Column[Any]) -> dict[str, Any]:
    domain = domain_of(column)
    schema: dict[str, Any]
    if domain.kind == "boolean":
        schema = {"type": "boolean"}
    elif domain.kind == "integer":
        schema = {"type": "integer", "minimum": domain.low, "maximum": domain.high}
    elif domain.kind == "datetime":
        # Local wall-clock time as written by the school, without a time-zone offset.
        schema = {"type": "string", "pattern": f"^{DATETIME_BODY}$"}
    elif domain.kind == "date":
        schema = {"type": "string", "pattern": f"^{DATE_BODY}$"}
    elif domain.kind == "month":
        blank = "?" if domain.blank else ""
        schema = {"type": "string", "pattern": f"^(?:{MONTH_BODY}){blank}$"}
    elif domain.kind == "choice":
        schema = {"type": "string", "enum": list(domain.choices)}
    elif domain.kind == "uuid":
        schema = {"type": "string", "pattern": f"^{UUID_BODY}$"}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT_CHARS}
    if domain.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if column.comment:
        schema["description"] = column.comment
    return schema


def _node_schema(node: Node, defs: dict[str, Any]) -> dict[str, Any]:
    name = node.model.__name__
    if name not in defs:
        defs[name] = {}  # placeholder so self-nesting refers to itself
        props = {c.name: _column_schema(c) for c in node.fields()}
        for key, columns in node.packed_columns():
            props[key] = {
                "type": "array",
                "items": _column_schema(columns[0]),
                "maxItems": len(columns),
            }
        if node.self_fk:
            props[node.key] = {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
        for child in node.children:
            props[child.key] = {"type": "array", "items": _node_schema(child, defs)}
        defs[name] = {
            "type": "object",
            "required": [] if node.id_optional else ["id"],
            "properties": props,
            "additionalProperties": False,
        }
    return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the interchange format."""
    defs: dict[str, Any] = {}
    props: dict[str, Any] = {
        "format": {"const": FORMAT},
        "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
        "profile": {
            "type": "object",
            "properties": {c.name: _column_schema(c) for c in profile_fields()},
            "additionalProperties": False,
        },
    }
    for node in TREE:
        props[node.key] = {"type": "array", "items": _node_schema(node, defs)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sipdesk.example/plan.schema.json",
        "title": "SIP Desk plan (interchange format)",
        "type": "object",
        "required": ["format", "format_version"],
        "properties": props,
        "additionalProperties": False,
        "$defs": defs,
    }


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped schema
    from sipdesk.paths import resource_path

    out = resource_path("plan.schema.json")
    out.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
