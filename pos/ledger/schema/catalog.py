"""Products and their barcodes, as the counter needs them."""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah

# A product's texts at most this long. SQLite stores longer text without a word, so the core checks them
# (pos.ledger.stock.product_records), and the forms and the spreadsheet read the same numbers from here.
PRODUCT_NAME_LENGTH: Final = 120
SKU_LENGTH: Final = 40
PLU_LENGTH: Final = 10
UNIT_LENGTH: Final = 16
BARCODE_LENGTH: Final = 48


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("cost >= 0", name="cost_not_negative"),
        Index("uq_products_sku", "sku", unique=True),
        Index("uq_products_plu", "plu", unique=True),
        Index("ix_products_category_id", "category_id"),
        # ix_products_name_nocase (name COLLATE NOCASE) is made by hand in migration 0005: Alembic reflects a
        # collated index on SQLite as a plain one and would forever want to rebuild it.
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(PRODUCT_NAME_LENGTH))
    sku: Mapped[str | None] = mapped_column(String(SKU_LENGTH))
    # Item code carried inside in-store (weighed or priced) EAN-13 barcodes with prefixes 20-29.
    plu: Mapped[str | None] = mapped_column(String(PLU_LENGTH))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("categories.id"))
    unit: Mapped[str] = mapped_column(String(UNIT_LENGTH), default="pcs")
    price: Mapped[int] = mapped_column(Rupiah)
    # Standard cost: used for HPP only while there is no stock on hand to average over.
    cost: Mapped[int] = mapped_column(Rupiah, default=0)
    ppn_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sold by weight or length: quantities with decimals are normal, not a typing slip.
    is_weighed: Mapped[bool] = mapped_column(Boolean, default=False)
    low_stock_milli: Mapped[int] = mapped_column(Milli, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")
    # The row's key in the products_fts search index, set by a trigger. Not the SQLite rowid, which VACUUM
    # may renumber in a table without an INTEGER PRIMARY KEY.
    search_rowid: Mapped[int | None] = mapped_column(Integer, unique=True)
    # Made when ordered (a cafe's drink): a sale takes its recipe's ingredients from stock, not the product.
    made_to_order: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Received with expiry dates: sold first-expiring first, warned about before it expires.
    tracks_expiry: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Titip jual: the goods stay the consignor's (a supplier), at no value in Persediaan. The consignor gets
    # `consign_price` a unit sold, or the sale less `consign_bp` commission.
    consignor_id: Mapped[uuid.UUID | None]
    consign_price: Mapped[int | None] = mapped_column(Rupiah)
    consign_bp: Mapped[int | None] = mapped_column(Integer)


class ProductBarcode(Base):
    """A barcode and the pack it stands for: a piece, a pack of 10, a carton of 40."""

    __tablename__ = "product_barcodes"
    __table_args__ = (
        CheckConstraint("pack_milli > 0", name="pack_positive"),
        CheckConstraint("pack_price IS NULL OR pack_price >= 0", name="pack_price_not_negative"),
        Index("ix_product_barcodes_product_id", "product_id"),
    )

    barcode: Mapped[str] = mapped_column(String(BARCODE_LENGTH), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    pack_milli: Mapped[int] = mapped_column(BigInteger, default=1000)
    # Price for the whole pack when it differs from pieces times the unit price; NULL means no special price.
    pack_price: Mapped[int | None] = mapped_column(Rupiah)
