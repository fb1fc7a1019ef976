"""Same-dispatch grouping: floors on the real corpora, and the cases the method exists for."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from claimscope.claims.duplicates import (
    BandIndex,
    containment,
    dispatch_groups,
    minhash,
    resemblance,
    same_dispatch,
    shingles,
    signature,
)
from claimscope.evaluation.duplicates import read_texts, score

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
FR, EN = CORPUS / "news-fr", CORPUS / "news-en"

# Measured: news-fr P 1.00 R 0.50 (tuning), news-en P 1.00 R 0.22 (held out).
FLOORS = {FR: (0.9, 0.45), EN: (0.9, 0.2)}

needs_corpus = pytest.mark.skipif(not (FR / "gold.json").exists(), reason="../shared/corpus is not beside the checkout")


def corpus_texts(folder: Path) -> dict[str, str]:
    return read_texts(folder / "articles.jsonl")


def words_of(text: str) -> list[str]:
    return " ".join(text.split()).split(" ")


@needs_corpus
@pytest.mark.parametrize("folder", [FR, EN], ids=["news-fr", "news-en"])
def test_pairwise_floors(folder: Path) -> None:
    scores = score(folder / "articles.jsonl", folder / "gold.json")
    min_precision, min_recall = FLOORS[folder]
    assert scores.precision >= min_precision, scores.false_pairs
    assert scores.recall >= min_recall, scores.missed_pairs


@needs_corpus
def test_reuters_oumerov_updates_are_one_source() -> None:
    groups = dispatch_groups(corpus_texts(FR))
    assert groups["fr-013"] == groups["fr-015"] == groups["fr-017"] == "fr-013"


@needs_corpus
@pytest.mark.xfail(strict=True, reason="fr-038 is a rewrite sharing ~10% of its shingles: shingles see copies only")
def test_afp_pokrovsk_capture_copies_are_one_group() -> None:
    groups = dispatch_groups(corpus_texts(FR))
    assert groups["fr-035"] == groups["fr-037"] == groups["fr-038"]


@needs_corpus
@pytest.mark.parametrize(
    "first, second",
    [("fr-013", "fr-035"), ("fr-028", "fr-029")],
    ids=["unrelated", "two-reuters-dispatches-sharing-a-paragraph"],
)
def test_different_dispatches_stay_apart(first: str, second: str) -> None:
    texts = corpus_texts(FR)
    groups = dispatch_groups({key: texts[key] for key in (first, second)})
    assert groups == {first: first, second: second}


@needs_corpus
def test_copy_with_other_site_furniture_is_grouped() -> None:
    original = corpus_texts(FR)["fr-035"]
    body = "\n".join(original.splitlines()[1:-1])  # without the dateline header and "Source: AFP"
    header = "Accueil\nMonde > Europe\nPublié le 2 décembre 2025 à 10h12\nPar la rédaction avec AFP\n"
    footer = "\nPartager sur Facebook\nRetour en haut\nLire aussi : Vovtchansk, une ville rasée par les combats\n"
    groups = dispatch_groups({"b-copy": header + body + footer, "a-original": original})
    assert groups == {"a-original": "a-original", "b-copy": "a-original"}


@needs_corpus
def test_copies_covering_different_windows_are_grouped() -> None:
    words = words_of(corpus_texts(FR)["fr-004"])
    cut = len(words) * 7 // 10
    early, late = " ".join(words[:cut]), " ".join(words[-cut:])
    first, second = shingles(early), shingles(late)
    assert len(first & second) / len(first | second) < 0.5  # Jaccard alone would call them different
    assert same_dispatch(first, second)


@needs_corpus
def test_folding_ignores_case_accents_and_punctuation() -> None:
    text = corpus_texts(FR)["fr-022"]
    shouted = text.upper().replace("É", "E").replace("«", '"').replace("»", '"')
    assert signature(shouted) == signature(text)


@needs_corpus
@pytest.mark.parametrize("folder", [FR, EN], ids=["news-fr", "news-en"])
def test_banding_loses_no_pair_that_all_pairs_would_find(folder: Path) -> None:
    sets = {key: shingles(text) for key, text in corpus_texts(folder).items()}
    index = BandIndex()
    for key, hashed in sets.items():
        index.add(key, minhash(hashed))
    every_pair = itertools.combinations(sorted(sets), 2)
    found = {(a, b) for a, b in every_pair if same_dispatch(sets[a], sets[b])}
    assert found
    assert found <= index.candidates()
    assert len(index.candidates()) < len(sets) * (len(sets) - 1) // 4  # banding prunes most pairs


def test_signature_is_stable_and_estimates_resemblance() -> None:
    text = " ".join(f"mot{i}" for i in range(200))
    half = " ".join(f"mot{i}" for i in range(100))
    assert signature(text) == signature(text)
    assert resemblance(signature(text), signature(text)) == 1.0
    assert 0.3 < resemblance(signature(text), signature(half)) < 0.7  # true Jaccard 98/198
    assert containment(shingles(text), shingles(half)) == 1.0


def test_short_texts_are_their_own_source() -> None:
    groups = dispatch_groups({"x": "Le Kremlin a annoncé lundi", "y": "Le Kremlin a annoncé lundi"})
    assert groups == {"x": "x", "y": "y"}
