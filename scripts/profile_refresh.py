"""Where an incremental refresh's time goes, at the end of a stream into a large store.

Why: the refresh after a batch is the write cost that still grows with the store (docs/scaling.md,
"What would make the refresh flat"); this says which of its parts to work on. It copies the SQLite
store into a scratch folder, saves ``--docs`` stream variants of the sample into the copy (as
`ingest` saves them, in batches, without refreshing), then runs one refresh of them under
cProfile and prints its wall time and the cumulative seconds of its parts. The word vectors some
flags read are loaded before (an ingest that refreshes holds them; loading them took the timed
refresh 1 to 11 s, as the disk cache held them or not). A refresh with nothing new runs before
too: it brings a store made before the last migrations to where its refreshes stand (migration
0016's speakers and 0018's relations' objects, counted once). The store itself is left as it was.

    make profile-refresh PROFILE_STORES=build/bench-100k.db
    .venv/bin/python scripts/profile_refresh.py --db build/bench-100k.db [--docs 1000]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench_scale import variants

from claimscope.batch import BATCH_DOCUMENTS
from claimscope.nlp.parsing import content_similarity
from claimscope.query import refresh
from claimscope.store import Store

PARTS = {  # what each profiled function is, as docs/scaling.md names the refresh's steps
    "incremental.py:_claims": "reading the touched propositions' claims",
    "meetings.py:meeting_claims": "  of which the meeting closure",
    "incremental.py:light_documents": "  of which the light claims",
    "summaries.py:appendable": "which much-told propositions are summed",
    "verdicts.py:verdicts": "verdicts",
    "summaries.py:write_summed": "summing the much-told propositions",
    "tables.py:replace_propositions": "replacing the propositions' rows",
    "grouping.py:group": "dispatch grouping of the new documents",
    "tables.py:write_indexes": "indexing the new documents",
    "flagging.py:part_flags": "flags of the new documents",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite store made by scripts/make_store.py")
    parser.add_argument("--docs", type=int, default=1000, help="stream variants saved before the refresh")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared data folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimscope-profile-") as scratch:
        copy = Path(scratch) / "copy.db"
        shutil.copyfile(args.db, copy)
        documents = variants(args.shared, args.docs)
        store = Store(f"sqlite:///{copy}")
        refresh(store, share=1.0)  # untimed: what a store upgraded since it was made does once (0016, 0018)
        for first in range(0, len(documents), BATCH_DOCUMENTS):
            store.save_many([(item, False) for item in documents[first : first + BATCH_DOCUMENTS]])
        for language in sorted({item.document.language for item in documents if item.document.language}):
            content_similarity(language, "", "")  # the word vectors some flags read: an ingest holds them
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        refresh(store, share=1.0)
        profile.disable()
        print(f"refresh of {len(documents):,} documents into {args.db.name}: {time.perf_counter() - started:.1f} s")
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        cumulative = {f"{Path(path).name}:{function}": row[3] for (path, _, function), row in stats.items()}
        for name, part in PARTS.items():
            print(f"  {cumulative.get(name, 0.0):6.1f} s  {part}")
        store.engine.dispose()


if __name__ == "__main__":
    main()
