"""People an article introduces without a name ("citing an unnamed Ukrainian soldier", "a man
came in"). A definite noun refers back to them ("the soldier", "the man"); where the language's
data says so (`follow_unnamed`), they are followed like named people, so that a pronoun finds
them when they are the most salient ("A senior official briefed reporters. He said …")."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.entities.people import OTHER, REPORTED, SPEAKER, SUBJECT, Entity, role_key
from claimscope.lang import merged
from claimscope.nlp.parsing import noun_gender
from claimscope.records import SpanSet
from claimscope.text import fold

GROUPS = merged("groups")
ONE_OF = frozenset(fold(w) for w in (*GROUPS["person"], *GROUPS["group"]))  # "an official", "a source"
COLLECTIVE = frozenset(fold(w) for w in GROUPS.get("collective", ()))  # "a unit": many, never "he"
NOUN_GENDER: dict[str, str] = {fold(k): v for k, v in GROUPS.get("noun_gender", {}).items()}
INDEFINITE_WORDS = frozenset(fold(w) for w in GROUPS.get("indefinite", ()))
DEFINITE_WORDS = frozenset(fold(w).strip() for w in GROUPS["definite"])
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass"}
GROUP_WORDS = 10  # the longest description of a plural subject kept for "they"


class Unnamed:
    """The unnamed people of one document, read sentence by sentence in reading order."""

    def __init__(self, follow: bool):
        self.introduced: list[tuple[int, str, str]] = []  # (offset, role noun, description)
        self.people: list[Entity] = []  # followed ones, named by their description
        self.groups: list[tuple[int, int, str]] = []  # (sentence, offset, description): plural subjects of people
        self._follow = follow

    def read(self, sent: SpacySpan, base: int, number: int, speakers: SpanSet, reported: SpanSet) -> None:
        """Introductions by an indefinite noun ("an unnamed soldier"), and definite nouns that
        go on about someone so introduced ("The man in red shorts led …")."""
        for token in sent:
            role = role_key(token.lemma_)
            if token.pos_ != "NOUN" or role not in ONE_OF:
                continue
            if "Plur" in token.morph.get("Number", []):
                if token.dep_ in SUBJECT_DEPS and not reported.covers(base + token.idx):
                    self.groups.append((number, base + token.idx, _described(token)))
                continue
            det = next((c for c in token.children if c.dep_ == "det" and c.i < token.i), None)
            if det is None:
                continue
            offset = base + token.idx
            mention = (number, _weight(token, offset, speakers, reported), offset)
            if fold(det.text) in INDEFINITE_WORDS:
                words = [t for t in token.doc[det.i + 1 : token.i + 1] if not t.is_punct]
                description = " ".join(t.text for t in words)
                self.introduced.append((offset, role, description))
                if self._follow and role not in COLLECTIVE and not _named(token):
                    gender = NOUN_GENDER.get(role) or noun_gender(token)
                    self.people.append(Entity(description, gender, {role}, mentions=[mention]))
            elif fold(det.text) in DEFINITE_WORDS and not _named(token) and not reported.covers(offset):
                person = self.last(role, offset)
                if person is not None:
                    person.mentions.append(mention)

    def before(self, role: str | None, offset: int, words: frozenset[str] = frozenset()) -> str | None:
        """The description of the last person the article introduced unnamed with this noun (any
        noun if None), with all of ``words`` in it."""
        found = [
            d
            for at, r, d in self.introduced
            if (role is None or r == role) and at < offset and words <= set(fold(d).split())
        ]
        return found[-1] if found else None

    def last(self, role: str, offset: int) -> Entity | None:
        """The followed person last introduced unnamed with this noun before ``offset``."""
        found = [p for p in self.people if role in p.roles and p.mentions[0][2] < offset]
        return found[-1] if found else None

    def group(self, offset: int, since: int) -> tuple[int, str] | None:
        """The last plural subject of people before ``offset`` from sentence ``since`` on ("Others who
        have tracked his career see …; …, they say"): its offset and description."""
        found = [(at, d) for number, at, d in self.groups if number >= since and at < offset]
        return found[-1] if found else None

    def person(self, description: str) -> Entity | None:
        """The followed person of that description, if any."""
        return next((p for p in reversed(self.people) if p.name == description), None)


def _named(token: Token) -> bool:
    """The noun comes with a name ("a senior official, Ivan Petrov,"): the named person is followed."""
    return any(t.ent_type_ == "PER" for t in (token, token.head, *token.children))


def _weight(token: Token, offset: int, speakers: SpanSet, reported: SpanSet) -> float:
    if speakers.covers(offset):
        return SPEAKER
    if reported.covers(offset):
        return REPORTED
    return SUBJECT if token.dep_ in SUBJECT_DEPS else OTHER


def _described(token: Token) -> str:
    """A plural subject with its modifiers and a short clause that says which ("Others who have
    tracked his career"), up to its first comma."""
    words = [t for t in token.subtree if t.i >= token.left_edge.i]
    cut = next((t.i for t in words if t.text == "," and t.i > token.i), words[-1].i + 1)
    return token.doc[token.left_edge.i : min(cut, token.i + GROUP_WORDS)].text
