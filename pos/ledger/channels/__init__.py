"""Where a shop sells beyond the counter: sales channels and their prices, platform payouts, the shared catalogue."""
