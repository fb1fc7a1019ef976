"""The pipeline as one call: ingest records in, analysed documents out (the Python API)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from claimscope.attribution.extractor import extract as attribution_extract
from claimscope.claims.extract import extract as extract_claims
from claimscope.claims.flags import document_flags
from claimscope.entities.kb import knowledge
from claimscope.entities.resolve import resolve as entities_resolve
from claimscope.nlp import not_analysed
from claimscope.nlp.parsing import parse
from claimscope.records import AnalysedDocument, Document


def analyse(document: Document) -> AnalysedDocument:
    """Attributions, entities, claims and flags of one document; other languages are kept, not analysed."""
    return next(analyse_all([document]))


def analyse_all(documents: Sequence[Document]) -> Iterator[AnalysedDocument]:
    """`analyse` of each document, in order, their texts parsed in one stream (`nlp.parsing.parse`): the
    same results, faster. An exception stops the stream; which document raised it is the one
    being yielded, or one parsed in the same batch after it (the caller tells them apart)."""
    parsed = parse(d for d in documents if not_analysed(d) is None)
    for document in documents:
        note = not_analysed(document)
        if note is not None:
            yield AnalysedDocument(document, analysed=False, note=note)
            continue
        found = next(parsed)
        resolved, mentions = entities_resolve(found, attribution_extract(found))
        analysed = AnalysedDocument(document, resolved, mentions, claims=extract_claims(found, resolved, mentions))
        analysed.flags = document_flags(analysed, knowledge())
        yield analysed
