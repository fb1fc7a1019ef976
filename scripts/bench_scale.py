"""How the store's reads and ingest scale: what `make bench-scale` prints.

For each store (scripts/make_store.py builds them): the time of the commands over claims across
sources (`claims --about`, `claims --contested`, `flags`, `speakers`, `entity`), as the functions
the CLI calls (rendered to nowhere: query and layout, no start-up) and as whole commands in a new
process (start-up included), with each command's peak memory; the start-up of a read-only command;
then the ingest of real documents at the end of a stream into a copy of the store, against the
same documents into an empty store (the start of a stream): documents stored per second, and the
end-of-batch refresh; and a stream of sample variants dated in the days after the store's (as a
stream's articles are) stored as `ingest` stores one (batches, refreshes as `batch.Cadence` says
and at the end) into each: documents stored and refreshed per second, and each refresh's time.
Analysis (spaCy) is done once, untimed: it does not depend on the store.

    python scripts/bench_scale.py --db sqlite:///build/bench-10k.db --db sqlite:///build/bench-100k.db
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimscope.records import AnalysedDocument

ROOT = Path(__file__).resolve().parent.parent
GOAL_QUERY_MS = 200.0
GOAL_STARTUP_S = 0.5
STREAM_SEED = 7  # make_store.py's seed differs: the streamed variants are new documents
# ...and the next days' news: dated after every store's documents (make_store.py's go up to about a
# month past the sample's days), as a stream's articles are
STREAM_DAYS = (38, 42)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "120"
    return env


# GNU time reports the command's own peak memory: a child forked from this process (which holds
# spaCy after the analysis) would inherit this process's peak across exec
TIME = "/usr/bin/time"


def command(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (MiB) of one CLI command in a new process."""
    started = time.perf_counter()
    done = subprocess.run(
        [TIME, "-f", "maxrss %M", sys.executable, "-m", "claimscope.cli", *args],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-800:]}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("maxrss ")]
    return seconds, int(rss[-1].split()[1]) // 1024 if rss else 0


def timed(call: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` calls after one warm-up, in milliseconds."""
    call()
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        found.append((time.perf_counter() - started) * 1000)
    return statistics.median(found)


def in_process(url: str, about: str, entity: str, runs: int) -> dict[str, tuple[float, float]]:
    """Each command's queries (the query-layer functions it calls), and its whole body as the CLI
    runs it (queries and layout, rendered to nowhere): milliseconds."""
    from rich.console import Console

    from claimscope import query
    from claimscope.cli.claims import (
        CLAIMS_SHOWN,
        ENTITY_ROWS,
        FLAG_EVIDENCE_SHOWN,
        FLAGS_SHOWN,
        STANCES_SHOWN,
        show_claims,
        show_entity,
        show_flags,
    )
    from claimscope.store import Store

    store = Store(url)
    console = Console(file=io.StringIO(), width=120)

    def board(wanted: query.ClaimFilter) -> object:
        return query.verdict_page(store, wanted, 0, CLAIMS_SHOWN, STANCES_SHOWN), query.claim_articles(store)

    def person() -> object:
        name = query.speaker_name(store, entity)
        return [f(store, name, ENTITY_ROWS) for f in (query.claims_by, query.claims_about)], query.claim_counts(
            store, name
        )

    calls: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        f"claims --about {about}": (
            lambda: board(query.ClaimFilter(about=about)),
            lambda: show_claims(console, store, query.ClaimFilter(about=about), CLAIMS_SHOWN, False),
        ),
        "claims --contested": (
            lambda: board(query.ClaimFilter(contested=True)),
            lambda: show_claims(console, store, query.ClaimFilter(contested=True), CLAIMS_SHOWN, False),
        ),
        "flags": (
            lambda: query.flags(store, None, 0, FLAGS_SHOWN, FLAG_EVIDENCE_SHOWN),
            lambda: show_flags(console, store, None, False),
        ),
        "speakers": (lambda: query.speakers(store, 0, 50), lambda: query.speakers(store, 0, 50)),
        f"entity {entity}": (person, lambda: show_entity(console, store, entity, False)),
    }
    found = {}
    for name, (queries, body) in calls.items():
        console.file = io.StringIO()
        found[name] = (timed(queries, runs), timed(body, runs))
    store.engine.dispose()
    return found


def whole_commands(url: str, about: str, entity: str) -> dict[str, tuple[float, int]]:
    args = {
        f"claims --about {about}": ["claims", "--about", about],
        "claims --contested": ["claims", "--contested"],
        "flags": ["flags"],
        "speakers": ["speakers"],
        f"entity {entity}": ["entity", entity],
    }
    return {name: command([*rest, "--db", url]) for name, rest in args.items()}


def startup(runs: int) -> float:
    return min(command(["documents", "--help"])[0] for _ in range(runs))


def analysed_documents(paths: list[Path], count: int) -> list[AnalysedDocument]:
    from claimscope.ingest import read_inputs
    from claimscope.pipeline import analyse
    from claimscope.records import Document

    documents = [r for r in read_inputs(paths) if isinstance(r, Document)][:count]
    return [analyse(d) for d in documents]


def ingest(url: str, analysed: list[AnalysedDocument]) -> tuple[float, float]:
    """Documents stored per second (a transaction a batch, as `ingest` saves them), and the
    refresh that ends the batch (seconds)."""
    from claimscope.batch import BATCH_DOCUMENTS
    from claimscope.query import refresh
    from claimscope.store import Store

    store = Store(url)
    started = time.perf_counter()
    for first in range(0, len(analysed), BATCH_DOCUMENTS):
        store.save_many([(item, False) for item in analysed[first : first + BATCH_DOCUMENTS]])
    saved = time.perf_counter() - started
    started = time.perf_counter()
    refresh(store)
    refreshed = time.perf_counter() - started
    store.engine.dispose()
    return len(analysed) / saved, refreshed


def stream(url: str, documents: list[AnalysedDocument]) -> tuple[float, float, list[float]]:
    """Documents stored and refreshed per second as `ingest` stores a long stream (a transaction a
    batch, the tables refreshed as its `Cadence` says and at the end), the refreshes' share of
    that time, and each refresh's seconds. Analysis aside: it does not depend on the store."""
    from claimscope.batch import BATCH_DOCUMENTS, Cadence
    from claimscope.query import refresh
    from claimscope.store import Store

    store = Store(url)
    cadence = Cadence()
    took: list[float] = []
    started = time.perf_counter()
    for first in range(0, len(documents), BATCH_DOCUMENTS):
        batch = documents[first : first + BATCH_DOCUMENTS]
        store.save_many([(item, False) for item in batch])
        cadence.unrefreshed += len(batch)
        if cadence.due() or first + BATCH_DOCUMENTS >= len(documents):
            cadence.timed(lambda: refresh(store, share=1.0))  # as a stream refreshing as it goes
            took.append(cadence.took)
    seconds = time.perf_counter() - started
    store.engine.dispose()
    return len(documents) / seconds, sum(took) / seconds, took


def variants(shared: Path, count: int) -> list[AnalysedDocument]:
    """``count`` variants of the analysed sample not in any bench store (another seed)."""
    from store_variants import Variants, sample

    found = Variants(sample(shared), STREAM_SEED, 0.1, STREAM_DAYS)
    return [item for item, _ in zip(found, range(count), strict=False)]


def _writes(
    store: Path, where: str, analysed: list[AnalysedDocument], streamed: list[AnalysedDocument], scratch: Path
) -> None:
    """The ingest and the stream, each into its own copy of the SQLite file ``store`` (in ``scratch``,
    written out before it is timed)."""
    for documents, streaming in ((analysed, False), (streamed, True)):
        if not documents:
            continue
        copy = scratch / "copy.db"
        shutil.copyfile(store, copy)
        _on_disk(copy)
        if not streaming:
            rate, refreshed = ingest(f"sqlite:///{copy}", documents)
            print(f"{where}: ingest of {len(documents)} documents {rate:.1f} docs/s, refresh {refreshed:.2f} s")
        else:
            rate, share, took = stream(f"sqlite:///{copy}", documents)
            each = ", ".join(f"{t:.1f}" for t in took)
            print(f"{where}: a stream of {len(documents)} documents {rate:.1f} docs/s stored and refreshed", end="")
            print(f" ({share:.0%} of it refreshing: {len(took)} refreshes of {each} s)")
        for path in scratch.glob("copy.db*"):
            path.unlink()


def _on_disk(path: Path) -> None:
    """The copy written out before the ingest is timed: its first commit's fsync would otherwise
    write the gigabytes just copied (at 100,000 documents that doubled the time of saving)."""
    with path.open("rb+") as copied:
        os.fsync(copied.fileno())


def documents_in(url: str) -> int:
    from sqlalchemy import func, select

    from claimscope.store import Store
    from claimscope.store.models import DocumentRow

    store = Store(url)
    with store.sessions() as session:
        count = int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)
    store.engine.dispose()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True, help="a store's URL (repeat for several)")
    parser.add_argument("--about", default="Pokrovsk")
    parser.add_argument("--entity", default="Vladimir Poutine")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--ingest", type=int, default=20, help="real documents ingested at the end (0: none)")
    parser.add_argument(
        "--stream", type=int, default=1000, help="variants of the sample stored as a stream at the end (0: none)"
    )
    args = parser.parse_args(argv)
    from claimscope.store import Store
    from claimscope.store.failures import sqlite_file

    print(f"start-up of a read-only command (documents --help): {startup(args.runs):.2f} s (goal {GOAL_STARTUP_S} s)")
    analysed = analysed_documents([args.shared / "corpus" / "news-fr-general"], args.ingest) if args.ingest else []
    streamed = variants(args.shared, args.stream) if args.stream else []
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty.db"
        Store(f"sqlite:///{empty}").engine.dispose()  # the schema, no document
        _writes(empty, "into an empty store", analysed, streamed, Path(scratch))
        for url in args.db:
            size = documents_in(url)
            print(f"\n{url}: {size:,} documents")
            body = in_process(url, args.about, args.entity, args.runs)
            whole = whole_commands(url, args.about, args.entity)
            print(f"  {'command':32} {'query ms':>9} {'query+layout ms':>16} {'whole command s':>16} {'peak MiB':>9}")
            for name, (queries, ms) in body.items():
                seconds, mib = whole[name]
                mark = "" if queries <= GOAL_QUERY_MS else "  (queries over the goal)"
                print(f"  {name:32} {queries:9.0f} {ms:16.0f} {seconds:16.2f} {mib:9d}{mark}")
            path = sqlite_file(url)
            if path is not None:
                _writes(path, "  at the end of the stream", analysed, streamed, Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
