"""Bytes to text: encoding detection, binary refusal, mojibake repair."""

from __future__ import annotations

import codecs

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
    marked = _by_bom(data)
    if marked is not None:
        return marked
    if looks_binary(data):
        raise IngestError("binary content, not text (is this really an HTML/text file?)")
    warnings: list[str] = []
    utf8_mark = data.startswith(codecs.BOM_UTF8)  # UTF-8 whatever a header, a <meta> or a stray byte says
    if utf8_mark:
        declared = None  # as browsers read it
    if declared and declared.lower().replace("_", "-") in WINDOWS_1252_LABELS:
        declared = "cp1252"  # as browsers do: pages labelled Latin-1 are written in CP1252
    for encoding in filter(None, ("utf-8-sig", declared)):
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        mostly = _utf8_replacing(data.removeprefix(codecs.BOM_UTF8)) if utf8_mark else _mostly_utf8(data)
        if mostly is not None:
            text, bad = mostly
            warnings.append(f"{bad} invalid UTF-8 byte sequence{'' if bad == 1 else 's'} replaced by U+FFFD")
        else:
            text, guessed = _legacy_decode(data)
            warnings.append(f"not valid UTF-8; decoded as {guessed}")
    repaired = repair_mojibake(text)
    if repaired != text:
        warnings.append("repaired mojibake (UTF-8 read as Latin-1/CP1252)")
    return repaired, warnings


# a byte-order mark names its encoding: UTF-16 and UTF-32 files are text, whatever their NUL bytes
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _by_bom(data: bytes) -> tuple[str, list[str]] | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), [f"decoded as {encoding.upper()} (byte-order mark)"]
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()}"
                ) from exc
    return None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few damaged bytes (a truncated copy, a stray byte) stays UTF-8: its
    well-formed multi-byte characters outnumber the bad sequences, which CP1252 text never shows."""
    text, bad = _utf8_replacing(data)
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return (text, bad) if bad and good >= 2 * bad else None


def _utf8_replacing(data: bytes) -> tuple[str, int]:
    """UTF-8 text, each bad sequence replaced by U+FFFD, and their number."""
    text = data.decode("utf-8", errors="replace")
    return text, text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """Western European pages are overwhelmingly CP1252; detection guesses only beyond it."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only legacy encodings need it: most pages are UTF-8

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
