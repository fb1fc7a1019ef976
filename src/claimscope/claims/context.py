"""What claim readers see: a unit of text with its source, inside the document's context."""

from __future__ import annotations

from bisect import bisect_left
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

    def text(self, document: Document) -> str:
        return document.text[self.span.start : self.span.end]

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
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [w.start for w in self.words]

    def words_in(self, span: Span) -> list[Word]:
        i = bisect_left(self.starts, span.start)
        found = []
        while i < len(self.words) and self.words[i].end <= span.end:
            found.append(self.words[i])
            i += 1
        return found

    def entities_in(self, words: list[Word], label: str) -> list[EntityMention]:
        if not words:
            return []
        first, last = words[0].start, words[-1].end
        covered = [(w.start, w.end) for w in words]
        return [
            e
            for e in self.entities
            if e.label == label and first <= e.span.start < last and any(s <= e.span.start < t for s, t in covered)
        ]
