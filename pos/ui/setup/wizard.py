"""The first-run setup: a few steps that end in one write (`set_up_shop`) on the database worker, or a demo warung.

Shown over the main window while the shop has no people yet (see `pos.ui.app`). `ready` is emitted once the shop
exists, with the new owner (`Actor`), or None for the demo warung.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from pos.demo.shop import DemoSummary, build_demo_shop
from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.setup.new_shop import ShopProfile, check_profile, set_up_shop
from pos.ledger.setup.settings_form import InvalidSetting, SettingsRefused
from pos.ledger.shop.settings import PpnMode
from pos.ui.setup.pages import (
    DemoStep,
    PinStep,
    PrinterStep,
    QrisStep,
    ReadyStep,
    ShopStep,
    Step,
    TaxStep,
    WelcomeStep,
)
from pos.ui.setup.summary import demo_text, summary_rows
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import ACCENT, ERROR_TEXT, MUTED, MUTED_TEXT, label

DEMO_PRODUCTS = 300
DEMO_DAYS = 30
_STEP_STYLE = "padding: 6px 10px; border-radius: 6px;"
_CURRENT_STEP = f"background: #dbe7fb; color: {ACCENT}; font-weight: bold; " + _STEP_STYLE
_OTHER_STEP = f"color: {MUTED}; " + _STEP_STYLE


class _Progress(QObject):
    """Carries the demo's progress from the worker to the GUI thread (a queued signal)."""

    moved = Signal(int, int)


def build_demo(db: Database, products: int, days: int, progress: _Progress) -> DemoSummary:
    """Runs on the worker: the demo warung, reporting each day built."""
    return build_demo_shop(db, products=products, days=days, progress=progress.moved.emit)


class SetupWizard(FittedDialog):
    """Welcome, shop, taxes, PIN, printer, QRIS, ready; or welcome, demo. Nothing is written before the end."""

    ready = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        parent: QWidget | None = None,
        *,
        demo_products: int = DEMO_PRODUCTS,
        demo_days: int = DEMO_DAYS,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.demo_size = (demo_products, demo_days)
        self.busy = False
        self.done_setup = False
        self.setWindowTitle(_("Set up Laci"))
        self.setModal(True)
        self.resize(1100, 720)

        self.welcome = WelcomeStep()
        self.shop = ShopStep()
        self.taxes = TaxStep()
        self.pin = PinStep()
        self.printer = PrinterStep(tasks, self.shop)
        self.qris = QrisStep()
        self.finish_step = ReadyStep()
        self.demo = DemoStep()
        self.own_path: list[Step] = [
            self.welcome,
            self.shop,
            self.taxes,
            self.pin,
            self.printer,
            self.qris,
            self.finish_step,
        ]
        self.demo_path: list[Step] = [self.welcome, self.demo]
        for choice in (self.welcome.own, self.welcome.demo):
            choice.clicked.connect(lambda _checked=False: self.go_to(self.welcome))  # the steps ahead change
        self.pages = QStackedWidget()
        for step in [*self.own_path, self.demo]:
            self.pages.addWidget(step)

        self.step_list = QVBoxLayout()
        self.step_list.setSpacing(4)
        self.step_labels: list[QLabel] = []
        self._listed: list[Step] | None = None
        side = QWidget()
        side.setObjectName("setupSteps")
        side.setFixedWidth(230)
        side.setStyleSheet("#setupSteps { background: #f4f5f7; border-right: 1px solid #dcdfe4; }")
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(16, 24, 16, 16)
        side_box.addWidget(label("Laci", factor=1.8, bold=True))
        side_box.addSpacing(16)
        side_box.addLayout(self.step_list)
        side_box.addStretch(1)

        self.status = label(style=MUTED_TEXT)
        self.status.setObjectName("setupStatus")
        self.status.setWordWrap(True)
        self.back_button = BigButton(_("Back"), on_click=self.back)
        self.back_button.setObjectName("setupBack")
        self.next_button = BigButton(_("Next"), "Enter", kind="primary", on_click=self.next)
        self.next_button.setObjectName("setupNext")
        self.back_button.setFixedWidth(160)
        self.next_button.setMaximumWidth(300)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.next_button)
        main = QVBoxLayout()
        main.setContentsMargins(40, 32, 40, 24)
        main.addWidget(self.pages, 1)
        main.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(side)
        outer.addLayout(main, 1)
        self.go_to(self.welcome)

    # --- where we are ---

    @property
    def path(self) -> list[Step]:
        return self.demo_path if self.welcome.wants_demo else self.own_path

    @property
    def current(self) -> Step:
        step = self.pages.currentWidget()
        assert isinstance(step, Step)
        return step

    def go_to(self, step: Step) -> None:
        self.pages.setCurrentWidget(step)
        path = self.path
        at = path.index(step)
        self._list_steps(path, at)
        self.back_button.setVisible(at > 0)
        self.next_button.setText(self._next_text(step))
        self.status.clear()
        if step is self.finish_step:
            self.finish_step.show_summary(summary_rows(self.profile()))
        focus = next(iter(step.form.fields.values()), None)
        if focus is not None:
            focus.setFocus()

    def _list_steps(self, path: list[Step], at: int) -> None:
        """The steps down the side, the current one marked; made again only when the way through changes."""
        if len(self.step_labels) != len(path) or self._listed is not path:
            for line in self.step_labels:
                self.step_list.removeWidget(line)
                line.setParent(None)
            self.step_labels = [label(f"{n + 1}   {item.short}") for n, item in enumerate(path)]
            for line in self.step_labels:
                self.step_list.addWidget(line)
            self._listed = path
        for n, line in enumerate(self.step_labels):
            line.setStyleSheet(_CURRENT_STEP if n == at else _OTHER_STEP)

    def _next_text(self, step: Step) -> str:
        key = self.next_button.key
        if step is self.finish_step:
            text = _("Start")
        elif step is self.demo:
            text = _("Start") if self.done_setup else _("Build the demo warung")
        else:
            text = _("Next")
        return f"{key}  {text}"

    # --- moving on ---

    def profile(self) -> ShopProfile:
        """Everything typed so far, as the core takes it (an unreadable printer address is left empty here and
        refused on the printer step)."""
        try:
            uri = self.printer.printer.uri()
        except InvalidSetting:
            uri = ""
        return ShopProfile(
            shop_name=self.shop.name.text(),
            owner_name=self.shop.owner.text(),
            owner_pin=self.pin.pin.text(),
            owner_pin_again=self.pin.pin_again.text(),
            address=self.shop.address.text(),
            city=self.shop.city.text(),
            phone=self.shop.phone.text(),
            nib=self.taxes.nib.text(),
            npwp=self.taxes.npwp.text(),
            ppn_mode=cast(PpnMode, self.taxes.mode()),
            printer_uri=uri,
            printer_columns=self.printer.printer.columns(),
            qris_payload=self.qris.text(),
        )

    def problems(self) -> dict[str, str]:
        """The core's refusals of what is typed so far, by field."""
        found: dict[str, str] = {}
        try:
            self.printer.printer.uri()
        except InvalidSetting as problem:
            found[problem.key] = str(problem)
        try:
            check_profile(self.profile())
        except SettingsRefused as refused:
            found.update(refused.by_key())
        return found

    def next(self) -> None:
        if self.busy:
            return
        step = self.current
        if step is self.finish_step:
            self.finish()
            return
        if step is self.demo:
            if self.done_setup:
                self.accept()
            else:
                self.build_demo()
            return
        if step.show_problems(self.problems()):
            self.status.setText(_("Please correct the marked fields."))
            self.status.setStyleSheet(ERROR_TEXT)
            return
        path = self.path
        self.go_to(path[path.index(step) + 1])

    def back(self) -> None:
        if self.busy:
            return
        path = self.path
        at = path.index(self.current)
        if at > 0:
            self.go_to(path[at - 1])

    # --- the end ---

    def finish(self) -> None:
        profile = self.profile()

        def work(db: Database) -> Actor:
            with db.write() as session:
                return set_up_shop(session, profile)

        self._set_busy(True, _("Setting up the shop…"))
        self.tasks.run_db(work, self._set_up, self._refused)

    def _set_up(self, owner: Actor) -> None:
        self._set_busy(False)
        self.done_setup = True
        self.ready.emit(owner)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, SettingsRefused):
            problems = error.by_key()
            # Back to the first step with a refused field, its message beside the field.
            for step in self.own_path:
                if set(step.keys) & problems.keys():
                    self.go_to(step)
                    step.show_problems(problems)
                    break
        self.status.setText(failure_message(error))
        self.status.setStyleSheet(ERROR_TEXT)

    def build_demo(self) -> None:
        products, days = self.demo_size
        relay = _Progress(self)  # dies with the wizard, on the GUI thread, not with the task on the worker
        relay.moved.connect(self._demo_moved)
        self.demo.progress.setRange(0, days + 1)
        self._set_busy(True, _("Building the demo warung…"))
        self.tasks.run_db(lambda db: build_demo(db, products, days, relay), self._demo_built, self._demo_failed)

    def _demo_moved(self, done: int, total: int) -> None:
        self.demo.progress.setRange(0, total)
        self.demo.progress.setValue(done)

    def _demo_built(self, summary: DemoSummary) -> None:
        self._set_busy(False)
        self.status.clear()
        self.done_setup = True
        self.demo.progress.setValue(self.demo.progress.maximum())
        self.demo.result.setText(demo_text(summary))
        self.back_button.hide()
        self.next_button.setText(self._next_text(self.demo))
        self.ready.emit(None)

    def _demo_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(failure_message(error))
        self.status.setStyleSheet(ERROR_TEXT)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        if busy:
            self.status.setText(text)
            self.status.setStyleSheet(MUTED_TEXT)

    # --- keys and closing ---

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.next()
            return
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # a stray Esc must not throw away the answers (and close the app behind)
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        # Once the shop exists (the demo built, say) closing the setup is no longer backing out of it.
        if self.done_setup:
            self.accept()
        elif not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()  # the shop is being written; it finishes in a moment
            return
        super().closeEvent(event)
