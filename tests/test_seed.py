"""The founding example: every voice of the seed article, with the right resolved speaker."""

from __future__ import annotations

from claimscope.records import AnalysedDocument, Kind


def by_content(analysis: AnalysedDocument, words: str) -> list[tuple[str | None, str | None, Kind]]:
    text = analysis.document.text
    return [
        (a.speaker.name if a.speaker else None, a.cue.lemma if a.cue else None, a.kind)
        for a in analysis.attributions
        if words in text[a.content.start : a.content.end]
    ]


def test_trump_statements(seed_analysis: AnalysedDocument) -> None:
    assert by_content(seed_analysis, "Poutine souhaite y mettre fin") == [("Donald Trump", "affirmer", Kind.INDIRECT)]
    assert ("Donald Trump", "indiquer", Kind.MIXED) in by_content(seed_analysis, "très bonne")
    assert by_content(seed_analysis, "voudrait mettre fin à la guerre") == [
        ("Donald Trump", "selon", Kind.ACCORDING_TO)
    ]
    assert by_content(seed_analysis, "nous verrons si cela se produit") == [("Donald Trump", None, Kind.DIRECT)]
    assert by_content(seed_analysis, "l'on ne pouvait prévoir") == [("Donald Trump", "ajouter", Kind.INDIRECT)]
    assert by_content(seed_analysis, "la nécessité d'une véritable volonté") == [
        ("Donald Trump", "souligner", Kind.INDIRECT)
    ]


def test_other_voices(seed_analysis: AnalysedDocument) -> None:
    assert by_content(seed_analysis, "influencé le déroulement") == [("Yuri Ushakov", "estimer", Kind.MIXED)]
    assert by_content(seed_analysis, "la prise de Pokrovsk")[0][:2] == ("Russian government", "revendiquer")
    deepstate = by_content(seed_analysis, "une grande partie de la ville")
    assert len(deepstate) == 1 and "DeepState" in (deepstate[0][0] or "")
    unit = by_content(seed_analysis, "empêtrées")
    assert len(unit) == 1 and (unit[0][0] or "").startswith("unité ukrainienne")
    assert by_content(seed_analysis, "pression sur la Russie") == [("Volodymyr Zelensky", "réaffirmer", Kind.INDIRECT)]
    assert by_content(seed_analysis, "doit préparer une rencontre") == [
        ("Ukrainian government", "selon", Kind.ACCORDING_TO)
    ]


def test_no_byline_speaker_and_no_narration(seed_analysis: AnalysedDocument) -> None:
    text = seed_analysis.document.text
    assert "by Lea" not in text and seed_analysis.document.author == "Lea France"
    speakers = {a.speaker.name for a in seed_analysis.attributions if a.speaker}
    assert not any("Lea" in (s or "") for s in speakers)
    narrated = ("Washington cherche", "l'obtention d'un compromis", "sans pouvoir affirmer son intégralité")
    for a in seed_analysis.attributions:
        content = text[a.content.start : a.content.end]
        assert not any(content.startswith(n) for n in narrated), content
        assert a.cue is None or a.cue.lemma != "affirmer" or "Poutine souhaite" in content


def test_offsets_point_into_stored_text(seed_analysis: AnalysedDocument) -> None:
    text = seed_analysis.document.text
    for a in seed_analysis.attributions:
        assert a.speaker is not None
        assert text[a.speaker.span.start : a.speaker.span.end] == a.speaker.text
        if a.cue:
            assert text[a.cue.span.start : a.cue.span.end] == a.cue.text
        assert a.content.end > a.content.start
    for e in seed_analysis.entities:
        assert text[e.span.start : e.span.end] == e.text


def test_remark_given_to_an_aide_is_flagged(seed_analysis: AnalysedDocument) -> None:
    """The seed's second error: the adviser is credited with what the paragraph before (and
    Reuters) gives to Trump himself."""
    flags = [f for f in seed_analysis.flags if f.kind == "quote-conflict"]
    assert len(flags) == 1
    assert "demeurait incertain" in flags[0].sentence
    assert flags[0].evidence[0].source == "Donald Trump"
    assert "volonté de dialogue" in flags[0].evidence[0].text
