"""Between a scan (or a product chosen by name) and the cart: the variant grid and the add-on choice, one after
the other, for the lines that ask for them (`picking.Pick`); a plain product never comes here.

Each answer is checked again by the core on the worker before the line goes in the cart, so a variant archived
or an add-on group retired while the dialog was open is refused with the reason, and the dialog shows what the
shop offers now. Picks that arrive while a dialog is open wait their turn.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Qty
from pos.ledger.channels.channels import COUNTER, line_for_channel
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.picking import Pick, addon_groups, line_with_addons, pick_product, pick_scan
from pos.ledger.stock.barcodes import InStoreFormat
from pos.ledger.stock.modifiers import Group
from pos.ledger.stock.variants import grid_of
from pos.ui.counter.addon_choice import AddonDialog
from pos.ui.counter.variant_grid import VariantGridDialog
from pos.ui.tasks import failure_message

if TYPE_CHECKING:
    from pos.ui.counter.checkout import CheckoutPage


def for_channel(session: Session, line: CartLine, channel: str) -> CartLine:
    # The counter's own price is the line's already: the usual sale asks nothing more of the database.
    if channel == COUNTER:
        return line
    return line_for_channel(session, line, channel)


def _priced(session: Session, pick: Pick, channel: str) -> Pick:
    if pick.grid is not None:
        return pick  # the product itself is not sold; its variant is priced when chosen
    return Pick(for_channel(session, pick.line, channel), pick.grid, pick.groups)


def scan_pick(session: Session, text: str, formats: tuple[InStoreFormat, ...], channel: str = COUNTER) -> Pick:
    """What a scan puts in the cart or asks first, at the channel's price."""
    return _priced(session, pick_scan(session, text, formats), channel)


def product_pick(session: Session, product_id: uuid.UUID, qty: Qty | None = None, channel: str = COUNTER) -> Pick:
    """The same for a product chosen by name, or a variant chosen from its grid."""
    return _priced(session, pick_product(session, product_id, qty), channel)


class LineChooser(QObject):
    """Opens the grid or the add-on choice for each pick that asks, in turn; the finished line goes to `done`."""

    def __init__(self, page: CheckoutPage, done: Callable[[CartLine], None]) -> None:
        super().__init__(page)
        self.page = page
        self.done = done
        self.waiting: list[Pick] = []
        self.open_now: VariantGridDialog | AddonDialog | None = None

    def take(self, pick: Pick) -> None:
        self.waiting.append(pick)
        other = self.page.dialog
        if other is None:
            self._next()
        elif other is not self.open_now:
            # Another of the counter's dialogs (a quantity to confirm): ask once it has closed.
            other.finished.connect(lambda _result: QTimer.singleShot(0, self._next))

    def edit(self, row: int) -> None:
        """Change the add-ons and note of cart line `row` (the line's own add-ons and note to start from)."""
        line = self.page.model.line(row)

        def read(groups: tuple[Group, ...]) -> None:
            if not groups:
                self.page.say(_("{name} has no add-ons.").format(name=line.name), error=True)
                return
            if self.page.dialog is not None or row >= self.page.model.rowCount():
                return
            chosen = [o.modifier_id for o in line.options if o.modifier_id is not None]
            note = " ".join(o.name for o in line.options if o.kind == "note")
            self._open_addons(line, groups, chosen=chosen, note=note, row=row)

        self.page.tasks.read(lambda session: addon_groups(session, line.product_id), read, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.page.say(failure_message(error), error=True)

    def _next(self) -> None:
        if not self.waiting or self.page.dialog is not None:
            return
        pick = self.waiting.pop(0)
        if pick.grid is not None:
            self._open_grid(pick)
        elif pick.groups:
            self._open_addons(pick.line, pick.groups)
        else:
            self.done(pick.line)
            self._next()

    def _open(self, dialog: VariantGridDialog | AddonDialog, name: str | None) -> None:
        def closed(result: int) -> None:
            if self.open_now is dialog:
                self.open_now = None
            if result == 0 and name is not None:
                self.page.say(_("{name} was not added.").format(name=name))
            QTimer.singleShot(0, self._next)

        dialog.finished.connect(closed)
        dialog.scan_caught.connect(self.page.scan)
        self.open_now = dialog
        self.page.open_dialog(dialog)

    def _open_grid(self, pick: Pick) -> None:
        grid = pick.grid
        assert grid is not None
        dialog = VariantGridDialog(grid, self.page)
        channel, qty = self.page.channels.code, pick.line.qty

        def answered(chosen: Pick) -> None:
            if chosen.groups:
                # The variant's add-ons come next, in their own dialog, once this one has closed.
                self.waiting.insert(0, chosen)
                dialog.accept()
                return
            self.done(chosen.line)
            dialog.accept()

        def refused(error: BaseException) -> None:
            message = str(error) if isinstance(error, LedgerError) else failure_message(error)
            self.page.tasks.read(
                lambda session: grid_of(session, grid.parent_id),
                lambda now: dialog.refused(message, now),
                lambda _e: dialog.refused(message, None),
            )

        dialog.picked.connect(
            lambda vid: self.page.tasks.read(
                lambda session: product_pick(session, vid, qty, channel), answered, refused
            )
        )
        self._open(dialog, grid.name)

    def _open_addons(
        self,
        line: CartLine,
        groups: tuple[Group, ...],
        *,
        chosen: list[uuid.UUID] | None = None,
        note: str = "",
        row: int | None = None,
    ) -> None:
        dialog = AddonDialog(line, groups, self.page, chosen=chosen or (), note=note, editing=row is not None)

        def answered(made: CartLine) -> None:
            if row is None:
                self.done(made)
            else:
                self.page.model.replace_line(row, line, made)
            dialog.accept()

        def refused(error: BaseException) -> None:
            message = str(error) if isinstance(error, LedgerError) else failure_message(error)
            self.page.tasks.read(
                lambda session: addon_groups(session, line.product_id),
                lambda now: dialog.refused(message, now),
                lambda _e: dialog.refused(message, None),
            )

        dialog.confirmed.connect(
            lambda ids, text: self.page.tasks.read(
                lambda session: line_with_addons(session, line, ids, text), answered, refused
            )
        )
        self._open(dialog, line.name if row is None else None)
