"""French inflection the tagger sometimes misses: "indique" or "contrôlent" left as their own lemma."""

from __future__ import annotations

from collections.abc import Iterable

from claimscope.data import load


def er_forms(infinitives: Iterable[str]) -> dict[str, str]:
    """Inflected forms of first-group verbs (-er) -> infinitive, from the endings in grammar.yaml."""
    forms: dict[str, str] = {}
    endings = load("grammar")["er_endings"]
    for verb in infinitives:
        if verb.endswith("er"):
            for ending in endings:
                forms.setdefault(verb[:-2] + ending, verb)
    return forms
