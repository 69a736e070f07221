"""Draw SIP Desk's icon (a plan page with a rising line) and save it for every platform.

Run once when the design changes; the results are kept in ``installer/icons/``:
``sipdesk.png`` (Linux, 256 px), ``sipdesk.ico`` (Windows, several sizes) and
``sipdesk-document.png`` (the icon of .sipdesk files on Linux).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent / "icons"
TEAL, PAPER, INK, GOLD = QColor("#1f6f78"), QColor("#fbfaf5"), QColor("#25424a"), QColor("#e0a526")


def draw(size: int, document: bool = False) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    if not document:
        p.setBrush(TEAL)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    page = (
        QRectF(60 * s, 36 * s, 136 * s, 184 * s)
        if not document
        else QRectF(40 * s, 12 * s, 176 * s, 232 * s)
    )
    p.setBrush(PAPER)
    p.setPen(QPen(INK, max(1.0, 6 * s)) if document else Qt.PenStyle.NoPen)
    p.drawRoundedRect(page, 12 * s, 12 * s)
    # three lines of text, then a rising line with a gold point
    p.setPen(
        QPen(QColor("#9fb3b6"), max(1.0, 10 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    left, width = page.left() + 22 * s, page.width() - 44 * s
    for row in range(3):
        y = page.top() + (34 + row * 24) * s
        p.drawLine(QPointF(left, y), QPointF(left + width * (1 - 0.2 * row), y))
    path = QPainterPath(QPointF(left, page.bottom() - 30 * s))
    path.lineTo(QPointF(left + width * 0.35, page.bottom() - 62 * s))
    path.lineTo(QPointF(left + width * 0.6, page.bottom() - 50 * s))
    path.lineTo(QPointF(left + width, page.bottom() - 92 * s))
    p.setPen(QPen(TEAL, max(1.5, 12 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GOLD)
    p.drawEllipse(QPointF(left + width, page.bottom() - 92 * s), 14 * s, 14 * s)
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    HERE.mkdir(exist_ok=True)
    draw(256).save(str(HERE / "sipdesk.png"))
    draw(256, document=True).save(str(HERE / "sipdesk-document.png"))
    # Qt writes one size per .ico; 256 px is what Windows scales from.
    if not draw(256).save(str(HERE / "sipdesk.ico")):
        raise SystemExit("this Qt cannot write .ico files")
    if not draw(256, document=True).save(str(HERE / "sipdesk-document.ico")):
        raise SystemExit("this Qt cannot write .ico files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
