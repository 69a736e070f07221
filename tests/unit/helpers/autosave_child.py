"""A process that edits a plan as fast as it can, acknowledging each committed edit.

Run as ``python autosave_child.py PLAN START [never|stop-in-rename]``; prints ``ack N`` after
edit N is durable and writes the plan back every other edit (or ``never``), so a kill lands in
edits and write-backs alike. With ``stop-in-rename`` the first write-back prints ``renaming``
just before its finished temp file would be renamed over the plan, and waits there to be
killed: a kill inside a write-back, whatever the machine's speed.

Edit N writes "edit-N" into core value slot N % SLOTS (the plan holds SLOTS
core values, within the plan's limits), so numbers in each slot only ever grow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy import update

from sipdesk.models import CoreValue
from sipdesk.storage import PlanDocument, document

SLOTS = 150


def main() -> None:
    path, start = Path(sys.argv[1]), int(sys.argv[2])
    write_back = sys.argv[3:] != ["never"]
    if sys.argv[3:] == ["stop-in-rename"]:
        replace = os.replace

        def stop_before_rename(source: str | Path, target: str | Path) -> None:
            if Path(target).resolve() == path.resolve():
                print("renaming", flush=True)
                sys.stdin.readline()  # wait here until the test kills this process
            replace(source, target)

        document.os.replace = stop_before_rename  # type: ignore[attr-defined]
    doc = PlanDocument.open(path, recover=True)
    print("ready", flush=True)
    n = start
    while True:
        with doc.transaction() as session:
            slot = CoreValue.position == n % SLOTS
            session.execute(update(CoreValue).where(slot).values(text=f"edit-{n}"))
        print(f"ack {n}", flush=True)
        if write_back and n % 2:
            doc.writeback()
        n += 1


if __name__ == "__main__":
    main()
