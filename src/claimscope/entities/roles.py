"""Who a role noun names: the holder of a role the knowledge base knows, the person the article
introduced with that noun or follows at that point, or someone it introduced unnamed.

`resolve.py` asks these once a mention is known to be a role noun; the article's people and their
salience are `discourse.py`'s.
"""

from __future__ import annotations

from datetime import date

from claimscope.entities.discourse import DEFINITE, FOLLOWED, Discourse, proper_marks, role_key, words_after
from claimscope.entities.kb import KnowledgeBase
from claimscope.entities.text import description, title_case
from claimscope.entities.trades import GENERIC_ROLES, past_role
from claimscope.lang import merged
from claimscope.records import Mention, SpeakerType
from claimscope.text import fold

INDEFINITE = frozenset(merged("groups").get("indefinite", ()))


def indefinite(mention: Mention) -> bool:
    """The phrase opens on an indefinite article: "a Kremlin aide", "un Libanais" (anyone)."""
    return fold(mention.text).split()[:1] in ([w] for w in INDEFINITE)


def known_role(
    kb: KnowledgeBase, discourse: Discourse, mention: Mention, when: date | None
) -> tuple[str, SpeakerType, frozenset[str]] | None:
    """A role of the knowledge base ("le président américain"): its holder that the article
    names, else its holder on the publication date (not for an indefinite "a Kremlin aide")."""
    found = kb.role_of(mention.text)
    if found is None:
        return None
    role, phrase = found
    named = discourse.salient(mention.span.start, among={h.name for h in role.holders}, ahead=True)
    holder = named.name if named else (None if indefinite(mention) else role.holder_on(when))
    return (holder, SpeakerType.PERSON, frozenset({phrase.split()[0]})) if holder else None


def described(kb: KnowledgeBase, discourse: Discourse, mention: Mention, head: str) -> str | None:
    """The person a definite role noun points to: the one the article introduced with that
    noun or with the same proper words ("le patron de la FNSEA"), else, for a bare noun
    ("la pénaliste"), the person the article is following at that point."""
    if not (fold(mention.text).startswith(DEFINITE) or title_case(mention.text)) or mention.number != "sing":
        return None  # "General Staff Chief says …": a headline's title, written as a name
    # a title in the masculine may name a woman ("le ministre" for a woman minister); a feminine
    # one names a woman
    offset, gender = mention.span.start, ("f" if mention.gender == "f" else None)
    marks, words = proper_marks(mention.text), words_after(description(mention.text), head)
    linked = discourse.salient(offset, gender, role=head, marks=marks, words=words, ahead=True)
    relational = any(role_key(w) in kb.person_heads for w in words)  # "le conseiller du président"
    unnamed = discourse.unnamed.before(head, offset) if not (marks or words) else None
    if linked is None and unnamed is not None:
        return unnamed  # "The soldier described …" after "citing an unnamed Ukrainian soldier"
    if linked is None and not relational:
        # a bare noun may be a synonym ("la pénaliste" for "l'avocate"), not a noun of another trade
        # (`answers_to`: "la juge" after "le maire"); a qualified one ("le Premier ministre") is not
        # someone the article introduced with another role
        unlike = head if (marks or words) and head not in GENERIC_ROLES else None
        trade = None if past_role(mention.text) else head
        linked = discourse.salient(offset, gender, unlike=unlike, trade=trade, minimum=FOLLOWED, ahead=True)
        if linked is None and not marks and not words:
            linked = discourse.protagonist(offset, gender, head)  # "the owner said" before any name
    if linked is not None and marks and marks <= words and marks <= set(fold(linked.name).split()):
        return None  # "le porte-parole de Zelensky": the name after the role says whose role it is
    return linked.name if linked else None


def informant_of(discourse: Discourse, informants: frozenset[str], mention: Mention, head: str) -> str | None:
    """ "The source" after "citing an unnamed Ukrainian soldier", "the Russian source" after
    "an unidentified Russian official": the last person the article introduced unnamed, with
    the description's own words (``informants``: the language's nouns for such a source)."""
    if head not in informants or mention.number != "sing" or not fold(mention.text).startswith(DEFINITE):
        return None
    words = frozenset(fold(w) for w in description(mention.text).split()) - {head}
    return discourse.unnamed.before(None, mention.span.start, words)
