"""A simple progress chart per strategy, drawn with QPainter from plain data.

For each strategy, one stacked bar per monitoring period of the plan (its own cycles, or its
quarters when it has none) shows where its actions stand at the end of that period (done, on
track, behind, not started, no status yet). A period that has not begun yet has an empty bar
marked "not started yet" — never the last period's figures carried on.
Sizes come from the font, so the chart grows with the presentation zoom; the same facts are in
the accessible description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sipdesk.services import monitoring, outline
from sipdesk.services.measures import CycleSpan, effective_cycles
from sipdesk.services.progress import is_plan_month, month_index, plan_start, span_started
from sipdesk.ui.monitoring.month_grid import STATUS_STYLE

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc

SEGMENTS = ("done", "on_track", "behind", "not_started", "none")
SEGMENT_LABELS = {
    "done": "Done",
    "on_track": "On track",
    "behind": "Behind",
    "not_started": "Not started",
    "none": "No status yet",
}
_NONE_STYLE = ("#ffffff", "#8a9099", "#1f2328", "")
NOT_STARTED = "not started yet"


def _style(segment: str) -> tuple[str, str, str, str]:
    return STATUS_STYLE.get(segment, _NONE_STYLE)


@dataclass(frozen=True)
class StrategyBars:
    number: str
    title: str
    periods: tuple[dict[str, int], ...]  # one mix per period, SEGMENTS → count (empty if not begun)
    started: tuple[bool, ...] = (True, True, True, True)
    labels: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")  # each bar's period, shortly named


def _empty_mix() -> dict[str, int]:
    return dict.fromkeys(SEGMENTS, 0)


def short_name(cycle: CycleSpan) -> str:
    """A bar's label: "Q2" for a quarter of a plan without cycles, else the cycle's own name
    ("Cycle 2", "Trimester 2")."""
    if cycle.id is None:
        return f"Q{cycle.number}"
    return cycle.name.strip() or f"Cycle {cycle.number}"


def chart_data(doc: PlanDoc, today: dt.date | None = None) -> list[StrategyBars]:
    """One :class:`StrategyBars` per strategy, a bar for each of the plan's monitoring
    periods (``effective_cycles``) at the end of its last month; periods that have not begun
    by ``today`` (default: the real today) have an empty mix."""
    first = plan_start(doc["profile"]["first_month"])
    cycles = [c for c in effective_cycles(doc, today) if is_plan_month(c.end)]
    started = tuple(span_started(first, c.start, today) for c in cycles)
    labels = tuple(short_name(c) for c in cycles)
    ends = [month_index(first, c.end) for c in cycles]
    out = []
    for entry in outline.outline(doc):
        if entry.kind == "strategy":
            mixes = tuple(
                monitoring.mix_at(entry.data, first, end) if begun else _empty_mix()
                for end, begun in zip(ends, started, strict=True)
            )
            out.append(StrategyBars(entry.number, entry.title, mixes, started, labels))
    return out


def describe(bars: list[StrategyBars]) -> str:
    """The chart in words, for screen readers and tooltips."""
    if not bars:
        return "No strategies yet."
    lines = []
    for item in bars:
        parts = []
        for name, mix, begun in zip(item.labels, item.periods, item.started, strict=False):
            if not begun:
                parts.append(f"{name}: {NOT_STARTED}")
                continue
            total = sum(mix.values())
            parts.append(f"{name}: {mix['done']} of {total} done, {mix['behind']} behind")
        lines.append(f"Strategy {item.number}: " + "; ".join(parts) + ".")
    return " ".join(lines)


class ProgressChart(QWidget):
    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._bars: list[StrategyBars] = []
        self.setAccessibleName("Progress chart by strategy")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_padding()

    def set_plan(self, doc: PlanDoc) -> None:
        self.set_bars(chart_data(doc, self._today()))

    def set_bars(self, bars: list[StrategyBars]) -> None:
        self._bars = bars
        text = describe(bars)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    @property
    def bars(self) -> list[StrategyBars]:
        return list(self._bars)

    # ----------------------------------------------------------------- geometry
    def _line(self) -> int:
        return self.fontMetrics().height()

    def _fit_padding(self) -> None:
        """Room between the chart and the frame around it, growing with the font."""
        pad = max(8, round(self._line() * 0.75))
        self.setContentsMargins(pad, pad, pad, pad)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_padding()
            self.updateGeometry()

    def _block_height(self) -> int:
        line = self._line()
        bars = max((len(item.periods) for item in self._bars), default=4)
        return int(line * 1.4) + bars * int(line * 1.3) + line

    def sizeHint(self) -> QSize:
        line = self._line()
        legend = line * 2
        margins = self.contentsMargins()
        return QSize(
            line * 30 + margins.left() + margins.right(),
            legend
            + max(1, len(self._bars)) * self._block_height()
            + margins.top()
            + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(self._line() * 20 + margins.left() + margins.right(), self.sizeHint().height())

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        inner = self.contentsRect()
        painter.translate(inner.topLeft())  # everything below draws inside the padding
        width = inner.width()
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line()
        y = self._paint_legend(painter, line, text_color)
        if not self._bars:
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, y, width, line * 2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                "Add strategies and record monthly statuses to see progress here.",
            )
            return
        widest = max((n for item in self._bars for n in item.labels), key=len, default="Q4")
        label_width = min(
            self.fontMetrics().horizontalAdvance(f"{widest} ") + line // 2,
            max(line * 3, width // 4),
        )
        count_width = self.fontMetrics().horizontalAdvance(" 00 of 00 done")
        bar_left = label_width
        bar_width = max(line * 4, width - bar_left - count_width - line // 2)
        for item in self._bars:
            painter.setPen(text_color)
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            title = f"Strategy {item.number}"
            if item.title:
                title += f" — {item.title}"
            title = QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRectF(0, y, width, line * 1.4),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                title,
            )
            font.setBold(False)
            painter.setFont(font)
            y += int(line * 1.4)
            for q, mix in enumerate(item.periods):
                row_h = int(line * 1.3)
                painter.setPen(text_color)
                name = item.labels[q] if q < len(item.labels) else f"Q{q + 1}"
                painter.drawText(
                    QRectF(0, y, label_width, row_h),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, label_width),
                )
                bar = QRectF(bar_left, y + 2, bar_width, row_h - 4)
                if q < len(item.started) and item.started[q]:
                    self._paint_bar(painter, bar, mix)
                    counts = f"{mix['done']} of {sum(mix.values())} done"
                else:
                    self._paint_future(painter, bar, text_color)
                    counts = ""
                painter.setPen(text_color)
                painter.drawText(
                    QRectF(bar_left + bar_width + line // 2, y, count_width, row_h),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    counts,
                )
                y += row_h
            y += line

    def _paint_legend(self, painter: QPainter, line: int, text_color: QColor) -> int:
        x = 0.0
        for segment in SEGMENTS:
            fill, border, _text, _glyph = _style(segment)
            painter.setPen(QPen(QColor(border), 1))
            painter.setBrush(QColor(fill))
            painter.drawRect(QRectF(x, line * 0.25, line * 0.9, line * 0.9))
            x += line * 1.2
            painter.setPen(text_color)
            label = SEGMENT_LABELS[segment]
            painter.drawText(
                QRectF(x, 0, self.fontMetrics().horizontalAdvance(label) + 2, line * 1.4),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x += self.fontMetrics().horizontalAdvance(label) + line
        return line * 2

    def _paint_future(self, painter: QPainter, rect: QRectF, text_color: QColor) -> None:
        """A period that has not begun: a dashed empty bar saying so."""
        pen = QPen(QColor("#8a9099"), 1)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        muted = QColor(text_color)
        muted.setAlphaF(0.75)
        painter.setPen(muted)
        font = painter.font()
        font.setItalic(True)
        painter.setFont(font)
        painter.drawText(
            rect.adjusted(self._line() / 2, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            NOT_STARTED,
        )
        font.setItalic(False)
        painter.setFont(font)

    def _paint_bar(self, painter: QPainter, rect: QRectF, mix: dict[str, int]) -> None:
        total = sum(mix.values())
        painter.setPen(QPen(QColor("#8a9099"), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(rect)
        if total == 0:
            return
        x = rect.left()
        for segment in SEGMENTS:
            count = mix.get(segment, 0)
            if not count:
                continue
            width = rect.width() * count / total
            fill, border, _text, _glyph = _style(segment)
            painter.setPen(QPen(QColor(border), 1))
            painter.setBrush(QColor(fill))
            painter.drawRect(QRectF(x, rect.top(), width, rect.height()))
            x += width
