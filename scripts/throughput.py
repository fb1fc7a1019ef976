"""Articles per second of `analyse()` in one process, on the sample, for before/after comparisons.

It calls only `read_file` and `analyse`, which every checkout has, so the same script times an
older checkout put first on PYTHONPATH:

    farm-bench -n 4 --timeout 900 \\
        --vs "env PYTHONPATH=/path/to/old/src .venv/bin/python scripts/throughput.py" \\
        -- .venv/bin/python scripts/throughput.py

(`--language en`: the English sample; `make bench` gives the absolute figures, processes and memory.)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from claimscope.ingest import read_file
from claimscope.pipeline import analyse
from claimscope.records import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", choices=["fr", "en"], default="fr", help="the French or the English sample")
    args = parser.parse_args()
    inputs = [args.shared / "corpus" / f"news-{args.language}" / "articles.jsonl"]
    if args.language == "fr":
        inputs.append(args.shared / "seed" / "article-fr-ukraine.txt")
    documents = [d for path in inputs for d in read_file(path) if isinstance(d, Document)]
    analyse(documents[0])  # the pipeline and the gazetteer are loaded before the clock starts
    started = time.perf_counter()
    for _ in range(args.repeat):
        for document in documents:
            analyse(document)
    elapsed = time.perf_counter() - started
    print(f"{args.repeat * len(documents) / elapsed:.2f} articles/s ({len(documents)} articles x {args.repeat})")


if __name__ == "__main__":
    main()
