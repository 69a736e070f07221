"""Where SIP Desk finds its bundled resources and keeps its private data.

One function per place, so a checkout, an installed copy and the frozen installer build
all resolve the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "SIP Desk"
APP_AUTHOR = "SIP Desk"


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("catalogues", "x.json")``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        base = Path(frozen_root) / "resources"
    else:
        base = Path(__file__).resolve().parent.parent / "resources"
    return base.joinpath(*parts)


def data_dir() -> Path:
    """The user's private SIP Desk folder (working copies, backups, locks).

    ``SIPDESK_DATA_DIR`` overrides it, which tests use to stay out of the real home folder.
    """
    override = os.environ.get("SIPDESK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
