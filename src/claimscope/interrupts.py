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


@contextmanager
def ctrl_c_kept() -> Iterator[threading.Event]:
    """Within it, Ctrl-C sets the event it yields as well as raising (only the main thread takes
    signals: elsewhere the event is never set)."""
    noted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        noted.set()
        raise KeyboardInterrupt

    def unraisable(lost: Any) -> None:  # sys.UnraisableHookArgs
        if not (noted.is_set() and isinstance(lost.exc_value, KeyboardInterrupt)):
            hook(lost)

    previous, hook = signal.signal(signal.SIGINT, interrupt), sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook
