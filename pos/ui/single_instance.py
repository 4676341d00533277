"""A second start of Laci on the same data folder brings the first window forward instead of opening another.

The data folder's lock (`pos.ledger.base.data_lock`) says whether another Laci has the folder; Qt's local socket (a
named pipe on Windows, a socket file on Linux and macOS) is how the second start asks the first to show itself.
The socket's name comes from the user and the folder, so two shops on one computer each have their own.
"""

from __future__ import annotations

import ctypes
import getpass
import hashlib
import logging
import os
from pathlib import Path
from typing import Final

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SHOW: Final = b"show\n"
SHOWN: Final = b"shown\n"
ASFW_ANY: Final = -1
WAIT_MS: Final = 3000


def server_name(folder: Path) -> str:
    """The local socket's name for `folder`, the same for every start of this user on this folder."""
    where = str(folder.resolve())
    if os.name == "nt":
        where = where.lower()  # one folder, however its name is capitalised
    digest = hashlib.sha256(f"{getpass.getuser()}\0{where}".encode()).hexdigest()[:24]
    return f"laci-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same folder; `show_requested` fires on the GUI thread for each one."""

    show_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # Whoever holds the folder's lock is the only Laci on it, so a socket file left by a crash is stale.
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning("A second start cannot reach this window: %s", self.server.errorString())
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == SHOW:
            log.info("Another start of Laci asked for this window: it is brought forward")
            self.show_requested.emit()
            socket.write(SHOWN)
            socket.flush()
        socket.disconnectFromServer()

    def close(self) -> None:
        self.server.close()


def ask_first_instance(folder: Path, wait_ms: int = WAIT_MS) -> bool:
    """Ask the Laci that has `folder` open to bring its window forward; True once it says it did."""
    _let_it_come_forward()
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(wait_ms):
        return False
    socket.write(SHOW)
    socket.flush()
    answered = socket.waitForReadyRead(wait_ms) and bytes(socket.readLine().data()) == SHOWN
    socket.disconnectFromServer()
    return answered


def _let_it_come_forward() -> None:
    # Windows lets only the program the person just started take the foreground; this start hands that right on.
    windll = getattr(ctypes, "windll", None)
    if windll is not None:
        windll.user32.AllowSetForegroundWindow(ASFW_ANY)


def bring_forward(window: QWidget) -> None:
    """Show `window` on top, un-minimised (a maximised window stays maximised)."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
