"""A long batch's refreshes, run beside its stream where the database lets writers in side by side.

On PostgreSQL a refresh and the documents stored meanwhile do not wait for each other: each
transaction writes its own rows, and the refresh takes in the documents stored when it began (the
others wait for the next one). So a stream goes on analysing and storing while its verdicts and
flags are brought up to date: at 100,000 documents a refresh takes a minute or more, in which one
process analyses some 600 documents. SQLite lets one writer in at a time, and a refresh holds it
from its first write to its end: there the stream goes on analysing, and holds what it analyses
until the refresh ends (`batch`).

A refresh beside the stream runs in a process of its own (`apart`, through
`query.materialise.refresh_elsewhere`; so do the one that ends the stream, in line, and any refresh
of a large store, a short batch's such as `watch`'s polls or the desk server's beside its requests),
at a lower priority beside the stream or the requests where it holds no lock they need
(PostgreSQL; the server's own work for it is not lowered). In a thread it shared the interpreter's
lock: the stretch of a 100,000-document store's stream beside a refresh ran at 7.8–8.6
documents/s instead of 10–11 (apart and lowered, at 9.9–10.1), and the desk's slowest request
during a refresh took 8 s (apart, 0.4 s; docs/scaling.md). On a machine with no core to spare, the
analysis and storing go first and the refresh takes the time they leave. Its memory (the claims of
the propositions it recomputes, 1.2–1.4 GiB at 100,000 documents) goes back when it ends.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from typing import BinaryIO

NICENESS = 10  # how much lower the refresh's priority is than the stream's (os.nice)
# Ctrl-C and SIGTERM are for the command, which decides what becomes of its refresh: the child
# has a process group of its own (a terminal's Ctrl-C reaches the command only) and ignores both
# when sent them by name (a service manager stops every process of its unit); it ends when the
# command's end of its stdin closes
CHILD = (
    "import signal; [signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)]; "
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from claimscope.beside import child; child()"
)


class ApartFailed(RuntimeError):
    """The process of its own ended without an answer, or with an error that could not be sent or
    made again here (its words, then)."""


class Beside:
    """One refresh at a time, waited for by a thread of its own (the refresh itself runs `apart`);
    what it raises is raised in the stream's thread, at its next check (so a refresh that fails
    stops the batch as one in line would)."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def underway(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, refresh: Callable[[], object]) -> None:
        self.wait()
        # a daemon: a stream stopped (Ctrl-C, a lost server) leaves without it; the refresh's
        # process ends when this one does (its transaction rolled back, the next refresh takes its
        # documents in), or, in a process that goes on (the desk's server, `watch`), runs to its end
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


def apart(function: Callable[..., object], *args: object, niceness: int = NICENESS) -> None:
    """``function(*args)`` in a fresh interpreter, ``niceness`` lower in priority than this process,
    this thread waiting for it; what it raised is raised here, its traceback as the cause.
    ``function`` is named by its module (pickled by reference), ``args`` are pickled. The process
    ends when this one goes, however it goes (its stdin closes): its transaction is rolled back,
    and the next refresh does its work."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(sys.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        process_group=0,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        call = pickle.dumps((function, args, niceness))
        with contextlib.suppress(BrokenPipeError):  # it ended at once: said below
            process.stdin.write(len(call).to_bytes(8, "big") + call)
            process.stdin.flush()
        answer = process.stdout.read()  # until it ends; its stdin stays open till then
        code = process.wait()
    finally:
        process.stdout.close()
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
    ended = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    if not answer:
        memory = " (out of memory?)" if code == -signal.SIGKILL else ""
        raise ApartFailed(f"the process of its own ended without an answer ({ended}{memory})")
    answered = io.BytesIO(answer)  # from the child this function started
    said, told = f"an answer that cannot be read ({ended})", ""
    try:
        plain, told, said = pickle.load(answered)
        outcome = pickle.load(answered)
    except Exception:  # cut short, or an error whose type cannot be made again from its pickle
        raise ApartFailed(f"the process of its own failed: {said}") from RemoteTraceback(told) if told else None
    if outcome is not None:
        for name, value in plain.items():
            with contextlib.suppress(AttributeError):
                setattr(outcome, name, value)
        raise outcome from RemoteTraceback(told)


class RemoteTraceback(Exception):
    """The traceback of an error raised in a process of its own, as it printed it."""


def child() -> None:
    """The other side of `apart`: the call read from stdin, its outcome written to stdout (whose
    descriptor is kept apart from anything the call prints) as two pickles: the plain attributes
    (numbers, words: some errors' pickles leave out those set after they were raised), the
    traceback and the last line of what it raised, then what it raised (None if nothing)."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what the call prints goes to stderr, as the command's own messages
    logging.basicConfig(format="%(message)s")  # its warnings as lines, as the command prints them
    source = sys.stdin.buffer
    size = int.from_bytes(source.read(8), "big")
    function, args, niceness = pickle.loads(source.read(size))  # from the process that started this one
    os.nice(niceness)
    threading.Thread(target=_until_the_caller_goes, args=(source,), daemon=True).start()
    try:
        function(*args)
        sent = pickle.dumps(({}, "", "")) + pickle.dumps(None)
    except BaseException as exc:  # sent to the caller, raised there
        told, said = "".join(traceback.format_exception(exc)), traceback.format_exception_only(exc)[-1].strip()
        plain = {name: value for name, value in vars(exc).items() if type(value) in (int, float, str, bool)}
        try:
            error = pickle.dumps(exc)
        except Exception:  # an error that cannot be pickled: its words
            error, plain = pickle.dumps(ApartFailed(said)), {}
        sent = pickle.dumps((plain, told, said)) + error
    answer.write(sent)
    answer.flush()
    os._exit(0)  # nothing else to flush; no second spent tearing down what the call loaded


def _until_the_caller_goes(source: BinaryIO) -> None:
    source.read()  # returns when the caller closes its end, or goes
    os._exit(1)
