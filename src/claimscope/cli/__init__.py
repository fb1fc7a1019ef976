"""The command-line interface (Typer): one module per command group."""

from __future__ import annotations

import gc
import os
import signal
import sys
from types import FrameType

SPAWNED = "from multiprocessing.spawn import spawn_main"  # how multiprocessing starts a process of its own


def _deaf_if_spawned() -> None:
    """A process multiprocessing spawns from the command (a local Dask cluster's worker, or one its
    nanny starts again) imports the command's main module, and so this one, before anything else:
    it shares the command's terminal and process group, and leaves Ctrl-C and SIGTERM to the
    command, which stops it (`cluster.DeafToStops` says why). Ignored from here, a Ctrl-C while it
    imports Dask no longer prints its traceback."""
    if any(SPAWNED in arg for arg in sys.orig_argv):
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, signal.SIG_IGN)


_deaf_if_spawned()


def main() -> None:
    """The `claimscope` command. Its modules are imported with the cyclic collector off, then
    frozen: what they make lives as long as the process, and collecting it as the imports go, and
    again at exit, was a third of a read-only command's start-up (some 0.2 s of CPU of 0.6 s)."""
    gc.disable()
    # Ctrl-C before the command began: nothing is done yet, so it ends at once, without the
    # traceback of an import (or lost, raised inside a finalizer that an import ran)
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.default_int_handler:
        signal.signal(signal.SIGINT, _end_at_once)
    from claimscope.cli.app import app  # imported here, after gc.disable(): what it makes stays frozen

    signal.signal(signal.SIGINT, previous)
    gc.freeze()
    gc.enable()
    app()


def _end_at_once(_signum: int, _frame: FrameType | None) -> None:
    os._exit(130)
