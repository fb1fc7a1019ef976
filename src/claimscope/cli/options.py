"""Command-line options shared by several commands: the database, the per-document budget."""

from __future__ import annotations

from typing import Annotated

import typer

from claimscope.budget import MEMORY_ENV, TIME_ENV

DbOption = Annotated[str, typer.Option("--db", help="SQLAlchemy database URL.", envvar="CLAIMSCOPE_DB")]
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
