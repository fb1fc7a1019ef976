"""English cue verbs: `X said (that) …`, `X told reporters …`, `X said: "…"`, `"…," X said`,
`"…," said X`, `…, the ministry said.`, `X claimed to have …`, `X denied the reports`, `The visit
was confirmed by X`, headlines (`Putin says …`) and participial continuations (`…, adding that …`).
What follows a cue is read in content.py, what precedes it in incise.py."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext
from claimscope.attribution.english.content import (
    balanced,
    content_after,
    cue_entry,
    marked,
    qualified_words,
    qualifier,
)
from claimscope.attribution.english.grammar import (
    EMPTY_SUBJECTS,
    INFERENCES,
    TIME_NOUNS,
    bound_antecedent,
    finite,
    fronted_apposed,
    hypothetical,
    last_apposed,
    mention,
    negated,
    participle,
    passive_quoted,
    quoted_subject,
    subject_of,
)
from claimscope.attribution.english.incise import content_before, content_within, incise_subject
from claimscope.attribution.lexicon import VerbCue
from claimscope.records import Attribution, Kind, Span

HEADLINE_SUBJECT_TOKENS = 5  # "Putin", "Russia's Defense Ministry", "Kremlin aide Yuri Ushakov"
SPLIT_QUOTE = "split_quote"


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for verb in ctx.sent:
        entry = cue_entry(ctx, verb)
        if entry is None or ctx.inside_quote(ctx.offset(verb)) or negated(verb) or _free_relative(ctx, verb):
            continue
        if hypothetical(verb, ctx.lexicon.forecast_modals, ctx.lexicon.hypothesis_marks):
            continue
        quoted_as = passive_quoted(verb)
        continuing = quoted_as is None and participle(verb)
        if quoted_as is None and not continuing and not finite(verb):
            continue
        agent = _agent(verb)
        if agent is not None:  # "The visit was confirmed by Yuri Ushakov", "…, described by X as Y"
            content = _passive_content(ctx, verb, entry)
            if content is not None:
                yield ctx.attribution(mention(agent, ctx.base), ctx.cue(verb, entry), content, 0.75, "agentive")
            continue
        if entry.incise_only and continuing:
            continue  # "…, continuing the talks": a cue only ever an incise reports nothing as a participle
        if continuing:
            if _inferred(ctx, verb):
                continue
            subject = _continued_subject(ctx, verb, entry.cls not in ctx.lexicon.sourcing_classes)
        else:
            subject = quoted_as or subject_of(verb) or fronted_apposed(verb) or _headline_subject(ctx, verb)
            subject = subject or incise_subject(ctx, verb, entry.incise_only)
            if subject is not None and subject.dep_ == "nsubj":
                # "A, B's president, C, said": C; "Russia framed … what it calls …": Russia
                subject = last_apposed(subject) or bound_antecedent(subject) or subject
        if subject is None or subject.lower_ in EMPTY_SUBJECTS or subject.pos_ in {"VERB", "AUX"}:
            continue
        speaker = mention(subject, ctx.base)
        cue = ctx.cue(verb, entry)
        construction = "participial" if continuing else "headline" if ctx.is_heading else "reported"
        after = None if entry.incise_only else content_after(ctx, verb, entry)
        within = None if continuing or after is not None else content_within(ctx, verb)
        if within is not None:  # "Those signs, he says, will be posted outside"
            yield ctx.attribution(speaker, cue, within.span, within.confidence, "incise")
            continue
        before = None if continuing else content_before(ctx, verb, subject, after is None)
        if before is not None and after is not None and before.quoted and after.quoted:  # "A," he said, "B."
            yield ctx.attribution(speaker, cue, before.span, 0.9, SPLIT_QUOTE, Kind.DIRECT)
            yield ctx.attribution(speaker, cue, after.span, 0.9, SPLIT_QUOTE, Kind.DIRECT)
            continue
        # "…," he said vs. `"substantive," they acknowledged that …`: an explicit that-clause wins
        found = before if before is not None and ((before.quoted and not marked(after)) or after is None) else after
        if found is None:
            continue
        if found is before:
            construction = "inverted"
        confidence = found.confidence - (0.1 if continuing else 0.0)
        yield ctx.attribution(speaker, cue, balanced(ctx.text, found.span), confidence, construction)


def _inferred(ctx: SentenceContext, verb: Token) -> bool:
    """ "…, suggesting that …" right after a fact ("a video that was released by the Kremlin on
    Monday, suggesting it was timed to …"; "Also taking part was Kirill Dmitriev, signalling …"):
    the writer's conclusion, when the verb just before the participle reports no saying and is
    not part of what a saying reports ("accused Russia of going through the motions, suggesting
    that …" is the accusers'); a relative clause is a fact about a thing."""
    if verb.lemma_.lower() not in INFERENCES:
        return False
    last = next((t for t in reversed(verb.doc[verb.sent.start : verb.i]) if t.pos_ == "VERB"), None)
    for node in [last, *last.ancestors] if last is not None else []:
        if cue_entry(ctx, node) is not None:
            return False
        if node.dep_ in {"relcl", "acl"}:
            return True
    return True


def _continued_subject(ctx: SentenceContext, verb: Token, may_front: bool) -> Token | None:
    """`…, adding that …`: the subject of the nearest governing verb that has one, outside
    quoted words, first that of a participle it is coordinated with ("with Putin inviting X and
    calling it Y"); after a fronted participle, the subject that follows it ("Accusing X of Y,
    the minister said …"), unless the participle names a source ("Citing data, X said")."""
    found = []
    for ancestor in verb.ancestors:
        if ancestor.pos_ not in {"VERB", "AUX"} or _subordinate(ancestor):
            continue  # "said when a reporter asked him, adding …": the subordinate clause is not who adds
        subject = subject_of(ancestor) or quoted_subject(ancestor)  # "was quoted as saying, adding"
        if subject is None or ctx.inside_quote(ctx.offset(subject)):
            continue
        fronted = may_front and verb.dep_ == "advcl" and verb.head.i == ancestor.i and verb.right_edge.i < subject.i
        if subject.i < verb.i or fronted:
            if cue_entry(ctx, ancestor) is not None or (verb.dep_ == "conj" and ancestor.i == verb.head.i):
                return subject  # "denied reports that X captured …, insisting …": the denier insists
            found.append(subject)
    return found[0] if found else None


def _free_relative(ctx: SentenceContext, verb: Token) -> bool:
    """`what it said were "loud statements"`: the writer's words about a statement, not one
    (but `in what both sides described as "…"` reports their words: the "as" phrase, unless
    the phrase is what another cue reports: `dismissed what it described as …`, or lies in a
    clause another cue reports: `said they should recognise what he called "the realities"`)."""
    if not any(c.lower_ == "what" and c.i < verb.i for c in verb.children):
        return False
    entry = cue_entry(ctx, verb)
    if entry is None or qualifier(ctx, verb, entry) is None or cue_entry(ctx, verb.head) is not None:
        return True
    return any(a.dep_ == "ccomp" and cue_entry(ctx, a.head) is not None for a in verb.ancestors)


def _agent(verb: Token) -> Token | None:
    """The speaker of a passive cue: "confirmed by X"."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is not None and (agent.text[:1].isdigit() or agent.lemma_.lower() in TIME_NOUNS):
        return None  # "declared extinct by the 1970s", "done by Friday": a time
    return agent


def _passive_content(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Span | None:
    """What a passive cue reports: its passive subject ("The visit was confirmed by …"), or what
    a naming cue calls it ("The talks were described by X as 'useful'": 'useful')."""
    quality = qualifier(ctx, verb, entry)
    words = qualified_words(quality) if quality is not None else []
    if words:
        return ctx.token_span(words[0], words[-1])
    subject = next((c for c in verb.children if c.dep_ in {"nsubjpass", "csubjpass"}), None)
    if subject is None or subject.lower_ in EMPTY_SUBJECTS or subject.pos_ == "PRON":
        return None
    tokens = sorted(subject.subtree, key=lambda t: t.i)
    return ctx.token_span(tokens[0], tokens[-1])


def _subordinate(verb: Token) -> bool:
    """A clause opened by "when", "while", "as", "after" …: no main clause's speaker."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in verb.children
    )


def _headline_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """`Putin says …`, `Kremlin hails victory`: a headline opens on its speaker, which the
    parser, unused to the telegraphic style, may leave unattached. Only a short capitalised
    phrase with no verb of its own counts."""
    if not ctx.is_heading:
        return None
    sent: SpacySpan = ctx.sent
    before = [t for t in sent.doc[sent.start : verb.i] if not t.is_space]
    if not before or len(before) > HEADLINE_SUBJECT_TOKENS or not before[0].text[:1].isupper():
        return None
    if any(t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"} or (t.is_punct and t.text != "'s") for t in before):
        return None
    nouns = [t for t in before if t.pos_ in {"NOUN", "PROPN"}]
    return nouns[-1] if nouns else None
