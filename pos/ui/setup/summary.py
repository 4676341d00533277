"""What the setup's last step says: the answers to be saved, and after the demo, how to log in to it."""

from __future__ import annotations

from pos.demo.shop import DemoSummary
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.counter.qris import parse_payload
from pos.ledger.setup.new_shop import ShopProfile
from pos.ui.settings.printer import WIDTHS

_NOT_GIVEN = "—"


def _ppn(mode: str) -> str:
    if mode == "inclusive":
        return _("PKP: prices include PPN")
    if mode == "exclusive":
        return _("PKP: PPN is added on top of prices")
    return _("Not PKP: no PPN")


def _qris(payload: str) -> str:
    if not payload:
        return _("Not yet")
    try:
        found = parse_payload(payload)
    except InvalidInput as err:
        return str(err)
    return _("QRIS of {name}, {city}.").format(name=found.merchant_name, city=found.merchant_city)


def summary_rows(profile: ShopProfile) -> list[tuple[str, str]]:
    """(what, the answer) for each answer, as typed: the core tidies them when they are saved."""
    width = next((_(text) for columns, text in WIDTHS if columns == profile.printer_columns), "")
    place = ", ".join(x for x in (profile.address.strip(), profile.city.strip()) if x)
    return [
        (_("Shop"), profile.shop_name.strip()),
        (_("Owner"), profile.owner_name.strip()),
        (_("Address"), place or _NOT_GIVEN),
        (_("Phone"), profile.phone.strip() or _NOT_GIVEN),
        (_("NIB"), profile.nib.strip() or _NOT_GIVEN),
        (_("NPWP"), profile.npwp.strip() or _NOT_GIVEN),
        (_("PPN"), _ppn(profile.ppn_mode)),
        (_("Printer"), f"{profile.printer_uri} · {width}" if profile.printer_uri else _("No printer")),
        (_("QRIS"), _qris(profile.qris_payload)),
    ]


def demo_text(summary: DemoSummary) -> str:
    """After the demo is built: what it holds and the PINs to log in with."""
    made = _("{products} products, {customers} customers, {sales} sales worth {takings} from {first} to {last}.")
    lines = [
        made.format(
            products=summary.products,
            customers=summary.customers,
            sales=summary.sales,
            takings=fmt.rupiah(summary.takings),
            first=fmt.date(summary.first_day),
            last=fmt.date(summary.last_day),
        ),
        "",
        _("Log in as {name} (owner) with PIN {pin}.").format(name=summary.owner_name, pin=summary.owner_pin),
        _("Log in as {name} (cashier) with PIN {pin}.").format(name=summary.cashier_name, pin=summary.cashier_pin),
    ]
    return "\n".join(lines)
