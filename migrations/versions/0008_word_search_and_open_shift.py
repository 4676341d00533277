"""Word search: an index of the words of product names, for what is typed in one or two letters; and the open
shift found in one step.

The trigram index (0003) needs three letters, so "mi", "la" or "5 kg" were looked for with LIKE over every name:
30 to 60 ms at 100.000 products, the slowest searches there were. products_fts_words holds each name's words
(ASCII punctuation kept inside a word, so "2,5", "1/2" and "10s" stay whole) with prefix indexes of one and two
letters, and answers "a word starting with ..." in about a millisecond whatever the catalogue's size. The
products triggers keep it with the trigram index, in the same statement order as before.

Every sale asks for the counter's open shift. The index on shifts (device_id) left SQLite reading all of the
counter's shifts and sorting them by opening time, one more row a day; (device_id, opened_at) reads the newest
first, so the open shift is the first row looked at.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 06:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# unicode61 folds case and accents; every ASCII punctuation mark but the double quote is part of a word.
TOKENIZE = "unicode61 remove_diacritics 2 tokenchars '!#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"


def upgrade() -> None:
    op.drop_index('ix_shifts_device_id', table_name='shifts')
    op.create_index('ix_shifts_device_id_opened_at', 'shifts', ['device_id', 'opened_at'])
    op.execute(f"CREATE VIRTUAL TABLE products_fts_words USING fts5(name, tokenize = \"{TOKENIZE}\", prefix = '1 2')")
    op.execute("INSERT INTO products_fts_words (rowid, name) SELECT search_rowid, name FROM products")
    op.execute("DROP TRIGGER trg_products_fts_insert")
    op.execute("DROP TRIGGER trg_products_fts_update")
    op.execute(
        "CREATE TRIGGER trg_products_fts_insert AFTER INSERT ON products BEGIN "
        "UPDATE products SET search_rowid = (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM products) "
        "WHERE id = NEW.id; "
        "INSERT INTO products_fts (rowid, name, sku) VALUES "
        "((SELECT search_rowid FROM products WHERE id = NEW.id), NEW.name, COALESCE(NEW.sku, '')); "
        "INSERT INTO products_fts_words (rowid, name) VALUES "
        "((SELECT search_rowid FROM products WHERE id = NEW.id), NEW.name); END"
    )
    op.execute(
        "CREATE TRIGGER trg_products_fts_update AFTER UPDATE OF name, sku ON products BEGIN "
        "DELETE FROM products_fts WHERE rowid = NEW.search_rowid; "
        "INSERT INTO products_fts (rowid, name, sku) VALUES (NEW.search_rowid, NEW.name, COALESCE(NEW.sku, '')); "
        "DELETE FROM products_fts_words WHERE rowid = NEW.search_rowid; "
        "INSERT INTO products_fts_words (rowid, name) VALUES (NEW.search_rowid, NEW.name); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER trg_products_fts_insert")
    op.execute("DROP TRIGGER trg_products_fts_update")
    op.execute(
        "CREATE TRIGGER trg_products_fts_insert AFTER INSERT ON products BEGIN "
        "UPDATE products SET search_rowid = (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM products) "
        "WHERE id = NEW.id; "
        "INSERT INTO products_fts (rowid, name, sku) VALUES "
        "((SELECT search_rowid FROM products WHERE id = NEW.id), NEW.name, COALESCE(NEW.sku, '')); END"
    )
    op.execute(
        "CREATE TRIGGER trg_products_fts_update AFTER UPDATE OF name, sku ON products BEGIN "
        "DELETE FROM products_fts WHERE rowid = NEW.search_rowid; "
        "INSERT INTO products_fts (rowid, name, sku) VALUES (NEW.search_rowid, NEW.name, COALESCE(NEW.sku, '')); END"
    )
    op.execute("DROP TABLE products_fts_words")
    op.drop_index('ix_shifts_device_id_opened_at', table_name='shifts')
    op.create_index('ix_shifts_device_id', 'shifts', ['device_id'])
