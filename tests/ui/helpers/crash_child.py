"""A SIP Desk session that makes one edit and is then killed before it writes the plan back.

Run as ``python crash_child.py PLAN NEW_SCHOOL_NAME``; prints ``ack`` once the edit is durable,
then waits on stdin until the test kills it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sipdesk.models import PlanProfile
from sipdesk.services.edits import update_row
from sipdesk.storage import PlanDocument


def main() -> None:
    path, name = Path(sys.argv[1]), sys.argv[2]
    doc = PlanDocument.open(path)
    with doc.transaction() as session:
        update_row(session, PlanProfile, 1, "Edit school name", school_name=name)
    print("ack", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
