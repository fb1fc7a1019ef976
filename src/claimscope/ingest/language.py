"""Language identification, restricted to the languages news in this stream comes in."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from claimscope.data import load


@cache
def _identifier() -> LanguageIdentifier:
    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    ident.set_languages(load("languages")["identify"])
    return ident


def identify(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability); None for text too short to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
