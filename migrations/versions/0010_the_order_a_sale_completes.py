"""The order a sale completes, on the sale itself.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 13:00:00

An order pointed at its sale (orders.sale_id), but that pointer is master data, merged by clock: two counters
completing the same order offline left two sales and an order naming one of them, and nothing to find the
other by. sales.order_id is a fact written with the sale, so every sale an order became can be found and the
second one shown to the owner. A plain ADD COLUMN (no rebuild of a table of millions; NULL for every earlier
sale, which was rung up at the counter or names its order in the audit log) and an index of only the sales that
have an order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('sales', sa.Column('order_id', pos.ledger.schema.base.UUIDBlob(), nullable=True))
    op.execute("CREATE INDEX ix_sales_order_id ON sales (order_id) WHERE order_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index('ix_sales_order_id', table_name='sales')
    # SQLite's own DROP COLUMN, not a batch rebuild, so the sales table keeps its triggers.
    op.drop_column('sales', 'order_id')
