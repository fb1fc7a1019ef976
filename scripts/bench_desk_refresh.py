"""The desk while it refreshes a stale store: its requests' latency during the refresh and after
it, and the server's memory (and its refresh's, where that runs in a process of its own).

Why: the desk's server lives for days, and at 100,000 documents a refresh takes a minute or more;
its requests must stay fast meanwhile, and what the refresh held must not stay with the server.
Each store is copied (scripts/bench_stream.copied), then the real `claimscope ingest` stores a
stream of ``--docs`` sample variants (scripts/bench_memory.stream) in the copy and is killed once
they are all stored, before it refreshes: the copy is stale, as after an ingest that was stopped
or a `kb import`. After the quiet time readers wait for (`materialise.QUIET_SECONDS`), the desk
starts on it (scripts/bench_web.serve, its own process) and begins the refresh beside its
requests; the desk's pages and API (scripts/bench_web.endpoints) are then asked for in turn until
the store is fresh, and as many turns again after.

    .venv/bin/python scripts/bench_desk_refresh.py --docs 200 \\
        --db sqlite:///build/bench-100k.db
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from bench_stream import copied, stored, written_stream
from bench_web import endpoints, free_port, percentile, wait_ready
from bench_workers import descendants, resident_mib
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from claimscope.query.materialise import QUIET_SECONDS, is_stale
from claimscope.store import Store

DEADLINE_S = 3600  # a refresh at 100,000 documents takes minutes, a full one a quarter of an hour


def left_stale(path: Path, url: str, docs: int) -> None:
    """``docs`` new documents stored in the store at ``url`` by the real command, killed before it
    refreshes."""
    engine = create_engine(url)
    before = stored(engine)
    command = [sys.executable, "-m", "claimscope.cli", "ingest", str(path), "--db", url, "--refresh-every", "0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while stored(engine) - before < docs:
        if process.poll() is not None:
            raise SystemExit(f"the ingest ended (exit {process.returncode}) before it stored {docs} documents")
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # its children in process groups of their own end as their stdin closes
    process.wait()
    engine.dispose()
    if not is_stale(Store(url, migrate=False)):
        raise SystemExit("the ingest refreshed the store before it was killed: try more --docs")


def turns(
    client: httpx.Client, targets: list[tuple[str, str]], until: Callable[[], bool] | None, count: int
) -> list[float]:
    """Milliseconds of each request, the endpoints in turn: while ``until`` says the store is stale
    (None: ``count`` turns), for DEADLINE_S at most."""
    times: list[float] = []
    done, started = 0, time.monotonic()
    while (until is None and done < count) or (until is not None and until()):
        if time.monotonic() - started > DEADLINE_S:
            raise SystemExit(
                f"the store was still stale after {DEADLINE_S} s: the desk's refresh failed (its log above)"
            )
        for _, url in targets:
            sent = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - sent) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        done += 1
    return times


def summary(times: list[float]) -> str:
    return (
        f"{len(times)} requests, median {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
        f"max {max(times):.0f} ms"
    )


def bench(url: str, path: Path, docs: int, folder: Path) -> None:
    where = make_url(url).render_as_string(hide_password=True)
    with copied(url, folder) as copy:
        left_stale(path, copy, docs)
        time.sleep(QUIET_SECONDS + 1)  # readers leave a store a writer stored in a moment ago
        port = free_port()
        scripts = Path(__file__).parent
        server = subprocess.Popen([sys.executable, str(scripts / "bench_web.py"), "--db", copy, "--serve", str(port)])
        store = Store(copy, migrate=False)
        peaks, sampling = [0.0, 0.0], threading.Event()

        def sample() -> None:  # the server's and its refresh's memory, five times a second
            while not sampling.wait(0.2):
                refreshing = sum(resident_mib(pid) for pid, command in descendants(server.pid) if "beside" in command)
                peaks[:] = [max(peaks[0], resident_mib(server.pid)), max(peaks[1], refreshing)]

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
                started = time.perf_counter()
                wait_ready(client, server)
                targets, _ = endpoints(client, copy, "Pokrovsk")
                during = turns(client, targets, lambda: is_stale(store), 0)
                refreshed = time.perf_counter() - started
                after = turns(client, targets, None, max(1, len(during) // len(targets)))
                settled = resident_mib(server.pid)
        finally:
            sampling.set()
            server.terminate()
            server.wait(timeout=30)
            store.engine.dispose()
    if not during:
        raise SystemExit(f"{where}: the desk's refresh ended before its first request was timed: try more --docs")
    print(
        f"{where}: {docs} new documents, fresh {refreshed:.0f} s after the desk started; "
        f"during it {summary(during)}; after it {summary(after)}; the server's peak {peaks[0]:.0f} MiB, "
        f"{settled:.0f} MiB after; its refresh's process of its own {peaks[1]:.0f} MiB",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True, help="a store's URL (repeat for several)")
    parser.add_argument("--docs", type=int, default=200, help="new documents the desk's refresh takes in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = written_stream(Path(folder), args.docs)
        for url in args.db:
            bench(url, path, args.docs, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
