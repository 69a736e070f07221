"""Drawing a :class:`~sipdesk.diagrams.FishboneLayout` into a QGraphicsScene.

The scene is only a picture of the layout: it holds no plan data and nothing in it moves by
itself. Scene units are pixels; layout font sizes are pixel sizes, so the text is measured and
drawn with the same pixel-sized fonts and never outgrows its box on any screen or device.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from sipdesk.diagrams import Box, FishboneLayout, HitKind, LayoutStyle, Segment
from sipdesk.diagrams.editing import DRAFT_ID

ROOT_MARK = "★ "
BADGE_TEXT_SCALE = 0.8  # a badge's words, against the label's text size


def vote_badge(votes: int) -> str:
    """How a cause's votes (dots and typed-in votes together) read on the diagram while the
    team votes: a count in words, drawn as a badge in front of the cause."""
    return f"{votes} vote" if votes == 1 else f"{votes} votes"


# LayoutStyle fields that are ratios, not lengths: they do not grow with the font.
_RATIOS = frozenset({"bone_slope", "line_spacing"})
_DEFAULT_CAUSE_SIZE = LayoutStyle().cause_font_size
_MAX_CACHED_WIDTHS = 20_000  # per font size; a plan has far fewer distinct words and labels


def style_for(base_px: float) -> LayoutStyle:
    """The default style scaled so a cause's text is ``base_px`` pixels: the whole diagram
    grows with the widget font (presentation zoom) and keeps its proportions."""
    factor = base_px / _DEFAULT_CAUSE_SIZE
    default = LayoutStyle()
    values = {
        f.name: getattr(default, f.name) * (1.0 if f.name in _RATIOS else factor)
        for f in dataclasses.fields(LayoutStyle)
    }
    return LayoutStyle(**values)


def base_pixel_size(font: QFont) -> float:
    """The font's size in pixels as Qt resolved it for the screen."""
    return float(max(QFontInfo(font).pixelSize(), 6))


class FontBook:
    """Pixel-sized fonts of one family, and a text measure for the layout that uses them."""

    def __init__(self, base: QFont) -> None:
        self._base = QFont(base)
        self._base.setBold(False)
        self._base.setItalic(False)
        self._fonts: dict[int, QFont] = {}
        self._metrics: dict[int, QFontMetricsF] = {}
        self._widths: dict[int, dict[str, float]] = {}

    def font(self, size: float) -> QFont:
        key = max(1, round(size))
        found = self._fonts.get(key)
        if found is None:
            found = QFont(self._base)
            found.setPixelSize(key)
            self._fonts[key] = found
        return found

    def measure(self, text: str, size: float) -> float:
        key = max(1, round(size))
        widths = self._widths.get(key)
        if widths is None:
            widths = self._widths[key] = {}
        width = widths.get(text)
        if width is None:
            # Widths are kept across layouts: while someone types, only one label is new.
            if len(widths) > _MAX_CACHED_WIDTHS:
                widths.clear()
            metrics = self._metrics.get(key)
            if metrics is None:
                metrics = self._metrics[key] = QFontMetricsF(self.font(size))
            width = widths[text] = float(metrics.horizontalAdvance(text))
        return width


@dataclass(frozen=True)
class Theme:
    """Colours of the diagram; taken from the widget palette on screen (so a high-contrast
    theme carries over), fixed black on white for exported files."""

    background: QColor
    text: QColor
    line: QColor
    head_fill: QColor
    category_fill: QColor
    root: QColor
    root_fill: QColor
    selection: QColor
    drop: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Theme:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightness() < 128
        root = QColor("#ff8a80") if dark else QColor("#b71c1c")
        return cls(
            background=base,
            text=text,
            line=text,
            head_fill=_mix(base, highlight, 0.18),
            category_fill=palette.color(QPalette.ColorRole.AlternateBase),
            root=root,
            root_fill=_mix(base, root, 0.12),
            selection=highlight,
            drop=highlight,
        )

    @classmethod
    def printable(cls) -> Theme:
        white, black = QColor("white"), QColor("black")
        root = QColor("#b71c1c")
        return cls(
            background=white,
            text=black,
            line=QColor("#333333"),
            head_fill=QColor("#e3ecf7"),
            category_fill=QColor("#f1f1f1"),
            root=root,
            root_fill=_mix(white, root, 0.10),
            selection=QColor("#1565c0"),
            drop=QColor("#1565c0"),
        )


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def box_rect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)


class LabelItem(QGraphicsItem):
    """One label of the layout: its box (framed by kind) and its wrapped lines.

    ``badge``: the words the label's text starts with that are drawn as a badge (the vote
    count while voting); the layout measured them as ordinary text.
    """

    def __init__(
        self,
        kind: HitKind,
        ident: int,
        box: Box,
        fonts: FontBook,
        theme: Theme,
        *,
        is_root: bool = False,
        ghost: bool = False,
        badge: str = "",
    ) -> None:
        super().__init__()
        self.ghost = ghost  # the copy that follows the pointer during a drag
        self.kind = kind
        self.ident = ident
        self.box = box
        self.is_root = is_root
        self.badge = badge
        self._fonts = fonts
        self._theme = theme
        self._rect = box_rect(box)
        # Room for the frame's pen, so nothing is left behind when the item repaints.
        self._bounds = self._rect.adjusted(-2, -2, 2, 2)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        theme, box, rect = self._theme, self.box, self._rect
        radius = box.font_size * 0.3
        if self.kind == "problem":
            painter.setPen(QPen(theme.line, max(1.5, box.font_size / 8)))
            painter.setBrush(theme.head_fill)
            painter.drawRoundedRect(rect, radius, radius)
        elif self.kind == "category":
            painter.setPen(QPen(theme.line, 1.0))
            painter.setBrush(theme.category_fill)
            painter.drawRoundedRect(rect, radius, radius)
        if self.ghost:
            painter.setPen(QPen(theme.selection, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(theme.background)
            painter.drawRoundedRect(rect, radius, radius)
        elif self.ident == DRAFT_ID:
            pen = QPen(theme.selection, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, radius, radius)
        elif self.is_root:
            painter.setPen(QPen(theme.root, max(2.0, box.font_size / 6)))
            painter.setBrush(theme.root_fill)
            painter.drawRoundedRect(rect, radius, radius)
        font = self._fonts.font(box.font_size)
        painter.setFont(font)
        align = Qt.AlignmentFlag.AlignVCenter | (
            Qt.AlignmentFlag.AlignHCenter if box.align == "center" else Qt.AlignmentFlag.AlignLeft
        )
        width = box.w - 2 * box.padding
        for i, line in enumerate(box.lines):
            slot = QRectF(
                box.x + box.padding,
                box.y + box.padding + i * box.line_height,
                width,
                box.line_height,
            )
            ink = theme.root if self.is_root else theme.text
            if i == 0 and self.badge and line.startswith(self.badge):
                self._paint_badged_line(painter, QFontMetricsF(font), slot, line, ink)
                continue
            painter.setPen(ink)
            painter.drawText(slot, int(align), line)

    def _paint_badged_line(
        self,
        painter: QPainter,
        metrics: QFontMetricsF,
        slot: QRectF,
        line: str,
        ink: QColor,
    ) -> None:
        """``line`` with its leading badge words reversed out of a solid pill (the label's
        own colour), so the count reads as a badge and not as part of the sentence."""
        box = self.box
        left = slot.left()
        if box.align == "center":
            left = slot.center().x() - metrics.horizontalAdvance(line) / 2
        pad = box.font_size * 0.15  # into the label's padding; the space after stays clear
        pill = QRectF(
            left - pad,
            slot.top() + slot.height() * 0.04,
            metrics.horizontalAdvance(self.badge) + pad,
            slot.height() * 0.92,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        radius = pill.height() / 2
        painter.drawRoundedRect(pill, radius, radius)
        # The badge's words a size smaller, so the pill the layout made room for has a margin;
        # then the rest of the line where the layout put it (no clipping: SVG looks the same).
        font = painter.font()
        painter.setFont(self._fonts.font(box.font_size * BADGE_TEXT_SCALE))
        painter.setPen(self._theme.background)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), self.badge)
        painter.setFont(font)
        painter.setPen(ink)
        rest = QRectF(left + metrics.horizontalAdvance(self.badge), slot.top(), 0, slot.height())
        rest.setRight(slot.right())
        painter.drawText(
            rest,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            line[len(self.badge) :],
        )


def _path(segments: Iterable[Segment]) -> QPainterPath:
    path = QPainterPath()
    for seg in segments:
        path.moveTo(seg.x1, seg.y1)
        path.lineTo(seg.x2, seg.y2)
    return path


def _lines(path: QPainterPath, color: QColor, width: float, z: float) -> QGraphicsPathItem:
    item = QGraphicsPathItem(path)
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    item.setPen(pen)
    item.setZValue(z)
    return item


def draw_layout(
    scene: QGraphicsScene,
    layout: FishboneLayout,
    fonts: FontBook,
    theme: Theme,
    badges: Mapping[int, str] | None = None,
) -> dict[tuple[HitKind, int], LabelItem]:
    """Clear ``scene`` and draw ``layout`` into it; returns the label items by (kind, id).

    ``badges``: cause id -> the words its label starts with that are drawn as a badge."""
    badges = badges or {}
    scene.clear()
    scene.setBackgroundBrush(QBrush(theme.background))
    scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))
    unit = layout.head.font_size / 14.0  # line widths follow the text size
    plain: list[Segment] = []
    roots: list[Segment] = []
    for bone in layout.bones:
        for twig in bone.twigs:
            (roots if twig.is_root else plain).append(twig.segment)
    scene.addItem(_lines(_path([layout.spine]), theme.line, 4.0 * unit, 0))
    scene.addItem(_lines(_path(b.segment for b in layout.bones), theme.line, 2.2 * unit, 0))
    scene.addItem(_lines(_path(plain), theme.line, 1.1 * unit, 0))
    scene.addItem(_lines(_path(roots), theme.root, 2.2 * unit, 0))
    items: dict[tuple[HitKind, int], LabelItem] = {}

    def add(item: LabelItem) -> None:
        item.setZValue(1)
        scene.addItem(item)
        items[(item.kind, item.ident)] = item

    add(LabelItem("problem", 0, layout.head, fonts, theme))
    for bone in layout.bones:
        add(LabelItem("category", bone.category_id, bone.label, fonts, theme))
        for twig in bone.twigs:
            add(
                LabelItem(
                    "cause",
                    twig.cause_id,
                    twig.label,
                    fonts,
                    theme,
                    is_root=twig.is_root,
                    badge=badges.get(twig.cause_id, ""),
                )
            )
    return items


def outline_path(box: Box, grow: float) -> QPainterPath:
    path = QPainterPath()
    radius = box.font_size * 0.3 + grow
    path.addRoundedRect(box_rect(box).adjusted(-grow, -grow, grow, grow), radius, radius)
    return path


def segment_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    path = QPainterPath(QPointF(x1, y1))
    path.lineTo(x2, y2)
    return path
