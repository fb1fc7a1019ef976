"""Attribution: who said what in a parsed document, with exact offsets and unresolved speakers.

Speaker mentions come out as the text designates them ("lui", "Moscou", "le président");
the entities stage resolves them to canonical speakers.
"""

from __future__ import annotations

from claimscope.attribution.extractor import extract

__all__ = ["extract"]
