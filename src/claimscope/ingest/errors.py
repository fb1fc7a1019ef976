"""The one error type ingest raises for a bad input; its message is shown to the user."""


class IngestError(ValueError):
    """An input that cannot be turned into a document (the batch goes on without it)."""
