"""What happens at the counter around a sale: the cart and its pricing, how it is paid (`payments`, QRIS codes),
held carts, shifts at the drawer, and the print queue slips wait in.

Imports the rooms up to stock.
"""

__all__ = ["cart", "held_carts", "payments", "pricing", "print_queue", "qris", "shifts"]
