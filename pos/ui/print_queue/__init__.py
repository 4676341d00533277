"""The print queue in the window: a button in the status bar that says how the printer is doing, the dialog
behind it (what waits, why, retry now, another printer, cancel with a reason), and the worker that prints."""

from __future__ import annotations

from pos.ui.print_queue.dialog import PrintQueueDialog
from pos.ui.print_queue.status import PrintQueueStatus

__all__ = ["PrintQueueDialog", "PrintQueueStatus"]
