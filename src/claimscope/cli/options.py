"""Command-line options shared by the commands that read and analyse: the database, the size limit,
the per-document budget, and where the analysis runs (this process, or a Dask cluster's workers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from claimscope.budget import MEMORY_ENV, TIME_ENV, Budget
from claimscope.cli.database import errors
from claimscope.cli.render import safe

if TYPE_CHECKING:
    from distributed import Client

DAY = "%Y-%m-%d"  # how a day is written on the command line
MOST_LISTED = 10**9  # the largest --limit: more than any store holds (a number past sys.maxsize cannot count rows)
TimeBudget = Annotated[
    float,
    typer.Option(
        "--time-budget",
        min=0,
        envvar=TIME_ENV,
        help="Seconds one document's analysis may take; a document over it is stopped and reported as skipped, "
        "the others go on (0: no limit).",
    ),
]
MemoryBudget = Annotated[
    int,
    typer.Option(
        "--memory-budget",
        min=0,
        envvar=MEMORY_ENV,
        help="MiB of memory the analysis may hold for one document, the pipeline's ~700 included; over it, the "
        "document is stopped and reported as skipped (0: no limit; with both 0, analysis runs in this process).",
    ),
]
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="Database URL: sqlite:///FILE (relative path), sqlite:////ABSOLUTE/PATH, or "
        "postgresql+psycopg:// followed by USER@HOST/NAME (USER:PASSWORD, HOST:PORT as needed).",
        envvar="CLAIMSCOPE_DB",
    ),
]
MaxBytes = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Skip files, fetched pages and archive records over this many bytes."),
]
RefreshEvery = Annotated[
    int,
    typer.Option(
        "--refresh-every",
        min=0,
        metavar="N",
        help="Bring verdicts and flags up to date every N stored documents of a long batch, so readers see it as "
        "it goes (0: at its end only). Each refresh recomputes what the new documents touch, which at scale "
        "can take minutes: a long batch then waits longer, aiming at a fifth of its time for refreshing. On "
        "PostgreSQL the batch goes on analysing and storing while it refreshes; on SQLite it goes on analysing "
        "and stores what it analysed when the refresh ends (see docs/scaling.md).",
    ),
]
Workers = Annotated[
    int,
    typer.Option(
        "--workers",
        min=0,
        help="Analyse on a Dask cluster of this many worker processes on this machine (a group of up to 10 "
        "documents a task; each loads the pipeline, ~0.7 GiB); this process reads and stores (0: analyse here).",
    ),
]
ClusterAddress = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        metavar="ADDRESS",
        help="Analyse on the running Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); its workers "
        "need claimscope and the French model, this process reads and stores (see docs/scaling.md).",
    ),
]


@contextmanager
def cluster_client(workers: int, address: str | None, budget: Budget) -> Iterator[Callable[[], Client] | None]:
    """What starts the Dask client that --workers or --cluster asks for, once, when a first
    document needs analysis: a batch whose inputs are all stored starts no cluster (None: analyse
    here); exit code 2 when there is no cluster to be had."""
    if not workers and address is None:
        yield None
        return
    if workers and address is not None:
        errors.print("[red]error:[/] give --workers N (a cluster on this machine) or --cluster ADDRESS, not both")
        raise typer.Exit(2)
    from claimscope.cluster import ClusterError, check_address, connect  # distributed: only for a cluster

    if address is not None:
        try:  # before the command creates its database: a mistyped address leaves no empty one behind
            check_address(address)
        except ClusterError as exc:
            errors.print(f"[red]error:[/] {safe(exc)}")
            raise typer.Exit(2) from None
    with ExitStack() as stack:
        started: list[Client] = []

        def client() -> Client:
            if not started:
                if workers:
                    errors.print(f"starting {workers} Dask workers; each loads the pipeline first")
                else:
                    errors.print(f"connecting to the Dask scheduler at {safe(address)}")
                started.append(stack.enter_context(connect(workers or None, address, budget)))
            return started[0]

        try:
            yield client
        except ClusterError as exc:
            errors.print(f"[red]error:[/] {safe(exc)}")
            raise typer.Exit(2) from None
