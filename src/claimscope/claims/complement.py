"""What a title is "of": the person, institution, office, country or organisation its
complement names ("conseiller diplomatique du Kremlin", "la ministre de la Culture", "le président
sénégalais"), named in English as the gold and the English press name it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from claimscope.claims.context import DocumentContext, leading_article, organisation
from claimscope.claims.rules import either, longest_key, opening, rules
from claimscope.records import EntityMention
from claimscope.text import fold


@dataclass(frozen=True)
class _Words:
    """The function words of lang/fr/titles.yaml as complements are read with them (folded)."""

    genitive_end: re.Pattern[str]  # a phrase ending with "de", "du", "d'" …: another noun's complement follows
    coordinated: re.Pattern[str]  # "et" before another title, not "et de la Prévention"
    written_article: re.Pattern[str]  # the same as written, with either apostrophe


@cache
def _words(language: str) -> _Words:
    titles = rules(language).titles
    bare = titles.bare_genitives
    elided = tuple(a for a in titles.articles if a.endswith("'"))
    curly = tuple(a.replace("'", "’") for a in elided)
    glued = [g for g in bare if g.endswith("'")]  # "d'" right after a word (none in English)
    return _Words(
        genitive_end=re.compile(rf"(?:^|\s){either(bare)}\s*$" + (rf"|{either(glued)}$" if glued else "")),
        coordinated=re.compile(rf" {re.escape(titles.conjunction)} (?!{opening(bare + titles.articles)})"),
        written_article=re.compile(rf"^{opening(titles.articles + curly)}"),
    )


@dataclass(frozen=True)
class Title:
    """A title read in an apposition: its noun, a nationality, and what it is "of" (folded and as
    written), with the preposition's kind."""

    noun: str
    nation: str | None
    named: str | None
    written: str
    at: bool  # "à"/"chez" an institution rather than "de"
    acronym: str | None
    before: bool  # the title stands before the name
    clause: bool = False  # a verb in the complement: what it is "of" is no name


def complement_of(person: str, relation: str, title: Title, ctx: DocumentContext) -> str | None:
    """What "de X" names: someone, an institution, an organisation in English; failing that the
    office the knowledge base knows ("chef d'état-major des armées" keeps its known sense), a
    person named in X, or X as written. An affiliation ("chercheuse à …") must name an
    institution: "historien de l'art" is no role."""
    named, written = title.named or "", title.written
    is_relation = title.noun in ctx.rules.relations
    coordinated = _words(ctx.rules.language).coordinated.search(named)
    if coordinated and written[coordinated.end() : coordinated.end() + 1].islower():
        named, written = named[: coordinated.start()], written[: coordinated.start()]  # "et coauteur de l'étude"
    of = _holder(named, written, relation, ctx)
    if of is None and coordinated:  # the whole complement, when the cut one names nothing
        of = _holder(title.named or "", title.written, relation, ctx)
    if of is None and title.acronym:
        of = organisation(fold(title.acronym), ctx.rules)
    if title.noun in ctx.rules.titles.affiliations:
        of = of or (ctx.affiliation_of(title.written) if title.at else None)
        name = _words(ctx.rules.language).written_article.sub("", written)
        return of or (name if title.at and name[:1].isupper() else None)
    if of is None:
        of = None if is_relation else known_office(person, relation, ctx)
    if of is None and not ctx.kb.person(person):
        of = _named_in(written, ctx) or (None if is_relation else _as_written(title.written, ctx))
    return of


def _as_written(written: str, ctx: DocumentContext) -> str | None:
    """A complement the vocabulary does not name, kept as written when it is a name ("du conseil
    de quartier Franscico Ferrer"): not a common noun ("de la commune", "de la coalition au
    pouvoir"), nor something of a person ("du chauffeur de Salah Abdeslam")."""
    if not any(ch.isupper() for ch in written):
        return None
    for entity in _people(ctx):
        at = written.find(entity.text)
        if at > 0 and _words(ctx.rules.language).genitive_end.search(fold(written[:at])):
            return None
    return written


def portfolio(named: str | None, ctx: DocumentContext) -> str | None:
    """ "de l'Économie", "de la Santé et de la Prévention": the portfolio first named."""
    if not named:
        return None
    key = longest_key(ctx.rules.portfolios, named.strip())
    return ctx.rules.portfolios[key] if key is not None else None


def _named_in(written: str, ctx: DocumentContext) -> str | None:
    """A person the document names as "de X" ("l'avocat de Dominique Pelicot"), or after a title
    in X ("de l'ancien ministre Jean Dupont"); not one X relates to another noun ("l'avocat du
    chauffeur de Salah Abdeslam" is not Abdeslam's lawyer; "du conseil de quartier Franscico
    Ferrer" names no person)."""
    for entity in _people(ctx):
        at = written.find(entity.text)
        if at < 0 or len(entity.name.split()) < 2:
            continue
        prefix = leading_article(ctx.rules.language).sub("", fold(written[:at]))
        if not prefix or (
            not _words(ctx.rules.language).genitive_end.search(prefix)
            and any(prefix.startswith(noun) for noun in ctx.rules.title_nouns)
        ):
            return entity.name
    return None


def is_person(name: str, ctx: DocumentContext) -> bool:
    return any(entity.name == name for entity in _people(ctx))


def _people(ctx: DocumentContext) -> list[EntityMention]:
    return ctx.by_label["PER"][1] if "PER" in ctx.by_label else []


def known_office(person: str, relation: str, ctx: DocumentContext) -> str | None:
    """A bare title ("le porte-parole Dmitri Peskov") means the office the knowledge base knows:
    held on the day, else the latest held (an outdated title is then flagged)."""
    facts = (
        ctx.kb.facts_about(person, relation, ctx.document.published)
        or sorted(ctx.kb.facts_about(person, relation), key=lambda f: f.start or date.min)[-1:]
    )
    return facts[0].object if facts else None


def national(relation: str, adjective: str, ctx: DocumentContext) -> str | None:
    """ "l'émissaire américain" serves the US president; "le négociateur ukrainien" Ukraine."""
    country, head = ctx.rules.nations[adjective]
    if relation in ctx.rules.head_of_state_roles:
        return ctx.kb.holder_of(head, ctx.document.published)
    return country


def head_country(person: str, ctx: DocumentContext) -> str | None:
    """The country whose head of state a bare "le président X" is: the one the knowledge base
    gives X on the day, else, for someone it does not know, the document's country."""
    if not ctx.kb.person(person):
        return ctx.country()
    when = ctx.document.published
    return next((c for c, head in ctx.rules.nations.values() if head and ctx.kb.holder_of(head, when) == person), None)


def _titled(before: list[str], ctx: DocumentContext) -> bool:
    """A name in "de X" is what the title is of when it opens X or follows a person's title ("du
    président Vladimir Poutine"), not when it follows a body's name ("du chef d'état-major Valeri
    Guérassimov" is Guérassimov, the chief himself)."""
    return not before or before[-1] in ctx.rules.title_nouns


def _holder(of: str, written: str, relation: str, ctx: DocumentContext) -> str | None:
    """What "de X" points to: a name in X (not the complement of another noun: "du chauffeur de
    Vladimir Poutine"), an institution's head, a role's holder, an organisation or office named
    in English, or a country named by an adjective in X ("des forces armées russes"; a body of it
    that a role serves, `_serves`)."""
    words = of.split()
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            person = ctx.kb.person(" ".join(words[i : i + size]))
            if (
                person
                and not _words(ctx.rules.language).genitive_end.search(" ".join(words[:i]))
                and _titled(words[:i], ctx)
            ):
                return person.name
    institution = next((v for k, v in ctx.rules.institutions.items() if of.strip().startswith(k)), None)
    when = ctx.document.published
    if institution:
        return ctx.kb.holder_of(institution, when)
    holder = ctx.kb.role_holder(of, when)
    if holder:
        return holder[0]
    named = ctx.english_of(written)
    if named:
        return named
    if relation in ctx.rules.titles.national_titles:  # "chef d'état-major des armées russes"
        for word in of.split():
            if word in ctx.rules.nations:
                return _serves(relation, written, ctx) or national(relation, word, ctx)
    return None


def _serves(relation: str, written: str, ctx: DocumentContext) -> str | None:
    """The body a role that serves a principal names as that principal ("le porte-parole de
    l'état-major ukrainien": the General Staff, by any spelling the knowledge base knows), not
    its country's head of state; an office of the country itself ("chef d'état-major des armées
    russes") stays the country's."""
    return ctx.kb.organisation(written) if relation in ctx.rules.head_of_state_roles else None
