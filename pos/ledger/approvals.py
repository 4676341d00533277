"""An owner's approval for something beyond a cashier's rights (a price override, a large discount, a void).

Services that need one take an `Approval` argument and refuse without it; the approval names the owner so the
audit log can say who allowed what.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.ledger.ids import UserId


@dataclass(frozen=True, slots=True)
class Approval:
    owner_id: UserId
    reason: str = ""
