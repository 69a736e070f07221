"""Fonts and text for the PDF: bundled TTFs, per-script font runs, right-to-left order.

reportlab draws each run of text with one font and left to right, with no shaping. So before
text reaches reportlab:

* Arabic letters are joined into their presentation forms (``arabic-reshaper``) in logical
  order, before the text is measured and wrapped; each drawn line is then put in visual order
  on its own (``python-bidi``), so a right-to-left phrase that wraps keeps its lines in reading
  order (:func:`shape`, :func:`reorder`; paragraphs do it in ``pdf_flowables.BidiParagraph``).
* Text is split into runs by the font that has its glyphs: DejaVu Sans (Latin, Greek,
  Cyrillic, Vietnamese, Arabic, Hebrew …) and WenQuanYi Micro Hei for Chinese, Japanese and
  Korean. Paragraph markup wraps the fallback runs in ``<font name=…>`` so a paragraph mixing
  "Riverside" and 学校 keeps both. Characters neither font has (for example Devanagari or Thai)
  come out as the main font's missing-glyph box.

The fallback font is large (5 MB), so it is loaded only when a plan needs it. Fonts are
registered once per process under a lock, so rendering is safe from a worker thread.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sipdesk.paths import resource_path

FONT = "SIPSans"
FONT_BOLD = "SIPSans-Bold"
FONT_ITALIC = "SIPSans-Oblique"
FONT_BOLD_ITALIC = "SIPSans-BoldOblique"
FONT_CJK = "SIPCJK"

_MAIN_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
CJK_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_main_cmap: dict[int, int] = {}
_cjk_cmap: dict[int, int] = {}
_state = {"main": False, "cjk": False}

_display: Callable[..., Any] | None
try:  # optional: correct joining and order for Arabic and Hebrew
    import arabic_reshaper  # type: ignore[import-untyped, unused-ignore]
except ImportError:  # pragma: no cover - depends on the installation
    arabic_reshaper = None
try:
    from bidi.algorithm import get_display  # type: ignore[import-untyped, unused-ignore]

    _display = get_display
except ImportError:  # pragma: no cover - depends on the installation
    _display = None


def font_file(name: str) -> str:
    """Path of the bundled font file registered as ``name``."""
    filename = CJK_FILE if name == FONT_CJK else _MAIN_FILES[name]
    return str(resource_path("fonts", filename))


def register_fonts(cjk: bool = False) -> None:
    """Register the main family (and, if asked, the CJK fallback) with reportlab, once."""
    if _state["main"] and (_state["cjk"] or not cjk):
        return
    with _lock:
        if not _state["main"]:
            for name in _MAIN_FILES:
                pdfmetrics.registerFont(TTFont(name, font_file(name)))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
            )
            # A character counts as covered only if the regular and the bold face have it.
            regular = pdfmetrics.getFont(FONT).face.charToGlyph
            bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
            _main_cmap.update((code, glyph) for code, glyph in regular.items() if code in bold)
            _state["main"] = True
        if cjk and not _state["cjk"]:
            font = TTFont(FONT_CJK, font_file(FONT_CJK), subfontIndex=0)
            pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(
                FONT_CJK, normal=FONT_CJK, bold=FONT_CJK, italic=FONT_CJK, boldItalic=FONT_CJK
            )
            cjk_face: Any = font.face
            _cjk_cmap.update(cjk_face.charToGlyph)
            _state["cjk"] = True


def main_has(ch: str) -> bool:
    return ord(ch) in _main_cmap


def needs_fallback(text: str) -> bool:
    """True if some character of ``text`` is missing from the main font (call after
    :func:`register_fonts`)."""
    if text.isascii():
        return False
    return any(ord(ch) not in _main_cmap and not ch.isspace() for ch in text)


def cjk_has(ch: str) -> bool:
    return ord(ch) in _cjk_cmap


# --- right-to-left ---------------------------------------------------------------------------

_RTL = frozenset(("R", "AL"))

# Explicit bidi formatting characters: embeddings and overrides (LRE, RLE, PDF, LRO, RLO),
# isolates (LRI, RLI, FSI, PDI) and the marks (LRM, RLM, ALM). They draw nothing, and our
# ordering works per right-to-left run, from the letters themselves, so they carry nothing
# it uses; python-bidi also fails with an AssertionError on isolates it does not expect
# (an RLI in an Arabic run, a PDI without its opener), which took the whole PDF down.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_NO_CONTROLS = {ord(ch): None for ch in BIDI_CONTROLS}


def strip_bidi_controls(text: str) -> str:
    """``text`` without explicit bidi formatting characters (see :data:`BIDI_CONTROLS`)."""
    if text.isascii():
        return text
    return text.translate(_NO_CONTROLS)


def has_bidi_controls(text: str) -> bool:
    return not text.isascii() and not BIDI_CONTROLS.isdisjoint(text)


def has_rtl(text: str) -> bool:
    return not text.isascii() and any(unicodedata.bidirectional(ch) in _RTL for ch in text)


@lru_cache(maxsize=2)
def _reshapers(ligatures: bool) -> Any:
    """An Arabic reshaper using only the ligatures DejaVu Sans has glyphs for (or none)."""
    config: dict[str, Any] = {"support_ligatures": ligatures}
    for name, (_text, forms) in arabic_reshaper.ligatures.LIGATURES:
        config[name] = ligatures and all(
            ord(ch) in _main_cmap for form in forms for ch in form if form
        )
    return arabic_reshaper.ArabicReshaper(configuration=config)


def _shape(run: str) -> str:
    """Join Arabic letters into presentation forms the main font has; else leave them."""
    if arabic_reshaper is None:
        return run
    register_fonts()  # the reshaper is limited to the main font's glyphs
    for ligatures in (True, False):
        shaped = str(_reshapers(ligatures).reshape(run))
        if all(ord(ch) in _main_cmap or ch.isspace() for ch in shaped):
            return shaped
    return run


def rtl_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each right-to-left run of ``text``, in order (see :func:`_rtl_runs`)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for rtl, piece in _rtl_runs(text):
        if rtl:
            spans.append((at, at + len(piece)))
        at += len(piece)
    return spans


def display_run(run: str) -> str:
    """One right-to-left run (already shaped) in drawing order."""
    run = strip_bidi_controls(run)
    if _display is not None:
        try:
            return str(_display(run, base_dir="R"))
        except (AssertionError, ValueError):  # pragma: no cover - controls are stripped above
            pass  # a bidi library failure costs this run its mirroring, never the PDF
    return run[::-1]


def _rtl_runs(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` cut into ``(is right-to-left, piece)``; a right-to-left run ends at its last
    strong right-to-left character before any left-to-right one."""
    kinds = [unicodedata.bidirectional(ch) for ch in text]
    i, n = 0, len(text)
    start = 0
    while i < n:
        if kinds[i] not in _RTL:
            i += 1
            continue
        if start < i:
            yield False, text[start:i]
        j = last = i
        while j < n and kinds[j] != "L":
            if kinds[j] in _RTL:
                last = j
            j += 1
        yield True, text[i : last + 1]
        i = start = last + 1
    if start < n:
        yield False, text[start:]


@lru_cache(maxsize=8192)
def shape(text: str) -> str:
    """``text`` (NFC, without bidi controls) in logical order with its Arabic letters joined:
    ready to measure and wrap."""
    text = strip_bidi_controls(unicodedata.normalize("NFC", text))
    if not has_rtl(text):
        return text
    return "".join(_shape(piece) if rtl else piece for rtl, piece in _rtl_runs(text))


@lru_cache(maxsize=8192)
def reorder(line: str) -> str:
    """One line of shaped logical text with each right-to-left run in visual (drawing) order."""
    if not has_rtl(line):
        return line
    return "".join(display_run(piece) if rtl else piece for rtl, piece in _rtl_runs(line))


def visual(text: str) -> str:
    """One line of ``text`` (NFC) shaped and put in visual order, as it is drawn."""
    return reorder(shape(text))


# --- font runs -------------------------------------------------------------------------------


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """Split (shaped) text into ``(fallback font or None for the main font, run)`` pieces.

    Spaces and characters neither font has stay in the current run.
    """
    if not needs_fallback(text):
        return [(None, text)]
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch.isspace() or (code in _main_cmap and current is None):
            font = current
        elif code in _main_cmap:
            font = None
        elif code in _cjk_cmap:
            font = FONT_CJK
        else:
            font = current
        if font != current and buf:
            runs.append((current, "".join(buf)))
            buf = []
        current = font
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))
    return runs


@lru_cache(maxsize=16384)
def markup(text: str) -> str:
    """Plain user text as safe reportlab Paragraph markup, with font runs and line breaks.

    The text stays in logical order (shaped only): a :class:`BidiParagraph` reorders each line
    after wrapping, so only use it in paragraphs made by ``ToolARenderer._p``.
    """
    text = shape(text)
    parts: list[str] = []
    for font, run in font_runs(text):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(f'<font name="{font}">{safe}</font>' if font else safe)
    return "".join(parts)


def is_plain(text: str) -> bool:
    """True if ``text`` can be drawn as a plain string in the main font (no RTL, no fallback)."""
    if text.isascii():
        return True
    return not needs_fallback(text) and not has_rtl(text) and not has_bidi_controls(text)


def measure(text: str, size: float, font: str = FONT) -> float:
    """Width of one line of logical ``text`` as it will be drawn (runs in their fonts)."""
    shown = shape(text)  # the order of the glyphs does not change the width
    return float(
        sum(
            pdfmetrics.stringWidth(run, fallback or font, size)
            for fallback, run in font_runs(shown)
        )
    )


def text_uses_fallback(texts: list[str]) -> bool:
    """True if any text needs the CJK font (registering the main font first)."""
    register_fonts()
    return any(needs_fallback(t) for t in texts)


# --- table cells -------------------------------------------------------------------------

# Spaces a cell's text may not break at: a number stays with its "%" ("66 %") and a year range
# written with spaces ("2019 – 2020") stays whole; the no-break space glues them.
NBSP = "\u00a0"
_NUMBER_UNIT = re.compile(r"(?<=\d)[ \t]+(?=[%‰])")
_NUMBER_RANGE = re.compile(r"(?<=\d)[ \t]+([–—-])[ \t]+(?=\d)")
# White space a line may break at, and what lies between.
_BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_WORD = re.compile(r"(?:\S|[\u00a0\u2007\u202f])+")


def glue(text: str) -> str:
    """``text`` with no-break spaces where a line must not break (see :data:`NBSP`)."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _NUMBER_UNIT.sub(NBSP, text)
    return _NUMBER_RANGE.sub(lambda m: f"{NBSP}{m.group(1)}{NBSP}", text)


def unbreakable(text: str) -> list[str]:
    """The pieces of ``text`` a line cannot break inside (words, with what is glued to them)."""
    return [word for word in _BREAKS.split(text) if word]


# A hyphen inside a word, not between digits ("2019-2020" stays whole).
_COMPOUND_HYPHEN = re.compile(r"(?<=[^\W\d])-(?=[^\W\d])")


def hyphen_breaks(text: str, width: float, font: str, size: float) -> str:
    """``text`` where a compound too wide for ``width`` even at ``size`` may break after its
    hyphen ("accountability-" / "focused"), as a typesetter would, rather than mid-letter.

    The break is a space after the hyphen: the compound is wider than the line, so its parts
    never share one (reportlab does not always break at a zero-width space)."""

    def word(found: re.Match[str]) -> str:
        piece = found.group(0)
        if "-" in piece and measure(piece, size, font) > width:
            return _COMPOUND_HYPHEN.sub("- ", piece)
        return piece

    return _WORD.sub(word, text)
