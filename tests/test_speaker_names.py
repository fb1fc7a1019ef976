"""A speaker's name whole, as the article writes it: compound surnames the tokenizer cuts at their
hyphens (found by the general-news trial: "Anne Emery-Torracinta" spoke as "Anne Emery", and on
66a9c89 as "Emery", the parser having made the hyphen the subject)."""

from __future__ import annotations

from pathlib import Path

from tests.test_constructions import found


def test_a_hyphenated_surname_is_one_name(tmp_path: Path) -> None:
    rows = found(
        tmp_path,
        "« Nous allons rouvrir les écoles », a déclaré Anne Emery-Torracinta devant la presse. "
        "« Je reste », a affirmé Patricia Huchot-Boissier.",
    )
    assert [s for s, _, _, _ in rows] == ["Anne Emery-Torracinta", "Patricia Huchot-Boissier"], rows


def test_a_hyphenated_given_name_and_a_place_after_the_name(tmp_path: Path) -> None:
    """Guard (passes on 66a9c89 too): a compound given name stays one name, and a place after the
    speaker's name is no part of it."""
    rows = found(
        tmp_path,
        "Jean-Luc Mélenchon a affirmé que la gauche gagnerait. « Rien n'est décidé », a déclaré "
        "Emmanuel Macron à Paris.",
    )
    assert [s for s, _, _, _ in rows] == ["Jean-Luc Mélenchon", "Emmanuel Macron"], rows
