"""A place a control claim is measured from is not the place taken or held, and a list's lines
are sentences of their own (a web desk trial read "Le retrait des forces des positions de 5 à 7 km
de Pokrovsk", a line of a bulleted list of a commander's statements, as Russia holding Pokrovsk)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimscope.nlp.parsing import pipeline, sentences_of
from claimscope.records import ClaimType, Document
from tests.test_claims import analyse_record, of_type


def _places(tmp_path: Path, text: str) -> set[str]:
    return {c.args["place"] for c in of_type(analyse_record(tmp_path, text), ClaimType.CONTROL)}


@pytest.mark.parametrize(
    "text",
    [
        "Le retrait des forces des positions situées à 5 km de Pokrovsk s'est produit mardi.",
        "Les forces russes ont pris un village au nord de Pokrovsk.",
        "Les troupes russes se sont emparées d'une localité à l'ouest de Pokrovsk.",
        "L'armée russe contrôle désormais une position près de Pokrovsk.",
    ],
)
def test_a_place_measured_from_a_town_is_not_the_town(tmp_path: Path, text: str) -> None:
    assert "Pokrovsk" not in _places(tmp_path, text)


def test_a_town_measured_from_another_is_still_taken(tmp_path: Path) -> None:
    """Guard: the landmark is the second town, not the one taken; "dans le nord de" is inside it."""
    assert _places(tmp_path, "Moscou a revendiqué la prise de Pokrovsk, à 60 km de Donetsk.") == {"Pokrovsk"}
    assert _places(tmp_path, "Les forces russes contrôlent le quartier dans le nord de Pokrovsk.") == {"Pokrovsk"}


def test_places_listed_with_a_landmark_are_landmarks_too(tmp_path: Path) -> None:
    """The review of 6e3d42e: with the landmark left out, "aux portes de Kramatorsk et de
    Sloviansk" listed Sloviansk with the town taken."""
    assert _places(tmp_path, "Moscou affirme avoir pris Pokrovsk, aux portes de Kramatorsk et de Sloviansk.") == {
        "Pokrovsk"
    }
    # the third review: a comma then "et" closes the landmark's phrase, the list goes on
    text = "Les forces russes ont pris Myrnohrad, près de Pokrovsk, et Koupiansk, a affirmé le ministère."
    assert _places(tmp_path, text) == {"Myrnohrad", "Kupiansk"}


def test_an_english_place_measured_from_a_town_is_not_the_town() -> None:
    from claimscope.pipeline import analyse

    for text, places in [
        ("Russian forces captured a village 5 km from Pokrovsk, the army said.", set()),
        ("Russian forces captured a village north of Pokrovsk.", set()),
        ("Russian troops seized a village a few kilometres from Pokrovsk.", set()),
        ("Russia claimed the capture of Pokrovsk, 60 km from Donetsk.", {"Pokrovsk"}),
        # the review of 6e3d42e: a list after a landmark, and a relative clause on the landmark
        ("Russia claims it has taken Pokrovsk, at the gates of Kramatorsk and Sloviansk.", {"Pokrovsk"}),
        ("Fighting is raging 5 km from Kostiantynivka, which Moscow claims to have captured.", {"Kostiantynivka"}),
        ("Moscow says it captured Siversk, near Bakhmut, as well as Kupiansk.", {"Siversk", "Kupiansk"}),
    ]:
        found = analyse(Document("t", "t.txt", text, language="en", published=date(2025, 12, 3)))
        assert {c.args["place"] for c in found.claims if c.type is ClaimType.CONTROL} == places, text


def test_each_line_of_a_list_is_its_own_sentence(tmp_path: Path) -> None:
    """spaCy ends a sentence at a line's end, its last token the line break: the sentence that
    ended with a full stop was joined to the next line as if unfinished."""
    text = "Le commandant a résumé la situation.\n- L'Ukraine augmente le nombre de groupes à Pokrovsk.\n- Le retrait"
    text += " des forces des positions de 5 à 7 km de Pokrovsk s'est produit en raison de la menace.\n- Fin."
    doc = pipeline("fr")(text)
    assert [s.text.strip() for s in sentences_of(doc)] == [line.strip() for line in text.split("\n")]
    assert _places(tmp_path, text) == set()


def test_a_village_the_gazetteer_does_not_know_keeps_its_hyphenated_name(tmp_path: Path) -> None:
    """ "le village de Zolotarivka-Nova" was the place "Zolotarivka" (found writing the map's test
    of places it cannot draw)."""
    text = "L'armée russe a annoncé la prise du village de Zolotarivka-Nova. Les combats se poursuivent à Pokrovsk."
    assert "Zolotarivka-Nova" in _places(tmp_path, text)


def test_a_line_break_inside_an_open_quote_ends_no_sentence() -> None:
    """The review of 6e3d42e (en-059): a quote whose closing mark the page lost runs on to the next
    line, which is still its sentence."""
    doc = pipeline("en")("He said they were “not acceptable.\n“Europe is preventing peace in Ukraine,” Putin said.")
    assert len(sentences_of(doc)) == 1
