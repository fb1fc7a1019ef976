"""Flags across sources on hand-made claim records: each rule family fires on what it should
and stays quiet otherwise (the real-corpus cases are in test_claims_corpus.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from claimscope.claims.flags import corpus_flags, document_flags
from claimscope.entities.kb import knowledge
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Source, Span, Stance
from tests.conftest import analyse_text

OUTLET = Source("outlet", "outlet", "journalist")


def document(doc_id: str, text: str, site: str, claims: list[Claim]) -> AnalysedDocument:
    return AnalysedDocument(
        Document(doc_id, f"{doc_id}.txt", text, site=site, published=date(2025, 12, 3)), claims=claims
    )


def role(person: str, relation: str, other: str, text: str) -> Claim:
    kind = ClaimType.RELATION if relation == "son-in-law of" else ClaimType.ROLE
    return Claim(
        kind,
        f"{kind.value}|{person}|{relation}|{other}",
        {"person": person, "relation": relation, "object": other},
        Stance.ASSERTS,
        OUTLET,
        Span(0, len(text)),
        text,
        date=date(2025, 12, 3),
    )


def quote(speaker: str, text: str) -> Claim:
    return Claim(
        ClaimType.STATEMENT,
        f"statement|{speaker}|x",
        {"speaker": speaker, "topic": "", "text": text, "kind": "direct"},
        Stance.ASSERTS,
        Source(speaker, "person", "unknown"),
        Span(0, len(text)),
        text,
    )


def test_a_role_most_sources_give_otherwise_is_a_role_conflict() -> None:
    """Nobody in the knowledge base: the majority of independent sources decides."""
    right = "Ivan Petrenko, conseiller de Volodymyr Zelensky"
    wrong = "Ivan Petrenko, conseiller de Vladimir Poutine"
    docs = [
        document("a", right, "one.example", [role("Ivan Petrenko", "adviser of", "Volodymyr Zelensky", right)]),
        document("b", right + " ", "two.example", [role("Ivan Petrenko", "adviser of", "Volodymyr Zelensky", right)]),
        document("c", wrong, "three.example", [role("Ivan Petrenko", "adviser of", "Vladimir Putin", wrong)]),
    ]
    flags = corpus_flags(docs, knowledge())
    assert [(f.kind, f.document) for f in flags] == [("role-conflict", "c")]
    assert "2 independent sources say Volodymyr Zelensky" in flags[0].message
    assert {e.document for e in flags[0].evidence} == {"a", "b"}


def test_a_tie_between_majorities_names_the_same_one_in_any_order() -> None:
    """Two objects as many sources and statements give: the one flagged against them is told the
    same majority whichever article came first (an incremental refresh lists the new articles apart)."""
    told = {"a": "Volodymyr Zelensky", "b": "Volodymyr Zelensky", "c": "Andrii Yermak", "d": "Andrii Yermak"}
    docs = [
        document(doc_id, text, f"{doc_id}.example", [role("Ivan Petrenko", "adviser of", other, text)])
        for doc_id, other in {**told, "e": "Vladimir Putin"}.items()
        for text in [f"{doc_id}: Ivan Petrenko, conseiller de {other}, parle de choses et d'autres."]
    ]
    messages = {
        tuple(f.message for f in corpus_flags(order, knowledge()) if f.document == "e")
        for order in (docs, docs[::-1], docs[2:] + docs[:2])
    }
    assert len(messages) == 1
    (said,) = messages.pop()
    assert "2 independent sources say Andrii Yermak" in said  # as many sources and statements: by name


def test_copies_of_one_article_do_not_outvote_another() -> None:
    right = (
        "Ivan Petrenko, conseiller de Volodymyr Zelensky, a déclaré mardi à Kyiv que les négociations avec les "
        "émissaires américains avançaient lentement, mais que la délégation ukrainienne resterait à Miami jusqu'à "
        "la fin de la semaine pour examiner chaque point du plan de paix présenté par Washington."
    )
    wrong = "Ivan Petrenko, conseiller de Vladimir Poutine"
    docs = [
        document("a", right, "one.example", [role("Ivan Petrenko", "adviser of", "Volodymyr Zelensky", right)]),
        document("b", right, "copy.example", [role("Ivan Petrenko", "adviser of", "Volodymyr Zelensky", right)]),
        document("c", wrong, "three.example", [role("Ivan Petrenko", "adviser of", "Vladimir Putin", wrong)]),
    ]
    assert corpus_flags(docs, knowledge()) == []  # a and b are one dispatch: one source against one


def test_one_quote_two_speakers_is_a_quote_conflict() -> None:
    words = "nous verrons si cela se produit pour un éventuel accord"
    docs = [
        document("a", words, "one.example", [quote("Donald Trump", words)]),
        document("b", "x " + words, "two.example", [quote("Donald Trump", words)]),
        document("c", "y " + words, "three.example", [quote("Steve Witkoff", words)]),
    ]
    flags = [f for f in corpus_flags(docs, knowledge()) if f.kind == "quote-conflict"]
    assert [(f.document, f.message) for f in flags] == [
        ("c", "quote given to Steve Witkoff; other sources give it to Donald Trump")
    ]


def test_an_article_giving_one_person_two_fathers_in_law_contradicts_itself() -> None:
    text = "le gendre de Trump, Jared Kushner … le gendre de Poutine, Jared Kushner"
    claims = [
        role("Jared Kushner", "son-in-law of", "Donald Trump", text[:31]),
        role("Jared Kushner", "son-in-law of", "Vladimir Putin", text),
    ]
    kinds = sorted(f.kind for f in document_flags(document("a", text, "one.example", claims), knowledge()))
    assert kinds == ["kb-conflict", "self-contradiction"]


def meeting(place: str, when: str, people: list[str], stance: Stance = Stance.ASSERTS) -> Claim:
    return Claim(
        ClaimType.MEETING,
        f"meeting|{place or '?'}|{when or '?'}",
        {"participants": "; ".join(sorted(people)), "place": place, "date": when},
        stance,
        OUTLET,
        Span(0, 1),
        "x",
    )


def test_meetings_group_by_their_people_not_only_by_place_and_day() -> None:
    from claimscope.claims.verdicts import verdicts

    moscow = ["Vladimir Putin", "Steve Witkoff", "Jared Kushner"]
    docs = [
        document("a", "a", "one.example", [meeting("Moscow", "2025-12-02", moscow)]),
        document("b", "b", "two.example", [meeting("Moscow", "2025-12-02", moscow)]),
        document("c", "c", "three.example", [meeting("Moscow", "2025-12-02", ["Rustem Umerov", "Kaja Kallas"])]),
        document("d", "d", "four.example", [meeting("", "", ["Vladimir Putin", "Steve Witkoff"])]),
        document("e", "e", "five.example", [meeting("", "", ["Emmanuel Macron", "Volodymyr Zelensky"])]),
    ]
    found = {v.key: v for v in verdicts(docs, knowledge())}
    main = found["meeting|Moscow|2025-12-02"]
    assert {r.document for r in main.rows} == {"a", "b", "d"}  # d lacks place and date but shares the core
    assert main.status == "corroborated" and main.independent_sources == 3
    assert "meeting|Moscow|2025-12-02|Kaja Kallas; Rustem Umerov" in found  # another meeting that day
    assert "meeting|?|?|Emmanuel Macron; Volodymyr Zelensky|told 2025-12" in found  # no day: its month


def test_a_quoted_yesterday_does_not_outvote_the_outlets_own_days() -> None:
    """ "Putin had a very good meeting yesterday", said on Wednesday and printed on Thursday, reads
    as Wednesday: it is the speaker's yesterday, not a day the article gives. Two outlets quoting
    it stopped an outlet's own "talks held on Wednesday" from being flagged against the two that
    say Tuesday."""
    people = ["Vladimir Putin", "Steve Witkoff", "Jared Kushner"]
    trump = Source("Donald Trump", "person", "us")

    def told(when: date, words: str, source: Source = OUTLET) -> Claim:
        day = when.isoformat()
        return replace(meeting("Moscow", day, people), date=when, date_text=words, source=source, evidence=words)

    tuesday, wednesday = date(2025, 12, 2), date(2025, 12, 3)
    docs = [
        document("a", "a", "one.example", [told(tuesday, "on Tuesday")]),
        document("b", "b", "two.example", [told(tuesday, "on Tuesday")]),
        document("c", "On Wednesday", "three.example", [told(wednesday, "On Wednesday")]),
        document("d", "d", "four.example", [told(wednesday, "yesterday", trump)]),
        document("e", "e", "five.example", [told(wednesday, "yesterday", trump)]),
    ]
    flagged = [(f.document, f.kind) for f in corpus_flags(docs, knowledge())]
    assert flagged == [("c", "source-conflict")]


def test_a_remark_given_to_someone_else_s_aide_is_not_flagged(tmp_path: Path) -> None:
    """Only an aide of the one who said it a few lines before: the Russian president's adviser
    repeating the American president's words is not the pattern."""
    said = (
        "Le président américain a ajouté que l'on ne pouvait prévoir ce qui ressortira de cette rencontre, "
        "soulignant la nécessité d'une véritable volonté de dialogue des deux camps.\n\n"
        "Le conseiller du président {who} a expliqué que le résultat de l'entrevue demeurait incertain et que "
        "seule une volonté de dialogue réelle pouvait clarifier l'évolution des pourparlers."
    )
    kinds = {
        who: [f.kind for f in analyse_text(tmp_path, said.format(who=who)).flags] for who in ("américain", "russe")
    }
    assert kinds == {"américain": ["quote-conflict"], "russe": []}


def test_dates_no_report_can_mean_are_found_and_history_is_left_alone() -> None:
    from claimscope.claims.garbled import garbled_dates

    said = {
        "Le sommet s'est tenu le 14 frimaire à Genève.": ["14 frimaire"],
        "Les talks ont eu lieu dimanche 30 brumaire à Miami.": ["dimanche 30 brumaire"],
        "La loi date du 18 brumaire an VIII.": [],
        "Depuis le 18 Brumaire, Bonaparte gouverne.": [],
        "La réunion du 31 novembre a été annulée.": ["31 novembre"],
        "Il a parlé le lundi 2 décembre 2025.": ["lundi 2 décembre 2025"],
        "Il a parlé le mardi 2 décembre 2025.": [],
    }
    found = {text: [g.text for g in garbled_dates(text, None)] for text in said}
    assert found == said


def test_a_garbled_date_shows_what_other_sources_write(tmp_path: Path) -> None:
    garbled = analyse_text(tmp_path, "Steve Witkoff a rencontré Rustem Umerov dimanche 30 brumaire à Miami.", "a.txt")
    right = analyse_text(tmp_path, "Steve Witkoff a reçu la délégation ukrainienne le dimanche 30 novembre.", "b.txt")
    flags = [f for f in corpus_flags([garbled, right], knowledge()) if "garbled" in f.message]
    assert [(f.kind, f.document) for f in flags] == [("source-conflict", garbled.document.id)]
    assert "'brumaire' is a month of the French Republican calendar" in flags[0].evidence[0].text
    assert flags[0].evidence[1].document == right.document.id
    assert "dimanche 30 novembre" in flags[0].message


def test_a_garbled_date_is_searched_for_in_the_first_articles_writing_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An echo past the first SEARCHED candidates (articles naming someone the flagged article names
    and writing its day's number, itself first here) is not looked for: no date is searched in every
    article about Putin. An article without the number is no candidate."""
    from claimscope.claims import garbled as module

    garbled = analyse_text(tmp_path, "Steve Witkoff a rencontré Rustem Umerov dimanche 30 brumaire à Miami.", "a.txt")
    october = analyse_text(tmp_path, "Steve Witkoff a parlé avec la presse le 30 octobre.", "b.txt")
    september = analyse_text(tmp_path, "Steve Witkoff est arrivé à Moscou le 30 septembre.", "c.txt")
    tuesday = analyse_text(tmp_path, "Steve Witkoff a parlé avec la presse mardi.", "d.txt")
    right = analyse_text(tmp_path, "Steve Witkoff a reçu la délégation ukrainienne le dimanche 30 novembre.", "e.txt")
    monkeypatch.setattr(module, "SEARCHED", 3)

    def kinds(*others: AnalysedDocument) -> list[str]:
        return [f.kind for f in corpus_flags([garbled, *others], knowledge()) if "garbled" in f.message]

    assert kinds(tuesday, october, right) == ["source-conflict"]  # the third candidate
    assert kinds(october, september, right) == ["kb-conflict"]  # the fourth: the calendar alone


def control(place: str, when: date | None, said: str) -> Claim:
    return Claim(
        ClaimType.CONTROL,
        f"control|{place}|Russia",
        {"place": place, "actor": "Russia", "country": "UA"},
        Stance.ASSERTS,
        Source("ministère russe de la Défense", "government", "russia"),
        Span(0, 10),
        "la prise de " + place,
        date=when,
        date_text=said,
    )


def undated(doc_id: str, text: str, site: str, claims: list[Claim]) -> AnalysedDocument:
    return AnalysedDocument(Document(doc_id, f"{doc_id}.txt", text, site=site), claims=claims)


def test_a_dateline_months_before_the_events_other_sources_date_is_flagged() -> None:
    monday = date(2025, 12, 1)
    others = [
        document("a", "a", "one.example", [control("Pokrovsk", monday, "lundi")]),
        document("b", "b", "two.example", [control("Pokrovsk", monday, "lundi 1er décembre")]),
    ]
    for line, expected in (("Pokrovsk, Ukraine, 12 avril 2025", ["c"]), ("Pokrovsk, Ukraine, 1er décembre 2025", [])):
        text = f"Titre\n\n{line}\n\nLe ministère russe a annoncé la prise de Pokrovsk."
        docs = [*others, undated("c", text, "three.example", [control("Pokrovsk", None, None)])]
        flags = [f for f in corpus_flags(docs, knowledge()) if f.message.startswith("dateline")]
        assert [f.document for f in flags] == expected
        if flags:
            assert flags[0].sentence == line and {e.document for e in flags[0].evidence} == {"a", "b"}


def test_an_undated_article_s_day_that_nothing_resolves_dates_no_dateline_check() -> None:
    """An undated article's "overnight" with no date of its own to read it against: the other
    sources' median is taken without it (it once stopped the whole batch)."""
    monday = date(2025, 12, 1)
    docs = [
        document("a", "a", "one.example", [control("Pokrovsk", monday, "lundi")]),
        document("b", "b", "two.example", [control("Pokrovsk", monday, "lundi 1er décembre")]),
        *(undated(f"c{i}", "c", f"c{i}.example", [control("Pokrovsk", None, "overnight")]) for i in range(3)),
        undated("d", "Pokrovsk, Ukraine, 12 avril 2025\n\nx", "four.example", [control("Pokrovsk", None, None)]),
    ]
    flags = [f for f in corpus_flags(docs, knowledge()) if f.message.startswith("dateline")]
    assert [f.document for f in flags] == ["d"]
    assert {e.document for e in flags[0].evidence} == {"a", "b"}


def test_a_former_title_for_an_office_still_held_is_flagged(tmp_path: Path) -> None:
    still = "Kirill Dmitriev, l'ancien dirigeant du fonds d'investissement direct russe, a salué des discussions."
    left = "Jared Kushner, l'ancien conseiller de Donald Trump, a salué des discussions."
    flags = {text: [f.kind for f in analyse_text(tmp_path, text).flags] for text in (still, left)}
    assert flags == {still: ["kb-conflict"], left: []}


def test_an_undated_article_s_title_is_checked_as_of_its_estimated_date() -> None:
    """Kushner was Trump's adviser in 2017-2021: a report of December 2025 events calling him so
    is outdated, though the claim alone, undated, matches an office he once held."""
    text = "le gendre et conseiller de Donald Trump, Jared Kushner"
    adviser = replace(role("Jared Kushner", "adviser of", "Donald Trump", text), date=None)
    claims = [adviser, control("Pokrovsk", date(2025, 12, 1), "lundi 1er décembre")]
    flags = corpus_flags([undated("a", text, "one.example", claims)], knowledge())
    assert [(f.kind, f.document) for f in flags] == [("role-conflict", "a")]
    assert "only from 2017-01-20 to 2021-01-20" in flags[0].message


def test_a_dates_origin_is_a_field_not_its_wording() -> None:
    """Checks that trust a source's own date read where it comes from, not the words shown to readers."""
    from claimscope.claims.verdicts import own_date, said_date
    from claimscope.records import DateOrigin

    told = replace(role("A B", "adviser of", "C D", "x"), date_text="mardi")
    inferred = replace(told, date_text="mardi (déduit des autres sources)", date_origin=DateOrigin.INFERRED)
    published = replace(told, date_text="à la date de publication", date_origin=DateOrigin.PUBLICATION)
    assert [own_date(c) for c in (told, inferred, published)] == [True, False, False]
    assert [said_date(c) for c in (told, inferred, published)] == [True, True, False]


def test_words_for_one_office_compare_equal_to_the_knowledge_base_s() -> None:
    """ "leader", "chairman", "dirigeant" of a fund the knowledge base says he heads: no conflict; a
    body he does not head still is one."""
    kb = knowledge()
    text = "Kirill Dmitriev, leader of the Russian Direct Investment Fund"
    same = [role("Kirill Dmitriev", r, "Russian Direct Investment Fund", text) for r in ("leader of", "president of")]
    other = role("Kirill Dmitriev", "leader of", "Gazprom", text)
    assert document_flags(document("a", text, "one.example", same), kb) == []
    assert [f.kind for f in document_flags(document("b", text, "one.example", [other]), kb)] == ["role-conflict"]


@pytest.mark.parametrize(("sources", "pieces"), [(25, 3), (3, 10)])
def test_a_stored_flag_keeps_the_first_piece_of_each_source_then_the_others(sources: int, pieces: int) -> None:
    from claimscope.query.tables import EVIDENCE_KEPT, _kept
    from claimscope.records import Evidence, Flag

    evidence = [Evidence(f"d{s}-{p}", f"site{s}", "x") for p in range(pieces) for s in range(sources)]
    kept = [e["document"] for e in _kept(Flag("source-conflict", "a", Span(0, 1), "", "m", evidence))]
    firsts = [f"d{s}-0" for s in range(sources)]
    others = [e.document for e in evidence if not e.document.endswith("-0")]
    assert kept == (firsts + others)[:EVIDENCE_KEPT]
