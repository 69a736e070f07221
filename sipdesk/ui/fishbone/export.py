"""The fishbone as a picture file: PNG (raster, for slides) and SVG (vector, for print).

Both draw the same layout the canvas shows, with the printable theme (black on white) and
without selection marks, through the same drawing code as the canvas.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from sipdesk.diagrams import FishboneLayout
from sipdesk.ui.fishbone.drawing import FontBook, Theme, draw_layout


class ExportError(OSError):
    """The picture could not be written; ``str(error)`` is a sentence for the user."""


def _scene(layout: FishboneLayout, fonts: FontBook) -> QGraphicsScene:
    scene = QGraphicsScene()
    draw_layout(scene, layout, fonts, Theme.printable())
    return scene


def render_image(layout: FishboneLayout, fonts: FontBook, scale: float = 2.0) -> QImage:
    """The diagram as an image, ``scale`` pixels per layout unit (2 = crisp on slides)."""
    size = QSize(max(1, round(layout.width * scale)), max(1, round(layout.height * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Theme.printable().background)
    scene = _scene(layout, fonts)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        target = QRectF(0, 0, size.width(), size.height())
        scene.render(painter, target, QRectF(0, 0, layout.width, layout.height))
    finally:
        painter.end()
    return image


def export_png(layout: FishboneLayout, fonts: FontBook, path: Path, scale: float = 2.0) -> Path:
    image = render_image(layout, fonts, scale)
    saved = image.save(str(path), "PNG")  # type: ignore[call-overload]
    if not saved:
        raise ExportError(f"Could not write the picture to “{path.name}”.")
    return path


def export_svg(layout: FishboneLayout, fonts: FontBook, path: Path, title: str = "") -> Path:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    size = QSize(max(1, round(layout.width)), max(1, round(layout.height)))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, layout.width, layout.height))
    generator.setResolution(96)
    generator.setTitle(title or "Fishbone diagram")
    generator.setDescription("Made with SIP Desk")
    scene = _scene(layout, fonts)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"Could not write the drawing to “{path.name}”.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(
            painter,
            QRectF(0, 0, layout.width, layout.height),
            QRectF(0, 0, layout.width, layout.height),
        )
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise ExportError(f"Could not write the drawing to “{path.name}”.")
    return path
