"""Main-text extraction scored against `extraction-gold.json` (strings a page's text must and
must not contain). Run `python -m claimscope.evaluation.extraction FOLDER…` for the figures."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from claimscope.ingest import read_file
from claimscope.ingest.normalise import normalise_text
from claimscope.records import Document


@dataclass
class ExtractionScore:
    kept: int = 0
    wanted: int = 0
    leaked: int = 0
    unwanted: int = 0
    unreadable: int = 0

    @property
    def kept_share(self) -> float:
        return self.kept / self.wanted if self.wanted else 0.0

    @property
    def leaked_share(self) -> float:
        return self.leaked / self.unwanted if self.unwanted else 0.0


def score_folder(folder: Path) -> ExtractionScore:
    gold = json.loads((folder / "extraction-gold.json").read_text(encoding="utf-8"))
    score = ExtractionScore()
    for name, expect in gold.items():
        docs = [d for d in read_file(folder / name) if isinstance(d, Document)]
        text = docs[0].text if docs else ""
        score.unreadable += not docs
        score.kept += sum(normalise_text(s) in text for s in expect.get("with", []))
        score.wanted += len(expect.get("with", []))
        score.leaked += sum(normalise_text(s) in text for s in expect.get("without", []))
        score.unwanted += len(expect.get("without", []))
    return score


def main(folders: list[str]) -> None:
    for folder in folders:
        s = score_folder(Path(folder))
        print(
            f"{folder}: kept {s.kept}/{s.wanted} wanted strings ({s.kept_share:.1%}), "
            f"leaked {s.leaked}/{s.unwanted} unwanted ({s.leaked_share:.1%}), {s.unreadable} unreadable pages"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
