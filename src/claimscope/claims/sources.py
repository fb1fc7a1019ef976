"""Who holds a stance, and which side of the story they speak for."""

from __future__ import annotations

from claimscope.claims.rules import ClaimRules
from claimscope.records import Attribution, Document, Source
from claimscope.text import fold

NARRATION = "journalist"
CONTEXT_CHARS = 80  # around a person's first mention, where the article says who they are


def narrator(document: Document) -> Source:
    """The outlet speaking in its own voice: its narration is a source like any other."""
    name = document.site or document.author or document.source
    return Source(name, "outlet", NARRATION)


def speaker_source(attribution: Attribution, document: Document, rules: ClaimRules) -> Source:
    speaker = attribution.speaker
    if speaker is None or speaker.name is None:
        text = speaker.text if speaker else "unattributed"
        return Source(text, "unknown", party_of(text, text, rules))
    party = party_of(speaker.name, speaker.text, rules)
    if party == "unknown" and speaker.type.value == "person":
        party = party_in_document(speaker.name, document.text, rules)
    return Source(speaker.name, speaker.type.value, party)


def party_in_document(name: str, text: str, rules: ClaimRules) -> str:
    """A person the knowledge base does not know takes the side the article gives them where it
    first names them: "le porte-parole de l'état-major ukrainien, Andreï Kovalev"."""
    surname = name.split()[-1]
    at = text.find(surname)
    if at < 0:
        return "unknown"
    before = fold(text[max(0, at - CONTEXT_CHARS) : at]).replace("-", " ").replace("'", " ").split()
    after = fold(text[at : at + len(surname) + CONTEXT_CHARS]).replace("-", " ").replace("'", " ").split()
    nearest = [(i, w) for i, w in enumerate(reversed(before))] + [(i, w) for i, w in enumerate(after)]
    for _, word in sorted(nearest):
        if word in rules.observers:
            return "observer"
        if word in rules.party_words:
            return rules.party_words[word]
    return "unknown"


def party_of(name: str, description: str, rules: ClaimRules) -> str:
    """A known name's side; else observers by their description; else a nationality word in it."""
    if name in rules.party_names:
        return rules.party_names[name]
    folded = fold(f"{name} {description}")
    if rules.phrases_in(rules.observers, folded):
        return "observer"
    for word in folded.replace("-", " ").split():
        if word in rules.party_words:
            return rules.party_words[word]
    return "unknown"
