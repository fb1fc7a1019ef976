"""Ctrl-C noted as well as raised, for the batch to raise again where Python lost it.

A KeyboardInterrupt that comes while Python runs a weakref callback (an import lock's, as a
module is imported; Dask's futures have some) is printed as "Exception ignored" and lost: the
batch ran on to its end and the command exited 0 after Ctrl-C. Within `ctrl_c_kept` the signal is
also noted, the lost one is not printed, and the batch checks the note as each document comes.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_active: list[threading.Event] = []  # the note of the context the main thread is in, if any


@contextmanager
def ctrl_c_kept() -> Iterator[threading.Event]:
    """Within it, Ctrl-C sets the event it yields as well as raising. Only the main thread takes
    signals, and only where Ctrl-C raises (a command started in the background ignores it): else
    the event is never set. Within another, the outer one's event (one note for the batch and its
    cluster's results)."""
    if threading.current_thread() is not threading.main_thread():
        yield threading.Event()
        return
    if _active:
        yield _active[0]
        return
    previous = signal.getsignal(signal.SIGINT)
    noted = threading.Event()
    if previous in (signal.SIG_IGN, signal.SIG_DFL, None):  # ignored, or not Python's to handle
        yield noted
        return

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        noted.set()
        raise KeyboardInterrupt

    def unraisable(lost: Any) -> None:  # sys.UnraisableHookArgs
        if not (noted.is_set() and isinstance(lost.exc_value, KeyboardInterrupt)):
            hook(lost)

    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    _active.append(noted)
    try:
        signal.signal(signal.SIGINT, interrupt)
        yield noted
    finally:
        _active.clear()
        try:
            signal.signal(signal.SIGINT, previous)
        finally:
            if sys.unraisablehook is unraisable:
                sys.unraisablehook = hook
