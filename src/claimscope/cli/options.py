"""Command-line options shared by the commands that analyse: the database, the size limit, the per-document budget."""

from __future__ import annotations

from typing import Annotated

import typer

from claimscope.budget import MEMORY_ENV, TIME_ENV

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
DbOption = Annotated[str, typer.Option("--db", help="SQLAlchemy database URL.", envvar="CLAIMSCOPE_DB")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Skip files larger than this many bytes.")]
