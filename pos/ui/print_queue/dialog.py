"""The print queue: each slip that waits (or went out unconfirmed), where it stands and why, in the shop's words;
retry now, print one on another printer, or cancel one with a reason (both audited with who did it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.print_queue import QueueEntry, cancel, retry_now
from pos.printing import queue_view
from pos.printing.spooler import windows_printers
from pos.ui.changes import Change
from pos.ui.print_queue.work import QueueView, redirect
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

_View = tuple[QueueEntry, str]  # an entry and the shop's time zone


class ReasonDialog(FormDialog):
    """Why a slip is taken out of the queue (required: it goes into the audit log)."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Cancel a slip"), _("Cancel the slip"), parent)
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("for example: printed by hand, customer left"))
        self.reason.setMinimumWidth(440)
        self.form.addRow(_("Slip"), label(what))
        self.form.addRow(_("Reason"), self.reason)


class AddressDialog(FormDialog):
    """Another printer for one slip: a Windows printer from the list, or any printer address typed in."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Print on another printer"), _("Print there"), parent)
        self.address = QComboBox()
        self.address.setObjectName("otherPrinter")
        self.address.setEditable(True)
        self.address.setMinimumWidth(440)
        self.address.addItems([f"win32:{name}" for name in windows_printers()])
        self.address.setCurrentText("")
        line = self.address.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("for example {example}").format(example="tcp://192.168.1.51:9100"))
        self.form.addRow(_("Slip"), label(what))
        self.form.addRow(_("Printer"), self.address)


class PrintQueueDialog(QDialog):
    """Open with `open()`; `show_view` fills it from a read of the queue; `changed` after an action succeeded."""

    changed = Signal()

    COLUMNS: tuple[Column[_View], ...] = (
        Column(N_("Queued"), lambda v: queue_view.queued_at(v[0], v[1])),
        Column(N_("Slip"), lambda v: queue_view.describe(v[0])),
        Column(
            N_("State"),
            lambda v: queue_view.state(v[0], timezone=v[1]),
            colour=lambda v: "#a32020" if v[0].job.last_error and v[0].job.status != "sent" else None,
        ),
    )

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.setWindowTitle(_("Print queue"))
        self.setObjectName("printQueue")
        self.resize(980, 520)
        self.summary = label(_("Reading the print queue…"), factor=1.3, bold=True)
        self.summary.setObjectName("printQueueSummary")
        self.problem = label(style=ERROR_TEXT)
        self.problem.setObjectName("printQueueProblem")
        self.problem.setWordWrap(True)
        self.model = RecordModel[_View](self.COLUMNS, self)
        self.table = record_view(self.model, stretch=2)
        self.table.setObjectName("printQueueTable")
        self.table.setWordWrap(True)
        self.said = label(style=MUTED_TEXT)
        self.said.setObjectName("printQueueSaid")
        self.said.setWordWrap(True)
        self.retry_button = BigButton(_("Retry now"), on_click=self.retry_now)
        self.retry_button.setObjectName("retryNow")
        self.other_button = BigButton(_("Print on another printer…"), on_click=self.ask_printer)
        self.other_button.setObjectName("otherPrinterButton")
        self.cancel_button = BigButton(_("Cancel slip…"), kind="danger", on_click=self.ask_reason)
        self.cancel_button.setObjectName("cancelSlip")
        self.close_button = BigButton(_("Close"), "Esc", on_click=self.reject)
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.other_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        body = QVBoxLayout(self)
        body.setContentsMargins(20, 16, 20, 16)
        body.setSpacing(10)
        body.addWidget(self.summary)
        body.addWidget(self.problem)
        body.addWidget(self.table, 1)
        body.addWidget(self.said)
        body.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self._selection_changed()

    def show_view(self, view: QueueView) -> None:
        chosen = self.selected()
        self.summary.setText(queue_view.summary(view.status))
        problem = view.status.last_error if view.status.pending or view.status.failed else ""
        self.problem.setText(_("Last problem: {reason}").format(reason=problem) if problem else "")
        self.model.set_rows([(entry, view.timezone) for entry in view.entries])
        if chosen is not None:
            for row, (entry, _tz) in enumerate(self.model.rows):
                if entry.job.id == chosen.job.id:
                    self.table.selectRow(row)
        self.table.resizeRowsToContents()
        self._selection_changed()

    def selected(self) -> QueueEntry | None:
        row = selected_row(self.table)
        return self.model.row(row)[0] if row >= 0 else None

    def _selection_changed(self, *_args: object) -> None:
        entry = self.selected()
        movable = entry is not None and not entry.busy and entry.job.kind != "drawer"
        self.other_button.setEnabled(movable and self.actor is not None)
        self.cancel_button.setEnabled(entry is not None and not entry.busy and self.actor is not None)
        self.retry_button.setEnabled(bool(self.model.rows))

    def _say(self, text: str, style: str = MUTED_TEXT) -> None:
        self.said.setText(text)
        self.said.setStyleSheet(style)

    def _run(self, work: Callable[[Session], object], done: str) -> None:
        def succeeded(_result: object) -> None:
            self._say(done, OK_TEXT)
            self.changed.emit()

        self.tasks.write(
            work, {Change.PRINTING}, succeeded, lambda error: self._say(failure_message(error), ERROR_TEXT)
        )

    def retry_now(self) -> None:
        entry = self.selected()
        job: uuid.UUID | None = None
        if entry is not None and entry.job.status in ("sent", "failed"):
            job = entry.job.id  # print this one again, as asked
        self._run(lambda session: retry_now(session, job), _("Trying the printer again now."))

    def ask_reason(self) -> None:
        entry, actor = self.selected(), self.actor
        if entry is None or actor is None:
            return
        dialog = ReasonDialog(queue_view.describe(entry), self)

        def submit() -> None:
            reason = dialog.reason.text()
            dialog.set_busy(True)

            def done(_result: object) -> None:
                dialog.accept()
                self._say(_("The slip was taken out of the queue."), OK_TEXT)
                self.changed.emit()

            def refused(error: BaseException) -> None:
                dialog.set_busy(False)
                dialog.say(failure_message(error), error=True)

            self.tasks.write(
                lambda session: cancel(session, actor, entry.job.id, reason), {Change.PRINTING}, done, refused
            )

        dialog.submitted.connect(submit)
        dialog.finished.connect(dialog.deleteLater)
        self.reason_dialog = dialog
        dialog.open()

    def ask_printer(self) -> None:
        entry, actor = self.selected(), self.actor
        if entry is None or actor is None:
            return
        dialog = AddressDialog(queue_view.describe(entry), self)

        def submit() -> None:
            address = dialog.address.currentText()
            dialog.set_busy(True)

            def done(_result: object) -> None:
                dialog.accept()
                self._say(_("The slip goes to {printer}.").format(printer=address.strip()), OK_TEXT)
                self.changed.emit()

            def refused(error: BaseException) -> None:
                dialog.set_busy(False)
                dialog.say(failure_message(error), error=True)

            self.tasks.write(
                lambda session: redirect(session, actor, entry.job.id, address), {Change.PRINTING}, done, refused
            )

        dialog.submitted.connect(submit)
        dialog.finished.connect(dialog.deleteLater)
        self.address_dialog = dialog
        dialog.open()
