"""The outbox keeps new events compressed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:10:00

Every event stays in the outbox for good (a counter resends from it if the cloud is ever restored from an older
backup), and as JSON it was 59% of a busy shop's database: 632 of the first year's 1,071 MB. zlib takes a sale's
event to about a quarter (3.8 times smaller on the busy demo shop) for about 0.1 ms when the sale is written.
`body` holds the compressed JSON of events written from now on, whose `payload` is left empty; events written
before keep their JSON in `payload`, so the upgrade is one ADD COLUMN, instant on a database of gigabytes.
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('outbox', sa.Column('body', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # Outbox rows are immutable (0001's triggers): the one that refuses updates steps aside while the JSON goes
    # back into `payload`. ALTER TABLE ... DROP COLUMN keeps the table, and so its triggers, in place.
    op.execute("DROP TRIGGER trg_outbox_no_update")
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, body FROM outbox WHERE body IS NOT NULL")).all()
    for event_id, body in rows:
        conn.execute(
            sa.text("UPDATE outbox SET payload = :payload WHERE id = :id"),
            {"payload": zlib.decompress(body).decode("utf-8"), "id": event_id},
        )
    op.execute(
        "CREATE TRIGGER trg_outbox_no_update BEFORE UPDATE ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable; post a correcting entry instead'); END"
    )
    op.execute("ALTER TABLE outbox DROP COLUMN body")
