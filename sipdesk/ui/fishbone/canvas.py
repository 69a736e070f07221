"""The live fishbone canvas: a QGraphicsView drawn from the diagrams layout.

The scene never holds the truth. The canvas is given a snapshot fishbone (plain data), lays it
out with :mod:`sipdesk.diagrams` and draws it; every edit goes through the plan controller as
one service operation, whose ``changed`` signal brings back a new snapshot. A drag ends in
one move command, as in Qt's undoframework example.

Keyboard (the facilitator types while the team talks):

========================  ============================================================
Enter                     head: add a category · category: add a cause · cause: add the
                          next cause. While typing, Enter keeps adding; Enter on an
                          empty line stops.
Shift+Enter               category: add a category after it · cause: add a sub-cause
Alt+Right / Alt+Left      make the cause (or the one being typed) a sub-cause of the
                          cause above / take it back out a level
F2, double-click          rename in place
Delete                    remove the cause or category (undoable)
Arrow keys                Up/Down: through the causes on one bone (sub-causes
                          included) · Left/Right: between bones (same with voting on)
Esc / Home                up a level (cause → the cause above it → bone → head) / the head
Ctrl+arrow keys           move the cause or category (Ctrl+Left/Right: to the
                          neighbouring bone)
Ctrl+R                    mark or unmark as a root cause
+ / -                     in voting: place or take back a dot
Tab / Shift+Tab           leave the diagram (a label being typed is kept), as everywhere
========================  ============================================================

During a voting round (:class:`RoundKeeper`) the diagram is locked: a cause's key (1–9, a–z,
shown in its badge) or Space on the selected cause places the voter's dot, Backspace takes
their last one back, Enter passes to the next voter (Shift+Enter: back), F4 shows or hides the
votes, Esc (or F7) ends the round. Arrows still select; every key that would add, rename,
move or delete says the diagram is locked instead, and so does Ctrl+Z.

Tab never restructures: in a meeting it is the key people press to get to the next box, and
a cause silently hung under another one is work changed without anyone seeing it. Every
restructuring or deletion says in a sentence what moved (``message``) and is undoable.

The canvas is built in layers, each a module of its own and each a subclass of the one
before: :mod:`.view` (drawing, selection, zoom and fit), :mod:`.editing` (typing in place,
the commands and the context menu), :mod:`.dragging` (the mouse) and :mod:`.keys` (the
keys); :class:`FishboneCanvas` is the last of them. What the keys and drags do to the
diagram's structure is worked out without Qt in :mod:`sipdesk.diagrams` (``editing``,
``drop``, ``navigation``).
"""

from __future__ import annotations

from sipdesk.diagrams.editing import Target
from sipdesk.ui.fishbone.keys import KeyboardCanvas
from sipdesk.ui.fishbone.view import LOCKED, MIN_ZOOM, READABLE_ZOOM, UNDO_WAITS


class FishboneCanvas(KeyboardCanvas):
    """Shows one fishbone and edits it through the controller: :mod:`.view`, :mod:`.editing`,
    :mod:`.dragging` and :mod:`.keys` put together (see the module docstring)."""


__all__ = ["LOCKED", "MIN_ZOOM", "READABLE_ZOOM", "UNDO_WAITS", "FishboneCanvas", "Target"]
