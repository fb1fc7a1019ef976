"""English: the attribution constructions read on the parse of spaCy's English pipelines
(ClearNLP dependency labels); the lemmatizer leaves no cue verb inflected, so no inflections."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimscope.attribution.constructions import Rule


def inflections(lemmas: Iterable[str]) -> dict[str, str]:
    return {}


def constructions() -> dict[str, Rule]:
    """The attribution constructions of English."""
    from claimscope.attribution.english import RULES  # they load spaCy; data readers need none

    return RULES
