"""The owner's settings screen and the form pieces it shares with the first-run setup."""
