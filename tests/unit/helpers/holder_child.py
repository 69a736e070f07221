"""Open a plan for editing (or, with ``readonly``, read-only), say so, and hold it until killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sipdesk.storage import PlanDocument

doc = PlanDocument.open(Path(sys.argv[1]), readonly=sys.argv[2:] == ["readonly"])
print("holding", flush=True)
while True:
    time.sleep(1)
