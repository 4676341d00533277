"""The shop behind a database: opening it (migrating first), this counter's identity, and first-time setup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger import migrate, settings
from pos.ledger.db import Database, make_engine
from pos.ledger.errors import InvalidInput, NotFound
from pos.ledger.ids import DeviceId, new_id
from pos.ledger.schema import Device

DB_FILENAME = "laci.sqlite3"


@dataclass(frozen=True, slots=True)
class LocalDevice:
    id: DeviceId
    code: str
    name: str


def open_database(path: Path) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema to the newest revision."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    migrate.upgrade(engine, path)
    return Database(engine)


def local_device(session: Session) -> LocalDevice:
    """This counter. Every write needs it, so a database without one has not been set up."""
    # Asked for several times by one sale (journal, outbox, audit); read once per transaction.
    cached = session.info.get("laci.local_device")
    if isinstance(cached, LocalDevice):
        return cached
    row = session.execute(select(Device.id, Device.code, Device.name).where(Device.is_local)).first()
    if row is None:
        raise NotFound(N_("This database has no shop yet. Run 'laci init' first."))
    device = LocalDevice(DeviceId(row.id), row.code, row.name)
    session.info["laci.local_device"] = device
    return device


def is_initialised(session: Session) -> bool:
    return session.execute(select(Device.id).where(Device.is_local)).first() is not None


def init_shop(session: Session, shop_name: str, device_code: str = "A", device_name: str = "Kasir 1") -> bool:
    """Set up a new shop, or rename an existing one. Returns True when the shop was created now."""
    name = shop_name.strip()
    if not name:
        raise InvalidInput(N_("The shop needs a name."))
    code = device_code.strip().upper()
    if not (1 <= len(code) <= 4 and code.isalnum()):
        raise InvalidInput(N_("The counter code must be 1 to 4 letters or digits, for example A."))
    created = not is_initialised(session)
    if created:
        device_id = new_id()
        session.add(Device(id=device_id, code=code, name=device_name, is_local=True))
        session.flush()
        # Imported here: replication itself looks the local device up through this module.
        from pos.ledger.clock import utc_now
        from pos.ledger.replication import record_change

        record_change(session, "devices", device_id, {"code": code, "name": device_name}, utc_now())
    settings.put(session, "shop.name", name)
    return created
