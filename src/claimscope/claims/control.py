"""control(place, actor, extent, date): who holds a town, as each source tells it.

Every control claim is written from the attacker's side of its theatre ("Russia controls
Pokrovsk"), so "Pokrovsk remains under Ukrainian control" becomes a denial of that
proposition and "we hold the northern part" a partial confirmation: one proposition per
place that all sources can be compared on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from spacy.tokens import Token

from claimscope.claims.claimants import claimant, claimant_claims
from claimscope.claims.context import DocumentContext, Unit, Word, is_name
from claimscope.claims.dated import own_clause
from claimscope.claims.dates import DateMention, date_near
from claimscope.claims.places import (
    described_place,
    elided_items_start,
    listed_with,
    main_place,
    relative_clause,
    theatre_places,
)
from claimscope.claims.rules import ClaimRules
from claimscope.claims.sides import FAR, SIDES, captor, tree_distance, undone
from claimscope.claims.sources import claim_verbs, narrator, reporter, speaks, subject_source
from claimscope.claims.stance import CONDITIONAL, antecedent_text, clause_text, conditionals, stance_of
from claimscope.claims.triggers import continued_verb, trigger_role
from claimscope.nlp.syntax import object_controlled
from claimscope.records import Claim, ClaimType, Place, Source, Span, Stance
from claimscope.text import fold

NAME_DEPS = ("appos", "compound", "flat", "flat:name")  # a noun's own name, next to it
COUNTS = {"deux": 2, "trois": 3, "quatre": 4}  # "aucune des deux localités": the last places named
FOUGHT = "fought"  # a trigger's holder: the fight for the place goes on ("fighting is ongoing in Pokrovsk")
INVERTED = {
    Stance.ASSERTS: Stance.DENIES,
    Stance.DENIES: Stance.ASSERTS,
    Stance.PARTIAL: Stance.PARTIAL,
    Stance.HEDGED: Stance.DENIES,
}


def read_control(unit: Unit, ctx: DocumentContext) -> list[Claim]:
    """One claim per place and unit: when several triggers of one unit speak of one place, the
    one nearest it in the parse says what the unit says ("il n'y avait pas de troupes
    ukrainiennes à Pokrovsk, mais … pris sous contrôle" is not both a denial and an assertion)."""
    best: dict[str, tuple[int, list[Claim]]] = {}
    outlet = narrator(ctx.document)
    named: list[tuple[Span, Place]] | None = None  # the unit's places, found once
    for word in unit.words:
        role = trigger_role(word.token, ctx)
        if role is None:
            continue
        if named is None:
            named = sorted(theatre_places(unit, ctx), key=lambda item: item[0].start)
        speaker = reporter(word.token, unit, ctx)
        if speaker is False:
            speaker = _claimant_elsewhere(word.token, ctx)
        if speaker is False:
            continue  # "X revendique la prise de …" with no X to credit: not the outlet's own claim
        ongoing = ctx.rules.phrases_in(ctx.rules.ongoing, fold(clause_text(word.token, unit)))
        if role == FOUGHT and not (ongoing or continued_verb(word.token, ctx)):
            continue  # "after months of fighting for the city": no stance on who holds it now
        places, hops = _places(word, unit, ctx, named)
        owner = claimant(word.token, ctx)
        others_from = elided_items_start(places, ctx)
        for place, own_date_at in places:
            voiced = replace(unit, source=speaker) if speaker else unit
            until = others_from if own_date_at is None else None
            claim = _claim(word, role, place, voiced, ctx, own_date_at, reported=bool(speaker), until=until)
            if claim.key not in best or hops < best[claim.key][0]:
                by_attacker = captor(word.token, role, place, voiced, ctx) == ctx.rules.theatres[place.country][1]
                best[claim.key] = (hops, claimant_claims(claim, owner, by_attacker, voiced, ctx, outlet))
    return [claim for _, claims in best.values() for claim in claims]


def _places(
    trigger: Word, unit: Unit, ctx: DocumentContext, named: list[tuple[Span, Place]]
) -> tuple[list[tuple[Place, int | None]], int]:
    """The place closest to the trigger in the parse (then in the text) with the places listed
    with it ("la prise de Pokrovsk, ainsi que de Vovchansk"), never a region's name nor a capital
    standing for its government; else, for "la ville" or "cette prise", the last place named, or
    the document's main place. With the edges from the trigger to the closest place, and for a
    place named after an elided noun ("…, le 2 décembre celle de Pokrovsk") where its own date is."""
    unknown, settlement = _unknown_settlement(trigger.token, ctx)
    if unknown:  # "le contrôle du village de Kazatskoye": that village, not the town named nearby
        return ([(settlement, None)] if settlement else []), 0
    earlier = _antecedent(ctx)
    if earlier is not None and _own_anaphor(trigger.token, ctx):
        return [(earlier, None)], FAR  # "the city's fall … toward Kramatorsk and Sloviansk": the city before
    named = [*named, *_continued(unit, ctx, named)]
    if named:
        ranked = []
        for index, (span, _) in enumerate(named):
            word = unit.word_at(span.start)
            hops = tree_distance(trigger.token, word.token) if word is not None else FAR
            ranked.append((hops, abs(span.start - trigger.start), index))
        hops, _, main = min(ranked)
        listed = listed_with(named, main, ctx)
        # "the city" that follows is none of a list of places, nor a town named before the list
        ctx.last_place = named[main][1] if len(listed) == 1 else None
        return listed, hops
    described = described_place(trigger.token, unit, ctx)
    if described is not None:
        return [(described, None)], FAR
    anaphor = any(
        fold(w.token.lemma_) in ctx.rules.place_anaphors and not _indefinite(w.token, ctx) for w in unit.words
    ) or any(child.dep_ == "det" and fold(child.lemma_) == "ce" for child in trigger.token.children)
    counted = _counted_anaphor(unit, ctx)
    if counted:
        recent = _recent_places(counted, unit, ctx)
        if len(recent) == counted:
            return [(place, None) for place in recent], FAR
    place = _antecedent(ctx) if anaphor else None
    return ([(place, None)] if place else []), FAR


def _antecedent(ctx: DocumentContext) -> Place | None:
    """The place "the city" points back to: the last one named alone, else (after a list too:
    "ces prises" may be all of it) the document's main place."""
    return ctx.last_place or main_place(ctx)


def _indefinite(noun: Token, ctx: DocumentContext) -> bool:
    """ "another city", "une autre ville": no place in particular; not "une des grandes villes"
    (one of them, the one the sentence names)."""
    determiners = [d for d in noun.children if fold(d.text) in ctx.rules.indefinite]
    cases = [c.i for c in noun.children if c.dep_ == "case" and fold(c.text) in ctx.rules.genitives]
    return any(not any(at > d.i for at in cases) for d in determiners)  # "une des": a case after it


def _own_anaphor(trigger: Token, ctx: DocumentContext) -> bool:
    """The trigger noun's own complement is a definite place noun with no name ("the city's
    fall", "the capture of the city", "la chute de la ville"; not "the city of Pokrovsk", nor
    "another city")."""
    if trigger.pos_ != "NOUN":
        return False
    complements = [c for c in trigger.children if c.dep_ in ("poss", "nmod", "nmod:poss")]
    complements += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(
        fold(c.lemma_) in ctx.rules.place_anaphors
        and "Plur" not in c.morph.get("Number", [])
        and not _indefinite(c, ctx)
        and not _names_itself(c, ctx)
        for c in complements
    )


def _names_itself(noun: Token, ctx: DocumentContext) -> bool:
    """The place noun carries its own name ("the city of Pokrovsk", "la ville de Pokrovsk", "the
    Pokrovsk city"); a name in a clause or another phrase on it is not its own ("the city near
    Myrnohrad", "the city that guards the road to Kramatorsk")."""
    for child in noun.children:
        if child.dep_ in NAME_DEPS and is_name(child):
            return True
        if child.dep_ == "prep" and fold(child.text) in ctx.rules.genitives:
            return any(g.dep_ == "pobj" and is_name(g) for g in child.children)
        cases = [fold(c.text) for c in child.children if c.dep_ == "case"]
        if child.dep_ == "nmod" and is_name(child) and any(c in ctx.rules.genitives for c in cases):
            return True
    return False


def _counted_anaphor(unit: Unit, ctx: DocumentContext) -> int:
    """ "aucune des deux localités", "les trois villes": how many places a plural anaphor counts."""
    for word in unit.words:
        token = word.token
        if fold(token.lemma_) in ctx.rules.place_anaphors and "Plur" in token.morph.get("Number", []):
            for child in token.children:
                if fold(child.text) in COUNTS:
                    return COUNTS[fold(child.text)]
    return 0


def _recent_places(count: int, unit: Unit, ctx: DocumentContext) -> list[Place]:
    """The last ``count`` places the document's control claims before the unit were about."""
    found: list[Place] = []
    for claim in sorted(ctx.claims, key=lambda c: c.span.start, reverse=True):
        if claim.type is ClaimType.CONTROL and claim.place and claim.span.start < unit.span.start:
            if all(p.name != claim.place.name for p in found):
                found.append(claim.place)
            if len(found) == count:
                break
    return found


def _continued(unit: Unit, ctx: DocumentContext, named: list[tuple[Span, Place]]) -> list[tuple[Span, Place]]:
    """Places the sentence goes on to list after reported words the attribution cut short: "a
    revendiqué la prise de Koupiansk, le 2 décembre celle de Pokrovsk" (only ones joined to the
    last place of the unit, by places.listed_with)."""
    if unit.attribution is None or not named or unit.span.end >= unit.sentence.end:
        return []
    tail = ctx.words_in(Span(unit.span.end, unit.sentence.end))
    return sorted(theatre_places(replace(unit, words=tail, _keys=None, _starts=None), ctx), key=lambda i: i[0].start)


def _unknown_settlement(trigger: Token, ctx: DocumentContext) -> tuple[bool, Place | None]:
    """Whether the trigger's own phrase names a settlement ("du village de X") the gazetteer
    cannot place, and that settlement as a place of its own, in the theatre of the document's
    main place (none when the document names no place of a theatre)."""
    for token in trigger.subtree:
        if fold(token.lemma_) in ctx.rules.settlements:
            for name in token.children:
                if (
                    name.pos_ == "PROPN"
                    and not _articled(name, ctx)
                    and ctx.gazetteer.lookup(name.text, ctx.countries) is None
                ):
                    main = main_place(ctx)
                    if main is None or name.dep_ not in ("nmod", "appos"):
                        return True, None
                    words = sorted([name, *(c for c in name.children if c.dep_ == "flat:name")], key=lambda w: w.i)
                    return True, Place(
                        _hyphenated(" ".join(w.text for w in words), words[-1]), main.country, None, None
                    )
    return False, None


def _hyphenated(name: str, last: Token) -> str:
    """The name with the parts its hyphens join ("Zolotarivka-Nova", cut at its hyphen)."""
    doc, end = last.doc, last.i
    while (
        end + 2 < len(doc) and doc[end + 1].text in "-‑" and not doc[end].whitespace_ and not doc[end + 1].whitespace_
    ):
        if not doc[end + 2].text[:1].isupper():
            break
        name, end = name + "-" + doc[end + 2].text, end + 2
    return name


def _articled(name: Token, ctx: DocumentContext) -> bool:
    """A name with an article ("cette ville du Donbass", "the town in the Donbas"): a region the
    place lies in, not the settlement's own name ("la ville de Pokrovsk")."""
    return any(
        c.dep_ == "det" or (c.dep_ == "case" and fold(c.text) in ctx.rules.articled_cases) for c in name.children
    )


def _claimant_elsewhere(trigger: Token, ctx: DocumentContext) -> Source | Literal[False] | None:
    """The subject of a claim verb the parser hung elsewhere: on the first of coordinated verbs
    ("L'armée a affirmé … et n'a admis la perte"), on the verb told before a participle clause, on
    an incise before the verb ("Le président, s'exprimant à Paris, a déclaré que"), or on the verb's
    repeated copy ("a rapporté a rapporté que"); False when there is none, None when it is a thing
    that cannot speak (the narration tells it)."""
    for node in claim_verbs(trigger, ctx.document.language or ""):
        holders = [c for c in node.children if c.i < node.i and (c.dep_ == "advcl" or c.lemma_ == node.lemma_)]
        up = node
        while up.dep_ in ("conj", "xcomp") and up.head.i != up.i:  # "a affirmé avoir repoussé … et n'a admis"
            if object_controlled(up):
                return False  # "Washington pressed Kyiv to admit the loss": nobody's claim
            up = up.head
            holders.append(up)
        if _participle_clause(up):  # "generals briefed Putin, dressed in fatigues, promising …": the verb just before
            holders.extend(_verbs_before(up))
        for holder in holders:
            subject = next((c for c in holder.children if c.dep_.startswith("nsubj") and c.i < node.i), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject_source(subject, ctx) if speaks(subject) else None
        return False
    return False


def _told_as_a_claim(trigger: Token, ctx: DocumentContext) -> bool:
    """ "its statement about the capture of Pokrovsk": the capture is what a statement says."""
    head = trigger.head
    if head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head.i != trigger.i and fold(head.lemma_) in ctx.rules.claim_nouns


def _participle_clause(verb: Token) -> bool:
    """A participle or gerund clause: its subject is that of the verb told just before it."""
    return verb.dep_ == "advcl" and bool({"Part", "Ger"} & set(verb.morph.get("VerbForm", [])))


def _verbs_before(verb: Token) -> list[Token]:
    """The sentence's verbs before ``verb`` that have a subject, nearest first."""
    return [
        t
        for t in reversed(verb.sent[: verb.i - verb.sent.start])
        if t.pos_ == "VERB" and any(c.dep_.startswith("nsubj") for c in t.children)
    ]


def _premise(trigger: Token) -> bool:
    """A capture that is the subject of a conditional ("la capture de Pokrovsk permettrait à l'armée
    de poursuivre…"): in the captor's words the conditional is about what the capture brings, not
    about whether it happened; in anyone else's it stays a reserve."""
    if trigger.pos_ != "NOUN":
        return False
    # the verb's subject is the capture, as parsed or where the parser left the verb without one
    return all(
        node.i > trigger.i
        and trigger.sent == node.sent
        and not any(child.dep_.startswith("nsubj") and child != trigger for child in node.children)
        for node in conditionals(trigger)
    )


def _part_of(folded: str, rules: ClaimRules) -> bool:
    """The clause tells of a part of the place ("la partie nord", "en partie"), not of none of
    it ("ne contrôle plus aucune partie de", the whole denied)."""
    padded = f" {folded} "
    for phrase in rules.phrases_in(rules.partial, folded):
        before = padded.split(f" {phrase} ")[:-1]  # what precedes each time it is written
        if any(not (words := chunk.split()) or words[-1] not in rules.no_part for chunk in before):
            return True
    return False


def _claim(
    trigger: Word,
    role: str,
    place: Place,
    unit: Unit,
    ctx: DocumentContext,
    date_at: int | None = None,
    reported: bool = False,
    until: int | None = None,
) -> Claim:
    defender, attacker = ctx.rules.theatres[place.country]
    captor_side = captor(trigger.token, role, place, unit, ctx)
    text, span = unit.text(ctx.document), unit.span
    if date_at is not None and date_at >= unit.span.end and unit.sentence is not None:
        # "a revendiqué la prise de Koupiansk, le 2 décembre celle de Pokrovsk": the item lies past
        # the reported words, whose text names another town; the sentence holds both (and is what
        # the article's page marks: the web desk trial read Pokrovsk's claim on "Koupiansk")
        span = unit.sentence
        text = ctx.document.text[span.start : span.end]
    clause = clause_text(trigger.token, unit)
    folded = fold(clause)
    partial = _part_of(folded, ctx.rules) or _part_of(fold(antecedent_text(trigger.token, unit)), ctx.rules)
    contested = bool(ctx.rules.phrases_in(ctx.rules.contested, folded)) or fold(trigger.token.lemma_) in (
        ctx.rules.contested
    )
    stance, hedges = stance_of(unit, trigger.token, clause, partial or contested, ctx.rules)
    if captor_side != attacker:
        stance = INVERTED[stance]
    if role == FOUGHT:  # the fight goes on: the place is not taken, as the side who says so tells it
        stance, contested = Stance.DENIES, True
    elif undone(trigger.token, place, ctx):  # "troops who planted a flag in Pokrovsk had been beaten back"
        stance, contested = (Stance.DENIES if captor_side == attacker else Stance.ASSERTS), True
    if stance is Stance.ASSERTS and SIDES.get(unit.source.party) == defender and _told_as_a_claim(trigger.token, ctx):
        stance = Stance.DENIES  # the defenders on "the enemy's statement about the capture"
    if hedges == [CONDITIONAL] and SIDES.get(unit.source.party) == captor_side and _premise(trigger.token):
        stance, hedges = Stance.ASSERTS, []  # the captor's own "the capture of X would allow…"
    extent = "partial" if partial else "contested" if contested else "full"
    window = relative_clause(trigger.token, unit, ctx) or unit.sentence
    at = (date_at if date_at is not None else trigger.start) - window.start
    own = own_clause(trigger.token, window, unit, ctx, reported)
    limit = None if until is None else until - window.start  # "…, le 2 décembre celle de Pokrovsk": the next item's day

    def attached(mention: DateMention) -> bool:
        return own(mention) and (limit is None or mention.start < limit)

    when, when_text = date_near(ctx.document.text[window.start : window.end], ctx.document.published, at, attached)
    return Claim(
        type=ClaimType.CONTROL,
        key=f"control|{place.name}|{attacker}",
        args={"place": place.name, "actor": attacker, "country": place.country},
        stance=stance,
        source=unit.source,
        span=span,
        evidence=text,
        date=when,
        date_text=when_text,
        extent=extent,
        hedges=tuple(hedges),
        attribution=unit.attribution,
        place=place,
        sentence=unit.sentence,
    )
