"""A quote set as a section heading is said in the section below it, not by whoever spoke in
the section above (a general-news trial: the heading "Les peines font preuve d'humanité" went to
the survivor quoted before it, not to the lawyer who says it below)."""

from __future__ import annotations

from pathlib import Path

from tests.test_constructions import found

ABOVE = (
    "Le procès s'est ouvert lundi à Paris devant la cour d'assises spéciale.\n\n"
    "« Nous attendons des réponses », a déclaré Thierry, un survivant du Bataclan, à la sortie de l'audience.\n\n"
)


def test_a_heading_quote_is_said_by_the_speaker_below(tmp_path: Path) -> None:
    text = (
        ABOVE + '"Les peines font preuve d\'humanité"\n\n'
        "L'avocat de la défense s'est exprimé mardi. « Pour moi, les peines sont correctes, font preuve "
        "d'humanité », indique Xavier Nogueras."
    )
    said = {(s, c) for s, _, _, c in found(tmp_path, text)}
    assert ("Xavier Nogueras", "Les peines font preuve d'humanité") in said
    assert ("Thierry", "Les peines font preuve d'humanité") not in said


def test_a_heading_quote_nobody_says_below_is_nobody_s(tmp_path: Path) -> None:
    """Its words said by nobody below, the heading quote stays unattributed; a closed quote that
    ends a sentence ("« … prêts. »") is prose, which goes on in the last speaker's voice."""
    text = ABOVE + '"Une audience sous haute tension"\n\nLa salle était comble mardi matin au palais de justice.'
    assert not any("haute tension" in c for _, _, _, c in found(tmp_path, text))
    prose = ABOVE + "« Nous sommes prêts à entendre les accusés jusqu'au bout. »\n\nLa salle était comble mardi."
    assert ("Thierry", "Nous sommes prêts à entendre les accusés jusqu'au bout.") in {
        (s, c) for s, _, _, c in found(tmp_path, prose)
    }


def test_a_quote_left_open_at_a_cut_excerpt_goes_on_in_the_last_voice(tmp_path: Path) -> None:
    """Guard (the dev golds): an excerpt cut short ends on a short block without final
    punctuation, read as a heading; its quote, left open, goes on in the last speaker's voice."""
    text = (
        ABOVE + "Les négociations ont repris mardi entre les deux délégations à Genève.\n\n"
        "Les familles \"ont besoin d'un cadre pour les dispositions de sécurité et des moyens"
    )
    said = {(s, c) for s, _, _, c in found(tmp_path, text)}
    assert any(s == "Thierry" and c.startswith("ont besoin") for s, c in said), said


def test_a_line_of_prose_ending_on_a_quote_is_no_heading(tmp_path: Path) -> None:
    """Guard (the second review): a short paragraph of prose that ends on a quote without a full
    stop goes on in the last speaker's voice; only a block that is a quote is a heading."""
    text = (
        "« On va gagner ce match », a promis Didier Deschamps avant la rencontre.\n\n"
        "Après la victoire, le sélectionneur a publié un message sur X, "
        "« fiers de vous les gars, on continue comme ça »"
        "\n\nLes Bleus affronteront l'Espagne en demi-finale."
    )
    assert ("Didier Deschamps", "fiers de vous les gars, on continue comme ça") in {
        (s, c) for s, _, _, c in found(tmp_path, text)
    }


def test_a_heading_quote_s_words_are_matched_without_their_punctuation(tmp_path: Path) -> None:
    """The second review's fifth leftover (a8b80f6 took "essentielle," for a word of its own, so
    a four-word heading fell under its share and went to nobody)."""
    text = (
        ABOVE + '"Une réforme essentielle, urgente"\n\n'
        "Le ministre a défendu son texte mardi. « C'est une réforme essentielle et urgente pour le pays », "
        "a déclaré Paul Leroy."
    )
    said = {(s, c) for s, _, _, c in found(tmp_path, text)}
    assert ("Paul Leroy", "Une réforme essentielle, urgente") in said, said


def test_elided_words_make_no_heading_s_share(tmp_path: Path) -> None:
    """Guard (the third review, on b98122a): "l'", "n'" counted as words of their own carried a
    heading over its share ("L'État n'a rien fait" over "L'État n'a pas su, n'a rien compris")."""
    text = (
        ABOVE + "\"L'État n'a rien fait\"\n\n"
        "Les habitants ont manifesté mardi. « L'État n'a pas su, n'a rien compris », a déclaré Jean Blanc."
    )
    assert not any(c == "L'État n'a rien fait" for _, _, _, c in found(tmp_path, text))
