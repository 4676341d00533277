"""The fixed choices of a shop's settings that other rooms, the printing and the screens read too, stated once:
how PPN is charged."""

from __future__ import annotations

from typing import Final, Literal, get_args

# "none" unless the shop is PKP; "inclusive": prices carry the PPN; "exclusive": it is added at the till.
PpnMode = Literal["none", "inclusive", "exclusive"]
PPN_MODES: Final[tuple[PpnMode, ...]] = get_args(PpnMode)
