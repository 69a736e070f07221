"""An imported plan held to the shipped JSON Schema (``resources/plan.schema.json``) with the
``jsonschema`` library, every problem said in a plain sentence naming where it is.

The schema is the one check of everything it can say: unknown keys, missing ids, types, text
lengths, number ranges, choices, how dates, months and plan ids are written, how many yearly
targets a group row holds. Each error is said the way the column's domain
(:mod:`sipdesk.models.domains`) says it everywhere else in SIP Desk, so a value refused here reads
the same as one refused while editing. What a schema cannot say (ids used once, real calendar
dates, text a file can hold, row limits, how deep sub-causes nest, cycles in order, references)
stays with the importer (:func:`sipdesk.export.interchange.check_document`).

jsonschema is imported only when a document is imported; the validator is built once.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from sipdesk.models.domains import Domain, domains
from sipdesk.models.tree import TREE, Node, profile_fields
from sipdesk.paths import resource_path

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "plan.schema.json"
Where = Sequence[str | int]
# A problem: where it is in the document (for document order) and its sentence.
Problem = tuple[tuple[int, ...], str]

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}
# Keywords about one value: said by the value's column domain when there is one.
_VALUE_KEYWORDS = {"type", "enum", "const", "minimum", "maximum", "maxLength", "pattern", "anyOf"}


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator, validators

    # A whole number is an int, never 1.0: SQLite would store a float as a REAL the plan file's
    # checks refuse, so the importer holds JSON to what the file holds.
    def whole(_checker: Any, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", whole)
    strict = validators.extend(Draft202012Validator, type_checker=checker)
    schema = json.loads(resource_path(SCHEMA_FILE).read_text(encoding="utf-8"))
    return strict(_inlined(schema, schema.get("$defs", {}), ()))


def _inlined(part: Any, defs: dict[str, Any], within: tuple[str, ...]) -> Any:
    """The schema with each reference to one of its own definitions written out in place, but
    a definition's reference to itself (sub-causes) kept: the same schema, checked about a
    fifth faster, as jsonschema no longer looks each reference up for every item."""
    if isinstance(part, list):
        return [_inlined(item, defs, within) for item in part]
    if not isinstance(part, dict):
        return part
    ref = part.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and len(part) == 1:
        name = ref.removeprefix("#/$defs/")
        if name in defs and name not in within:
            return _inlined(defs[name], defs, (*within, name))
    return {key: _inlined(value, defs, within) for key, value in part.items()}


def located_problems(document: Any) -> list[Problem]:
    """Every way ``document`` breaks the shipped schema, each with its place in the document."""
    found: list[Problem] = []
    errors: Iterable[ValidationError] = _validator().iter_errors(document)
    for error in errors:
        path = list(error.absolute_path)
        for extra_path, words in _sentences(error, path):
            found.append((document_order(document, extra_path), words))
    return found


def schema_problems(document: Any) -> list[str]:
    """Every way ``document`` breaks the shipped schema in document order, each as words after
    the place in the document ("goals[0].measures[1].kind should be one of …"); empty when it
    follows the schema."""
    return [words for _, words in sorted(located_problems(document))]


def document_order(document: Any, path: Where) -> tuple[int, ...]:
    """Where ``path`` is in ``document`` as it was written: each key's place in its object,
    each index in its list; a key the object does not have (a missing id) comes first."""
    order: list[int] = []
    here = document
    for part in path:
        if isinstance(here, dict):
            keys = list(here)
            order.append(keys.index(part) if part in here else -1)
            here = here.get(part) if isinstance(part, str) else None
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            order.append(part)
            here = here[part]
        else:
            order.append(-1)
            here = None
    return tuple(order)


def place(path: Iterable[Any]) -> str:
    """A place in the document as the importer writes it: ``goals[0].measures[1].kind``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return shorten(out or "the document")


def shorten(where: str) -> str:
    """A place in the document, with a long run of nested sub-causes summarised."""
    parts = where.split(".")
    if len(parts) <= 8:
        return where
    return ".".join(parts[:3]) + f" … ({len(parts) - 5} levels) … " + ".".join(parts[-2:])


def unknown_key(where: str, key: Any, known: Iterable[str]) -> str:
    """A key the format does not have, with the nearest one it does (a typo would otherwise
    import as a blank)."""
    text = str(key)
    close = difflib.get_close_matches(text, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{where} has a key SIP Desk does not know, “{text[:40]}”{hint}"


def _sentences(error: ValidationError, path: list[Any]) -> list[tuple[list[Any], str]]:
    """One error as sentences, each with the path it sorts by: an object with two unknown keys
    is two problems, at the places the keys were written."""
    where = place(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return [
            ([*path, key], unknown_key(where, key, known))
            for key in error.instance
            if key not in known
        ]
    if error.validator == "required" and isinstance(error.instance, dict):
        return [
            ([*path, key], f"{where} has no {key}")
            for key in error.validator_value
            if key not in error.instance
        ]
    return [(path, sentence(error))]


def sentence(error: ValidationError) -> str:
    """One schema error as plain words after the place it is at."""
    path = list(error.absolute_path)
    where = place(path)
    kind, value = error.validator, error.validator_value
    if kind in _VALUE_KEYWORDS:
        domain = domain_at(path)
        said = domain.problem(error.instance, dates_as_text=True) if domain else None
        if said:
            return f"{where} {said}"
    if kind in ("additionalProperties", "required"):
        listed = _sentences(error, path)
        return listed[0][1] if listed else f"{where} does not fit the plan format"
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return f"{where} should be " + " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)
    if kind in ("enum", "const"):
        choices = value if kind == "enum" else [value]
        return f"{where} should be one of {', '.join(str(c) for c in choices)}"
    if kind in ("minimum", "maximum"):
        low = error.schema.get("minimum")
        high = error.schema.get("maximum")
        return f"{where} should be a whole number from {low:,} to {high:,}"
    if kind == "maxLength":
        return f"{where} is longer than {value:,} characters, the most a field may hold"
    if kind == "maxItems":
        return f"{where} has more than {value} entries, one for each year"
    if kind == "pattern":
        return f"{where} is not written the way the plan format says"
    if kind == "anyOf":  # a nullable field: the reason its value is not of its own kind
        inner = [
            e for e in error.context or [] if e.validator != "type" or e.validator_value != "null"
        ]
        return sentence(inner[0]) if inner else f"{where} does not fit the plan format"
    return f"{where} does not fit the plan format"


@cache
def _roots() -> dict[str, Node]:
    return {node.key: node for node in TREE}


@cache
def _field_names(node: Node) -> frozenset[str]:
    return frozenset(c.name for c in node.fields())


def domain_at(path: Sequence[Any]) -> Domain | None:
    """The domain of the column a value at ``path`` goes in (``goals[0].academic``, a group
    row's ``targets[2]``); None when the path is not a column's value."""
    if len(path) == 2 and path[0] == "profile":
        names = {c.name for c in profile_fields()}
        return domains()["plan_profile"].get(path[1]) if path[1] in names else None
    node = _roots().get(path[0]) if path and isinstance(path[0], str) else None
    rest = list(path[1:])
    while node is not None and len(rest) >= 2 and isinstance(rest[0], int):
        key, rest = rest[1], rest[2:]
        table = node.model.__tablename__
        if not rest:
            return domains()[table].get(key) if key in _field_names(node) else None
        packed = dict(node.packed_columns())
        if key in packed and len(rest) == 1 and isinstance(rest[0], int):
            columns = packed[key]
            index = rest[0]
            return domains()[table][columns[index].name] if 0 <= index < len(columns) else None
        if node.self_fk and key == node.key:
            continue
        node = next((child for child in node.children if child.key == key), None)
    return None
