"""Documents per second of `ingest` in one process, on a Dask cluster of 1 worker and of 2 workers.

Each configuration ingests the same stream (the shared French corpora, 99 articles by default)
into a fresh temporary SQLite store, in a process of its own, and reports:

- documents/s once analysis is under way (the pipeline loaded: in one process, its analysing
  process warmed first; on a cluster, its workers warmed by `connect`), and the wall time with
  the start included;
- the CPU time each document costs the client (and of it its main thread: reading, saving,
  refreshing; the rest is Dask's), a Dask worker process and analysis (what bounds the speed-up
  on a few cores), and the load average (the machine may be shared);
- the peak resident memory of the client (the process that reads and stores), of a Dask worker
  process, and of an analysing process (where spaCy runs: the worker's own, under the budget).

    PYTHONPATH=src .venv/bin/python scripts/bench_workers.py [--workers 1 2] [INPUT ...]

The ratios at the end compare each cluster with the single process (goals: 2 workers at least
1.8 times as fast; 1 worker within 10 % of it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
INPUTS = [SHARED / "corpus" / "news-fr-general" / "articles.jsonl", SHARED / "corpus" / "news-fr" / "articles.jsonl"]


class Sampler(threading.Thread):
    """Samples this process's descendants (Linux /proc) by kind: peak resident memory, CPU time."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks = {"worker": 0.0, "analysing": 0.0}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> kind, CPU seconds when last seen
        self.own = 0.0  # this thread's CPU seconds: the client's, but not the client's work
        self.running = True

    def run(self) -> None:
        while self.running:
            self.sample()
            self.own = time.thread_time()
            time.sleep(0.2)

    def sample(self) -> None:
        for pid, command in descendants(os.getpid()):
            kind = "analysing" if "warm_process" in command else "worker" if "spawn_main" in command else None
            if kind:
                self.peaks[kind] = max(self.peaks[kind], resident_mib(pid))
                self.cpu[pid] = (kind, _cpu_s(pid) or self.cpu.get(pid, (kind, 0.0))[1])

    def cpu_s(self) -> dict[str, float]:
        """CPU seconds so far: this process (the client; a local cluster's scheduler and nannies
        too) less this sampling thread (some 10–20 ms a second, more on a busy machine), of it the
        calling thread's (the main one: reading, saving, refreshing; the rest is Dask's), workers,
        analysis."""
        self.sample()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        client = usage.ru_utime + usage.ru_stime - self.own
        totals = {"client": client, "main": time.thread_time(), "worker": 0.0, "analysing": 0.0}
        for kind, seconds in list(self.cpu.values()):
            totals[kind] += seconds
        return totals


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def descendants(root: int) -> list[tuple[int, str]]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = set[int](), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    out = []
    for pid in found:
        try:
            out.append((pid, Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except OSError:
            continue
    return out


def resident_mib(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def measure(workers: int, inputs: list[Path]) -> dict[str, float]:
    """One configuration, in this process (0 workers: the single-process path)."""
    from claimscope import batch
    from claimscope.budget import Budget, analyse_within
    from claimscope.store import Store
    from claimscope.worker import warm_up_document

    sampler = Sampler()
    sampler.start()
    budget = Budget()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.sqlite")
        if workers:
            from claimscope.cluster import connect

            with connect(workers, budget=budget) as client:
                ready, cpu = time.perf_counter(), sampler.cpu_s()
                summary = batch.ingest(inputs, store, budget=budget, client=client)
                done, cpu_done = time.perf_counter(), sampler.cpu_s()
        else:
            analyse_within(warm_up_document(), budget)  # the pipeline is loaded before the clock starts
            ready, cpu = time.perf_counter(), sampler.cpu_s()
            summary = batch.ingest(inputs, store, budget=budget)
            done, cpu_done = time.perf_counter(), sampler.cpu_s()
    sampler.running = False
    analysed = summary.stored + len(summary.problems)
    per_document = {f"{kind}_cpu_ms": 1000 * (cpu_done[kind] - cpu[kind]) / analysed for kind in cpu}
    return {
        "workers": workers,
        "documents": analysed,
        "per_s": analysed / (done - ready),
        "wall_s": done - started,
        "start_s": ready - started,
        "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mib": sampler.peaks["worker"],
        "analysing_mib": sampler.peaks["analysing"],
        "load": os.getloadavg()[0],
        **per_document,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=INPUTS)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2], help="cluster sizes to compare")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single configuration, in a child
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.inputs)))
        return
    rows = []
    for workers in [0, *args.workers]:  # each in a fresh process: its memory is its own
        command = [sys.executable, __file__, "--one", str(workers), *map(str, args.inputs)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
        row = rows[-1]
        name = f"{workers} worker{'s' * (workers > 1)}" if workers else "single process"
        print(
            f"{name:>15}: {row['per_s']:5.2f} documents/s ({row['documents']} in {row['wall_s']:.1f} s, "
            f"{row['start_s']:.1f} s of it starting); peak RSS client {row['client_mib']:.0f} MiB, "
            f"worker {row['worker_mib']:.0f} MiB, analysing process {row['analysing_mib']:.0f} MiB",
            flush=True,
        )
        print(
            f"{'':>15}  CPU a document: client {row['client_cpu_ms']:.0f} ms ({row['main_cpu_ms']:.0f} in its main "
            f"thread), worker {row['worker_cpu_ms']:.0f} ms, "
            f"analysis {row['analysing_cpu_ms']:.0f} ms; load average {row['load']:.1f} on {os.cpu_count()} cores",
            flush=True,
        )
    single = rows[0]["per_s"]
    for row in rows[1:]:
        print(f"{row['workers']} worker(s) / single process: {row['per_s'] / single:.2f}x")


if __name__ == "__main__":  # the local cluster's workers import this file again (spawn): they must not run it
    main()
