"""The row of the owner's screens above the window: the tabs of a `QTabWidget`, wrapped onto a second row when the
window is narrow, so that no screen's name is ever cut or scrolled out of sight."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QButtonGroup, QSizePolicy, QTabWidget, QToolButton, QWidget

from pos.ui.widgets.flow import FlowLayout
from pos.ui.widgets.pages import size_to_shown
from pos.ui.widgets.scroll import DownScroll

_STYLE = """
QToolButton { border: none; border-bottom: 3px solid transparent; padding: 5px 8px; color: #3b4150; }
QToolButton:hover { background: #e9ecf1; }
QToolButton:checked { border-bottom: 3px solid #1857b6; color: #1857b6; font-weight: bold; }
"""


class PageTabs(QTabWidget):
    """A tab widget whose own bar stays hidden (a `NavBar` stands in for it) and whose least size is that of the
    page shown: a wide screen visited once does not hold the window wide when the owner goes back to the counter.

    A screen added with `scroll=True` sits in a `DownScroll`; `widget`, `indexOf` and `currentWidget` still speak
    of the screen itself.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.tabBar().hide()
        self._scrolls: dict[QWidget, DownScroll] = {}

    def add_screen(self, screen: QWidget, icon: QIcon, title: str, *, scroll: bool = False) -> int:
        page: QWidget = screen
        if scroll:
            page = self._scrolls[screen] = DownScroll(screen)
        index = int(self.addTab(page, icon, title))
        if self.count() == 1:
            size_to_shown(self)
        elif index != self.currentIndex():
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        return index

    def page(self, index: int) -> QWidget | None:
        """The tab's own page (the scroll area around a scrolled screen); None past the last tab, as in Qt."""
        return QTabWidget.widget(self, index)

    def widget(self, index: int) -> QWidget | None:
        page = QTabWidget.widget(self, index)
        return page.widget() if isinstance(page, DownScroll) and page.widget() is not None else page

    def indexOf(self, widget: QWidget) -> int:
        return QTabWidget.indexOf(self, self._scrolls.get(widget, widget))

    def setCurrentWidget(self, widget: QWidget) -> None:
        QTabWidget.setCurrentWidget(self, self._scrolls.get(widget, widget))

    def currentWidget(self) -> QWidget:
        # Qt's own says QWidget though it is None with no tab; the window always has its tabs.
        return cast(QWidget, self.widget(self.currentIndex()))

    def minimumSizeHint(self) -> QSize:
        page = QTabWidget.currentWidget(self)
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)

    def sizeHint(self) -> QSize:
        page = QTabWidget.currentWidget(self)
        return page.sizeHint() if page is not None else QSize(0, 0)


class NavBar(QWidget):
    """One button a tab of `tabs`, in the tabs' order; the tab widget's own bar is hidden.

    The tab widget stays the one place that knows which screen is shown and which tabs are visible: call `sync()`
    after changing a tab's visibility or text.
    """

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navBar")
        self.tabs = tabs
        tabs.tabBar().hide()
        self.setStyleSheet(_STYLE)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        self.flow = FlowLayout(self, spacing=2)
        self.flow.setContentsMargins(8, 4, 8, 0)
        tabs.currentChanged.connect(self._current_changed)
        self.sync()

    def sync(self) -> None:
        """Make the buttons match the tabs: their text, icon and visibility."""
        while len(self.buttons) < self.tabs.count():
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            index = len(self.buttons)
            button.clicked.connect(lambda _checked=False, index=index: self.tabs.setCurrentIndex(index))
            self.group.addButton(button, index)
            self.flow.addWidget(button)
            self.buttons.append(button)
        for index, button in enumerate(self.buttons):
            button.setText(self.tabs.tabText(index))
            button.setIcon(self.tabs.tabIcon(index))
            button.setVisible(index < self.tabs.count() and self.tabs.isTabVisible(index))
        self._current_changed(self.tabs.currentIndex())
        self.updateGeometry()

    def _current_changed(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
