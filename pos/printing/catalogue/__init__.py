"""A catalogue to share: the chosen products as an A4 PDF and as pictures for WhatsApp status and Instagram.

Layout only: the products, prices and pictures come from `pos.ledger.channels.catalogue`. The package imports none
of its modules, so a module here that uses a neighbour never runs this file's imports half-way through its own.
Callers use `render` (render_catalogue) and `sheets` (the kinds of sheet and their sizes); the rest are its parts.
"""

__all__ = ["render", "sheets"]
