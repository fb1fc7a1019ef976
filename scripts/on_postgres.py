"""Run a benchmark on PostgreSQL copies of SQLite stores, in a throwaway server it starts and stops.

Why: the desk's and the commands' figures on PostgreSQL came from a server set up by hand (a
database made, the store copied, VACUUM ANALYZE); this makes them one command that anyone can
run again. The server is the tests' (`tests/pg.py`, `scripts/test-postgres.sh`: loopback, trust,
fsync off: for timing reads, never for data); each store is copied with `copy_store.py` into a
database named after its file, its statistics gathered, and the command is run with one
`--db=URL` per copy, in the order given.

    python scripts/on_postgres.py build/bench-1k.db build/bench-10k.db -- python scripts/bench_web.py
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import copy_store
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' server, from the checkout
from tests.pg import Cluster, NoServer, create_database

RESERVED = {"postgres", "template0", "template1"}


def database_names(stores: list[Path]) -> list[str] | str:
    """A database name for each store, from its file's name (benchmarks label their rows with
    it), or what is wrong: two stores named alike, or a name PostgreSQL keeps for itself."""
    names = [re.sub(r"\W", "_", store.stem.lower(), flags=re.ASCII)[:60] for store in stores]
    for name, store in zip(names, stores, strict=True):
        if names.count(name) > 1 or name in RESERVED:
            return f"{store}: its copy would be named {name!r}, as another's or PostgreSQL's own; rename the file"
    return names


def copied(server: str, store: Path, name: str) -> str:
    """``store`` copied into a new database ``name`` of ``server``, its statistics gathered: its URL."""
    url, _ = create_database(server, name)
    copy_store.main([f"sqlite:///{store}", url])
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        usage="%(prog)s STORE [STORE ...] -- COMMAND [ARG ...]",
        description=__doc__.split("\n\n")[0],
        epilog="Everything after -- is the command; it is given --db=URL for each copy.",
    )
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite store files to copy")
    given = sys.argv[1:] if argv is None else argv
    split = given.index("--") if "--" in given else len(given)
    args, command = parser.parse_args(given[:split]), given[split + 1 :]
    if not command:
        parser.error("give the command to run after --, e.g. -- python scripts/bench_web.py")
    if shutil.which(command[0]) is None:
        parser.error(f"{command[0]}: no such command")
    for store in args.stores:
        if not store.is_file():
            parser.error(f"{store}: no such store (make {store} builds a benchmark store)")
    names = database_names(args.stores)
    if isinstance(names, str):
        parser.error(names)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the server is stopped too
    cluster = None
    try:
        cluster = Cluster.start()
        urls = [copied(cluster.url, store, name) for store, name in zip(args.stores, names, strict=True)]
        return subprocess.run([*command, *(f"--db={url}" for url in urls)], check=False).returncode
    except NoServer as reason:
        print(f"no PostgreSQL server could be started: {reason}", file=sys.stderr)
        return 3
    finally:
        if cluster is not None:
            cluster.remove()


if __name__ == "__main__":
    sys.exit(main())
