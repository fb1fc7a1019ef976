"""A person called the former holder of an office the knowledge base says he still holds.

"Kirill Dmitriev, l'ancien dirigeant du fonds d'investissement direct russe" tells the reader he
left the fund; if he still heads it, the article has it wrong. The claim reader reads no claim
from a past title (claims.yaml "former"), so this check reads the title itself: a former-word, a
title noun, "de X" naming an organisation or a known person, in apposition to a person the
knowledge base knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from claimscope.claims.garbled import sentence_around
from claimscope.claims.knowledge import one_office
from claimscope.claims.rules import claim_languages, either, longest_key, opening, rules
from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import (
    GAZETTEER,
    KNOWLEDGE_BASE,
    AnalysedDocument,
    Document,
    EntityMention,
    Evidence,
    Flag,
    KbFact,
    Span,
)
from claimscope.text import fold_chars

_APPOSED_BEFORE = re.compile(r"^\s*,\s*$")  # "Kirill Dmitriev, " + "l'ancien dirigeant du …"
ROLE_WINDOW = 60  # characters before a name where "former US President" stands
_APPOSED_AFTER = re.compile(r"^\s*,?\s*$")  # "l'ancien dirigeant du …, " + "Kirill Dmitriev"


@dataclass(frozen=True)
class PastTitle:
    span: Span  # from the former-word to the end of what the title is of
    relation: str
    of: str  # the organisation or person, as the knowledge base names it


@cache
def _pattern() -> re.Pattern[str]:
    r = rules()
    former = "|".join(sorted((re.escape(w) for w in r.left), key=len, reverse=True))
    titles = "|".join(sorted((re.escape(w) for w in r.roles), key=len, reverse=True))
    return re.compile(
        rf"\b{opening(r.titles.articles)}?(?:{former})[\s-]+(?P<title>{titles})\s+"
        rf"(?P<of>{_genitive()}\s*[^,;.()\n]{{2,80}})"
    )


def _genitive() -> str:
    """ "de", "du", "de la", "d'" …, followed by spaces or none ("d'Ukraine")."""
    return either(rules().titles.genitives)


def past_titles(text: str, kb: KnowledgeBase) -> Iterator[PastTitle]:
    """Every "ancien <title> de X" whose X is an organisation of claims.yaml or a known person."""
    r = rules()
    folded = fold_chars(text)
    for m in _pattern().finditer(folded):
        of, end = _object(text, m.start("of"), m.end("of"), kb)
        if of:
            yield PastTitle(Span(m.start(), end), r.roles[m["title"]], of)


def _object(text: str, start: int, end: int, kb: KnowledgeBase) -> tuple[str | None, int]:
    """What "du fonds d'investissement direct russe et proche conseiller …" is of, and where that
    name ends: the longest organisation name it starts with, else a known person's name."""
    genitive = re.match(rf"{_genitive()}\s*", fold_chars(text[start:end]))
    start += genitive.end() if genitive else 0
    written = fold_chars(text[start:end])
    name = longest_key(rules().organisations, written)
    if name is not None:
        return rules().organisations[name], start + len(name)
    words = text[start:end].split()
    for size in range(min(3, len(words)), 0, -1):
        person = kb.person(" ".join(words[:size]))
        if person:
            return person.name, start + len(" ".join(words[:size]))
    return None, end


def former_title_flags(analysed: AnalysedDocument, kb: KnowledgeBase, when: date | None) -> list[Flag]:
    """Flags for past titles of offices the knowledge base has the apposed person holding on
    ``when`` (the article's date, or its estimate), or still holding when that is unknown."""
    doc = analysed.document
    people = [e for e in analysed.entities if kb.person(e.name)]
    flags = []
    for title in past_titles(doc.text, kb):
        person = _apposed(doc.text, title.span, people)
        if person is None:
            continue
        held = [f for f in _held(kb, person, when) if f.object == title.of and _same_office(f.relation, title.relation)]
        if not held:
            continue
        fact = held[0]
        since = f" since {fact.start}" if fact.start else ""
        until = f" until {fact.end}" if fact.end else ", with no end known"  # held on the day, ending later
        said = f"{fact.subject} is {fact.relation} {fact.object}{since}{until}"
        flags.append(_flag(doc, title.span, f"{person} former {title.relation} {title.of}", said))
    return flags


def former_role_flags(analysed: AnalysedDocument, kb: KnowledgeBase, when: date | None) -> list[Flag]:
    """ "former US President Donald Trump", "l'ancien président américain Donald Trump": a role of
    the knowledge base, said past, right before the name of who holds it on ``when`` (the
    article's date, or now when it is unknown); or its title noun alone ("former President
    Trump"): which office, the one its holder holds with that title says."""
    doc = analysed.document
    former = {word for language in claim_languages() for word in rules(language).left}
    # the longest title first: "former vice president X" is the vice president's title, not the president's
    titles = sorted(
        {title for language in claim_languages() for title in rules(language).roles}, key=lambda t: (-len(t), t)
    )
    phrases = {p for role in kb.roles for p in role.phrases}
    lengths = sorted({len(p) for p in [*phrases, *titles] if p})  # the words that may end the text before a name
    flags = []
    for entity in analysed.entities:
        person = kb.person(entity.name)
        if person is None:
            continue
        window = max(0, entity.span.start - ROLE_WINDOW)
        before = fold_chars(doc.text[window : entity.span.start]).rstrip()
        # words after a space, or after a hyphen joining a former-word to them ("l'ex-président")
        ends = {before[-n:] for n in lengths if len(before) > n and before[-n - 1] in " -"}
        ending = ends & phrases
        bare = [t for t in titles if t in ends]  # "former President Trump": "president"
        if not ending and not bare:
            continue  # no role's words right before the name (each role and title was tried: 1.2 ms an article)
        for role in kb.roles:
            phrase = next((p for p in role.phrases if p in ending), None) or next(
                (t for t in bare if any(f" {t} " in f" {p} " for p in role.phrases)), None
            )
            if phrase is None or role.holder_on(when) != person.name:
                continue
            prefix = before[: -len(phrase)].rstrip()
            words = prefix.replace("-", " ").split()
            said_former = words[-1].split("'")[-1] if words else ""  # "l'ancien"
            if said_former not in former:
                continue
            start = window + prefix.rfind(said_former)
            said = f"{person.name} is {role.role} on {when}" if when else f"{person.name} is {role.role}"
            flags.append(_flag(doc, Span(start, entity.span.end), f"{person.name} former {role.role}", said))
            break
    return flags


def _flag(doc: Document, words: Span, called: str, said: str) -> Flag:
    """A kb-conflict flag on the sentence of ``words``, which call someone ``called`` (a former
    office) where the knowledge base says ``said``."""
    sentence = sentence_around(doc.text, words)
    return Flag(
        "kb-conflict",
        doc.id,
        sentence,
        doc.text[sentence.start : sentence.end],
        f"calls {called} ('{doc.text[words.start : words.end]}'); but {said}",
        [Evidence(KNOWLEDGE_BASE, "claimscope knowledge base", said)],
    )


def _apposed(text: str, span: Span, people: list[EntityMention]) -> str | None:
    """The known person the title stands next to, set off by a comma."""
    for entity in people:
        if entity.span.end <= span.start and _APPOSED_BEFORE.match(text[entity.span.end : span.start]):
            return entity.name
        if entity.span.start >= span.end and _APPOSED_AFTER.match(text[span.end : entity.span.start]):
            return entity.name
    return None


def _held(kb: KnowledgeBase, person: str, when: date | None) -> list[KbFact]:
    facts = kb.facts_of(person)
    if when is None:
        return [f for f in facts if f.end is None]
    return [f for f in facts if (f.start is None or f.start <= when) and (f.end is None or when < f.end)]


def _same_office(known: str, said: str) -> bool:
    return said in one_office(known)


def former_name_flags(analysed: AnalysedDocument) -> list[Flag]:
    """A town's names given backwards ("Krasnoarmeysk (formerly Pokrovsk)"): the name said to be
    the former one is the one the gazetteer, like the other sources, gives as current."""
    doc = analysed.document
    pattern = _former_name_pattern(doc.language or "")
    if pattern is None:
        return []
    r = rules(doc.language)
    flags = []
    for m in pattern.finditer(doc.text):
        now = gazetteer().lookup(m["new"], tuple(r.theatres))
        before = gazetteer().lookup(m["old"], tuple(r.theatres))
        if now is None or before != now or fold_chars(m["old"]) != fold_chars(now.name) or m["new"] == now.name:
            continue
        sentence = sentence_around(doc.text, Span(m.start(), m.end()))
        said = f"{now.name} is the current name, {m['new']} a former one"
        flags.append(
            Flag(
                "source-conflict",
                doc.id,
                sentence,
                doc.text[sentence.start : sentence.end],
                f"gives {m['old']} as the former name of {m['new']}; but {said}",
                [Evidence(GAZETTEER, "claimscope gazetteer", said)],
            )
        )
    return flags


@cache
def _former_name_pattern(language: str) -> re.Pattern[str] | None:
    """ "X (formerly Y)", "X, formerly Y": two capitalised names around a former-name word."""
    words = rules(language).former_names
    if not words:
        return None
    name = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
    return re.compile(rf"\b(?P<new>{name})\s*[(,]\s*{either(words)}\s+(?P<old>{name})")
