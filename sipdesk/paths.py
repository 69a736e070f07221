"""Where SIP Desk finds its bundled resources and keeps its private data.

One function per place, so a checkout, an installed copy and the frozen installer build
all resolve the same way.
"""

from __future__ import annotations

import os
import site
import sys
from functools import cache
from pathlib import Path

APP_NAME = "SIP Desk"
APP_AUTHOR = "SIP Desk"

_PACKAGE = Path(__file__).resolve().parent
# A file every copy of resources/ has, to tell ours from any other folder of that name.
_MARKER = "sample-plan.json"


@cache
def _resource_root() -> Path:
    """The folder holding SIP Desk's resources, wherever this copy was installed.

    The frozen installer build keeps them in ``_MEIPASS/resources``; a checkout (and an
    editable install) has ``resources/`` beside the package; ``pip install .`` puts them in
    ``<prefix>/share/sipdesk/resources`` (see ``data-files`` in ``pyproject.toml``), where
    ``<prefix>`` is the environment, the user base, or the ``--target`` folder.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    shared = Path("share", "sipdesk", "resources")
    candidates = [
        _PACKAGE.parent / "resources",
        _PACKAGE.parent / shared,
        Path(sys.prefix) / shared,
        Path(sys.base_prefix) / shared,
    ]
    if site.USER_BASE:
        candidates.append(Path(site.USER_BASE) / shared)
    for candidate in candidates:
        if (candidate / _MARKER).is_file():
            return candidate
    return candidates[0]  # a checkout missing its resources: the error will name this path


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("catalogues", "x.json")``."""
    return _resource_root().joinpath(*parts)


def data_dir_location() -> Path:
    """Where the private folder is (or would be), without creating it."""
    override = os.environ.get("SIPDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    """The user's private SIP Desk folder (working copies, backups, locks), created if needed.

    ``SIPDESK_DATA_DIR`` overrides it, which tests use to stay out of the real home folder.
    Raises OSError when the folder cannot be created; :mod:`sipdesk.storage` turns that into a
    sentence for the user.
    """
    path = data_dir_location()
    path.mkdir(parents=True, exist_ok=True)
    return path
