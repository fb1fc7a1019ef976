"""Names and descriptions as speakers are compared: without determiners or honorifics."""

from __future__ import annotations

import re

# "la même source", "the same source" is the source already met: "même" says which, not what
DETERMINERS = re.compile(
    r"^(?:(?:les|le|la|un|une|des|du|de la|ce|cet|cette|ces|the|an|a|this|these|those)\s+(?:mêmes?\s+|same\s+)?"
    r"|(?:l|de l|d)')",
    re.IGNORECASE,
)


HONORIFICS = re.compile(
    r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|le colonel|le général|le maréchal)\s+",
    re.IGNORECASE,
)


def without_honorific(name: str) -> str:
    """`M. Ouchakov` is Ouchakov: titles of address are not part of a name."""
    return HONORIFICS.sub("", name.strip(), count=1)


def description(text: str) -> str:
    """A speaker description without its leading determiner or trailing punctuation."""
    text = " ".join(text.split()).strip(" ,;:.")
    return DETERMINERS.sub("", text, count=1)
