"""SIGTERM (`kill`, a service manager stopping `watch`, a container shutting down) ends a long
command as Ctrl-C does: what was analysed is saved, the closing line says what was stored, and the
exit status is the shell's for that signal (143; Ctrl-C's is 130)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Stop:
    """What stopped the command: Ctrl-C unless SIGTERM was caught."""

    def __init__(self) -> None:
        self.signal = signal.SIGINT

    @property
    def status(self) -> int:
        return 128 + self.signal

    @property
    def cause(self) -> str:
        return "Ctrl-C" if self.signal == signal.SIGINT else "SIGTERM"


@contextmanager
def terminated_as_interrupted(stop: Stop) -> Iterator[None]:
    """Within it, SIGTERM does what Ctrl-C does (raise KeyboardInterrupt, through whatever handler
    Ctrl-C has at that moment), and is noted in ``stop``. Only around the work that Ctrl-C stops
    cleanly: after it (a cluster closing), SIGTERM ends the process as it always does."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread takes signals
        yield
        return

    def terminated(signum: int, frame: FrameType | None) -> None:
        stop.signal = signal.Signals(signum)
        interrupt = signal.getsignal(signal.SIGINT)
        if callable(interrupt):  # what Ctrl-C does here (a cluster's batch notes it, in case it is lost)
            interrupt(signal.SIGINT, frame)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
