"""English speaker resolution: people introduced unnamed, coordinated speakers, pairs, and
organisations referred to by a bare noun, with the real English pipeline on sentences written
for these tests (not from the corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import analyse_text
from tests.test_english import CONTEXT, found, has

PAIR = "President Ivan Horak met Prime Minister Jan Novak in Prague. {} said they wanted a ceasefire."

# (text, speaker, cue, start of what was said): each row one way of naming who speaks
RESOLVED = [
    pytest.param(
        "A senior military official briefed reporters on Monday. He said the brigade had pulled back from the river.",
        "senior military official",
        "say",
        "the brigade",
        id="pronoun-for-a-person-introduced-unnamed",
    ),
    pytest.param(
        "The road to the border was closed, a senior official said. She added that supplies were running short.",
        "senior official",
        "add",
        "supplies were",
        id="pronoun-after-an-unnamed-speaker",
    ),
    pytest.param(
        "Governor Anna Kovalchuk met a local farmer near the dam. She said the water level was falling.",
        "Anna Kovalchuk",
        "say",
        "the water level",
        id="named-subject-outweighs-unnamed-object",
    ),
    pytest.param(
        "A man walked into the shop and waited near the door. Owner Mark Jensen said he had never seen "
        "the visitor before.\n\nThe man in the grey coat left after ten minutes. In the video, he says he was "
        "waiting for a friend.",
        "man",
        "say",
        "he was waiting",
        id="gendered-noun-keeps-the-other-gender-away",
    ),
    pytest.param(
        "President Ivan Horak and Prime Minister Jan Novak told reporters the border would reopen.",
        "Ivan Horak and Jan Novak",
        "tell",
        "the border",
        id="coordinated-people-speak-as-a-group",
    ),
    pytest.param(
        "Mark Jensen and his wife said they were leaving the town.",
        "Mark Jensen",
        "say",
        "they were leaving",
        id="a-person-and-a-description-keep-the-named-one",
    ),
    *(
        pytest.param(PAIR.format(pair), "Ivan Horak and Jan Novak", "say", "they wanted", id=f"two-people-{pair}")
        for pair in ["The pair", "The two leaders", "Both leaders"]
    ),
    pytest.param(
        "Prime Minister Jan Novak visited the border town. The Prime Minister said the bridge would reopen.",
        "Jan Novak",
        "say",
        "the bridge",
        id="capitalised-title-is-its-holder",
    ),
    pytest.param(
        "Emmanuel Macron, Brigitte Macron's husband, said the talks had been useful.",
        "Emmanuel Macron",
        "say",
        "the talks",
        id="one-persons-apposition-keeps-the-subject",
    ),
    pytest.param(
        "“I want to thank you,” Putin told his top brass.",
        "Vladimir Putin",
        "tell",
        "I want to thank you",
        id="quote-told-to-an-audience",
    ),
    pytest.param(
        "The mayor's campaign said he had fought for the city. Others who have tracked the mayor's career see"
        " choppier waters ahead. Turnout in municipal elections is notoriously low, they say.",
        "Others who have tracked the mayor's career",
        "say",
        "Turnout",
        id="they-is-the-plural-group-in-view",
    ),
    pytest.param(
        "The ministry said the talks would resume. The shelling has not stopped for days, they say.",
        "ministry",
        "say",
        "The shelling",
        id="they-without-a-group-is-the-last-organisation",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "cue", "content_start"), RESOLVED)
def test_the_speaker_is_resolved(tmp_path: Path, text: str, speaker: str, cue: str, content_start: str) -> None:
    items = found(tmp_path, text)
    assert has(items, speaker, cue, content_start), items


def test_a_noun_for_two_people_with_nobody_named_stays_a_description(tmp_path: Path) -> None:
    items = found(tmp_path, "The couple said they were leaving the town.")
    assert not any(s and " and " in s for s, _c, _t in items), items


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The European Space Agency launched a satellite. The agency said the mission would last ten years.",
            "European Space Agency",
        ),
        (
            "The Southern Command of the army released a statement. The command said two villages had been retaken.",
            "Southern Command",
        ),
    ],
)
def test_a_bare_organisation_noun_is_the_last_organisation_named_so(tmp_path: Path, text: str, speaker: str) -> None:
    items = found(tmp_path, text)
    assert any(s == speaker and c == "say" for s, c, _t in items), items


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Ceasefire talks will resume next week – Novak", "Jan Novak"),
        ("Ceasefire talks will resume next week: Novak on the border crisis", "Jan Novak"),
        ("Ceasefire talks will resume next week - Prime Minister", "Jan Novak"),
    ],
)
def test_a_headline_credits_its_words_to_the_name_after_it(tmp_path: Path, headline: str, speaker: str) -> None:
    text = f"{headline}\n\nPrime Minister Jan Novak spoke to reporters in the capital on Monday."
    items = found(tmp_path, text)
    assert has(items, speaker, None, "Ceasefire talks will resume"), items


@pytest.mark.parametrize("headline", ["Border crisis: Live updates", "Ceasefire talks will resume next week - Markets"])
def test_a_headline_label_credits_nobody(tmp_path: Path, headline: str) -> None:
    items = found(tmp_path, f"{headline}\n\nMarkets fell sharply in the capital on Monday.")
    assert not any(t.startswith(("Border crisis", "Ceasefire")) for _s, _c, t in items), items


def test_a_stored_pages_date_marker_is_no_speaker(tmp_path: Path) -> None:
    """Stored pages open with "date YYYY-MM-DD " before their first line: no word of the article."""
    text = (
        "date 2025-12-04 US President Donald Trump (right) said Russian President Vladimir Putin is genuine"
        " about ending the war. (Photo: Reuters)\n\nThe talks in Moscow went on for five hours on Tuesday.\n"
    )
    analysis = analyse_text(tmp_path, text)
    speakers = [(a.speaker.text, a.speaker.name) for a in analysis.attributions if a.speaker]
    assert speakers == [("US President Donald Trump", "Donald Trump")], speakers


@pytest.mark.parametrize(
    "text",
    [
        "Ushakov's cautious tone suggested that no deal was close.",
        "The BBC's Dec 9 account said that the two sides had agreed on nothing.",
        "The session that concluded without a breakthrough showed that the sides remain far apart.",
        "Any European military confrontation would show that the alliance is weak.",
    ],
)
def test_an_event_a_mood_or_a_telling_is_no_speaker(tmp_path: Path, text: str) -> None:
    assert not any(s is not None for s, _c, _t in found(tmp_path, text)), found(tmp_path, text)


def test_a_document_still_speaks_for_its_issuer(tmp_path: Path) -> None:
    items = found(tmp_path, "The ministry briefed reporters. A statement said the two sides had agreed on nothing.")
    assert any(c == "say" and t.startswith("the two sides") for _s, c, t in items), items


@pytest.mark.parametrize("opening", ["Alongside", "Speaking alongside"])
def test_chained_appositions_give_the_last_pair_as_subject(tmp_path: Path, opening: str) -> None:
    """Two title-name pairs in one subject: the first is the fronted phrase's, the second speaks."""
    text = (
        f"{opening} the French president, Emmanuel Macron, Ukraine's president, Volodymyr Zelenskyy,"
        " acknowledged that a deal was not close."
    )
    items = found(tmp_path, text)
    assert [s for s, _c, _t in items] == ["Volodymyr Zelensky"], items


def test_a_clause_after_its_own_object_is_no_incise(tmp_path: Path) -> None:
    """ "“…,” he noted, adding that … Russia maintained a critical stance": no incise of Russia's."""
    text = "“Some formulations do not fit us,” Ushakov noted, adding that Russia maintained a critical stance."
    items = found(tmp_path, text)
    assert not any(s == "Russian government" for s, _c, _t in items), items


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Y. Ushakov said the meeting had been constructive.", "Yuri Ushakov"),
        ("V. Zelenskyy said the front was holding.", "Volodymyr Zelensky"),
        ("Zelenskyy said the front was holding.", "Volodymyr Zelensky"),  # tagged a common noun
        ("André Villas-Boas said the club would appeal the decision.", "André Villas-Boas"),
    ],
)
def test_initials_hyphens_and_known_surnames_name_the_person(tmp_path: Path, text: str, speaker: str) -> None:
    analysis = analyse_text(tmp_path, CONTEXT + text)
    assert [(a.speaker.name, a.speaker.type.value) for a in analysis.attributions if a.speaker] == [
        (speaker, "person")
    ], analysis.attributions


def test_according_to_them_is_the_group_that_spoke(tmp_path: Path) -> None:
    """ "According to them" after Ukrainian officials spoke is theirs, not the person in view."""
    items = found(
        tmp_path,
        "Putin received the envoys on Monday. Ukrainian officials called the announcement propaganda. "
        "According to them, Russia wants leverage.",
    )
    assert has(items, "Ukrainian officials", "according to", "Russia wants leverage"), items
