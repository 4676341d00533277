"""What happens at the counter around a sale: the cart and its pricing, what is asked before a line goes in the
cart (`picking`: a variant, add-ons) and the add-ons and note chosen on it (`line_choices`), how it is paid
(`payments`, QRIS codes), held carts, shifts at the drawer, the print queue slips wait in and the leases that let
one worker print each.

Imports the rooms up to stock.
"""

__all__ = [
    "cart",
    "held_carts",
    "line_choices",
    "payments",
    "picking",
    "pricing",
    "print_claims",
    "print_queue",
    "qris",
    "qris_image",
    "quantity_check",
    "quick_cash",
    "shifts",
]
