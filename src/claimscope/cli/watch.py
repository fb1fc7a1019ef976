"""claimscope watch: poll feeds and analyse what is new, until Ctrl-C.

Each poll is an ingest of the same inputs with the store's memory of each feed: a feed is asked
for conditionally (ETag, Last-Modified), and only items whose page is not stored yet are fetched.
That memory is in the store (tables feed_polls, gone_pages), so a restarted watch goes on where it stopped: it
waits out what is left of the interval since the last poll, and asks each feed what changed.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimscope import batch
from claimscope.budget import DEFAULT_MEMORY_MIB, DEFAULT_SECONDS, Budget
from claimscope.cli.database import errors, open_store
from claimscope.cli.options import DbOption, MaxBytes, MemoryBudget, TimeBudget
from claimscope.cli.render import print_problems, print_warnings, refreshed
from claimscope.cli.signals import Stop, terminated_as_interrupted
from claimscope.ingest import DEFAULT_MAX_BYTES
from claimscope.ingest.fetch import Fetcher
from claimscope.store import DEFAULT_URL
from claimscope.store.polls import FeedPolls

console = Console(soft_wrap=True)  # a line a poll, whole in a log or a pipe
INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_SECONDS = 1.0


def seconds(text: str) -> float:
    """``15m``, ``1h``, ``90s`` or ``90`` (seconds) as seconds."""
    found = INTERVAL.fullmatch(text.strip())
    interval = float(found.group(1)) * UNITS[found.group(2).lower()] if found else 0.0
    if interval < MIN_SECONDS:
        raise typer.BadParameter(f"{text!r} is not an interval of at least 1 s (write 30s, 15m, 1h or 1d)")
    return interval


def watch(
    feeds: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            metavar="FEED",
            help="Lists of feeds or pages (.txt, one URL a line), .opml files, local feed files.",
        ),
    ],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h.")] = "15m",
    rounds: Annotated[int, typer.Option("--rounds", min=0, help="Stop after this many polls (0: until Ctrl-C).")] = 0,
    once: Annotated[bool, typer.Option("--once", help="Poll once now and stop (as --rounds 1).")] = False,
    db: DbOption = DEFAULT_URL,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MIB,
) -> None:
    """Keep polling feeds; each poll fetches, analyses and stores only what is new.

    Feeds are asked for conditionally (ETag, Last-Modified) and pages already stored are not fetched
    again. Ctrl-C ends it with a line saying what was stored (exit 130; SIGTERM the same, exit 143); a
    restart goes on.
    Fetching is guarded (public http(s) addresses only, bounded, polite: docs/intake.md). With
    --once or --rounds, the exit code is 1 when an input was skipped in any poll (as for ingest),
    for a scheduler to notice."""
    interval = seconds(every)
    limit = 1 if once else rounds
    store = open_store(db, write=True)
    polls = FeedPolls(store)
    from claimscope.ingest.remote import Intake  # feeds and pages readers: only when watching

    intake = Intake(fetcher=Fetcher(), known_url=store.knows_url, memory=polls, lists_only=True)
    budget = Budget(time_budget, memory_budget)
    stored = skipped = done = 0
    noted = False  # the guard's note said (once a watch)
    stop = Stop()
    with terminated_as_interrupted(stop):
        try:
            if not once:
                _wait_rest(polls, interval)
            while True:
                summary = batch.ingest(feeds, store, max_bytes, budget=budget, intake=intake)
                done += 1
                stored += summary.stored
                skipped += len(summary.problems)
                noted = print_problems(errors, [(p.source, p.reason) for p in summary.problems], noted)
                for note in summary.notes:
                    print_warnings(errors, note.source, [note.reason])
                console.print(
                    f"poll {done} at {datetime.now().strftime('%H:%M:%S')}: [green]{summary.stored} new[/] stored, "
                    f"{summary.already_stored} already stored, {len(summary.problems)} skipped"
                    + (f"; {refreshed(summary.refreshes)}" if summary.refreshes else "")
                )
                if limit and done >= limit:
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            console.print(
                f"[yellow]stopped[/] by {stop.cause} after {done} poll{'' if done == 1 else 's'}: {stored} documents "
                f"stored, {skipped} skipped; what was stored is kept: the same command goes on from there"
            )
            raise typer.Exit(stop.status) from None  # as ingest: interrupted, for a scheduler to tell
    console.print(f"done: {done} poll{'' if done == 1 else 's'}, {stored} documents stored, {skipped} skipped")
    if skipped:
        raise typer.Exit(1)


def _wait_rest(polls: FeedPolls, interval: float) -> None:
    """After a restart, the first poll comes one interval after the last one, not at once."""
    last = polls.last_poll()
    if last is None:
        return
    rest = interval - (datetime.now(UTC).replace(tzinfo=None) - last).total_seconds()
    if rest > 0:
        console.print(f"last poll {interval - rest:.0f} s ago: next in {rest:.0f} s")
        time.sleep(rest)
