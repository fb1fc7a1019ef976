"""The subject pronoun of a compound-tense incise: `», a-t-il ajouté`, `», a-t-elle d'abord
commenté`. The pronoun sits between the auxiliary and the participle, where a search for an
inverted subject after the verb never looks, and the parser often labels it `dep` or `expl`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext
from claimscope.attribution.lexicon import VerbCue
from claimscope.records import Cue, Span

MAX_GAP = 6  # tokens from the participle back to the pronoun ("a-t-il pour sa part souligné")
BETWEEN = {"ADV", "ADP", "DET", "NOUN", "PRON"}  # what an adverbial between them is made of


def inversion(ctx: SentenceContext, verb: Token, entry: VerbCue) -> tuple[Token, Cue] | None:
    """The pronoun, and the cue from its auxiliary to the participle (so that the comma before
    the auxiliary marks the incise)."""
    doc = verb.doc
    for token in reversed(doc[max(ctx.sent.start, verb.i - MAX_GAP) : verb.i]):
        if token.lower_ in ctx.lexicon.inverted_clitics:
            aux = token.i - 1
            while aux > ctx.sent.start and doc[aux].text.startswith("-"):
                aux -= 1  # the euphonic "-t" of "a-t-il"
            if aux < ctx.sent.start or doc[aux].lemma_ not in {"avoir", "être"}:
                return None
            start = ctx.offset(doc[aux])
            end = ctx.offset(verb) + len(verb.text)
            return token, Cue(Span(start, end), ctx.text[start:end], entry.lemma, entry.cls)
        if token.pos_ not in BETWEEN or token.is_punct:
            return None
    return None
