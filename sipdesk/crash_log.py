"""The private log of unexpected problems, shared by the command line and the window.

Both keep the details of a problem they did not expect here and show a person one sentence
instead; it lives in its own module so that neither front end imports the other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def log_unexpected(exc: BaseException) -> Path | None:
    """Append the details to the private log; None when even that is impossible."""
    import traceback

    from sipdesk.paths import data_dir

    try:
        log = data_dir() / "sipdesk.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except Exception:  # the private folder is unusable too: the sentence has to do
        return None
    return log
