"""What claim readers see: a unit of text with its source, inside the document's context."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from claimscope.claims.rules import ClaimRules
from claimscope.entities.gazetteer import Gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Claim, Document, EntityMention, Place, Source, Span


def token_key(token: Token) -> tuple[int, int]:
    return (id(token.doc), token.i)


@dataclass(frozen=True)
class Word:
    """A spaCy token with its offsets in the stored text."""

    start: int
    token: Token

    @property
    def end(self) -> int:
        return self.start + len(self.token.text)


@dataclass
class Unit:
    """A stretch of text read for claims: reported words with their speaker, or narration."""

    words: list[Word]
    span: Span  # the evidence: reported content, or the sentence for narration
    sentence: Span
    source: Source
    cue_class: str | None = None
    attribution: int | None = None
    _keys: set[tuple[int, int]] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)

    def text(self, document: Document) -> str:
        return document.text[self.span.start : self.span.end]

    def word_at(self, offset: int) -> Word | None:
        """The first word starting at or after ``offset``."""
        if self._starts is None:
            self._starts = [w.start for w in self.words]
        at = bisect_left(self._starts, offset)
        return self.words[at] if at < len(self.words) else None

    def has(self, token: Token) -> bool:
        """spaCy makes a new Token object on each access: tokens compare by (doc, index)."""
        if self._keys is None:
            self._keys = {token_key(w.token) for w in self.words}
        return token_key(token) in self._keys


@dataclass
class DocumentContext:
    document: Document
    words: list[Word]
    entities: list[EntityMention]
    countries: tuple[str, ...]
    rules: ClaimRules
    kb: KnowledgeBase
    gazetteer: Gazetteer
    claims: list[Claim] = field(default_factory=list)
    last_place: Place | None = None
    found: dict[str, Place | None] = field(default_factory=dict)  # document-wide answers, computed once
    home: str | None = None  # the country the document is about (English name), for "le Premier ministre"
    starts: list[int] = field(init=False)
    by_label: dict[str, tuple[list[int], list[EntityMention]]] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [w.start for w in self.words]
        self.by_label = {}
        for entity in sorted(self.entities, key=lambda e: e.span.start):
            starts, found = self.by_label.setdefault(entity.label, ([], []))
            starts.append(entity.span.start)
            found.append(entity)

    def is_person(self, entity: EntityMention) -> bool:
        """A person the knowledge base knows, or a full name ("Agnès Buzyn"): claims are read
        about people of every kind of news, not only the known ones."""
        return bool(self.kb.person(entity.name)) or (len(entity.name.split()) >= 2 and entity.name[:1].isupper())

    def words_in(self, span: Span) -> list[Word]:
        """The words inside a span (found by bisection: spans of run-on text are long)."""
        i = bisect_left(self.starts, span.start)
        j = bisect_left(self.starts, span.end, lo=i)
        while j > i and self.words[j - 1].end > span.end:
            j -= 1
        return self.words[i:j]

    def entities_in(self, words: list[Word], label: str) -> list[EntityMention]:
        """Entities of a label that start on one of ``words`` (sorted, possibly with gaps)."""
        if not words or label not in self.by_label:
            return []
        starts, entities = self.by_label[label]
        word_starts = [w.start for w in words]
        found = []
        for i in range(bisect_left(starts, words[0].start), bisect_left(starts, words[-1].end)):
            entity = entities[i]
            at = bisect_right(word_starts, entity.span.start) - 1
            if at >= 0 and words[at].start <= entity.span.start < words[at].end:
                found.append(entity)
        return found
