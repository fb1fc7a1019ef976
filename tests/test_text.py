"""Folding one character for one: the offsets of a folded text index the original."""

from __future__ import annotations

from claimscope.text import _folded_char, fold_chars


def test_folding_a_text_folds_each_character_as_alone_and_keeps_every_offset() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = fold_chars(every)
    assert len(folded) == len(every)
    assert folded == "".join(_folded_char(ch) for ch in every)
    assert fold_chars(every[::-1]) == folded[::-1]  # the table learnt on first sight gives the same again


def test_french_and_odd_characters_fold_as_readers_expect() -> None:
    # case and accents dropped, quotes straightened, fullwidth letters plain; a character whose
    # lower case is two characters keeps one ("İ" its letter, "ẞ" itself)
    assert fold_chars("Élysée’s «Ｐokrovsk» İstanbul STRAẞE") == "elysee's «pokrovsk» Istanbul straẞe"
