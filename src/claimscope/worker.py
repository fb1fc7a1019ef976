"""The analysing worker: documents analysed in another process, which can be stopped at any point.

A warm process (a fresh interpreter, never a fork of the caller: that would copy its threads, and
multiprocessing's spawn would run its __main__ again) loads the pipeline, warms every cache with
one small article, then forks analysing children on request, one at a time. The child serves
document after document over a socket (a group of them parsed in one stream, each on its own
clock); this process watches its clock and its resident memory, and kills it when a document
overruns (or when it kept much memory after a big one): the next document gets a new child,
forked in some 20 ms, with nothing left over from the one before. Memory figures come from
/proc (Linux); elsewhere only the address-space cap applies.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Literal

from claimscope.records import AnalysedDocument, Document, Problem

WATCH_S = 0.05  # how often the child's clock and memory are looked at while it works
START_S = 600.0  # the warm process's start (imports, model, warm-up) is no document's time
ADDRESS_SLACK_MIB = 1024  # address space beyond the memory budget before allocations fail in the child
RECYCLE_MIB = 512  # a child that kept this much more than the warm process holds is replaced
FAILED = "analysis failed"
ENDED = "the analysing process ended without an answer (it crashed, or was killed from outside)"
# a place, a quote, a claim: loads the pipeline, the cues, the knowledge base and the place index
WARM_UP = "« Nous tenons Pokrovsk », a déclaré lundi le porte-parole de l'armée ukrainienne à Kyiv."
# Ctrl-C and SIGTERM are for the command, which ends its worker: the warm process has a process
# group of its own (a terminal's Ctrl-C goes to the command's group only: one during its imports
# printed their traceback), and ignores both before any import when sent them by name
MAIN = (
    "import signal; [signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)]; "
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from claimscope.worker import warm_process; warm_process(int(sys.argv[2]))"
)

Outcome = AnalysedDocument | Problem | Literal["time", "memory"]


class WorkerFailed(RuntimeError):
    """No analysing process could be had (say, the pipeline is not installed)."""


@dataclass
class _Child:
    pid: int
    conn: Connection
    pidfd: int | None  # kills the child itself, never a process that got its id after it ended


class Worker:
    """Analyses one document at a time in a child process (thread-safe: callers wait their turn).
    ``last_peak_mib``: the child's peak resident memory during the last document."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner = os.getpid()
        self._warm: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None
        self._ready = False
        self._started_mib = 0.0
        self._child: _Child | None = None
        self.last_peak_mib = 0.0

    @property
    def pid(self) -> int | None:
        """The analysing child's process id (None: none at present)."""
        return self._child.pid if self._child is not None else None

    @property
    def started_mib(self) -> float:
        """The warm process's resident memory, pipeline loaded: where each child starts."""
        return self._started_mib

    def prestart(self) -> None:
        """Start the warm process now, without waiting: it loads the pipeline while the caller reads."""
        with self._lock:
            self._adopt()
            if self._warm is None or self._warm.poll() is not None:
                with contextlib.suppress(WorkerFailed):  # said again, per document, when one is analysed
                    self._spawn()

    def analyse(self, document: Document, seconds: float, memory_mib: int) -> Outcome:
        """The analysis, a Problem (the analysis failed), or which budget it overran (0: no limit)."""
        (outcome,) = self.analyse_many([document], seconds, memory_mib)  # read whole: the worker is free again
        return outcome

    def analyse_many(
        self, documents: Sequence[Document], seconds: float, memory_mib: int
    ) -> Generator[Outcome, None, None]:
        """`analyse` of documents parsed in one stream, each on its own clock (from the answer
        before it): the outcomes in order, as they come, up to the first that is not an analysis,
        which ends the group (the caller analyses the rest, and that one again, on their own).
        The worker is the caller's until the outcomes are all read (or no more are asked for)."""
        with self._lock:
            self._adopt()
            try:
                yield from self._analyse(documents, seconds, memory_mib)
            except BaseException:  # Ctrl-C while the child works, or no more asked for: its answers come too late
                self._drop_child()
                raise

    def _analyse(self, documents: Sequence[Document], seconds: float, memory_mib: int) -> Iterator[Outcome]:
        try:
            child = self._fresh_child()
        except WorkerFailed as exc:
            yield Problem(documents[0].source, f"{FAILED} ({exc})")
            return
        try:
            child.conn.send((list(documents), memory_mib))
        except OSError:
            self._drop_child()
            yield Problem(documents[0].source, f"{FAILED}: {ENDED}")
            return
        for document in documents:
            outcome = self._answer(child, document, seconds, memory_mib)
            yield outcome
            if not isinstance(outcome, AnalysedDocument):
                return
        if self._child is child and resident_mib(child.pid) > self._started_mib + RECYCLE_MIB:
            self._drop_child()  # give back what a big document left behind

    def _answer(self, child: _Child, document: Document, seconds: float, memory_mib: int) -> Outcome:
        """The child's answer for one document, watched on its own clock and against the budget."""
        started = time.monotonic()
        peak = 0.0
        while not child.conn.poll(WATCH_S):
            peak = max(peak, resident_mib(child.pid))
            over_time = seconds > 0 and time.monotonic() - started > seconds
            if over_time or (memory_mib and peak > memory_mib):
                self._drop_child()
                self.last_peak_mib = peak
                return "time" if over_time else "memory"
        try:
            kind, value, child_peak = child.conn.recv()
        except (EOFError, OSError):
            self._drop_child()
            return Problem(document.source, f"{FAILED}: {ENDED}")
        self.last_peak_mib = max(peak, child_peak)
        if kind == "memory" or (memory_mib and self.last_peak_mib > memory_mib):
            self._drop_child()
            return "memory"
        if kind == "failed":
            return Problem(document.source, f"{FAILED} ({value})")
        assert isinstance(value, AnalysedDocument)
        return value

    def _fresh_child(self) -> _Child:
        if self._child is not None:
            return self._child
        for _ in range(2):  # a warm process that died is started again, once
            control = self._warm_control()
            data, fds = b"", list[int]()
            with contextlib.suppress(OSError):
                control.sendall(b"f")
                data, fds, _, _ = socket.recv_fds(control, 1024, 1)
            if data and fds:
                pid = int(json.loads(data)["child"])
                self._child = _Child(pid, Connection(fds[0]), _pidfd(pid))
                return self._child
            for fd in fds:
                os.close(fd)
            self._stop_warm()
        raise WorkerFailed("the analysing process could not be started")

    def _warm_control(self) -> socket.socket:
        if self._warm is None or self._warm.poll() is not None or self._control is None:
            self._spawn()
        assert self._warm is not None and self._control is not None
        if self._ready:
            return self._control
        self._control.settimeout(START_S)
        try:
            data = self._control.recv(65536)
        except OSError:
            data = b""
        self._control.settimeout(None)
        message = json.loads(data) if data else {}
        if "ready" not in message:
            code = self._warm.poll()
            self._stop_warm()
            raise WorkerFailed(message.get("failed") or f"the analysing process did not start (exit code {code})")
        self._started_mib, self._ready = float(message["ready"]), True
        return self._control

    def _spawn(self) -> None:
        self._stop_warm()
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-c", MAIN, json.dumps(sys.path), str(theirs.fileno())]
        try:
            self._warm = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                process_group=0,
            )
        except OSError as exc:
            ours.close()
            raise WorkerFailed(f"the analysing process could not be started ({exc})") from exc
        finally:
            theirs.close()
        self._control, self._ready = ours, False

    def _adopt(self) -> None:
        if self._owner != os.getpid():  # a forked copy of this object: the processes are the parent's
            self._warm = self._control = self._child = None
            self._owner, self._ready = os.getpid(), False

    def _drop_child(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        with contextlib.suppress(OSError):
            if child.pidfd is not None:
                signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)
                os.close(child.pidfd)
            else:
                os.kill(child.pid, signal.SIGKILL)
        child.conn.close()

    def _stop_warm(self) -> None:
        self._drop_child()
        warm, control = self._warm, self._control
        self._warm = self._control = None
        self._ready = False
        if control is not None:
            control.close()
        if warm is not None:
            if warm.poll() is None:
                warm.kill()
            warm.wait()

    def close(self) -> None:
        """Stop the child and the warm process (at once: the child may be in the middle of a document)."""
        if self._owner == os.getpid():
            self._stop_warm()


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux 5.3 or later
        return None


def resident_mib(pid: int) -> float:
    """A process's resident memory (Linux /proc; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def warm_up_document() -> Document:
    """A small article whose analysis loads and warms everything a document may need."""
    return Document("warm-up", "warm-up", WARM_UP, site="warm.example", published=date(2025, 1, 6), language="fr")


# -- the other side: the warm process and its children ---------------------------------------
def warm_process(control_fd: int) -> None:
    """Load and warm the pipeline, then fork a child for each request until the caller goes."""
    from claimscope.pipeline import analyse  # only the warm process loads spaCy

    control = socket.socket(fileno=control_fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they end
    try:
        analyse(warm_up_document())
    except Exception as exc:  # the pipeline is missing or broken: every document would fail alike
        control.sendall(json.dumps({"failed": f"{type(exc).__name__}: {exc}"[:2000]}).encode())
        return
    children = _Children()
    try:
        control.sendall(json.dumps({"ready": resident_mib(os.getpid())}).encode())
        while control.recv(1):
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                try:
                    serve(Connection(theirs.detach()))
                finally:
                    os._exit(0)
            theirs.close()
            children.add(pid)
            socket.send_fds(control, [json.dumps({"child": pid}).encode()], [ours.fileno()])
            ours.close()
    except OSError:  # the caller went (killed, or its worker closed) while answering it
        pass
    finally:
        children.kill()
    os._exit(0)  # the caller is gone: nothing to flush, and no second spent tearing down spaCy's objects


class _Children:
    """The children a warm process forked that may still run: killed when its caller goes, which
    would have killed the one analysing (its budget is kept by the caller; unwatched, a child would
    go on with its document, however long it takes). Held by pidfd (Linux), which names the child
    itself, never a process that got its id after it was reaped; without pidfds, none are held."""

    def __init__(self) -> None:
        self.held: list[int] = []

    def add(self, pid: int) -> None:
        ended = [fd for fd in self.held if select.select([fd], [], [], 0)[0]]  # a pidfd reads when its child ends
        for fd in ended:
            os.close(fd)
        self.held = [fd for fd in self.held if fd not in ended]
        with contextlib.suppress(OSError, AttributeError):
            self.held.append(os.pidfd_open(pid))

    def kill(self) -> None:
        for fd in self.held:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(fd, signal.SIGKILL)
            os.close(fd)
        self.held = []


def serve(conn: Connection) -> None:
    """A child's loop: documents in; for each, its analysis (or why not) and the peak memory out,
    up to the first that fails."""
    while True:
        try:
            documents, memory_mib = conn.recv()
        except (EOFError, OSError):
            return
        _cap_address_space(memory_mib)
        _reset_peak()
        for answer in _answers(documents):
            try:
                conn.send((*answer, _peak_mib()))
            except MemoryError:
                conn.send(("memory", None, _peak_mib()))
                break
            if answer[0] != "ok":
                break


def _answers(documents: list[Document]) -> Iterator[tuple[str, object]]:
    from claimscope.pipeline import analyse_all  # loaded already by the warm process it forks from

    try:
        for analysed in analyse_all(documents):
            yield "ok", analysed
    except MemoryError:
        yield "memory", None
    except Exception as exc:
        yield "failed", f"{type(exc).__name__}: {exc}"


def _cap_address_space(memory_mib: int) -> None:
    """Fail allocations well past the budget, before the watch even sees them."""
    limit = resource.RLIM_INFINITY
    if memory_mib:
        grown = max(memory_mib - resident_mib(os.getpid()), 0) + ADDRESS_SLACK_MIB
        limit = int((_address_space_mib() + grown) * 2**20)
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _address_space_mib() -> float:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _reset_peak() -> None:
    """Let the peak resident memory (VmHWM) be this document's own (Linux 4.0 or later)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def _peak_mib() -> float:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
