"""The counter's reusable widgets on their own: PIN pad, money field, scan guard, QR view, fitted total, cart model."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from pos.i18n import _
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.pricing import Discount, PpnRule
from pos.ui.counter.cart_model import CartModel, DiscountTextError, parse_discount
from pos.ui.widgets.buttons import COMPACT_HEIGHT, BigButton
from pos.ui.widgets.fit_label import FitLabel
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.pin_pad import PinPad
from pos.ui.widgets.qr_view import QrView, qr_matrix
from pos.ui.widgets.scanner import BURST_GAP_S, MIN_SCAN_LENGTH, ScanGuard
from pos.ui.widgets.style import TOUCH_HEIGHT


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_pin_pad_takes_taps_and_keys(qtbot: Any) -> None:
    pad = PinPad()
    qtbot.addWidget(pad)
    submitted: list[str] = []
    pad.submitted.connect(submitted.append)
    buttons = {b.label: b for b in pad.findChildren(BigButton)}
    for digit in "1357":
        qtbot.mouseClick(buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.back_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pad.field, "9x")  # letters never get in
    assert pad.pin() == "1359"
    assert pad.field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(pad.field, Qt.Key.Key_Return)
    assert submitted == ["1359"]
    assert all(b.height() >= TOUCH_HEIGHT for b in buttons.values())


def test_the_money_field_reads_amounts_as_shopkeepers_type_them(qtbot: Any) -> None:
    field = MoneyField()
    qtbot.addWidget(field)
    for text, rupiah in (("50000", 50_000), ("50.000", 50_000), ("Rp 12.500", 12_500)):
        field.setText(text)
        assert field.amount() == Money(rupiah)
    field.setText("")
    assert field.amount_or_none() is None
    field.setText("lima puluh")
    with pytest.raises(InvalidInput) as refused:
        field.amount()
    assert str(refused.value) == _("'{text}' is not an amount in rupiah.").format(text="lima puluh")
    field.setText("50000")
    field.editingFinished.emit()
    assert field.text() == "50.000"


def test_the_scan_guard_tells_a_scanner_from_a_person(qtbot: Any) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    clock = Clock()
    guard = ScanGuard(field, clock=clock)
    caught: list[str] = []
    guard.caught.connect(caught.append)
    for key in "12":  # a person, a key at a time
        clock.now += 0.2
        qtbot.keyClick(field, key)
    clock.now += 0.2
    qtbot.keyClicks(field, "8991234567895")  # the scanner, all at once
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert caught == ["8991234567895"] and field.text() == "12"
    clock.now += 0.5
    qtbot.keyClicks(field, "1234567"[: MIN_SCAN_LENGTH - 1])  # quick but short: a person's amount
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert caught == ["8991234567895"]
    clock.now += BURST_GAP_S * 2  # a long code typed with pauses is not a scan either
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert len(caught) == 1


def test_the_qr_view_draws_the_payload_module_for_module(qtbot: Any) -> None:
    view = QrView(empty_text="none")
    qtbot.addWidget(view)
    view.resize(400, 400)
    payload = "00020101021226690020ID.CO.QRIS.WWW"
    view.set_payload(payload)
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    reference.add_data(payload)
    reference.make(fit=True)
    assert qr_matrix(payload) == [list(r) for r in reference.get_matrix()]
    n = view.modules
    image = view.grab().toImage()
    module = 400 // n
    offset = (400 - module * n) // 2
    # The top-left finder pattern: dark at its corner, light in the quiet zone before it.
    inside = image.pixelColor(offset + 4 * module + module // 2, offset + 4 * module + module // 2)
    quiet = image.pixelColor(offset + module // 2, offset + module // 2)
    assert inside == QColor("black") and quiet == QColor("white")
    view.set_payload(None)
    assert view.modules == 0


def test_the_total_shrinks_rather_than_clip_but_not_below_its_floor(qtbot: Any) -> None:
    label = FitLabel(56, 48)
    qtbot.addWidget(label)
    label.resize(420, 120)
    label.setText("Rp 9.500")
    assert label.font().pointSizeF() == 56
    label.setText("Rp 12.345.678")
    assert 48 <= label.font().pointSizeF() < 56


def test_big_buttons_show_their_key_and_leave_the_focus_alone(qtbot: Any) -> None:
    button = BigButton("Bayar", "F12")
    qtbot.addWidget(button)
    assert button.text() == "F12  Bayar"
    # Full height where there is room; on a small screen no lower than a thumb still hits.
    assert button.sizeHint().height() >= TOUCH_HEIGHT
    assert button.minimumSizeHint().height() >= COMPACT_HEIGHT
    assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
    stacked = BigButton("Rekap shift", "Ctrl+7", stacked=True)
    qtbot.addWidget(stacked)
    assert stacked.text() == "Ctrl+7\nRekap shift"
    # Never narrower than its words: a row of them takes the room it needs rather than cut a name.
    assert stacked.minimumSizeHint().width() >= stacked.fontMetrics().horizontalAdvance("Rekap shift")


def test_discounts_are_typed_as_amounts_or_percentages() -> None:
    assert parse_discount("") == Discount()
    assert parse_discount("2.000") == Discount(rupiah=2_000)
    assert parse_discount("10%") == Discount(percent_bp=1_000)
    assert parse_discount("12,5 %") == Discount(percent_bp=1_250)
    with pytest.raises(DiscountTextError):
        parse_discount("banyak")


def test_the_cart_model_shows_weighed_lines_by_weight(qapp: Any) -> None:
    model = CartModel(PpnRule())
    sugar = CartLine(
        ProductId(uuid.uuid4()), "Gula", "kg", None, 1000, Qty(750), Money(16_000), Money(16_000), is_weighed=True
    )
    model.add_line(sugar)
    assert model.index(0, model.QTY).data() == "0,75 kg"
    assert model.index(0, model.TOTAL).data() == "Rp 12.000"
    assert not model.set_qty(0, Qty(0))
    assert model.index(0, model.QTY).data() == "0,75 kg"
