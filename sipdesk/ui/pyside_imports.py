"""Keep PySide6 from reading the source of every module imported after it.

Once ``PySide6.QtCore`` is loaded, every ``import`` goes through PySide's import hook, which
notes for each new module whether it may use PySide's optional "features" (``snake_case``,
``true_property``) by reading the module's whole source file (``inspect.getsource``) and
looking for the word "PySide6". For SQLAlchemy, the ORM models and the step pages that is a few
hundred files read and kept in memory, about 80 ms of a plan's opening spent on nothing.

Neither SIP Desk nor anything it uses selects those features, so the answer only needs to be
right for SIP Desk's own modules, which may use PySide6: this answers "yes" for them and "no"
for every other module without reading a file. (A module that does select a feature says so
itself, through ``from __feature__ import …``, which PySide records whatever this answers.)
If PySide6 changes its internals and the hook is not where this expects, nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads the import hook this adjusts)

OWN_PACKAGE = "sipdesk"


def _may_use_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "")
    return name == OWN_PACKAGE or name.startswith(OWN_PACKAGE + ".")


def install() -> bool:
    """Swap PySide's source-reading check for a name check; True if it was swapped."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if getattr(feature, "_mod_uses_pyside", None) is _may_use_pyside:
        return True
    feature._mod_uses_pyside = _may_use_pyside  # type: ignore[attr-defined]
    return True


install()
