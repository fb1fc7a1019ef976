"""Claim readers on real sentences (short excerpts of the shared corpus), with the real French
pipeline: control with stances, meetings, relations and roles, dates, knowledge checks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimscope.claims.dates import date_near, event_date
from claimscope.claims.knowledge import kb_conflict
from claimscope.entities.kb import knowledge
from claimscope.records import AnalysedDocument, Claim, ClaimType, Source, Span, Stance
from tests.conftest import read_one


def analyse_record(
    tmp_path: Path, text: str, published: str | None = "2025-12-03", site: str = "example.org"
) -> AnalysedDocument:
    """One JSONL record, as the corpus gives them (site and publication date)."""
    from claimscope.pipeline import analyse

    path = tmp_path / "feed.jsonl"
    record = {"id": "x-1", "url": f"https://{site}/a", "site": site, "published": published}
    path.write_text(json.dumps({**record, "language": "fr", "text": text}, ensure_ascii=False) + "\n", "utf-8")
    return analyse(read_one(path))


def of_type(analysed: AnalysedDocument, kind: ClaimType) -> list[Claim]:
    return [c for c in analysed.claims if c.type is kind]


# -- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Lundi, Moscou a revendiqué la prise de Pokrovsk", date(2025, 12, 3), date(2025, 12, 1)),
        ("a indiqué mercredi que", date(2025, 12, 3), date(2025, 12, 3)),
        ("ce mardi 2 décembre, par la voix de son chef", None, None),
        ("ce mardi 2 décembre, par la voix de son chef", date(2025, 12, 9), date(2025, 12, 2)),
        ("les rencontres tenues à Miami les 4 et 5 décembre", date(2025, 12, 9), date(2025, 12, 4)),
        ("le 28 décembre", date(2026, 1, 3), date(2025, 12, 28)),
        ("le 2 janvier", date(2025, 12, 30), date(2026, 1, 2)),  # across the new year
        ("Pokrovsk  est tombé le 2 décembre", date(2025, 12, 9), date(2025, 12, 2)),  # odd spacing
        ("jeudi prochain", date(2025, 12, 3), date(2025, 12, 4)),
        ("l'invasion à grande échelle de l'Ukraine en février 2022", date(2025, 12, 3), date(2022, 2, 1)),
        # a title's date stamp is the day of the piece, not of the meeting it comments on
        ("Commentaire sur la rencontre de Poutine avec Witkoff (3 décembre 2025)", date(2025, 12, 3), None),
        ("Vladimir Poutine a reçu Steve Witkoff au Kremlin (2 décembre 2025).", date(2025, 12, 3), date(2025, 12, 2)),
    ],
)
def test_event_dates_are_read_against_publication(text: str, published: date | None, expected: date | None) -> None:
    assert event_date(text, published)[0] == expected


def test_the_date_nearest_the_trigger_wins() -> None:
    """In a Wednesday paper, "la veille" of a Tuesday statement is the Monday, not the Tuesday."""
    text = "a déclaré mardi à Reuters l'armée ukrainienne, alors que Vladimir Poutine saluait la veille la prise"
    assert date_near(text, date(2025, 12, 3), text.index("prise")) == (date(2025, 12, 1), "la veille (mardi)")
    assert date_near("saluait la veille la prise", date(2025, 12, 3), 20) == (date(2025, 12, 2), "la veille")
    assert date_near(text, date(2025, 12, 3), 0) == (date(2025, 12, 2), "mardi")


# -- control -------------------------------------------------------------------------------
def test_control_stances_from_each_side(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Le ministère russe de la Défense a annoncé lundi que l'armée russe avait pris le contrôle de Pokrovsk.\n\n"
        "L'état-major ukrainien a démenti cette information.\n\n"
        "Les soldats ukrainiens contrôlent la partie nord de la ville stratégique de Pokrovsk, "
        "a déclaré mardi à Reuters l'armée ukrainienne.\n\n"
        "Le président Volodymyr Zelensky a déclaré que Pokrovsk et Vovchansk restaient sous contrôle ukrainien.",
    )
    stances = {(c.source.party, c.stance) for c in of_type(analysed, ClaimType.CONTROL) if "Pokrovsk" in c.key}
    assert ("russia", Stance.ASSERTS) in stances
    assert ("ukraine", Stance.DENIES) in stances  # the anaphoric démenti and "restaient sous contrôle ukrainien"
    assert ("ukraine", Stance.PARTIAL) in stances  # "la partie nord"
    assert all(c.args["actor"] == "Russia" for c in of_type(analysed, ClaimType.CONTROL))
    russian = next(c for c in analysed.claims if c.source.party == "russia")
    assert russian.date == date(2025, 12, 1) and russian.place and russian.place.country == "UA"


def test_hedges_and_observers(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Lundi, Moscou a revendiqué la prise de Pokrovsk, dans l'est de l'Ukraine. Des observateurs militaires "
        "affiliés au projet DeepState estiment qu'une grande partie de la ville serait sous contrôle russe, sans "
        "pouvoir affirmer son intégralité.\n\nLa ville de Vovtchansk serait également sous contrôle russe.",
    )
    by_source = {(c.source.party, c.args["place"]): c for c in of_type(analysed, ClaimType.CONTROL)}
    observers = by_source[("observer", "Pokrovsk")]
    assert observers.stance is Stance.PARTIAL and observers.extent == "partial"
    assert "conditional" in observers.hedges
    assert by_source[("journalist", "Vovchansk")].stance is Stance.HEDGED


def test_a_capture_the_captor_builds_on_is_asserted_not_hedged(tmp_path: Path) -> None:
    """ "La capture de X permettrait…": in the captor's words a premise; in the narration a reserve."""
    analysed = analyse_record(
        tmp_path,
        "Vladimir Poutine a déclaré que la capture de Pokrovsk, ville stratégique dans l'est de l'Ukraine, "
        "permettrait à l'armée russe de poursuivre ses objectifs.\n\n"
        "La prise de Vovtchansk permettrait à l'armée russe d'avancer vers Kharkiv.",
    )
    by_place = {c.args["place"]: c for c in of_type(analysed, ClaimType.CONTROL)}
    assert by_place["Pokrovsk"].source.party == "russia" and by_place["Pokrovsk"].stance is Stance.ASSERTS
    assert by_place["Vovchansk"].source.party == "journalist" and by_place["Vovchansk"].stance is Stance.HEDGED


def test_troops_driven_out_undo_what_they_took(tmp_path: Path) -> None:
    """A capture in a relative clause on troops a verb then repels is undone: not theirs."""
    analysed = analyse_record(
        tmp_path,
        "L'état-major ukrainien a affirmé que les soldats russes qui avaient pris le contrôle de la gare de "
        "Pokrovsk ont été chassés mardi.",
    )
    found = [(c.source.party, c.stance, c.extent) for c in of_type(analysed, ClaimType.CONTROL)]
    assert found == [("ukraine", Stance.DENIES, "contested")]


def test_a_title_opening_what_a_source_says_is_not_the_source_s(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Selon Volodymyr Zelensky, l'envoyé spécial de Donald Trump connaît les positions de l'Ukraine. "
        "Les deux responsables prépareront les discussions avec l'émissaire de Donald Trump, Steve Witkoff, "
        "a déclaré Volodymyr Zelensky.",
    )
    roles = {(c.args["person"], c.args["relation"]) for c in of_type(analysed, ClaimType.ROLE)}
    assert roles == {("Steve Witkoff", "envoy of")}


def test_the_fall_of_the_city_is_the_city_named_before(tmp_path: Path) -> None:
    """ "La chute de la ville" points back to the town named before, not to a list further on."""
    analysed = analyse_record(
        tmp_path,
        "Moscou a revendiqué lundi la prise de Pokrovsk. La chute de la ville ouvrirait la route vers les "
        "deux dernières grandes villes tenues par Kiev dans la région, Kramatorsk et Sloviansk. La prise de "
        "la ville intervient alors que les négociations reprennent.",
    )
    assert {c.args["place"] for c in of_type(analysed, ClaimType.CONTROL)} == {"Pokrovsk"}


def test_a_place_told_after_apres_is_where_something_else_happened(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Après leur séjour à Moscou, Steve Witkoff et Jared Kushner doivent rencontrer Volodymyr Zelensky en "
        "Europe. Après avoir quitté Moscou, Steve Witkoff a rencontré Volodymyr Zelensky mercredi.",
    )
    meetings = of_type(analysed, ClaimType.MEETING)
    assert len(meetings) == 2 and all(c.args["place"] == "" for c in meetings)


def test_a_region_and_a_capital_are_not_the_place_taken(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Dans le nord-est, Vovtchansk, située dans la région de Kharkiv, est elle aussi tombée aux mains des "
        "forces russes.\n\nUne perte de ce nœud stratégique représenterait un revers majeur pour Kiev.",
    )
    places = {c.args["place"] for c in of_type(analysed, ClaimType.CONTROL)}
    assert places == {"Vovchansk"}


def test_a_place_named_after_an_elided_noun_is_taken_too(tmp_path: Path) -> None:
    """ "la prise de Koupiansk et le 2 décembre celle de Pokrovsk": "celle" is the capture again."""
    analysed = analyse_record(
        tmp_path, "Moscou a revendiqué le 20 novembre la prise de Koupiansk et le 2 décembre celle de Pokrovsk."
    )
    dates = {c.args["place"]: c.date for c in of_type(analysed, ClaimType.CONTROL)}
    assert dates == {"Kupiansk": date(2025, 11, 20), "Pokrovsk": date(2025, 12, 2)}  # each its own day


# -- meetings ------------------------------------------------------------------------------
def test_meeting_held_and_meeting_planned(tmp_path: Path) -> None:
    held = analyse_record(
        tmp_path,
        "L'envoyé spécial de la Maison blanche, Steve Witkoff, et le gendre de Donald Trump, Jared Kushner, se sont "
        "entretenus mardi pendant cinq heures à Moscou avec Vladimir Poutine.",
    )
    meeting = of_type(held, ClaimType.MEETING)[0]
    assert meeting.key == "meeting|Moscow|2025-12-02"  # not Washington: "de la Maison blanche" is a title
    assert set(meeting.args["participants"].split("; ")) == {"Jared Kushner", "Steve Witkoff", "Vladimir Putin"}
    assert meeting.stance is Stance.ASSERTS
    planned = analyse_record(
        tmp_path,
        "Jared Kushner participera à la réunion prévue mardi au Kremlin entre Vladimir Poutine et l'émissaire "
        "américain Steve Witkoff.",
        published="2025-12-01",
    )
    meeting = of_type(planned, ClaimType.MEETING)[0]
    assert meeting.stance is Stance.ASSERTS and "planned" in meeting.hedges  # announced, not yet held
    assert meeting.args["place"] == "Moscow"


# -- relations and roles -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jared Kushner, gendre de Donald Trump, accompagnera l'émissaire américain Steve Witkoff. Le conseiller "
            "diplomatique du Kremlin, Iouri Ouchakov, a parlé. Le négociateur ukrainien Roustem Oumerov est à "
            "Bruxelles. Roustem Oumerov, secrétaire du Conseil de défense et de sécurité nationale d'Ukraine, "
            "rencontrera ses homologues.",
            {
                "relation|Jared Kushner|son-in-law of|Donald Trump",
                "role|Steve Witkoff|envoy of|Donald Trump",
                "role|Yuri Ushakov|adviser of|Vladimir Putin",
                "role|Rustem Umerov|negotiator of|Ukraine",
                "role|Rustem Umerov|secretary of|National Security and Defense Council of Ukraine",
            },
        ),
        (  # people the knowledge base does not know, plural appositions, ministers by portfolio,
            # and a title a speaker is later called by
            "La ministre française de la Santé, Claire Montalbert, a visité l'hôpital de Lyon. Paul Dorval et "
            "Anne Sorel, les avocats de Jean Vasseur, ont plaidé mardi. François Villeroy de Galhau a déclaré "
            "jeudi que l'inflation baisserait. « Le pic est passé », a dit le gouverneur de la Banque de France "
            "sur la radio.",
            {
                "role|Claire Montalbert|health minister of|France",
                "role|Paul Dorval|lawyer of|Jean Vasseur",
                "role|Anne Sorel|lawyer of|Jean Vasseur",
                "role|François Villeroy de Galhau|governor of|Bank of France",
            },
        ),
    ],
    ids=["known-people", "general-news"],
)
def test_appositions_give_relations_and_roles(tmp_path: Path, text: str, expected: set[str]) -> None:
    analysed = analyse_record(tmp_path, text)
    keys = {c.key for c in analysed.claims if c.type in (ClaimType.RELATION, ClaimType.ROLE)}
    assert expected <= keys
    assert not analysed.flags


def test_the_republic_of_a_head_of_state_is_the_one_he_heads(tmp_path: Path) -> None:
    """ "le Président de la République" names no country: a head of state the knowledge base
    knows heads his own, whatever country the article's places are in (no flag of our making)."""
    analysed = analyse_record(
        tmp_path,
        "Emmanuel Macron est arrivé mardi à Kiev. Le Président de la République a assuré que la France "
        "resterait mobilisée aux côtés de l'Ukraine.",
    )
    roles = {c.key for c in of_type(analysed, ClaimType.ROLE)}
    assert roles == {"role|Emmanuel Macron|president of|France"}
    assert not analysed.flags


def test_seed_relation_error_is_flagged(seed_analysis: AnalysedDocument) -> None:
    flag = next(f for f in seed_analysis.flags if f.kind == "kb-conflict")
    assert "Jared Kushner son-in-law of Vladimir Putin" in flag.message
    assert "gendre de Poutine" in flag.sentence
    assert flag.evidence[0].text == "Jared Kushner is son-in-law of Donald Trump"


def test_seed_voices_on_pokrovsk(seed_analysis: AnalysedDocument) -> None:
    control = {(c.source.name, c.stance) for c in of_type(seed_analysis, ClaimType.CONTROL)}
    assert ("Russian government", Stance.ASSERTS) in control  # "Moscou a revendiqué la prise"
    assert any(party == Stance.PARTIAL and "DeepState" in name for name, party in control)
    assert any(stance is Stance.DENIES and "unité ukrainienne" in name for name, stance in control)


# -- knowledge -----------------------------------------------------------------------------
def _role(person: str, relation: str, other: str, when: date) -> Claim:
    return Claim(
        ClaimType.ROLE,
        f"role|{person}|{relation}|{other}",
        {"person": person, "relation": relation, "object": other},
        Stance.ASSERTS,
        Source("example.org", "outlet", "journalist"),
        Span(0, 1),
        "x",
        date=when,
    )


def test_knowledge_checks_roles_in_time() -> None:
    kb = knowledge()
    december = date(2025, 12, 3)
    outdated = kb_conflict(_role("Rustem Umerov", "defence minister of", "Ukraine", december), kb)
    assert outdated and "only from 2023-09-06 to 2025-07-17" in outdated.text
    assert kb_conflict(_role("Rustem Umerov", "defence minister of", "Ukraine", date(2024, 3, 1)), kb) is None
    unknown_office = kb_conflict(_role("Steve Witkoff", "ambassador of", "United States", december), kb)
    assert unknown_office and "not ambassador of United States" in unknown_office.text
    assert {f.relation for f in unknown_office.facts} == {"envoy of"}  # what the KB knows him as
    assert kb_conflict(_role("Yuri Ushakov", "adviser of", "Vladimir Putin", december), kb) is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Selon l'armée russe, Pokrovsk est tombée, mais Kiev conteste cette version.", Stance.ASSERTS),
        ("Les troupes russes ont pris Pokrovsk sans rencontrer aucune résistance.", Stance.ASSERTS),
        ("Il est faux de dire que l'armée russe a pris Pokrovsk, a déclaré Zelensky.", Stance.DENIES),
        ("L'armée ukrainienne n'a admis la perte d'aucune des deux localités, Pokrovsk et Vovchansk.", Stance.DENIES),
    ],
)
def test_stance_stays_in_its_own_clause(tmp_path: Path, sentence: str, stance: Stance) -> None:
    control = of_type(analyse_record(tmp_path, sentence), ClaimType.CONTROL)
    assert control and {c.stance for c in control if c.args["place"] == "Pokrovsk"} == {stance}


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("L'armée ukrainienne ne contrôle plus aucune partie de Pokrovsk, selon Moscou.", Stance.ASSERTS),
        ("Selon Kiev, les forces russes ne contrôlent aucun quartier de Pokrovsk.", Stance.DENIES),
    ],
)
def test_no_part_of_a_place_is_the_whole_of_it(tmp_path: Path, sentence: str, stance: Stance) -> None:
    """A word of a part, negated ("aucune partie"), tells of the whole place."""
    [claim] = of_type(analyse_record(tmp_path, sentence), ClaimType.CONTROL)
    assert (claim.key, claim.stance, claim.extent) == ("control|Pokrovsk|Russia", stance, "full")


@pytest.mark.parametrize(
    "sentence",
    [
        # the share is the relative clause's antecedent: Kiev's hold of a part is Russia's of the rest
        "Rubio a déclaré que le désaccord porte sur les 20 % du territoire de Pokrovsk que Kiev contrôle encore.",
        "L'armée ukrainienne contrôle encore 30 % de Pokrovsk, selon l'état-major.",
    ],
)
def test_a_share_of_a_place_held_by_the_defender_is_a_partial_hold(tmp_path: Path, sentence: str) -> None:
    """It was a denial of the whole, and the place 'contradicted' when no one else spoke of it."""
    [claim] = of_type(analyse_record(tmp_path, sentence), ClaimType.CONTROL)
    assert (claim.key, claim.stance, claim.extent) == ("control|Pokrovsk|Russia", Stance.PARTIAL, "partial")


@pytest.mark.parametrize(
    "sentence",
    [
        "Le colonel Michel Goya a souligné l'importance du contrôle de Pokrovsk pour les deux armées.",
        "Le contrôle de Pokrovsk est un enjeu majeur pour Moscou, a estimé l'analyste.",
    ],
)
def test_the_control_of_a_place_at_stake_is_no_claim_of_who_holds_it(tmp_path: Path, sentence: str) -> None:
    """It was the analyst's assertion that Russia holds the town."""
    assert not of_type(analyse_record(tmp_path, sentence), ClaimType.CONTROL)


def test_a_denial_bears_on_the_event_not_on_a_title(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "L'armée russe a pris Pokrovsk, a annoncé le porte-parole du Kremlin, Dmitri Peskov.\n\n"
        "L'état-major ukrainien a démenti cette information.",
    )
    denial = next(c for c in analysed.claims if c.stance is Stance.DENIES)
    assert denial.key == "control|Pokrovsk|Russia" and denial.source.party == "ukraine"
    assert all(c.stance is Stance.ASSERTS for c in analysed.claims if c.type is ClaimType.ROLE)


def test_a_spokesperson_of_a_national_body_speaks_for_the_body(tmp_path: Path) -> None:
    """ "Le porte-parole de l'état-major ukrainien" speaks for the General Staff (a body the
    knowledge base knows by that spelling), not for Ukraine's president, as a bare "le porte-parole
    ukrainien" would; a body it does not know still falls back on its country."""
    analysed = analyse_record(
        tmp_path,
        "Le porte-parole de l'état-major ukrainien, Andreï Kovalev, a déclaré que les troupes tenaient la ville. "
        "Le porte-parole de l'armée ukrainienne, Ivan Petrenko, a confirmé. Le chef d'état-major des forces armées "
        "russes, Valeri Guérassimov, a parlé.",
    )
    roles = {c.key for c in analysed.claims if c.type is ClaimType.ROLE}
    assert roles == {
        "role|Andreï Kovalev|spokesperson of|General Staff of the Armed Forces of Ukraine",
        "role|Ivan Petrenko|spokesperson of|Armed Forces of Ukraine",
        "role|Valery Gerasimov|chief of general staff of|Russia",
    }


# -- titles of general news ----------------------------------------------------------------
GENERAL_TITLES = (
    "Le président sénégalais Moussa Diallo a reçu mardi à Dakar la porte-parole du gouvernement congolais, "
    "Aline Mbeki. La nouvelle porte-parole de la Maison-Blanche, Karine Lefort, a tenu son premier point de "
    "presse. « C'est inédit », souligne Claire Dumas, chercheuse à l'université de Genève et coautrice de "
    "l'étude. Le directeur général de l'Agence spatiale européenne (ESA), Marc Lenoir, a parlé. Julie "
    "Marchand, présidente de la Fondation Terre Vive, a réagi. Chen Wei, le porte-parole du ministère chinois "
    "des Affaires étrangères (MAE), a déclaré que la visite était une provocation."
)
FRENCH_TITLES = (
    "À Paris, la ministre des Comptes publics, Sophie Marchal, a présenté le budget. « Les dégâts sont "
    "énormes », explique Gérard Loiseau, maire de Saint-Léonard, mardi. À la tête de la start-up Nova "
    "Robotics, Léa Fontaine a levé dix millions d'euros. Karim Benali, agent de Lucas Moreau a pris la parole. "
    "« C'est un échec », indique Me Sophie Arnal, avocate des parties civiles. Le président Paul Ndiaye a "
    "reçu le Premier ministre Henri Valois à l'Élysée. Franck Dupuis, patron de la FNSEA ce mardi matin, a "
    "protesté. Raymond Bastide, président du conseil de quartier Jules Ferry, a répondu."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GENERAL_TITLES,
            {
                "role|Moussa Diallo|president of|Senegal",  # a nationality: the country's office
                "role|Aline Mbeki|spokesperson of|Congolese government",
                "role|Karine Lefort|spokesperson of|Donald Trump",  # "nouvelle" between article and title
                "role|Claire Dumas|researcher of|University of Geneva",  # an affiliation, named in English
                "role|Marc Lenoir|head of|European Space Agency",
                "role|Julie Marchand|president of|Terre Vive Foundation",
                "role|Chen Wei|spokesperson of|Chinese Ministry of Foreign Affairs",
            },
        ),
        (
            FRENCH_TITLES,
            {
                "role|Sophie Marchal|public accounts minister of|France",
                "role|Gérard Loiseau|mayor of|Saint-Léonard",  # a hyphen is no dash
                "role|Léa Fontaine|head of|Nova Robotics",  # the name after "la start-up"
                "role|Karim Benali|agent of|Lucas Moreau",  # the complement ends at the verb
                "role|Sophie Arnal|lawyer of|civil parties",  # without "Me"
                "role|Paul Ndiaye|president of|France",  # bare, someone the KB does not know: the document's
                "role|Henri Valois|prime minister of|France",
                "role|Franck Dupuis|head of|FNSEA",  # not "FNSEA ce mardi matin"
                "role|Raymond Bastide|president of|Jules Ferry neighbourhood council",
            },
        ),
    ],
    ids=["foreign", "french"],
)
def test_titles_of_general_news_are_named_in_english(tmp_path: Path, text: str, expected: set[str]) -> None:
    keys = {c.key for c in analyse_record(tmp_path, text).claims if c.type is ClaimType.ROLE}
    assert keys == expected


def test_what_is_no_current_role(tmp_path: Path) -> None:
    """A role read wrong is worse than a role missed: the client of someone's driver, a
    nationality, a field of study, a title not held yet, a common noun, an age, a clause."""
    analysed = analyse_record(
        tmp_path,
        "À Lyon, Pierre Caron, avocat du chauffeur de Jean Valmont, a plaidé. La paléontologue polonaise Anna "
        "Nowak a publié l'étude avec l'historien de l'art Marc Dubois. Le futur ministre de l'Intérieur Paul "
        "Reynaud arrive. Jean Morel, l'édile de la commune, a parlé. Paul Martin, dirigeant de 45 ans, a "
        "démissionné. Le conseiller d'État chargé de la santé Marc Poujol a salué la décision. Raymond Bastide, "
        "président du conseil de quartier Jules Ferry, a répondu.",
    )
    roles = {c.key for c in analysed.claims if c.type is ClaimType.ROLE}
    assert roles == {"role|Raymond Bastide|president of|Jules Ferry neighbourhood council"}  # not Jules Ferry's


def test_french_title_vocabulary_is_consistent() -> None:
    """Every title noun maps to one English function, and nationalities to a country's adjective."""
    from claimscope.claims.rules import rules

    data = rules()
    assert data.roles["directrice generale"] == "head of" and data.roles["prefete"] == "prefect of"
    assert data.portfolios["comptes publics"] == "public accounts"
    assert data.nations["senegalaise"][0] == "Senegal" and "congolais" not in data.nations  # two Congos
    assert data.titles.adjectives["congolais"] == "Congolese"
    assert data.titles.affiliations <= set(data.roles)


def test_a_local_article_is_about_its_country(tmp_path: Path) -> None:
    """French départements count for the document's country: the Première ministre of an article
    on the Pas-de-Calais is France's, though one flooded town shares a Canadian town's name."""
    analysed = analyse_record(
        tmp_path,
        "Dans le Pas-de-Calais, où la Première ministre Claire Vasseur est attendue jeudi, Saint-Léonard et "
        "la Somme restent inondés.",
    )
    roles = {c.key for c in analysed.claims if c.type is ClaimType.ROLE}
    assert roles == {"role|Claire Vasseur|prime minister of|France"}


def test_a_french_speaking_country_is_what_an_article_on_a_french_site_is_about(tmp_path: Path) -> None:
    """French names and nationality words of French-speaking countries are known (gen-042's
    "le président Ouattara" was France's: the article's places were unknown, so its site's domain
    decided); a town abroad outweighs the site (the third review: "à Abidjan" on a French site
    had made a president France's while the site counted as one of the places)."""
    abroad = analyse_record(
        tmp_path,
        "Les Ivoiriens voteront en octobre. La Côte d'Ivoire attend. Le président Koffi Yao a annoncé qu'il "
        "serait candidat.",
        site="www.example.fr",
    )
    assert {c.key for c in abroad.claims if c.type is ClaimType.ROLE} == {"role|Koffi Yao|president of|Ivory Coast"}
    town = analyse_record(
        tmp_path,
        "Le président Koffi Yao a déclaré à Abidjan que les élections se tiendraient en octobre.",
        site="www.lemonde.fr",
    )
    assert {c.key for c in town.claims if c.type is ClaimType.ROLE} == {"role|Koffi Yao|president of|Ivory Coast"}


# -- control told in narration, apposed denials, counted anaphors ---------------------------
def control_stances(analysed: AnalysedDocument) -> set[tuple[str, str, str]]:
    """(place, stance, party) of a document's control claims."""
    return {(c.args["place"], c.stance.value, c.source.party) for c in of_type(analysed, ClaimType.CONTROL)}


def test_an_infinitive_done_by_the_object_is_nobodys_claim(tmp_path: Path) -> None:
    """ "Washington a poussé Kiev à reconnaître la perte de Pokrovsk": Kiev was pushed to admit
    it; Washington neither said nor claimed anything."""
    analysed = analyse_record(tmp_path, "Washington a poussé Kiev à reconnaître la perte de Pokrovsk.")
    assert not analysed.attributions
    assert not of_type(analysed, ClaimType.CONTROL)
    # the parser may hang the object on the verb as another complement: still the infinitive's doer
    called = analyse_record(tmp_path, "Vladimir Poutine a appelé Kiev à reconnaître la perte de Pokrovsk.")
    assert [a.cue.text for a in called.attributions if a.cue] == ["a appelé"]


@pytest.mark.parametrize(
    ("sentence", "stance", "party"),
    [
        ("La prise de Pokrovsk a été annoncée lundi par le Kremlin.", "asserts", "russia"),
        ("La chute de Pokrovsk a été démentie par Kiev.", "denies", "ukraine"),
        ("Si la prise de Pokrovsk se confirme, Moscou contrôlera la route de Kramatorsk.", "hedged", "journalist"),
    ],
)
def test_a_passive_claim_is_its_agents_and_a_supposition_hedges(
    tmp_path: Path, sentence: str, stance: str, party: str
) -> None:
    """The agent of a passive claim verb holds its stance (not the capture, its subject, nor the
    outlet); a capture the outlet supposes ("si la prise se confirme") is told with reserve."""
    assert ("Pokrovsk", stance, party) in control_stances(analyse_record(tmp_path, sentence))


@pytest.mark.parametrize(
    ("sentence", "stances"),
    [
        # the writer's scare quotes, "prétendue", and after "selon" the journalist's conditional
        ("La Russie a de nouveau déclaré la «prise» de Pokrovsk.", {("asserts", "russia"), ("hedged", "journalist")}),
        (
            "Les Russes ont diffusé des déclarations affirmant la prétendue prise de Pokrovsk.",
            {("asserts", "russia"), ("hedged", "journalist")},
        ),
        (
            "Selon des sources russes, la ville de Pokrovsk serait désormais entièrement occupée.",
            {("asserts", "russia"), ("hedged", "journalist")},
        ),
        # the speaker's own: the future in the past after "a déclaré que", a conditional in a quote
        ("Le Kremlin a déclaré que Pokrovsk serait bientôt prise.", {("hedged", "russia")}),
        ("« Pokrovsk serait tombée », a déclaré Dmitri Peskov.", {("hedged", "russia")}),
        # …and, found by a review, another side's hypothesis or scorn: only the claimant's words
        # carry the writer's reserve
        ("Selon Zelensky, sans l'aide américaine, les Russes auraient déjà pris Pokrovsk.", {("hedged", "ukraine")}),
        (
            "Le porte-parole de l'armée ukrainienne a évoqué la prétendue prise de Pokrovsk par les Russes.",
            {("hedged", "ukraine")},
        ),
    ],
)
def test_the_writer_s_reserve_inside_reported_words_is_the_outlet_s(
    tmp_path: Path, sentence: str, stances: set[tuple[str, str]]
) -> None:
    """The journalist's distance from a claim it reports is no doubt of the claimant's: the
    claimant asserts, the outlet hedges (a Russian claim the board showed as Russia hedging)."""
    assert {(stance, party) for _, stance, party in control_stances(analyse_record(tmp_path, sentence))} == stances


def test_the_latter_takes_the_side_of_the_noun_just_named(tmp_path: Path) -> None:
    """ "proche de l'armée ukrainienne, cette dernière ne contrôle plus aucune partie de Siversk":
    the Ukrainian army holds none of it, which supports Russia's claim (read as a denial, it made
    the town contested)."""
    analysed = analyse_record(
        tmp_path,
        "Selon la carte Deep State, proche de l'armée ukrainienne, cette dernière ne contrôle plus aucune "
        "partie de Siversk.",
    )
    assert control_stances(analysed) == {("Siversk", "asserts", "observer")}
    # a country named by its name (the review's "la Russie … et cette dernière a pris")
    named = analyse_record(
        tmp_path,
        "Selon la presse ukrainienne, la Russie a multiplié les assauts et cette dernière a pris le contrôle "
        "de Koupiansk.",
    )
    assert ("Kupiansk", "denies", "ukraine") not in control_stances(named)
    assert {stance for _, stance, _ in control_stances(named)} == {"asserts"}, control_stances(named)


def test_a_verb_of_no_side_in_reported_words_leaves_the_claim_to_the_speaker(tmp_path: Path) -> None:
    """ "…, affirmant que les combats se poursuivent pour le contrôle de la ville": "se poursuivre"
    reports nothing, and "les combats" are no claimant: the claim stays Kiev's."""
    analysed = analyse_record(
        tmp_path,
        "Moscou a revendiqué la capture de Pokrovsk, une affirmation que Kiev conteste, affirmant que les "
        "combats se poursuivent pour le contrôle de la ville.",
    )
    assert ("Pokrovsk", "denies", "ukraine") in control_stances(analysed)
    assert {party for _, _, party in control_stances(analysed)} <= {"russia", "ukraine"}


def test_a_denial_apposed_to_a_claim_is_the_other_sides(tmp_path: Path) -> None:
    """ "…, une information démentie par Kiev qui assure que les combats se poursuivent": Moscow
    claims the whole town, Kiev denies it; Kiev's "combats" do not make Moscow's claim partial."""
    analysed = analyse_record(
        tmp_path,
        "La Russie affirme avoir pris le contrôle complet de la ville de Pokrovsk dans l'est du pays, une "
        "information démentie par Kiev qui assure que les combats se poursuivent.",
    )
    assert control_stances(analysed) == {("Pokrovsk", "asserts", "russia"), ("Pokrovsk", "denies", "ukraine")}
    analysed = analyse_record(tmp_path, "La Russie affirme avoir pris Pokrovsk, ce que Kiev conteste.")
    assert ("Pokrovsk", "asserts", "russia") in control_stances(analysed)


def test_a_claim_verb_whose_subject_the_parser_put_elsewhere(tmp_path: Path) -> None:
    """The subject on an incise ("Le président, s'exprimant à Paris, a déclaré que"), and a plural
    anaphor that counts the places just named ("la perte d'aucune des deux localités")."""
    analysed = analyse_record(
        tmp_path,
        "Le président ukrainien Volodymyr Zelensky, s'exprimant à Paris, a déclaré que Pokrovsk et "
        "Vovchansk restaient sous contrôle ukrainien.",
    )
    assert control_stances(analysed) == {("Pokrovsk", "denies", "ukraine"), ("Vovchansk", "denies", "ukraine")}
    analysed = analyse_record(
        tmp_path,
        "Le Kremlin a annoncé la prise de Pokrovsk et de Vovchansk. L'armée ukrainienne a affirmé lundi avoir "
        "repoussé 43 attaques dans le secteur de Pokrovsk et n'a admis la perte d'aucune des deux localités.",
    )
    assert {("Pokrovsk", "denies", "ukraine"), ("Vovchansk", "denies", "ukraine")} <= control_stances(analysed)


def test_an_unknown_village_and_places_listed_past_reported_words(tmp_path: Path) -> None:
    """A village the gazetteer does not know is a place of its own; "…, le 2 décembre celle de
    Siversk" goes on with the claim the attribution cut short, with its own date."""
    analysed = analyse_record(
        tmp_path,
        "Les Russes attaquent Pokrovsk. Mardi, le projet DeepState a rapporté que les forces russes avaient pris "
        "le contrôle du village de Kazatskoye, dans le district de Pokrovsky.",
    )
    assert ("Kazatskoye", "asserts", "observer") in control_stances(analysed)
    analysed = analyse_record(
        tmp_path,
        "Le 21 novembre, le ministère russe de la défense a revendiqué la prise de la ville de Koupiansk, "
        "le 2 décembre celle de Siversk.",
    )
    dated = {c.args["place"]: c.date for c in of_type(analysed, ClaimType.CONTROL)}
    assert dated.get("Siversk") == date(2025, 12, 2) and "Kupiansk" in dated


def test_an_occupied_town_is_held_but_a_town_occupying_a_position_is_not(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path, "Selon des sources russes, la ville de Pokrovsk serait désormais entièrement occupée."
    )
    # the Russian sources assert, the journalist's conditional hedges (the gold's reading of fr-042)
    assert {s for _, s, _ in control_stances(analysed)} == {"asserts", "hedged"}
    analysed = analyse_record(tmp_path, "Pokrovsk occupe une position stratégique.")
    assert not of_type(analysed, ClaimType.CONTROL)


def test_a_meeting_the_reported_words_cut_on_its_verb(tmp_path: Path) -> None:
    """ "a annoncé que l'émissaire américain Steve Witkoff rencontrera | Vladimir Poutine demain à
    Moscou": the person met, the place and the day are read on to the next punctuation."""
    analysed = analyse_record(
        tmp_path,
        "- Le Kremlin a annoncé que l'émissaire américain Steve Witkoff rencontrera Vladimir Poutine demain à "
        "Moscou. Lire l'article",
        "2025-12-01",
    )
    meetings = of_type(analysed, ClaimType.MEETING)
    assert [(m.args["participants"], m.args["place"], m.args["date"]) for m in meetings] == [
        ("Steve Witkoff; Vladimir Putin", "Moscow", "2025-12-02")
    ]


def test_an_unresolved_pronoun_names_no_source(tmp_path: Path) -> None:
    from claimscope.claims.sources import UNIDENTIFIED

    analysis = analyse_record(tmp_path, "« Nous serons prêts à tout moment », a-t-elle assuré lundi.")
    sources = {claim.source.name for claim in analysis.claims}
    assert sources and "-elle" not in sources and UNIDENTIFIED in sources


def test_an_aim_is_no_capture(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path, "Ces localités sont dans l'objectif stratégique du Kremlin de conquérir Kramatorsk et Sloviansk."
    )
    assert of_type(analysed, ClaimType.CONTROL) == []


def test_an_undated_text_dates_each_place_by_the_day_said_nearest() -> None:
    text = "Le 21 novembre, Moscou a revendiqué la prise de Koupiansk, le 2 décembre celle de Pokrovsk."
    assert date_near(text, None, text.index("Pokrovsk")) == (None, "2 décembre")


def test_an_undated_articles_weekday_is_read_against_the_latest_day_it_tells(tmp_path: Path) -> None:
    """Its "jeudi" is the Thursday nearest its own "11 décembre" (read in the year the other
    sources give): it was the Thursday before a day half a year later, a date in the future."""
    from claimscope.claims.verdicts import verdicts

    dated = analyse_record(
        tmp_path, "Le ministère russe de la défense a revendiqué mardi la prise de Pokrovsk.", published="2025-12-02"
    )
    undated = analyse_record(
        tmp_path,
        "Le 21 novembre, le ministère russe de la défense a revendiqué la prise de Koupiansk, le 2 décembre "
        "celle de Pokrovsk, et ce 11 décembre celle de Siversk. Le président a été informé du « transfert "
        "complet de Siversk sous notre contrôle », a déclaré ce jeudi le porte-parole du Kremlin, Dmitri Peskov.",
        published=None,
    )
    [siversk] = [v for v in verdicts([dated, undated], knowledge()) if v.key == "control|Siversk|Russia"]
    said = {(row.claim.source.name, row.claim.date, row.claim.date_text) for row in siversk.rows}
    assert ("Dmitry Peskov", date(2025, 12, 11), "jeudi (read against the article's other dates)") in said
    assert {when for _, when, _ in said} == {date(2025, 12, 11)}


def test_an_undated_articles_own_days_keep_their_year(tmp_path: Path) -> None:
    """Read in the year the other sources give, on or before half a year past them: a day more
    than a month before them went to the next year, and a later day of its own moved the others."""
    from claimscope.claims.verdicts import verdicts

    dated = analyse_record(
        tmp_path, "Le ministère russe de la défense a revendiqué mardi la prise de Pokrovsk.", published="2025-12-02"
    )
    undated = analyse_record(
        tmp_path,
        "Le 2 décembre, le ministère russe de la défense a revendiqué la prise de Pokrovsk. Le 25 octobre, "
        "l'armée russe a pris Koupiansk. Le 30 décembre, l'armée russe a pris Siversk.",
        published=None,
    )
    days = {
        v.key.split("|")[1]: {row.claim.date for row in v.rows if row.document == undated.document.id}
        for v in verdicts([dated, undated], knowledge())
        if v.key.startswith("control|")
    }
    assert days["Kupiansk"] == {date(2025, 10, 25)} and days["Siversk"] == {date(2025, 12, 30)}, days


def test_a_name_after_a_body_is_the_title_holder_not_its_object(tmp_path: Path) -> None:
    analysed = analyse_record(
        tmp_path,
        "Selon un rapport du chef d'état-major Valeri Guérassimov adressé au président Vladimir "
        "Poutine, la ville est passée sous contrôle russe.",
    )
    roles = {c.key for c in of_type(analysed, ClaimType.ROLE)}
    assert not any("|Valery Gerasimov" in key.split("|", 3)[-1] for key in roles), roles


def test_a_title_coordinated_before_another_has_its_own_word_in_its_evidence(tmp_path: Path) -> None:
    """ "le gendre et conseiller du président Donald Trump, Jared Kushner": the son-in-law claim's
    evidence began at "conseiller" (a flag then cited it as proof of the son-in-law relation)."""
    analysed = analyse_record(
        tmp_path,
        "Steve Witkoff s'est rendu à Moscou, accompagné du gendre et conseiller du président américain "
        "Donald Trump, Jared Kushner.",
    )
    evidence = {c.args["relation"]: c.evidence for c in analysed.claims if c.args.get("person") == "Jared Kushner"}
    assert evidence["son-in-law of"].startswith("gendre et conseiller du président américain Donald Trump")
    assert evidence["adviser of"].startswith("conseiller du président")


def test_a_meeting_wished_for_is_no_meeting(tmp_path: Path) -> None:
    """ "souhaitent rencontrer Zelensky" was a meeting of Zelensky and Putin, asserted."""
    wished = analyse_record(
        tmp_path, "Les Européens souhaitent rencontrer Zelensky après leurs discussions avec Poutine."
    )
    assert not of_type(wished, ClaimType.MEETING)
    held = analyse_record(tmp_path, "Emmanuel Macron a rencontré Volodymyr Zelensky lundi à Paris.")
    assert [c.stance for c in of_type(held, ClaimType.MEETING)] == [Stance.ASSERTS]


def _participants(tmp_path: Path, text: str) -> list[set[str]]:
    return [set(m.args["participants"].split("; ")) for m in of_type(analyse_record(tmp_path, text), ClaimType.MEETING)]


def test_who_met_is_who_the_meeting_words_name_not_everyone_in_the_sentence(tmp_path: Path) -> None:
    """Everyone a sentence named took part: Umerov met Putin (a meeting discussed), Trump met Putin
    (he sent his son-in-law), Dmitriev met Putin (he spoke after the others' meeting)."""
    discussed = (
        "Roustem Oumerov, secrétaire du Conseil de défense et de sécurité nationale d'Ukraine, rencontrera ses "
        "homologues européens pour discuter de la réunion qui s'est tenue mardi à Moscou entre les représentants "
        "de Washington et le président russe Vladimir Poutine."
    )
    assert not [p for p in _participants(tmp_path, discussed) if "Rustem Umerov" in p]
    assert not [
        p for p in _participants(tmp_path, "Trump envoie son gendre pour rencontrer Poutine.") if "Donald Trump" in p
    ]
    after = (
        "Quelques heures après la rencontre des deux hommes de confiance de Donald Trump avec Poutine, Kirill "
        "Dmitriev a publié un message."
    )
    assert not [p for p in _participants(tmp_path, after) if "Kirill Dmitriev" in p]
    commented = (
        "Commentaires de Youri Ouchakov, conseiller du président russe, sur la rencontre entre Vladimir Poutine "
        "et l'envoyé spécial du président américain Steve Witkoff."
    )
    assert _participants(tmp_path, commented) == [{"Steve Witkoff", "Vladimir Putin"}]  # not the commentator
    # still read: the one who met in the main clause, in a purpose infinitive, behind a participle
    assert _participants(tmp_path, "Après sa rencontre avec Poutine, Witkoff a quitté Moscou.") == [
        {"Steve Witkoff", "Vladimir Putin"}
    ]
    assert _participants(tmp_path, "Steve Witkoff, arrivé à Moscou pour rencontrer Vladimir Poutine, a été reçu.") == [
        {"Steve Witkoff", "Vladimir Putin"}
    ]
    assert _participants(
        tmp_path, "Zelensky a indiqué que Rustem Umerov avait rencontré Steve Witkoff en Floride."
    ) == [{"Rustem Umerov", "Steve Witkoff"}]


def test_a_town_listed_past_the_reported_words_has_its_sentence_as_evidence(tmp_path: Path) -> None:
    """ "… a revendiqué la prise de la ville de Koupiansk, le 2 décembre celle de Pokrovsk": the
    Pokrovsk claim showed "la prise de la ville de Koupiansk" as its evidence."""
    analysed = analyse_record(
        tmp_path,
        "Le 21 novembre, le ministère russe de la défense a revendiqué la prise de la ville de Koupiansk, le "
        "2 décembre celle de Pokrovsk.",
    )
    evidence = {c.args["place"]: c.evidence for c in of_type(analysed, ClaimType.CONTROL)}
    assert "Pokrovsk" in evidence["Pokrovsk"] and "Koupiansk" in evidence["Kupiansk"], evidence


def test_a_statement_told_inside_another_of_the_same_source_is_one_stance(tmp_path: Path) -> None:
    """ "Selon le Kremlin, le chef d'état-major X a informé Poutine de ces prises": X's own
    attribution and the Kremlin's words about him gave X two stances on one proposition (on
    0398d22: the web desk trial counted fr-035's twice); two statements apart stay two."""
    analysed = analyse_record(
        tmp_path,
        "La Russie a annoncé lundi la capture de Pokrovsk. Selon le Kremlin, le chef d'état-major Valeri "
        "Guerassimov a informé Vladimir Poutine de ces prises dimanche soir.\n\n"
        "Le ministère russe de la Défense a affirmé que l'armée russe contrôlait Pokrovsk. Plus tard, le "
        "ministère russe de la Défense a de nouveau affirmé que l'armée russe contrôlait Pokrovsk.",
    )
    sources = [c.source.name for c in of_type(analysed, ClaimType.CONTROL) if "Pokrovsk" in c.key]
    assert sources.count("Valery Gerasimov") == 1, sources
    assert sources.count("Russian Ministry of Defence") == 2, sources
    # the same words on two days are two statements, though the parser ran the first into the second
    # (one on 81b07c4: found by its review)
    analysed = analyse_record(
        tmp_path,
        "Vladimir Poutine a affirmé lundi que l'armée russe avait pris Pokrovsk, et il a répété mercredi que "
        "l'armée russe avait pris Pokrovsk.",
    )
    days = sorted(str(c.date) for c in of_type(analysed, ClaimType.CONTROL) if c.source.name == "Vladimir Putin")
    assert len(days) == 2 and days[0] != days[1], days


def test_a_place_named_after_an_elided_noun_is_marked_in_its_sentence(tmp_path: Path) -> None:
    """ "a revendiqué la prise de la ville de Koupiansk, le 2 décembre celle de Pokrovsk": the
    Pokrovsk claim's span was the reported words about Kupiansk, which the article page marks (the
    web desk trial, on 73e6c50, read Pokrovsk's claim on "Koupiansk"); its span is the sentence."""
    text = (
        "Le 21 novembre, le ministère russe de la Défense a revendiqué la prise de la ville de Koupiansk, le 2 "
        "décembre celle de Pokrovsk, et désormais ce 11 décembre celle de Siversk."
    )
    analysed = analyse_record(tmp_path, text, published="2025-12-12")
    spans = {
        c.args["place"]: analysed.document.text[c.span.start : c.span.end]
        for c in analysed.claims
        if c.type is ClaimType.CONTROL
    }
    assert "Pokrovsk" in spans["Pokrovsk"] and "Siversk" in spans["Siversk"], spans
    assert "Pokrovsk" not in spans["Kupiansk"], spans
