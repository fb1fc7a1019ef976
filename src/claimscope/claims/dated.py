"""Which date phrases of a sentence date a claim: not one that hangs on a statement above the
claim's own ("On Tuesday, Ukraine's military insisted its forces held the city Russia claimed to
have captured": Tuesday dates the Ukrainian statement, not the Russian claim it answers), nor one
that dates a meeting ("Russia claimed the capture before a key meeting on Tuesday")."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, token_key
from claimscope.claims.dates import DateMention
from claimscope.claims.sources import claim_verbs
from claimscope.records import Span
from claimscope.text import fold


def own_clause(
    trigger: Token, window: Span, unit: Unit, ctx: DocumentContext, reported: bool
) -> Callable[[DateMention], bool]:
    """Whether a date found in the window (offsets in its text) may date the trigger's claim. The
    claim's statement ends at the verb that reports it: a speaker's cue, just outside the reported
    words, or for a claim ``reported`` in the narration ("Russia claimed"), that claim verb."""
    chain = _own_chain(trigger, unit, ctx, reported)
    above = {token_key(t) for t in trigger.ancestors} - chain

    def attached(mention: DateMention) -> bool:
        words = ctx.words_in(Span(window.start + mention.start, window.start + mention.end))
        if not words:
            return True
        inside = {token_key(w.token) for w in words}
        root = next((w.token for w in words if token_key(w.token.head) not in inside), words[0].token)
        governor = next((t for t in root.ancestors if t.pos_ != "ADP" and token_key(t) not in inside), None)
        if governor is None:
            return True
        meeting = governor.pos_ == "NOUN" and fold(governor.lemma_) in ctx.rules.meeting_triggers
        return token_key(governor) not in above and not (meeting and token_key(governor) not in chain)

    return attached


def _own_chain(trigger: Token, unit: Unit, ctx: DocumentContext, reported: bool) -> set[tuple[int, int]]:
    """The trigger and the words above it, up to the speaker's cue (the first outside the reported
    words) or the claim verb with a subject of its own that reports it ("Russia claimed"; "n'a
    admis", coordinated with the verb that has the subject, is the same statement)."""
    reporting = {token_key(v) for v in claim_verbs(trigger, ctx.document.language or "")} if reported else set()
    chain = set()
    for node in (trigger, *trigger.ancestors):
        chain.add(token_key(node))
        cue = unit.attribution is not None and not unit.has(node)
        if cue or (token_key(node) in reporting and any(c.dep_.startswith("nsubj") for c in node.children)):
            break
    return chain
