"""Run a benchmark on PostgreSQL copies of SQLite stores, in a throwaway server it starts and stops.

Why: the desk's and the commands' figures on PostgreSQL came from a server set up by hand (a
database made, the store copied, VACUUM ANALYZE); this makes them one command that anyone can
run again. The server is `scripts/test-postgres.sh`'s (loopback, trust, fsync off: for timing
reads, never for data); each store is copied with `copy_store.py`, its statistics gathered, and
the command is run with one `--db URL` per copy, in the order given.

    python scripts/on_postgres.py build/bench-1k.db build/bench-10k.db -- python scripts/bench_web.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copy_store import copy
from sqlalchemy import create_engine, make_url, text

from claimscope.store import Store

SERVER = Path(__file__).with_name("test-postgres.sh")


def copied(server: str, store: Path) -> str:
    """``store`` copied into a new database of ``server`` named after its file, analysed: its URL."""
    name = store.stem.replace("-", "_")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    started = time.perf_counter()
    target = Store(url)
    copy(Store(f"sqlite:///{store}"), target)
    with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    target.engine.dispose()
    print(f"{store} copied to PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Everything after -- is the command; it is given --db URL for each copy.",
    )
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite store files to copy")
    given = sys.argv[1:] if argv is None else argv
    split = given.index("--") if "--" in given else len(given)
    args, command = parser.parse_args(given[:split]), given[split + 1 :]
    if not command:
        parser.error("give the command to run after --, e.g. -- python scripts/bench_web.py")
    for store in args.stores:
        if not store.is_file():
            parser.error(f"{store}: no such store (make {store} builds a benchmark store)")
    folder = Path(tempfile.mkdtemp(prefix="claimscope-pg-", dir="/tmp"))
    started = subprocess.run(["bash", str(SERVER), "start", str(folder)], capture_output=True, text=True)
    if started.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"no PostgreSQL server could be started:\n{started.stderr}", file=sys.stderr)
        return 3
    try:
        urls = [copied(started.stdout.strip(), store) for store in args.stores]
        return subprocess.run([*command, *(f"--db={url}" for url in urls)]).returncode
    finally:
        subprocess.run(["bash", str(SERVER), "stop", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
