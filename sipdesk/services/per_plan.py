"""One result per plan read, kept while the same plan is asked about again.

Its own module, without SQLAlchemy, so that the services a step's page imports when it is
built (the outline's index, for one) can use it before the database code loads (issue 12).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")
P = TypeVar("P", bound=Mapping[str, Any])  # a plan read (typed or, in the UI still, plain)


def per_plan(work: Callable[[P], T]) -> Callable[[P], T]:
    """``work(plan)`` done once per plan read: the last plan's result is kept and given
    again while the same plan (the same object) is asked about. A plan is read afresh after
    every edit, never changed in place, so the result cannot go stale. Callers read the
    result and do not change it."""
    kept: list[tuple[P, T] | None] = [None]

    @functools.wraps(work)
    def remembered(plan: P) -> T:
        last = kept[0]  # one read: the analysis thread may put its own plan here meanwhile
        if last is not None and last[0] is plan:
            return last[1]
        result = work(plan)
        kept[0] = (plan, result)
        return result

    return remembered
