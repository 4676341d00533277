"""What the slips say, read from the books: receipts, refunds, shift closes, order and delivery slips."""
