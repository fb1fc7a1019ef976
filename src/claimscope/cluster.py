"""Analysis on a Dask cluster: a local one of worker processes, or a running dask.distributed one.

The client (the `ingest` process) reads the inputs as a stream, in the groups a single process
analyses together (`batch`: up to 10 documents), and keeps a bounded number of groups in flight
(`IN_FLIGHT_PER_THREAD` per worker thread, counted again as workers join), so its memory stays
flat whatever the corpus; it saves each group's results as they arrive (`batch`), in batches. A
task is a group: its texts are parsed in one stream, each document on its own clock, as in a
single process (`budget.analyse_group`), with a scheduler's round trip a group, not a document.
Each worker loads the pipeline once, when it joins (`WarmPipeline`), and analyses under the same
per-document budget as a single process: the group runs in the worker's own analysing process
(`claimscope.worker`), which it watches and kills when a document overruns its time or memory.
A thread of a Dask worker cannot be stopped (spaCy runs in C; Dask only abandons a task it
cancels, and the work goes on), and killing the Dask worker itself would make the scheduler run
the group again elsewhere; killing a child the worker owns stops the work and nothing else.

A Dask worker that dies mid-group (killed, out of memory) has its groups run again on another
(Dask reschedules them). A group whose task fails (it killed the workers it ran on
``distributed.scheduler.allowed-failures`` + 1 times, say) is sent again one document a task, so
that the document to blame is reported alone and the batch goes on. Each future's result arrives
once, and only the client saves: nothing is stored twice.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed
from distributed.core import Status
from distributed.scheduler import KilledWorker
from distributed.worker import Worker

from claimscope.budget import Budget, analyse_group, analyse_within
from claimscope.interrupts import ctrl_c_kept
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.worker import FAILED, warm_up_document

if TYPE_CHECKING:
    from claimscope.batch import Analysed, Group

IN_FLIGHT_PER_THREAD = 2  # each worker has its next group waiting while it analyses one
CLOSE_S = 20  # how long closing the client and a local cluster may take
RECOUNT_S = 1.0  # how often the client asks how many worker threads there are
CONNECT_S = 20  # how long to wait for a scheduler to answer
DIAL_S = 5  # how long a first plain connection to its port may take (a refusal is at once)
START_ONE = "start one with `dask scheduler` and workers with `dask worker ADDRESS`, or analyse here with --workers N"
JOIN_S = 60  # how long to wait for its first worker (a worker loads the pipeline before it takes work)
LOCAL = {  # a local cluster's settings
    # a worker's profiler samples its busy thread every 10 ms: CPU spent watching a thread that waits
    "distributed.worker.profile.enabled": False,
    # a worker holds the group it analyses, no other: the next waits at the scheduler, for whichever
    # worker is free first, and a worker that dies takes only its own group's blame (Dask counts a
    # death against each task the worker held)
    "distributed.scheduler.worker-saturation": 1.0,
}


class ClusterError(RuntimeError):
    """No cluster to analyse on; the message says what to do."""


class WarmPipeline(WorkerPlugin):
    """Each worker loads and warms the pipeline when it joins (or is restarted), not on its first
    document: under a budget, in its analysing process; without one, in the worker itself."""

    name = "claimscope-pipeline"

    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    async def setup(self, worker: Worker) -> None:
        try:
            found = await asyncio.to_thread(analyse_within, warm_up_document(), self.budget)  # it answers meanwhile
        except asyncio.CancelledError:
            if worker.status in (Status.closing, Status.closed):  # closed while warming (Ctrl-C): no error to log
                return
            raise
        if isinstance(found, Problem):
            raise ClusterError(f"the worker at {worker.address} cannot analyse: {found.reason}")


STOPS = (signal.SIGINT, signal.SIGTERM)


class DeafToStops(WorkerPlugin):
    """A local cluster's workers share the command's terminal and process group, and Ctrl-C (or a
    service manager's SIGTERM) reaches them too: they leave it to the command, which stops them
    (killed by it, they would take their results along, the command would wait for them, and their
    nanny would start them again while the command closes). Closing the cluster stops them without
    signals, then kills them. (Spawned from the `claimscope` command, they ignore them from their
    first import, `cli._deaf_if_spawned`; this is for a program of its own using the library.)"""

    name = "claimscope-stops"

    async def setup(self, worker: Worker) -> None:
        if threading.current_thread() is threading.main_thread():  # where a worker runs its event loop
            for stop in STOPS:
                signal.signal(stop, signal.SIG_IGN)


@contextmanager
def _stops_held(held: list[int]) -> Iterator[None]:
    """Ctrl-C and SIGTERM noted in ``held`` while a local cluster starts, to be given to the
    command once it is there: interrupted as it starts, it is left half made, and Dask's own
    closing at exit failed with a traceback. (Its worker processes ignore them from their first
    import: `cli._deaf_if_spawned`.)"""
    if threading.current_thread() is not threading.main_thread():  # only the main thread takes signals
        yield
        return
    previous = {stop: signal.signal(stop, lambda signum, _frame: held.append(signum)) for stop in STOPS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _given(held: list[int]) -> None:
    """The first stop held given to the command's own handler (Ctrl-C's: KeyboardInterrupt)."""
    if held:
        signal.raise_signal(held[0])


def check_address(address: str) -> None:
    """A scheduler's address Dask can dial (a malformed one left a client behind that failed
    for 40 s more, with a traceback, as the command ended), and one that answers unless its host
    does not (said before the command opens or creates its database)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else (None, None)
    except (ValueError, TypeError) as exc:
        raise ClusterError(
            f"{address!r} is not a Dask scheduler's address ({exc}); give tcp://HOST:PORT "
            "(a scheduler listens on 8786 unless told otherwise)"
        ) from exc
    if host is not None and port is not None:
        _dial(address, host, port)


def _dial(address: str, host: str, port: int) -> None:
    """A host that does not resolve, or refuses the port, has no scheduler: said at once, not
    after Dask's connect timeout (one that does not answer is left to that timeout)."""
    try:
        socket.create_connection((host, port), timeout=DIAL_S).close()
    except (ConnectionRefusedError, socket.gaierror) as exc:
        why = "connection refused" if isinstance(exc, ConnectionRefusedError) else f"no such host: {exc}"
        raise ClusterError(f"no Dask scheduler answers at {address} ({why}); {START_ONE}") from exc
    except OSError:
        return


def analyse(documents: list[Document], budget: Budget) -> list[AnalysedDocument | Problem]:
    """The task each worker runs, a group of documents (a module-level function: workers import
    it from claimscope)."""
    return list(analyse_group(documents, budget))


@contextmanager
def connect(workers: int | None = None, address: str | None = None, budget: Budget | None = None) -> Iterator[Client]:
    """A client of a new local cluster of ``workers`` processes (one thread each), or of the
    running cluster whose scheduler is at ``address``; its workers warmed for ``budget``."""
    budget = budget if budget is not None else Budget.from_env()
    if address is not None:
        check_address(address)
        try:
            client = Client(address, timeout=CONNECT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"no Dask scheduler answers at {address} ({exc}); {START_ONE}") from exc
        cluster = None
    else:
        cluster = _local_cluster(workers)
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
                client.register_plugin(DeafToStops())
            client.register_plugin(WarmPipeline(budget))
        except ClusterError:
            raise
        except Exception as exc:  # say, claimscope missing on a worker: the plugin cannot even be loaded
            raise ClusterError(
                f"the Dask workers cannot load claimscope's pipeline ({type(exc).__name__}: {exc}); "
                "install claimscope, the same version, and its French model on each worker's machine"
            ) from exc
        yield client
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM, which the CLI makes one) ends the process: what fails as
        _quiet()  # the cluster closes under its calls in flight (a plugin's broadcast) is no news to the user
        raise
    finally:  # bounded: after Ctrl-C, the local workers (which got it too) may be dying or restarting
        client.close(timeout=CLOSE_S)
        if cluster is not None:
            cluster.close(timeout=CLOSE_S)


def _local_cluster(workers: int | None) -> LocalCluster:
    """A local cluster of ``workers`` processes, one thread each. A Ctrl-C (or SIGTERM) while it
    starts interrupts the command once it is there to close (`_stops_held`)."""
    held: list[int] = []
    try:
        with dask.config.set(LOCAL), warnings.catch_warnings(), _stops_held(held):  # LOCAL: restarted workers too
            # the scheduler serves its health checks on 8787 or, taken, any port: no dashboard, nothing to say
            warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
            cluster = LocalCluster(
                n_workers=max(1, workers or 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
    except Exception:
        _given(held)  # a worker process took the Ctrl-C as Python started, before it could ignore it
        raise
    if held:
        cluster.close(timeout=CLOSE_S)
        _given(held)
    return cluster


def _quiet() -> None:
    """Dask's and asyncio's errors no longer logged in this process (it is ending)."""
    for name in ("distributed", "asyncio", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def analysed_on(
    client: Client | Callable[[], Client], groups: Iterator[Group], budget: Budget
) -> Generator[Analysed, None, None]:
    """Each document with its analysis (or the Problem why not), a group at a time in the order
    the groups finish; groups are drawn from ``groups`` only as earlier ones finish. ``client``
    may be what starts one: it is called once a first group needs analysis (none does: no cluster)."""
    first = next(groups, None)
    if first is None:
        return
    if not isinstance(client, Client):
        client = client()
    limit, counted = 0, 0.0
    running: dict[Future, Group] = {}
    finished = as_completed(loop=client.loop)

    def submit(group: Group) -> None:
        future = client.submit(analyse, [document for document, _ in group], budget, pure=False)
        running[future] = group
        finished.add(future)

    try:
        with ctrl_c_kept() as ctrl_c:
            for group in chain([first], groups):
                submit(group)
                if time.monotonic() - counted > RECOUNT_S:  # workers join (and leave) as the batch goes
                    limit, counted = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values())), time.monotonic()
                while finished.count() >= limit:
                    yield from _results(next(finished), running, ctrl_c, submit)
            for future in finished:  # those a failed group sends again are waited for too
                yield from _results(future, running, ctrl_c, submit)
    finally:  # Ctrl-C or an error: what is still running is not wanted
        if running:
            client.cancel(list(running))


def _results(
    future: Future, running: dict[Future, Group], ctrl_c: threading.Event, submit: Callable[[Group], None]
) -> list[Analysed]:
    """The group's documents with their analyses; none yet when the group's task failed: its
    documents are sent again, each a task of its own, so what one did is not blamed on the others."""
    if ctrl_c.is_set():
        raise KeyboardInterrupt
    group = running.pop(future)
    try:
        results = future.result()
    except Exception as exc:
        if len(group) > 1:
            for item in group:
                submit([item])
            return []
        document, known = group[0]
        if isinstance(exc, KilledWorker):
            why = "it ended every Dask worker it ran on (a crash, or out of memory); see the workers' logs"
            return [(document, known, Problem(document.source, f"{FAILED}: {why}"))]
        # the task failed on its worker: one document, the batch goes on
        return [(document, known, Problem(document.source, f"{FAILED} on the cluster ({type(exc).__name__}: {exc})"))]
    return [(document, known, result) for (document, known), result in zip(group, results, strict=True)]
