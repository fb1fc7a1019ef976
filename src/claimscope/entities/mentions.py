"""Names for mentions that are not resolved one by one in reading order: the recogniser's entity
mentions (a person's fullest spelling, a body's one name, the government a capital stands for, a
place's gazetteer name), and a first-person speaker ("je", "nous"), who is whoever's words it is in."""

from __future__ import annotations

from collections.abc import Callable

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Attribution, EntityMention, Mention
from claimscope.text import fold

BEFORE = 40  # characters before an entity read for the words that say what it is ("le site ukrainien")


def name_entities(
    entities: list[EntityMention], text: str, kb: KnowledgeBase, canonical_person: Callable[[str], str]
) -> None:
    """Set each entity mention's canonical name: Kiev, Kyïv -> Kyiv; a body the knowledge base
    knows is an organisation even where the recogniser took it for a place."""
    places = gazetteer()
    countries = tuple(sorted({c for e in entities if e.label == "LOC" and (c := places.country(e.text))}))
    for entity in entities:
        body = kb.organisation(entity.text, text_before(text, entity.span.start)) if entity.label != "PER" else None
        if entity.label == "PER":
            entity.name = canonical_person(entity.text)
        elif body is not None:
            entity.label, entity.name = "ORG", body
        elif entity.label == "ORG":
            entity.name = kb.government(entity.text) or entity.text
        elif entity.label == "LOC":
            place = places.lookup(entity.text, countries)
            entity.name = place.name if place else entity.text


def text_before(text: str, start: int) -> str:
    """The words just before a mention, which may say what it names ("le site ukrainien")."""
    return text[max(0, start - BEFORE) : start]


def first_person_speaker(
    mention: Mention, voices: list[Attribution], kb: KnowledgeBase, paragraph: int | None
) -> Mention | None:
    """The speaker of the words a first-person speaker stands in, the innermost; a transcript's
    speaker for its whole paragraph ("…, sans lesquelles, selon nous, la crise…" past the words
    a cue inside it cut)."""
    if mention.form != "pronoun" or fold(mention.text) not in kb.first_person:
        return None
    at = mention.span.start
    around = [
        a
        for a in voices
        if a.speaker is not mention
        and (a.content.start <= at < a.content.end or (a.construction == "transcript" and a.paragraph == paragraph))
    ]
    inner = min(around, key=lambda a: a.content.end - a.content.start, default=None)
    return inner.speaker if inner is not None else None
