"""English attribution constructions, read on the ClearNLP labels of spaCy's English pipelines;
they share the sentence context, quotes, lexicon and settling of the French ones."""

from __future__ import annotations

from claimscope.attribution.constructions import Rule
from claimscope.attribution.english import according, credit, verbs

RULES: dict[str, Rule] = {
    "reported": verbs.find,
    "according_to": according.find,
    "credited": credit.find,
}
