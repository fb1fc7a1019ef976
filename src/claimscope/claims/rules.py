"""The claim rules of a language (``lang/<language>/claims.yaml`` and ``titles.yaml``), folded once
for matching. What the rules produce is language-neutral: English names of places, people,
relations and roles, so that the claims of French and English texts meet in one proposition."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimscope.lang import languages, load, module
from claimscope.text import fold


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def longest_key(table: Iterable[str], words: str) -> str | None:
    """The longest key that ``words`` is or starts with, on a word boundary ("ps" does not start
    "psg"): the name a complement opens with, however much more it says."""
    found = [k for k in table if words == k or words.startswith(k + " ")]
    return max(found, key=len) if found else None


def opening(words: Iterable[str]) -> str:
    """A pattern for one of ``words`` as it opens a phrase: followed by a space, or by nothing when
    elided ("d'"). The order is kept: where one word starts another, the data lists it after."""
    return "(?:" + "|".join(re.escape(w if w.endswith(("'", "\u2019")) else f"{w} ") for w in words) + ")"


def either(words: Iterable[str]) -> str:
    """A pattern for one of ``words``, in the order given."""
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def _with_forms(words: dict[str, str], language: str) -> dict[str, str]:
    """Trigger verbs with their inflected forms, for tokens the tagger left unlemmatised."""
    forms = {fold(form): words[verb] for form, verb in module(language).inflections(words).items()}
    return {**forms, **words}


@dataclass(frozen=True)
class ClaimRules:
    language: str
    control_triggers: dict[str, str]  # folded word -> captor | loser
    control_idioms: frozenset[str]  # a trigger with its particle or object that is no trigger ("take place")
    control_expletives: frozenset[str]  # a trigger's subject that makes it the time a deed took ("it took them")
    control_spans: frozenset[str]  # nouns of that time ("a year")
    control_aims: frozenset[str]  # verbs whose object is a goal, not a capture ("sought control")
    control_topics: frozenset[str]  # nouns that make a trigger noun a stake ("l'importance du contrôle")
    control_repelled: frozenset[str]  # verbs that undo what the troops they act on did ("were beaten back")
    control_origins: frozenset[str]  # prepositions of where troops are driven from ("from", "de")
    control_states: frozenset[str]  # words of a place held, as a state ("under Moscow's control")
    aspectual: frozenset[str]  # verbs whose subject is the side of the noun they govern ("completed the clearing")
    control_yielding: frozenset[str]  # verbs whose subject gives up the control they govern ("ceded control")
    indefinite: frozenset[str]  # determiners of no place in particular ("another city")
    partial: frozenset[str]
    no_part: frozenset[str]  # before a word of a part, none of it ("aucune partie")
    list_gap: re.Pattern[str]  # what joins two places of one list, on folded text
    ellipsis_gap: re.Pattern[str]  # the same with the noun left out ("et, le 2 décembre, celle de")
    ongoing: frozenset[str]  # with a "fought" trigger: the fight goes on, the place is not taken
    contested: frozenset[str]
    place_anaphors: frozenset[str]
    region_words: frozenset[str]
    landmark: re.Pattern[str]  # before a name, on folded text: a place measured from it, not itself
    landmark_end: re.Pattern[str]  # between places: the landmark's phrase closed, the main list goes on
    taker_markers: frozenset[str]
    settlements: frozenset[str]
    articled_cases: frozenset[str]  # "du": a name after it is not a settlement's own
    theatres: dict[str, tuple[str, str]]  # country -> (defender, attacker)
    actors: dict[str, str]  # folded adjective -> actor
    latter: frozenset[str]  # "cette dernière", "the latter": the side is the noun just named before's
    actor_names: dict[str, str]  # folded country or capital -> actor, as subject or agent only
    meeting_triggers: frozenset[str]
    side_groups: frozenset[str]  # nouns of a country's side at talks ("officials", "delegation")
    side_names: dict[str, str]  # folded country, adjective or capital -> its side's name ("US delegation")
    planned: frozenset[str]
    wishes: frozenset[str]  # verbs whose infinitive meeting is a wish ("souhaitent rencontrer")
    senders: frozenset[str]  # verbs whose subject sends others to meet ("envoie son gendre rencontrer")
    between: frozenset[str]  # the preposition before all who met ("la rencontre entre A et B")
    sequence: frozenset[str]  # what sets a place in another event before or after ("after their Moscow trip")
    arrivals_after: frozenset[str]  # the `sequence` words after which an arrival's place is the meeting's
    arrivals: frozenset[str]  # an arrival at a place ("After landing in Moscow, Witkoff met Putin")
    pronouns: frozenset[str]  # a person's subject or possessive pronoun ("he met", "his talks")
    outcomes: frozenset[str]
    venues: dict[str, str]
    relations: dict[str, str]
    roles: dict[str, str]
    institutions: dict[str, str]  # folded institution -> role whose holder it stands for
    head_of_state_roles: frozenset[str]
    former: frozenset[str]
    then: frozenset[str]  # of `former`, those that date a title without saying it ended ("then-President")
    former_names: tuple[str, ...]  # words between a town's name and its former one ("formerly")
    nations: dict[str, tuple[str, str]]  # folded adjective -> (country, head-of-state role)
    organisations: dict[str, str]
    ministers: frozenset[str]
    portfolios: dict[str, str]  # folded portfolio -> English
    national_roles: frozenset[str]
    country_words: frozenset[str]
    clause_words: frozenset[str]
    negators: frozenset[str]
    negation_pairs: tuple[frozenset[str], frozenset[str]]  # "ne" with "plus": a negation only together
    wholly: frozenset[str]
    own_side: frozenset[str]
    own_side_reported: frozenset[str]
    locatives: frozenset[str]
    genitives: frozenset[str]
    denial_words: frozenset[str]
    hedges: frozenset[str]
    anaphoric_contents: frozenset[str]
    claim_nouns: frozenset[str]  # nouns of what someone says ("its statement about the capture")
    claim_marks: frozenset[str]  # a capture said to be someone's claim ("Russia's claimed capture")
    claimant_preps: frozenset[str]  # who made a statement ("statements by Russia's leadership")
    unverified: frozenset[str]  # the narration cannot check the claim before it: a hedge on it
    writer_hedges: frozenset[str]  # inside reported words, the writer's reserve ("if confirmed")
    according_to_hedges: frozenset[str]  # after "selon X", the writer's too ("serait", the conditional)
    conditions: frozenset[str]  # conjunctions of a condition ("if", "si"): their clause is a reserve
    suppositions: frozenset[str]  # conjunctions of a supposition ("if"): what they tell is a possibility
    not_supposing: frozenset[str]  # words before them that make a concession or a comparison ("even if")
    conditional_auxiliaries: frozenset[str]  # "would": the conditional mood where a word marks it
    party_names: dict[str, str]
    observers: frozenset[str]
    party_words: dict[str, str]
    heads: frozenset[str]  # relations that name one office, whoever's head one holds
    titles: TitleRules
    regions_follow: bool  # a region word after the name ("the Donetsk region"), not only before it
    agent_deps: frozenset[str]  # dependency labels of a side named as subject or agent ("Moscow took")
    owner_deps: frozenset[str]  # labels of a side owning that subject ("Ukraine's forces liberated")
    national_nouns: dict[str, str]  # title noun -> the noun it stands for after a nationality
    possessive_marks: frozenset[str]  # "'s": the owner of a title said before it ("Trump's envoy")

    @property
    def left(self) -> frozenset[str]:
        """The former-words that say a title was left ("former", "ex"), not only dated ("then")."""
        return self.former - self.then

    @property
    def sides(self) -> frozenset[str]:
        """The parties a story's sides speak for ("russia", "ukraine", …), not observers nor outlets."""
        return frozenset(self.party_words.values())

    @property
    def title_nouns(self) -> frozenset[str]:
        """Nouns that describe someone by another person or body: relations and roles."""
        return frozenset({*self.relations, *self.roles})

    def phrases_in(self, words: frozenset[str], folded_text: str) -> list[str]:
        """Which of ``words`` (single words or phrases) occur in a folded text, as whole words."""
        padded = f" {folded_text} "
        return [w for w in words if f" {w} " in padded]


@dataclass(frozen=True)
class TitleRules:
    """A language's vocabulary of titles (``lang/<language>/titles.yaml``): what readers of
    appositions need beyond the nouns themselves, to name in English what a title is "of"."""

    affiliations: frozenset[str]  # folded nouns that also take "à"/"chez" an institution
    person_roles: frozenset[str]  # relations held only for a person
    split_roles: frozenset[str]  # relations held for each of two coordinated areas
    head_roles: frozenset[str]  # bare, the country's office ("le président X")
    national_titles: frozenset[str]  # with a nationality, the country's office ("le président sénégalais")
    pre_adjectives: frozenset[str]
    not_yet: frozenset[str]
    honorifics: frozenset[str]
    complement_stops: frozenset[str]
    ministries: dict[str, str]  # English portfolio -> ministry name
    adjectives: dict[str, str]  # folded nationality form -> English adjective
    countries: dict[str, str]  # English adjective -> country
    city_adjectives: dict[str, str]  # folded -> city
    templates: tuple[tuple[str, str], ...]  # (folded French form, English form)
    descriptors: frozenset[str]
    site_countries: dict[str, str]  # top-level domain -> country
    # function words, folded, in the data's order (the longer first where one starts another)
    articles: tuple[str, ...]
    possessives: tuple[str, ...]
    genitives: tuple[str, ...]  # "de la", "du", "de", "d'" … (not claims.yaml's meeting genitives)
    at: tuple[str, ...]  # "a la", "au", "chez" …
    at_written: tuple[str, ...]  # the same as written, accents kept: "à" is no verb "a"
    qualifiers: tuple[str, ...]
    conjunction: str  # "et"
    coordinators: tuple[str, ...]  # besides the conjunction
    list_words: tuple[str, ...]  # besides the conjunction
    abbreviations: tuple[str, ...]  # as written: a period after them ends no sentence
    complement_before_noun: bool  # "Trump's son-in-law", "Kremlin aide" (claims/premodified.py)
    openers: tuple[tuple[str, ...], ...]  # words opening a title after a name as a comma does ("as")
    inclusions: tuple[tuple[str, ...], ...]  # between a plural title and one it names ("including")
    led_verbs: frozenset[str]  # "led the Ukrainian delegation": verbs of leading a group
    led_groups: dict[str, str]  # folded group noun -> the title noun its leader holds

    @property
    def bare_genitives(self) -> tuple[str, ...]:
        """ "de" itself, contracted or elided, without an article: "du", "des", "de", "d'"."""
        return tuple(g for g in self.genitives if " " not in g)


def _nationalities(data: dict[str, Any]) -> dict[str, tuple[str | None, str]]:
    """Folded form -> (country or None, English adjective)."""
    return {
        fold(form): (entry.get("country", country), entry["adjective"])
        for country, entry in data.items()
        for form in entry["forms"]
    }


def _titles(data: dict[str, Any]) -> TitleRules:
    nationalities = _nationalities(data["nationalities"])
    return TitleRules(
        affiliations=_folded(data["affiliations"]),
        person_roles=frozenset(data["person_roles"]),
        split_roles=frozenset(data["split_roles"]),
        head_roles=frozenset(data["head_roles"]),
        national_titles=frozenset(data["national_titles"]),
        pre_adjectives=_folded(data["pre_adjectives"]),
        not_yet=_folded(data["not_yet"]),
        honorifics=_folded(data["honorifics"]),
        complement_stops=_folded(data["complement_stops"]),
        ministries=dict(data["ministries"]),
        adjectives={form: adjective for form, (_, adjective) in nationalities.items()},
        countries={adjective: country for country, adjective in nationalities.values() if country},
        city_adjectives={fold(k): v for k, v in data["city_adjectives"].items()},
        templates=tuple((fold(t["fr"]), t["en"]) for t in data["templates"]),
        descriptors=_folded(data["descriptors"]),
        site_countries=dict(data["site_countries"]),
        articles=_in_order(data["articles"]),
        possessives=_in_order(data["possessives"]),
        genitives=_in_order(data["genitives"]),
        at=_in_order(data["affiliation_prepositions"]),
        at_written=tuple(data["affiliation_prepositions"]),
        qualifiers=_in_order(data["qualifiers"]),
        conjunction=fold(data["conjunction"]),
        coordinators=_in_order(data["coordinators"]),
        list_words=_in_order(data["list_words"]),
        abbreviations=tuple(data["abbreviations"]),
        complement_before_noun=bool(data.get("complement_before_noun", False)),
        openers=tuple(tuple(fold(w).split()) for w in data.get("title_openers", [])),
        inclusions=tuple(tuple(fold(w).split()) for w in data.get("title_inclusions", [])),
        led_verbs=_folded(data.get("led_verbs", [])),
        led_groups={fold(k): v for k, v in data.get("led_groups", {}).items()},
    )


def _side_names(sides: dict[str, Any], nations: dict[str, Any]) -> dict[str, str]:
    """Every form of a country (its name and adjective from ``nations``, its capital) -> the name of
    its side at talks."""
    named = sides.get("named", {})
    forms = {fold(form): named[entry["country"]] for form, entry in nations.items() if entry["country"] in named}
    capitals = {fold(city): named[country] for city, country in sides.get("capitals", {}).items()}
    return {**forms, **capitals}


def _in_order(words: list[str]) -> tuple[str, ...]:
    """Folded words in the data's order, for patterns that try them in turn."""
    return tuple(fold(w) for w in words)


def _merged(*tables: dict[str, str]) -> dict[str, str]:
    """Folded keys of several tables; a key two tables give different values is a data error."""
    merged: dict[str, str] = {}
    for table in tables:
        for key, value in table.items():
            folded = fold(key)
            if merged.get(folded, value) != value:
                raise ValueError(f"{key!r}: {merged[folded]!r} or {value!r}")
            merged[folded] = value
    return merged


def claim_languages() -> tuple[str, ...]:
    """The languages with claim rules (a ``claims.yaml``)."""
    return tuple(code for code in languages() if load(code, "claims") is not None)


@cache
def rules(language: str | None = "fr") -> ClaimRules:
    """One language's claim rules; French for a text of no known language."""
    language = language if language in claim_languages() else "fr"
    data = load(language, "claims")
    titles = load(language, "titles")
    nations = {fold(k): (v["country"], v["head"]) for k, v in data["nations"].items()}
    others = _nationalities(titles["nationalities"])
    control, meeting, stance, parties = data["control"], data["meeting"], data["stance"], data["parties"]
    return ClaimRules(
        language=language,
        control_triggers=_with_forms({fold(k): v for k, v in control["triggers"].items()}, language),
        control_idioms=_folded(control.get("idioms", [])),
        control_expletives=_folded(control.get("expletives", [])),
        control_spans=_folded(control.get("spans", [])),
        aspectual=_folded(control.get("aspectual", [])),
        control_yielding=_folded(control.get("yielding", [])),
        indefinite=_folded(control.get("indefinite", [])),
        control_states=_folded(control.get("states", [])),
        control_aims=_folded(control.get("aims", [])),
        control_topics=_folded(control.get("topics", [])),
        control_repelled=_folded(control.get("repelled", [])),
        control_origins=_folded(control.get("origins", [])),
        partial=_folded(control["partial"]),
        no_part=_folded(control["no_part"]),
        list_gap=re.compile(control["list_gap"]),
        ellipsis_gap=re.compile(control["ellipsis_gap"]),
        ongoing=_folded(control.get("ongoing", ())),
        contested=_folded(control["contested"]),
        place_anaphors=_folded(control["anaphors"]),
        region_words=_folded(control["regions"]),
        landmark=re.compile(control["landmark"]),
        landmark_end=re.compile(control["landmark_end"]),
        taker_markers=_folded(control["taker_markers"]),
        settlements=_folded(control["settlements"]),
        articled_cases=_folded(control["articled_cases"]),
        theatres={k: (v["defender"], v["attacker"]) for k, v in control["theatres"].items()},
        actors={fold(w): actor for actor, words in data["actors"].items() for w in words},
        actor_names={fold(w): actor for actor, words in data["actor_names"].items() for w in words},
        latter=_folded(data.get("latter", ())),
        meeting_triggers=frozenset(_with_forms({fold(w): w for w in meeting["triggers"]}, language)),
        planned=_folded(meeting["planned"]),
        wishes=_folded(meeting.get("wishes", [])),
        senders=_folded(meeting.get("senders", [])),
        between=_folded(meeting.get("between", [])),
        sequence=_folded(meeting.get("sequence", [])),
        arrivals_after=_folded(meeting.get("arrivals", {}).get("after", [])),
        arrivals=_folded(meeting.get("arrivals", {}).get("words", [])),
        pronouns=_folded(meeting.get("pronouns", ())),
        side_groups=_folded(meeting.get("sides", {}).get("groups", [])),
        side_names=_side_names(meeting.get("sides", {}), data["nations"]),
        outcomes=_folded(meeting["outcome"]),
        venues={fold(k): v for k, v in meeting["venues"].items()},
        relations={fold(k): v for k, v in data["relations"].items()},
        roles=_merged(data["roles"], titles["roles"]),
        institutions={fold(k): v for k, v in data["institutions"].items()},
        head_of_state_roles=frozenset(data["head_of_state_roles"]),
        former=_folded(data["former"]),
        then=_folded(data.get("then", [])),
        former_names=tuple(data.get("former_names", ())),
        nations={**{k: (country, "") for k, (country, _) in others.items() if country}, **nations},
        organisations=_merged(data["organisations"], titles["organisations"]),
        ministers=_folded(data["ministers"]),
        portfolios=_merged(data["portfolios"], titles["portfolios"]),
        national_roles=frozenset(data["national_roles"]),
        country_words=_folded(data["country_words"]),
        clause_words=_folded(data["clause_words"]),
        negators=_folded(stance["negators"]),
        negation_pairs=(_folded(stance.get("negation_opens", [])), _folded(stance.get("negation_closes", []))),
        wholly=_folded(stance["wholly"]),
        own_side=_folded(stance["own_side"]),
        own_side_reported=_folded(stance["own_side_reported"]),
        locatives=_folded(meeting["locatives"]),
        genitives=_folded(meeting["genitives"]),
        denial_words=_folded(stance["denial_words"]),
        hedges=_folded(stance["hedges"]),
        anaphoric_contents=_folded(stance["anaphoric_contents"]),
        claim_nouns=_folded(stance.get("claim_nouns", [])),
        claim_marks=_folded(stance.get("claim_marks", [])),
        claimant_preps=_folded(stance.get("claimant_preps", [])),
        unverified=_folded(stance.get("unverified", ())),
        writer_hedges=_folded(stance.get("writer_hedges", ())),
        according_to_hedges=_folded(stance.get("according_to_hedges", ())),
        conditions=_folded(stance.get("conditions", ())),
        suppositions=_folded(stance.get("suppositions", ())),
        not_supposing=_folded(stance.get("suppositions_not_after", ())),
        conditional_auxiliaries=_folded(stance.get("conditional_auxiliaries", ())),
        party_names=dict(parties["names"]),
        observers=_folded(parties["observers"]),
        party_words={fold(w): party for party, words in parties["words"].items() for w in words},
        heads=frozenset(data["heads"]),
        titles=_titles(titles),
        regions_follow=bool(control.get("regions_follow", False)),
        agent_deps=frozenset(data["agent_deps"]),
        owner_deps=frozenset(data.get("owner_deps", ())),
        national_nouns={fold(k): fold(v) for k, v in data.get("national_nouns", {}).items()},
        possessive_marks=frozenset(titles.get("possessive_marks", ())),
    )
