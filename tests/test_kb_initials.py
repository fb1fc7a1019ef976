"""The knowledge base reads a person written with an initial, or with a given name one letter off
its own, before a known surname (the general-news trial: gen-035's "Rashida Dati" is Rachida Dati,
its six quotes were a seventh person's)."""

from __future__ import annotations

import pytest

from claimscope.entities.kb import knowledge
from claimscope.entities.text import one_edit_apart


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


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Rashida Dati", "Rachida Dati"),
        ("Volodimyr Zelensky", "Volodymyr Zelensky"),
        ("Vladimyr Putin", "Vladimir Putin"),
    ],
)
def test_a_given_name_one_letter_off_before_a_known_surname_is_the_person(written: str, name: str) -> None:
    person = knowledge().person(written)
    assert person is not None and person.name == name


@pytest.mark.parametrize("written", ["Marie Dati", "Donald Trumo", "Vlad Putin", "Ivanka Putin"])
def test_another_given_name_or_surname_names_nobody(written: str) -> None:
    """Guard: two letters off, a short given name, or a misspelt surname are someone else."""
    assert knowledge().person(written) is None


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("rashida", "rachida", True),  # changed
        ("vladmir", "vladimir", True),  # dropped
        ("zelesnky", "zelensky", True),  # swapped with its neighbour
        ("glusckmann", "glucksmann", False),  # moved two places
        ("marine", "marion", False),
        ("dati", "dati", False),
    ],
)
def test_words_one_edit_apart(a: str, b: str, apart: bool) -> None:
    assert one_edit_apart(a, b) is apart and one_edit_apart(b, a) is apart
