"""Show view: the current board on the whole screen for the room (see :mod:`.window`)."""

from sipdesk.ui.wall.boards import WallBoard
from sipdesk.ui.wall.window import WallWindow

__all__ = ["WallBoard", "WallWindow"]
