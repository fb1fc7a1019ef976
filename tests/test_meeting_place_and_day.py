"""A meeting's place and day are its own, not those of what the sentence tells around it: the
day someone said so, a trip after it, capitals that stand for the sides, a title's venue."""

from __future__ import annotations

from datetime import date

import pytest

from claimscope.pipeline import analyse
from claimscope.records import ClaimType, Document


def _meetings(text: str, language: str) -> list[tuple[str, str]]:
    document = Document(id="t", source="t.txt", text=text, language=language, published=date(2025, 12, 4))
    return [(c.args["place"], c.args["date"]) for c in analyse(document).claims if c.type is ClaimType.MEETING]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the day of the saying, not of the meeting reported
        ("Trump said on Thursday that the US delegation had a very good talk with President Vladimir Putin.", "en", ""),
        # a meeting told as what came before another event: the sentence's day and place are that event's
        ("Trump said on Wednesday he had spoken with Kushner and Witkoff following their talks with Putin.", "en", ""),
        (
            "Ushakov said the US delegation would return to Washington to brief Trump after the talks with Putin.",
            "en",
            "",
        ),
        # capitals that stand for the sides, and a venue that qualifies a title
        ("Ushakov said the meeting was one of the most extensive exchanges between Washington and Moscow.", "en", ""),
        (
            "Kushner and Witkoff, the White House special envoy, have emerged as the negotiators in talks with Russia.",
            "en",
            "",
        ),
    ],
)
def test_what_the_sentence_tells_around_a_meeting_is_not_its_place_or_day(
    text: str, language: str, expected: str
) -> None:
    assert _meetings(text, language) == [(expected, expected)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Witkoff met Zelensky at the White House on Monday.", "en", ("Washington", "2025-12-01")),
        (
            "In a five-hour conversation inside the Kremlin, Russian President Vladimir Putin met Steve Witkoff.",
            "en",
            ("Moscow", ""),
        ),
        ("After talks in Miami, Witkoff met Putin in Moscow on Tuesday.", "en", ("Moscow", "2025-12-02")),
        ("Witkoff a rencontré Poutine mardi à Moscou, a annoncé le Kremlin.", "fr", ("Moscow", "2025-12-02")),
    ],
)
def test_a_meeting_s_own_place_and_day_stay(text: str, language: str, expected: tuple[str, str]) -> None:
    assert _meetings(text, language) == [expected]
