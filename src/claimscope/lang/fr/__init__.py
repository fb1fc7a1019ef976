"""French: the inflection the tagger sometimes misses ("indique" or "contrôlent" left as their own
lemma), and the attribution constructions read on its Universal Dependencies parse."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from claimscope.lang import load

if TYPE_CHECKING:
    from claimscope.attribution.constructions import Rule


def er_forms(infinitives: Iterable[str]) -> dict[str, str]:
    """Inflected forms of first-group verbs (-er) -> infinitive, from the endings in grammar.yaml."""
    forms: dict[str, str] = {}
    endings = load("fr", "grammar")["er_endings"]
    for verb in infinitives:
        if verb.endswith("er"):
            for ending in endings:
                forms.setdefault(verb[:-2] + ending, verb)
    return forms


inflections = er_forms  # what the cue lexicon adds to the lemmas it knows


def constructions() -> dict[str, Rule]:
    """The attribution constructions of French (read on its Universal Dependencies parse)."""
    from claimscope.attribution.constructions import RULES  # they load spaCy; data readers need none

    return RULES
