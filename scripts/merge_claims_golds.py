"""Merge reading-based claims golds of several languages into one cross-language gold.

    python scripts/merge_claims_golds.py tests/gold-claims/news-fr.json tests/gold-claims/news-en.json \
        -o tests/gold-claims/cross-language.json

Propositions are merged by id (both golds use the same ids and canonical arguments: one
proposition whatever the language); their stance rows are joined; inputs name every corpus, each
with the records its gold covers. Where the golds give one proposition different verdicts, the
merged verdict is the one re-judged by reading both files' rows (VERDICTS below, each with its
reason); a disagreement without a re-judged verdict stops the merge. Arguments that differ stop it
too. Flags are joined.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# Verdicts re-judged over both languages' rows, where the single-language golds disagree.
VERDICTS = {
    "dinner-dmitriev-moscow-2025-12-02": (
        "corroborated",
        "one French source (single-source there) and independent English ones assert the dinner; none denies",
    ),
    "dmitriev-head-rdif": (
        "contested",
        "the French rows include a source calling Dmitriev the fund's former head (a denial of the current "
        "role); the English row asserts it: asserts against a denial",
    ),
}


def merge(paths: list[Path]) -> dict[str, Any]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    corpora: list[str] = []
    records: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    for gold in golds:
        inputs = dict(gold["inputs"])
        corpus = inputs.pop("corpus")
        listed = inputs.pop("records", [])
        corpora.append(corpus)
        if listed:
            records[corpus] = list(listed)
        files.update(inputs)
    merged: dict[str, dict[str, Any]] = {}
    notes = []
    for gold in golds:
        for proposition in gold["propositions"]:
            pid = proposition["id"]
            if pid not in merged:
                merged[pid] = json.loads(json.dumps(proposition))
                continue
            known = merged[pid]
            if known["args"] != proposition["args"]:
                raise SystemExit(f"{pid}: arguments differ: {known['args']} / {proposition['args']}")
            known["stances"].extend(proposition["stances"])
            if known["verdict"] != proposition["verdict"]:
                if pid not in VERDICTS:
                    raise SystemExit(f"{pid}: verdicts {known['verdict']} / {proposition['verdict']}: re-judge it")
                verdict, reason = VERDICTS[pid]
                notes.append(f"{pid}: {known['verdict']} / {proposition['verdict']} -> {verdict} ({reason})")
                known["verdict"] = verdict
    inputs: dict[str, Any] = {"corpus": corpora, **files}
    if records:
        inputs["records"] = records
    return {
        "note": (
            "Merged by scripts/merge_claims_golds.py from "
            + ", ".join(str(p) for p in paths)
            + " (each annotated by reading). Propositions merged by id, stance rows joined. A proposition only "
            "one gold has is exhaustive for that gold's documents only; its verdict is that gold's. Verdicts "
            "re-judged where the golds disagree: " + "; ".join(notes)
        ),
        "inputs": inputs,
        "propositions": list(merged.values()),
        "flags": [flag for gold in golds for flag in gold.get("flags", [])],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("golds", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    merged = merge(args.golds)
    args.output.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = sum(len(p["stances"]) for p in merged["propositions"])
    found = len(merged["propositions"])
    print(f"{args.output}: {found} propositions, {rows} stance rows, {len(merged['flags'])} flags")


if __name__ == "__main__":
    main()
