"""`claimscope ingest` as a child process for the kill-and-resume tests (tests/test_cluster.py):
the library path the command takes (`cluster_client`, then `batch.ingest`), which runs on a
cluster whether or not the command's --workers and --cluster options are wired.

    python -m tests.ingest_child FOLDER DB_URL [--workers N | --cluster ADDRESS] [--time-budget S]
"""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

import claimscope.cli  # noqa: F401  first, as the command's own main module: its spawned workers ignore Ctrl-C
from claimscope import batch
from claimscope.budget import Budget
from claimscope.cli.options import cluster_client
from claimscope.store import Store


def main() -> None:
    # Ctrl-C raises here as in a terminal's command, even when the suite runs as a background job
    # (which starts its children with SIGINT ignored: Python then installs no handler of its own)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("url")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--cluster")
    parser.add_argument("--time-budget", type=float, default=60.0)
    args = parser.parse_args()
    budget = Budget(args.time_budget)
    try:
        with cluster_client(args.workers, args.cluster, budget) as client:
            summary = batch.ingest([args.folder], Store(args.url), budget=budget, client=client)
    except KeyboardInterrupt:  # as the command does
        print("interrupted")
        raise SystemExit(130) from None
    problems = "; ".join(f"{p.source}: {p.reason}" for p in summary.problems)
    print(f"stored {summary.stored}, already {summary.already_stored}, problems {len(summary.problems)}: {problems}")


if __name__ == "__main__":  # a local cluster's workers import this module again (spawn): they must not run it
    main()
