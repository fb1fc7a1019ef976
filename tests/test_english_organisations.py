"""English organisations referred to without their name: an epithet for the body just named ("the
company", "the grocery giant"), and a headline's short name for the full one the text gives, with
the real English pipeline on sentences written for these tests (not from the corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_english import found, has

SHOPPERS = "Shoppers queued for hours outside Greenleaf Stores on Friday as every branch stayed shut.\n\n"
DENIAL = "The southern command of the Coastal navy forces has denied that the patrol boat was sunk."
STATEMENT = "said in a statement that its payment system had failed overnight."

# (text, speaker, cue, start of what was said)
RESOLVED = [
    *(
        pytest.param(f"{SHOPPERS}{epithet} {STATEMENT}", "Greenleaf Stores", "say", "its payment system", id=epithet)
        for epithet in ["The company", "The retail chain", "The grocery giant"]
    ),
    pytest.param(
        "Harbour Foods said on Monday that deliveries were late. Later, Northgate Logistics said its "
        "trucks were stuck at the port.\n\nThe firm said the backlog would clear within a week.",
        "Northgate Logistics",
        "say",
        "the backlog",
        id="epithet-takes-the-organisation-that-spoke-last",
    ),
    pytest.param(
        f"The company {STATEMENT}", "company", "say", "its payment system", id="no-organisation-before-a-description"
    ),
    pytest.param(
        "Coastal navy denies losing patrol boat\n\n"
        "The southern command of the Coastal navy forces said that the patrol boat had returned to port. "
        "The navy has denied the loss of any vessel, the southern command said.",
        "southern command of the Coastal navy forces",
        "deny",
        "losing patrol boat",
        id="headline-short-name-is-the-full-name",
    ),
    *(
        pytest.param(
            f"{DENIAL} ‘Rescue operations are underway near the harbour,' reads {post} that mentions ‘attempts by "
            "the raiders' to land.",
            "southern command of the Coastal navy forces",
            "read",
            "Rescue operations",
            id=f"reads-{post}",
        )
        for post in ["a social media post", "a post", "the statement"]
    ),
]


@pytest.mark.parametrize(("text", "speaker", "cue", "content_start"), RESOLVED)
def test_an_organisation_left_unnamed_is_resolved(
    tmp_path: Path, text: str, speaker: str, cue: str, content_start: str
) -> None:
    items = found(tmp_path, text)
    assert has(items, speaker, cue, content_start), items


def test_a_text_whose_author_the_phrase_names_is_not_the_last_speaker(tmp_path: Path) -> None:
    items = found(tmp_path, f"{DENIAL} ‘The boat is lost,' reads a post by Harbour Watch Group.")
    assert not has(items, "southern command of the Coastal navy forces", "read", "The boat is lost"), items
