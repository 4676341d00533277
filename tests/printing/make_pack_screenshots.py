"""Draw the loan pack's pages for the documentation: `python tests/printing/make_pack_screenshots.py [OUT_DIR]`.

The seven-month shop of the report tests (`ledger.test_reports_shop`), its January-June 2026 pack sealed with the
shop's own key, in Indonesian and English, each page rendered with pdftoppm (poppler) to `loan-pack-*.png`.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ledger.test_reports_shop import build_books  # noqa: E402

from pos.ledger.base.period import Period  # noqa: E402
from pos.ledger.reports.pack import loan_pack  # noqa: E402
from pos.ledger.reports.pack_seal import seal_locally  # noqa: E402
from pos.ledger.shop.opening import init_shop, open_database  # noqa: E402
from pos.printing.statements.pack import render_loan_pack  # noqa: E402

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MADE = dt.datetime(2026, 7, 3, 2, 0, tzinfo=dt.UTC)
PAGES = {"id": (1, 2, 3, 4, 7), "en": (1, 7)}  # cover and contents, the statements, the signed code


def main(out_dir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="laci-pack-") as tmp:
        db = open_database(Path(tmp) / "laci.sqlite3")
        with db.write() as s:
            init_shop(s, "Warung Bu Sri")
        build_books(db)
        for lang, pages in PAGES.items():
            with db.write() as s:
                sealed = seal_locally(s, loan_pack(s, H1, made_on=MADE.date()), lang, MADE)
            pdf = Path(tmp) / f"pack-{lang}.pdf"
            render_loan_pack(sealed, pdf)
            for page in pages:
                name = out_dir / (f"loan-pack-{page}" if lang == "id" else f"loan-pack-en-{page}")
                only = ["-f", str(page), "-l", str(page), "-singlefile"]
                subprocess.run(["pdftoppm", "-png", "-r", "80", *only, str(pdf), str(name)], check=True)
        db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
