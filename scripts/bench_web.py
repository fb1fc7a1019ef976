"""Latency of the desk's pages and API on a store (what `make bench-web` runs on 1k and 10k stores),
and the time to read each export whole.

The app runs in its own process (uvicorn on 127.0.0.1, a free port), as `claimscope serve` would,
so the client's work never shares the server's interpreter; requests are real HTTP, sequential,
after a warm-up, and go round the endpoints in turn so that no endpoint is timed only on caches
the previous one filled. Ids (an article, the biggest proposition) are found through the API.

    python scripts/bench_web.py --db sqlite:///build/bench-1k.db --db sqlite:///build/bench-10k.db
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

GOAL_MS = 150.0
MAP_DATE = "2025-12-01"
BEYOND = 99_999  # past the end of any bench store, under the largest page number the desk accepts
EXPORTS = [f"/api/export/{name}" for name in ("attributions.jsonl", "claims.jsonl", "claims.csv", "flags.jsonld")]
EXPORTS.append(f"/api/export/map.geojson?date={MAP_DATE}")
BUSY = 0.25  # CPU share used by other work above which the figures are not a quiet machine's
STARTUP_SECONDS = 180  # a cold store may refresh its materialised verdicts on the first request


def serve(db: str, port: int) -> None:
    """The server side: the desk app on 127.0.0.1, no access log (it would be timed too)."""
    from claimscope.store import Store
    from claimscope.web.app import run_desk

    run_desk(Store(db), "127.0.0.1", port, access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(client: httpx.Client, server: subprocess.Popen[bytes]) -> float:
    """Seconds until the app answers the articles list (the first answer may include a lazy refresh)."""
    started = time.perf_counter()
    while time.perf_counter() - started < STARTUP_SECONDS:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode} (see its errors above)")
        try:
            client.get("/articles", timeout=STARTUP_SECONDS)
            return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {STARTUP_SECONDS} s")


def items(payload: Any) -> list[dict[str, Any]]:
    """The records of a list answer, whether a bare list or a page object ({"items": [...], ...})."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for value in payload.values():
            if isinstance(value, list) and (not value or isinstance(value[0], dict)):
                return value
    return []


def biggest(propositions: list[dict[str, Any]]) -> dict[str, Any]:
    """The proposition with the most stances (the heaviest proposition page)."""

    def size(item: dict[str, Any]) -> int:
        stances = item.get("stances", item.get("rows", 0))
        return len(stances) if isinstance(stances, list) else int(stances or 0)

    return max(propositions, key=size)


def sample_ids(client: httpx.Client, db: str) -> tuple[str, dict[str, Any], str]:
    """An article id, the biggest proposition (pid, key, stances) and where they were found: the API,
    or the query layer the API reads when the app does not serve it (yet)."""
    documents = client.get("/api/documents", params={"limit": 1})
    claims = client.get("/api/claims", params={"limit": 200})
    if documents.status_code == 200 and claims.status_code == 200:
        first, found = items(documents.json()), items(claims.json())
        if not first or not found:
            raise SystemExit("the store has no documents or no propositions: build one with scripts/make_store.py")
        return first[0]["id"], biggest(found), "the API"
    from claimscope import query
    from claimscope.store import Store

    store = Store(db, migrate=False)
    page = query.documents(store, limit=1)
    board = query.propositions(store, limit=200)
    if not page.items or not board.items:
        raise SystemExit("the store has no documents or no propositions: build one with scripts/make_store.py")
    top = max(board.items, key=lambda p: p.stances)
    return page.items[0].id, {"pid": top.pid, "key": top.key, "stances": top.stances}, "the query layer"


def deepest_page(html: str) -> int:
    """The last page, as a list asked for a page past its end links to it (besides the asked page's
    neighbours): found whatever the page size."""
    pages = {int(n) for n in re.findall(r"[?&;]page=(\d+)", html)} - {BEYOND - 1, BEYOND + 1}
    return max(pages, default=1)


def endpoints(client: httpx.Client, db: str, query: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, URL) pairs to time, and notes on the ids and pages chosen."""
    doc_id, top, origin = sample_ids(client, db)
    deep = deepest_page(client.get("/articles", params={"page": BEYOND}).text)
    notes = [
        f"ids from {origin}: article {doc_id}; articles list deep page {deep}",
        f"biggest proposition {top['pid']}: {top.get('key', '?')} ({top.get('stances', '?')} stances)",
    ]
    narrowed, chosen = narrowed_lists(client, query)
    notes += chosen
    return [
        ("/articles", "/articles"),
        ("/articles?page=last (deep)", f"/articles?page={deep}"),
        (f"/articles?q={query}", f"/articles?q={query}"),
        *narrowed,
        ("/articles/{id}", f"/articles/{doc_id}"),
        ("/claims", "/claims"),
        ("/claims/{pid} (biggest)", f"/claims/{top['pid']}"),
        ("/timeline (biggest)", f"/timeline?proposition={top['pid']}"),
        (f"/map?date={MAP_DATE}", f"/map?date={MAP_DATE}"),
        (f"/api/map?date={MAP_DATE}", f"/api/map?date={MAP_DATE}"),
        ("/flags", "/flags"),
        ("/speakers", "/speakers"),
        ("/api/documents?limit=50", "/api/documents?limit=50"),
        ("/api/claims?about=Pokrovsk", "/api/claims?about=Pokrovsk"),
    ], notes


def narrowed_lists(client: httpx.Client, query: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The list as a desk user narrows it: the search within the first article's site and within
    the flagged articles, the most quoted speaker's articles, page and timeline; a note of the
    site and speaker chosen, or of why none are timed (the API cannot say which)."""
    documents = client.get("/api/documents", params={"limit": 1})
    speakers = client.get("/api/speakers", params={"limit": 1})
    first = items(documents.json()) if documents.status_code == 200 else []
    quoted = items(speakers.json()) if speakers.status_code == 200 else []
    if not first or not first[0].get("site") or not quoted:
        return [], ["narrowed lists not timed: the API gives no site or speaker"]
    site, speaker = first[0]["site"], quoted[0]["name"]
    return [
        ("site + q (1 site)", f"/articles?q={quote(query)}&site={quote(site)}"),
        ("flagged + q", f"/articles?q={quote(query)}&flagged=1"),
        ("speaker (most quoted)", f"/articles?speaker={quote(speaker)}"),
        ("speaker's page", f"/speakers/{quote(speaker, safe='')}"),
        ("speaker's timeline", f"/timeline?person={quote(speaker)}"),
    ], [f"narrowed lists: the search within site {site} and within the flagged; {speaker}'s articles, page, timeline"]


def measure(client: httpx.Client, targets: list[tuple[str, str]], requests: int, warmup: int) -> dict[str, Any]:
    """Milliseconds per request (body read) per endpoint, round-robin; statuses other than 200 kept."""
    times: dict[str, list[float]] = {label: [] for label, _ in targets}
    sizes: dict[str, int] = {}
    failures: dict[str, str] = {}
    for turn in range(warmup + requests):
        for label, url in targets:
            started = time.perf_counter()
            try:
                response = client.get(url)
            except httpx.TransportError as exc:  # the server dropped the connection (an unhandled error)
                failures[label] = type(exc).__name__
                response = None
            elapsed = (time.perf_counter() - started) * 1000
            if response is not None and response.status_code != 200:
                failures[label] = f"HTTP {response.status_code}"
            if turn >= warmup:
                times[label].append(elapsed)
                sizes[label] = len(response.content) if response is not None else 0
    return {"times": times, "sizes": sizes, "failures": failures}


def exports(client: httpx.Client, turns: int) -> list[tuple[str, float, int, int]]:
    """Each export read whole (streamed), ``turns`` times: (URL, best seconds, bytes, lines)."""
    found = []
    for url in EXPORTS:
        best, size, lines = float("inf"), 0, 0
        for _ in range(turns):
            started, size, lines = time.perf_counter(), 0, 0
            with client.stream("GET", url, timeout=600) as response:
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                for chunk in response.iter_bytes():
                    size, lines = size + len(chunk), lines + chunk.count(b"\n")
            best = min(best, time.perf_counter() - started)
        found.append((url, best, size, lines))
    return found


def report_exports(found: list[tuple[str, float, int, int]]) -> None:
    print(f"\n{'export, read whole':<48} {'best s':>7} {'MiB':>8} {'lines':>10}")
    for url, seconds, size, lines in found:
        shown = url.removeprefix("/api/export/")
        print(f"{shown:<48} {seconds:7.2f} {size / 2**20:8.1f} {lines:10,}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results: dict[str, Any], goal: float) -> bool:
    """An 80-column table; True when every endpoint answers 200 with p95 under the goal."""
    print(f"{'endpoint':<36} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'KiB':>6}  p95<{goal:.0f}")
    ok = True
    for label, values in results["times"].items():
        status = results["failures"].get(label)
        p95 = percentile(values, 0.95)
        verdict = status or ("meets" if p95 < goal else "MISSES")
        ok = ok and verdict == "meets"
        shown = label if len(label) <= 36 else label[:35] + "…"
        print(
            f"{shown:<36} {statistics.median(values):7.1f} {p95:7.1f} {max(values):7.1f} "
            f"{results['sizes'][label] / 1024:6.1f}  {verdict}"
        )
    return ok


def store_size(db: str) -> str:
    prefix = "sqlite:///"
    path = Path(db[len(prefix) :]) if db.startswith(prefix) else None
    return f"{path.stat().st_size / 2**20:.1f} MiB" if path and path.exists() else "not an SQLite file"


def bench(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """One store: its own server process, the table, the results."""
    print(f"\nstore: {db} ({store_size(db)})")
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--db", db, "--serve", str(port)])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            print(f"server ready in {wait_ready(client, server):.1f} s")
            targets, notes = endpoints(client, db, args.query)
            for note in notes:
                print(note)
            print(f"{args.requests} timed requests per endpoint after {args.warmup} warm-up, sequential\n")
            results = measure(client, targets, args.requests, args.warmup)
            exported = exports(client, args.export_turns) if args.export_turns else []
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    ok = report(results, args.goal_ms)
    print(f"goal: p95 < {args.goal_ms:.0f} ms for every endpoint: {'met' if ok else 'NOT met'}")
    if exported:
        report_exports(exported)
    return results


def growth(runs: list[dict[str, Any]], names: list[str]) -> None:
    """p95 per store side by side: a page whose time grows with the store shows here."""
    width = 80 - 30 - 8
    column = max(8, width // len(names))
    print(f"\n{'p95 ms by store':<30}" + "".join(f"{n[-column + 1 :]:>{column}}" for n in names) + f"{'growth':>8}")
    for label in runs[0]["times"]:
        p95s = [percentile(run["times"][label], 0.95) if label in run["times"] else None for run in runs]
        cells = "".join(f"{p:>{column}.1f}" if p is not None else f"{'-':>{column}}" for p in p95s)
        first, last = p95s[0], p95s[-1]
        ratio = f"{last / first:7.1f}x" if first and last else f"{'-':>8}"
        print(f"{label[:29]:<30}{cells}{ratio}")


def busy_share(seconds: float = 1.0) -> float | None:
    """Share of CPU time spent working over the next second (Linux), before any server starts: the
    load average would still count the store build that `make bench-web` has just run."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]  # idle and iowait
        return sum(values) - idle, sum(values)

    try:
        work, total = sample()
        time.sleep(seconds)
        later_work, later_total = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (later_work - work) / max(1, later_total - total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", required=True, action="append", help="SQLAlchemy URL of a store (repeat to compare store sizes)"
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per endpoint first")
    parser.add_argument("--query", default="Pokrovsk", help="the search word (a word of the texts)")
    parser.add_argument("--goal-ms", type=float, default=GOAL_MS)
    parser.add_argument("--export-turns", type=int, default=2, help="reads of each whole export (0: none)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the server process
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.db[0], args.serve)
        return 0

    busy = busy_share()
    shown = f", {busy:.0%} busy" if busy is not None else ""
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}{shown}")
    if busy is not None and busy > BUSY:
        print("the machine is busy with other work: these figures are upper bounds, rerun it when idle")
    runs = [bench(db, args) for db in args.db]
    if len(runs) > 1:
        growth(runs, [Path(db).stem for db in args.db])
    return 0  # a benchmark reports figures; it fails only when it cannot measure


if __name__ == "__main__":
    sys.exit(main())
