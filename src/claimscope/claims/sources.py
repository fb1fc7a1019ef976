"""Who holds a stance, and which side of the story they speak for."""

from __future__ import annotations

from claimscope.claims.rules import ClaimRules
from claimscope.records import Attribution, Document, Source
from claimscope.text import fold

NARRATION = "journalist"


def narrator(document: Document) -> Source:
    """The outlet speaking in its own voice: its narration is a source like any other."""
    name = document.site or document.author or document.source
    return Source(name, "outlet", NARRATION)


def speaker_source(attribution: Attribution, document: Document, rules: ClaimRules) -> Source:
    speaker = attribution.speaker
    if speaker is None or speaker.name is None:
        text = speaker.text if speaker else "unattributed"
        return Source(text, "unknown", party_of(text, text, rules))
    return Source(speaker.name, speaker.type.value, party_of(speaker.name, speaker.text, rules))


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
