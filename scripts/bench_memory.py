"""Resident memory of every process of `claimscope ingest` over a long stream, every N documents.

Why: a stream of news never ends, so no process may grow with it. The stream is made by varying
the French sample articles (news-fr, news-fr-general): each variant gets a new id and a closing
paragraph naming a made-up correspondent and place, so that spaCy keeps meeting new words (a real
stream keeps bringing new names) and no text is a copy of another. The real command runs in a
fresh store; this script samples it from outside (Linux /proc) and prints, every ``--every``
stored documents, the resident MiB of the client (the command), of each Dask worker process, of
each analysing warm process and of the child that analyses (`claimscope.worker`).

    PYTHONPATH=src .venv/bin/python scripts/bench_memory.py --docs 3000 --every 250 [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_workers import INPUTS, descendants, resident_mib

SYLLABLES = ("ba", "ko", "ri", "ve", "lu", "mo", "ta", "zen", "dor", "fi", "ga", "ne", "po", "sha", "kri", "vel")
TAIL = "Notre correspondant {name} a suivi ces événements depuis {place}, a-t-il précisé dans sa dépêche n° {n}."


def made_up(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def stream(inputs: list[Path], count: int, seed: int = 7) -> list[dict[str, object]]:
    """``count`` variants of the sample articles, in turn (the records of a JSON Lines file)."""
    rng = random.Random(seed)
    sample = [json.loads(line) for path in inputs for line in path.read_text(encoding="utf-8").splitlines() if line]
    records = []
    for n in range(count):
        record = dict(sample[n % len(sample)])
        name = f"{made_up(rng, 2)} {made_up(rng, 3)}"
        tail = TAIL.format(name=name, place=made_up(rng, 3), n=n)
        record |= {
            "id": f"{record['id']}-v{n}",
            "url": None,
            "text": f"{record['text']}\n\n{tail}",
        }
        records.append(record)
    return records


def stored(database: Path) -> int:
    """Documents the command has stored so far (read-only; 0 while the store is being created)."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.5) as connection:
            return int(connection.execute("select count(*) from documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def roles(root: int) -> dict[str, list[float]]:
    """Resident MiB of the command and its descendants, by role."""
    found: dict[str, list[float]] = {"client": [resident_mib(root)]}
    processes = descendants(root)
    warm = {pid for pid, command in processes if "warm_process" in command}
    parents = {pid: _parent(pid) for pid in warm}
    for pid, command in processes:
        if pid in warm:
            role = "analysing child" if parents[pid] in warm else "warm process"
        elif "spawn_main" in command:
            role = "dask worker"
        else:
            continue
        found.setdefault(role, []).append(resident_mib(pid))
    return found


def _shown(memory: dict[str, list[float]]) -> str:
    return "; ".join(f"{role} {' '.join(f'{m:.0f}' for m in mib)}" for role, mib in memory.items())


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=INPUTS)
    parser.add_argument("--docs", type=int, default=3000, help="documents in the stream")
    parser.add_argument("--every", type=int, default=250, help="print the memory every so many stored documents")
    parser.add_argument("--workers", type=int, default=0, help="analyse on a local Dask cluster of N workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stream(args.inputs, args.docs)))
        database = Path(folder) / "stream.sqlite"
        command = [sys.executable, "-m", "claimscope.cli", "ingest", str(path), "--db", f"sqlite:///{database}"]
        command += ["--workers", str(args.workers)] if args.workers else []
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ)
        shown, peaks = -1, dict[str, float]()
        while process.poll() is None:
            time.sleep(1.0)
            count, memory = stored(database), roles(process.pid)
            for role, mib in memory.items():
                peaks[role] = max(peaks.get(role, 0.0), *mib)
            if count and count // args.every > shown // args.every:
                shown = count
                print(f"{count:6d} documents {time.monotonic() - started:7.0f} s: {_shown(memory)} MiB", flush=True)
        print(f"exit {process.returncode}; {stored(database)} documents in {time.monotonic() - started:.0f} s")
        print(f"peaks (the refresh at the end included): {_shown({r: [m] for r, m in peaks.items()})} MiB")
        return process.returncode


if __name__ == "__main__":
    sys.exit(main())
