"""On a cashier's counter (a counter device of a shop in the cloud), a screen where an owner's change could be
typed says plainly that it is made at the owner's counter, and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import update
from ui.products_support import cell, open_screen, pick, settle

from pos.ledger.base.db import Database
from pos.ledger.replication import authority, sync_state
from pos.ledger.schema import Device
from pos.ui.products import ProductsScreen
from pos.ui.products.list_model import ProductListModel
from pos.ui.tasks import TaskManager


@pytest.fixture
def screen(tasks: TaskManager, shop: Any, qtbot: Any, db: Database) -> ProductsScreen:
    with db.write() as s:  # enrolled, and the cloud said: a counter, not the owner's device
        sync_state.save_enrolment(s, "https://sync.example.id", str(uuid.uuid4()), "Warung", "token")
        s.execute(update(Device).where(Device.is_local).values(role=authority.ROLE_COUNTER))
    return open_screen(tasks, shop.owner, qtbot)


def test_a_price_typed_on_a_cashiers_counter_is_refused_with_where_to_change_it(
    screen: ProductsScreen, qtbot: Any
) -> None:
    pick(screen, qtbot, "Barang 2")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.price.setText("12.500")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "kasir pemilik" in dialog.status.text()
    assert cell(screen, "Barang 2", ProductListModel.PRICE) == "Rp 10.000"
