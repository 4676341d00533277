"""Print jobs are claimed with a lease before they are sent; the static QRIS is kept with each QRIS sale.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 10:00:00

Two queue runs at once (the window's two I/O threads, or the window and `laci print pending`) both sent every
pending job. A worker now claims a job in a BEGIN IMMEDIATE transaction with its name and an expiry
(`lease_owner`, `lease_until`), and only the holder may settle it. A job that failed waits `next_try_at`
(backoff); `maybe_sent` keeps a drawer kick from ever being sent twice; `printer_uri` sends one job to another
printer. Two new ends: `sent` (sent, but the printer did not confirm it) and `cancelled`. SQLite cannot alter a
CHECK constraint, so print_jobs is rebuilt; it is a small table without triggers.

`sale_qris` keeps the static QRIS a QRIS sale was paid against, so its receipt's code never comes from a setting
changed since. Sales whose original receipt is still waiting get today's setting, which is what they would have
printed with.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_COLUMNS = (
    "id, kind, source_id, payload, is_copy, open_drawer, status, attempts, last_error, created_at, printed_at"
)


def _print_jobs(name: str, statuses: str, *, leases: bool) -> None:
    columns = [
        sa.Column('id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source_id', pos.ledger.schema.base.UUIDBlob(), nullable=True),
        sa.Column('payload', sa.String(), nullable=False),
        sa.Column('is_copy', sa.Boolean(), nullable=False),
        sa.Column('open_drawer', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=10 if leases else 8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=200), nullable=False),
        sa.Column('created_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
        sa.Column('printed_at', pos.ledger.schema.base.UTCDateTime(), nullable=True),
    ]
    if leases:
        columns += [
            sa.Column('printer_uri', sa.String(length=200), server_default='', nullable=False),
            sa.Column('lease_owner', sa.String(length=64), nullable=True),
            sa.Column('lease_until', pos.ledger.schema.base.UTCDateTime(), nullable=True),
            sa.Column('next_try_at', pos.ledger.schema.base.UTCDateTime(), nullable=True),
            sa.Column('maybe_sent', sa.Boolean(), server_default=sa.text('0'), nullable=False),
        ]
    op.create_table(
        name,
        *columns,
        sa.CheckConstraint(f"status IN ({statuses})", name='ck_print_jobs_status'),
        sa.PrimaryKeyConstraint('id', name='pk_print_jobs'),
    )


def _swap(new: str) -> None:
    op.drop_index('ix_print_jobs_status', table_name='print_jobs')
    op.drop_table('print_jobs')
    op.rename_table(new, 'print_jobs')
    op.create_index('ix_print_jobs_status', 'print_jobs', ['status'], unique=False)


def upgrade() -> None:
    _print_jobs(
        'print_jobs_0012', "'pending','printed','sent','failed','expired','cancelled'", leases=True
    )
    op.execute(f"INSERT INTO print_jobs_0012 ({_COLUMNS}) SELECT {_COLUMNS} FROM print_jobs")
    _swap('print_jobs_0012')
    op.create_index(
        'uq_print_jobs_drawer_source',
        'print_jobs',
        ['source_id'],
        unique=True,
        sqlite_where=sa.text("kind = 'drawer' AND source_id IS NOT NULL"),
    )

    op.create_table(
        'sale_qris',
        sa.Column('sale_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
        sa.Column('static_payload', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_sale_qris_sale_id_sales')),
        sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_sale_qris')),
    )
    conn = op.get_bind()
    raw = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'qris.static_payload'")).scalar()
    static = json.loads(raw) if raw else ""
    if static:
        conn.execute(
            sa.text(
                "INSERT INTO sale_qris (sale_id, static_payload) "
                "SELECT DISTINCT j.source_id, :static FROM print_jobs j "
                "JOIN sale_payments p ON p.sale_id = j.source_id AND p.method = 'qris' "
                "WHERE j.kind = 'receipt' AND j.is_copy = 0 AND j.status = 'pending'"
            ),
            {"static": static},
        )


def downgrade() -> None:
    op.drop_table('sale_qris')
    op.drop_index('uq_print_jobs_drawer_source', table_name='print_jobs')
    _print_jobs('print_jobs_0011', "'pending','printed','failed','expired'", leases=False)
    # The two new ends had no place before: a job sent unconfirmed counts as printed, a cancelled one as expired.
    op.execute(
        f"INSERT INTO print_jobs_0011 ({_COLUMNS}) SELECT id, kind, source_id, payload, is_copy, open_drawer, "
        "CASE status WHEN 'sent' THEN 'printed' WHEN 'cancelled' THEN 'expired' ELSE status END, "
        "attempts, last_error, created_at, printed_at FROM print_jobs"
    )
    _swap('print_jobs_0011')
