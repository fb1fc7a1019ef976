"""Questions about a parse that several stages ask, in both dependency label sets (Universal
Dependencies' for French, ClearNLP's for English), without loading spaCy themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

OBJECTS = frozenset({"obj", "dobj"})
NAMED = frozenset({"PER", "ORG", "LOC", "PERSON", "GPE", "NORP"})


def object_controlled(verb: Token) -> bool:
    """An infinitive whose doer is the governing verb's object, not its subject: "attacks forced
    Kyiv to find other routes", "Washington a poussé Kiev à reconnaître la perte", "urged Moscow
    to confirm": what someone is made or asked to say, not anything said. A common noun object
    leaves the doer the subject ("used the speech to announce")."""
    if verb.dep_ != "xcomp" or verb.head.i == verb.i:
        return False
    # a name the parser hung on the verb as another complement is its object too ("a appelé Kiev
    # à reconnaître": "Kiev" read as xcomp)
    complements = [c for c in verb.head.children if c.i < verb.i]
    objects = [c for c in complements if c.dep_ in OBJECTS or (c.dep_ == "xcomp" and c.pos_ != "VERB")]
    return any(_someone(o) for o in objects)


def _someone(token: Token) -> bool:
    """A name or a pronoun of a person or body ("Kyiv", "them"), not of a thing ("used it to announce")."""
    if token.pos_ == "PRON":
        return "Neut" not in token.morph.get("Gender", [])
    return token.pos_ == "PROPN" or token.ent_type_ in NAMED
