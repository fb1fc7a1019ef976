"""The pipeline as one call: ingest records in, analysed documents out (the Python API)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from claimscope import attribution, entities, nlp
from claimscope.ingest.language import analysed_languages
from claimscope.records import AnalysedDocument, Document


def analyse(document: Document) -> AnalysedDocument:
    """Attributions and entities of one document; other languages are kept, not analysed."""
    if document.language not in analysed_languages() or not nlp.supported(document.language):
        return AnalysedDocument(
            document, analysed=False, note=f"language '{document.language}' is not analysed (French only for now)"
        )
    parsed = next(nlp.parse([document]))
    found = attribution.extract(parsed)
    resolved, mentions = entities.resolve(document, found, parsed.entities)
    return AnalysedDocument(document, resolved, mentions)


def analyse_all(documents: Iterable[Document]) -> Iterator[AnalysedDocument]:
    for document in documents:
        yield analyse(document)
