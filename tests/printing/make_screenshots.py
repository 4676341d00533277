"""Draw the example receipts of the documentation: `python tests/printing/make_screenshots.py [OUT_DIR]`.

A warung's morning sale (a weighed item, a line and a cart discount, QRIS and cash with change) on 58 mm
(32 columns) and 80 mm (48 columns) paper, in Indonesian. Labels the catalogue has not translated yet fall back
to the wording below, so the pictures read as the shop will see them; once translated, the catalogue wins.
"""

from __future__ import annotations

import gettext
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "printing")]

from printing_support import morning_sale, warung  # noqa: E402

from pos import i18n  # noqa: E402
from pos.ledger.shop.opening import init_shop, open_database  # noqa: E402
from pos.ledger.slips import receipts  # noqa: E402
from pos.printing.layout import lines_for  # noqa: E402
from pos.printing.preview import render  # noqa: E402

RECEIPT_WORDING = {
    "Phone {phone}": "Telp. {phone}",
    "Receipt no.": "No. struk",
    "Date": "Tanggal",
    "Cashier": "Kasir",
    "Customer": "Pelanggan",
    "Discount": "Diskon",
    "Subtotal": "Subtotal",
    "Rounding": "Pembulatan",
    "TOTAL": "TOTAL",
    "Change": "Kembali",
    "You save {amount}": "Anda hemat {amount}",
}


class _Wording(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return RECEIPT_WORDING.get(message, message)


def main(out_dir: Path) -> None:
    i18n.set_language("id")
    i18n.catalogue("id").add_fallback(_Wording())
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "laci.sqlite3")
        with db.write() as s:
            init_shop(s, "Warung Bu Sri")
        sale = morning_sale(warung(db))
        with db.read() as s:
            receipt = receipts.receipt_for_sale(s, sale.sale_id)
        db.dispose()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, columns in (("receipt-58mm.png", 32), ("receipt-80mm.png", 48)):
        render(lines_for(receipt, columns), columns).save(out_dir / name, optimize=True)
        print(out_dir / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
