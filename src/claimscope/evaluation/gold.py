"""Gold attributions (one JSONL file per document, format of shared/gold/GUIDELINES.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GoldAttribution:
    doc: str
    content: str
    speaker_text: str | None
    speaker: str
    speaker_type: str
    cue: str | None
    kind: str


FIELDS = ("doc", "content", "speaker_text", "speaker", "speaker_type", "cue", "kind")


def load_gold(directory: Path) -> dict[str, list[GoldAttribution]]:
    """Gold attributions grouped by document reference, in file order."""
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise GoldError(f"no *.jsonl gold files in {directory}")
    by_doc: dict[str, list[GoldAttribution]] = {}
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                item = GoldAttribution(**{f: record.get(f) for f in FIELDS})
            except (json.JSONDecodeError, TypeError) as exc:
                raise GoldError(f"{path}:{number}: {exc}") from exc
            if not item.doc or not item.content:
                raise GoldError(f"{path}:{number}: 'doc' and 'content' are required")
            by_doc.setdefault(item.doc, []).append(item)
    return by_doc
