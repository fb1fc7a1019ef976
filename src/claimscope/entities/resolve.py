"""Speaker resolution inside one document: names, pronouns, roles, metonyms, groups.

Speakers are resolved in reading order, so a pronoun or a bare title ("le président") can
refer back to the latest compatible speaker, as a reader would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase, knowledge
from claimscope.entities.text import description, without_honorific
from claimscope.records import Attribution, Document, EntityMention, Mention, Span, SpeakerType
from claimscope.text import fold


@dataclass
class Resolved:
    """A speaker already met in the document, for pronouns and bare titles to refer back to."""

    name: str
    type: SpeakerType
    gender: str | None
    number: str
    title_heads: frozenset[str]
    offset: int


class DocumentResolver:
    def __init__(
        self, document: Document, entities: list[EntityMention], kb: KnowledgeBase, reported: Sequence[Span] = ()
    ):
        self.kb = kb
        self.when: date | None = document.published
        self.history: list[Resolved] = []
        self.person_names = [e for e in entities if e.label == "PER"]
        self._canonical: dict[str, str] = {}
        # people the narration itself mentions (not inside reported words): pronoun antecedents
        # too, resolved once here as (end offset, antecedent)
        self.narrated = [
            (e.span.end, self._narrated(e))
            for e in self.person_names
            if not any(span.overlap(e.span) for span in reported)
        ]

    # -- names -------------------------------------------------------------------------
    def canonical_person(self, name: str) -> str:
        """KB name for a known spelling; else the fullest form of the name in this document."""
        if name not in self._canonical:
            self._canonical[name] = self._canonical_person(name)
        return self._canonical[name]

    def _canonical_person(self, name: str) -> str:
        person = self.kb.person(name)
        if person:
            return person.name
        name = without_honorific(name)
        words = set(fold(name).split())
        fuller = [e.text for e in self.person_names if words and words <= set(fold(e.text).split())]
        best = max(fuller, key=len, default=name)
        person = self.kb.person(best)
        return person.name if person else " ".join(best.split())

    # -- mentions ----------------------------------------------------------------------
    def resolve(self, mention: Mention) -> None:
        if mention.name is not None:
            return
        name, type_, heads = self._resolve(mention)
        mention.name, mention.type = name, type_
        if name is None:
            return
        gender = self.kb.gender_of(name) if type_ is SpeakerType.PERSON else None
        number = "plur" if type_ is SpeakerType.GROUP else mention.number
        self.history.append(Resolved(name, type_, gender or mention.gender, number, heads, mention.span.start))

    def _resolve(self, mention: Mention) -> tuple[str | None, SpeakerType, frozenset[str]]:
        text = mention.text
        if mention.form == "pronoun":
            found = self._antecedent(fold(text), mention.span.start)
            return (found.name, found.type, found.title_heads) if found else (None, SpeakerType.UNKNOWN, frozenset())
        government = self.kb.government(text) or (
            self.kb.government(mention.head_lemma) if mention.form == "name" else None
        )
        if government and not (mention.proper_name and self.kb.person(mention.proper_name)):
            return government, SpeakerType.GOVERNMENT, frozenset()
        if mention.form != "pronoun" and not mention.proper_name and self._document_person(text):
            return self.canonical_person(text), SpeakerType.PERSON, frozenset()
        if mention.number == "plur" and not self.kb.person(mention.proper_name or text):
            return description(text), SpeakerType.GROUP, frozenset()
        if mention.proper_name:
            role = self.kb.role_holder(text, self.when)
            heads = frozenset({role[1].split()[0]}) if role else frozenset()
            return self.canonical_person(mention.proper_name), SpeakerType.PERSON, heads
        if mention.form == "name":
            if self.kb.person(text) or mention.proper_name:
                return self.canonical_person(text), SpeakerType.PERSON, frozenset()
            return description(text), SpeakerType.ORGANISATION, frozenset()
        role = self.kb.role_holder(text, self.when)
        if role:
            return role[0], SpeakerType.PERSON, frozenset({role[1].split()[0]})
        desc = description(text)
        head = fold(mention.head_lemma)
        if head not in self.kb.person_heads:
            desc = desc.split(",")[0].strip()
        if fold(desc) == head or fold(desc).split() == [head]:
            found = self._titled(head, mention.span.start)
            if found:
                return found.name, found.type, found.title_heads
        if head in self.kb.person_heads:
            return desc, SpeakerType.PERSON, frozenset({head})
        if head in self.kb.group_heads or mention.number == "plur":
            return desc, SpeakerType.GROUP, frozenset()
        if head in self.kb.organisation_heads:
            return desc, SpeakerType.ORGANISATION, frozenset()
        return desc, SpeakerType.UNKNOWN, frozenset()

    def _document_person(self, text: str) -> bool:
        """A capitalised word or two that a person named in this document goes by ("Kovalenko")."""
        words = text.split()
        if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
            return False
        folded = set(fold(text).split())
        return any(folded <= set(fold(e.text).split()) for e in self.person_names)

    def _antecedent(self, pronoun: str, offset: int) -> Resolved | None:
        number, gender = self.kb.pronouns.get(pronoun, ("sing", "m"))
        if number == "sing":
            candidates = [*self.history, *self._narrated_before(offset)]
            candidates.sort(key=lambda c: c.offset)
        else:
            candidates = self.history
        for candidate in reversed(candidates):
            if candidate.offset >= offset:
                continue
            if number == "sing" and candidate.type is SpeakerType.PERSON:
                if candidate.gender in (None, gender):
                    return candidate
            elif number == "plur" and candidate.type is not SpeakerType.PERSON:
                return candidate
        return None

    def _narrated(self, entity: EntityMention) -> Resolved:
        name = self.canonical_person(entity.text)
        return Resolved(name, SpeakerType.PERSON, self.kb.gender_of(name), "sing", frozenset(), entity.span.start)

    def _narrated_before(self, offset: int) -> list[Resolved]:
        return [resolved for end, resolved in self.narrated if end <= offset]

    def _titled(self, head: str, offset: int) -> Resolved | None:
        for candidate in reversed(self.history):
            if candidate.offset < offset and head in candidate.title_heads:
                return candidate
        return None


def resolve(
    document: Document, attributions: list[Attribution], entities: list[EntityMention]
) -> tuple[list[Attribution], list[EntityMention]]:
    """Fill in canonical speaker names and types, and canonical names of entity mentions."""
    reported = [a.content for a in attributions]
    resolver = DocumentResolver(document, entities, knowledge(), reported)
    speakers = sorted(
        {id(a.speaker): a.speaker for a in attributions if a.speaker is not None}.values(),
        key=lambda m: m.span.start,
    )
    for mention in speakers:
        resolver.resolve(mention)
    places = gazetteer()
    countries = tuple(sorted({c for e in entities if e.label == "LOC" and (c := places.country(e.text))}))
    for entity in entities:
        if entity.label == "PER":
            entity.name = resolver.canonical_person(entity.text)
        elif entity.label == "ORG":
            entity.name = resolver.kb.government(entity.text) or entity.text
        elif entity.label == "LOC":
            place = places.lookup(entity.text, countries)
            entity.name = place.name if place else entity.text  # Kiev, Kyïv -> Kyiv
    return attributions, entities
