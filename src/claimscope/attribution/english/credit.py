"""Headlines that credit their words to someone named after them, with no verb: `Putin wants to
end war: Trump on US delegation meeting`, `No troops in the town in autumn – Syrsky`, `Taking
control marks decisive step - General Staff Chief`. The credit is a short capitalised phrase
after a colon or a spaced dash that names a person or a person's title, maybe followed by what
the person spoke on; the words before it are theirs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext
from claimscope.attribution.english.content import cue_entry
from claimscope.attribution.english.grammar import mention
from claimscope.lang import load
from claimscope.records import Attribution

CREDIT = load("en", "grammar")["credit"]
SEPARATORS = frozenset(CREDIT["separators"])  # ":", "–", …
TOPIC = frozenset(CREDIT["topic"])  # "… : Trump on the talks"
PERSON_HEADS = frozenset(load("en", "groups")["person"])
NOT_PEOPLE = {"GPE", "LOC", "NORP", "DATE"}  # "Ukraine: …", "Monday: …"
CREDIT_TOKENS = 4  # "Trump", "General Staff Chief", "Kremlin aide Yuri Ushakov"
CONTENT_WORDS = 3  # fewer before the separator is a label ("Ukraine: …", "LIVE: …")


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    if not ctx.is_heading:
        return
    tokens = [t for t in ctx.sent if not t.is_space]
    for k in range(len(tokens) - 1, 0, -1):
        separator = tokens[k]
        if separator.text not in SEPARATORS or (not tokens[k - 1].whitespace_ and separator.text != ":"):
            continue  # "Pokrovsk-based": a hyphen, no separator
        credit = _credit(tokens[k + 1 :], ctx.text, ctx.sent.text)
        content = [t for t in tokens[:k] if not t.is_punct or t.is_quote]
        if credit is None or len([t for t in content if t.is_alpha]) < CONTENT_WORDS:
            continue
        if any((entry := cue_entry(ctx, t)) is not None and not entry.incise_only for t in content):
            return  # "Trump says Putin wants …: …": the headline's own cue reports it ("continue" does not)
        speaker = mention(credit, ctx.base, (tokens[k + 1].i, credit.i))
        span = ctx.token_span(tokens[0], tokens[k - 1])
        if span is not None:
            yield ctx.attribution(speaker, None, span, 0.6, "headline")
        return


def _credit(after: list[Token], text: str, heading: str) -> Token | None:
    """The head of a credit: a few capitalised words up to the end or to what it was on, with a
    person's title among them ("General Staff Chief"), or a name: one the recogniser took for a
    person, or, in the telegraphic style it misreads, a word the article writes capitalised inside
    a line of its own ("Syrsky" … "Commander Oleksandr Syrsky said")."""
    words = []
    for token in after:
        if token.lower_ in TOPIC:
            break
        words.append(token)
    if not words or len(words) > CREDIT_TOKENS or not all(t.text[:1].isupper() for t in words):
        return None
    if any(t.pos_ not in {"PROPN", "NOUN"} or t.ent_type_ in NOT_PEOPLE for t in words):
        return None
    last = words[-1]
    if last.ent_type_ == "PER" or last.lemma_.lower() in PERSON_HEADS or _named_elsewhere(last.text, text, heading):
        return last
    return None


def _named_elsewhere(word: str, text: str, heading: str) -> bool:
    """The word stands capitalised inside a line of the article other than the headline (and
    its copies): a name, not a headline's capitalised common noun."""
    pattern = re.compile(rf"(?<=\w[ ,]){re.escape(word)}\b")
    return any(pattern.search(line) for line in text.splitlines() if line.strip() != heading.strip())
