"""Analysis on a Dask cluster: a local one of worker processes, or a running dask.distributed one.

The client (the `ingest` process) reads the inputs as a stream and keeps a bounded number of
documents in flight (`IN_FLIGHT_PER_THREAD` per worker thread, counted again as workers join), so
its memory stays flat whatever the corpus; it saves each result as it arrives (`batch`), in
batches. Each worker loads the pipeline once, when it joins (`WarmPipeline`), and analyses under
the same per-document budget as a single process: `analyse_within` runs the document in the
worker's own analysing process (`claimscope.worker`), which it watches and kills when the document
overruns its time or memory.
A thread of a Dask worker cannot be stopped (spaCy runs in C; Dask only abandons a task it
cancels, and the work goes on), and killing the Dask worker itself would make the scheduler run
the document again elsewhere; killing a child the worker owns stops the work and nothing else.

A Dask worker that dies mid-document (killed, out of memory) has its documents run again on
another (Dask reschedules them); a document that kills the workers it runs on
(``distributed.scheduler.allowed-failures`` + 1 times) is reported as a problem and the batch goes
on. Each future's result arrives once, and only the client saves: nothing is stored twice.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from itertools import chain
from types import FrameType

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker
from distributed.worker import Worker

from claimscope.budget import Budget, analyse_within
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.worker import FAILED, warm_up_document

IN_FLIGHT_PER_THREAD = 2  # each worker has its next document waiting while it analyses one
CLOSE_S = 20  # how long closing the client and a local cluster may take
RECOUNT_S = 1.0  # how often the client asks how many worker threads there are
CONNECT_S = 20  # how long to wait for a scheduler to answer
JOIN_S = 60  # how long to wait for its first worker (a worker loads the pipeline before it takes work)
# a worker's profiler samples its busy thread every 10 ms: CPU spent watching a thread that waits
QUIET = {"distributed.worker.profile.enabled": False}


class ClusterError(RuntimeError):
    """No cluster to analyse on; the message says what to do."""


class WarmPipeline(WorkerPlugin):
    """Each worker loads and warms the pipeline when it joins (or is restarted), not on its first
    document: under a budget, in its analysing process; without one, in the worker itself."""

    name = "claimscope-pipeline"

    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    async def setup(self, worker: Worker) -> None:
        found = await asyncio.to_thread(analyse_within, warm_up_document(), self.budget)  # the worker answers meanwhile
        if isinstance(found, Problem):
            raise ClusterError(f"the worker at {worker.address} cannot analyse: {found.reason}")


class DeafToCtrlC(WorkerPlugin):
    """A local cluster's workers share the command's terminal, and Ctrl-C reaches them too: they
    leave it to the command, which stops them (killed by it, they would take their results along,
    and the command would wait for them forever)."""

    name = "claimscope-ctrl-c"

    async def setup(self, worker: Worker) -> None:
        if threading.current_thread() is threading.main_thread():  # where a worker runs its event loop
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def analyse(document: Document, budget: Budget) -> AnalysedDocument | Problem:
    """The task each worker runs (a module-level function: workers import it from claimscope)."""
    return analyse_within(document, budget)


@contextmanager
def connect(workers: int | None = None, address: str | None = None, budget: Budget | None = None) -> Iterator[Client]:
    """A client of a new local cluster of ``workers`` processes (one thread each), or of the
    running cluster whose scheduler is at ``address``; its workers warmed for ``budget``."""
    budget = budget if budget is not None else Budget.from_env()
    if address is not None:
        try:
            client = Client(address, timeout=CONNECT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"no Dask scheduler answers at {address} ({exc}); start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or analyse on this machine with --workers N"
            ) from exc
        cluster = None
    else:
        with dask.config.set(QUIET), warnings.catch_warnings():  # nannies pass QUIET on to restarted workers too
            # the scheduler serves its health checks on 8787 or, taken, any port: no dashboard, nothing to say
            warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
            cluster = LocalCluster(
                n_workers=max(1, workers or 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = Client(cluster, set_as_default=False)
    try:
        try:
            client.wait_for_workers(1, timeout=JOIN_S)
        except TimeoutError as exc:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {address} within {JOIN_S} s; "
                "start workers with `dask worker ADDRESS` on machines that have claimscope and its model"
            ) from exc
        try:
            if cluster is not None:
                client.register_plugin(DeafToCtrlC())
            client.register_plugin(WarmPipeline(budget))
        except ClusterError:
            raise
        except Exception as exc:  # say, claimscope missing on a worker: the plugin cannot even be loaded
            raise ClusterError(
                f"the Dask workers cannot load claimscope's pipeline ({type(exc).__name__}: {exc}); "
                "install claimscope, the same version, and its French model on each worker's machine"
            ) from exc
        yield client
    finally:  # bounded: after Ctrl-C, the local workers (which got it too) may be dying or restarting
        client.close(timeout=CLOSE_S)
        if cluster is not None:
            cluster.close(timeout=CLOSE_S)


def analysed_on(
    client: Client | Callable[[], Client], documents: Iterator[tuple[Document, bool]], budget: Budget
) -> Generator[tuple[Document, bool, AnalysedDocument | Problem], None, None]:
    """Each document with its analysis (or the Problem why not), in the order they finish;
    documents are drawn from ``documents`` only as earlier ones finish. ``client`` may be what
    starts one: it is called once a first document needs analysis (none does: no cluster)."""
    first = next(documents, None)
    if first is None:
        return
    if not isinstance(client, Client):
        client = client()
    documents = chain([first], documents)
    limit, counted = 0, 0.0
    running: dict[Future, tuple[Document, bool]] = {}
    finished = as_completed(loop=client.loop)
    try:
        with _ctrl_c_kept() as ctrl_c:
            for document, known in documents:
                future = client.submit(analyse, document, budget, pure=False)
                running[future] = (document, known)
                finished.add(future)
                if time.monotonic() - counted > RECOUNT_S:  # workers join (and leave) as the batch goes
                    limit, counted = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values())), time.monotonic()
                while finished.count() >= limit:
                    yield _result(next(finished), running, ctrl_c)
            for future in finished:
                yield _result(future, running, ctrl_c)
    finally:  # Ctrl-C or an error: what is still running is not wanted
        if running:
            client.cancel(list(running))


@contextmanager
def _ctrl_c_kept() -> Iterator[threading.Event]:
    """Ctrl-C noted as well as raised: a KeyboardInterrupt that comes while Python runs a weakref
    callback (Dask's futures have some) is printed and lost; the batch checks the note."""
    noted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        noted.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


def _result(
    future: Future, running: dict[Future, tuple[Document, bool]], ctrl_c: threading.Event
) -> tuple[Document, bool, AnalysedDocument | Problem]:
    if ctrl_c.is_set():
        raise KeyboardInterrupt
    document, known = running.pop(future)
    try:
        return document, known, future.result()
    except KilledWorker:
        why = "it ended every Dask worker it ran on (a crash, or out of memory); see the workers' logs"
        return document, known, Problem(document.source, f"{FAILED}: {why}")
    except Exception as exc:  # the task failed on its worker: one document, the batch goes on
        return document, known, Problem(document.source, f"{FAILED} on the cluster ({type(exc).__name__}: {exc})")
