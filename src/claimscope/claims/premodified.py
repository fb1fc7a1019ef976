"""Titles whose complement may stand before the noun, as in English: "Trump's son-in-law Jared
Kushner", "Kremlin aide Yuri Ushakov", "U.S. envoy Steve Witkoff", "Jared Kushner, Trump's
son-in-law", "Witkoff and his son-in-law, Jared Kushner", as well as after it ("son-in-law of
U.S. President Donald Trump"). A title is read into the Title the French appositions make and
turned into claims by the same code (relations.title_claims), so that both languages name what
a title is "of" alike. Languages whose titles.yaml sets ``complement_before_noun`` use this reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from claimscope.claims.complement import Title
from claimscope.claims.context import DocumentContext, Word, token_key
from claimscope.claims.possessives import possessor
from claimscope.claims.relations import former_title, plural_title, shared_by_coordination, title_claims
from claimscope.claims.rules import ClaimRules
from claimscope.records import Attribution, Claim, EntityMention, Source, Span, SpeakerType
from claimscope.text import fold, fold_chars

TOKEN = re.compile(r"\w[\w\-]*(?:\.\w[\w\-]*)*\.?|'s\b|[,;:()\u2014\u2013]|(?<=\s)-(?=\s)")
SEPARATORS = frozenset({",", ":", "(", "\u2014", "\u2013", "-"})
ENDS = frozenset({",", ";", ":", ")", "(", "\u2014", "\u2013", "-"})
LEFT_CHARS = 150  # before a name, where its title may start
RIGHT_CHARS = 150
MAX_COMPLEMENT = 9  # words of an "of X" complement
MAX_NOUN = 8  # words of a title noun ("chief of the Russian military's General Staff")
MAX_OWNER = 5  # words of an owner before "'s" ("U.S. President Donald Trump's")
MAX_DESCRIPTION = 4  # words of a description after a title and "and" ("former real-estate executive")


@dataclass(frozen=True)
class _Token:
    text: str  # folded
    start: int
    end: int
    capital: bool  # capitalised as written


@dataclass(frozen=True)
class _Read:
    """A title phrase: its nouns, nationality, what it is of (folded, as written), first token."""

    nouns: tuple[str, ...]
    nation: str | None
    named: str | None
    written: str
    first: int


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    folded = fold_chars(text[start:end])
    return [
        _Token(
            m.group().rstrip(".") if m.group().count(".") == 1 else m.group(),
            start + m.start(),
            start + m.end(),
            text[start + m.start()].isupper(),
        )
        for m in TOKEN.finditer(folded)
    ]


def read_premodified(sentence: Span, ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """Role and relation claims of the titles next to each person of a sentence."""
    text = ctx.document.text
    people = [e for e in ctx.entities_in(ctx.words_in(sentence), "PER") if ctx.is_person(e)]
    found: list[Claim] = []
    plural: dict[int, list[Claim]] = {}
    for index, entity in enumerate(people):
        known = ctx.kb.person(entity.name)
        name = known.name if known else entity.name
        before, after = _before(entity, sentence, ctx), _after(entity, sentence, ctx)
        for read, evidence in (before, after):
            if read is None or former_title(text[max(0, evidence.start - 12) : evidence.end], ctx):
                continue
            is_after = evidence.start == entity.span.start
            if _neighbours(evidence, entity, people, text, (before if is_after else after)[0] is not None):
                continue  # "Kirill Dmitriev, Foreign Policy Adviser Yuri Ushakov": the next name's title
            for noun in read.nouns:
                named = read.named or _known(name, noun, ctx)
                title = Title(noun, read.nation, named, read.written, False, None, False)
                for claim in title_claims(name, title, evidence, ctx, narrator):
                    claim.sentence = sentence
                    found.append(claim)
                    if plural_title(noun, ctx):
                        plural.setdefault(index, []).append(claim)
    found.extend(shared_by_coordination(people, plural, text, ctx))
    return found + _leaders(sentence, people, ctx, narrator)


def _neighbours(evidence: Span, entity: EntityMention, people: list[EntityMention], text: str, paired: bool) -> bool:
    """Whether a title read after a name runs into the next name: it is that one's title. So is a
    title set off by a comma from the next name (before it, from the previous one) when this name
    has its own title on its other side: titles and names pair in one order ("the French
    president, Emmanuel Macron, Ukraine's president, Volodymyr Zelensky"; "Steve Witkoff, Trump's
    envoy, Jared Kushner, his son-in-law")."""
    after = evidence.start == entity.span.start
    for other in people:
        if after and other.span.start >= evidence.end:
            gap: str | None = text[evidence.end : other.span.start].strip()
        elif not after and other.span.end <= evidence.start and other is not entity:
            gap = text[other.span.end : evidence.start].strip()
        else:
            continue
        if (after and gap == "") or (paired and gap in SEPARATORS):
            return True
    return False


def _leaders(sentence: Span, people: list[EntityMention], ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """ "Umerov and Hnatov led the Ukrainian delegation": the title the group gives its leaders, of
    the group's nationality."""
    titles = ctx.rules.titles
    found: list[Claim] = []
    for word in ctx.words_in(sentence):
        verb = word.token
        if fold(verb.lemma_) not in titles.led_verbs:
            continue
        for group in (c for c in verb.children if c.dep_ == "dobj" and fold(c.lemma_) in titles.led_groups):
            nation = next((fold(c.text) for c in group.children if fold(c.text) in ctx.rules.nations), None)
            if nation is None:
                continue
            subjects = [s for c in verb.children if c.dep_ == "nsubj" for s in (c, *c.conjuncts)]
            title = Title(titles.led_groups[fold(group.lemma_)], nation, None, "", False, None, True)
            for name, span in _subject_people(subjects, people, ctx.words_in(sentence), ctx):
                evidence = Span(min(span.start, word.start), max(span.end, word.end))
                found.extend(title_claims(name, title, evidence, ctx, narrator))
    return found


def _subject_people(
    subjects: list[Token], people: list[EntityMention], words: list[Word], ctx: DocumentContext
) -> list[tuple[str, Span]]:
    """The people coordinated subjects name: by the tagger's names, or a surname the knowledge
    base knows that the tagger left out ("Umerov and Hnatov led …")."""
    keys = {token_key(s) for s in subjects}
    found, covered = [], set()
    for entity in people:
        inside = {token_key(w.token) for w in ctx.words_in(entity.span)}
        if inside & keys:
            known = ctx.kb.person(entity.name)
            found.append((known.name if known else entity.name, entity.span))
            covered |= inside
    for word in words:
        key = token_key(word.token)
        known = ctx.kb.person(word.token.text) if key in keys and key not in covered else None
        if known and word.token.pos_ == "PROPN":
            found.append((known.name, Span(word.start, word.end)))
    return found


def read_premodified_described(attributions: list[Attribution], ctx: DocumentContext, narrator: Source) -> list[Claim]:
    """A speaker described by a title that speaker resolution tied to a person ("said the Kremlin
    spokesman"): the title is that person's role, in the writer's words."""
    text = ctx.document.text
    found = []
    for attribution in attributions:
        mention = attribution.speaker
        if mention is None or mention.form != "noun" or mention.proper_name or mention.type is not SpeakerType.PERSON:
            continue
        if not (mention.name or "")[:1].isupper():
            continue
        tokens = _tokens(text, mention.span.start, mention.span.end)
        read = _whole(tokens, 0, len(tokens), ctx, mention.span.start)
        if read is None or former_title(text[max(0, mention.span.start - 12) : mention.span.end], ctx):
            continue
        for noun in read.nouns:
            title = Title(noun, read.nation, read.named, read.written, False, None, False)
            for claim in title_claims(mention.name or "", title, mention.span, ctx, narrator):
                claim.sentence = mention.span
                found.append(claim)
    return found


def _before(entity: EntityMention, sentence: Span, ctx: DocumentContext) -> tuple[_Read | None, Span]:
    """The title ending right before a name ("Kremlin aide Yuri Ushakov", "his son-in-law, Jared Kushner")."""
    text = ctx.document.text
    tokens = _tokens(text, max(sentence.start, entity.span.start - LEFT_CHARS), entity.span.start)
    end = len(tokens) - (1 if tokens and tokens[-1].text in SEPARATORS else 0)
    words = [t.text for t in tokens[:end]]
    # "key aides, including Yury Ushakov": one of those the plural title names
    inclusion = next((w for w in ctx.rules.titles.inclusions if tuple(words[len(words) - len(w) :]) == w), ())
    if inclusion:
        end -= len(inclusion)
        end -= 1 if end and tokens[end - 1].text in SEPARATORS else 0
    read = _ending_at(tokens, end, ctx, entity.span.start)
    if read is None:
        read, before = _described_too(tokens, end, ctx, entity.span.start)
        return read, (Span(tokens[read.first].start, tokens[before - 1].end) if read else entity.span)
    return read, Span(tokens[read.first].start, entity.span.end)


def _described_too(tokens: list[_Token], end: int, ctx: DocumentContext, person_at: int) -> tuple[_Read | None, int]:
    """ "envoy and former real-estate executive Steve Witkoff": a title coordinated with a
    description that is none (its "former" is the description's), and where the title ends."""
    rules = ctx.rules
    for at in range(end - 2, max(-1, end - MAX_DESCRIPTION - 2), -1):
        token = tokens[at]
        if token.text == rules.titles.conjunction:
            return _ending_at(tokens, at, ctx, person_at), at
        if token.capital or token.text in {*ENDS, *rules.titles.articles, *rules.title_nouns}:
            break
    return None, end


def _after(entity: EntityMention, sentence: Span, ctx: DocumentContext) -> tuple[_Read | None, Span]:
    """The title set off after a name ("Jared Kushner, Trump's son-in-law,"), read whole up to the
    next punctuation or word that ends a complement."""
    text = ctx.document.text
    tokens = _tokens(text, entity.span.end, min(sentence.end, entity.span.end + RIGHT_CHARS))
    opened = _opener(tokens, ctx.rules)
    if not opened:
        return None, entity.span
    stops = ctx.rules.titles.complement_stops
    end = next((i for i, t in enumerate(tokens[opened:], opened) if t.text in ENDS or t.text in stops), len(tokens))
    for last in range(end, opened, -1):  # the longest title the phrase opens with: "a … adviser and close ally of …"
        read = _whole(tokens, opened, last, ctx, entity.span.start)
        if read is not None:
            return read, Span(entity.span.start, tokens[last - 1].end)
    return None, entity.span


def _opener(tokens: list[_Token], rules: ClaimRules) -> int:
    """How many tokens open a title after a name: a comma or dash, then or else "as" or "acting as"."""
    at = 1 if tokens and tokens[0].text in SEPARATORS else 0
    words = [t.text for t in tokens[at:]]
    opener = next((o for o in rules.titles.openers if tuple(words[: len(o)]) == o), ())
    return at + len(opener)


def _whole(tokens: list[_Token], start: int, end: int, ctx: DocumentContext, person_at: int) -> _Read | None:
    """A title that is the whole of tokens[start:end], an article allowed before it."""
    if start < end and tokens[start].text in ctx.rules.titles.articles:
        start += 1
    read = _ending_at(tokens, end, ctx, person_at)
    return read if read is not None and read.first == start else None


def _noun_ending(tokens: list[_Token], end: int, rules: ClaimRules) -> int | None:
    """Where the longest title noun ending at ``end`` starts."""
    for size in range(min(MAX_NOUN, end), 0, -1):
        if _joined(tokens[end - size : end]) in rules.title_nouns:
            return end - size
    return None


def _joined(tokens: list[_Token]) -> str:
    """Tokens folded as the data write them: a possessive glued to its word ("military's")."""
    return " ".join(t.text for t in tokens).replace(" '", "'")


def _ending_at(tokens: list[_Token], end: int, ctx: DocumentContext, person_at: int) -> _Read | None:
    """A title ending at ``end``: its noun with an "of X" complement or none, then what stands
    before the noun (adjectives, a nationality, an owner with "'s", a possessive, a body's name)."""
    rules = ctx.rules
    start = _noun_ending(tokens, end, rules)
    named = written = None
    if start is None:
        for at in range(end - 2, max(0, end - MAX_COMPLEMENT - 1) - 1, -1):
            if tokens[at].text in SEPARATORS:
                return None
            if tokens[at].text in rules.titles.genitives and tokens[end - 1].text not in _joining(rules):
                start = _noun_ending(tokens, at, rules)
                if start is not None:
                    named, written = _words_of(tokens, at + 1, end, ctx)
                    break
        if start is None:
            return None
    text = ctx.document.text
    nouns = [_joined(tokens[start : _noun_end(tokens, start, rules)])]
    nation = None
    first = start
    while first > 0:
        word = tokens[first - 1].text
        if word in rules.titles.pre_adjectives:
            first -= 1
        elif word in rules.nations and nation is None:
            nation, first = word, first - 1
        elif word == rules.titles.conjunction and (other := _noun_ending(tokens, first - 1, rules)) is not None:
            nouns.append(_joined(tokens[other : first - 1]))
            first = other
        elif word in rules.possessive_marks and named is None:
            owner = _owner(tokens, first - 1, rules)
            if owner is None:
                break
            phrase, _ = _words_of(tokens, owner, first - 1, ctx)
            if phrase in rules.nations and nation is None:
                nation = phrase
            else:
                written = text[tokens[owner].start : tokens[first - 2].end]
                named = _person_in(Span(tokens[owner].start, tokens[first - 2].end), ctx) or phrase
            first = owner
            break
        elif word in rules.titles.possessives and named is None:
            antecedent = possessor(tokens[first - 1].start, person_at, ctx)
            if antecedent is None:
                return None
            named, written, first = antecedent.lower(), antecedent, first - 1
            break
        elif named is None and (body := _premodifier(tokens, first, ctx)) is not None:
            named, written = _words_of(tokens, body, first, ctx)
            named = _person_in(Span(tokens[body].start, tokens[first - 1].end), ctx) or named
            first = body
            break
        else:
            break
    if nation is not None and named is None:  # "Russian Chief of Staff": the country's military office
        nouns = [rules.national_nouns.get(noun, noun) for noun in nouns]
    return _Read(tuple(nouns), nation, named, written or "", first)


def _joining(rules: ClaimRules) -> frozenset[str]:
    """Words a complement cannot end with: "… Council Rustem Umerov and" is no complement of the
    next name."""
    return frozenset({rules.titles.conjunction, *rules.titles.articles, *rules.titles.genitives})


def _noun_end(tokens: list[_Token], start: int, rules: ClaimRules) -> int:
    """Where the longest title noun starting at ``start`` ends."""
    for size in range(min(MAX_NOUN, len(tokens) - start), 0, -1):
        if _joined(tokens[start : start + size]) in rules.title_nouns:
            return start + size
    return start + 1


def _words_of(tokens: list[_Token], start: int, end: int, ctx: DocumentContext) -> tuple[str, str]:
    """tokens[start:end] folded (a possessive glued to its word) and as written."""
    folded = _joined(tokens[start:end])
    written = ctx.document.text[tokens[start].start : tokens[end - 1].end] if end > start else ""
    return folded, written


def _owner(tokens: list[_Token], mark: int, rules: ClaimRules) -> int | None:
    """The first word of the name before "'s": capitalised words, or words of a title ("the
    Russian leader's", "the US president's"); not a verb or a preposition before them."""
    first = mark
    while first > 0 and mark - first < MAX_OWNER:
        token = tokens[first - 1]
        if token.text in ENDS or token.text in rules.titles.articles:
            break
        if not (token.capital or token.text in rules.title_nouns or token.text in rules.nations):
            break
        first -= 1
    return first if first < mark else None


def _premodifier(tokens: list[_Token], end: int, ctx: DocumentContext) -> int | None:
    """A body or person named before a title noun without "'s" ("Kremlin aide", "EU foreign
    policy chief", "Putin aide", "White House envoy"): where it starts."""
    for size in (3, 2, 1):
        if end - size < 0 or not tokens[end - size].capital:
            continue
        phrase = " ".join(t.text for t in tokens[end - size : end])
        if phrase in ctx.rules.institutions or phrase in ctx.rules.organisations or ctx.kb.person(phrase):
            return end - size
    return None


def _known(person: str, noun: str, ctx: DocumentContext) -> str | None:
    """A bare relation ("son-in-law Jared Kushner"): whose, as the knowledge base says on the day
    (roles get their known office in relations.title_claims already)."""
    relation = ctx.rules.relations.get(noun)
    facts = ctx.kb.facts_about(person, relation, ctx.document.published) if relation else []
    return facts[0].object.lower() if facts else None


def _person_in(span: Span, ctx: DocumentContext) -> str | None:
    """The person an owner's words name ("Trump" after "Donald Trump"), folded, by the entity the
    document resolved there: its canonical name, so that the title is of that person."""
    for entity in ctx.by_label.get("PER", ([], []))[1]:
        if span.start <= entity.span.start and entity.span.end <= span.end:
            known = ctx.kb.person(entity.name)
            if known or ctx.is_person(entity):
                return (known.name if known else entity.name).lower()
    return None
