"""Setting the shop up: the first-run setup of a new shop and the settings form, each checked whole first."""
