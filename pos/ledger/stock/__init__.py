"""Products and stock: a product as the counter finds it by a scan (`product_records`), the owner's product list
(`products`) and form (`product_form`), barcodes and scale labels, search and its index, pictures, stock on hand
and its cost (`stock_levels`), and buying from suppliers (`purchases`, read back by `purchase_history`).

Imports base, schema, replication, shop and books.
"""

__all__ = [
    "barcodes",
    "pictures",
    "product_form",
    "product_records",
    "products",
    "purchase_history",
    "purchases",
    "search",
    "search_index",
    "stock_levels",
]
