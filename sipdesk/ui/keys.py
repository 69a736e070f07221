"""Key sequences for actions, each bound once (shared by the plan window and the desk window)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def distinct_keys(
    shortcuts: list[QKeySequence | QKeySequence.StandardKey | str],
) -> list[QKeySequence]:
    """The key sequences, each once: a platform's standard key (Quit is Ctrl+Q on Linux) is
    often the same as the one written beside it, and a key bound twice runs nothing."""
    keys: list[QKeySequence] = []
    seen: set[str] = set()
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            found = QKeySequence.keyBindings(shortcut)
        else:
            found = [QKeySequence(shortcut)]
        for key in found:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text and text not in seen:
                seen.add(text)
                keys.append(key)
    return keys


__all__ = ["distinct_keys"]
