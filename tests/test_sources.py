"""Which side of the story a source speaks for, from its name, its description and the sentence
that first names it."""

from __future__ import annotations

import pytest

from claimscope.claims.rules import rules
from claimscope.claims.sources import party_in_document, party_of


@pytest.mark.parametrize(
    ("language", "written", "party"),
    [
        ("fr", "un responsable de la Maison blanche", "us"),
        ("en", "a White House official", "us"),
        ("en", "a United States diplomat", "us"),
        ("fr", "un responsable ukrainien", "ukraine"),
    ],
)
def test_a_side_named_in_two_words_is_that_side(language: str, written: str, party: str) -> None:
    """ "la Maison blanche", "the White House": sides named in several words were never matched
    (a White House official was of no side, or of one a word nearby gave)."""
    assert party_of(written, written, rules(language)) == party


def test_a_side_is_read_in_the_sentence_that_first_names_someone() -> None:
    """ "…, a déclaré le chef du Centre de lutte contre la désinformation, Andriy Kovalenko. Selon
    lui, les forces russes …": the next sentence's "russes" made a Ukrainian official Russian."""
    text = (
        "Ces affirmations ne correspondent pas à la réalité, a déclaré le chef du Centre de lutte contre la "
        "désinformation, Andriy Kovalenko.\nSelon lui, les forces russes multiplient les déclarations."
    )
    assert party_in_document("Andriy Kovalenko", text, rules("fr")) == "unknown"
    named = "Le porte-parole de l'état-major ukrainien, Andreï Kovalev, a démenti. Les Russes insistent."
    assert party_in_document("Andreï Kovalev", named, rules("fr")) == "ukraine"
    # an abbreviated title's full stop ends no sentence (the review's "Brig. Gen.")
    ranked = "Ukrainian Brig. Gen. Ivan Petrenko spoke on Tuesday. Petrenko said the line held."
    assert party_in_document("Ivan Petrenko", ranked, rules("en")) == "ukraine"
