"""Import check speed: how long ``check_document`` takes to hold a parsed JSON plan to the
shipped JSON Schema and the importer's own rules (issue 11), apart from parsing and writing.

Three documents: the sample plan, the benchmarks' large plan, and the biggest plan the limits
allow (every table at its row limit, causes nested as deep as allowed) as SIP Desk exports it.
The schema walk (jsonschema) and the importer's own rules are also timed on their own. Each
figure is the best of a few runs on a freshly parsed document.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from big_plan import build_big_plan  # noqa: E402
from large_plan import large_plan_document  # noqa: E402

from sipdesk.export.interchange import _rule_problems, check_document, export_document  # noqa: E402
from sipdesk.export.schema_check import located_problems  # noqa: E402
from tests.plans import SAMPLE_JSON  # noqa: E402


def _best(text: str, fn: Callable[[Any], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        data = json.loads(text)
        start = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _biggest() -> str:
    with tempfile.TemporaryDirectory() as folder:
        document, _ = build_big_plan(Path(folder) / "big.sipdesk")
        try:
            return json.dumps(export_document(document.session()))
        finally:
            document.close()


def main() -> None:
    texts = {
        "sample plan": SAMPLE_JSON.read_text(encoding="utf-8"),
        "large plan": json.dumps(large_plan_document()),
        "biggest plan": _biggest(),
    }
    check_document(json.loads(texts["sample plan"]), Path("warm.json"))  # imports, validator
    print(f"{'document':14} {'MB':>6} {'whole check':>12} {'schema':>9} {'own rules':>10}")
    for name, text in texts.items():
        runs = 3 if len(text) > 10_000_000 else 7
        whole = _best(text, lambda d: check_document(d, Path("plan.json")), runs)
        schema = _best(text, located_problems, runs)
        rules = _best(text, lambda d: _rule_problems(d, Counter()), runs)
        print(f"{name:14} {len(text) / 1e6:6.2f} {whole:9.1f} ms {schema:6.1f} ms {rules:7.1f} ms")


if __name__ == "__main__":
    main()
