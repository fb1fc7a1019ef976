"""English recall: reported clauses the parser set apart from their cue (an aside between them, a
that-clause hung past the cue's circumstances, a past tense tagged as a participle); sentences
written for these tests, real English pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_english import found

LEAD = "The regional water board met on Tuesday to review the damage. "


PAST_AN_ASIDE = [  # (text, speaker, cue, content)
    (
        "The board also said -- without openly blaming the builders -- that the dam had been poorly maintained.",
        "board",
        "say",
        "the dam had been poorly maintained",
    ),
    (
        "Mayor Lisa Grant said in a statement after the report became public that the city would pay for repairs.",
        "Lisa Grant",
        "say",
        "the city would pay for repairs",
    ),
    (
        "The utility confirmed in a notice sent to all customers and printed in local papers "
        "that water was safe to drink.",
        "utility",
        "confirm",
        "water was safe to drink",
    ),
]


def test_a_that_clause_past_someone_elses_cue_is_theirs(tmp_path: Path) -> None:
    items = found(tmp_path, LEAD + "Mayor Lisa Grant spoke after engineers warned that the dam could fail.")
    assert not any(c == "speak" or (s or "").endswith("Grant") for s, c, _t in items), items
    assert any(c == "warn" and t == "the dam could fail" for _s, c, t in items), items


def test_a_told_addressee_does_not_hide_the_that_clause(tmp_path: Path) -> None:
    text = LEAD + "Chief engineer Paul Mercer told Mayor Lisa Grant during a site visit on Sunday that the dam held."
    items = found(tmp_path, text)
    assert ("Paul Mercer", "tell", "the dam held") in items, items


def test_a_past_tense_tagged_as_participle_still_reports(tmp_path: Path) -> None:
    text = (
        LEAD + "A spokesman said on Monday that chief engineer Paul Mercer, the head of the inspection team, "
        "informed the mayor during a visit to the site on Sunday that the dam had held."
    )
    items = found(tmp_path, text)
    assert ("Paul Mercer", "inform", "the dam had held") in items, items


def test_a_headline_passive_is_no_statement_of_its_subject(tmp_path: Path) -> None:
    items = found(tmp_path, "Mayor Lisa Grant accused of hiding the dam report\n\n" + LEAD)
    assert not any(s == "Lisa Grant" for s, _c, _t in items), items


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The new rules, Mayor Lisa Grant says, will be posted outside every school next week.",
            "say",
            "will be posted outside every school next week",
        ),
        (
            "Mayor Lisa Grant blamed the storm. The pumps, she continued, failed within an hour.",
            "continue",
            "failed within an hour",
        ),
        (
            "Mayor Lisa Grant called the engineers, who, she said, fixed the pumps overnight.",
            "say",
            "fixed the pumps overnight",
        ),
    ],
)
def test_an_incise_inside_its_clause_reports_what_follows(tmp_path: Path, text: str, cue: str, content: str) -> None:
    items = found(tmp_path, LEAD + text)
    assert ("Lisa Grant", cue, content) in items, items


@pytest.mark.parametrize(
    ("said", "between"),
    [
        ("We will not give up our land", ","),
        ("We will not give up our land", " -"),
        ("We will not give up our land", " \u2014"),
        ("The pumps will not fail again", ","),
        ("The pumps will not fail again", " -"),
    ],
)
def test_an_incise_after_a_comma_or_a_dash_ending_the_sentence(tmp_path: Path, said: str, between: str) -> None:
    """ "…, emphasized the Mayor." (translations from Ukrainian write a dash there): the parser
    reads the speaker after the cue as its object, or the cue as a verb coordinated with the
    clause; someone ending the sentence there says the clause before. (Left: "The pumps will not
    fail again — emphasized the Mayor.", whose cue the tagger reads as a participle.)"""
    items = found(tmp_path, LEAD + f"{said}{between} emphasized the Mayor.")
    assert any(c == "emphasize" and t == said for _s, c, t in items), items


def test_a_purpose_after_the_incise_audience_keeps_the_incise(tmp_path: Path) -> None:
    text = LEAD + "The repairs will start on Monday, two city officials told reporters, to calm the residents."
    items = found(tmp_path, text)
    assert any(c == "tell" and t == "The repairs will start on Monday" for _s, c, t in items), items


# (text, the cues that must report nothing there)
NOTHING_REPORTED = [
    ("Mayor Lisa Grant continued the talks with the union on Monday.", {"continue", "say"}),
    ("Mayor Lisa Grant continued to insist that the dam was safe.", {"continue", "say"}),
    ("The pumps, Lisa Grant would say, failed within an hour.", {"continue", "say"}),  # a forecast incise
]


def test_a_subject_heard_saying_a_quote_is_its_speaker(tmp_path: Path) -> None:
    text = LEAD + "“The pumps were never tested,” chief engineer Paul Mercer could be heard saying."
    items = found(tmp_path, text)
    assert ("Paul Mercer", "say", "The pumps were never tested") in items, items


@pytest.mark.parametrize("heard", ["would be heard saying", "was never heard saying"])
def test_a_forecast_or_negated_hearing_reports_nothing(tmp_path: Path, heard: str) -> None:
    items = found(tmp_path, LEAD + f"“The pumps were never tested,” chief engineer Paul Mercer {heard}.")
    assert not any(s == "Paul Mercer" for s, _c, _t in items), items


NAMING = [  # (text, speaker, cue, content)
    (  # a free relative: what the speaker calls it is the content
        "Mayor Lisa Grant thanked the crews for what she called a repair of great importance.",
        "Lisa Grant",
        "call",
        "a repair of great importance",
    ),
    (
        'The harbour board praised the divers for what it termed the "vital" clearing of the channel.',
        "harbour board",
        "term",
        'the "vital" clearing of the channel',
    ),
    (  # "it" in a clause of the sentence points back to its subject
        "The harbour board has long framed its budget around what it calls the “rescue” of the docks.",
        "harbour board",
        "call",
        "the “rescue” of the docks",
    ),
    (  # a participle that says what something is
        "Mayor Lisa Grant visited the dam, describing it as a marvel of engineering.",
        "Lisa Grant",
        "describe",
        "a marvel of engineering",
    ),
    (
        "Mayor Lisa Grant opened the bridge, framing the work as a turning point for the town.",
        "Lisa Grant",
        "frame",
        "the work as a turning point for the town",
    ),
    (  # coordinated participles share their subject
        "The council claimed to have approved the plan, with Mayor Lisa Grant inviting residents to the site "
        'and calling it a "fresh start" for the town.',
        "Lisa Grant",
        "call",
        'a "fresh start" for the town',
    ),
    (  # a fronted participle: the subject that follows speaks
        "While describing the repairs as “slow,” Mayor Lisa Grant stressed that the dam was safe.",
        "Lisa Grant",
        "describe",
        "the repairs as “slow,”",
    ),
    (
        "Accusing the builders of hiding the cracks, Mayor Lisa Grant said the dam needed new gates.",
        "Lisa Grant",
        "accuse",
        "the builders of hiding the cracks",
    ),
    (  # a passive naming cue reports its qualification
        "The meeting, which ran late, was described by Mayor Lisa Grant as 'very useful.'",
        "Lisa Grant",
        "describe",
        "'very useful",
    ),
    (  # "branded X 'Y'", which the parser reads as an apposition
        "Councillor Tom Hale branded the contractor “a disgrace”, adding that the town deserved better.",
        "Tom Hale",
        "brand",
        "the contractor “a disgrace”",
    ),
    (  # someone qualified is the object, even after a dash
        "Councillor Tom Hale – a Liberal – branded the mayor “a disgrace”.",
        "Tom Hale",
        "brand",
        "the mayor “a disgrace”",
    ),
]


NOTHING_REPORTED += [  # a naming inside a report, a name, a cited source
    ("Mayor Lisa Grant thanked the crews in what locals call Eastbrook, the town's old name.", {"call", "cite"}),
    ("Mayor Lisa Grant said the town would accept what she called “a fair price” for the land.", {"call", "cite"}),
    ("Citing the new figures as proof, Mayor Lisa Grant said the dam was safe.", {"call", "cite"}),
]


WORDS_SAID = [  # (text, speaker, cue, content)
    (
        "Mayor Lisa Grant thanked the crews and noted the importance of the work done at the dam.",
        "Lisa Grant",
        "note",
        "the importance of the work done at the dam",
    ),
    (  # a participle whose object is words said, not an act ("…, praising the crews")
        "The board called the delay “unfair,” noting the dam's recent inspection.",
        "board",
        "note",
        "the dam's recent inspection",
    ),
    (  # the writer's aside after a comma is no part of what was said
        "Mayor Lisa Grant has often stressed the need to rebuild the dam, including a plan presented in May.",
        "Lisa Grant",
        "stress",
        "the need to rebuild the dam",
    ),
]


def test_someone_named_after_a_cue_with_no_subject_is_no_content(tmp_path: Path) -> None:
    text = (
        "I expect from them a full account of everything, everything that was said to the builders in town, "
        "about the changes that the builders are ready to make in talks with us - noted the Mayor."
    )
    items = found(tmp_path, LEAD + text)
    assert not any(t == "the Mayor" for _s, _c, t in items), items


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), PAST_AN_ASIDE + NAMING + WORDS_SAID)
def test_what_a_cue_reports_is_found(tmp_path: Path, text: str, speaker: str, cue: str, content: str) -> None:
    items = found(tmp_path, LEAD + text)
    assert any(s is not None and speaker in s and c == cue and t == content for s, c, t in items), items


@pytest.mark.parametrize(("text", "cues"), NOTHING_REPORTED)
def test_a_cue_that_reports_nothing_here(tmp_path: Path, text: str, cues: set[str]) -> None:
    items = found(tmp_path, LEAD + text)
    assert not any(c in cues for _s, c, _t in items), items


def test_a_quote_naming_a_thing_is_no_one_s_words(tmp_path: Path) -> None:
    """ "spoke at the forum "Russia Is Calling You Now!"": a forum's name, not the Kremlin's words."""
    text = (
        "The talks covered three points, the Kremlin said. The envoys waited three hours while Putin spoke at "
        'the forum "Russia Is Calling You Now!" in Moscow.'
    )
    assert not [t for _s, _c, t in found(tmp_path, text) if "Calling" in t]
