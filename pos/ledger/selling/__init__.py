"""Selling: ringing up a sale, orders taken by WhatsApp or phone that become sales, returns and voids."""
