"""relation(person, relation, person) and role(person, role, of) from appositions.

"le gendre de Donald Trump, Jared Kushner" and "Iouri Ouchakov, conseiller diplomatique du
Kremlin" describe people in the writer's own voice: the claims belong to the narration. What a
title is "of" is named in English by the document context, as the gold and the English press name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from claimscope.claims.complement import (
    Title,
    complement_of,
    head_country,
    is_person,
    known_office,
    national,
    portfolio,
)
from claimscope.claims.context import DocumentContext
from claimscope.claims.rules import either, opening, rules
from claimscope.records import Attribution, Claim, ClaimType, EntityMention, Source, Span, SpeakerType, Stance
from claimscope.text import fold, fold_chars

ACRONYM = r"(?:\s*\((?P<acronym>[^()]{1,20})\))?"  # "de l'Assistance publique-Hôpitaux de Paris (AP-HP)"
FORMER_WINDOW = 12  # characters before the title where "ancien", "ex-" would stand
STOP = r"(?=\s*(?:[,;.)\]]|$)|\s*[\-–](?:\s|$))"  # a dash before a space, not "Saint-Léonard"


@dataclass(frozen=True)
class _Words:
    """The function words of lang/fr/titles.yaml as the patterns of appositions use them (folded)."""

    article: str  # an optional article or possessive: "le", "son" …
    of: str  # "de la", "du", "d'" …
    at: str  # "à la", "au", "chez" …: an affiliation ("chercheuse à l'université")
    qualifier: str  # "diplomatique", "en chef" … after the noun
    at_written: tuple[str, ...]  # how a preposition of affiliation starts, as written
    linked: re.Pattern[str]  # a complement that is a list: "et", "ou", "avec"
    coordination: re.Pattern[str]  # between two names: ", et", "ainsi que"
    split: re.Pattern[str]  # between two areas: "de Gironde et de Nouvelle-Aquitaine"
    apposed: re.Pattern[str]  # "Raymond Paulet, président du …": his title
    coordinated_noun: re.Pattern[str]  # "le gendre et conseiller": a noun before "et"


@cache
def _words(language: str) -> _Words:
    titles = rules(language).titles
    joined, linking = (
        either((titles.conjunction, *titles.coordinators)),
        either((titles.conjunction, *titles.list_words)),
    )
    of = opening(titles.genitives)
    return _Words(
        article=opening(titles.articles + titles.possessives) + "?",
        of=of,
        at=opening(titles.at),
        qualifier=rf"(?: {either(titles.qualifiers)})*",
        at_written=tuple(w if w.endswith("'") else f"{w} " for w in titles.at_written),
        linked=re.compile(rf"(?:^|\s){linking}(?:\s|$)"),
        coordination=re.compile(rf"\s*,?\s*{joined}\s*"),
        split=re.compile(rf"\s*,?\s+{joined}\s+{of}?"),
        apposed=re.compile(rf"\s*,\s*{opening(titles.articles)}?"),
        coordinated_noun=re.compile(rf"(?:^|\s)(?P<noun>[\w'-]+) {re.escape(titles.conjunction)} $"),
    )


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Appositions before the name and after it, with "de X", a nationality, or bare
    ("l'envoyé spécial Steve Witkoff": the title in its knowledge-base sense)."""
    data, words = rules(language), _words(language)
    nouns = "|".join(re.escape(n) for n in sorted(data.title_nouns, key=len, reverse=True))
    nations = "|".join(re.escape(n) for n in sorted(data.nations, key=len, reverse=True))
    adjectives = "|".join(re.escape(n) for n in sorted(data.titles.pre_adjectives, key=len, reverse=True))
    head = rf"(?:(?:{adjectives}) )?(?P<noun>{nouns}){words.qualifier}"
    tail = rf"(?:(?: (?P<nation>{nations}))?{_complement(60, language)})"
    before = re.compile(rf"(?:^|[\s,(\-–]){words.article}{head}{tail}?\s*[,\-–]?\s*$")
    tail_to_punctuation = rf"(?:(?: (?P<nation>{nations}))?{_complement(110, language)})"
    after = re.compile(rf"^\s*[,\-–(\[]\s*{words.article}{head}{tail_to_punctuation}?{STOP}")
    return before, after


def _complement(longest: int, language: str) -> str:
    """ "de X" or, for an affiliation, "à X", with an acronym in brackets after it."""
    words = _words(language)
    return rf"(?: (?P<prep>{words.of}|{words.at})(?P<of>[^,;()]{{2,{longest}}}?){ACRONYM})?"


def read_relations(sentence: Span, ctx: DocumentContext, narrator: Source) -> list[Claim]:
    text = ctx.document.text
    before, after = _patterns(ctx.rules.language)
    found: list[Claim] = []
    plural: dict[int, list[Claim]] = {}  # entity index -> claims of a plural apposition
    people = [e for e in ctx.entities_in(ctx.words_in(sentence), "PER") if ctx.is_person(e)]
    for index, entity in enumerate(people):
        known = ctx.kb.person(entity.name)
        name = known.name if known else _without_honorific(entity.name, ctx)
        left_start = max(sentence.start, entity.span.start - 90)
        left = fold_chars(text[left_start : entity.span.start])
        right = fold_chars(text[entity.span.end : min(sentence.end, entity.span.end + 120)])
        for match, bounds in (
            (m := before.search(left), (left_start + m.start("noun"), entity.span.end) if m else None),
            (m := after.search(right), (entity.span.start, entity.span.end + m.end()) if m else None),
        ):
            if match is None or bounds is None or _names_two(Span(*bounds), entity.span, people):
                continue
            if former_title(text[max(0, bounds[0] - FORMER_WINDOW) : bounds[1]], ctx):
                continue  # "l'ancien ministre de la Défense": no claim about the present
            is_before = match.re is before
            if is_before and index and _apposed_to(people[index - 1], left_start + match.start("noun"), text, ctx):
                continue  # "Raymond Paulet, président du conseil de quartier Franscico Ferrer"
            # a noun coordinated before ("le gendre et conseiller du président, X") has its own
            # evidence, from that noun on
            nouns = [(match["noun"], bounds[0])]
            nouns += [
                (n, left_start + at)
                for n, at in _coordinated_noun(left[: match.start("noun")] if is_before else "", ctx)
            ]
            base = left_start if is_before else entity.span.end
            for noun, start in nouns:
                evidence = Span(start, bounds[1])
                for claim in title_claims(name, _title(noun, match, base, text, ctx), evidence, ctx, narrator):
                    claim.sentence = sentence
                    found.append(claim)
                    if plural_title(match["noun"], ctx):
                        plural.setdefault(index, []).append(claim)
    found.extend(shared_by_coordination(people, plural, text, ctx))
    return found


def read_described(attributions: list[Attribution], ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """A speaker described by a title that speaker resolution tied to a person ("a dit le
    gouverneur de la Banque de France" after "a déclaré François Villeroy de Galhau"): the title
    is that person's role, in the writer's words."""
    before, _ = _patterns(ctx.rules.language)
    text = ctx.document.text
    found = []
    for attribution in attributions:
        mention = attribution.speaker
        if (
            mention is None
            or mention.form != "noun"
            or mention.proper_name
            or mention.type is not SpeakerType.PERSON
            or not (mention.name or "")[:1].isupper()
        ):
            continue
        span = mention.span
        match = before.search(fold_chars(text[span.start : span.end]))
        if match is None or former_title(text[max(0, span.start - FORMER_WINDOW) : span.end], ctx):
            continue
        evidence = Span(span.start + match.start("noun"), span.end)
        title = _title(match["noun"], match, span.start, text, ctx)
        for claim in title_claims(mention.name or "", title, evidence, ctx, narrator):
            claim.sentence = span
            found.append(claim)
    return found


def _title(noun: str, match: re.Match[str], base: int, text: str, ctx: DocumentContext) -> Title:
    """The title of a match (on folded text) with its complement as the text writes it; after the
    name, the complement ends at a word that starts a time, a place of speech or a clause."""
    named, written, clause = match["of"], "", False
    if named is not None:
        written = text[base + match.start("of") : base + match.end("of")]
        cut, clause = _complement_end(named, written, ctx)
        if not _is_before(match, ctx) or not clause:  # after the name, read up to the punctuation
            named, written, clause = named[:cut], written[:cut], False
        written = written.strip(" ,")
    prep = text[base + match.start("prep") : base + match.end("prep")] if match["prep"] else ""
    at = prep.lower().startswith(_words(ctx.rules.language).at_written)
    if prep[:1] == "a" and not at:  # the verb "a", not "à": "conseiller présidentiel a souligné"
        clause = True
    return Title(noun, match["nation"], named, written, at, match["acronym"], _is_before(match, ctx), clause)


def _is_before(match: re.Match[str], ctx: DocumentContext) -> bool:
    return match.re is _patterns(ctx.rules.language)[0]


def _complement_end(named: str, written: str, ctx: DocumentContext) -> tuple[int, bool]:
    """Where a complement stops being a name, and whether at a verb: "de Benjamin Mendy a pris
    la parole" ("a", not "à": "l'Université du Texas à Austin"), "de la FNSEA ce mardi"."""
    offset, at_written = 0, ctx.rules.titles.at_written
    for word in named.split(" "):
        verb = word in ctx.rules.clause_words and written[offset : offset + len(word)].lower() not in at_written
        if verb or (word in ctx.rules.titles.complement_stops and offset):
            return max(0, offset - 1), verb
        offset += len(word) + 1
    return len(named), False


def _apposed_to(previous: EntityMention, title_start: int, text: str, ctx: DocumentContext) -> bool:
    """Whether a title before a name stands right after another person and a comma: it is that
    person's apposition, and the name after it is part of its complement."""
    between = fold_chars(text[previous.span.end : title_start]) if previous.span.end <= title_start else ""
    return _words(ctx.rules.language).apposed.fullmatch(between) is not None


def _without_honorific(name: str, ctx: DocumentContext) -> str:
    """ "Me Sylvie Topaloff" is Sylvie Topaloff."""
    first, _, rest = name.partition(" ")
    return rest if fold(first) in ctx.rules.titles.honorifics and len(rest.split()) >= 2 else name


def _coordinated_noun(before: str, ctx: DocumentContext) -> list[tuple[str, int]]:
    """ "le gendre et conseiller du président, X": the first noun shares the complement; with
    where it is written in ``before``."""
    match = _words(ctx.rules.language).coordinated_noun.search(before)
    if match and match["noun"] in ctx.rules.title_nouns:
        return [(match["noun"], match.start("noun"))]
    return []


def plural_title(noun: str, ctx: DocumentContext) -> bool:
    """ "les émissaires de X", "deux représentants de X": a title two coordinated names share."""
    return noun.endswith(("s", "x")) and noun[:-1] in ctx.rules.title_nouns


def shared_by_coordination(
    people: list[EntityMention], plural: dict[int, list[Claim]], text: str, ctx: DocumentContext
) -> list[Claim]:
    """ "Steve Witkoff et Jared Kushner, les émissaires de Donald Trump" (and the title before
    the pair): the plural apposition found for one name holds for the name coordinated with it."""
    shared = []
    for index, claims in plural.items():
        for other in (index - 1, index + 1):
            if not 0 <= other < len(people) or other in plural:
                continue
            a, b = sorted((people[index].span, people[other].span), key=lambda span: span.start)
            if not _words(ctx.rules.language).coordination.fullmatch(fold(text[a.end : b.start])):
                continue
            name = people[other].name
            for claim in claims:
                args = {**claim.args, "person": name}
                if args["object"] == name:
                    continue
                span = Span(min(claim.span.start, a.start), max(claim.span.end, b.end))
                shared.append(
                    replace(
                        claim,
                        key=f"{claim.type.value}|{name}|{args['relation']}|{args['object']}",
                        args=args,
                        span=span,
                        evidence=text[span.start : span.end],
                    )
                )
    return shared


def former_title(phrase: str, ctx: DocumentContext) -> bool:
    """ "l'ancien ministre", "le futur Premier ministre": a title not held on the day."""
    words = fold(phrase).replace("'", " ").replace("-", " ").split()
    return any(word in ctx.rules.former or word in ctx.rules.titles.not_yet for word in words)


def _names_two(apposition: Span, subject: Span, people: list[EntityMention]) -> bool:
    """ "Steve Witkoff, le gendre de Donald Trump Jared Kushner": the phrase after Witkoff names
    two more known people, so it describes the next one, not him."""
    inside = [p for p in people if p.span.start >= apposition.start and p.span.end <= apposition.end]
    return len([p for p in inside if p.span != subject]) > 1


def title_claims(person: str, title: Title, evidence: Span, ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """The claims of one title: one per area of "la préfète de Gironde et de Nouvelle-Aquitaine"."""
    relation = ctx.rules.relations.get(title.noun) or ctx.rules.roles[title.noun]
    titles = [title]
    if (
        title.named
        and relation in ctx.rules.titles.split_roles
        and _words(ctx.rules.language).linked.search(title.named)
    ):
        titles = [replace(title, named=named, written=written, before=False) for named, written in _areas(title, ctx)]
    found = [_claim(person, t, evidence, ctx, narrator) for t in titles]
    return [claim for claim in found if claim is not None]


def _areas(title: Title, ctx: DocumentContext) -> list[tuple[str, str]]:
    """The coordinated complements of a title, folded and as written."""
    named, cuts, start = title.named or "", [], 0
    for match in _words(ctx.rules.language).split.finditer(named):
        cuts.append((start, match.start()))
        start = match.end()
    cuts.append((start, len(named)))
    return [(named[a:b], title.written[a:b]) for a, b in cuts if b > a]


def _no_country(named: str, ctx: DocumentContext) -> bool:
    """ "de la République": the title's own country, unnamed."""
    return named.strip() in ctx.rules.country_words


def _claim(person: str, title: Title, evidence: Span, ctx: DocumentContext, narrator: Source) -> Claim | None:
    noun, nation, named = title.noun, title.nation, title.named
    is_relation = noun in ctx.rules.relations
    relation = ctx.rules.relations[noun] if is_relation else ctx.rules.roles[noun]
    if named is not None and (title.clause or not named or named[:1].isdigit()):
        return None  # "président de la Chambre était le représentant de …", "dirigeant de 32 ans"
    if title.before and named and _words(ctx.rules.language).linked.search(named) and noun not in ctx.rules.ministers:
        return None  # "l'émissaire de Donald Trump et Vladimir Poutine": a list, not an apposition
    if title.at and noun not in ctx.rules.titles.affiliations:
        return None  # "candidat à la présidentielle": not an institution
    field = portfolio(named, ctx) if noun in ctx.rules.ministers else None
    if field:  # "la ministre (française) de la Culture"
        relation, of = f"{field} minister of", ctx.rules.nations[nation][0] if nation else ctx.country()
    elif relation in ctx.rules.titles.head_roles and not nation and (not named or _no_country(named, ctx)):
        of = head_country(person, ctx)  # "le président Macky Sall", "le président de la République": no country
    elif (relation in ctx.rules.national_roles and not nation and not named) or (named and _no_country(named, ctx)):
        of = ctx.country()  # "le Premier ministre Gabriel Attal"
    elif nation and not named:  # "le président sénégalais"; "la paléontologue polonaise" is no role
        of = national(relation, nation, ctx) if relation in ctx.rules.titles.national_titles else None
    elif named:
        of = complement_of(person, relation, title, ctx)
    else:
        of = None if is_relation else known_office(person, relation, ctx)
    needs_person = is_relation or relation in ctx.rules.titles.person_roles
    if of is None or of == person or (needs_person and not (ctx.kb.person(of) or is_person(of, ctx))):
        return None
    kind = ClaimType.RELATION if is_relation else ClaimType.ROLE
    return Claim(
        type=kind,
        key=f"{kind.value}|{person}|{relation}|{of}",
        args={"person": person, "relation": relation, "object": of},
        stance=Stance.ASSERTS,
        source=narrator,
        span=evidence,
        evidence=ctx.document.text[evidence.start : evidence.end],
        date=ctx.document.published,
    )
