"""Bytes to text: encoding detection, binary refusal, mojibake repair."""

from __future__ import annotations

from charset_normalizer import from_bytes

from claimscope.ingest.errors import IngestError

WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252"}
MOJIBAKE_MARKERS = ("Ã©", "Ã¨", "Ã ", "Ãª", "Ã§", "â€™", "â€œ", "Ã‰", "Ã´", "Ã®")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block mean this is not text."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes, returning the text and warnings about how it was decoded."""
    if looks_binary(data):
        raise IngestError("binary content, not text (is this really an HTML/text file?)")
    warnings: list[str] = []
    if declared and declared.lower().replace("_", "-") in WINDOWS_1252_LABELS:
        declared = "cp1252"  # as browsers do: pages labelled Latin-1 are written in CP1252
    for encoding in filter(None, ("utf-8-sig", declared)):
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        text, guessed = _legacy_decode(data)
        warnings.append(f"not valid UTF-8; decoded as {guessed}")
    repaired = repair_mojibake(text)
    if repaired != text:
        warnings.append("repaired mojibake (UTF-8 read as Latin-1/CP1252)")
    return repaired, warnings


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """Western European pages are overwhelmingly CP1252; detection guesses only beyond it."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise IngestError("could not determine the text encoding; re-save the file as UTF-8")
    return str(best), best.encoding


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was once decoded as CP1252 ("Ã©" for "é"), when it is safe."""
    if sum(text.count(m) for m in MOJIBAKE_MARKERS) < 2:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text
