"""A slim bar above the page for running a meeting: the segment, its countdown, the parking lot.

The countdown's arithmetic is :class:`sipdesk.services.meeting.Countdown`; this widget only
asks an injectable clock for the time (``time.monotonic`` by default, a test's own number in
tests) whenever its QTimer ticks, so tests move time on without sleeping. When a segment's
time is up the bar's colour eases to a warm tone and one sentence goes to the status bar:
no dialog, no sound.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from sipdesk.models.catalogues import agenda_for_step
from sipdesk.services import meeting
from sipdesk.services.meeting import Countdown, Segment, clock_text
from sipdesk.services.notices import PlanNotice
from sipdesk.ui.controller import PlanController

TICK_MS = 250
EASE_MS = 2500  # the end signal fades in over this long: noticed, not startling
WARM = QColor("#E8A33D")  # mixed into the bar's own colour when time is up
WARM_SHARE = 0.45
WARN_BEFORE_S = 120  # a quiet status-bar sentence this long before a segment ends
SEGMENT_ROOM = 280  # px the segment's name keeps before the "Park an idea" button gives way

Clock = Callable[[], float]


class _StartButton(QPushButton):
    """ "Start" / "Pause" at one width, so the bar does not shift as the timer starts."""

    WORDS = ("Start", "Pause")

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        flag = Qt.TextFlag.TextShowMnemonic
        shown = metrics.size(flag, self.text()).width()
        widest = max(metrics.size(flag, word).width() for word in self.WORDS)
        return QSize(hint.width() + max(widest - shown, 0), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class MeetingBar(QFrame):
    """The current segment with its countdown, start/pause, next, and "park an idea"."""

    said = Signal(str)  # a sentence for the status bar
    time_up = Signal(str)  # the gentle end signal's sentence (also said)
    agenda_requested = Signal()  # show the agenda editor
    lot_requested = Signal()  # show the parking lot
    time_shown = Signal(str, bool)  # "SWOT · 12:34", and whether the segment has run over
    room_requested = Signal()  # open the room (or close it): the team joins from their devices

    def __init__(
        self,
        controller: PlanController,
        step_of: Callable[[], int],
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.clock = clock
        self._step_of = step_of
        self._today = today
        self.countdown = Countdown()
        self.segments: list[Segment] = []
        self.stored = False  # the agenda is the plan's own (False: the step's starting one)
        self._signalled = False
        self._warned = False  # the two-minute sentence was said for this segment
        self._warmth = 0.0
        self._return_focus: QWidget | None = None
        self._segment_text = ""
        self.setObjectName("meetingBar")
        self.setAccessibleName("Meeting bar")
        self._build_ui()
        self._connect()
        self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        layout = self._row = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(8)
        # The segment's name doubles as the way into the agenda; while an idea is being
        # parked, the idea box takes its place (and its width, readable from the back).
        self.slot = QStackedWidget(self)
        self.slot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.segment_button = QPushButton(self.slot)
        self.segment_button.setObjectName("meetingSegment")
        self.segment_button.setProperty("role", "meeting-segment")
        self.segment_button.setToolTip("Edit the agenda: segments and minutes")
        self.segment_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.idea_edit = QLineEdit(self.slot)
        self.idea_edit.setObjectName("parkIdea")
        self.idea_edit.setAccessibleName("Park an idea")
        self.idea_edit.setPlaceholderText("The idea, then Enter to park it (Esc: never mind)")
        self.slot.addWidget(self.segment_button)
        self.slot.addWidget(self.idea_edit)
        self.clock_label = QLabel("0:00", self)
        self.clock_label.setObjectName("meetingClock")
        self.clock_label.setProperty("role", "meeting-clock")
        self.clock_label.setAccessibleName("Time left in this segment")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = _StartButton("Start", self)
        self.start_button.setProperty("role", "primary")
        self.start_button.setToolTip("Start or pause the timer (Ctrl+Shift+Space)")
        self.next_button = QPushButton("Next", self)
        self.next_button.setAccessibleName("Next segment")
        self.next_button.setToolTip("Go to the next agenda segment (Ctrl+Shift+N)")
        self.park_button = QPushButton("Park an idea", self)
        self.park_button.setToolTip(
            "Set an idea aside for later without losing your place (Ctrl+Shift+P)"
        )
        self.lot_button = QPushButton("Parking lot", self)
        self.lot_button.setToolTip("Review the parked ideas (Ctrl+Shift+L)")
        self.room_button = QPushButton("Room", self)
        self.room_button.setObjectName("meetingRoom")
        self.show_room(None)
        for button in (self.next_button, self.park_button, self.lot_button, self.room_button):
            button.setProperty("role", "secondary")
        layout.addWidget(self.slot, 1)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.start_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.park_button)
        layout.addWidget(self.lot_button)
        layout.addWidget(self.room_button)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.ease = QVariantAnimation(self)
        self.ease.setDuration(EASE_MS)
        self.ease.setEasingCurve(QEasingCurve.Type.InOutSine)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self.toggle)
        self.next_button.clicked.connect(self.next_segment)
        self.segment_button.clicked.connect(self.agenda_requested)
        self.park_button.clicked.connect(self.ask_for_idea)
        self.lot_button.clicked.connect(self.lot_requested)
        self.room_button.clicked.connect(self.room_requested)
        self.idea_edit.returnPressed.connect(self._on_idea_edit_return_pressed)
        self.idea_edit.installEventFilter(self)
        self.segment_button.installEventFilter(self)
        self.timer.timeout.connect(self.tick)
        self.ease.valueChanged.connect(self._on_ease_value_changed)
        self.controller.changed.connect(self._on_controller_changed)

    # ----------------------------------------------------------------- reading the plan
    def refresh(self) -> None:
        """Re-read the agenda and parking lot (the plan's own agenda, else the step's)."""
        plan = self.controller.plan()
        segments = meeting.agenda(plan)
        self.stored = bool(segments)
        if not segments:
            segments = [
                Segment(0, item.title, item.minutes) for item in agenda_for_step(self.step())
            ]
        self.segments = segments
        self.countdown.set_agenda([s.minutes for s in segments])
        open_ideas = sum(1 for idea in meeting.parking_lot(plan) if not idea.done)
        self.lot_button.setText(f"Parking lot ({open_ideas})" if open_ideas else "Parking lot")
        self.lot_button.setAccessibleName(f"Parking lot, {open_ideas} open ideas")
        self.show_time()

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.touches(meeting.MEETING_PARTS):
            self.refresh()

    def step(self) -> int:
        step = self._step_of()
        return step if 0 <= step <= 8 else 0

    def step_changed(self) -> None:
        """The page changed: a meeting not yet started takes the new step's starting agenda."""
        if not self.stored and not self.countdown.running and self.countdown.spent == 0:
            self.refresh()

    # ----------------------------------------------------------------- the countdown
    def current(self) -> Segment | None:
        index = self.countdown.index
        return self.segments[index] if 0 <= index < len(self.segments) else None

    def toggle(self) -> None:
        """Start or pause the timer. Starting keeps the agenda in the plan if it was the
        step's starting one, so the agenda a meeting ran is there next time."""
        now = self.clock()
        if not self.countdown.running and not self.stored and not self.controller.readonly:
            index = self.countdown.index
            step = self.step()
            self.controller.run(lambda s: meeting.use_step_agenda(s, step))
            self.countdown.index = index
        self.countdown.toggle(now)
        if self.countdown.running:
            self.timer.start()
        else:
            self.timer.stop()
        self.show_time()

    def next_segment(self) -> None:
        now = self.clock()
        if not self.countdown.next(now):
            self.said.emit("This is the last segment of the agenda.")
            return
        self._calm()
        segment = self.current()
        if segment is not None:
            self.said.emit(f"Now: {segment.title}, {segment.minutes} minutes.")
        self.show_time()

    def tick(self) -> None:
        self.show_time()

    def show_time(self) -> None:
        now = self.clock()
        segment = self.current()
        if segment is None:
            self._segment_text = "No agenda yet: press here to add segments"
            self._fit_segment_text()
            self.clock_label.setText("–:––")
            self.start_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        total = len(self.segments)
        self._segment_text = f"{self.countdown.index + 1} of {total} · {segment.title}"
        self._fit_segment_text()
        self.segment_button.setAccessibleName(
            f"Segment {self.countdown.index + 1} of {total}: {segment.title}. Press to edit the "
            "agenda."
        )
        remaining = self.countdown.remaining(now)
        text = clock_text(remaining)
        self.clock_label.setText(text)
        minutes, seconds = divmod(max(int(remaining), 0), 60)
        self.clock_label.setAccessibleDescription(
            f"{minutes} minutes {seconds} seconds left"
            if remaining > 0
            else f"Over time by {text.lstrip('+')}"
        )
        self.time_shown.emit(f"{segment.title} · {text}", self.countdown.over(now))
        self.start_button.setEnabled(True)
        self.start_button.setText("Pause" if self.countdown.running else "Start")
        self.next_button.setEnabled(self.countdown.index + 1 < total)
        if (
            self.countdown.running
            and not self._warned
            and segment.minutes * 60 > WARN_BEFORE_S * 2
            and 0 < remaining <= WARN_BEFORE_S
        ):
            self._warned = True
            self.said.emit(f"Two minutes left for “{segment.title}”.")
        if self._signalled and not self.countdown.over(now):
            self._calm()  # the segment was given more minutes
        elif self.countdown.over(now) and not self._signalled:
            self._signalled = True
            self._ease_to(1.0)
            following = (
                self.segments[self.countdown.index + 1].title
                if self.countdown.index + 1 < total
                else ""
            )
            then = (
                f" Move on to “{following}” with Ctrl+Shift+N when the team is ready."
                if following
                else " That was the last segment of the agenda."
            )
            sentence = f"Time is up for “{segment.title}”.{then}"
            self.time_up.emit(sentence)
            self.said.emit(sentence)

    def started(self) -> bool:
        """Whether the meeting's clock has been started (running or paused part-way)."""
        return self.countdown.running or self.countdown.spent > 0

    def segment_text(self) -> str:
        """The segment as the bar names it ("2 of 5 · SWOT"), before any shortening."""
        return self._segment_text

    def _fit_segment_text(self) -> None:
        button = self.segment_button
        room = max(button.width() - 24, 40)
        shown = button.fontMetrics().elidedText(
            self._segment_text, Qt.TextElideMode.ElideRight, room
        )
        button.setText(shown.replace("&", "&&"))
        button.setToolTip(self._segment_text if shown != self._segment_text else "Edit the agenda")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """On a narrow projector the segment's name matters more than the "Park an idea"
        button (its key and the Meeting menu still park ideas): leave the name its room."""
        layout = self._row
        fixed = [
            self.clock_label,
            self.start_button,
            self.next_button,
            self.lot_button,
            self.room_button,
        ]
        needed = sum(w.sizeHint().width() for w in fixed) + self.park_button.sizeHint().width()
        margins = layout.contentsMargins()
        needed += layout.spacing() * len(fixed) + margins.left() + margins.right()
        self.park_button.setVisible(self.width() - needed >= SEGMENT_ROOM)

    def over(self) -> bool:
        return self.countdown.over(self.clock())

    def warmth(self) -> float:
        """How far the end signal has eased in: 0 calm, 1 fully warm."""
        return self._warmth

    def _calm(self) -> None:
        self._signalled = False
        self._warned = False
        self._ease_to(0.0)

    def _ease_to(self, target: float) -> None:
        self.ease.stop()
        if self._warmth == target:
            return
        self.ease.setStartValue(self._warmth)
        self.ease.setEndValue(target)
        self.ease.start()

    def _on_ease_value_changed(self, value: object) -> None:
        self._warmth = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        base = self.palette().window().color()
        share = WARM_SHARE * self._warmth
        fill = QColor.fromRgbF(
            base.redF() * (1 - share) + WARM.redF() * share,
            base.greenF() * (1 - share) + WARM.greenF() * share,
            base.blueF() * (1 - share) + WARM.blueF() * share,
        )
        painter.fillRect(self.rect(), fill)
        painter.setPen(self.palette().mid().color())
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()

    def show_room(self, code: str | None) -> None:
        """The room button: "Room" to open one, "Room 4821" while one is open."""
        self.room_button.setText(f"Room {code}" if code else "Room")
        self.room_button.setAccessibleName(
            f"The room is open, code {code}. Press to close it." if code else "Open the room"
        )
        self.room_button.setToolTip(
            "Close the room: no more cards from the team (Ctrl+Shift+R)"
            if code
            else "Open the room: the team adds ideas and dots from their own phones or "
            "laptops (Ctrl+Shift+R)"
        )

    # ----------------------------------------------------------------- the parking lot
    def ask_for_idea(self) -> None:
        """Put the cursor in "Park an idea", remembering where it was to give it back."""
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.idea_edit:
            self._return_focus = focus
        self.slot.setCurrentWidget(self.idea_edit)
        self.idea_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.idea_edit.selectAll()

    def _on_idea_edit_return_pressed(self) -> None:
        text = self.idea_edit.text().strip()
        if not text:
            self._give_focus_back()
            return
        step, today = self.step(), self._today()
        change = self.controller.run(lambda s: meeting.park_idea(s, text, step, today))
        if change is None:
            return
        self.idea_edit.clear()
        short = text if len(text) <= 60 else text[:57] + "…"
        self.said.emit(f"Parked “{short}”. It waits in the parking lot (Ctrl+Shift+L).")
        self._give_focus_back()

    def _give_focus_back(self) -> None:
        self.slot.setCurrentWidget(self.segment_button)
        back, self._return_focus = self._return_focus, None
        if back is not None and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.segment_button and event.type() == QEvent.Type.Resize:
            self._fit_segment_text()
            return False
        if watched is self.idea_edit and event.type() == QEvent.Type.FocusOut:
            # Clicked away: the segment shows again; what was typed waits for next time.
            self.slot.setCurrentWidget(self.segment_button)
            return False
        # Esc in the idea box: park nothing, and give the cursor back to where it was.
        if (
            watched is self.idea_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.idea_edit.clear()
            self._give_focus_back()
            return True
        return False
