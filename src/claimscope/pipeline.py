"""The pipeline as one call: ingest records in, analysed documents out (the Python API)."""

from __future__ import annotations

from claimscope import nlp
from claimscope.attribution.extractor import extract as attribution_extract
from claimscope.claims.extract import extract as extract_claims
from claimscope.claims.flags import document_flags
from claimscope.entities.kb import knowledge
from claimscope.entities.resolve import resolve as entities_resolve
from claimscope.ingest.language import analysed_languages
from claimscope.records import AnalysedDocument, Document

MAX_ANALYSED_CHARS = 300_000  # about 50,000 words: a long report, far beyond any news article


def analyse(document: Document) -> AnalysedDocument:
    """Attributions, entities, claims and flags of one document; other languages are kept, not analysed."""
    if len(document.text) > MAX_ANALYSED_CHARS:
        return AnalysedDocument(
            document,
            analysed=False,
            note=f"text too long to analyse ({len(document.text):,} characters, limit {MAX_ANALYSED_CHARS:,}); "
            "split it into articles",
        )
    if document.language not in analysed_languages() or not nlp.supported(document.language):
        return AnalysedDocument(
            document,
            analysed=False,
            note=f"language '{document.language}' is not analysed (French and English only for now)",
        )
    parsed = next(nlp.parse([document]))
    found = attribution_extract(parsed)
    resolved, mentions = entities_resolve(parsed, found)
    analysed = AnalysedDocument(document, resolved, mentions, claims=extract_claims(parsed, resolved, mentions))
    analysed.flags = document_flags(analysed, knowledge())
    return analysed
