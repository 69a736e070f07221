"""The fishbone as a picture file: PNG (raster, for slides) and SVG (vector, for print).

Both draw the same layout code and drawing code as the canvas, with the printable theme (black
on white) and without selection marks. A picture does not depend on the screen it was made on:
it is laid out at a fixed text size (:data:`PICTURE_TEXT_PX`), whatever the window's zoom or
presentation mode, and names a real font family with a generic fallback, not a Qt alias such as
"Sans Serif" that other programs do not know.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QFont, QFontInfo, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from sipdesk.diagrams import FishboneInput, FishboneLayout, layout_fishbone
from sipdesk.ui.fishbone.drawing import FontBook, Theme, draw_layout, style_for

PICTURE_TEXT_PX = 15.0
"""A cause's text size in a picture's own units (the canvas at 100% on a 96 dpi screen)."""
PNG_SCALE = 2.0
"""PNG pixels per picture unit: crisp on slides and printouts."""
GENERIC_FAMILY = "sans-serif"


class ExportError(OSError):
    """The picture could not be written; ``str(error)`` is a sentence for the user."""


def picture_fonts(screen_font: QFont) -> FontBook:
    """Fonts for a picture: the family ``screen_font`` really resolves to on this machine (Qt's
    alias "Sans Serif" becomes e.g. "DejaVu Sans"), so what is measured is what is drawn."""
    base = QFont(QFontInfo(screen_font).family())
    base.setStyleHint(QFont.StyleHint.SansSerif)
    return FontBook(base)


def picture_layout(data: FishboneInput, fonts: FontBook) -> FishboneLayout:
    """``data`` laid out at the fixed picture text size."""
    return layout_fishbone(data, fonts.measure, style_for(PICTURE_TEXT_PX))


def css_family(family: str) -> str:
    """A CSS ``font-family`` value: the family, then the generic fallback."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9 _-]*", family):
        family = "'" + family.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return f"{family}, {GENERIC_FAMILY}"


def _scene(
    layout: FishboneLayout, fonts: FontBook, badges: Mapping[int, str] | None
) -> QGraphicsScene:
    scene = QGraphicsScene()
    draw_layout(scene, layout, fonts, Theme.printable(), badges)
    return scene


def render_image(
    layout: FishboneLayout,
    fonts: FontBook,
    scale: float = PNG_SCALE,
    badges: Mapping[int, str] | None = None,
) -> QImage:
    """The diagram as an image, ``scale`` pixels per layout unit."""
    size = QSize(max(1, round(layout.width * scale)), max(1, round(layout.height * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Theme.printable().background)
    scene = _scene(layout, fonts, badges)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        target = QRectF(0, 0, size.width(), size.height())
        scene.render(painter, target, QRectF(0, 0, layout.width, layout.height))
    finally:
        painter.end()
    return image


def export_png(
    layout: FishboneLayout,
    fonts: FontBook,
    path: Path,
    scale: float = PNG_SCALE,
    badges: Mapping[int, str] | None = None,
) -> Path:
    image = render_image(layout, fonts, scale, badges)
    saved = image.save(str(path), "PNG")  # type: ignore[call-overload]
    if not saved:
        raise ExportError(f"Could not write the picture to “{path.name}”.")
    return path


def svg_bytes(
    layout: FishboneLayout,
    fonts: FontBook,
    title: str = "",
    badges: Mapping[int, str] | None = None,
) -> bytes:
    """The diagram as an SVG document."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(max(1, round(layout.width)), max(1, round(layout.height))))
    generator.setViewBox(QRectF(0, 0, layout.width, layout.height))
    generator.setResolution(96)
    generator.setTitle(title or "Fishbone diagram")
    generator.setDescription("Made with SIP Desk")
    scene = _scene(layout, fonts, badges)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError("Could not draw the diagram as SVG.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(fonts.font(PICTURE_TEXT_PX))  # what the lines' groups name, too
        scene.render(
            painter,
            QRectF(0, 0, layout.width, layout.height),
            QRectF(0, 0, layout.width, layout.height),
        )
    finally:
        painter.end()
    data: QByteArray = buffer.data()
    text = bytes(data.data()).decode("utf-8")
    # QSvgGenerator names the family exactly as the QFont does; the picture uses one family
    # only, so every mention becomes it plus the fallback, for a browser or an office suite
    # that lacks the font.
    family = html.escape(css_family(fonts.font(PICTURE_TEXT_PX).family()))
    text = re.sub(r'font-family="[^"]*"', lambda _: f'font-family="{family}"', text)
    return text.encode("utf-8")


def export_svg(
    layout: FishboneLayout,
    fonts: FontBook,
    path: Path,
    title: str = "",
    badges: Mapping[int, str] | None = None,
) -> Path:
    data = svg_bytes(layout, fonts, title, badges)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(
            f"Could not write the drawing to “{path.name}”: {exc.strerror or exc}."
        ) from exc
    return path
