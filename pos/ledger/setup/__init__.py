"""Setting the shop up: a new shop in one go (`new_shop`) and the settings form (`settings_form`), each checked
whole before anything is written. The settings themselves are `shop.settings`.

Imports every room up to selling.
"""

__all__ = ["new_shop", "settings_form"]
