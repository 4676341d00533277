"""Stacks of pages that ask for the room of the page shown, not of the largest page they hold.

Qt sizes a stack to its largest page; on a small screen that would hold the window as large as a page nobody is
looking at. A page out of sight is given the `Ignored` size policy, which layouts read as "needs no room".
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QTabWidget


def size_to_shown(stack: QStackedWidget | QTabWidget) -> None:
    """Make `stack` (now and whenever its page changes) ask only for the room of its current page."""

    def follow(index: int) -> None:
        for n in range(stack.count()):
            # The page itself, also where a tab widget speaks of the screen inside it (see `PageTabs`).
            page = QTabWidget.widget(stack, n) if isinstance(stack, QTabWidget) else stack.widget(n)
            if page is None:  # never below count(); Qt's signature allows it
                continue
            wanted = QSizePolicy.Policy.Preferred if n == index else QSizePolicy.Policy.Ignored
            if page.sizePolicy().horizontalPolicy() != wanted or page.sizePolicy().verticalPolicy() != wanted:
                page.setSizePolicy(wanted, wanted)
                page.updateGeometry()
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    follow(stack.currentIndex())
