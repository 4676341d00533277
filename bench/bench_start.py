"""Time from the README's run command to the login screen, on later runs (the install already done).

    bench/bench_start.py [--runs N] [--data-dir DIR]

Runs `./scripts/run --data-dir DIR` as a person would (the shell script, its install check, then the app), with
Qt's offscreen platform so no display is needed, and reads the app's log until it says the login screen is ready;
then ends the app. The first run warms the disk cache and is not counted. DIR defaults to a demo shop made here
once. Prints the median, the slowest run and how many Python processes each start made.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "The login screen is ready"
LIMIT_S = 60.0


def demo_shop(folder: Path) -> Path:
    """A demo shop to start on (made with the venv's `laci demo`, untimed)."""
    if not (folder / "laci.sqlite3").exists():
        laci = ROOT / ".venv" / "bin" / "laci"
        subprocess.run([str(laci), "--data-dir", str(folder), "demo", "--products", "300", "--days", "30"], check=True)
    return folder


def python_starts(trace: Path) -> int:
    """How many Python interpreters the start ran, from the `exec` lines strace wrote (when strace is there)."""
    lines = trace.read_text(errors="replace").splitlines() if trace.exists() else []
    venv = str(ROOT / ".venv" / "bin")
    return sum(1 for line in lines if "execve(" in line and "= 0" in line and (venv in line or "python" in line))


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def one_start(folder: Path, trace: Path | None = None) -> tuple[float, float]:
    """Seconds from the command to the login screen, and the CPU seconds the start used until it was ended."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [str(ROOT / "scripts" / "run"), "--data-dir", str(folder)]
    if trace is not None:
        command = ["strace", "-f", "-e", "trace=execve", "-o", str(trace), *command]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    ready = 0.0
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert child.stderr is not None
        for line in child.stderr:
            if READY in line:
                ready = time.perf_counter() - started
                break
            if time.perf_counter() - started > LIMIT_S:
                break
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=10)
    if not ready:
        raise RuntimeError("the app never said the login screen was ready")
    return ready, _children_cpu() - cpu_before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="laci-start-") as scratch:
        folder = demo_shop(args.data_dir or Path(scratch) / "shop")
        one_start(folder)  # warms the disk cache (and installs, on a checkout that never ran)
        measured = [one_start(folder) for _run in range(args.runs)]
        times = [wall for wall, _cpu in measured]
        cpu = [used for _wall, used in measured]
        starts = None
        if subprocess.run(["which", "strace"], capture_output=True).returncode == 0:
            trace = Path(scratch) / "exec.trace"
            one_start(folder, trace)
            starts = python_starts(trace)
    result = {
        "median_s": round(statistics.median(times), 2),
        "slowest_s": round(max(times), 2),
        # CPU time of the whole start (shell, install check, app): what a busy machine stretches, it does not.
        "median_cpu_s": round(statistics.median(cpu), 2),
        "load_average": round(os.getloadavg()[0], 1),
        "runs": len(times),
        "python_processes": starts,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
