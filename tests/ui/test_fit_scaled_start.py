"""The real start (`run_gui`) under Qt's own 125% scaling on a 1280x720 screen: the window opens maximised inside
the screen and, after the owner has visited every tab, still comes down to it.

This is the check behind the fit test's stand-in for scaling (a screen of 1280/1.25 x 720/1.25 logical pixels
at 100%): Qt is started with `QT_SCALE_FACTOR=1.25` on an offscreen screen of that physical size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pos.demo import data as demo_data
from pos.demo.shop import build_demo_shop
from pos.ledger.shop.opening import init_shop, open_database

CHILD = textwrap.dedent(
    """
    import argparse, json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from pos.ui.app import run_gui

    folder, owner, pin = sys.argv[1:4]
    seen = {}

    def shown(window):
        login = window.counter.login

        def log_in():
            if not login.users:
                QTimer.singleShot(10, log_in)
                return
            login.sign_in(owner, pin)
            QTimer.singleShot(300, visit)

        def visit():
            widest = [0, 0]
            for index in range(window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                for _ in range(20):
                    QApplication.processEvents()
                least = window.minimumSizeHint()
                widest = [max(widest[0], least.width()), max(widest[1], least.height())]
            window.tabs.setCurrentIndex(window.counter_tab)
            QApplication.processEvents()
            screen = window.screen()
            area = screen.availableGeometry()
            least = window.minimumSizeHint()
            seen.update(
                scale=screen.devicePixelRatio(),
                area=[area.width(), area.height()],
                window=[window.x(), window.y(), window.width(), window.height()],
                maximised=window.isMaximized(),
                least_after=[least.width(), least.height()],
                widest_tab=widest,
                tabs=sum(window.tabs.isTabVisible(i) for i in range(window.tabs.count())),
            )
            window.close()

        QTimer.singleShot(0, log_in)

    code = run_gui(argparse.Namespace(data_dir=folder, lang=None), on_shown=shown)
    print(json.dumps(seen))
    sys.exit(code)
    """
)


def test_at_125_percent_on_1280x720_the_window_fits_before_and_after_every_tab(tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    db = open_database(folder / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Toko Saya")
    build_demo_shop(db, products=30, days=3, seed=2)
    db.dispose()
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96}]})
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": "1.25"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), demo_data.OWNER_NAME, demo_data.OWNER_PIN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["scale"] == 1.25
    assert seen["area"] == [1024, 576]  # 1280x720 in logical pixels at 125%
    assert seen["maximised"]
    _x, _y, width, height = seen["window"]
    assert width <= 1024 and height <= 576
    assert seen["tabs"] == 12  # the owner's every tab was visited
    assert seen["widest_tab"][0] <= 1024 and seen["widest_tab"][1] <= 576
    assert seen["least_after"][0] <= 1024 and seen["least_after"][1] <= 576
