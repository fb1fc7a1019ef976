"""relation(person, relation, person) and role(person, role, of) from appositions.

"le gendre de Donald Trump, Jared Kushner" and "Iouri Ouchakov, conseiller diplomatique du
Kremlin" describe people in the writer's own voice: the claims belong to the narration.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import cache

from claimscope.claims.context import DocumentContext
from claimscope.claims.rules import rules
from claimscope.records import Attribution, Claim, ClaimType, EntityMention, Source, Span, SpeakerType, Stance
from claimscope.text import fold, fold_chars

ARTICLE = r"(?:le |la |l'|les |son |sa |ses |leur )?"
OF = r"(?:de la |de l'|du |des |de |d')"
QUALIFIER = r"(?: (?:diplomatique|special|speciale|en chef|personnel|principal|presidentiel|general))*"
LINKED = re.compile(r"(?:^|\s)(?:et|ou|avec)(?:\s|$)")
FORMER_WINDOW = 12  # characters before the title where "ancien", "ex-" would stand
STOP = r"(?=\s*(?:[,;.)\]\-–]|$))"
COORDINATION = re.compile(r"\s*,?\s*(?:et|ainsi que)\s*")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Appositions before the name and after it, with "de X", a nationality, or bare
    ("l'envoyé spécial Steve Witkoff": the title in its knowledge-base sense)."""
    data = rules()
    nouns = "|".join(re.escape(n) for n in sorted(data.title_nouns, key=len, reverse=True))
    nations = "|".join(re.escape(n) for n in sorted(data.nations, key=len, reverse=True))
    head = rf"(?P<noun>{nouns}){QUALIFIER}"
    tail = rf"(?:(?: (?P<nation>{nations}))?(?: {OF}(?P<of>[^,;()]{{2,60}}?))?)"
    before = re.compile(rf"(?:^|[\s,(\-–]){ARTICLE}{head}{tail}?\s*[,\-–]?\s*$")
    tail_to_punctuation = rf"(?:(?: (?P<nation>{nations}))?(?: {OF}(?P<of>[^,;()]{{2,80}}?))?)"
    after = re.compile(rf"^\s*[,\-–(\[]\s*{ARTICLE}{head}{tail_to_punctuation}?{STOP}")
    return before, after


def read_relations(sentence: Span, ctx: DocumentContext, narrator: Source) -> list[Claim]:
    text = ctx.document.text
    before, after = _patterns()
    found: list[Claim] = []
    plural: dict[int, list[Claim]] = {}  # entity index -> claims of a plural apposition
    people = [e for e in ctx.entities_in(ctx.words_in(sentence), "PER") if ctx.is_person(e)]
    for index, entity in enumerate(people):
        known = ctx.kb.person(entity.name)
        name = known.name if known else entity.name
        left_start = max(sentence.start, entity.span.start - 90)
        left = fold_chars(text[left_start : entity.span.start])
        right = fold_chars(text[entity.span.end : min(sentence.end, entity.span.end + 90)])
        for match, bounds in (
            (m := before.search(left), (left_start + m.start("noun"), entity.span.end) if m else None),
            (m := after.search(right), (entity.span.start, entity.span.end + m.end()) if m else None),
        ):
            if match is None or bounds is None or _names_two(Span(*bounds), entity.span, people):
                continue
            if _former(text[max(0, bounds[0] - FORMER_WINDOW) : bounds[1]], ctx):
                continue  # "l'ancien ministre de la Défense": no claim about the present
            nouns = [match["noun"], *_coordinated_noun(left[: match.start("noun")] if match.re is before else "", ctx)]
            written = _written_of(match, left_start if match.re is before else entity.span.end, text)
            for noun in nouns:
                claim = _claim(name, noun, match, written, Span(*bounds), ctx, narrator)
                if claim is not None:
                    claim.sentence = sentence
                    found.append(claim)
                    if _is_plural(match["noun"], ctx):
                        plural.setdefault(index, []).append(claim)
    found.extend(_shared_by_coordination(people, plural, text))
    return found


def read_described(attributions: list[Attribution], ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """A speaker described by a title that speaker resolution tied to a person ("a dit le
    gouverneur de la Banque de France" after "a déclaré François Villeroy de Galhau"): the title
    is that person's role, in the writer's words."""
    before, _ = _patterns()
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
        if match is None or _former(text[max(0, span.start - FORMER_WINDOW) : span.end], ctx):
            continue
        written = _written_of(match, span.start, text)
        evidence = Span(span.start + match.start("noun"), span.end)
        claim = _claim(mention.name or "", match["noun"], match, written, evidence, ctx, narrator)
        if claim is not None:
            claim.sentence = span
            found.append(claim)
    return found


def _written_of(match: re.Match[str], base: int, text: str) -> str:
    """The "de X" of an apposition as the text writes it (the match runs on folded text)."""
    if match["of"] is None:
        return ""
    return text[base + match.start("of") : base + match.end("of")].strip(" ,")


def _coordinated_noun(before: str, ctx: DocumentContext) -> list[str]:
    """ "le gendre et conseiller du président, X": the first noun shares the complement."""
    match = re.search(r"(?:^|\s)(?P<noun>[\w'-]+) et $", before)
    if match and match["noun"] in ctx.rules.title_nouns:
        return [match["noun"]]
    return []


def _is_plural(noun: str, ctx: DocumentContext) -> bool:
    """ "les émissaires de X", "deux représentants de X": a title two coordinated names share."""
    return noun.endswith(("s", "x")) and noun[:-1] in ctx.rules.title_nouns


def _shared_by_coordination(people: list[EntityMention], plural: dict[int, list[Claim]], text: str) -> list[Claim]:
    """ "Steve Witkoff et Jared Kushner, les émissaires de Donald Trump" (and the title before
    the pair): the plural apposition found for one name holds for the name coordinated with it."""
    shared = []
    for index, claims in plural.items():
        for other in (index - 1, index + 1):
            if not 0 <= other < len(people) or other in plural:
                continue
            a, b = sorted((people[index].span, people[other].span), key=lambda span: span.start)
            if not COORDINATION.fullmatch(fold(text[a.end : b.start])):
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


def _former(phrase: str, ctx: DocumentContext) -> bool:
    words = fold(phrase).replace("'", " ").replace("-", " ").split()
    return any(word in ctx.rules.former for word in words)


def _names_two(apposition: Span, subject: Span, people: list[EntityMention]) -> bool:
    """ "Steve Witkoff, le gendre de Donald Trump Jared Kushner": the phrase after Witkoff names
    two more known people, so it describes the next one, not him."""
    inside = [p for p in people if p.span.start >= apposition.start and p.span.end <= apposition.end]
    return len([p for p in inside if p.span != subject]) > 1


def _claim(
    person: str, noun: str, match: re.Match[str], written: str, evidence: Span, ctx: DocumentContext, narrator: Source
) -> Claim | None:
    is_relation = noun in ctx.rules.relations
    relation = ctx.rules.relations[noun] if is_relation else ctx.rules.roles[noun]
    nation, named = match["nation"], match["of"]
    if named and set(named.split()) & ctx.rules.clause_words:
        return None  # "président de la Chambre était le représentant de …": a clause, not a name
    if named and match.re is _patterns()[0] and LINKED.search(named) and noun not in ctx.rules.ministers:
        return None  # "l'émissaire de Donald Trump et Vladimir Poutine": a list, not an apposition
    portfolio = _portfolio(named, ctx) if noun in ctx.rules.ministers else None
    if portfolio:  # "la ministre (française) de la Culture"
        relation, of = f"{portfolio} minister of", ctx.rules.nations[nation][0] if nation else ctx.home
    elif (relation in ctx.rules.national_roles and not nation) or (named and named.strip() in ctx.rules.country_words):
        of = ctx.home  # "le Premier ministre Gabriel Attal", "le président de la République"
    elif nation and not named:
        of = _national(relation, nation, ctx)
    elif named:  # "chef d'état-major des armées": unresolved, the title keeps its known sense
        of = _holder(named, relation, ctx) or (None if is_relation else _known_office(person, relation, ctx))
        if of is None and not ctx.kb.person(person):
            of = _named_in(written, ctx) or (None if is_relation else written or None)  # "de la FNSEA"
    else:
        of = None if is_relation else _known_office(person, relation, ctx)
    if of is None or of == person or (is_relation and not (ctx.kb.person(of) or _is_person(of, ctx))):
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


def _portfolio(named: str | None, ctx: DocumentContext) -> str | None:
    """ "de l'Économie", "de la Santé et de la Prévention": the portfolio first named."""
    if not named:
        return None
    words = named.strip()
    found = [k for k in ctx.rules.portfolios if words == k or words.startswith(k + " ")]
    return ctx.rules.portfolios[max(found, key=len)] if found else None


def _named_in(written: str, ctx: DocumentContext) -> str | None:
    """A person the document names inside "de X" ("l'avocat de Dominique Pelicot")."""
    for entity in _people(ctx):
        if entity.text in written and len(entity.name.split()) >= 2:
            return entity.name
    return None


def _is_person(name: str, ctx: DocumentContext) -> bool:
    return any(entity.name == name for entity in _people(ctx))


def _people(ctx: DocumentContext) -> list[EntityMention]:
    return ctx.by_label["PER"][1] if "PER" in ctx.by_label else []


def _known_office(person: str, relation: str, ctx: DocumentContext) -> str | None:
    """A bare title ("le porte-parole Dmitri Peskov") means the office the knowledge base knows:
    held on the day, else the latest held (an outdated title is then flagged)."""
    facts = (
        ctx.kb.facts_about(person, relation, ctx.document.published)
        or sorted(ctx.kb.facts_about(person, relation), key=lambda f: f.start or date.min)[-1:]
    )
    return facts[0].object if facts else None


def _national(relation: str, adjective: str, ctx: DocumentContext) -> str | None:
    """ "l'émissaire américain" serves the US president; "le négociateur ukrainien" Ukraine."""
    country, head = ctx.rules.nations[adjective]
    if relation in ctx.rules.head_of_state_roles:
        return ctx.kb.holder_of(head, ctx.document.published)
    return country


def _holder(of: str, relation: str, ctx: DocumentContext) -> str | None:
    """What "de X" points to: a name in X, an institution's head, a role's holder, a known
    organisation, or a country named by an adjective in X ("des forces armées russes")."""
    words = of.split()
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            person = ctx.kb.person(" ".join(words[i : i + size]))
            if person:
                return person.name
    institution = next((v for k, v in ctx.rules.institutions.items() if of.strip().startswith(k)), None)
    when = ctx.document.published
    if institution:
        return ctx.kb.holder_of(institution, when)
    holder = ctx.kb.role_holder(of, when)
    if holder:
        return holder[0]
    for name, organisation in ctx.rules.organisations.items():
        if of.strip().startswith(name):
            return organisation
    for word in of.split():
        if word in ctx.rules.nations:
            return _national(relation, word, ctx)
    return None
