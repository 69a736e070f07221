"""Picking a support from the state pack's catalogue (issue 15 item 3): a small dialog (level,
then the services at that level, Enter takes one), and the "Pick from the catalogue…" button
step 6's supports and step 5's supports of a strategy share.

The button works on the table's current support (or adds a new one when none is chosen);
the pick runs through the plan's usual edit path (:mod:`sipdesk.services.catalogue_pick`), so
Undo takes it back in one step. The supports' text stays free to type, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipdesk.services.catalogue_pick import (
    NO_PICK,
    Pick,
    add_picked_support,
    offers,
    pick_of,
    pick_support,
)
from sipdesk.services.state_packs import StatePack
from sipdesk.services.support_choice import choice_words, pack_of_plan
from sipdesk.ui.controller import PlanController
from sipdesk.ui.tables.columns import Column, Row
from sipdesk.ui.tables.items import PlanItemsModel
from sipdesk.ui.widgets.common import label

PICK_ROLE = Qt.ItemDataRole.UserRole + 1
COSTS = {"free": "free", "membership or fee": "membership or a fee", "fee": "a fee"}

Ask = Callable[[StatePack, Pick, QWidget], Pick | None]


class CataloguePicker(QDialog):
    """The pack's levels and, at the chosen one, its services; ``chosen()`` after it closes
    is the pick (:data:`NO_PICK` when the choice was cleared), or None (cancelled)."""

    def __init__(self, pack: StatePack, current: Pick, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cataloguePicker")
        self.setWindowTitle("Pick a support from the catalogue")
        self.pack = pack
        self._chosen: Pick | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(label(pack.system or pack.title, "subsection", self))
        caption = label("&Level of support", "", self)
        self.level = QComboBox(self)
        self.level.setAccessibleName("Level of support")
        caption.setBuddy(self.level)
        for lv in pack.levels:
            self.level.addItem(lv.name, lv.key)
        self.level_about = label("", "hint", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Supports at this level")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.empty = label(
            f"“{pack.title}” lists no supports to pick from. Type the support in the table, "
            "or choose your state's pack on step 0.",
            "hint",
            self,
        )
        buttons = QHBoxLayout()
        self.use_button = QPushButton("&Use this support", self)
        self.use_button.setProperty("role", "primary")
        self.use_button.setDefault(True)
        self.clear_button = QPushButton("&Clear the choice", self)
        self.clear_button.setAccessibleName("Clear the catalogue choice and keep the words")
        self.clear_button.setVisible(not current.empty)
        cancel = QPushButton("Cancel", self)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        for widget in (caption, self.level, self.level_about, self.list, self.empty):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.level.currentIndexChanged.connect(self._show_level)
        self.list.itemActivated.connect(lambda _item: self._use())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.use_button.clicked.connect(self._use)
        self.clear_button.clicked.connect(self._clear)
        cancel.clicked.connect(self.reject)
        has = bool(pack.levels) and any(p.services for p in pack.providers)
        for widget in (caption, self.level, self.level_about, self.list):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        start = max(0, self.level.findData(current.level))
        self.level.setCurrentIndex(start)
        self._show_level()
        self.select(current)
        self.resize(560, 460)

    def _show_level(self, *_args: object) -> None:
        key = self.level.currentData()
        self.list.clear()
        if not isinstance(key, str):
            self._update()
            return
        self.level_about.setText(self.pack.level(key).about)
        for offer in offers(self.pack, key):
            cost = f" ({COSTS.get(offer.cost, offer.cost)})" if offer.cost else ""
            text = f"{offer.words}{cost}"
            if offer.about:
                text += f"\n{offer.about}"
            item = QListWidgetItem(text)
            item.setData(PICK_ROLE, offer.pick)
            item.setToolTip(f"{offer.pick.provider}: {offer.pick.service}")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def select(self, pick: Pick) -> bool:
        """Make ``pick`` the current service (its level shown); False when not offered."""
        index = self.level.findData(pick.level)
        if index < 0:
            return False
        self.level.setCurrentIndex(index)
        for row in range(self.list.count()):
            if self.list.item(row).data(PICK_ROLE) == pick:
                self.list.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return True
        return False

    def _update(self) -> None:
        self.use_button.setEnabled(self.list.currentItem() is not None)

    def _use(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._chosen = item.data(PICK_ROLE)
            self.accept()

    def _clear(self) -> None:
        self._chosen = NO_PICK
        self.accept()

    def chosen(self) -> Pick | None:
        return self._chosen if self.result() == QDialog.DialogCode.Accepted else None


def ask_with_dialog(pack: StatePack, current: Pick, parent: QWidget) -> Pick | None:
    picker = CataloguePicker(pack, current, parent)
    window = parent.window()
    theme = getattr(window, "theme", None)
    if theme is not None:
        theme.restyle(picker)
    picker.exec()
    return picker.chosen()


class CatalogueButton(QPushButton):
    """“Pick from the catalogue…” for a table of supports: the current support's choice, or a
    new support picked (for ``strategy_of()``) when none is chosen. ``ask`` is the seam a test
    replaces (by default the dialog)."""

    def __init__(
        self,
        controller: PlanController,
        view: QTableView,
        model: PlanItemsModel,
        strategy_of: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("&Pick from the catalogue…", parent)
        self.setAccessibleName("Pick the support's provider and service from the catalogue")
        self.setToolTip(
            "Pick the provider and service from your state pack's catalogue, by level. "
            "You can still type the support freely."
        )
        self.controller = controller
        self.view = view
        self.model = model
        self.strategy_of = strategy_of
        self.ask: Ask = ask_with_dialog
        self.setEnabled(not controller.readonly)
        self.clicked.connect(lambda _checked=False: self.pick())
        # What the current support was picked from, for a table without a column for it.
        self.note = label("", "hint", parent)
        self.note.setAccessibleName("The chosen support's pick from the catalogue")
        view.selectionModel().currentChanged.connect(lambda *_a: self.show_note())
        for signal in (model.dataChanged, model.modelReset):
            signal.connect(lambda *_a: self.show_note())
        self.show_note()

    def show_note(self) -> None:
        index = self.view.currentIndex()
        support = self.model.row_values(index.row()) if index.isValid() else None
        if support is None:
            self.note.setText("")
        elif pick_of(support).empty:
            self.note.setText("This support was typed in, not picked from the catalogue.")
        else:
            words = choice_words(support, pack_of_plan(self.controller.plan()["profile"]))
            self.note.setText(f"Picked from the catalogue: {words}")
        self.note.setVisible(bool(self.note.text()))

    def pick(self) -> int | None:
        """Ask, then keep the pick; the id of the support picked for (None if nothing was)."""
        pack = pack_of_plan(self.controller.plan()["profile"])
        index = self.view.currentIndex()
        support = self.model.row_values(index.row()) if index.isValid() else None
        chosen = self.ask(pack, pick_of(support) if support else NO_PICK, self)
        if chosen is None:
            return None
        if support is not None:
            change = self.controller.run(lambda s: pick_support(s, support, chosen))
            return int(support["id"]) if change is not None else None
        if chosen.empty:
            return None
        change = self.controller.run(lambda s: add_picked_support(s, self.strategy_of(), chosen))
        new_id = change.created_id("supports") if change is not None else None
        row = self.model.row_of(new_id) if new_id is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return new_id


def catalogue_column(controller: PlanController) -> Column:
    """The supports tables' “From the catalogue” column: the choice in a few words
    ("ISBE · School improvement helpline (Level 1)"), blank for a support typed freely."""

    def shown(support: Row) -> str:
        if pick_of(support).empty:
            return ""
        return choice_words(support, pack_of_plan(controller.plan()["profile"]))

    return Column(
        "pack_service",
        "From the catalogue",
        kind="readonly",
        chars=14,
        display=shown,
        tip="The provider and service picked from the state pack's catalogue, and its level",
    )


__all__ = ["CatalogueButton", "CataloguePicker", "ask_with_dialog", "catalogue_column"]
