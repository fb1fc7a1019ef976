"""Claims of one document: each source's units read by the claim readers, in reading order."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from claimscope.claims.context import DocumentContext, Unit, Word
from claimscope.claims.control import read_control
from claimscope.claims.meeting import read_meeting
from claimscope.claims.premodified import read_premodified, read_premodified_described
from claimscope.claims.relations import read_described, read_relations
from claimscope.claims.rules import rules
from claimscope.claims.sources import credited_party, narrator, speaker_source
from claimscope.claims.stance import CONDITIONAL
from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase, knowledge
from claimscope.nlp.parsing import ParsedDocument, sentences
from claimscope.records import Attribution, Claim, ClaimType, EntityMention, Kind, Source, Span, SpanSet, Stance
from claimscope.text import fold

UnitReader = Callable[[Unit, DocumentContext], list[Claim]]
ANAPHORIC_MAX_WORDS = 8
NARRATED_SUBJECT_WINDOW = 5  # words: "Cependant, ces affirmations …"
MAX_UNIT_WORDS = 300  # words of a unit read for claims: run-on text is not read again in full for every voice
UNIT_READERS: dict[str, UnitReader] = {"control": read_control, "meeting": read_meeting}
ANTECEDENTS = (ClaimType.CONTROL, ClaimType.MEETING)
KNOWN_SIDES = frozenset(
    {"russia", "ukraine", "us", "europe"}
)  # parties of claims.yaml, not observers  # what "cette information" can be; not a title


def extract(parsed: ParsedDocument, attributions: list[Attribution], entities: list[EntityMention]) -> list[Claim]:
    ctx = _context(parsed, entities)
    premodified = ctx.rules.titles.complement_before_noun  # "Trump's son-in-law": English
    read_titles = read_premodified if premodified else read_relations
    read_speaker_titles = read_premodified_described if premodified else read_described
    document = parsed.document
    outlet = narrator(document)
    spans = [span for _para, _sent, span in sentences(parsed)]
    touching = _by_sentence(spans, attributions)
    for number, span in enumerate(spans):
        near = [(i, attributions[i]) for i in touching[number]]
        reported = [(i, a) for i, a in near if span.start <= a.content.start < span.end]
        for unit in [*_reported_units(reported, span, ctx), _narration_unit(span, [a for _, a in near], ctx, outlet)]:
            kind = attributions[unit.attribution].kind if unit.attribution is not None else None
            ctx.claims.extend(_writer_hedged(_read(unit, ctx), unit, kind, ctx, outlet))
        titles = [c for c in read_titles(span, ctx, outlet) if not any(_across_a_seam(c.span, a) for _, a in near)]
        ctx.claims.extend(_voiced(titles, reported, ctx))
    ctx.claims.extend(read_speaker_titles(attributions, ctx, outlet))
    ctx.claims.extend(_statements(attributions, ctx))
    return _deduplicated(ctx.claims)


def _by_sentence(spans: list[Span], attributions: list[Attribution]) -> list[list[int]]:
    """For each sentence, the attributions whose content, speaker or cue touch it (found once by
    bisection, not by scanning every attribution for every sentence)."""
    starts = [s.start for s in spans]
    touching: list[set[int]] = [set() for _ in spans]
    for index, attribution in enumerate(attributions):
        parts = [attribution.content]
        parts += [attribution.speaker.span] if attribution.speaker else []
        parts += [attribution.cue.span] if attribution.cue else []
        for part in parts:
            first = max(0, bisect_right(starts, part.start) - 1)
            for number in range(first, bisect_left(starts, max(part.end, part.start + 1))):
                touching[number].add(index)
    return [sorted(found) for found in touching]


def _context(parsed: ParsedDocument, entities: list[EntityMention]) -> DocumentContext:
    kb = knowledge()
    words = [Word(para.span.start + tok.idx, tok) for para, doc in parsed.paragraphs for tok in doc]
    missed = _missed_people(words, entities, kb)
    whole = SpanSet([e.span for e in missed])
    entities = [_as_person(e, kb) for e in entities if not whole.covers(e.span.start)] + missed
    places = gazetteer()
    countries = {places.country(e.text) for e in entities if e.label == "LOC"}
    countries |= {places.country(w.token.text) for w in words if w.token.pos_ == "ADJ"}
    ranked = tuple(sorted(c for c in countries if c))
    home = places.home_country(e.text for e in entities if e.label == "LOC")
    home_name = places.country_name(home) if home else None
    return DocumentContext(
        parsed.document, words, entities, ranked, rules(parsed.document.language), kb, places, home=home_name
    )


MAX_NAME_WORDS = 4  # "Ursula von der Leyen"


def _missed_people(words: list[Word], entities: list[EntityMention], kb: KnowledgeBase) -> list[EntityMention]:
    """Full names of known people the tagger did not find ("Rustem Umerov" opening a paragraph) or
    cut in pieces ("Ursula" and "Leyen" of "Ursula von der Leyen"): the longest name first."""
    taken = SpanSet([e.span for e in entities])
    found: list[EntityMention] = []
    for at, first in enumerate(words):
        if not first.token.text[:1].isupper() or (found and found[-1].span.end > first.start):
            continue
        for size in range(MAX_NAME_WORDS, 1, -1):
            run = words[at : at + size]
            last = run[-1]
            if len(run) < size or not last.token.text[:1].isupper():
                continue
            if any(b.start != a.end + 1 for a, b in pairwise(run)):
                continue
            name = " ".join(w.token.text for w in run)
            person = kb.person(name)
            split = size > 2 and any(e.span.start >= first.start and e.span.end <= last.end for e in entities)
            if person and (split or not (taken.covers(first.start) or taken.covers(last.start))):
                found.append(EntityMention(Span(first.start, last.end), name, "PER", person.name))
                break
    return found


def _as_person(entity: EntityMention, kb: KnowledgeBase) -> EntityMention:
    """A person the knowledge base knows, whatever label the tagger gave the name (a small English
    model files "Witkoff" under LOC and "Kushner" under ORG): claims are about people."""
    person = kb.person(entity.name) or kb.person(entity.text) or kb.person(_without_possessive(entity.name))
    if entity.label == "PER" and (person is None or person.name == entity.name):
        return entity
    if person:
        return replace(entity, label="PER", name=person.name)
    words = entity.text.split()
    for size in (3, 2):  # "Defense Council Rustem Umerov": a title's last words and a known name
        tail = " ".join(words[-size:])
        person = kb.person(tail) if len(words) > size else None
        if person and entity.text.endswith(tail):
            span = Span(entity.span.end - len(tail), entity.span.end)
            return replace(entity, span=span, text=tail, label="PER", name=person.name)
    return entity


def _without_possessive(name: str) -> str:
    """ "Donald Trump's", a name the tagger took with its possessive."""
    return re.sub(r"['’]s$", "", name)


def _across_a_seam(span: Span, attribution: Attribution) -> bool:
    """A title and a name a comma joins across the seam between what is said and who says it
    ("talks with Trump's envoys, Zelensky said"; "According to Zelenskyy, the American
    representatives know …"): no apposition."""
    speaker = attribution.speaker
    if speaker is None or attribution.content.overlap(speaker.span):
        return False
    return bool(span.overlap(speaker.span) and span.overlap(attribution.content))


def _voiced(claims: list[Claim], reported: list[tuple[int, Attribution]], ctx: DocumentContext) -> list[Claim]:
    """An apposition inside someone's quoted words ("deux représentants du président américain,
    Steve Witkoff et Jared Kushner", in Ouchakov's statement) is that speaker's; in indirect
    speech, descriptions of people are the writer's own words."""
    voiced = []
    quoted = [(i, a) for i, a in reported if a.kind is Kind.DIRECT]
    for claim in claims:
        inside = next(((i, a) for i, a in quoted if a.content.start <= claim.span.start < a.content.end), None)
        if inside is not None:
            index, attribution = inside
            claim = replace(claim, source=speaker_source(attribution, ctx.document, ctx.rules), attribution=index)
        voiced.append(claim)
    return voiced


def _reported_units(reported: list[tuple[int, Attribution]], sentence: Span, ctx: DocumentContext) -> list[Unit]:
    units = []
    for index, attribution in reported:
        source = speaker_source(attribution, ctx.document, ctx.rules)
        cls = attribution.cue.cls if attribution.cue else None
        inner = SpanSet(_nested_voices(attribution, [a for i, a in reported if i != index], ctx))
        words = [w for w in ctx.words_in(attribution.content)[:MAX_UNIT_WORDS] if not inner.covers(w.start)]
        units.append(Unit(words, attribution.content, sentence, source, cls, index))
    return units


def _nested_voices(outer: Attribution, others: list[Attribution], ctx: DocumentContext) -> list[Span]:
    """The words of another side told inside someone's reported words: in "La Russie affirme
    avoir pris Pokrovsk, une information démentie par Kiev qui assure que les combats se
    poursuivent", Kiev's denial and its "combats" are not Russia's, who claims the whole town. A
    report inside a report of the same side ("le Kremlin a indiqué que des commandants avaient
    informé Poutine de la prise de …") stays the outer speaker's."""
    content = outer.content
    party = speaker_source(outer, ctx.document, ctx.rules).party
    spans = []
    for other in others:
        parts = [
            other.content,
            *([other.cue.span] if other.cue else []),
            *([other.speaker.span] if other.speaker else []),
        ]
        if other.content == content or not all(content.start <= p.start and p.end <= content.end for p in parts):
            continue
        side = speaker_source(other, ctx.document, ctx.rules).party
        if (other.cue and other.cue.cls == "deny") or (side in KNOWN_SIDES and party in KNOWN_SIDES and side != party):
            spans.append(Span(min(p.start for p in parts), max(p.end for p in parts)))
    return spans


def _narration_unit(sentence: Span, attributions: list[Attribution], ctx: DocumentContext, outlet: Source) -> Unit:
    """The sentence without reported words, speakers and cues: what the outlet says itself."""
    taken = [a.content for a in attributions if a.content.overlap(sentence)]
    taken += [a.speaker.span for a in attributions if a.speaker and a.speaker.span.overlap(sentence)]
    taken += [a.cue.span for a in attributions if a.cue and a.cue.span.overlap(sentence)]
    covered = SpanSet(taken)
    words = [w for w in ctx.words_in(sentence)[:MAX_UNIT_WORDS] if not covered.covers(w.start)]
    return Unit(words, sentence, sentence, outlet)


def _read(unit: Unit, ctx: DocumentContext) -> list[Claim]:
    anaphoric = _anaphoric(unit, ctx)
    if anaphoric:
        return anaphoric
    found: list[Claim] = []
    for reader in UNIT_READERS.values():
        found.extend(reader(unit, ctx))
    return found


def _writer_hedged(
    claims: list[Claim], unit: Unit, kind: Kind | None, ctx: DocumentContext, outlet: Source
) -> list[Claim]:
    """ "Russia claimed it had captured Pokrovsk, in what would be an important victory if
    confirmed", "la Russie a déclaré la «prise» de villes", "Selon des sources russes, la ville
    serait occupée": the reserve is the writer's, said inside the reported words (not in a direct
    quote: the speaker's own; and for a capture, only in its claimant's words). The speaker
    asserts; the outlet holds the claim with reserve."""
    if kind is None or kind is Kind.DIRECT:
        return claims
    marks = ctx.rules.writer_hedges
    if kind is Kind.ACCORDING_TO:
        marks = marks | ctx.rules.according_to_hedges
    if not marks:
        return claims
    said = set(ctx.rules.phrases_in(marks, fold(unit.text(ctx.document))))
    found = []
    for claim in claims:
        reserve = said | {h for h in claim.hedges if h in marks}
        if reserve & ctx.rules.according_to_hedges:
            reserve.add(CONDITIONAL)  # the mood "serait" marks is the writer's too
        if claim.type not in ANTECEDENTS or not reserve or not _claimant_speaks(claim):
            found.append(claim)
            continue
        own = tuple(h for h in claim.hedges if h not in reserve)
        speaker = (
            replace(claim, hedges=own, stance=Stance.ASSERTS) if claim.stance is Stance.HEDGED and not own else claim
        )
        found += [
            speaker,
            replace(claim, stance=Stance.HEDGED, source=outlet, hedges=tuple(sorted(reserve)), attribution=None),
        ]
    return found


def _claimant_speaks(claim: Claim) -> bool:
    """The speaker is the side a capture credits ("les Russes ont affirmé la prétendue prise"):
    the reserve is then the writer's. Another side's "prétendue prise", a denier's scorn, an
    observer's or a rival's hypothesis ("Selon Zelensky, sans l'aide américaine, les Russes
    auraient pris Kharkiv") are the speaker's own."""
    if claim.stance is Stance.DENIES:
        return False
    return claim.type is not ClaimType.CONTROL or claim.source.party == credited_party(claim)


def _anaphoric(unit: Unit, ctx: DocumentContext) -> list[Claim]:
    """Reported words "cette information" after "a démenti", or the article's own "ces
    affirmations ne correspondent pas à la réalité": a stance on the claim made just before (on
    each place that claim named: "la prise de Pokrovsk et de Vovchansk")."""
    if unit.attribution is not None:
        if len(unit.words) > ANAPHORIC_MAX_WORDS:
            return []  # "cette information", "ces affirmations": a few words, never a long quote
        content = fold(unit.text(ctx.document)).strip(" .,;")
        if content not in ctx.rules.anaphoric_contents:
            return []
        stance: Stance | None = Stance.DENIES if unit.cue_class == "deny" else Stance.ASSERTS
    else:
        stance = _narrated_verdict(unit, ctx)
    if stance is None:
        return []
    earlier = [
        c
        for c in ctx.claims
        if c.type in ANTECEDENTS
        and (
            c.span.end <= unit.span.start
            or (unit.attribution is not None and c.attribution != unit.attribution and c.span.start < unit.span.start)
        )
    ]  # or begun before: "avoir pris Pokrovsk, une information démentie par Kiev" holds the denial
    if not earlier:
        return []
    nearest = max(earlier, key=lambda c: c.span.start)  # the nearest event told before
    told = {c.key: c for c in earlier if c.type is nearest.type and c.sentence == nearest.sentence}
    return [
        replace(
            antecedent,
            args=dict(antecedent.args),
            stance=stance,
            source=unit.source,
            span=unit.sentence,
            evidence=ctx.document.text[unit.sentence.start : unit.sentence.end],
            hedges=(),
            attribution=unit.attribution,
            sentence=unit.sentence,
        )
        for antecedent in told.values()
    ]


def _narrated_verdict(unit: Unit, ctx: DocumentContext) -> Stance | None:
    """The narration judging the claim before it: an anaphoric subject ("ces affirmations")
    opening the sentence, with a negation or a denial word; or saying it cannot check what was
    claimed ("Reuters could not independently verify either side's assertions")."""
    if ctx.rules.phrases_in(ctx.rules.unverified, fold(" ".join(w.token.text for w in unit.words))):
        return Stance.HEDGED
    words = [fold(w.token.text) for w in unit.words[:NARRATED_SUBJECT_WINDOW]]
    opening = " ".join(words)
    if not any(f" {phrase} " in f" {opening} " for phrase in ctx.rules.anaphoric_contents if " " in phrase):
        return None
    said = {fold(w.token.text) for w in unit.words}
    if said & (ctx.rules.negators | ctx.rules.denial_words):
        return Stance.DENIES
    return None


def _statements(attributions: list[Attribution], ctx: DocumentContext) -> list[Claim]:
    """statement(speaker, topic, text) for reported words no other reader made a claim of."""
    covered = {c.attribution for c in ctx.claims if c.attribution is not None}
    found = []
    for index, attribution in enumerate(attributions):
        if index in covered:
            continue
        source = speaker_source(attribution, ctx.document, ctx.rules)
        text = ctx.document.text[attribution.content.start : attribution.content.end]
        topic = _topic(attribution.content, ctx)
        digest = hashlib.sha1(fold(text).encode()).hexdigest()[:10]
        stance = Stance.DENIES if attribution.cue and attribution.cue.cls == "deny" else Stance.ASSERTS
        found.append(
            Claim(
                type=ClaimType.STATEMENT,
                key=f"statement|{source.name}|{digest}",
                args={"speaker": source.name, "topic": topic, "text": text, "kind": attribution.kind.value},
                stance=stance,
                source=source,
                span=attribution.content,
                evidence=text,
                date=ctx.document.published,
                attribution=index,
            )
        )
    return found


def _topic(content: Span, ctx: DocumentContext) -> str:
    """The first person or place the reported words are about."""
    words = ctx.words_in(content)
    for label in ("PER", "LOC", "ORG"):
        for entity in ctx.entities_in(words, label):
            return entity.name
    return ""


def _deduplicated(claims: list[Claim]) -> list[Claim]:
    """One claim per proposition, source and stance in each statement of a document: the first
    occurrence (a meeting's key holds its place and day, not who met: two meetings of one place
    are two); a statement of the same day told inside another of the same source (a quote within
    its reported words) is the same one. A source that denies a proposition and also says it holds
    part of the place denies it ("we deny the capture … we continue to hold the northern part"):
    its partial claim is left out."""
    seen: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    denied = {(c.key, c.source.name) for c in claims if c.stance is Stance.DENIES}
    kept = []
    for claim in sorted(claims, key=lambda c: c.span.start):
        if claim.stance is Stance.PARTIAL and (claim.key, claim.source.name) in denied:
            continue
        key = (claim.key, claim.args.get("participants", ""), claim.source.name, claim.stance.value)
        if any(
            c.attribution == claim.attribution or (c.span.overlap(claim.span) and c.date == claim.date)
            for c in seen[key]
        ):
            continue
        seen[key].append(claim)
        kept.append(claim)
    return kept
