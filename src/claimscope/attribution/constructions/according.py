"""According-to sources: `Selon lui, …`, `…, selon Kiev.`, `d'après le Kremlin, …`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext, beside_phrase
from claimscope.attribution.lexicon import PrepositionCue
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.tokens import RELATIVE_PRONOUNS, TIME_NOUNS, names_subject
from claimscope.records import Attribution, Cue, Kind, Mention, Span

LEAD, TAIL = " ,;:-–—", " ,;:.!?"  # no words before (a dateline's dash neither) / after an according-to phrase

PHRASE_ENDS = ",;:.!?»”)"
SOURCE_DEPS = {"nmod", "obl:mod", "obl", "obl:arg"}
HUNG_DEPS = {"appos", "nmod"}  # how the parser hangs a name after a comma on the source
HUNG_NAMES = {"LOC", "PER"}
CLAUSE_DEPS = {"advcl", "acl"}  # a circumstance's or a relative clause's verb ("acl:relcl")
SENTENCE_ENDS = {".", "!", "?"}  # "…, selon le porte-parole du Kremlin, Dmitri Peskov."
MAX_NAME_WORDS = 4  # a person's name apposed to the source ("Dmitri Peskov", "Jean-Noël Barrot")


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    tokens = list(ctx.sent)
    for n, token in enumerate(tokens):
        prep = _match(ctx, tokens, n)
        if prep is None:
            continue
        last_word = tokens[n + len(prep.words) - 1]
        head = _source_head(last_word, tokens, n + len(prep.words))
        if head is None or not _can_be_source(ctx, token, head):
            continue
        phrase_tokens = _phrase(token, head)
        phrase_tokens += _rest_of_name(phrase_tokens[-1])
        phrase_tokens += _apposed_name(head, tokens, phrase_tokens[-1].i - tokens[0].i + 1)
        phrase_end = _word_end(ctx.text, ctx.offset(phrase_tokens[-1]) + len(phrase_tokens[-1].text))
        speaker_head = _speaker_in_noun(ctx, head)
        speaker = mention_from(speaker_head, ctx.base)
        cue_span = Span(ctx.offset(token), ctx.offset(last_word) + len(last_word.text))
        cue = Cue(cue_span, ctx.text[cue_span.start : cue_span.end], " ".join(prep.words).replace("' ", "'"), prep.cls)
        if _relative_follows(tokens, phrase_tokens[-1].i - tokens[0].i + 1):
            phrase_end = ctx.offset(tokens[-1]) + len(tokens[-1].text)  # the clause is about the source
        content = beside_phrase(ctx, cue_span.start, phrase_end, LEAD, TAIL, _clause_around(ctx, head))
        comma = _first_comma(phrase_tokens, head)
        if content is None and comma is not None:  # the parser hung what the source says on it
            content = beside_phrase(ctx, cue_span.start, ctx.offset(comma), LEAD, TAIL, None)
            speaker = _cut(speaker, ctx.offset(comma), ctx.text)
        if content is None:
            continue
        yield ctx.attribution(speaker, cue, content, 0.85, "according_to", Kind.ACCORDING_TO)


def _clause_around(ctx: SentenceContext, source: Token) -> Span | None:
    """The clause of its own, set off by a comma, that an according-to phrase stands in ("…, sans
    faire selon le Kremlin d'avancée majeure", "le plan, qui, selon Bloomberg, semble être …"):
    the source vouches for that clause, not for the sentence around it."""
    verb = source.head
    if verb.i == source.i or verb.pos_ not in ("VERB", "AUX") or verb.dep_.split(":")[0] not in CLAUSE_DEPS:
        return None
    first, last = verb.left_edge, verb.right_edge
    if first.i == 0 or first.nbor(-1).text != ",":
        return None
    return Span(ctx.offset(first), ctx.offset(last) + len(last.text))


def _relative_follows(tokens: list[Token], after: int) -> bool:
    """A relative clause on the source follows its phrase ("…», selon Raphaël Glucksmann pour
    lequel « … »", "…, according to Peskov, who …"): the phrase closes the reported words."""
    rest = [t for t in tokens[after : after + 3] if t.text != ","]
    if rest and rest[0].pos_ == "ADP":
        rest = rest[1:]
    return bool(rest) and ("Rel" in rest[0].morph.get("PronType", []) or rest[0].tag_ in ("WP", "WDT", "WP$"))


def _phrase(prep: Token, head: Token) -> list[Token]:
    """The according-to phrase's words, but for a place or a person the parser hung on its source
    after a comma ("Selon l'armée russe, Pokrovsk, ville clé, est encerclée"; "Selon la police,
    Jean Dupont a été interpellé"; "Selon X, Y et Z souhaitent …"): what the source says is about
    them (`_apposed_name` gives back a name that is the source's own)."""
    words = sorted((t for t in head.subtree if t.i >= prep.i), key=lambda t: t.i)
    # names coordinated with the source after its comma, running straight into a verb, are the
    # subject of what it says ("Selon Axios, Steve Witkoff et Jared Kushner souhaitent …")
    following = head.doc[head.right_edge.i + 1] if head.right_edge.i + 1 < len(head.doc) else None
    listed = following is not None and following.text != ","
    for child in head.children:
        hung = (child.dep_ in HUNG_DEPS or (listed and child.dep_ == "conj")) and child.ent_type_ in HUNG_NAMES
        if hung and child.i > head.i and child.nbor(-1).text == ",":
            return [t for t in words if t.i < child.i - 1]
    return words


def _first_comma(words: list[Token], head: Token) -> Token | None:
    """The comma after the source in its phrase where what it says begins: where "Selon le site
    ukrainien DeepState, les Russes contrôlent Pokrovsk" ends its source when the parser hung the
    whole clause on "DeepState" (misreading the verb as an adjective), leaving nothing said; past
    an apposition or a relative clause on the source ("Selon Jean Dupont, maire de Lille, la
    ville …", "Selon Kiev, qui dément, …")."""
    commas = [t for t in words if t.i > head.i and t.text == ","]
    for n, comma in enumerate(commas):
        following = commas[n + 1] if n + 1 < len(commas) else None
        after = head.doc[comma.i + 1] if comma.i + 1 < len(head.doc) else None
        if after is None:
            return None
        # up to the next comma, a bare noun and no verb: an apposition ("maire de Lille,"), not
        # what the source says ("troupes russes et mercenaires contrôlent …")
        bare = after.pos_ == "NOUN" and not any(c.dep_ == "det" for c in after.children)
        verbless = following is not None and not any(t.pos_ in ("VERB", "AUX") for t in head.doc[after.i : following.i])
        if after.lower_ not in RELATIVE_PRONOUNS and not (bare and verbless):
            return comma
    return None


def _cut(speaker: Mention, end: int, text: str) -> Mention:
    """The source's words up to ``end`` (its phrase's first comma), when they ran on past it."""
    if speaker.span.end <= end:
        return speaker
    words = text[speaker.span.start : end].rstrip()
    return replace(speaker, span=Span(speaker.span.start, speaker.span.start + len(words)), text=words)


def _rest_of_name(last: Token) -> list[Token]:
    """The rest of a name the phrase stops inside: "Selon le New York Times, …", the parser having
    hung "York Times" elsewhere than on "New" (they were read as what the paper says)."""
    doc, end = last.doc, last.i
    while last.ent_iob_ in ("B", "I") and end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return list(doc[last.i + 1 : end + 1])


def _apposed_name(head: Token, tokens: list[Token], after: int) -> list[Token]:
    """The person's name set between commas after the source's description ("Selon le porte-parole
    du Kremlin, Dmitri Peskov, les discussions…"), which the parser may take for the sentence's
    subject: part of the source, not of what it says. Only a name the parser tags as a person's,
    after a common noun (not "Selon le Kremlin, Vladimir Poutine, …", who is what it says), and
    not one the words after it describe or make a subject ("Jean Dupont, 45 ans", "…, qui", "…, a
    été", a list of names) unless it ends the sentence: so "Selon le ministère, Kiev, Moscou et
    Washington…" keeps its cities."""
    if head.pos_ != "NOUN" or after >= len(tokens) or tokens[after].text != ",":
        return []
    name: list[Token] = []
    for n in range(after + 1, min(after + 2 + MAX_NAME_WORDS, len(tokens))):
        token = tokens[n]
        if token.text == ",":
            following = tokens[n + 1] if n + 1 < len(tokens) else None
            return name if following is not None and not names_subject(following) else []
        if token.text in SENTENCE_ENDS:
            return name
        if token.ent_type_ != "PER":
            return []
        name.append(token)
    return name if after + 1 + len(name) == len(tokens) else []


def _word_end(text: str, end: int) -> int:
    """The phrase ends with a whole word: `chef d'état-major` when the parser hung `-major` elsewhere."""
    while end < len(text) and not text[end].isspace() and text[end] not in PHRASE_ENDS:
        end += 1
    return end


def _can_be_source(ctx: SentenceContext, prep: Token, head: Token) -> bool:
    """`pour la première fois`, `pour revenir au match`, or a preposition inside someone's
    quoted words introduce no source of the journalist's."""
    return not (
        head.pos_ in {"VERB", "AUX"}
        or head.lower_ in RELATIVE_PRONOUNS
        or (head.lemma_.lower() in ctx.lexicon.not_sources and not _determined_report(ctx, head))
        or head.lemma_.lower() in TIME_NOUNS
        or ctx.inside_quote(ctx.offset(prep))
    )


def _determined_report(ctx: SentenceContext, head: Token) -> bool:
    """`Pour information, …` introduces nobody; `selon une information de la DH` names a source."""
    return head.lower_ in ctx.lexicon.nouns and any(c.dep_ == "det" for c in head.children)


def _match(ctx: SentenceContext, tokens: list[Token], n: int) -> PrepositionCue | None:
    for prep in ctx.lexicon.prepositions:
        words = [t.lower_.replace("\u2019", "'") for t in tokens[n : n + len(prep.words)]]  # "d’après"
        joined = "".join(words)
        if words == list(prep.words) or joined == "".join(prep.words).replace(" ", ""):
            if prep.initial_only and not _sentence_initial(tokens, n):
                continue
            return prep
    return None


def _sentence_initial(tokens: list[Token], n: int) -> bool:
    if any(not t.is_punct for t in tokens[:n]):
        return False
    following = tokens[n + 1 : n + 8]
    return any(t.text == "," for t in following)


def _source_head(last_word: Token, tokens: list[Token], after: int) -> Token | None:
    """The noun the preposition introduces."""
    if last_word.dep_ in {"case", "mark"} and last_word.head.i >= last_word.i:
        return last_word.head
    for token in tokens[after : after + 4]:
        if token.pos_ in {"PROPN", "NOUN", "PRON"}:
            return token
    return None


def _speaker_in_noun(ctx: SentenceContext, head: Token) -> Token:
    """`selon un communiqué du ministère` → the ministry; `selon des sources` → the sources."""
    if head.lemma_.lower() in ctx.lexicon.nouns:
        for child in head.children:
            if child.dep_ in SOURCE_DEPS and child.pos_ in {"PROPN", "NOUN"} and child.i > head.i:
                between = head.doc[head.i + 1 : child.i]
                if any(t.pos_ == "ADJ" and t.head.i == head.i for t in between):
                    return head  # "une source proche de l'enquête" is a source, not the inquiry
                if child.pos_ == "NOUN" and child.text[:1].islower() and not _determined(child):
                    if head.lower_ in ctx.lexicon.source_kinds:
                        return head  # what kind: "des sources de sécurité", "le média d'investigation X"
                    return _issuer(child) or child  # "un communiqué de presse de l'Élysée"
                return child
    return head


def _issuer(kind: Token) -> Token | None:
    """Who issued a report a bare noun qualifies ("un communiqué de presse de l'Élysée")."""
    return next(
        (c for c in kind.children if c.dep_ in SOURCE_DEPS and c.i > kind.i and (_determined(c) or c.pos_ == "PROPN")),
        None,
    )


def _determined(noun: Token) -> bool:
    """A noun with a determiner ("nos confrères"), or an article contracted with its preposition
    ("du ministère")."""
    return any(c.dep_ == "det" or (c.dep_ == "case" and "Art" in c.morph.get("PronType", [])) for c in noun.children)
