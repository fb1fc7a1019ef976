"""Inverted reporting clauses: `« … », a indiqué X`, `Les combats continuent, affirme X`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.constructions.clitic import inversion
from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext, trim
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.quotes import Quote
from claimscope.attribution.tokens import (
    EMPTY_SUBJECTS,
    NEGATORS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    TIME_NOUNS,
    finite,
    infinitive,
    inverted_subject,
    is_negated,
    present_participle,
    subject_of,
    subject_set_apart,
    voice,
)
from claimscope.records import Attribution, Cue, Kind, Mention, Span

HEADLINE_MIN_WORDS = 4
LABEL_MAX_WORDS = 4
SENTENCE_END = re.compile(r"[.!?…][»”\"]?\s")
MIN_CLAUSE_WORDS = 3  # words before a quote that make a clause of their own ("Poutine a été informé du")
INCISE_OPENING = 4  # words after a comma up to an incise's cue ("a-t-il ajouté": a, -t, -il, ajouté)
SUBJECTS = SUBJECT_DEPS | {"expl:subj"}  # "il faut …": an impersonal subject is a subject of its own
NOMINALS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


CLOSING = frozenset({"parataxis", "advcl", "ccomp"})  # a cue hanging on the clause it closes


def _closes_clause(verb: Token) -> bool:
    """The cue hangs on the finite clause before its comma, or reports it as its complement:
    what it reports may stand before it ("Il faut agir vite, a estimé la Première ministre"),
    not after ("Le ministre, arrivé lundi, a annoncé une importante aide": a participle; "Le
    ministre est arrivé lundi, a annoncé une aide": a clause the cue governs as an adverbial)."""
    linked = [verb.head] if verb.dep_ in CLOSING and verb.head.i < verb.i else []
    linked += [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    return any(finite(t) for t in linked)


def _quote_around(ctx: SentenceContext, offset: int) -> Quote | None:
    return next(
        (q for q in ctx.quotes.overlapping(Span(offset, offset + 1)) if q.inner.start < offset < q.inner.end), None
    )


def _split_quote(ctx: SentenceContext, quote: Quote, speaker: Mention, cue: Cue) -> Iterator[Attribution]:
    """The quoted words before the incise, and those after the comma that closes it."""
    comma = ctx.text.find(",", speaker.span.end, quote.inner.end)
    parts = [trim(ctx.text, quote.inner.start, cue.span.start)]
    parts += [trim(ctx.text, comma + 1, quote.inner.end)] if comma >= 0 else []
    for part in parts:
        if part is not None:
            yield ctx.attribution(speaker, cue, part, 0.8, "split_quote", Kind.DIRECT)


def _has_subject(ctx: SentenceContext, span: Span) -> bool:
    """A subject among the words in ``span``: they are a clause the tagger read no verb in ("Les
    soldats ukrainiens contrôlent …", "contrôlent" an adjective) or the cue's own subject, not a
    phrase of time or source ("Lundi soir", "Selon nos informations")."""
    return any(t.dep_ in SUBJECT_DEPS for t in ctx.words(span))


def _after_incise(ctx: SentenceContext, speaker: Mention, cue: Cue, sentence_end: int) -> Span | None:
    """The words after the comma that closes the incise, if nothing but the incise comes before it."""
    end = max(speaker.span.end, cue.span.end)  # "a-t-il ajouté": the clitic speaker stands in the cue
    comma = ctx.text.find(",", end, sentence_end)
    if comma < 0 or ctx.text[end:comma].strip():
        return None
    return trim(ctx.text, comma + 1, sentence_end)


def _clause_after(ctx: SentenceContext, after: Span | None) -> Span | None:
    """What an incise that follows no clause reports: the clause after the comma that closes it
    ("Lundi soir, a précisé le ministère, trois personnes ont été arrêtées")."""
    return after if after is not None and ctx.is_clause(after) else None


def _predicate(ctx: SentenceContext, after: Span | None) -> Token | None:
    """The finite verb that opens the words after the incise when they are a predicate whose
    subject stands before it ("Le syndicat, a-t-il ajouté, refuse toute négociation"; "La
    « super-ligue », se désole X, est un danger"): past its clitics and negation ("ne se rendra
    pas"), a verb that gives no order and has no subject of its own after the incise ("il faut
    …", "sont arrivés 300 migrants"; one inside its complement, "estime que la réforme …", is
    another clause's)."""
    if after is None:
        return None
    words = ctx.words(after)
    first = next((t for t in words if t.lower_ not in NEGATORS and (t.pos_ != "PRON" or t.dep_ in SUBJECTS)), None)
    if first is None or first.pos_ not in ("VERB", "AUX") or not finite(first) or "Imp" in first.morph.get("Mood", []):
        return None
    head = first.head if first.dep_.startswith(("aux", "cop")) else first
    own = any(c.dep_ in SUBJECTS and ctx.offset(c) >= after.start for c in head.children)
    return None if own else first


def _subject_before(ctx: SentenceContext, part: Span | None, verb: Token) -> bool:
    """The words before the incise may be the subject of ``verb``, the predicate's after it: no
    clause ("Il faut agir vite, a estimé X") nor the opening of one ("Si le projet de loi",
    "L'homme qui"); a noun or pronoun last, not in a prepositional phrase ("À Paris"), not a time
    ("Dimanche", "Cette nuit"), and of the verb's number ("Cette nuit, …, sont arrivés 300
    migrants": the subject comes after)."""
    if part is None or ctx.is_clause(part):
        return False
    words = ctx.words(part)
    if any(t.pos_ == "SCONJ" or t.lower_ in RELATIVE_PRONOUNS for t in words):
        return False
    heads = [t for t in words if not part.start <= ctx.offset(t.head) < part.end or t.head.i == t.i]
    head = heads[-1] if heads else None
    if head is None or head.pos_ not in NOMINALS or head.lower_ in TIME_NOUNS:
        return False
    if any(c.dep_ == "case" for c in head.children):
        return False
    number = "Plur" if any(c.dep_ == "conj" for c in head.children) else "".join(head.morph.get("Number", []))
    agreed = "".join(verb.morph.get("Number", []))
    return not number or not agreed or number == agreed


def _until_next_incise(ctx: SentenceContext, part: Span) -> Span:
    """A predicate ends where another incise opens ("devra trancher, a ajouté son avocat")."""
    words = ctx.words(part)
    for comma in (t for t in words if t.text == ","):
        rest = [t for t in words if t.i > comma.i][:INCISE_OPENING]
        cue = next((t for t in rest if cue_entry(ctx, t) is not None), None)
        if cue is not None and all(t.dep_.startswith("aux") or t.pos_ == "PRON" for t in rest[: rest.index(cue)]):
            return trim(ctx.text, part.start, ctx.offset(comma)) or part
    return part


def _ends_heading(rest: str) -> bool:
    """Nothing but the rest of a name ("de Galhau") after the speaker of a headline."""
    return all(w[:1].isupper() or w in {"de", "du", "d'"} for w in rest.strip(' .!?»"”').split())


def _after_label(text: str, start: int, end: int) -> int:
    """Past a short label before a colon ("France : L'inflation…, dit X"): the reported words."""
    colon = text.find(":", start, end)
    if colon > start and len(text[start:colon].split()) <= LABEL_MAX_WORDS:
        return colon + 1
    return start


def _words_before(text: str, start: int, quote_start: int) -> bool:
    """A clause that the quote ending at the incise goes on ("Poutine a été informé du « … »"):
    the quote is a part of what is reported, not the whole of it. A phrase a comma sets apart
    ("Sur la question des territoires, « … »") frames the quote; a sentence ended before it is
    another one (the parser may run two sentences on)."""
    before = SENTENCE_END.split(text[start:quote_start])[-1].rstrip()
    return len(before.split()) >= MIN_CLAUSE_WORDS and not before.endswith((",", ":"))


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for token in ctx.sent:
        entry = cue_entry(ctx, token)
        # the tagger often reads an inverted "dit"/"lance" as a participle: only rule out
        # forms that cannot head an incise (infinitives, present participles)
        quoted = lambda t: ctx.inside_quote(ctx.offset(t))  # noqa: E731
        if entry is None or is_negated(token, quoted) or present_participle(token) or infinitive(token):
            continue
        clitic = inversion(ctx, token, entry)
        cue = clitic[1] if clitic else ctx.cue(token, entry)
        incise = ctx.is_incise(cue)
        sentence_start = ctx.offset(ctx.sent[0])
        # a sentence may also open with the incise ("– a déclaré Kovalenko.") after a quote
        leading = ctx.text[sentence_start : cue.span.start].strip(" -–—")
        # a headline may drop the comma ("L'inflation devrait baisser dit Villeroy de Galhau")
        headline = ctx.is_heading and len(leading.split()) >= HEADLINE_MIN_WORDS
        if not incise and not headline and (leading or ctx.quote_ending_at(cue.span.start) is None):
            continue
        before_subject = subject_of(token)
        if (
            clitic is None
            and before_subject is not None
            and before_subject.i < token.i
            and before_subject.lower_ not in EMPTY_SUBJECTS
            and not ctx.in_quote_closed_by(cue, before_subject)  # a word of the quote the incise closes
            and (not incise or subject_set_apart(before_subject, token))
        ):
            continue  # `Le colonel Goya, historien, souligne …`: the comma closes an apposition
        subject_only = ctx.quote_ending_at(cue.span.start) is not None  # nothing after it is its object
        subject = clitic[0] if clitic else inverted_subject(token, subject_only)
        if subject is None and clitic is None and incise and _closes_clause(token):
            subject = voice(inverted_subject(token, subject_only=True))
        if subject is None:
            continue
        around = _quote_around(ctx, cue.span.start)
        if around is not None:  # « …, poursuit-elle, … »: the incise splits one quote in two
            yield from _split_quote(ctx, around, mention_from(subject, ctx.base), cue)
            continue
        quote = ctx.quote_ending_at(cue.span.start)
        opening = _after_label(ctx.text, sentence_start, cue.span.start)
        content: Span | None
        if quote is not None and not _words_before(ctx.text, opening, quote.outer.start):
            content = quote.inner
            kind = Kind.DIRECT
        else:  # "Poutine a été informé du « transfert complet … », a déclaré Peskov": the whole clause
            content = trim(ctx.text, opening, cue.span.start)
            kind = Kind.INDIRECT
        speaker = mention_from(subject, ctx.base)
        sentence_end = ctx.offset(ctx.sent[-1]) + len(ctx.sent[-1].text)
        after = _after_incise(ctx, speaker, cue, sentence_end)
        subject_part = trim(ctx.text, opening, cue.span.start)
        predicate = _predicate(ctx, after) if incise and not ctx.is_heading else None
        if predicate is not None and _subject_before(ctx, subject_part, predicate):
            # "Le syndicat, a-t-il ajouté, refuse …": the subject before the incise, its verb after
            for part in (subject_part, _until_next_incise(ctx, after) if after else None):
                if part is not None:
                    yield ctx.attribution(speaker, cue, part, 0.8, "split_clause", ctx.kind_of(part))
            continue
        if content is not None and kind is Kind.INDIRECT and not ctx.is_heading and not ctx.is_clause(content):
            if not _has_subject(ctx, content):  # "Lundi soir, a précisé le ministère, trois personnes …"
                content = _clause_after(ctx, after)
            elif voice(subject) is None:  # "Le gouvernement … à travers son porte-parole, a confirmé la mort …"
                content = None
        if content is None:
            continue
        if (
            not incise
            and leading
            and (subject.pos_ != "PROPN" or not _ends_heading(ctx.text[speaker.span.end : sentence_end]))
        ):
            continue  # a headline's comma-less incise is a name that ends it: "… dit Villeroy de Galhau"
        yield ctx.attribution(speaker, cue, content, 0.8, "inverted", kind)
