"""The first-run setup: the shop's profile, taxes, owner's PIN, printer and QRIS, or a demo warung to try."""
