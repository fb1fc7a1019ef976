"""The one error type ingest raises for a bad input (its message is shown to the user), and what
an unforeseen failure on one input becomes."""

from __future__ import annotations

from claimscope.records import Problem


class IngestError(ValueError):
    """An input that cannot be turned into a document (the batch goes on without it)."""


def unexpected(source: str, exc: Exception) -> Problem:
    """What an input that a reader failed on in a way no check foresaw becomes: one problem, the
    batch going on with the other inputs (hostile input must never stop it)."""
    return Problem(source, f"could not be read ({type(exc).__name__}: {str(exc)[:300]}); the other inputs go on")
