"""The knowledge base reads a person written with an initial before a known surname."""

from __future__ import annotations

import pytest

from claimscope.entities.kb import knowledge


@pytest.mark.parametrize(
    ("written", "name"),
    [("Y. Ushakov", "Yuri Ushakov"), ("Yu.Ushakov", "Yuri Ushakov"), ("V. Zelenskyy", "Volodymyr Zelensky")],
)
def test_an_initial_and_a_known_surname_are_the_person(written: str, name: str) -> None:
    person = knowledge().person(written)
    assert person is not None and person.name == name


@pytest.mark.parametrize("written", ["V. Ushakov", "Y Ushakov", "A. Nobody"])
def test_an_initial_that_does_not_fit_names_nobody(written: str) -> None:
    assert knowledge().person(written) is None
