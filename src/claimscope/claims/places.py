"""Places of a theatre of war in the words of a claim: the towns named (not regions, nor a capital
standing for its government), the document's main place, the place a relative clause describes,
and the places a list joins ("la prise de Koupiansk, le 2 décembre celle de Pokrovsk")."""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, token_key
from claimscope.records import Place, Span
from claimscope.text import fold

PLACE_LABELS = ("LOC", "MISC", "ORG")  # spaCy files some towns under MISC or ORG ("Pokrowsk")
MIN_NAME = 4
RELATIVE_DEPS = ("relcl", "acl:relcl")
WORD = re.compile(r"[^\s,;:.!?()]+")
MAX_LIST_GAP = 70  # characters between two places of one list, an apposition included


def described_place(trigger: Token, unit: Unit, ctx: DocumentContext) -> Place | None:
    """The place a relative clause holding the trigger describes, named outside the reported words:
    "Pokrovsk, a logistics hub that Moscow claimed to have captured"."""
    clause = relative_head(trigger)
    if clause is None:
        return None
    head = clause.head
    described = [head, head.head] if head.dep_ == "appos" else [head]
    keys = {token_key(t) for t in described if t.pos_ == "PROPN"}
    for word in ctx.words_in(unit.sentence):
        if token_key(word.token) in keys:
            place = theatre_place(word.token.text, word.start, ctx)
            if place is not None:
                return place
    return None


def relative_clause(trigger: Token, unit: Unit, ctx: DocumentContext) -> Span | None:
    """The relative clause the trigger is in: its own dates, not those of the sentence around it
    ("forces said Tuesday that fighting went on in Pokrovsk, which Moscow claimed to have captured")."""
    clause = relative_head(trigger)
    if clause is None:
        return None
    keys = {token_key(t) for t in clause.subtree}
    words = [w for w in ctx.words_in(unit.sentence) if token_key(w.token) in keys]
    return Span(words[0].start, words[-1].end) if words else None


def relative_head(trigger: Token) -> Token | None:
    """The verb of the relative clause the trigger is in ("troops who planted a flag"), if any."""
    return next((t for t in [trigger, *trigger.ancestors] if t.dep_ in RELATIVE_DEPS), None)


def theatre_places(unit: Unit, ctx: DocumentContext) -> list[tuple[Span, Place]]:
    """Places of the theatre named in the unit: entities, and capitalised words the parser missed."""
    found = []
    named = []  # entities that are places: their words are not looked up again one by one
    for label in PLACE_LABELS:
        for entity in ctx.entities_in(unit.words, label):
            place = theatre_place(entity.text, entity.span.start, ctx)
            if place is not None:
                named.append(entity.span)
                found.append((entity.span, place))
    for word in unit.words:
        text = word.token.text
        if text[:1].isupper() and len(text) >= MIN_NAME and not any(s.start <= word.start < s.end for s in named):
            place = theatre_place(text, word.start, ctx)
            if place is not None:
                found.append((Span(word.start, word.end), place))
    return _without_landmarks(_without_locations(sorted(found, key=lambda item: item[0].start), ctx), ctx)


def _without_landmarks(found: list[tuple[Span, Place]], ctx: DocumentContext) -> list[tuple[Span, Place]]:
    """No place the claim's place is measured from, nor one listed with it ("Pokrovsk, aux portes
    de Kramatorsk et de Sloviansk": neither is taken)."""
    kept: list[tuple[Span, Place]] = []
    measured: Span | None = None  # the last landmark, or a place listed with it
    for span, place in found:
        gap = fold(ctx.document.text[measured.end : span.start]) if measured else ""
        listed = (
            measured is not None
            and len(gap) <= MAX_LIST_GAP
            and ctx.rules.list_gap.search(gap) is not None
            and not ctx.rules.landmark_end.search(gap)  # "…, près de Pokrovsk, et Koupiansk"
        )
        if _landmark(span.start, ctx) or (listed and not any(mark in gap for mark in ".;:!?")):
            measured = span
        else:
            kept.append((span, place))
            measured = None
    return kept


def _without_locations(found: list[tuple[Span, Place]], ctx: DocumentContext) -> list[tuple[Span, Place]]:
    """ "Pokrovsk in Donetsk": a place right after another and a locative says where the first
    lies; it is not a second place the claim is about."""
    kept = found[:1]
    for (before, _), (span, place) in pairwise(found):
        gap = fold(ctx.document.text[before.end : span.start]).split()
        where = set(ctx.rules.locatives) | set(ctx.rules.titles.articles)
        if not (gap and gap[0] in ctx.rules.locatives and all(word in where for word in gap)):
            kept.append((span, place))
    return kept


def theatre_place(name: str, start: int, ctx: DocumentContext) -> Place | None:
    if _names_region(start, ctx) or ctx.kb.government(name):
        return None
    place = ctx.gazetteer.lookup(name, ctx.countries)
    return place if place is not None and place.country in ctx.rules.theatres else None


def main_place(ctx: DocumentContext) -> Place | None:
    """The theatre place the document names most (first named on ties), found once."""
    if "main_place" not in ctx.found:
        ctx.found["main_place"] = _most_named_place(ctx)
    return ctx.found["main_place"]


def _most_named_place(ctx: DocumentContext) -> Place | None:
    counts: dict[str, tuple[int, int, Place]] = {}
    for entity in ctx.entities:
        if entity.label not in PLACE_LABELS or ctx.kb.government(entity.text):
            continue
        place = ctx.gazetteer.lookup(entity.text, ctx.countries)
        if place is not None and place.country in ctx.rules.theatres:
            n, first, _ = counts.get(place.name, (0, entity.span.start, place))
            counts[place.name] = (n + 1, first, place)
    if not counts:
        return None
    return max(counts.values(), key=lambda c: (c[0], -c[1]))[2]


def _landmark(start: int, ctx: DocumentContext) -> bool:
    """ "des positions à 5 km de Pokrovsk", "a village north of Pokrovsk": a place the claim's
    place is measured from, not the one taken or held."""
    return ctx.rules.landmark.search(fold(ctx.document.text[max(0, start - 40) : start])) is not None


def _names_region(start: int, ctx: DocumentContext) -> bool:
    """ "la région de Kharkiv", "l'oblast de Donetsk", "the Donetsk region": the name of a region,
    not of its city."""
    text = ctx.document.text
    before = fold(text[max(0, start - 20) : start]).split()
    if bool(before) and (
        before[-1] in ctx.rules.region_words
        or (len(before) > 1 and before[-1] in ctx.rules.titles.bare_genitives and before[-2] in ctx.rules.region_words)
    ):
        return True
    if not ctx.rules.regions_follow:
        return False
    after = WORD.findall(fold(text[start : start + 40]).replace("-", " "))  # "Kharkiv region.": no stop
    if len(after) > 2 and after[1] in ctx.rules.settlements and after[2] in ctx.rules.titles.genitives:
        return True  # "the Donetsk city of Pokrovsk": the region, the city named after it
    return len(after) > 1 and after[1] in ctx.rules.region_words


def elided_items_start(places: list[tuple[Place, int | None]], ctx: DocumentContext) -> int | None:
    """Where the first item of a list with an elided noun begins ("la prise de Koupiansk, le 2
    décembre celle de Pokrovsk": at the comma before "le 2 décembre"), or None without one: a date
    past it is that item's, not the items' before it."""
    starts = [at for _, at in places if at is not None]
    if not starts:
        return None
    first = min(starts)
    comma = ctx.document.text.rfind(",", max(0, first - MAX_LIST_GAP), first)
    return comma if comma >= 0 else first


def listed_with(named: list[tuple[Span, Place]], main: int, ctx: DocumentContext) -> list[tuple[Place, int | None]]:
    """The main place and the places a list joins to it, on either side (the parser's
    coordination is too often wrong to rely on); one named after an elided noun comes with the
    offset its own date is read at."""
    found: list[tuple[Place, int | None]] = [(named[main][1], None)]
    text, list_gap, ellipsis_gap = ctx.document.text, ctx.rules.list_gap, ctx.rules.ellipsis_gap
    for step in (1, -1):
        at = main
        while 0 <= at + step < len(named):
            left, right = sorted((named[at], named[at + step]), key=lambda item: item[0].start)
            gap = fold(text[left[0].end : right[0].start])
            same = left[1] == right[1]  # "Pokrovsk, connue en russe sous le nom de Krasnoarmeysk"
            elided = ellipsis_gap.search(gap)
            if (
                len(gap) > MAX_LIST_GAP
                or any(mark in gap for mark in ".;:!?")
                or not (same or list_gap.search(gap) or elided)
            ):
                break
            at += step
            if all(named[at][1] != place for place, _ in found):
                found.append((named[at][1], named[at][0].start if elided and step == 1 else None))
    return found
