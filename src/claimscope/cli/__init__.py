"""The command-line interface (Typer): one module per command group."""

from __future__ import annotations

import gc
import os
import signal
from types import FrameType


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
