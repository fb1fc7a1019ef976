"""Parsing units: blank-line paragraphs, and overlong blocks cut so that no input explodes a parse."""

from __future__ import annotations

from itertools import pairwise

from claimscope.nlp.parsing import BLOCK_MAX_CHARS, paragraphs
from claimscope.records import Document

CLAUSE = "le porte-parole a déclaré que les forces tenaient la ville "


def test_overlong_blocks_are_parsed_in_pieces_that_cover_them() -> None:
    block = (CLAUSE * 600)[:30_000] + "."  # no full stop until the very end
    text = "Titre\n\n" + block + "\n\nUn paragraphe ordinaire. Il finit ici."
    found = paragraphs(Document(id="x", source="x", text=text))
    pieces = [p for p in found if 7 <= p.span.start < 7 + len(block)]
    assert len(pieces) == 4 and all(len(p.span) <= BLOCK_MAX_CHARS for p in pieces)
    assert pieces[0].span.start == 7 and pieces[-1].span.end == 7 + len(block)
    assert all(a.span.end == b.span.start for a, b in pairwise(pieces))
    assert all(text[p.span.end - 1] == " " for p in pieces[:-1])  # cut between words
    assert text[found[-1].span.start : found[-1].span.end] == "Un paragraphe ordinaire. Il finit ici."


def test_ordinary_paragraphs_are_untouched() -> None:
    text = "Premier paragraphe. Une phrase.\n\nSecond paragraphe, un peu plus long, qui finit ici."
    spans = [(p.span.start, p.span.end) for p in paragraphs(Document(id="x", source="x", text=text))]
    assert spans == [(0, 31), (33, len(text))]


def test_a_headline_may_end_on_a_quoted_phrase_a_sentence_on_its_closing_mark() -> None:
    text = (
        "Macron confirme une loi pour interdire les réseaux sociaux “avant 15-16 ans”\n\n"
        "Il a dit “nous tiendrons.”\n\nLe président parle"
    )
    found = [p.is_heading for p in paragraphs(Document(id="x", source="x", text=text))]
    assert found == [True, False, True]


def test_a_given_name_makes_a_person_the_recogniser_missed() -> None:
    from claimscope.nlp.names import given_name_gender, given_names
    from claimscope.nlp.parsing import pipeline

    doc = given_names(
        pipeline("fr")(
            "À Landiras, la préfète de Gironde et Nouvelle-Aquitaine Fabienne Buccio a affirmé lundi "
            "que le feu était fixé."
        )
    )
    assert "Fabienne Buccio" in [e.text for e in doc.ents if e.label_ == "PER"]
    assert given_name_gender("Fabienne Buccio") == "f"
    assert given_name_gender("Dominique Pelicot") is None  # given to both


def test_remarks_compared_with_the_words_alone_as_with_the_whole_pipeline() -> None:
    """A client that never parses loads the tokenizer and vectors alone to compare two remarks:
    the same similarity as with the whole pipeline."""
    from claimscope.nlp import parsing

    first = "Le président a ajouté que l'on ne pouvait prévoir ce qui ressortira de cette rencontre."
    second = "Le conseiller a expliqué que le résultat de l'entrevue demeurait incertain."
    alone = parsing._words("fr")
    whole = parsing.pipeline("fr")
    assert alone.pipe_names == [] and alone is not whole
    pairs = [(first, second), (first, "Les troupes russes ont pris la ville de Pokrovsk lundi.")]
    with_words = [parsing.content_similarity("fr", a, b) for a, b in pairs]  # the whole one is loaded: used
    parsing._loaded.pop("fr")
    try:
        assert [parsing.content_similarity("fr", a, b) for a, b in pairs] == with_words
    finally:
        parsing._loaded["fr"] = whole
    assert with_words[0] > with_words[1]
