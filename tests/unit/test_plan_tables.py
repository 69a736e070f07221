"""The window's table names (sipdesk.models.tables) are the plan's tables, each once, and each
finds its model; naming them loads no database code (issue 12)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sipdesk.models import Base
from sipdesk.models import tables as t
from sipdesk.models.base import model_of, table_of


def test_every_plan_table_is_named_once_and_finds_its_model() -> None:
    names = [table.name for table in t.ALL]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(Base.metadata.tables)
    for table in t.ALL:
        assert table_of(table.model).name == table.name
    assert t.GOAL.model.__name__ == "Goal"
    assert t.PLAN_PROFILE.model.__name__ == "PlanProfile"


def test_a_name_that_is_no_table_is_refused() -> None:
    with pytest.raises(KeyError):
        model_of("sqlite_master")


def test_naming_a_table_loads_no_database_code() -> None:
    code = (
        "import sys\n"
        "from sipdesk.models.tables import GOAL, ALL\n"
        "print(GOAL.name, len(ALL), 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["goals", str(len(Base.metadata.tables)), "False"]
