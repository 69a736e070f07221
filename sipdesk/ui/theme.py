"""How SIP Desk looks: a calm normal theme, a high-contrast theme for projecting, and zoom.

Everything is sized from one base font size times the zoom, so Ctrl + / Ctrl − and presentation
mode enlarge text, fields, check boxes and tables together. Widgets ask for a look with a
``role`` property instead of setting colours or fonts themselves::

    title.setProperty("role", "page-title")      # page-title, section, hint, ok, warn
    card.setProperty("role", "card")             # a raised panel (QFrame)
    button.setProperty("role", "primary")        # primary, secondary, link, danger
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from sipdesk.ui.scaled_style import ScaledStyle

BASE_POINT_SIZE = 11.0
ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PRESENTATION_ZOOM = 1.5
SCROLL_BAR_EXTENT = 12  # px at 100 %: the style sheet's scroll bars and the style's metric


class Colors(NamedTuple):
    """The look's colours (a named tuple: made at start-up, see models/catalogues.py)."""

    window: str
    surface: str
    text: str
    muted: str
    border: str
    field_border: str
    accent: str
    on_accent: str
    selection: str
    on_selection: str
    ok: str
    warn: str
    nav: str
    card: str
    alternate: str
    disabled: str
    focus: str
    scroll_track: str
    scroll_handle: str
    scroll_hover: str


NORMAL = Colors(
    window="#F6F4EF",
    surface="#FFFFFF",
    text="#1F2328",
    muted="#585E66",
    border="#D9D4CA",
    field_border="#B9B3A8",
    accent="#1E6B86",
    on_accent="#FFFFFF",
    selection="#CFE5EE",
    on_selection="#102A33",
    ok="#2C6E31",
    warn="#8A4B00",
    nav="#ECE7DD",
    card="#FFFFFF",
    alternate="#FAF8F4",
    disabled="#8A8F96",
    focus="#1E6B86",
    scroll_track="#ECE7DD",
    scroll_handle="#857F74",  # 3:1 against the track, calm against the page
    scroll_hover="#1E6B86",
)

HIGH_CONTRAST = Colors(
    window="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted="#F0F0F0",
    border="#FFFFFF",
    field_border="#FFFFFF",
    accent="#FFD400",
    on_accent="#000000",
    selection="#FFD400",
    on_selection="#000000",
    ok="#8CFF8C",
    warn="#FFD400",
    nav="#000000",
    card="#0A0A0A",
    alternate="#141414",
    disabled="#BDBDBD",
    focus="#00E5FF",
    scroll_track="#1A1A1A",
    scroll_handle="#FFFFFF",  # the text colour: plain to see on black
    scroll_hover="#FFD400",
)


def next_zoom(current: float, direction: int) -> float:
    """The next zoom step up (+1) or down (-1) from ``current``."""
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > current + 1e-6), ZOOM_STEPS[-1])
    return next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-6), ZOOM_STEPS[0])


def palette(colors: Colors) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pairs = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.surface,
        role.AlternateBase: colors.alternate,
        role.Text: colors.text,
        role.Button: colors.surface,
        role.ButtonText: colors.text,
        role.Highlight: colors.selection,
        role.HighlightedText: colors.on_selection,
        role.ToolTipBase: colors.surface,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted,
        role.Link: colors.accent,
        role.BrightText: colors.accent,
        role.Light: colors.surface,
        role.Midlight: colors.border,
        role.Mid: colors.field_border,
        role.Dark: colors.field_border,
        role.Shadow: colors.text,
        role.Accent: colors.accent,
    }
    for r, value in pairs.items():
        pal.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor(colors.disabled))
    return pal


_ARROWS: dict[tuple[str, str, int, int], str] = {}
_ARROW_DIR: Path | None = None
# Arrows named in a style sheet but not drawn yet (see arrow_image); drawn by make_arrows.
_ARROWS_TO_DRAW: dict[tuple[str, str, int, int], Path] = {}
_draw_later = [False]


def arrow_image(direction: str, color: str, width: int, height: int) -> str:
    """A triangle pointing ``up`` or ``down`` as a PNG file, for style sheet ``image:`` rules
    (a style sheet draws sub-control arrows only from files); returns its path.

    The files live in a temporary folder of this run and are made once per colour and size,
    with an ``@2x`` twin for high-density screens. While the start screen is coming up
    (:meth:`Theme.apply` with ``arrows_later``) the path is given at once and the file is
    drawn by :func:`make_arrows` right after the first paint: only spin boxes and drop-down
    lists show them, and the start screen has neither."""
    global _ARROW_DIR
    key = (direction, color, width, height)
    found = _ARROWS.get(key)
    if found is not None and (key in _ARROWS_TO_DRAW or Path(found).exists()):
        return found
    if _ARROW_DIR is None or not _ARROW_DIR.exists():
        _ARROW_DIR = Path(tempfile.mkdtemp(prefix="sipdesk-theme-"))
        atexit.register(shutil.rmtree, _ARROW_DIR, True)
    path = _ARROW_DIR / f"arrow-{direction}-{color.lstrip('#')}-{width}x{height}.png"
    _ARROWS[key] = path.as_posix()
    _ARROWS_TO_DRAW[key] = path
    if not _draw_later[0]:
        make_arrows()
    return path.as_posix()


def make_arrows() -> None:
    """Draw the arrows named in style sheets that are not drawn yet."""
    if not _ARROWS_TO_DRAW:
        return
    from sipdesk.ui.scaled_style import draw_arrow

    while _ARROWS_TO_DRAW:
        (direction, color, width, height), path = _ARROWS_TO_DRAW.popitem()
        draw_arrow(path, direction, color, width, height)


def stylesheet(colors: Colors, zoom: float, *, high_contrast: bool = False) -> str:
    """The application style sheet for these colours at this zoom."""

    def pt(size: float) -> str:
        return f"{BASE_POINT_SIZE * size * zoom:.1f}pt"

    def px(size: float) -> str:
        return f"{max(1, round(size * zoom))}px"

    def arrow(direction: str, color: str) -> str:
        return arrow_image(direction, color, max(6, round(10 * zoom)), max(4, round(6 * zoom)))

    line = 2 if high_contrast else 1
    # The focus ring is always wider than the border it replaces: in high contrast a white
    # border turning cyan is no change to the eye, a wider ring is.
    ring = line + 1
    c = colors
    return f"""
* {{ font-size: {pt(1.0)}; }}
QToolTip {{ color: {c.text}; background: {c.surface}; border: 1px solid {c.border};
    padding: {px(4)}; }}
QLabel[role="app-title"] {{ font-size: {pt(2.4)}; font-weight: 600; }}
QLabel[role="page-title"] {{ font-size: {pt(1.9)}; font-weight: 600; }}
QLabel[role="step-number"] {{ font-size: {pt(1.0)}; color: {c.muted}; font-weight: 600;
    letter-spacing: 1px; }}
QLabel[role="section"] {{ font-size: {pt(1.3)}; font-weight: 600; padding-top: {px(10)}; }}
QLabel[role="subsection"] {{ font-size: {pt(1.08)}; font-weight: 600; }}
QLabel[role="hint"] {{ color: {c.muted}; }}
QLabel[role="ok"] {{ color: {c.ok}; }}
QLabel[role="warn"] {{ color: {c.warn}; }}
QLabel[role="panel-title"] {{ font-size: {pt(1.1)}; font-weight: 600; }}
QLabel[role="quadrant-title"] {{ font-size: {pt(1.15)}; font-weight: 600; }}
QLabel[role="meeting-clock"] {{ font-size: {pt(2.0)}; font-weight: 700;
    padding: 0 {px(6)}; }}
QPushButton[role="meeting-segment"] {{ font-size: {pt(1.1)}; font-weight: 600;
    text-align: left; background: transparent; border: {ring}px solid transparent;
    padding: {px(4)} {px(6)}; }}
QPushButton[role="meeting-segment"]:hover {{ border-color: {c.border}; }}
QPushButton[role="meeting-segment"]:focus {{ border: {ring}px solid {c.focus}; }}
QFrame[role="card"] {{ background: {c.card}; border: {line}px solid {c.border};
    border-radius: {px(8)}; }}
QFrame[role="card"][dragging="true"] {{ border: 2px dashed {c.accent}; }}
QFrame[role="quadrant"] {{ background: {c.alternate}; border: {line}px solid {c.border};
    border-radius: {px(10)}; }}
QFrame[role="quadrant"][droptarget="true"] {{ border: 3px solid {c.accent}; }}
QFrame[role="drop-line"] {{ background: {c.accent}; border: none; min-height: 4px;
    max-height: 4px; }}
QFrame[role="banner"] {{ background: {c.selection}; border: 1px solid {c.accent};
    border-radius: {px(6)}; }}
QFrame[role="banner"] QLabel {{ color: {c.on_selection}; }}
QFrame#separator {{ color: {c.border}; }}
QLineEdit, QTextEdit, QPlainTextEdit, QDateEdit, QComboBox, QSpinBox {{
    background: {c.surface}; color: {c.text}; border: {line}px solid {c.field_border};
    border-radius: {px(4)}; padding: {px(4)} {px(6)};
    selection-background-color: {c.selection}; selection-color: {c.on_selection}; }}
QTextEdit {{ padding: {px(2)} {px(2)}; }}
QAbstractSpinBox QLineEdit, QComboBox QLineEdit, QAbstractSpinBox QLineEdit:focus {{
    border: none; padding: 0; margin: 0; background: transparent; }}
QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus, QDateEdit:focus, QComboBox:focus,
QSpinBox:focus {{ border: {ring}px solid {c.focus}; padding: {px(3)} {px(5)}; }}
QTextEdit:focus {{ padding: {px(1)} {px(1)}; }}
QLineEdit:read-only, QTextEdit[readOnly="true"] {{ background: {c.alternate}; }}
QComboBox::drop-down, QDateEdit::drop-down {{ border: none; width: {px(22)}; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: padding; width: {px(20)};
    background: {c.nav}; border: none; border-left: {line}px solid {c.field_border}; }}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: {px(3)}; }}
QSpinBox::down-button {{ subcontrol-position: bottom right;
    border-bottom-right-radius: {px(3)}; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {c.selection}; }}
QSpinBox::up-button:disabled, QSpinBox::down-button:disabled {{ background: {c.alternate}; }}
QSpinBox::up-arrow {{ image: url("{arrow("up", c.text)}"); width: {px(10)}; height: {px(6)}; }}
QSpinBox::down-arrow {{ image: url("{arrow("down", c.text)}"); width: {px(10)}; height: {px(6)};
    }}
QSpinBox::up-arrow:disabled, QSpinBox::up-arrow:off {{ image: url("{arrow("up", c.disabled)}"); }}
QSpinBox::down-arrow:disabled, QSpinBox::down-arrow:off {{
    image: url("{arrow("down", c.disabled)}"); }}
QComboBox::down-arrow {{ image: url("{arrow("down", c.text)}"); width: {px(10)}; height: {px(6)};
    }}
QComboBox::down-arrow:disabled {{ image: url("{arrow("down", c.disabled)}"); }}
QComboBox {{ combobox-popup: 0; }}
QComboBox QAbstractItemView::item {{ padding: {px(4)} {px(6)}; }}
QComboBox QAbstractItemView {{ background: {c.surface}; color: {c.text};
    selection-background-color: {c.selection}; selection-color: {c.on_selection}; }}
QPushButton, QToolButton {{ background: {c.surface}; color: {c.text};
    border: {line}px solid {c.field_border}; border-radius: {px(5)};
    padding: {px(5)} {px(14)}; }}
QToolButton {{ padding: {px(3)} {px(8)}; }}
QPushButton:hover, QToolButton:hover {{ border-color: {c.accent}; }}
QPushButton:focus, QToolButton:focus {{ border: {ring}px solid {c.focus}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c.disabled}; border-color: {c.border}; }}
QPushButton[role="primary"] {{ background: {c.accent}; color: {c.on_accent};
    border-color: {c.accent}; font-weight: 600; }}
QPushButton[role="primary"]:focus {{ background: {c.surface}; color: {c.text};
    border: 3px solid {c.focus}; }}
QPushButton[role="primary"]:disabled {{ background: {c.alternate}; color: {c.disabled};
    border-color: {c.border}; }}
QPushButton[role="link"], QToolButton[role="link"] {{ border: none; color: {c.accent};
    background: transparent; text-decoration: underline; padding: {px(2)} {px(4)}; }}
QPushButton[role="link"]:focus, QToolButton[role="link"]:focus {{
    border: {ring}px solid {c.focus}; }}
QToolButton[role="card-tool"] {{ border: 1px solid transparent; background: transparent;
    padding: {px(1)} {px(5)}; }}
QToolButton[role="card-tool"]:focus, QToolButton[role="card-tool"]:hover {{
    border: {ring}px solid {c.focus}; }}
QPushButton[role="disclosure"] {{ border: {ring}px solid transparent; background: transparent;
    font-size: {pt(1.1)}; font-weight: 600; padding: {px(2)} {px(2)}; text-align: left; }}
QPushButton[role="disclosure"]:focus {{ border: {ring}px solid {c.focus}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}
QToolButton:checked {{ background: {c.selection}; color: {c.on_selection};
    border-color: {c.accent}; }}
QToolButton:checked:focus {{ border: {ring}px solid {c.on_selection}; }}
QGraphicsView {{ border: {ring}px solid {c.nav}; }}
QGraphicsView:focus {{ border: {ring}px solid {c.focus}; }}
QTextEdit[role="card-text"], QTextEdit[role="card-evidence"] {{
    border: 1px solid transparent; background: transparent; }}
QTextEdit[role="card-text"]:hover, QTextEdit[role="card-evidence"]:hover {{
    border: 1px solid {c.field_border}; }}
QTextEdit[role="card-text"]:focus, QTextEdit[role="card-evidence"]:focus {{
    border: {ring}px solid {c.focus}; background: {c.surface}; }}
QTextEdit[role="card-text"] {{ font-weight: 600; }}
QTextEdit[role="card-evidence"] {{ color: {c.muted}; }}
QCheckBox {{ spacing: {px(8)}; }}
QCheckBox:focus {{ color: {c.text}; background: {c.selection if not high_contrast else c.window};
    border: {ring}px solid {c.focus}; }}
QTableView, QListView, QTreeView, QListWidget, QTreeWidget {{ background: {c.surface};
    color: {c.text}; alternate-background-color: {c.alternate};
    border: {line}px solid {c.field_border}; border-radius: {px(4)};
    gridline-color: {c.border}; selection-background-color: {c.selection};
    selection-color: {c.on_selection}; }}
QTableView:focus, QListView:focus, QTreeView:focus, QListWidget:focus, QTreeWidget:focus {{
    border: {ring}px solid {c.focus}; }}
QHeaderView::section {{ background: {c.nav}; color: {c.text}; border: none;
    border-right: 1px solid {c.border}; border-bottom: {line}px solid {c.field_border};
    padding: {px(5)} {px(6)}; font-weight: 600; }}
QListWidget#navigator {{ background: {c.nav}; border: none; border-right: {line}px solid
    {c.border}; border-radius: 0; outline: 0; }}
QListWidget#navigator:focus {{ border-right: 3px solid {c.focus}; }}
QWidget#sidePanel {{ background: {c.nav}; }}
QWidget#sidePanel QListWidget {{ background: {c.surface}; }}
QScrollArea {{ border: none; background: {c.window}; }}
QScrollBar:vertical {{ background: {c.scroll_track}; width: {px(SCROLL_BAR_EXTENT)}; margin: 0;
    border: none; }}
QScrollBar:horizontal {{ background: {c.scroll_track}; height: {px(SCROLL_BAR_EXTENT)};
    margin: 0; border: none; }}
QScrollBar::handle {{ background: {c.scroll_handle}; border-radius: {px(4)}; }}
QScrollBar::handle:vertical {{ min-height: {px(36)}; margin: {px(2)}; }}
QScrollBar::handle:horizontal {{ min-width: {px(36)}; margin: {px(2)}; }}
QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {c.scroll_hover}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none;
    background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QAbstractScrollArea::corner {{ background: {c.scroll_track}; border: none; }}
QWidget#pageBody {{ background: {c.window}; }}
QStatusBar {{ background: {c.nav}; color: {c.text}; border-top: {line}px solid {c.border}; }}
QStatusBar QLabel {{ padding: 0 {px(8)}; }}
QMenuBar {{ background: {c.nav}; color: {c.text}; }}
QMenuBar::item:selected {{ background: {c.selection}; color: {c.on_selection}; }}
QMenu {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.border}; }}
QMenu::item {{ padding: {px(5)} {px(24)} {px(5)} {px(20)}; }}
QMenu::item:selected {{ background: {c.selection}; color: {c.on_selection}; }}
QMenu::item:disabled {{ color: {c.disabled}; }}
QMenu::separator {{ height: 1px; background: {c.border}; margin: {px(4)} {px(8)}; }}
QProgressBar {{ border: 1px solid {c.field_border}; border-radius: {px(4)};
    background: {c.surface}; text-align: center; min-height: {px(10)}; }}
QProgressBar::chunk {{ background: {c.accent}; }}
QSplitter::handle {{ background: {c.border}; }}
"""


class _StyleOnShow(QObject):
    """Gives a hidden widget the current look when it is next shown (a menu, a folded
    panel, the start screen behind an open plan): restyling what nobody sees made every
    zoom and presentation toggle slower."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            self._theme.restyle(watched)
        return False


class Theme:
    """The application's current look; :meth:`apply` re-styles every window, or only the
    widgets it is given (the rest then take the look when :meth:`restyle` is called on them)."""

    def __init__(self, app: QApplication, *, start_screen: bool = False) -> None:
        """``start_screen``: the window first shows the start screen, which is painted with
        Qt's own Fusion style and without the spin boxes' arrows; :meth:`finish`, right after
        that first paint, puts in SIP Desk's style and draws the arrows (see
        :mod:`sipdesk.ui.scaled_style`). Otherwise both are there at once."""
        self.app = app
        self.zoom = 1.0
        self.high_contrast = False
        self._style: ScaledStyle | None = None
        _draw_later[0] = start_screen
        if not start_screen:
            self.finish()
        self.sheet = app.styleSheet()  # the current look's style sheet
        self._app_sheet = self.sheet  # the one set on the application itself
        self._on_show = _StyleOnShow(self)

    def finish(self) -> None:
        """Put in SIP Desk's own style (sizes that follow the zoom, check boxes that show in
        high contrast) and draw the style sheet's arrows, if not done yet."""
        _draw_later[0] = False
        make_arrows()
        if self._style is None:
            from sipdesk.ui.scaled_style import ScaledStyle, enter_presses_the_focused_button

            self._style = ScaledStyle(SCROLL_BAR_EXTENT)
            self._style.scale = self.zoom
            self.app.setStyle(self._style)
            self.app.focusChanged.connect(enter_presses_the_focused_button)

    @property
    def colors(self) -> Colors:
        return HIGH_CONTRAST if self.high_contrast else NORMAL

    def apply(
        self,
        *,
        zoom: float | None = None,
        high_contrast: bool | None = None,
        roots: Sequence[QWidget] | None = None,
        holders: Sequence[QWidget] = (),
    ) -> None:
        """Change the look. Without ``roots`` every widget of every window takes it now (Qt
        restyles them all: seconds, with a plan's nine pages built). With ``roots`` only they
        and what is inside them do; a widget outside them keeps the look it had until
        :meth:`restyle` is called on it — a step page when it is next shown. A root that is
        hidden (a folded panel, a menu) takes the look when it is next shown. ``holders``,
        the containers around the roots, take the new palette only: they paint little of
        their own (a tab frame), and a style sheet on them would restyle all they hold."""
        if zoom is not None:
            self.zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom))
        if high_contrast is not None:
            self.high_contrast = high_contrast
        if self._style is not None:
            self._style.scale = self.zoom
        font = QFont(self.app.font())
        font.setPointSizeF(BASE_POINT_SIZE * self.zoom)
        self.app.setFont(font)
        self.app.setPalette(palette(self.colors))
        self.sheet = stylesheet(self.colors, self.zoom, high_contrast=self.high_contrast)
        if roots is None:
            self.app.setStyleSheet(self.sheet)
            self._app_sheet = self.sheet
            return
        colors = self.app.palette()
        for holder in holders:
            holder.setPalette(colors)
        for root in roots:
            if root.isVisible():
                self.restyle(root)
            else:
                root.installEventFilter(self._on_show)  # once: Qt keeps one of each

    def styled(self, widget: QWidget) -> bool:
        """Whether ``widget`` has the current look (its own style sheet, or the application's
        when it has none of its own)."""
        own = widget.styleSheet()
        return (own or self._app_sheet) == self.sheet

    def restyle(self, widget: QWidget) -> None:
        """Give ``widget`` and everything inside it the current look, unless it has it."""
        if not self.styled(widget):
            widget.setStyleSheet("" if self.sheet == self._app_sheet else self.sheet)
