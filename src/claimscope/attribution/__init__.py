"""Attribution: who said what in a parsed document, with exact offsets and unresolved speakers.

Speaker mentions come out as the text designates them ("lui", "Moscou", "le président");
the entities stage resolves them to canonical speakers. The extractor is
claimscope.attribution.extractor (spaCy); the package imports nothing, so that its spaCy-free
modules (quotes) load alone.
"""
