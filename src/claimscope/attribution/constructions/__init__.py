"""Construction rules, one module each, registered in order of precedence.

Each rule takes a SentenceContext and yields Attributions; the extractor runs them all and
settles overlaps. Adding a construction means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from claimscope.attribution.constructions import (
    according,
    agentive,
    anaphoric,
    continued,
    introduced,
    inverted,
    reported,
)
from claimscope.attribution.context import SentenceContext
from claimscope.records import Attribution

Rule = Callable[[SentenceContext], Iterator[Attribution]]

RULES: dict[str, Rule] = {
    "reported": reported.find,
    "inverted": inverted.find,
    "according_to": according.find,
    "anaphoric": anaphoric.find,
    "agentive": agentive.find,
    "continued": continued.find,
    "introduced": introduced.find,
}
