"""The join QR code, drawn as large as its room allows, square, with its quiet zone white.

It takes the bytes :mod:`sipdesk.room.qr` makes: SVG (drawn with QtSvg, sharp at any size)
or PNG (scaled without smoothing, so the modules stay crisp).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrView(QWidget):
    """A square QR code on white, centred in the widget."""

    def __init__(self, parent: QWidget | None = None, *, largest: int = 420) -> None:
        super().__init__(parent)
        self._svg: QSvgRenderer | None = None
        self._png: QPixmap | None = None
        self._largest = largest
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setAccessibleName("Join code picture (QR)")

    def set_code(self, code: str | bytes) -> None:
        """The code as SVG (text or bytes) or PNG bytes."""
        data = code.encode("utf-8") if isinstance(code, str) else code
        self._svg = self._png = None
        if data.startswith(b"\x89PNG"):
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self._png = pixmap
        else:
            self._svg = QSvgRenderer(QByteArray(data), self)
        self.update()

    def has_code(self) -> bool:
        return (self._svg is not None and self._svg.isValid()) or (
            self._png is not None and not self._png.isNull()
        )

    def sizeHint(self) -> QSize:
        return QSize(self._largest, self._largest)

    def side(self) -> int:
        """The drawn square's side, in pixels."""
        return max(min(self.width(), self.height(), self._largest), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = self.side()
        left, top = (self.width() - side) // 2, (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, QColor("white"))
        if self._svg is not None and self._svg.isValid():
            self._svg.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            self._svg.render(painter, QRectF(left, top, side, side))
        elif self._png is not None and not self._png.isNull():
            scaled = self._png.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
            painter.drawPixmap(
                left + (side - scaled.width()) // 2, top + (side - scaled.height()) // 2, scaled
            )
        painter.end()


__all__ = ["QrView"]
