"""Products and stock: a product as the counter finds it by a scan (`product_records`), the owner's product list
(`products`) and form (`product_form`), barcodes and scale labels, the shop's own EAN-13 numbers
(`own_barcodes`), search and its index, pictures, stock on hand and its cost (`stock_levels`), and buying from
suppliers (`purchases`, read back by `purchase_history`).
Products that are more than one thing: variants, add-ons (`modifiers`), recipes and production, batches with
expiry dates, goods left on consignment (with their terms, `consignment_receiving`, and the consignor's statement,
`consignor_statement`), and taking goods out of stock for a sale or a production run (`stock_out`); the owner's
table of variants (`variant_form`).

Imports base, schema, replication, shop and books.
"""

__all__ = [
    "barcodes",
    "batches",
    "consignment",
    "consignment_receiving",
    "consignor_statement",
    "modifiers",
    "own_barcodes",
    "pictures",
    "product_form",
    "product_records",
    "production",
    "products",
    "purchase_history",
    "purchases",
    "recipes",
    "search",
    "search_index",
    "stock_levels",
    "stock_out",
    "variant_form",
    "variants",
]
