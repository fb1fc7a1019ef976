"""English content spans: quoted fragments kept whole, the audience left out, the according-to
phrase and a link's text left out; sentences written for these tests, real English pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_english import found, has


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Trump said the talks were “very good,” adding that a deal was near.", "the talks were “very good,”"),
        ("Trump said the talks in Moscow were “very good.”", "the talks in Moscow were “very good.”"),
        ("Trump said the talks were “very good”.", "the talks were “very good”"),
    ],
)
def test_a_mixed_quote_keeps_its_closing_mark(tmp_path: Path, text: str, content: str) -> None:
    items = found(tmp_path, text)
    assert ("Donald Trump", "say", content) in items, items


@pytest.mark.parametrize("audience", ["the Today show", "the BBC's Today programme", "CNN"])
def test_a_told_content_starts_after_the_audience(tmp_path: Path, audience: str) -> None:
    items = found(tmp_path, f"The mayor told {audience} the final number was still being counted.")
    assert any(c == "tell" and t == "the final number was still being counted" for _s, c, t in items), items


def test_an_according_to_content_leaves_a_link_text_out(tmp_path: Path) -> None:
    text = "The vote will be held in public, according to the city clerk Tom Baker. Read more: City council elections"
    items = found(tmp_path, text)
    assert ("Tom Baker", "according to", "The vote will be held in public") in items, items


def test_a_one_sentence_paragraph_ending_on_a_closing_quote_is_no_headline(tmp_path: Path) -> None:
    from tests.conftest import analyse_text
    from tests.test_english import CONTEXT

    analysis = analyse_text(tmp_path, CONTEXT + "Witkoff said the meeting was “productive” and “useful.”\n")
    assert [a.construction for a in analysis.attributions] == ["reported"], analysis.attributions
    assert has(found(tmp_path, "Witkoff said the meeting was “productive.”"), "Steve Witkoff", "say", "the meeting")
