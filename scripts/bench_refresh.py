"""The full refresh (every verdict, flag and dispatch group recomputed) timed on copies of stores.

Why: a full refresh follows `kb import`, a change of rules or a batch of a tenth of the store, and
it is the one cost that still grows with the store (README, "At scale"). Each run copies the
SQLite store into a scratch folder (written out before it is timed), runs the real command
`claimscope db refresh --full` on the copy in a fresh process, and prints its wall time, CPU time
and peak resident memory (the process's own, from wait4). The store itself is left as it was.

    PYTHONPATH=src .venv/bin/python scripts/bench_refresh.py --db build/bench-10k.db [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def refresh_once(store: Path, scratch: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one full refresh of a copy of ``store``."""
    copy = scratch / "copy.db"
    shutil.copyfile(store, copy)
    with copy.open("rb+") as copied:  # its first commit's fsync would otherwise write the copy
        os.fsync(copied.fileno())
    command = [sys.executable, "-m", "claimscope.cli", "db", "refresh", "--full", "--db", f"sqlite:///{copy}"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the refresh of a copy of {store} failed (exit {os.waitstatus_to_exitcode(status)})")
    for path in scratch.glob("copy.db*"):
        path.unlink()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, action="append", required=True, help="a SQLite store file (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="runs per store (each on a fresh copy)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.db[0].parent) as scratch:
        for store in args.db:
            for run in range(1, args.runs + 1):
                wall, cpu, peak = refresh_once(store, Path(scratch))
                print(f"{store.name} run {run}: full refresh {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
