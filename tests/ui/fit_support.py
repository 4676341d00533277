"""Looking for what a shopkeeper would see as cut off, on the screens Laci meets in shops.

The screens are 1366x768 (most laptops), 1280x720 and 1024x768 (all-in-one counters), each at 100% and 125%
scaling. Scaling is imitated by its logical size: at 125% Qt lays a window out in pixels 1.25 times as large with
fonts of the same logical size, so a 1366x768 screen at 125% is a 1093x614 screen at 100%
(`test_fit_scaled_start.py` checks this against `QT_SCALE_FACTOR=1.25`). A Windows taskbar and the window's
title bar take their share of the height.

`problems(widget)` lists every visible label, button, check box, drop-down, tab, column header and table cell
whose text needs more room than it has (the needed width from `QFontMetrics` or the widget's own size hint
against the width it was given), and every word-wrapped label cut at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)

from pos.ui.widgets.columns import wrapped_height

TASKBAR = 40  # the Windows taskbar, in logical pixels at any scaling
TITLE_BAR = 32  # a maximised window's title bar
SCREENS = ((1366, 768), (1280, 720), (1024, 768))
SCALINGS = (1.0, 1.25)
_MAX_ROWS = 60  # cells are checked in the rows a person sees first


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    scaling: float

    @property
    def logical(self) -> QSize:
        return QSize(int(self.width / self.scaling), int(self.height / self.scaling))

    @property
    def window_area(self) -> QSize:
        """What a maximised window gets: the screen less the taskbar and its own title bar."""
        size = self.logical
        return QSize(size.width(), size.height() - TASKBAR - TITLE_BAR)

    def __str__(self) -> str:
        return f"{self.width}x{self.height}@{round(self.scaling * 100)}%"


ALL_SCREENS = tuple(Screen(w, h, s) for (w, h) in SCREENS for s in SCALINGS)


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\n")]


def _button_problem(button: QAbstractButton) -> str | None:
    metrics = button.fontMetrics()
    text_width = max((metrics.horizontalAdvance(line) for line in _lines(button.text())), default=0)
    if not text_width:
        return None
    icon = 0 if button.icon().isNull() else button.iconSize().width() + 4
    if isinstance(button, (QCheckBox, QRadioButton)):
        needed = button.sizeHint().width()
    else:
        hint = button.sizeHint().width()
        # Qt's plain push button asks for 80 px whatever its text; the text's own need is what counts.
        frame = hint - text_width - icon if hint - text_width - icon < 48 else 12
        needed = text_width + icon + frame
    if button.width() < needed:
        return f"{type(button).__name__} {button.text()!r} needs {needed} px, has {button.width()}"
    lines = len(_lines(button.text()))
    if button.height() < metrics.lineSpacing() * lines:
        return f"{type(button).__name__} {button.text()!r} is cut at the bottom ({button.height()} px high)"
    return None


def _label_problem(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.wordWrap():
        needed_height = label.heightForWidth(label.width())
        if needed_height > label.height() + 1:
            return f"QLabel {label.text()[:40]!r} is cut at the bottom: needs {needed_height} px, has {label.height()}"
        return None
    needed = label.sizeHint()
    if label.width() < needed.width():
        return f"{type(label).__name__} {label.text()[:60]!r} needs {needed.width()} px, has {label.width()}"
    if label.height() < label.fontMetrics().height() * len(_lines(label.text())) - 2:
        return f"QLabel {label.text()[:40]!r} is cut at the bottom ({label.height()} px high)"
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text:
        return None
    needed = combo.fontMetrics().horizontalAdvance(text) + 40  # the frame and the arrow
    if combo.width() < needed:
        return f"QComboBox {text!r} needs {needed} px, has {combo.width()}"
    return None


def _line_edit_problem(field: QLineEdit) -> str | None:
    hint = field.placeholderText()
    if field.text() or not hint:
        return None
    needed = field.fontMetrics().horizontalAdvance(hint) + 12 + (20 if field.isClearButtonEnabled() else 0)
    if field.width() < needed:
        return f"QLineEdit placeholder {hint!r} needs {needed} px, has {field.width()}"
    return None


def _tab_problems(bar: QTabBar) -> list[str]:
    found = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        rect = bar.tabRect(index)
        needed = bar.tabSizeHint(index)
        along = (rect.width(), needed.width()) if bar.shape() in _HORIZONTAL_TABS else (rect.height(), needed.height())
        if along[0] < along[1] or rect.right() > bar.width() or rect.bottom() > bar.height():
            found.append(f"tab {bar.tabText(index)!r} is cut (has {along[0]} px, needs {along[1]})")
    return found


_HORIZONTAL_TABS = (
    QTabBar.Shape.RoundedNorth,
    QTabBar.Shape.RoundedSouth,
    QTabBar.Shape.TriangularNorth,
    QTabBar.Shape.TriangularSouth,
)


def _header_problems(header: QHeaderView) -> list[str]:
    found = []
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return found
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = model.headerData(section, Qt.Orientation.Horizontal)
        if not text:
            continue
        needed = header.sectionSizeFromContents(section).width()
        if header.sectionSize(section) < needed:
            found.append(f"column header {text!r} needs {needed} px, has {header.sectionSize(section)}")
    return found


def _wrapped(option: QStyleOptionViewItem, width: int) -> QStyleOptionViewItem:
    wrapped = QStyleOptionViewItem(option)
    wrapped.rect = QRect(0, 0, width, 100_000)
    wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    return wrapped


def _text_height(view: QAbstractItemView, row: int, column: int) -> int:
    # The room the text really has, a style sheet's cell padding taken off (Qt's own size hint leaves it in).
    return wrapped_height(view, row, column) if isinstance(view, QTableView) else 0


def _cell_problems(view: QAbstractItemView) -> list[str]:
    """Cells cut short, in the views that promise whole cells (`wholeCells`: figures, account names, a sale's
    items). Long lists of products may shorten a name in a narrow column; the name is then in its tooltip."""
    model = view.model()
    if model is None or not isinstance(view, (QTableView, QTreeView)) or not view.property("wholeCells"):
        return []
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    found = []
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.textElideMode = view.textElideMode()
    for row in range(min(model.rowCount(), _MAX_ROWS)):
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            index = model.index(row, column, QModelIndex())
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text in (None, "") or view.indexWidget(index) is not None:
                continue
            if isinstance(view, QTableView) and view.columnSpan(row, column) > 1:
                continue
            width = header.sectionSize(column)
            font = index.data(Qt.ItemDataRole.FontRole) or view.font()
            metrics = QFontMetrics(font)
            one_line = delegate.sizeHint(option, index).width()
            padding = max(one_line - metrics.horizontalAdvance(str(text)), 0)
            if not view.wordWrap():
                if width < one_line:
                    found.append(f"cell {str(text)[:50]!r} needs {one_line} px, has {width}")
                continue
            # Wrapped: every word must fit the column, and the lines the row's height (as Qt wraps them).
            room = width - padding
            if any(metrics.horizontalAdvance(word) > room for word in str(text).split()):
                found.append(f"cell {str(text)[:50]!r} has a word wider than its column ({width} px)")
                continue
            needed = max(delegate.sizeHint(_wrapped(option, width), index).height(), _text_height(view, row, column))
            height = view.rowHeight(row) if isinstance(view, QTableView) else view.visualRect(index).height()
            if height < needed:
                found.append(f"cell {str(text)[:50]!r} needs {needed} px of height, has {height}")
    return found


def problems(root: QWidget) -> list[str]:
    """What a person would find cut off in `root` as it is laid out now (see the module's docstring)."""
    QApplication.processEvents()
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        problem: str | None = None
        if isinstance(widget, (QPushButton, QToolButton, QCheckBox, QRadioButton)):
            if isinstance(widget, QToolButton) and widget.parent() is not None and isinstance(widget.parent(), QTabBar):
                continue  # the tab bar's own scroll arrows
            problem = _button_problem(widget)
        elif isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = _combo_problem(widget)
        elif isinstance(widget, QLineEdit):
            problem = _line_edit_problem(widget)
        elif isinstance(widget, QTabBar):
            found += [f"{_where(widget, root)}: {p}" for p in _tab_problems(widget)]
        elif isinstance(widget, QHeaderView):
            found += [f"{_where(widget, root)}: {p}" for p in _header_problems(widget)]
        elif isinstance(widget, QAbstractItemView):
            found += [f"{_where(widget, root)}: {p}" for p in _cell_problems(widget)]
        elif isinstance(widget, QScrollArea) and widget.widget() is not None and widget.widgetResizable():
            inner = widget.widget()
            if inner.width() > widget.viewport().width() + 1:
                problem = f"its content is cut at the side ({inner.width()} px in {widget.viewport().width()})"
        elif isinstance(widget, QGroupBox) and widget.title():
            needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 32
            if widget.width() < needed:
                problem = f"QGroupBox {widget.title()!r} needs {needed} px, has {widget.width()}"
        if problem is not None:
            found.append(f"{_where(widget, root)}: {problem}")
    return found


def _where(widget: QWidget, root: QWidget) -> str:
    """The nearest named widget around `widget` (its own name first), and the screen class it is on."""
    named, screen = "", ""
    current: QWidget | None = widget
    while current is not None and current is not root:
        name = current.objectName()
        if not named and name and not name.startswith("qt_"):
            named = name
        if not screen and type(current).__module__.startswith("pos.ui"):
            screen = type(current).__name__
        current = current.parentWidget()
    return "/".join(x for x in (screen, named) if x) or type(root).__name__


def _least(widget: QWidget) -> QSize:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if widget.layout() is not None:
        need = need.expandedTo(widget.layout().minimumSize())
    return need


def _culprits(widget: QWidget, area: QSize, depth: int = 0) -> list[str]:
    """The widgets inside `widget` that alone need more than `area`, outermost first (where to look)."""
    found = []
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isVisibleTo(widget) or child.isWindow():
            continue
        need = _least(child)
        if need.width() > area.width() or need.height() > area.height():
            name = child.objectName() or type(child).__name__
            found.append(f"{'  ' * depth}{name} {need.width()}x{need.height()}")
            found += _culprits(child, area, depth + 1)
    return found[:12]


def too_big(widget: QWidget, area: QSize) -> str | None:
    """Why `widget` cannot be made as small as `area`, or None when it can."""
    need = _least(widget)
    if need.width() > area.width() or need.height() > area.height():
        inside = "; ".join(line.strip() for line in _culprits(widget, area))
        return (
            f"{type(widget).__name__} needs at least {need.width()}x{need.height()}, the screen gives "
            f"{area.width()}x{area.height()}" + (f" (inside: {inside})" if inside else "")
        )
    return None
