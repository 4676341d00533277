"""Selling beyond the counter: sales channels with their price lists and commissions, platform payouts,
WhatsApp and phone orders with their down payments, the channel and ongkir on each sale, and an opt-out flag
for customers who want no promotions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 06:00:00

Existing sales were all made at the counter: the new columns' defaults say so. The payment methods gain
'platform' (collected by GoFood, Tokopedia...) and 'deposit' (an order's down payment); SQLite cannot change a
CHECK constraint in place, so sale_payments is rebuilt here by hand, with its immutability triggers. Frozen
history: the SQL is written out.

Ongkir is booked to its own revenue account (4-300 Pendapatan ongkir), not to Pendapatan penjualan: it pays for
a service the shop performs with its own rider, and keeping it apart leaves sales, discounts and the gross margin
about goods, while the laba rugi still shows it under revenue.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

ACCOUNTS = [
    # (code, Indonesian name, English name, kind, normal side, statement section)
    ("1-210", "Piutang platform", "Receivable from sales platforms", "asset", "D", "current_asset"),
    ("2-300", "Uang muka pelanggan", "Customer deposits", "liability", "C", "current_liability"),
    ("4-300", "Pendapatan ongkir", "Delivery fee income", "revenue", "C", "revenue"),
    ("6-500", "Beban komisi platform", "Platform commission expense", "expense", "D", "operating_expense"),
]

# The channels every shop starts with. Commissions and markups start at zero: they differ by contract and
# change often, and a guessed rate would misstate the expense without anyone noticing.
CHANNELS = [
    # (code, name, kind, position)
    ("counter", "Toko", "counter", 0),
    ("whatsapp", "WhatsApp", "direct", 1),
    ("phone", "Telepon", "direct", 2),
    ("gofood", "GoFood", "delivery", 3),
    ("grabfood", "GrabFood", "delivery", 4),
    ("shopeefood", "ShopeeFood", "delivery", 5),
    ("tokopedia", "Tokopedia", "marketplace", 6),
    ("shopee", "Shopee", "marketplace", 7),
    ("tiktok", "TikTok Shop", "marketplace", 8),
]

IMMUTABLE_TABLES = ("order_payments", "channel_settlements", "sale_payments")

SALE_PAYMENTS = (
    "CREATE TABLE {name} (\n"
    "\tsale_id BLOB NOT NULL, \n"
    "\tline_no INTEGER NOT NULL, \n"
    "\tmethod VARCHAR(10) NOT NULL, \n"
    "\tamount BIGINT NOT NULL, \n"
    "\ttendered BIGINT NOT NULL, \n"
    "\tprovider VARCHAR(20) NOT NULL, \n"
    "\treference VARCHAR(64) NOT NULL, \n"
    "\tCONSTRAINT pk_sale_payments PRIMARY KEY (sale_id, line_no), \n"
    "\tCONSTRAINT ck_sale_payments_method CHECK (method IN ({methods})), \n"
    "\tCONSTRAINT ck_sale_payments_amount_positive CHECK (amount > 0), \n"
    "\tCONSTRAINT fk_sale_payments_sale_id_sales FOREIGN KEY(sale_id) REFERENCES sales (id)\n"
    ")"
)
OLD_METHODS = "'cash','qris','transfer','ewallet','kasbon'"
NEW_METHODS = "'cash','qris','transfer','ewallet','kasbon','platform','deposit'"


def _immutable(table: str) -> None:
    for action in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{action.lower()}")
        op.execute(
            f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable; post a correcting entry instead'); END"
        )


def _rebuild_sale_payments(methods: str) -> None:
    # SQLite's way to change a table: a new one, the rows copied, the old dropped (its triggers with it), renamed.
    # The upgrade runs with foreign keys off and checks them before it commits.
    op.execute(SALE_PAYMENTS.format(name="sale_payments_rebuilt", methods=methods))
    op.execute("INSERT INTO sale_payments_rebuilt SELECT * FROM sale_payments")
    op.execute("DROP TABLE sale_payments")
    op.execute("ALTER TABLE sale_payments_rebuilt RENAME TO sale_payments")
    _immutable("sale_payments")


def upgrade() -> None:
    op.create_table('channels',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('commission_bp', sa.Integer(), nullable=False),
    sa.Column('markup_bp', sa.Integer(), nullable=False),
    sa.Column('price_round', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.CheckConstraint("kind IN ('counter','direct','delivery','marketplace')", name=op.f('ck_channels_kind')),
    sa.CheckConstraint('commission_bp >= 0 AND commission_bp <= 10000', name=op.f('ck_channels_commission_range')),
    sa.CheckConstraint('markup_bp >= 0', name=op.f('ck_channels_markup_not_negative')),
    sa.CheckConstraint('price_round >= 1', name=op.f('ck_channels_price_round_positive')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_channels'))
    )
    op.create_table('channel_settlements',
    sa.Column('id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('cleared', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('up_to', sa.Date(), nullable=True),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
    sa.Column('user_id', pos.ledger.schema.base.UUIDBlob(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('entry_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.CheckConstraint('cleared >= 0', name=op.f('ck_channel_settlements_cleared_not_negative')),
    sa.CheckConstraint('received >= 0', name=op.f('ck_channel_settlements_received_not_negative')),
    sa.ForeignKeyConstraint(['channel'], ['channels.code'], name=op.f('fk_channel_settlements_channel_channels')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_channel_settlements_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_settlements'))
    )
    op.create_index('ix_channel_settlements_channel', 'channel_settlements', ['channel'], unique=False)
    op.create_table('orders',
    sa.Column('id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('customer_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('delivery_fee', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('created_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', pos.ledger.schema.base.UUIDBlob(), nullable=True),
    sa.Column('updated_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
    sa.Column('sale_id', pos.ledger.schema.base.UUIDBlob(), nullable=True),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.CheckConstraint("status IN ('new','preparing','sent','done','cancelled')", name=op.f('ck_orders_status')),
    sa.CheckConstraint('delivery_fee >= 0', name=op.f('ck_orders_delivery_fee_not_negative')),
    sa.ForeignKeyConstraint(['channel'], ['channels.code'], name=op.f('fk_orders_channel_channels')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_orders_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_orders_number'))
    )
    op.create_index('ix_orders_customer_id', 'orders', ['customer_id'], unique=False)
    op.create_index('ix_orders_status', 'orders', ['status'], unique=False)
    op.create_table('channel_prices',
    sa.Column('id', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('product_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.CheckConstraint('price IS NULL OR price >= 0', name=op.f('ck_channel_prices_price_not_negative')),
    sa.ForeignKeyConstraint(['channel'], ['channels.code'], name=op.f('fk_channel_prices_channel_channels')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_channel_prices_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_prices'))
    )
    op.create_index('ix_channel_prices_channel', 'channel_prices', ['channel'], unique=False)
    op.create_table('order_payments',
    sa.Column('id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('order_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('shift_id', pos.ledger.schema.base.UUIDBlob(), nullable=True),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
    sa.Column('user_id', pos.ledger.schema.base.UUIDBlob(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('entry_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.CheckConstraint("kind IN ('deposit','refund','credit')", name=op.f('ck_order_payments_kind')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_order_payments_amount_positive')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_order_payments_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_payments_order_id_orders')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_order_payments_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_payments'))
    )
    op.create_index('ix_order_payments_order_id', 'order_payments', ['order_id'], unique=False)
    op.create_index('ix_order_payments_shift_id', 'order_payments', ['shift_id'], unique=False)
    # Plain ALTER TABLE ... ADD COLUMN (no batch rebuild): the tables keep their rows, indexes and triggers.
    op.add_column('customers', sa.Column('opt_out', sa.Boolean(), server_default=sa.text('0'), nullable=False))
    op.add_column('sales', sa.Column('channel', sa.String(length=20), server_default='counter', nullable=False))
    op.add_column('sales', sa.Column('delivery_fee', sa.BigInteger(), server_default=sa.text('0'), nullable=False))
    op.add_column('sales', sa.Column('commission', sa.BigInteger(), server_default=sa.text('0'), nullable=False))

    _rebuild_sale_payments(NEW_METHODS)
    for table in IMMUTABLE_TABLES[:2]:
        _immutable(table)

    accounts = sa.table(
        "accounts",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("name_en", sa.String),
        sa.column("kind", sa.String),
        sa.column("normal", sa.String),
        sa.column("section", sa.String),
    )
    op.bulk_insert(
        accounts,
        [{"code": c, "name": n, "name_en": e, "kind": k, "normal": d, "section": s} for c, n, e, k, d, s in ACCOUNTS],
    )
    channels = sa.table(
        "channels",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("commission_bp", sa.Integer),
        sa.column("markup_bp", sa.Integer),
        sa.column("price_round", sa.BigInteger),
        sa.column("position", sa.Integer),
        sa.column("is_active", sa.Boolean),
        sa.column("hlc", sa.String),
    )
    op.bulk_insert(
        channels,
        [
            {
                "code": code,
                "name": name,
                "kind": kind,
                "commission_bp": 0,
                "markup_bp": 0,
                "price_round": 100,
                "position": position,
                "is_active": True,
                "hlc": "",
            }
            for code, name, kind, position in CHANNELS
        ],
    )


def downgrade() -> None:
    for code, *_ in ACCOUNTS:
        op.execute(sa.text("DELETE FROM accounts WHERE code = :code").bindparams(code=code))
    for table in IMMUTABLE_TABLES[:2]:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{action}")
    _rebuild_sale_payments(OLD_METHODS)
    # SQLite's own DROP COLUMN, not a batch rebuild, so the sales table keeps its triggers.
    for column in ('commission', 'delivery_fee', 'channel'):
        op.drop_column('sales', column)
    op.drop_column('customers', 'opt_out')
    op.drop_index('ix_order_payments_shift_id', table_name='order_payments')
    op.drop_index('ix_order_payments_order_id', table_name='order_payments')
    op.drop_table('order_payments')
    op.drop_index('ix_channel_prices_channel', table_name='channel_prices')
    op.drop_table('channel_prices')
    op.drop_index('ix_orders_status', table_name='orders')
    op.drop_index('ix_orders_customer_id', table_name='orders')
    op.drop_table('orders')
    op.drop_index('ix_channel_settlements_channel', table_name='channel_settlements')
    op.drop_table('channel_settlements')
    op.drop_table('channels')
