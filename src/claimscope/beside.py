"""A long batch's refreshes, run beside its stream where the database lets writers in side by side.

On PostgreSQL a refresh and the documents stored meanwhile do not wait for each other: each
transaction writes its own rows, and the refresh takes in the documents stored when it began (the
others wait for the next one). So a stream goes on analysing and storing while its verdicts and
flags are brought up to date: at 100,000 documents a refresh takes a minute or more, in which one
process analyses some 600 documents. SQLite lets one writer in at a time, and a refresh holds it
from its first write to its end: there a stream waits for its refresh (`batch`).

A refresh beside the stream runs in a process of its own (`apart`), at a lower priority: in a
thread of the stream's process it held the interpreter's lock for most of a minute, and the
stream's storing waited for it at each query; on a machine with no core to spare, the analysis
and storing go first and the refresh takes the time they leave. Its memory (the claims of the
propositions it recomputes, gigabytes at 100,000 documents) goes back when it ends.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

NICENESS = 10  # how much lower the refresh's priority is than the stream's (os.nice)
# the child ignores Ctrl-C, which is for the command (it has a process group of its own, so a
# terminal's Ctrl-C reaches the command only); it ends when the command's end of its stdin closes
CHILD = (
    "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from claimscope.beside import child; child()"
)


class ApartFailed(RuntimeError):
    """The process of its own ended without an answer, or with an error that could not be sent."""


class Beside:
    """One refresh at a time, in a thread of its own; what it raises is raised in the stream's
    thread, at its next check (so a refresh that fails stops the batch as one in line would)."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def underway(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, refresh: Callable[[], object]) -> None:
        self.wait()
        # a daemon: a stream stopped (Ctrl-C, a lost server) leaves without it, its transaction
        # rolled back, and the next refresh takes its documents in
        self.thread = threading.Thread(target=self._run, args=(refresh,), name="claimscope refresh", daemon=True)
        self.thread.start()

    def _run(self, refresh: Callable[[], object]) -> None:
        try:
            refresh()
        except BaseException as exc:  # handed to the stream's thread, raised there
            self.error = exc

    def check(self) -> None:
        """Raise what the last refresh raised, once it has ended."""
        if not self.underway:
            self.wait()

    def wait(self) -> None:
        """Until the refresh underway has ended; what it raised is raised here."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        error, self.error = self.error, None
        if error is not None:
            raise error


def apart(function: Callable[..., object], *args: object) -> None:
    """``function(*args)`` in a fresh interpreter at a lower priority (`NICENESS`), this thread
    waiting for it; what it raised is raised here. ``function`` is named by its module (pickled by
    reference), ``args`` are pickled. The process ends when this one goes, however it goes (its
    stdin closes): its transaction is rolled back, and the next refresh does its work."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(sys.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        process_group=0,
    )
    assert process.stdin is not None and process.stdout is not None
    with process.stdin, process.stdout:
        call = pickle.dumps((function, args))
        try:
            process.stdin.write(len(call).to_bytes(8, "big") + call)
            process.stdin.flush()
        except BrokenPipeError:  # it ended at once; said below
            pass
        answer = process.stdout.read()  # until it ends; its stdin stays open till then
        code = process.wait()
    if not answer:
        raise ApartFailed(
            f"the process of its own ended without an answer (exit code {code}): killed, or out of memory"
        )
    outcome = pickle.loads(answer)  # from the child this function started
    if outcome is not None:
        raise outcome


def child() -> None:
    """The other side of `apart`: the call read from stdin, its outcome (None, or what it raised)
    written to stdout, whose descriptor is kept apart from anything the call prints."""
    os.nice(NICENESS)
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what the call prints goes to stderr, as the command's own messages
    source = sys.stdin.buffer
    size = int.from_bytes(source.read(8), "big")
    function, args = pickle.loads(source.read(size))  # from the process that started this one
    threading.Thread(target=_until_the_caller_goes, args=(source,), daemon=True).start()
    outcome: BaseException | None = None
    try:
        function(*args)
    except BaseException as exc:  # sent to the caller, raised there
        outcome = exc
    try:
        sent = pickle.dumps(outcome)
    except Exception:  # an error that cannot be pickled: its words
        sent = pickle.dumps(ApartFailed(f"{type(outcome).__name__}: {outcome}"))
    answer.write(sent)
    answer.flush()
    os._exit(0)  # nothing else to flush; no second spent tearing down what the call loaded


def _until_the_caller_goes(source: BinaryIO) -> None:
    source.read()  # returns when the caller closes its end, or goes
    os._exit(1)
