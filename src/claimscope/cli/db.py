"""`claimscope db`: bring a database's schema up to date, its verdicts too, and say what it holds.

Every command migrates the database it opens; `db upgrade` does only that, and says from which
revision to which (for an operator upgrading a shared PostgreSQL database before the desk is
restarted). `db refresh` brings the verdicts and flags up to date, apart from the ingests (a
reader that needs them before a long batch's next refresh, or one refresh for many clients).
`db stats` reads, and never creates an empty SQLite file.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console

from claimscope import query
from claimscope.cli.claims import print_json
from claimscope.cli.database import errors, open_store
from claimscope.cli.layout import Field, Records
from claimscope.cli.options import DbOption
from claimscope.cli.render import safe
from claimscope.query.problems import MAX_LIMIT
from claimscope.store import DEFAULT_URL
from claimscope.store.db import StoreError
from claimscope.store.failures import where
from claimscope.store.stats import StoreStats, store_stats

db_app = typer.Typer(
    help="The database: bring its schema (upgrade) and its verdicts and flags (refresh) up to date, what it "
    "holds (stats) and the inputs it could not take (problems).",
    no_args_is_help=True,
)
WIDTH = 80
INDENT = " " * 14  # a long value (a database's path) goes on under itself
console = Console(width=WIDTH)
UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB")


@db_app.command()
def upgrade(db: DbOption = DEFAULT_URL) -> None:
    """Run the schema migrations, and say from which revision to which (nothing to do at the latest).

    A new database is created with the whole schema. Exit code 2 when the database cannot be opened or migrated."""
    store = open_store(db, migrate=False)
    before = store.revision()
    try:
        store.migrate()
    except StoreError as exc:
        errors.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from exc
    after = store.revision()
    name = safe(where(db))
    if before == after:
        console.print(f"{name}: schema already at the latest revision, {after}; nothing to do", soft_wrap=True)
    else:
        console.print(f"{name}: schema upgraded from {before or 'none (a new database)'} to {after}", soft_wrap=True)


Full = Annotated[
    bool,
    typer.Option(
        "--full",
        help="Recompute every verdict, flag and dispatch group from every stored claim (after a knowledge import, "
        "or to find the rewrites of a dispatch, which a refresh of the new documents alone does not).",
    ),
]


@db_app.command()
def refresh(db: DbOption = DEFAULT_URL, full: Full = False) -> None:
    """Bring verdicts, flags and speaker counts up to date now.

    An ingest refreshes them as it goes and at its end (with --refresh-every 0, at its end only).

    Run this when a reader needs them sooner, or once after many clients wrote at once.

    Only what the documents stored since the last refresh touch is recomputed, unless --full.

    Everything is recomputed too when the knowledge changed (kb import), when an upgrade changed how verdicts are
    computed (once), or when the new documents are a tenth of the store.

    Exit code 2 when the database cannot be opened or written."""
    from claimscope.query import refresh as bring_up_to_date

    store = open_store(db, must_exist=True, write=True)
    began = time.perf_counter()
    done = bring_up_to_date(store, full=full or None)
    took = time.perf_counter() - began
    new = f"{done.documents:,} new document{'' if done.documents == 1 else 's'}"
    if done.whole:
        how = "recomputed from every stored claim" + (f" ({new} taken in)" if done.documents else "")
    else:
        how = f"brought up to date with {new}"
    console.print(f"{safe(where(db))}: verdicts and flags {how} in {took:.1f} s", highlight=False, soft_wrap=True)


@db_app.command()
def stats(db: DbOption = DEFAULT_URL) -> None:
    """What the store holds: counts, dates, size, backend and schema revision.

    Counts of documents, attributions, claims, propositions, flags and problems; the documents' dates.

    The database's size; the backend and the schema revision."""
    for line in stats_lines(store_stats(open_store(db, must_exist=True)), where(db)):
        console.print(line, highlight=False)


@db_app.command()
def problems(
    db: DbOption = DEFAULT_URL,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="How many to list, the newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The inputs that could not be read, fetched or analysed, the newest first, with why.

    Each is recorded once, when first met, however often it is met again (`db stats` counts them);
    an ingest or watch prints them as it meets them."""
    found = query.problems(open_store(db, must_exist=True), 0, limit)
    if as_json:
        rows = [{"source": p.source, "reason": p.reason, "seen_at": p.seen_at.isoformat()} for p in found.items]
        print_json({"problems": rows, "total": found.total})
        return
    table = Records([Field("first met (UTC)"), Field("source")], title="problems")
    for problem in found.items:
        table.add(f"{problem.seen_at:%Y-%m-%d %H:%M}", safe(problem.source), below=[safe(problem.reason)])
    console.print(table)
    shown = f"the newest {len(found.items):,} of " if found.has_next else ""
    console.print(f"{shown}{found.total:,} problem{'' if found.total == 1 else 's'} recorded")


def stats_lines(found: StoreStats, name: str) -> list[str]:
    dates = "no dated document"
    if found.first is not None:
        dates = f"{found.first.isoformat()} to {found.last.isoformat() if found.last else '?'}"
    if found.undated:
        dates += f" ({found.undated} undated)"
    schema = found.revision or "none"
    schema += " (latest)" if found.revision == found.head else f" (latest: {found.head}; run claimscope db upgrade)"
    rows = [("database", safe(name)), ("backend", found.backend), ("schema", schema)]
    rows += [(what, f"{count:,}") for what, count in found.counts.items()]
    rows += [("dates", dates), ("size", readable(found.size))]
    span = WIDTH - len(INDENT)
    lines = []
    for label, value in rows:
        pieces = [value[start : start + span] for start in range(0, len(value), span)] or [""]
        lines += [f"{label:<13} {pieces[0]}", *(INDENT + piece for piece in pieces[1:])]
    return lines


def readable(size: int | None) -> str:
    if size is None:
        return "unknown"
    if size < 1024:
        return f"{size:,} bytes"
    value = size / 1024
    for unit in UNITS[1:-1]:
        if value < 1024:
            return f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} {UNITS[-1]}"
