"""Whole plan records from the few fields a test cares about.

The services read a plan snapshot's records by key (``action["due"]``), as every key is
always there in a plan read from a file. A test that hands them a hand-made dict names only
what it is about; :func:`complete` adds every other key of the record type, blank, the way
the test meant it: empty text, no date, zero, False, no rows.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Sequence
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import typing_extensions as te

from sipdesk.models import plan_types

R = TypeVar("R")

_BLANK: dict[Any, Any] = {str: "", int: 0, bool: False}


def complete(kind: type[R], partial: Any) -> R:
    """A copy of ``partial`` (a dict, as deep as it goes) with every missing key of the
    record type ``kind`` and of the records nested in it filled in blank. Keys the record
    does not have are kept, so a test sees exactly what it wrote. No recursion: a test's
    causes may nest thousands deep."""
    top: dict[str, Any] = {}
    stack: list[tuple[Any, dict[str, Any], Any]] = [(kind, top, partial)]
    while stack:
        record, out, given = stack.pop()
        out.update(given)
        for key, hint in _hints(record).items():
            if te.is_typeddict(hint):
                out[key] = {}
                stack.append((hint, out[key], given.get(key, {})))
            elif get_origin(hint) is Sequence and not te.is_typeddict(get_args(hint)[0]):
                out[key] = list(given.get(key, []))  # plain values (a group row's targets)
            elif get_origin(hint) is Sequence:
                (item,) = get_args(hint)
                out[key] = [{} for _ in given.get(key, [])]
                stack.extend(zip([item] * len(out[key]), out[key], given.get(key, []), strict=True))
            elif key not in given:
                out[key] = _blank(hint)
    return top  # type: ignore[return-value]


@functools.cache
def _hints(record: Any) -> dict[str, Any]:
    return te.get_type_hints(record)


def _blank(hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return None
    if origin is Literal:
        return get_args(hint)[0]
    return _BLANK[hint]


def plan(**lists: Any) -> plan_types.PlanDoc:
    """A whole plan record holding ``lists`` (and ``profile``), the rest empty."""
    return complete(plan_types.PlanDoc, lists)
