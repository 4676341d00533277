"""Products and stock: product records and the owner's product list, barcodes, search, pictures, stock on hand and
its cost, and buying from suppliers."""
