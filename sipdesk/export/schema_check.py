"""An imported plan held to the shipped JSON Schema (``resources/plan.schema.json``) with the
``jsonschema`` library, its first problem said in a plain sentence.

The importer's own checks (:func:`sipdesk.export.interchange.check_document`) come first: they
know what the schema cannot say (real calendar dates, text a file can hold, ids used once,
references, the row limits, how deep sub-causes nest) and name the nearest known key of a
misspelt one. The schema then checks the document the way any other tool would, so SIP Desk
never accepts a document the schema it publishes refuses. jsonschema is imported only when a
document is imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from sipdesk.paths import resource_path

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "plan.schema.json"
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resource_path(SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def schema_problems(document: Any, *, most: int = 2) -> list[str]:
    """Up to ``most`` ways ``document`` breaks the shipped schema, each as words after the
    place in the document ("goals[0].measures[1].kind should be one of …"); empty when it
    follows the schema."""
    found: list[str] = []
    errors: Iterable[ValidationError] = _validator().iter_errors(document)
    for error in errors:
        found.append(sentence(error))
        if len(found) >= most:
            break
    return found


def place(path: Iterable[Any]) -> str:
    """A place in the document as the importer writes it: ``goals[0].measures[1].kind``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def sentence(error: ValidationError) -> str:
    """One schema error as plain words after the place it is at."""
    where = place(error.absolute_path)
    kind, value = error.validator, error.validator_value
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key = str(extra[0])[:40] if extra else "?"
        return f"{where} has a key SIP Desk does not know, “{key}”"
    if kind == "required":
        missing = [k for k in value if isinstance(error.instance, dict) and k not in error.instance]
        return f"{where} has no {missing[0] if missing else 'id'}"
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
