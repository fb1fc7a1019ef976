"""meeting(participants, place, date): who met whom, where and when, and how it went."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, Word, token_key
from claimscope.claims.dates import event_date
from claimscope.claims.participants import as_side, is_trigger, linked, people_named, pronoun_subject, sides
from claimscope.claims.stance import clause_text, stance_of
from claimscope.records import Claim, ClaimType, Span, Stance
from claimscope.text import fold


def read_meeting(unit: Unit, ctx: DocumentContext) -> list[Claim]:
    """One meeting per unit, or one per meeting of a unit that tells several apart ("a summit with
    Putin in Alaska and talks with Zelensky", "after talks in Florida, and a day before Witkoff is
    expected to meet Putin"), each with the people named in its own words or in none of theirs."""
    triggers = [w for w in unit.words if w.token.pos_ in ("NOUN", "VERB") and is_trigger(w.token.lemma_, ctx)]
    if not triggers:
        return []
    topics = [w for w in triggers if _discussed(w.token, ctx)]
    if topics:  # "rencontrera ses homologues pour discuter de la réunion tenue mardi entre A et B"
        inside = {token_key(t) for w in topics for t in w.token.subtree}
        found = []
        for topic in topics:
            own = {token_key(t) for t in topic.token.subtree}
            found += _read_one(_within(unit, own), [w for w in triggers if token_key(w.token) in own], ctx)
        return found + read_meeting(_within(unit, {token_key(w.token) for w in unit.words} - inside), ctx)
    regions = _own_regions(triggers, unit, ctx)
    if len(regions) < 2:
        return _read_one(unit, triggers, ctx)
    found = []
    for anchor, own in regions.items():
        others = set().union(*(r for a, r in regions.items() if a != anchor))
        part = _within(unit, {token_key(w.token) for w in unit.words} - others)
        found += _read_one(part, [w for w in triggers if token_key(w.token) in own], ctx)
    return found


def _within(unit: Unit, keys: set[tuple[int, int]]) -> Unit:
    """The unit's words among some tokens, its evidence whole."""
    return replace(unit, words=[w for w in unit.words if token_key(w.token) in keys], _keys=None, _starts=None)


TOPICS = frozenset({"obj", "dobj", "obl:arg"})


def _discussed(token: Token, ctx: DocumentContext) -> bool:
    """A meeting noun that a meeting verb is about ("discuter de la réunion", "discuss the
    talks"): another meeting than the one discussing it."""
    head = token.head
    return token.pos_ == "NOUN" and token.dep_ in TOPICS and head.pos_ == "VERB" and is_trigger(head.lemma_, ctx)


def _own_regions(triggers: list[Word], unit: Unit, ctx: DocumentContext) -> dict[tuple[int, int], set[tuple[int, int]]]:
    """The words of each meeting a unit tells apart: a trigger with the verbs it completes ("is
    expected to meet"), less the meetings coordinated with it; only where two or more of them name
    someone of their own (else the unit tells one meeting)."""
    anchors = {}
    for word in triggers:
        anchor = word.token
        while anchor.dep_ == "xcomp" and anchor.head.i != anchor.i:
            anchor = anchor.head
        anchors[token_key(anchor)] = anchor
    inside = {k for k, a in anchors.items() for other in anchors.values() if _nested(a, other)}
    tops = {k: a for k, a in anchors.items() if k not in inside}
    regions = {}
    for key, anchor in tops.items():
        below = {
            token_key(t)
            for other in tops.values()
            if other.i != anchor.i and anchor.is_ancestor(other)
            for t in other.subtree
        }
        regions[key] = {token_key(t) for t in anchor.subtree if unit.has(t)} - below
    named = [k for k, r in regions.items() if _names_someone(r, unit, ctx)]
    return regions if len(named) >= 2 and len(named) == len(regions) else {}


def _nested(token: Token, other: Token) -> bool:
    """Whether a meeting word stands inside another's words, not coordinated with it."""
    if token.i == other.i or not other.is_ancestor(token):
        return False
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        if node.i == other.i:
            return False
    return True


def _names_someone(region: set[tuple[int, int]], unit: Unit, ctx: DocumentContext) -> bool:
    part = _within(unit, region)
    return bool(ctx.entities_in(part.words, "PER") or sides(part, ctx))


def _read_one(unit: Unit, triggers: list[Word], ctx: DocumentContext) -> list[Claim]:
    # the meeting's own word first: not one told as what came before or after ("Après sa visite à
    # Moscou, Witkoff a rencontré Zelensky": the meeting is no visit, Moscow not its place)
    triggers = sorted(triggers, key=lambda w: _sequenced(w.token, ctx))
    sentence = ctx.document.text[unit.sentence.start : unit.sentence.end]
    said = _words_text(unit)
    tokens = [w.token for w in triggers]
    participants = people_named(said, unit, tokens, ctx) | sides(unit, ctx) | pronoun_subject(tokens[0], unit, ctx)
    if len(participants) < 2 and unit.attribution is not None:
        unit = _cut_short(unit, triggers[0], ctx)  # "a annoncé que Witkoff rencontrera | Poutine demain"
        said = _words_text(unit)
        participants = people_named(said, unit, tokens, ctx) | sides(unit, ctx)
    if len(participants) < 2:
        return []
    place, when, when_text = _where_and_when(unit, triggers[0].token, ctx)
    text = unit.text(ctx.document)
    clause = clause_text(triggers[0].token, unit)
    stance, hedges = stance_of(unit, triggers[0].token, clause, False, ctx.rules)
    verbs = [t for t in [triggers[0].token, *triggers[0].token.ancestors][:3] if t.pos_ in ("VERB", "AUX")]
    planned = ctx.rules.phrases_in(ctx.rules.planned, fold(clause)) or any(
        "Fut" in t.morph.get("Tense", []) for v in verbs for t in [v, *v.children]
    )
    if planned and stance is Stance.DENIES:
        return []  # "no meeting between Putin and Trump is planned": says nothing of one held
    if _wished(triggers[0].token, ctx):
        return []  # "les Européens souhaitent rencontrer Zelensky": neither held nor set
    if planned:  # a definite announcement asserts the meeting, marked as planned; "pourraient" hedges it
        hedges = [*hedges, "planned"]
    args = {
        "participants": "; ".join(sorted(participants)),
        "place": place or "",
        "date": when.isoformat() if when else "",
    }
    outcomes = ctx.rules.phrases_in(ctx.rules.outcomes, fold(sentence))
    if outcomes:
        args["outcome"] = ", ".join(sorted(outcomes))
    return [
        Claim(
            type=ClaimType.MEETING,
            key=f"meeting|{place or '?'}|{args['date'] or '?'}",
            args=args,
            stance=stance,
            source=unit.source,
            span=unit.span,
            evidence=text,
            date=when,
            date_text=when_text,
            hedges=tuple(hedges),
            attribution=unit.attribution,
            sentence=unit.sentence,
        )
    ]


def _where_and_when(unit: Unit, trigger: Token, ctx: DocumentContext) -> tuple[str | None, date | None, str | None]:
    """The meeting's place and day: in its unit's words, else in its sentence's. A meeting told
    only as what came before or after another event ("he had spoken with Kushner and Witkoff
    following their talks with Putin", "would return to Washington after the talks") has the
    place and day of its own words alone: the sentence's are that other event's. Reported words
    take no day from the saying around them ("Trump said on Thursday that the delegation had a
    very good talk with Putin": the talk was not Thursday's)."""
    sentence = ctx.document.text[unit.sentence.start : unit.sentence.end]
    whole = not _sequenced(trigger, ctx)
    if not whole:
        unit = _within(unit, {token_key(t) for t in trigger.subtree})
    said = _words_text(unit)
    place = _place(said, unit, trigger, ctx, NEUTRAL if whole else LOCATIVE)
    if place is None and whole and not _other_meeting(unit, ctx):
        every = replace(unit, words=ctx.words_in(unit.sentence), _keys=None, _starts=None)
        place = _place(sentence, every, trigger, ctx, NEUTRAL)
    when, when_text = event_date(said, ctx.document.published)
    if when is None and whole and unit.attribution is None:
        when, when_text = event_date(sentence, ctx.document.published)
    return place, when, when_text


def _wished(trigger: Token, ctx: DocumentContext) -> bool:
    """The meeting verb is the infinitive a verb of wishing governs ("souhaitent rencontrer",
    "want to meet")."""
    return "Inf" in trigger.morph.get("VerbForm", []) and fold(trigger.head.lemma_) in ctx.rules.wishes


def _cut_short(unit: Unit, trigger: Word, ctx: DocumentContext) -> Unit:
    """Reported words the attribution stage ended on the meeting verb ("Le Kremlin a annoncé que
    l'émissaire américain Steve Witkoff rencontrera | Vladimir Poutine demain à Moscou": the
    parser hung the person met on "annoncé") read on to the next punctuation of the sentence."""
    if not unit.words or unit.words[-1].start != trigger.start or unit.span.end >= unit.sentence.end:
        return unit
    rest = ctx.words_in(Span(unit.span.end, unit.sentence.end))
    stop = next((i for i, w in enumerate(rest) if w.token.pos_ == "PUNCT"), len(rest))
    if stop == 0:
        return unit
    words = [*unit.words, *rest[:stop]]
    return replace(unit, words=words, span=Span(unit.span.start, words[-1].end), _keys=None, _starts=None)


def _other_meeting(unit: Unit, ctx: DocumentContext) -> bool:
    """Whether the sentence tells another meeting outside the unit: then a place outside the unit
    may be that one's ("after talks in Florida, the Kremlin said Witkoff will meet Putin")."""
    return any(
        not unit.has(w.token) and w.token.pos_ in ("NOUN", "VERB") and is_trigger(w.token.lemma_, ctx)
        for w in ctx.words_in(unit.sentence)
    )


def _words_text(unit: Unit) -> str:
    return " ".join(w.token.text for w in unit.words)


def _place(text: str, unit: Unit, trigger: Token, ctx: DocumentContext, loosest: int) -> str | None:
    """Where it happened: a place or venue after "à", "au", "en" wins; one after "de" or before a
    title is someone's title ("l'envoyé de la Maison Blanche", "a Kremlin aide"), not a meeting
    place; one in a clause the meeting word is not in is what that clause tells ("told Putin
    during a visit … that troops had captured Pokrovsk"). Ranks past ``loosest`` are not read: in
    the words of a meeting told after another event only a place it was *in* is its own ("went to
    the embassy after the talks to brief the White House")."""
    candidates: list[tuple[int, int, str]] = []
    for entity in ctx.entities_in(unit.words, "LOC"):
        words = ctx.words_in(entity.span)
        if not linked(words, [trigger], unit, ctx.rules) or _another_event(words, trigger, ctx):
            continue
        if any(as_side(w.token, ctx) for w in words):  # "talks between Washington and Moscow": who, not where
            continue
        if _before_title(fold(ctx.document.text[entity.span.end : entity.span.end + TITLE_TEXT]), ctx):
            continue  # "the White House special envoy": someone's title
        folded = fold(entity.text)
        place = ctx.rules.venues.get(folded) or _city(entity.text, ctx)
        if place:
            candidates.append((_preposition_rank(ctx.document.text, entity.span.start, ctx), entity.span.start, place))
    folded_text = fold(text)
    for venue, city in ctx.rules.venues.items():
        at = f" {folded_text}".find(f" {venue}")
        if at >= 0 and not _before_title(folded_text[at + len(venue) :], ctx):
            candidates.append((_preposition_rank(folded_text, max(0, at - 1), ctx), at, city))
    candidates = [c for c in candidates if c[0] <= loosest]
    return min(candidates)[2] if candidates else None


def _another_event(words: list[Word], trigger: Token, ctx: DocumentContext) -> bool:
    """The place hangs on the meeting word through "after" or "before" ("After wrapping up in
    Moscow, the delegation plans … talks with Zelensky", "after their Moscow trip", "After talks in
    Miami, Witkoff met Putin in Moscow", "Before flying to Moscow"): where something else
    happened; not after an arrival there ("After landing in Moscow, Witkoff met Putin")."""
    if not words:
        return False
    own = {t.i for t in [trigger, *trigger.ancestors]}
    path: list[Token] = []
    for node in [words[0].token, *words[0].token.ancestors]:
        if node.i in own:
            return False
        path.append(node)
        sequence = _sequence_word(node, ctx)
        if sequence is not None:
            told = {fold(t.lemma_) for n in path for t in (n, *n.children)}
            return not (sequence in ctx.rules.arrivals_after and told & ctx.rules.arrivals)
    return False


def _sequence_word(node: Token, ctx: DocumentContext) -> str | None:
    """The "after" or "before" the node is, or that introduces it ("après la réunion")."""
    marks = [fold(node.lemma_), *(fold(c.lemma_) for c in node.children if c.dep_ in ("case", "mark"))]
    return next((m for m in marks if m in ctx.rules.sequence), None)


def _sequenced(token: Token, ctx: DocumentContext) -> bool:
    """A meeting word "after" or "before" introduces ("after his visit", "avant la réunion")."""
    return _sequence_word(token, ctx) is not None or (
        token.head.i != token.i and token.dep_ == "pobj" and fold(token.head.lemma_) in ctx.rules.sequence
    )


TITLE_TEXT = 60  # characters read after a place's name for a title it qualifies
TITLE_REACH = 2  # words after a venue's name that may hold the title it qualifies ("White House special envoy")


def _before_title(after: str, ctx: DocumentContext) -> bool:
    """Whether a venue's name qualifies the title after it ("Kremlin spokesperson", "the White
    House special envoy")."""
    phrase = re.split(r"[^\w\s'-]", after, maxsplit=1)[0]  # "inside the Kremlin, Russian President …": not
    return any(word in ctx.rules.title_nouns for word in phrase.split()[:TITLE_REACH])


LOCATIVE, NEUTRAL, GENITIVE = 0, 1, 2


def _preposition_rank(text: str, start: int, ctx: DocumentContext) -> int:
    before = fold(text[max(0, start - 12) : start]).replace("'", "' ").split()
    if not before:
        return NEUTRAL
    r = ctx.rules
    if before[-1] in r.locatives or (before[-1] in r.titles.articles and len(before) > 1 and before[-2] in r.locatives):
        return LOCATIVE
    if before[-1] in r.genitives:
        return GENITIVE
    return NEUTRAL


def _city(name: str, ctx: DocumentContext) -> str | None:
    place = ctx.gazetteer.lookup(name, ctx.countries)
    return place.name if place else None
