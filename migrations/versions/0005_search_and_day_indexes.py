"""Indexes for searching names and for reading one day: products by name (case folded), returns and shifts by
business date.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_products_name_nocase', 'products', [sa.text('name COLLATE NOCASE')])
    op.create_index('ix_sale_returns_business_date', 'sale_returns', ['business_date'])
    op.create_index('ix_shifts_business_date', 'shifts', ['business_date'])


def downgrade() -> None:
    op.drop_index('ix_shifts_business_date', table_name='shifts')
    op.drop_index('ix_sale_returns_business_date', table_name='sale_returns')
    op.drop_index('ix_products_name_nocase', table_name='products')
