"""A source named with what kind of source it is: an outlet noun before a medium's name ("le
quotidien Le Monde", "la chaîne Sky News") is that medium; a noun of the kind ("le média
d'investigation Bellingcat", "des sources de sécurité") is no source of its own; and an
according-to source the parser hung the whole sentence on still says the words after its comma
(a session's probes: "quotidien Le Monde" was an unknown speaker, "Bellingcat" said nothing,
"sécurité" spoke, and "Selon le site ukrainien DeepState, les Russes contrôlent Pokrovsk" gave
no attribution)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from claimscope.pipeline import analyse
from claimscope.records import Document
from tests.conftest import analyse_text


def _said(tmp_path: Path, text: str) -> list[tuple[str | None, str, str]]:
    analysis = analyse_text(tmp_path, text)
    return [
        (a.speaker.name, a.speaker.type.value, analysis.document.text[a.content.start : a.content.end])
        for a in analysis.attributions
        if a.speaker
    ]


def test_an_outlet_noun_before_a_name_is_that_medium(tmp_path: Path) -> None:
    said = _said(
        tmp_path,
        "Selon le quotidien Le Monde, le gouvernement doit partir. La chaîne britannique Sky News a indiqué que "
        "le ministre partait. Selon le magazine Der Spiegel, le chancelier partira.",
    )
    assert [(name, kind) for name, kind, _ in said] == [
        ("Le Monde", "organisation"),
        ("Sky News", "organisation"),
        ("Der Spiegel", "organisation"),
    ], said
    english = analyse(
        Document(
            "e",
            "e.txt",
            "The daily Kommersant reported that talks had failed.",
            language="en",
            published=date(2025, 12, 3),
        )
    )
    assert [(a.speaker.name, a.speaker.type.value) for a in english.attributions if a.speaker] == [
        ("Kommersant", "organisation")
    ]


def test_an_outlet_noun_alone_names_no_medium() -> None:
    """Guard: no capitalised name after the noun, or no outlet noun, is no medium's name."""
    from claimscope.entities.text import outlet_named

    assert [outlet_named(words) for words in ("le journal", "le site d'information", "le ministre", "Le Monde")] == [
        None,
        None,
        None,
        None,
    ]
    assert outlet_named("l'agence de presse russe Tass") == "Tass"
    # the review of 0df0517: a medium's own name, and a noun of someone's outlet, are no outlet noun
    # before a name ("Radio France" was "France", "le site du Kremlin" an organisation "Kremlin")
    assert [
        outlet_named(words)
        for words in (
            "Radio France",
            "Le Journal du Dimanche",
            "The Daily Telegraph",
            "Channel 4 News",
            "le site du Kremlin",
            "le site du ministère de la Défense",
            "la chaîne Telegram du ministère russe de la Défense",
            "l'agence de presse d'État Tass",
            "le média de Vincent Bolloré",
        )
    ] == [None] * 9
    assert outlet_named("l'agence de notation Moody's") == "Moody's"


def test_a_noun_of_the_kind_of_source_is_no_source_of_its_own(tmp_path: Path) -> None:
    said = _said(
        tmp_path,
        "Selon le média d'investigation Bellingcat, les troupes russes ont reculé. Selon des sources de "
        "sécurité, les troupes ont reculé. Selon un communiqué du ministère, les troupes ont reculé.",
    )
    assert [(name, kind) for name, kind, _ in said] == [
        ("Bellingcat", "organisation"),
        ("sources de sécurité", "group"),
        ("ministère", "organisation"),  # guard: a determined noun is who issued the report
    ], said
    # the review of 0df0517: a report's bare or capitalised complement is who issued it
    issued = _said(
        tmp_path,
        "Selon un communiqué de Bruxelles, les troupes ont reculé. Selon un rapport de gendarmerie, le suspect a fui.",
    )
    assert [name for name, _, _ in issued] == ["European Union", "gendarmerie"], issued


def test_a_source_the_parser_hung_the_sentence_on_says_what_follows_its_comma(tmp_path: Path) -> None:
    said = _said(tmp_path, "Selon le site ukrainien DeepState, les Russes contrôlent Pokrovsk.")
    assert said == [("DeepState", "organisation", "les Russes contrôlent Pokrovsk")], said
    # the review of 0df0517: past an apposition or a relative clause on the source
    for text, content in (
        ("Selon Jean Dupont, maire de Lille, la ville manque de logements.", "la ville manque de logements"),
        ("Selon Kiev, qui dément, les Russes n'ont pas pris la ville.", "les Russes n'ont pas pris la ville"),
        # the third review: a bare noun opening what it says, no comma after
        (
            "Selon Kiev, troupes russes et mercenaires contrôlent Pokrovsk.",
            "troupes russes et mercenaires contrôlent Pokrovsk",
        ),
    ):
        assert [c for _, _, c in _said(tmp_path, text)] == [content], text


def test_the_source_cut_at_its_comma_is_its_own_words_only(tmp_path: Path) -> None:
    """fr-041's "À en croire les communiqués officiels russes, le rythme …": the source the parser
    ran on into what it says ends at its comma too (the first try of the fallback named the source
    "communiqués officiels russes, le rythme des opérations …")."""
    text = "À en croire les communiqués officiels russes, le rythme des opérations militaires s'accélère dans l'est."
    analysis = analyse_text(tmp_path, text)
    assert [a.speaker.text for a in analysis.attributions if a.speaker] == ["les communiqués officiels russes"]
