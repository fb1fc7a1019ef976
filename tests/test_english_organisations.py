"""English organisations referred to without their name: an epithet for the body just named ("the
company", "the grocery giant"), and a headline's short name for the full one the text gives, with
the real English pipeline on sentences written for these tests (not from the corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_english import found, has


@pytest.mark.parametrize("epithet", ["The company", "The retail chain", "The grocery giant"])
def test_an_epithet_is_the_organisation_named_before(tmp_path: Path, epithet: str) -> None:
    text = (
        "Shoppers queued for hours outside Greenleaf Stores on Friday as every branch stayed shut.\n\n"
        f"{epithet} said in a statement that its payment system had failed overnight."
    )
    items = found(tmp_path, text)
    assert has(items, "Greenleaf Stores", "say", "its payment system"), items


def test_an_epithet_takes_the_organisation_that_spoke_last(tmp_path: Path) -> None:
    text = (
        "Harbour Foods said on Monday that deliveries were late. Later, Northgate Logistics said its "
        "trucks were stuck at the port.\n\n"
        "The firm said the backlog would clear within a week."
    )
    items = found(tmp_path, text)
    assert has(items, "Northgate Logistics", "say", "the backlog"), items


def test_an_epithet_with_no_organisation_before_stays_a_description(tmp_path: Path) -> None:
    items = found(tmp_path, "The company said in a statement that its payment system had failed overnight.")
    assert has(items, "company", "say", "its payment system"), items


def test_a_headline_short_name_is_the_full_name_the_text_gives(tmp_path: Path) -> None:
    text = (
        "Coastal navy denies losing patrol boat\n\n"
        "The southern command of the Coastal navy forces said that the patrol boat had returned to port. "
        "The navy has denied the loss of any vessel, the southern command said."
    )
    items = found(tmp_path, text)
    assert has(items, "southern command of the Coastal navy forces", "deny", "losing patrol boat"), items
