"""Who a speaking pronoun is: the speakers the document has met so far, and the person or body in
view that agrees with it ("il", "elle", "ils", "it", "they")."""

from __future__ import annotations

from dataclasses import dataclass

from claimscope.entities.discourse import Discourse, Entity
from claimscope.entities.kb import KnowledgeBase
from claimscope.entities.text import description
from claimscope.records import SpeakerType

NEUTER = "n"  # the gender of a pronoun for a thing or an organisation ("it said"), never a person
ANY_GENDER = 0.3  # salience from which a person of the other gender is taken for a pronoun none fits


@dataclass
class Resolved:
    """A speaker already met in the document, for pronouns and bare titles to refer back to."""

    name: str
    type: SpeakerType
    gender: str | None
    number: str
    title_heads: frozenset[str]
    offset: int


def pronoun_speaker(
    pronoun: str, offset: int, kb: KnowledgeBase, discourse: Discourse, history: list[Resolved]
) -> tuple[str | None, SpeakerType, frozenset[str]]:
    """The speaker a (folded) pronoun at ``offset`` stands for, given the speakers met before it."""
    number, gender = kb.pronouns.get(pronoun, ("sing", "m"))
    if number == "sing" and gender != NEUTER:
        # the one person in view when none agrees: a speaking "il" has a referent, and pages
        # (machine translations above all) get the gender wrong more often than they speak of
        # nobody; but a body of the pronoun's gender that spoke just before is a closer one
        # ("l'armée ukrainienne a démenti … Elle a affirmé …")
        person = discourse.salient(offset, gender, pronoun=True)
        body = _body_just_before(discourse, history, offset, gender)
        if body is not None and (person is None or _named_before(discourse, person, body, offset)):
            return body.name, body.type, body.title_heads  # "le ministère affirme … », indique-t-il"
        person = person or discourse.salient(offset, minimum=ANY_GENDER)
        return (person.name, SpeakerType.PERSON, frozenset()) if person else (None, SpeakerType.UNKNOWN, frozenset())
    earlier = next((c for c in reversed(history) if c.offset < offset and c.type != SpeakerType.PERSON), None)
    group = discourse.group_in_view(offset) if number == "plur" else None
    if group is not None and (earlier is None or earlier.offset < group[0]):  # "Others who … see …; …, they say"
        return description(group[1]), SpeakerType.GROUP, frozenset()
    return (earlier.name, earlier.type, earlier.title_heads) if earlier else (None, SpeakerType.UNKNOWN, frozenset())


def _named_before(discourse: Discourse, person: Entity, body: Resolved, offset: int) -> bool:
    """The person was last named, before ``offset``, in a sentence before the one the body
    spoke in ("Vladimir Poutine a rencontré Xi Jinping, a indiqué le Kremlin. Il a affirmé …"
    is Putin's; so is "il" after "le ministère affirme …, et le ministre Paul Leroy a visité …")."""
    named = discourse.sentence_at(discourse.last_mention(person, offset))
    return named < discourse.sentence_at(body.offset)


def _body_just_before(discourse: Discourse, history: list[Resolved], offset: int, gender: str) -> Resolved | None:
    """The last speaker of that gender and number (not "ses opposants" for "il"), when it is a
    body (army, ministry) that spoke in this sentence or the one before."""
    last = next((c for c in reversed(history) if c.offset < offset and c.number == "sing" and c.gender == gender), None)
    here = discourse.sentence_at(offset)
    if last is None or last.type is SpeakerType.PERSON:
        return None
    return last if here - discourse.sentence_at(last.offset) <= 1 else None
