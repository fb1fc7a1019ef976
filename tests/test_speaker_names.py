"""A speaker's name whole, as the article writes it: compound surnames the tokenizer cuts at their
hyphens (found by the general-news trial: "Anne Emery-Torracinta" spoke as "Anne Emery", and on
66a9c89 as "Emery", the parser having made the hyphen the subject)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import analyse_text
from tests.test_constructions import found


def test_a_hyphenated_surname_is_one_name(tmp_path: Path) -> None:
    analysis = analyse_text(
        tmp_path,
        "« Nous allons rouvrir les écoles », a déclaré Anne Emery-Torracinta devant la presse. "
        "« Je reste », a affirmé Patricia Huchot-Boissier. « Nous avons tenu nos objectifs », a assuré "
        "Carlos Tavares-Moreira, le patron du groupe.",
    )
    # as written, and the recogniser's name ending on the hyphen ("Tavares-") taken to its end
    written = [a.speaker.text for a in analysis.attributions if a.speaker]
    assert written == ["Anne Emery-Torracinta", "Patricia Huchot-Boissier", "Carlos Tavares-Moreira"], written
    names = [a.speaker.name for a in analysis.attributions if a.speaker]
    assert names[:2] == ["Anne Emery-Torracinta", "Patricia Huchot-Boissier"], names


def test_a_hyphenated_given_name_and_a_place_after_the_name(tmp_path: Path) -> None:
    """Guard (passes on 66a9c89 too): a compound given name stays one name, and a place after the
    speaker's name is no part of it."""
    rows = found(
        tmp_path,
        "Jean-Luc Mélenchon a affirmé que la gauche gagnerait. « Rien n'est décidé », a déclaré "
        "Emmanuel Macron à Paris.",
    )
    assert [s for s, _, _, _ in rows] == ["Jean-Luc Mélenchon", "Emmanuel Macron"], rows
