"""Translations of one dispatch: language-neutral tokens, the rules that join a translation and keep
independent reports apart, and floors on the hand-read French/English pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.claims.crosslang import facts, tokens, translations
from claimscope.claims.duplicates import dispatch_groups
from claimscope.claims.independence import independence
from claimscope.claims.rewrites import Story, fold_fast, prose_lines
from claimscope.evaluation.duplicates import score, score_across
from claimscope.records import AnalysedDocument, Document

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
FR, EN = CORPUS / "news-fr", CORPUS / "news-en"
GOLD = Path(__file__).parent / "gold-dispatch" / "cross-language.json"
needs_corpus = pytest.mark.skipif(not (FR / "gold.json").exists(), reason="../shared/corpus is not beside the checkout")

DISPATCH = [
    "Le négociateur ukrainien Roustem Oumerov se rendra mercredi à Bruxelles pour des discussions avec des "
    "responsables européens, a annoncé le président Volodymyr Zelensky.",
    "Roustem Oumerov rencontrera ses homologues européens pour discuter de la réunion tenue mardi à Moscou "
    "entre les émissaires américains et Vladimir Poutine.",
    "Après Bruxelles, Oumerov et le chef d'état-major Andrii Hnatov prépareront une réunion aux États-Unis "
    "avec les émissaires de Donald Trump.",
    "Steve Witkoff et Jared Kushner se sont entretenus mardi pendant cinq heures au Kremlin avec Vladimir Poutine.",
    "Le Kremlin a affirmé mercredi que Vladimir Poutine avait accepté certaines propositions américaines et en "
    "avait rejeté d'autres.",
]
TRANSLATION = [
    "Ukrainian negotiator Rustem Umerov will travel to Brussels on Wednesday for discussions with European "
    "officials, President Volodymyr Zelensky announced.",
    "Umerov will meet his European counterparts to discuss the meeting held on Tuesday in Moscow between the "
    "American envoys and Vladimir Putin.",
    "After Brussels, Umerov and chief of staff Andrii Hnatov will prepare a meeting in the United States with "
    "Donald Trump's envoys.",
    "Steve Witkoff and Jared Kushner held five hours of talks with Vladimir Putin at the Kremlin on Tuesday.",
    "The Kremlin said on Wednesday that Vladimir Putin had accepted some American proposals and rejected others.",
]
# the same people, city, days and figure, in another outlet's own sentences
INDEPENDENT = [
    "Vladimir Putin spent five hours with Steve Witkoff and Jared Kushner, and the Kremlin later spoke of "
    "progress on some points.",
    "In Kyiv, the office of Volodymyr Zelensky said the talks in Moscow on Tuesday changed nothing for Ukraine.",
    "Analysts in Brussels expect Rustem Umerov to press European capitals for air defence systems on Wednesday.",
    "Donald Trump said again that he hoped for a settlement before Christmas.",
    "The war, now nearly four years old, shows no sign of ending on the front line.",
]
STATEMENT_FR = [
    "Le président ukrainien s'est exprimé mercredi soir sur Telegram après la rencontre de Moscou.",
    "« Les représentants ukrainiens informeront leurs collègues européens de la composante européenne de "
    "l'architecture de sécurité nécessaire », a écrit Volodymyr Zelensky.",
    "« Nous assurons que le processus de négociation reste pleinement actif avec nos partenaires », a-t-il ajouté.",
    "Les bombardements russes ont privé de chauffage des milliers de foyers dans la région de Kharkiv.",
]
STATEMENT_EN = [
    "Zelensky's Telegram message came hours after NATO ministers gathered for their own session.",
    '"Ukrainian representatives will inform their European colleagues about the European component of the '
    'necessary security architecture," Volodymyr Zelensky wrote.',
    '"We ensure that the negotiation process remains fully active with our partners," he added.',
    "Axios reported that the American envoys could travel to another European capital next week.",
]


def population() -> dict[str, str]:
    """Stories of their own in both languages: weights mean something only among enough stories."""
    french = {f"f{n}": f"Le numéro {n} concerne la ville {n} et la région {n} dans l'est du pays." for n in range(12)}
    english = {f"e{n}": f"Number {n} concerns the region {n} and the capital {n} in the country." for n in range(12)}
    return french | english


def language(key: str) -> str:
    """The fixtures' French keys start with "f"."""
    return "fr" if key.startswith("f") else "en"


def story(sentences: list[str]) -> Story:
    return Story.of([facts(prose_lines(" ".join(sentences)))])


def neutral(text: str) -> list[str]:
    return tokens(fold_fast(text))


def test_a_translation_keeps_names_figures_and_days() -> None:
    assert neutral("Roustem Oumerov à Bruxelles") == neutral("Rustem Umerov in Brussels")
    assert neutral("60'000 habitants")[0] == neutral("60 000 habitants")[0] == neutral("60,000 residents")[0]
    assert neutral("cinq heures")[0] == neutral("five hours")[0] == "#5"
    days = {neutral(t)[0] for t in ("le 1er décembre", "Dec. 1st", "December 1", "le 01.12.2025")}
    assert days == {"d:12-1"}
    assert neutral("mardi") == neutral("Tuesday")
    assert neutral("en mai 60 000")[:2] == neutral("in May 60,000")[:2] == ["m:5", "#60000"]  # a figure, no day
    assert neutral("le négociateur") == neutral("the negotiator")  # a cognate's first letters


def test_french_words_spelled_like_acronyms_name_nothing() -> None:
    assert neutral("une rencontre a eu lieu") == neutral("une rencontre a lieu")  # "eu" is not the EU
    assert "n:EU" in neutral("l'Union européenne")


def test_a_translation_is_one_dispatch_and_an_independent_report_is_not() -> None:
    texts = population() | {"fr": " ".join(DISPATCH), "en": " ".join(TRANSLATION), "other": " ".join(INDEPENDENT)}
    languages = {key: language(key) for key in texts}
    groups = dispatch_groups(texts, languages)
    assert groups["fr"] == groups["en"]
    assert groups["other"] == "other"
    assert dispatch_groups(texts) == {key: key for key in texts}  # languages unknown: nothing joins across


def test_verdicts_count_a_dispatch_and_its_translation_as_one_source() -> None:
    texts = population() | {"fr": " ".join(DISPATCH), "en": " ".join(TRANSLATION), "other": " ".join(INDEPENDENT)}
    documents = [
        AnalysedDocument(Document(key, key, text, site=f"{key}.example", language=language(key)))
        for key, text in texts.items()
    ]
    known = independence(documents)
    assert known.source["fr"] == known.source["en"] != known.source["other"]


def test_one_statement_quoted_by_two_outlets_is_no_translation() -> None:
    stories = {key: story([text]) for key, text in population().items()}
    stories |= {"fr": story(STATEMENT_FR), "en": story(STATEMENT_EN)}
    languages = {key: language(key) for key in stories}
    assert translations(stories, languages) == []


def test_a_story_joins_its_best_match_in_a_language_only() -> None:
    stories = {key: story([text]) for key, text in population().items()}
    stories |= {"fr": story(DISPATCH), "fr-excerpt": story(DISPATCH[:3]), "en": story(TRANSLATION)}
    languages = {key: language(key) for key in stories}
    assert translations(stories, languages) == [("en", "fr")]
    languages["en"] = "fr"  # one language: rewrites' business, not translations'
    assert translations(stories, languages) == []


@needs_corpus
def test_cross_language_pairs_and_no_loss_within_a_language() -> None:
    within, across = score_across([FR, EN], GOLD)
    assert across.precision >= 0.85 and across.recall >= 0.7, (across.false_pairs, across.missed_pairs)
    for folder in (FR, EN):  # grouping the languages together changes nothing within each
        alone = score(folder / "articles.jsonl", folder / "gold.json")
        assert within[folder.name].false_pairs == alone.false_pairs
        assert within[folder.name].missed_pairs == alone.missed_pairs
