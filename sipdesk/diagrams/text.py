"""Measuring and word-wrapping label text for diagrams and the PDF, with any font's measure.

Breaks at spaces, between wide (CJK) characters and inside words too long for a line; never
before closing punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

TextMeasure = Callable[[str, float], float]
"""``(text, font_size) -> width in points`` for one line of text."""

# Characters that must not start a line: they stay glued to the text before them.
_NO_BREAK_BEFORE = frozenset("、。，．,.!?！？：；:;）)]｝」』】〕〉》ー")


def approx_measure(text: str, font_size: float) -> float:
    """Width of ``text`` without a font: 0.55 em per character, 1 em per wide (CJK) character,
    nothing for combining marks."""
    if text.isascii():
        return len(text) * 0.55 * font_size
    units = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        units += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55
    return units * font_size


def _pieces(word: str) -> list[str]:
    """Split a word where a line may break inside it: around every wide (CJK) character."""
    pieces: list[str] = []
    run = ""
    for ch in word:
        if ch in _NO_BREAK_BEFORE and (run or pieces):
            if run:
                run += ch
            else:
                pieces[-1] += ch
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            if run:
                pieces.append(run)
                run = ""
            pieces.append(ch)
        else:
            run += ch
    if run:
        pieces.append(run)
    return pieces


# White space a line may break at: all of it but the no-break spaces (U+00A0, U+2007, U+202F),
# which keep a number with its unit ("66 %") as one word.
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_BREAKING_SPACE = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")


def _words(paragraph: str) -> list[str]:
    # A no-break space at a word's edge joins it to nothing: it goes, like any other space.
    return [word for word in (w.strip() for w in _BREAKING_SPACE.split(paragraph)) if word]


class Measurer:
    """Caches widths for one layout run; the caller's measurer may be slow (font metrics)."""

    __slots__ = ("_caches", "_measure")

    def __init__(self, measure: TextMeasure) -> None:
        self._measure = measure
        self._caches: dict[float, dict[str, float]] = {}

    def wrap(self, text: str, size: float, max_width: float) -> tuple[tuple[str, ...], float]:
        """Word-wrap ``text`` to ``max_width``; return the lines and the widest line's width."""
        cache = self._caches.get(size)
        if cache is None:
            cache = self._caches[size] = {}
        return _wrap(text, size, max_width, self._measure, cache)


def wrap_text(
    text: str, font_size: float, max_width: float, measure: TextMeasure = approx_measure
) -> tuple[str, ...]:
    """Word-wrap ``text`` into lines no wider than ``max_width`` (a single character wider than
    that gets a line of its own).

    Breaks at spaces, between CJK characters and inside words too long for a line; keeps hard
    line breaks; drops blank lines. Always returns at least one line (``("",)`` for no text).
    """
    return _wrap(text, font_size, max_width, measure, {})[0]


def _wrap(
    text: str, size: float, max_width: float, measure: TextMeasure, cache: dict[str, float]
) -> tuple[tuple[str, ...], float]:
    """Greedy wrap: the lines and the widest line's measured width.

    ``cache`` maps piece -> width at ``size`` and is filled as a side effect.
    """
    lines: list[str] = []
    widest = 0.0
    space = cache.get(" ")
    if space is None:
        space = cache[" "] = float(measure(" ", size))
    for paragraph in text.splitlines():
        words = _words(paragraph)
        if not words:
            continue
        # Most labels fit on one line: one measurement instead of one per word.
        whole = " ".join(words)
        whole_w = float(measure(whole, size))
        if whole_w <= max_width:
            lines.append(whole)
            widest = max(widest, whole_w)
            continue
        first = len(lines)
        parts: list[str] = []
        used = 0.0
        for word in words:
            for i, piece in enumerate((word,) if word.isascii() else _pieces(word)):
                piece_w = cache.get(piece)
                if piece_w is None:
                    piece_w = cache[piece] = float(measure(piece, size))
                if parts:
                    extra = piece_w + space if i == 0 else piece_w
                    if used + extra <= max_width:
                        parts.append(" " + piece if i == 0 else piece)
                        used += extra
                        continue
                    lines.append("".join(parts))
                if piece_w <= max_width:
                    parts, used = [piece], piece_w
                else:
                    chunks, used = _break_long(piece, size, max_width, measure, cache)
                    lines.extend(chunks[:-1])
                    parts = [chunks[-1]]
        if parts:
            lines.append("".join(parts))
        # A no-break space where the line had to break anyway (inside a word too long for a
        # line, or beside a CJK character) goes, like a space at a line's end: it made lines
        # that were all space.
        lines[first:] = [line for line in (line.strip() for line in lines[first:]) if line]
        # Widths were summed per piece; measure whole lines, as kerning makes them differ.
        for line in lines[first:]:
            widest = max(widest, float(measure(line, size)))
    return (tuple(lines), widest) if lines else (("",), 0.0)


def _break_long(
    piece: str, size: float, max_width: float, measure: TextMeasure, cache: dict[str, float]
) -> tuple[list[str], float]:
    """Cut a piece wider than a line into chunks that fit (at least one character each);
    return them and the last chunk's width."""
    chunks: list[str] = []
    current = ""
    used = 0.0
    for ch in piece:
        ch_w = cache.get(ch)
        if ch_w is None:
            ch_w = cache[ch] = float(measure(ch, size))
        while current and used + ch_w > max_width:
            # Words held together by no-break spaces part at the last of them that fits
            # ("88 % on Mondays" rather than "Monday" / "s"); a single word is cut anywhere.
            cut = max(current.rfind(space) for space in NO_BREAK_SPACES)
            head, current = (current[:cut], current[cut + 1 :]) if cut > 0 else (current, "")
            chunks.append(head)
            used = sum(cache[c] for c in current)
        current += ch
        used += ch_w
    chunks.append(current)
    return chunks, used
