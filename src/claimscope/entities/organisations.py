"""Organisations that a description points back to, and the one name an article gives a body.

A reader knows that "the company" or "the grocery giant" is the firm the article just named, and
that a headline's "Kiev military" is "the eastern military command of the Kiev armed forces" the
article names in full below it. These are the general rules for that; the words they rely on
(`epithets`) are in each language's data.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from claimscope.entities.discourse import DEFINITE, proper_marks
from claimscope.entities.text import description, within
from claimscope.records import Mention, SpeakerType
from claimscope.text import fold

SHORTEST = 2  # words a short name must have to be taken for a fuller one ("Kiev military"; never "UN")
EPITHET_WORDS = 4  # the longest description read as an epithet ("the largest food store chain")


def named_organisation(
    mention: Mention,
    head: str,
    organisations: Sequence[tuple[int, str]],
    spoken: Sequence[tuple[int, str]],
    persons: Collection[str],
    epithets: Collection[str],
) -> str | None:
    """The organisation a bare definite noun points back to: "the agency" after "the European
    Space Agency launched …", the last one named before with that noun in its name; "the company"
    after "… at Massy Stores", "the grocery giant" after "Super Value revealed", a kind of
    organisation (an epithet), the last one the article named or heard before, leaving out names
    that are people's (the recogniser's slips)."""
    text = fold(mention.text)
    if not text.startswith(DEFINITE) or proper_marks(mention.text):
        return None
    before = [(at, name) for at, name in organisations if at < mention.span.start]
    if len(text.split()) == 2:
        found = [name for _at, name in before if head in fold(name).split()]
        if found:
            return found[-1]
    if head not in epithets or len(text.split()) > EPITHET_WORDS:
        return None
    spoken_before = [(at, name) for at, name in spoken if at < mention.span.start]
    found_any = [(at, name) for at, name in [*before, *spoken_before] if not any(within(name, p) for p in persons)]
    return max(found_any)[1] if found_any else None


def fuller_names(speakers: Sequence[Mention]) -> dict[str, str]:
    """The organisation speakers to rename: a short name whose every word is in exactly one other,
    longer organisation speaker's name of the same article ("Kiev military" in a headline, "the
    eastern military command of the Kiev armed forces" in the text), to that longer name."""
    names = {m.name for m in speakers if m.type is SpeakerType.ORGANISATION and m.name}
    renamed = {}
    for name in names:
        if len(fold(description(name)).split()) < SHORTEST:
            continue
        longer = [n for n in names if n != name and within(name, n) and len(n.split()) > len(name.split())]
        if len(longer) == 1:
            renamed[name] = longer[0]
    return renamed
