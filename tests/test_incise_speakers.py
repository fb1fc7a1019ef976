"""An incise after a quote names its own speaker, whatever stands between its comma and its
subject: the quote is not the previous speaker's (found by a French fact-checker's trial on
news-fr-general: "« … », a pour sa part souligné Katrina Kretsinger" went to the woman quoted
before her)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_constructions import found

FIRST = "« Nous devons agir vite », a déclaré Marie Dupont, maire de Lille. "


@pytest.mark.parametrize(
    ("second", "speaker", "cue"),
    [
        # a phrase between the auxiliary and its participle (the parser hangs the cue on "part")
        ("« Tout le monde doit participer », a pour sa part souligné Jean Martin.", "Jean Martin", "souligner"),
        ("« Tout le monde doit participer », a quant à lui affirmé Jean Martin.", "Jean Martin", "affirmer"),
        # an adjective before the subject's noun
        ("« Venez vous justifier », a ajouté une autre femme.", "autre femme", "ajouter"),
        # a nominal adjective, with a pronominal verb of manner
        ("« On ne sait pas quand on reviendra », se résigne un autre.", "autre", "se résigner"),
        # an object pronoun the parser takes for the subject
        ("« Personne n'a été blessé », nous confirme la police.", "police", "confirmer"),
        ("« Personne n'a été blessé », m'a confié Paul Leroy.", "Paul Leroy", "confier"),
    ],
)
def test_an_incise_names_its_own_speaker(tmp_path: Path, second: str, speaker: str, cue: str) -> None:
    rows = found(tmp_path, FIRST + second)
    content = second[2 : second.index(" »")]
    assert (speaker, cue, content) in [(s, c, text) for s, c, _, text in rows], rows
    assert not any(s == "Marie Dupont" and text == content for s, _, _, text in rows)


def test_an_object_pronoun_is_no_speaker(tmp_path: Path) -> None:
    """ "…, nous confirme la police" after a sentence, not a quote: the police speak and the
    clause before is what they confirm; "Il nous a dit que …" is his (the parser read "nous" as
    the subject and "il" as impersonal); "Nous confirmons que …" is still the writer's "nous"."""
    rows = found(
        tmp_path,
        "Des tirs ont éclaté lundi soir. Là encore, personne n'a été blessé, nous confirme la zone de police Midi.",
    )
    assert [(s, text) for s, _, _, text in rows] == [("zone de police Midi", "Là encore, personne n'a été blessé")]
    said = found(tmp_path, "Pierre Durand est arrivé lundi. Il nous a dit que la ville était calme.")
    assert [(s, text) for s, _, _, text in said] == [("Pierre Durand", "la ville était calme")]
    ours = found(tmp_path, "Les combats ont cessé lundi soir. Nous confirmons que la ville est calme.")
    assert [text for _, _, _, text in ours] == ["la ville est calme"]


def test_a_participle_after_a_subject_keeps_its_own_cue(tmp_path: Path) -> None:
    """Guard (passes before and after): an auxiliary with a subject of its own before it is not
    the participle's ("Le communiqué est le texte publié par le ministère": nothing said), a
    journal named after an adjective is not who published, and a plain "X s'est félicité que …"
    keeps its speaker."""
    assert found(tmp_path, "Le communiqué est le texte publié par le ministère.") == []
    # an adjective after its noun ends the search for the subject: the journal is no speaker
    research = found(
        tmp_path, "Leur recherche, publiée dans la revue scientifique Nature, démontre que le fossile nageait."
    )
    assert "Nature" not in [s for s, _, _, _ in research]
    rows = found(tmp_path, "Le ministre Paul Leroy s'est félicité que la ville soit libérée.")
    assert [(s, text) for s, _, _, text in rows] == [("Paul Leroy", "la ville soit libérée")]
