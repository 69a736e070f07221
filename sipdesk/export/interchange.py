"""The JSON interchange format: a whole plan as one versioned, documented JSON document.

The shape comes from :mod:`sipdesk.models.tree`; ``docs/plan-format.md`` describes it and
``resources/plan.schema.json`` (made by :func:`json_schema`) lets other tools check it.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import Session

from sipdesk.export.schema_check import schema_problems
from sipdesk.models.domains import DATE_BODY, DATETIME_BODY, MONTH_BODY, UUID_BODY, domain_of
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
FORMAT_VERSION = 6
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
    problems: list[str] = []
    _check_keys(
        data, [*ENVELOPE, "profile", *(node.key for node in TREE)], "the document", problems
    )
    _check_object(data.get("profile", {}), profile_fields(), "profile", problems, None)
    ids: dict[str, set[int]] = {}
    counts: Counter[str] = Counter()
    for node in TREE:
        _check_list(data.get(node.key, []), node, node.key, problems, ids, counts)
    _check_cycles(data.get("cycles"), problems)
    for table, count in counts.items():
        if count > MAX_ROWS[table]:
            raise InvalidPlanDataError(
                source,
                f"“{name}” has more than {MAX_ROWS[table]:,} {ROW_NOUNS[table]}, the most a plan "
                "may hold, so it was not read.",
            )
    if not problems:
        # What the importer's own checks let through is held to the published schema too.
        problems = schema_problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidPlanDataError(source, f"“{name}” has a problem: {problems[0]}{more}.")


def _check_cycles(cycles: Any, problems: list[str]) -> None:
    """A monitoring cycle starts no later than it ends (months compare as text)."""
    if not isinstance(cycles, list):
        return
    for index, cycle in enumerate(cycles):
        if not isinstance(cycle, dict):
            continue
        start, end = cycle.get("start"), cycle.get("end")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            problems.append(f"cycles[{index}] ends ({end}) before it starts ({start})")


def _check_keys(obj: dict[str, Any], known: list[str], where: str, problems: list[str]) -> None:
    """Refuse keys the format does not have: a typo would otherwise import as a blank."""
    for key in obj:
        if key in known:
            continue
        text = str(key)
        close = difflib.get_close_matches(text, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"{_shorten(where)} has a key SIP Desk does not know, “{text[:40]}”{hint}")


def _shorten(where: str) -> str:
    """A place in the document, with a long run of nested sub-causes summarised."""
    parts = where.split(".")
    if len(parts) <= 8:
        return where
    return ".".join(parts[:3]) + f" … ({len(parts) - 5} levels) … " + ".".join(parts[-2:])


def _child_keys(node: Node) -> list[str]:
    return [*([node.key] if node.self_fk else []), *(child.key for child in node.children)]


def _check_packed(item: dict[str, Any], node: Node, where: str, problems: list[str]) -> None:
    """A packed list (a group row's ``targets``): a list of at most one value per column,
    each one its column may hold."""
    for key, columns in node.packed_columns():
        if key not in item:
            continue
        listed = item[key]
        here = f"{_shorten(where)}.{key}"
        if not isinstance(listed, list):
            problems.append(f"{here} should be a list")
            continue
        if len(listed) > len(columns):
            problems.append(f"{here} has more than {len(columns)} entries, one for each year")
            continue
        for index, (column, value) in enumerate(zip(columns, listed, strict=False)):
            problem = _value_problem(column, value)
            if problem:
                problems.append(f"{here}[{index}] {problem}")


def _check_list(
    items: Any,
    node: Node,
    where: str,
    problems: list[str],
    ids: dict[str, set[int]],
    counts: Counter[str],
) -> None:
    """Check a list of rows and everything nested in it, in document order.

    A loop with its own stack rather than recursion, like every walk over nested causes; the
    nesting depth is refused past ``MAX_CAUSE_DEPTH``, the limit the validator and the editing
    services hold too.
    """
    # Each entry: a list not yet looked at (``rows`` None), or one being walked.
    stack: list[tuple[Node, Any, str, int, Iterator[tuple[int, Any]] | None]] = [
        (node, items, where, 1, None)
    ]
    columns: dict[Node, tuple[list[Column[Any]], list[str]]] = {}
    while stack:
        current, raw, place, depth, rows = stack.pop()
        if rows is None:
            if not isinstance(raw, list):
                problems.append(f"{_shorten(place)} should be a list")
                continue
            if depth > MAX_CAUSE_DEPTH and raw:
                problems.append(
                    f"{_shorten(place)} nests sub-causes more than {MAX_CAUSE_DEPTH} levels "
                    "deep, the most a fishbone may hold"
                )
                continue
            counts[current.model.__tablename__] += len(raw)
            rows = enumerate(raw)
        step = next(rows, None)
        if step is None:
            continue
        stack.append((current, raw, place, depth, rows))
        index, item = step
        here = f"{place}[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{_shorten(here)} should be an object")
            continue
        if current not in columns:
            fields = current.fields()
            packed = [key for key, _ in current.packed]
            columns[current] = (fields, [c.name for c in fields] + packed + _child_keys(current))
        fields, known = columns[current]
        _check_keys(item, known, here, problems)
        _check_object(item, fields, here, problems, not current.id_optional)
        if current.packed:
            _check_packed(item, current, here, problems)
        table = current.model.__tablename__
        row_id = item.get("id")
        if isinstance(row_id, int):
            seen = ids.setdefault(table, set())
            if row_id in seen:
                problems.append(f"{_shorten(here)} repeats id {row_id}")
            seen.add(row_id)
        # Pushed last first: the sub-causes are checked first, then each child list in order.
        for child in reversed(current.children):
            stack.append((child, item.get(child.key, []), f"{here}.{child.key}", 1, None))
        if current.self_fk:
            nested = item.get(current.key, [])
            stack.append((current, nested, f"{here}.{current.key}", depth + 1, None))


def _check_object(
    obj: Any, fields: list[Column[Any]], where: str, problems: list[str], need_id: bool | None
) -> None:
    """Check one object's values; ``need_id`` is None for the profile (which has no id), else
    whether a list item must carry its id."""
    if not isinstance(obj, dict):
        problems.append(f"{_shorten(where)} should be an object")
        return
    if need_id is None:  # the profile: list items check their keys with their children's
        _check_keys(obj, [c.name for c in fields], where, problems)
    for column in fields:
        if column.name not in obj:
            if column.name == "id" and need_id:
                problems.append(f"{_shorten(where)} has no id")
            continue
        value = obj[column.name]
        problem = _value_problem(column, value)
        if problem:
            problems.append(f"{_shorten(where)}.{column.name} {problem}")


def _value_problem(column: Column[Any], value: Any) -> str | None:
    return domain_of(column).problem(value, dates_as_text=True)


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
