"""The fixed choices of a shop's settings that other rooms, the printing and the screens read too, stated once:
how PPN is charged, and how many characters a line of receipt paper holds."""

from __future__ import annotations

from typing import Final, Literal, get_args

# "none" unless the shop is PKP; "inclusive": prices carry the PPN; "exclusive": it is added at the till.
PpnMode = Literal["none", "inclusive", "exclusive"]
PPN_MODES: Final[tuple[PpnMode, ...]] = get_args(PpnMode)

PrinterWidth = Literal[32, 42, 48]  # font A on 58 mm paper, and the two usual counts on 80 mm
PRINTER_WIDTHS: Final[tuple[PrinterWidth, ...]] = get_args(PrinterWidth)
