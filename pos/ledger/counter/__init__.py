"""What happens at the counter around a sale: the cart and its pricing, payment and QRIS, held carts, shifts at the
drawer, and the print queue."""
