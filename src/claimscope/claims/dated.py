"""Which date phrases of a sentence date a claim: those attached to the claim's own clause. In
"On Tuesday, Ukraine's military insisted its forces held the city Russia claimed to have
captured", Tuesday dates the Ukrainian statement, not the Russian claim it answers; in "Russia
claimed the capture before a key meeting on Tuesday", it dates the meeting."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, token_key
from claimscope.claims.dates import DateMention
from claimscope.claims.sources import claim_verbs
from claimscope.records import Span
from claimscope.text import fold


def own_clause(trigger: Token, window: Span, ctx: DocumentContext) -> Callable[[DateMention], bool]:
    """Whether a date found in the window (offsets in its text) hangs on the trigger, one of the
    words above it up to the verb or noun that reports the claim, or on nothing at all; or stands
    in another parse tree (a sentence the parser split at a colon: nothing tells whose it is)."""
    chain = _own_chain(trigger, ctx)
    top = _root(trigger)

    def attached(mention: DateMention) -> bool:
        words = ctx.words_in(Span(window.start + mention.start, window.start + mention.end))
        inside = {token_key(w.token) for w in words}
        if not words:
            return True
        root = next((w.token for w in words if token_key(w.token.head) not in inside), words[0].token)
        governor = next((t for t in root.ancestors if t.pos_ != "ADP" and token_key(t) not in inside), None)
        return governor is None or token_key(governor) in chain or _root(governor) != top

    return attached


def _own_chain(trigger: Token, ctx: DocumentContext) -> set[tuple[int, int]]:
    """The trigger and the words above it, up to the first that reports a claim ("claimed",
    "said", "its statement about …"): the date of a clause higher up is another statement's."""
    reporting = next(claim_verbs(trigger, ctx.document.language or ""), None)
    chain = set()
    for node in (trigger, *trigger.ancestors):
        chain.add(token_key(node))
        if (reporting is not None and token_key(node) == token_key(reporting)) or (
            node is not trigger and fold(node.lemma_) in ctx.rules.claim_nouns
        ):
            break
    return chain


def _root(token: Token) -> tuple[int, int]:
    return token_key(next(iter(reversed(list(token.ancestors))), token))
