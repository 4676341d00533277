"""Running a core operation that may need the owner: on `NeedsApproval`, ask the owner's PIN in place and retry.

The operation is written once as `op(session, approvals)`, run as one write with the kinds of data it changes;
the first run passes no approvals. When the core refuses
with `NeedsApproval`, a PIN dialog shows the core's reason; the PIN goes to `users.approve` on the worker, and a
correct one runs the very same operation again with that approval added. A wrong PIN leaves the dialog open
with the core's message (which counts towards the lockout); Cancel gives up and reports the refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.books.approvals import Approval, NeedsApproval
from pos.ledger.people.users import approve
from pos.ui.changes import Change
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.pin_pad import PinDialog

T = TypeVar("T")
Operation = Callable[[Session, tuple[Approval, ...]], T]


class ApprovalFlow(QObject):
    """Runs operations on the database worker, asking for the owner's PIN when the core says so.

    `dialog` is the PIN dialog open now (None otherwise), so tests can type into it; `asked` announces it.
    """

    asked = Signal(object)

    def __init__(self, tasks: TaskManager, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.tasks = tasks
        self.parent_widget = parent_widget
        self.dialog: PinDialog | None = None

    def run(
        self,
        op: Operation[T],
        changes: Iterable[Change],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        *,
        reason: str = "",
        on_finished: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        approvals: tuple[Approval, ...] = (),
    ) -> None:
        """Run `op(session, approvals)` as a write that changes `changes`; `on_finished` runs after the PIN dialog
        closes (to give the focus back).

        `parent` is the window the PIN dialog opens over: pass the dialog that is open now, if any, since a
        window-modal dialog blocks input to any other window of the counter.
        """

        def failed(error: BaseException) -> None:
            if isinstance(error, NeedsApproval):
                self._ask(error, op, changes, on_success, on_failure, reason, on_finished, parent, approvals)
            else:
                on_failure(error)

        self.tasks.write(lambda session: op(session, approvals), changes, on_success, failed)

    def _ask(
        self,
        refusal: NeedsApproval,
        op: Operation[Any],
        changes: Iterable[Change],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        reason: str,
        on_finished: Callable[[], None] | None,
        parent: QWidget | None,
        approvals: tuple[Approval, ...],
    ) -> None:
        dialog = PinDialog(_("Owner's approval needed"), str(refusal), parent or self.parent_widget)
        self.dialog = dialog
        outcome: dict[str, bool] = {"approved": False}

        def approved(approval: Approval) -> None:
            outcome["approved"] = True
            dialog.accept()
            self.run(
                op,
                changes,
                on_success,
                on_failure,
                reason=reason,
                on_finished=on_finished,
                parent=parent,
                approvals=(*approvals, approval),
            )

        def refused(error: BaseException) -> None:
            dialog.show_error(failure_message(error))

        def counted(then: Callable[[T], None]) -> Callable[[T], None]:
            def after(result: T) -> None:
                self.tasks.announce({Change.SETTINGS})  # the users' list shows who is locked out
                then(result)

            return after

        def check(pin: str) -> None:
            # `approve` counts the try in a transaction of its own before it checks the PIN, so a crash in
            # between still counts it: it needs the whole database.
            self.tasks.run_db(
                lambda db: approve(db, pin, refusal.action, reason=reason), counted(approved), counted(refused)
            )

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            # Hand activation back to the window under the PIN dialog; not every window system does.
            (parent or self.parent_widget).window().activateWindow()
            if not outcome["approved"]:
                on_failure(refusal)
            if on_finished is not None:
                on_finished()

        dialog.pin_entered.connect(check)
        dialog.finished.connect(closed)
        dialog.open()
        self.asked.emit(dialog)
