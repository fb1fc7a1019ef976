"""Ingest throughput at the start and at the end of a stream: the real `claimscope ingest`, analysis
included, of the same stream into each given store.

Why: a stream of news must not slow down as the store grows. The stream is made of variants of the
French sample articles (scripts/bench_memory.stream: each with a new id and a closing paragraph
naming a made-up correspondent and place). Each store is copied first (a SQLite file, or none for a
file that does not exist: an empty store; a PostgreSQL database with CREATE DATABASE … TEMPLATE on
its server) and the copy is dropped after.
The command refreshes as it goes (`batch.Cadence`; beside the stream, in a process of its own:
`claimscope.beside`); this script counts the stored documents every second and prints the
documents/s of the stream from its first stored document to its last, of each fifth of it, and
the refresh that ends the batch, and the peak memory of the client and of its refreshes (a long
stream's run in processes of their own).

    PYTHONPATH=src .venv/bin/python scripts/bench_stream.py --docs 3000 \\
        --db postgresql+psycopg://…/empty --db postgresql+psycopg://…/bench100k
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

from bench_memory import stream
from bench_workers import INPUTS, descendants, resident_mib
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

PARTS = 5


@contextmanager
def copied(url: str, folder: Path) -> Iterator[str]:
    """A copy of the store at ``url``, dropped afterwards."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":  # a file that does not exist: an empty store
        copy = folder / "copy.sqlite"
        if Path(str(parsed.database)).exists():
            shutil.copyfile(str(parsed.database), copy)
        yield f"sqlite:///{copy}"
        for path in folder.glob("copy.sqlite*"):
            path.unlink()
        return
    name = f"{parsed.database}_stream"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def stored(engine: Engine) -> int:
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM documents")).scalar() or 0)
    except Exception:  # the command creates the schema of an empty store as it starts
        return 0


def refreshes_mib(client: int) -> float:
    """The resident MiB of the client's refreshes in processes of their own (`claimscope.beside`)."""
    return sum(resident_mib(pid) for pid, command in descendants(client) if "claimscope.beside" in command)


def timed_ingest(path: Path, url: str) -> tuple[list[tuple[float, int]], float, int, tuple[float, float]]:
    """The command's stored count every second, its seconds, exit code and peak resident MiB: the
    client's, and its refreshes' in processes of their own (analysis runs in a child process of its
    own)."""
    engine = create_engine(url)
    before = stored(engine)
    command = [sys.executable, "-m", "claimscope.cli", "ingest", str(path), "--db", url]
    started = time.monotonic()
    log = path.with_suffix(".log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
    samples: list[tuple[float, int]] = []
    peak = beside = 0.0
    while process.poll() is None:
        time.sleep(1.0)
        peak, beside = max(peak, resident_mib(process.pid)), max(beside, refreshes_mib(process.pid))
        samples.append((time.monotonic() - started, stored(engine) - before))
    ended = time.monotonic() - started
    samples.append((ended, stored(engine) - before))
    engine.dispose()
    log.close()
    if process.returncode:  # what the command said last
        print(path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
    return samples, ended, process.returncode, (peak, beside)


def refreshes_said(log: Path) -> str:
    """What the command said of its refreshes' time (`cli.render.refreshed`), its words joined."""
    words = " ".join(log.read_text("utf-8", "replace").split())  # the terminal's line breaks undone
    found = re.search(r"verdicts and flags refreshed (in [\d.]+ s|\d+ times \([^)]*\))", words)
    return f"; its refreshes: {found.group(1)}" if found else ""


def report(
    where: str, docs: int, samples: list[tuple[float, int]], ended: float, peaks: tuple[float, float], said: str
) -> None:
    """Rates between the last sample at or below a count and the first at or above the next."""

    def below(count: int) -> float:
        return max((t for t, n in samples if n <= count), default=0.0)

    def reached(count: int) -> float:
        return next(t for t, n in samples if n >= count)

    first, last = below(0), reached(docs)
    bounds = [docs * part // PARTS for part in range(PARTS + 1)]
    rates = [(high - low) / (reached(high) - below(low)) for low, high in pairwise(bounds)]
    print(
        f"{where}: {docs} documents {docs / (last - first):.1f} docs/s from the first stored to the last "
        f"(each fifth: {', '.join(f'{r:.1f}' for r in rates)}); the refresh that ends the batch "
        f"{ended - last:.0f} s; {ended:.0f} s in all (model loading included); the client's peak {peaks[0]:.0f} MiB, "
        f"its refreshes' (processes of their own) {peaks[1]:.0f} MiB{said}",
        flush=True,
    )


def written_stream(folder: Path, docs: int) -> Path:
    """A JSON Lines file of ``docs`` sample variants (`bench_memory.stream`) in ``folder``."""
    path = folder / "stream.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stream(INPUTS, docs)))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True, help="a store's URL (repeat for several)")
    parser.add_argument("--docs", type=int, default=3000, help="documents in the stream")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = written_stream(Path(folder), args.docs)
        for url in args.db:
            where = make_url(url).render_as_string(hide_password=True)
            with copied(url, Path(folder)) as copy:
                samples, ended, code, peaks = timed_ingest(path, copy)
            if code or samples[-1][1] != args.docs:
                print(f"{where}: the ingest failed (exit {code}, {samples[-1][1]} documents stored)")
                return code or 1
            report(where, args.docs, samples, ended, peaks, refreshes_said(path.with_suffix(".log")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
