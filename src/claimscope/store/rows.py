"""An analysed document as the rows it is stored in, built once for every writer.

`Store.save` and the bench's bulk writer (scripts/make_store.py) insert the same rows; only how
entity and mention ids are found differs (looked up and returned by the database, or numbered
ahead). Rows are plain dicts inserted with one statement a table: the ORM's unit of work cost
more CPU than the database's own work (half of what a document's saving cost the client).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from claimscope.records import AnalysedDocument, Claim

# NER labels as entity types, in the vocabulary speakers use (one entity per person, not two)
ENTITY_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
NAME_CHARS = 400  # an entity's name as stored
KEY_CHARS = 600  # a claim's or a proposition's key as stored: a longer one is cut
EntityKey = tuple[str, str]  # (name, type)


@dataclass
class DocumentRows:
    """A document's rows. Each mention names its entity by ``entity`` (a key, or None), each
    attribution its speaker's mention by ``speaker`` (an index in ``mentions``, or None): the
    writer turns them into ids."""

    document: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)

    def entity_keys(self) -> set[EntityKey]:
        return {m["entity"] for m in self.mentions if m["entity"] is not None}

    def mention_values(self, entity_ids: Callable[[EntityKey], int]) -> list[dict[str, Any]]:
        """The mentions' columns, each entity by its id."""
        return [
            {
                **{k: v for k, v in m.items() if k != "entity"},
                "entity_id": entity_ids(m["entity"]) if m["entity"] else None,
            }
            for m in self.mentions
        ]

    def attribution_values(self, mention_ids: list[int], mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The attributions' columns, each speaker by its mention's id and that mention's entity
        (``mention_ids`` and ``mentions``, the mentions' values, in the order of ``mentions``)."""
        return [
            {
                **{k: v for k, v in a.items() if k != "speaker"},
                "speaker_mention_id": None if a["speaker"] is None else mention_ids[a["speaker"]],
                "speaker_entity_id": None if a["speaker"] is None else mentions[a["speaker"]]["entity_id"],
            }
            for a in self.attributions
        ]


def document_rows(analysed: AnalysedDocument, ingested_at: datetime) -> DocumentRows:
    doc = analysed.document
    rows = DocumentRows(
        {
            "id": doc.id,
            "source": doc.source,
            "title": doc.title,
            "author": doc.author,
            "site": doc.site,
            "url": doc.url,
            "published": doc.published,
            "language": doc.language,
            "language_score": doc.language_score,
            "text": doc.text,
            "offset_map": [list(run) for run in doc.offset_map.runs],
            "analysed": analysed.analysed,
            "note": analysed.note,
            "ingested_at": ingested_at,
            "materialised": False,
        }
    )
    for entity in analysed.entities:
        named = (entity.name[:NAME_CHARS], ENTITY_TYPES.get(entity.label, "other"))
        rows.mentions.append(_mention(doc.id, entity.span.start, entity.span.end, entity.text, entity.label, named))
    speakers: dict[int, int] = {}  # one mention per speaker record, however many quotes it has
    for attribution in analysed.attributions:
        speaker = attribution.speaker
        if speaker is not None and id(speaker) not in speakers:
            key = (speaker.name[:NAME_CHARS], speaker.type.value) if speaker.name else None
            speakers[id(speaker)] = len(rows.mentions)
            rows.mentions.append(_mention(doc.id, speaker.span.start, speaker.span.end, speaker.text, "SPEAKER", key))
        cue = attribution.cue
        rows.attributions.append(
            {
                "document_id": doc.id,
                "speaker": speakers[id(speaker)] if speaker is not None else None,
                "cue_text": cue.text if cue else None,
                "cue_lemma": cue.lemma if cue else None,
                "cue_class": cue.cls if cue else None,
                "cue_start": cue.span.start if cue else None,
                "cue_end": cue.span.end if cue else None,
                "content_start": attribution.content.start,
                "content_end": attribution.content.end,
                "kind": attribution.kind.value,
                "confidence": attribution.confidence,
                "construction": attribution.construction,
            }
        )
    rows.claims = [{"document_id": doc.id, **claim_values(claim)} for claim in analysed.claims]
    return rows


def _mention(doc_id: str, start: int, end: int, text: str, label: str, entity: EntityKey | None) -> dict[str, Any]:
    return {"document_id": doc_id, "start": start, "end": end, "text": text, "label": label, "entity": entity}


def claim_values(claim: Claim) -> dict[str, Any]:
    """A claim's columns (its document's aside)."""
    return {
        "type": claim.type.value,
        "key": claim.key[:KEY_CHARS],
        "args": claim.args,
        "stance": claim.stance.value,
        "source_name": claim.source.name[:NAME_CHARS],
        "source_type": claim.source.type,
        "party": claim.source.party,
        "start": claim.span.start,
        "end": claim.span.end,
        "evidence": claim.evidence,
        "event_date": claim.date,
        "date_text": claim.date_text[:80] if claim.date_text else None,
        "extent": claim.extent,
        "hedges": list(claim.hedges),
        "attribution": claim.attribution,
        "place": asdict(claim.place) if claim.place else None,
        "sentence_start": claim.sentence.start if claim.sentence else None,
        "sentence_end": claim.sentence.end if claim.sentence else None,
    }
