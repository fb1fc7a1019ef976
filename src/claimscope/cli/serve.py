"""claimscope serve: the analyst's desk (web pages, HTTP API, map) over a store, on one address."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimscope.budget import Budget
from claimscope.cli.database import errors, open_store
from claimscope.cli.options import DbOption
from claimscope.cli.render import safe
from claimscope.store import DEFAULT_URL

console = Console()


def serve(
    db: DbOption = DEFAULT_URL,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps the desk on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(help="File holding the bearer token that write endpoints require (none: writes refused)."),
    ] = None,
) -> None:
    """Serve the analyst's desk (web pages, HTTP API, map) over a store, until Ctrl-C.

    Uploads are analysed under the budget that CLAIMSCOPE_TIME_BUDGET (seconds, default 60) and
    CLAIMSCOPE_MEMORY_BUDGET (MiB, default 2048) set, as `ingest --time-budget/--memory-budget` does."""
    from claimscope.web.app import EVERYWHERE, cannot_listen, run_desk

    token = None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            errors.print(f"[red]error:[/] cannot read the token file {safe(str(token_file))}: {safe(exc.strerror)}")
            raise typer.Exit(2) from exc
        if len(token) < 16:
            errors.print("[red]error:[/] the token file must hold a token of at least 16 characters")
            raise typer.Exit(2)
    try:
        Budget.from_env()
    except ValueError as exc:
        errors.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from exc
    store = open_store(db, must_exist=True)
    shown = f"[{host}]" if ":" in host else host
    why = cannot_listen(host, port)
    if why is not None:
        errors.print(f"[red]error:[/] cannot listen on {safe(shown)}:{port} ({safe(why)}); give another --port")
        raise typer.Exit(2)
    console.print(
        f"serving the desk on [bold]http://{safe(shown)}:{port}/[/] "
        f"({'writes need the token' if token else 'read-only: no --token-file'}); Ctrl-C to stop"
    )
    if host in EVERYWHERE:
        errors.print("[yellow]note:[/] listening on every interface: anyone who can reach this port can read the desk")
    run_desk(store, host, port, token)
    console.print("stopped")
