"""This counter's identity: the one local row of `devices`, read once per transaction.

Every write stamps it (journal entries, the audit log, the outbox, field clocks), so it sits in the base room
where every room can read it without reaching the shop's opening code.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import NotFound
from pos.ledger.base.ids import DeviceId
from pos.ledger.schema import Device, core


@dataclass(frozen=True, slots=True)
class LocalDevice:
    id: DeviceId
    code: str
    name: str


# A Core statement built once: it runs inside every sale, and the ORM's execution path cost a millisecond.
_DEVICES = core(Device)
_LOCAL_DEVICE = select(_DEVICES.c.id, _DEVICES.c.code, _DEVICES.c.name).where(_DEVICES.c.is_local)


def local_device(session: Session) -> LocalDevice:
    """This counter. Every write needs it, so a database without one has not been set up."""
    # Asked for several times by one sale (journal, outbox, audit); read once per transaction.
    cached = session.info.get("laci.local_device")
    if isinstance(cached, LocalDevice):
        return cached
    row = session.connection().execute(_LOCAL_DEVICE).first()
    if row is None:
        raise NotFound(N_("This database has no shop yet. Run 'laci init' first."))
    device = LocalDevice(DeviceId(row.id), row.code, row.name)
    session.info["laci.local_device"] = device
    return device
