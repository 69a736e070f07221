"""The rollup's two charts in the desk's "Across schools" window, drawn with QPainter from the
same data and colours as the PDF's (:mod:`sipdesk.district.rollup_charts`): the domain × school
heat map and the stacked bar of action status by school. Sizes follow the window's font (zoom,
presentation); on the high-contrast theme's black the charts take their light colours."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sipdesk.district.rollup_charts import (
    HeatMap,
    StatusBar,
    cell_words,
    heat_colours,
    luminance,
    most_actions,
    status_colours,
    status_legend,
)


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable, so its description is read

    def high_contrast(self) -> bool:
        return luminance(self.palette().color(QPalette.ColorRole.Window).name()) < 0.1

    def ink(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def unit(self) -> int:
        """A row's height: the font's line and some air."""
        return round(QFontMetrics(self.font()).height() * 1.7)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
        super().changeEvent(event)

    def _fit(self) -> None:
        self.setMinimumHeight(self.needed_height())
        self.updateGeometry()
        self.update()

    def needed_height(self) -> int:  # pragma: no cover - each chart has its own
        raise NotImplementedError

    def label_width(self, names: list[str]) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0)
        return min(max(widest + 16, 80), max(120, self.width() // 3))

    def school_at(self, y: int) -> str:  # pragma: no cover - each chart has its own
        raise NotImplementedError

    def event(self, event: QEvent) -> bool:
        """A school's whole name in a tooltip, where the chart had to cut it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            name = self.school_at(event.pos().y())
            if name:
                QToolTip.showText(event.globalPos(), name, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _focus_frame(self, painter: QPainter) -> None:
        if self.hasFocus():
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))


class HeatMapChart(_Chart):
    """Schools down, the four domains across; in each cell the school's strategies there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: HeatMap | None = None
        self.setAccessibleName("Strategies by school and domain, as a heat map")

    def set_chart(self, chart: HeatMap) -> None:
        self.chart = chart
        gaps = sum(1 for row in chart.rows for count in row.counts if count == 0)
        self.setAccessibleDescription(
            f"{len(chart.rows)} schools by four domains; {gaps} cells with no strategy, marked "
            "none. The table of the same name holds every number."
        )
        self._fit()

    def columns(self) -> tuple[int, int]:
        """(label width, cell width) at the chart's width."""
        chart = self.chart
        names = [row.school for row in chart.rows] if chart else []
        label_w = self.label_width(names)
        count = len(chart.domains) if chart else 4
        return label_w, max(60, (self.width() - label_w - 8) // max(1, count))

    def head_font(self) -> QFont:
        """Bold, and smaller (to two thirds at most) when a domain's longest word would not fit
        its cell; the words then wrap whole."""
        _label_w, cell_w = self.columns()
        font = QFont(self.font())
        font.setBold(True)
        words = [w for title in (self.chart.domains if self.chart else ()) for w in title.split()]
        size = font.pointSizeF()
        while size > self.font().pointSizeF() * 0.66:
            metrics = QFontMetrics(font)
            if all(metrics.horizontalAdvance(w) <= cell_w - 8 for w in words):
                break
            size -= 0.5
            font.setPointSizeF(size)
        return font

    def head_height(self) -> int:
        metrics = QFontMetrics(self.head_font())
        _label_w, cell_w = self.columns()
        tallest = metrics.height()
        for title in self.chart.domains if self.chart else ():
            box = QRect(0, 0, cell_w - 8, 10_000)
            used = metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), title)
            tallest = max(tallest, used.height())
        return tallest + 12

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.minimumHeight() != self.needed_height():
            self.setMinimumHeight(self.needed_height())

    def school_at(self, y: int) -> str:
        rows = self.chart.rows if self.chart else ()
        index = (y - self.head_height()) // self.unit()
        return rows[index].school if y >= self.head_height() and index < len(rows) else ""

    def needed_height(self) -> int:
        rows = len(self.chart.rows) if self.chart else 0
        return self.head_height() + rows * self.unit() + 8

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        chart = self.chart
        if chart is None:
            painter.end()
            return
        high = self.high_contrast()
        unit = self.unit()
        label_w, cell_w = self.columns()
        head_h = self.head_height()
        painter.setFont(self.head_font())
        painter.setPen(self.ink())
        for i, title in enumerate(chart.domains):
            box = QRect(label_w + i * cell_w + 4, 4, cell_w - 8, head_h - 8)
            painter.drawText(
                box,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
                | int(Qt.TextFlag.TextWordWrap),
                title,
            )
        bold = QFont(self.font())
        bold.setBold(True)
        top = event.rect().top()
        bottom = event.rect().bottom()
        for r, row in enumerate(chart.rows):
            y = head_h + r * unit
            if y + unit < top or y > bottom:
                continue
            painter.setFont(self.font())
            painter.setPen(self.ink())
            name = QFontMetrics(self.font()).elidedText(
                row.school, Qt.TextElideMode.ElideRight, label_w - 12
            )
            painter.drawText(
                QRect(4, y, label_w - 12, unit),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            for i, count in enumerate(row.counts):
                fill, ink = heat_colours(count, chart.top, high_contrast=high)
                cell = QRect(label_w + i * cell_w + 1, y + 1, cell_w - 2, unit - 2)
                painter.fillRect(cell, QColor(fill))
                if count == 0:  # the gap is outlined as well as named
                    painter.setPen(QColor(ink))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(cell.adjusted(0, 0, -1, -1))
                painter.setFont(bold if count == 0 else self.font())
                painter.setPen(QColor(ink))
                painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), cell_words(count))
        self._focus_frame(painter)
        painter.end()


class StatusBarChart(_Chart):
    """One bar per school: its actions done, on track, behind and not started, with numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: tuple[StatusBar, ...] = ()
        self.setAccessibleName("Actions by status, one bar per school")

    def set_bars(self, bars: tuple[StatusBar, ...]) -> None:
        self.bars = bars
        behind = sum(count for bar in bars for status, count in bar.segments if status == "behind")
        self.setAccessibleDescription(
            f"{len(bars)} schools; {behind} actions behind in all. The table "
            "“Implementation this cycle” holds every number."
        )
        self._fit()

    def needed_height(self) -> int:
        return self.unit() * (len(self.bars) + 1) + 16

    def school_at(self, y: int) -> str:
        index = (y - 8) // self.unit() - 1
        return self.bars[index].school if y >= self.unit() + 8 and index < len(self.bars) else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        high = self.high_contrast()
        unit = self.unit()
        metrics = QFontMetrics(self.font())
        label_w = self.label_width([bar.school for bar in self.bars])
        total_w = metrics.horizontalAdvance("0000") + 12
        bar_w = max(80, self.width() - label_w - total_w - 8)
        # The legend first, where the bars begin.
        x = label_w
        swatch = metrics.height() - 2
        for status, words in status_legend():
            fill, _ink = status_colours(status, high_contrast=high)
            y = (unit - swatch) // 2
            painter.fillRect(QRect(x, y, swatch, swatch), QColor(fill))
            painter.setPen(self.ink())
            painter.drawText(
                QRect(x + swatch + 6, 0, metrics.horizontalAdvance(words) + 4, unit),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                words,
            )
            x += swatch + 6 + metrics.horizontalAdvance(words) + 24
        most = most_actions(self.bars)
        for r, bar in enumerate(self.bars):
            y = unit * (r + 1) + 8
            if y + unit < event.rect().top() or y > event.rect().bottom():
                continue
            painter.setPen(self.ink())
            name = metrics.elidedText(bar.school, Qt.TextElideMode.ElideRight, label_w - 12)
            painter.drawText(
                QRect(4, y, label_w - 12, unit),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            left = float(label_w)
            for status, count in bar.segments:
                if not count:
                    continue
                width = bar_w * count / most
                fill, ink = status_colours(status, high_contrast=high)
                box = QRectF(left, y + 3, width, unit - 6)
                painter.fillRect(box, QColor(fill))
                words = str(count)
                if metrics.horizontalAdvance(words) + 6 <= width:
                    painter.setPen(QColor(ink))
                    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), words)
                left += width
            painter.setPen(self.ink())
            painter.drawText(
                QRect(round(left) + 6, y, total_w, unit),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(bar.actions),
            )
        self._focus_frame(painter)
        painter.end()


__all__ = ["HeatMapChart", "StatusBarChart"]
