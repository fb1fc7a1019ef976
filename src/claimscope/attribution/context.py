"""What every construction rule sees of a sentence, and the helpers to turn tokens into spans."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.attribution.lexicon import REFLEXIVE_PREFIXES, Lexicon, VerbCue
from claimscope.attribution.quotes import Quote, QuoteIndex
from claimscope.attribution.tokens import object_clitic, subject_of
from claimscope.records import Attribution, Cue, Kind, Mention, Span

TRIM = " ,;:.!?-–—\n"
INCISE_GAP = " ,-–—\n"  # what may stand between a closing quote and its incise ("», – a dit X")
LEADING_MARKS = {"que", "qu'", "de", "d'"}


@dataclass
class SentenceContext:
    sent: SpacySpan
    base: int  # document offset of the paragraph the sentence belongs to
    text: str  # the whole document text
    quotes: QuoteIndex  # the whole document's quotes, document offsets
    lexicon: Lexicon
    paragraph: int
    is_heading: bool
    previous: Span | None = None  # the sentence before, for `C'est ce qu'a dit X` / `Ainsi a résumé X`

    def offset(self, token: Token) -> int:
        return self.base + token.idx

    def token_span(self, first: Token, last: Token) -> Span | None:
        """Document span from ``first`` to ``last`` inclusive, trimmed of punctuation."""
        start = self.base + first.idx
        end = self.base + last.idx + len(last.text)
        return trim(self.text, start, end)

    def cue(self, token: Token, entry: VerbCue) -> Cue:
        """The cue's span runs from its auxiliary to the last word of a multi-word entry."""
        end_token = token.doc[min(len(token.doc) - 1, token.i + len(entry.rest))]
        first = self._aux_start(token)
        clitic = _clitic_before(token, first)
        if clitic is not None and self._after_incise_mark(self.offset(clitic)) and not self._spoken_by_before(clitic):
            first = clitic  # "« … », nous confirme la police": the pronoun stands inside the incise
        start = self.offset(first)
        end = self.offset(end_token) + len(end_token.text)
        return Cue(Span(start, end), self.text[start:end], entry.lemma, entry.cls)

    @staticmethod
    def _aux_start(token: Token) -> Token:
        auxes = [c for c in token.children if c.dep_.startswith("aux") and c.i < token.i and token.i - c.i <= 3]
        return min(auxes, key=lambda t: t.i) if auxes else _aux_before(token) or token

    def _spoken_by_before(self, clitic: Token) -> bool:
        """The pronoun's verb has its subject before it ("Le maire, joint par téléphone, nous a
        confirmé …"): the pronoun after the comma is no incise's. A word of the quote the incise
        closes is no subject ("« C'est une victoire », se réjouit le maire": the parser took
        "victoire")."""
        subject = subject_of(clitic.head)
        return (
            subject is not None and subject.i < clitic.i and not self._in_quote_closed_at(self.offset(clitic), subject)
        )

    def quote_ending_at(self, offset: int) -> Quote | None:
        """The quote that closes just before ``offset`` (only a comma between), across sentences."""
        quote = self.quotes.last_ending_by(offset)
        if quote is not None and self.text[quote.outer.end : offset].strip(INCISE_GAP) == "":
            return quote
        return None

    def is_incise(self, cue: Cue) -> bool:
        """The cue opens an incise: it follows a comma or a closing quote ("…, a affirmé X")."""
        return self._after_incise_mark(cue.span.start)

    def _after_incise_mark(self, offset: int) -> bool:
        before = self.text[self.offset(self.sent[0]) : offset].rstrip(" -–—")
        return bool(before) and before[-1] in ',»”"'

    def in_quote_closed_by(self, cue: Cue, token: Token) -> bool:
        """The token is a word of the quote that closes right before the cue ("«C'est un vrai
        crève-cœur …», indiquent les organisateurs": "vrai" is no subject set apart)."""
        return self._in_quote_closed_at(cue.span.start, token)

    def _in_quote_closed_at(self, offset: int, token: Token) -> bool:
        quote = self.quote_ending_at(offset)
        return quote is not None and quote.inner.start <= self.offset(token) < quote.inner.end

    def words(self, span: Span) -> list[Token]:
        """The sentence's tokens that start inside ``span``."""
        return [t for t in self.sent if span.start <= self.offset(t) < span.end]

    def is_clause(self, span: Span) -> bool:
        """A verb among the sentence's words in ``span``: what an incise closes is said ("Les
        combats continuent, affirme X"); a noun phrase is its subject ("Le gouvernement congolais
        à travers son porte-parole, a confirmé …")."""
        return any(t.pos_ in ("VERB", "AUX") for t in self.words(span))

    def inside_quote(self, offset: int) -> bool:
        return any(q.inner.start <= offset < q.inner.end for q in self.quotes.overlapping(Span(offset, offset + 1)))

    def kind_of(self, content: Span, default: Kind = Kind.INDIRECT) -> Kind:
        nearby = self.quotes.overlapping(Span(max(0, content.start - 1), content.end + 1))
        for quote in nearby:
            inner = quote.inner
            if abs(inner.start - content.start) <= 1 and abs(inner.end - content.end) <= 1:
                return Kind.DIRECT
        if default is Kind.ACCORDING_TO:
            return default
        if any(content.overlap(q.inner) > 0 for q in nearby):
            return Kind.MIXED
        return default

    def attribution(
        self,
        speaker: Mention | None,
        cue: Cue | None,
        content: Span,
        confidence: float,
        construction: str,
        kind: Kind = Kind.INDIRECT,
    ) -> Attribution:
        return Attribution(
            speaker=speaker,
            cue=cue,
            content=content,
            kind=self.kind_of(content, kind),
            confidence=confidence,
            construction=construction,
            paragraph=self.paragraph,
        )


def trim(text: str, start: int, end: int) -> Span | None:
    """Strip punctuation and a leading que/de from a span; None if nothing is left."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    for mark in LEADING_MARKS:
        candidate = text[start : start + len(mark) + 1].lower()
        if candidate == mark + " " or (mark.endswith("'") and candidate.startswith(mark)):
            start += len(mark) + (0 if mark.endswith("'") else 1)
            break
    # a closing quote mark stays with an opened one
    inside = text[start:end]
    if inside.count("«") > inside.count("»") and end < len(text) and text[end : end + 2].strip().startswith("»"):
        end = text.index("»", end) + 1
    if inside.count("»") > inside.count("«") and inside.startswith("»"):
        start += 1
    return Span(start, end) if end - start >= 2 else None


def beside_phrase(
    ctx: SentenceContext, start: int, end: int, lead: str, tail: str, clause: Span | None = None
) -> Span | None:
    """The sentence without the phrase at ``start:end`` (an according-to phrase): what follows it
    when it opens the sentence, what precedes it when it closes it, the whole sentence when it
    stands inside, or the ``clause`` it stands in, when given ("…, sans faire selon le Kremlin
    d'avancée majeure": the source says only that). ``lead`` and ``tail``: the punctuation that
    does not count as words before and after it (each language's own)."""
    sent_start = ctx.offset(ctx.sent[0])
    last = ctx.sent[-1]
    sent_end = ctx.offset(last) + len(last.text)
    if not ctx.text[sent_start:start].strip(lead):
        return trim(ctx.text, end, sent_end)
    if not ctx.text[end:sent_end].strip(tail):
        return trim(ctx.text, sent_start, start)
    if clause is not None:
        return trim(ctx.text, clause.start, clause.end)
    return trim(ctx.text, sent_start, sent_end)


QUOTE_GAP = 25  # characters between a cue and the quote it opens (`said on Monday: "…"`, `a déclaré mardi : « … »`)


def quote_after(ctx: SentenceContext, verb: Token, blank: str | None = None) -> Quote | None:
    """The quote opening right after the cue (`X a déclaré : « … »`, `X said: "…"`): after a colon
    within QUOTE_GAP characters, or after nothing but ``blank`` (whitespace by default)."""
    start = ctx.offset(verb) + len(verb.text)
    quote = ctx.quotes.first_starting_from(start)
    if quote is None:
        return None
    gap = ctx.text[start : quote.outer.start]
    return quote if (len(gap) <= QUOTE_GAP and ":" in gap) or gap.strip(blank) == "" else None


INSERTED_WORDS = 3  # an inserted phrase between an auxiliary and its participle ("pour sa part", "quant à lui")
INSERTED_POS = frozenset({"ADP", "DET", "NOUN", "PRON", "ADV"})


def _aux_before(participle: Token) -> Token | None:
    """The auxiliary of a participle the parser left unattached, past a short inserted phrase:
    "« … », a pour sa part souligné X" (the parser hung the cue on "part"), "a lui aussi déclaré".
    Not an auxiliary with a subject of its own before it ("Le communiqué est le texte publié"),
    nor a copula."""
    if "Part" not in participle.morph.get("VerbForm", []):
        return None
    for token in reversed(participle.doc[max(0, participle.i - INSERTED_WORDS - 1) : participle.i]):
        if token.pos_ == "AUX":  # not a copula ("C'est l'information confirmée par le ministère")
            own = any(c.dep_.startswith("nsubj") and c.i < token.i for c in token.children)
            return None if own or token.dep_ == "cop" else token
        if token.pos_ not in INSERTED_POS:
            return None
    return None


def _clitic_before(verb: Token, first: Token) -> Token | None:
    """The reflexive or object pronoun right before a cue ("se résigne", "nous confirme"): in an
    incise it opens the cue, as nothing may stand between the comma and the cue."""
    before = verb.doc[first.i - 1] if first.i > 0 else None
    if before is None or before.head.i != verb.i or before.pos_ != "PRON":
        return None
    return before if f"{before.lower_} ".startswith(REFLEXIVE_PREFIXES) or object_clitic(before, verb) else None
