"""The pipeline as one call: ingest records in, analysed documents out (the Python API)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
    return next(analyse_all([document]))


def analyse_all(documents: Sequence[Document]) -> Iterator[AnalysedDocument]:
    """`analyse` of each document, in order, their texts parsed in one stream (`nlp.parse`): the
    same results, faster. An exception stops the stream; which document raised it is the one
    being yielded, or one parsed in the same batch after it (the caller tells them apart)."""
    parsed = nlp.parse(d for d in documents if _not_analysed(d) is None)
    for document in documents:
        note = _not_analysed(document)
        if note is not None:
            yield AnalysedDocument(document, analysed=False, note=note)
            continue
        found = next(parsed)
        resolved, mentions = entities_resolve(found, attribution_extract(found))
        analysed = AnalysedDocument(document, resolved, mentions, claims=extract_claims(found, resolved, mentions))
        analysed.flags = document_flags(analysed, knowledge())
        yield analysed


def _not_analysed(document: Document) -> str | None:
    """Why a document is kept without analysis (None: it is analysed)."""
    if len(document.text) > MAX_ANALYSED_CHARS:
        return (
            f"text too long to analyse ({len(document.text):,} characters, limit {MAX_ANALYSED_CHARS:,}); "
            "split it into articles"
        )
    if document.language not in analysed_languages() or not nlp.supported(document.language):
        return f"language '{document.language}' is not analysed (French and English only for now)"
    return None
