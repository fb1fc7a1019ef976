"""`X a indiqué que …`, `X a déclaré : « … »`, `X revendique la prise de …`, and the
participial continuation `…, soulignant …` whose speaker is the governing clause's subject."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.constructions.clitic import inversion
from claimscope.attribution.context import SentenceContext, quote_after
from claimscope.attribution.lexicon import VerbCue
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.tokens import (
    EMPTY_SUBJECTS,
    GRAMMAR,
    RELATIVE_PRONOUNS,
    TIME_NOUNS,
    causative,
    finite_or_perfect,
    inverted_subject,
    is_negated,
    participial_subject,
    present_participle,
    subject_of,
    subject_set_apart,
    voice,
)
from claimscope.nlp.syntax import object_controlled
from claimscope.records import Attribution, Span

QUE = frozenset(GRAMMAR["complementizers"])
CONJUNCTION_HEADS = frozenset(GRAMMAR.get("conjunction_heads", ()))  # "tandis que": no saying's clause
CONTENT_DEPS = {"ccomp", "obj", "xcomp", "obl:arg", "obl", "obl:mod", "conj", "nmod"}
BLOCKING_PREPOSITIONS = frozenset(GRAMMAR["blocking_prepositions"])
HEADLINE_SUBJECT_TOKENS = 4  # "Macron", "La Russie", "Le Premier ministre britannique"
QUE_NEAR = 6  # tokens after the verb where any `que` opens its clause (as before)
CLAUSE_MARKS = {":", ";", "«", "»", '"', "“", "”", "(", ")", "."}  # marks no channel phrase crosses
QUE_REACH = 16  # how far past a prepositional phrase a conjunction `que` may still be the verb's


def cue_entry(ctx: SentenceContext, token: Token) -> VerbCue | None:
    if token.pos_ not in {"VERB", "AUX"} and not (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
        return None
    following = [t.lower_ for t in token.doc[token.i + 1 : token.i + 4]]
    return ctx.lexicon.verb(token.lemma_.lower(), following, token.lower_)


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for token in ctx.sent:
        entry = cue_entry(ctx, token)
        if entry is None or is_negated(token) or ctx.inside_quote(ctx.offset(token)):
            continue
        if _hearsay(ctx, token):
            continue
        participial = present_participle(token)
        stating = finite_or_perfect(token) or _governed_infinitive(token) or _causative_cue(ctx, token)
        if not participial and not stating:
            continue
        quoted = lambda t: ctx.inside_quote(ctx.offset(t))  # noqa: E731
        if participial:
            subject = _incise_speaker(ctx, token) or participial_subject(token, quoted)
        else:
            subject = subject_of(token) or _headline_subject(ctx, token) or _apposed_before(token)
        if (
            subject is None
            or subject.lower_ in EMPTY_SUBJECTS
            or _impersonal_il(subject)  # "Il a été annoncé que"
            or (subject.i > token.i and not participial)
            or subject.pos_ in {"VERB", "AUX"}
        ):
            continue
        # a verb of manner reports a que-clause ("Le maire s'est réjoui que …"), else only in an
        # incise ("« … », se résigne un autre"; not "se réjouissent de pouvoir revoir")
        if entry.incise_only:
            content, confidence = (_que_clause(ctx, token) if _reports_que(ctx, token) else None) or (None, 0.0)
        else:
            content, confidence = content_of(ctx, token, entry)
        if content is None or _is_incise_subject(ctx, token, entry, content):
            continue
        speaker = mention_from(subject, ctx.base, _apposed_subjects(token, subject))
        cue = ctx.cue(token, entry)
        construction = "participial" if participial else ("headline" if ctx.is_heading else "reported")
        if participial:
            confidence -= 0.1
        yield ctx.attribution(speaker, cue, content, confidence, construction)


def _incise_speaker(ctx: SentenceContext, participle: Token) -> Token | None:
    """`« … », a-t-il ajouté, en réaffirmant …`: a participle right after an incise speaks with
    the incise's subject (the parser hangs it on the quoted clause, whose subject is no speaker);
    `…, annonçant A et clamant B` passes it down the coordination."""
    if participle.dep_ == "conj":
        head = participle.head
        while head.dep_ in {"xcomp", "conj"} and not present_participle(head) and head.head.i != head.i:
            head = head.head
        if present_participle(head) and cue_entry(ctx, head) is not None:
            return _incise_speaker(ctx, head)
    for token in reversed(ctx.sent.doc[ctx.sent.start : participle.i]):
        if token.pos_ == "VERB" and ctx.inside_quote(ctx.offset(token)):
            return None
        entry = cue_entry(ctx, token)
        if entry is None:
            if token.pos_ == "VERB":
                return None
            continue
        if present_participle(token):
            return None
        clitic = inversion(ctx, token, entry)
        cue = clitic[1] if clitic else ctx.cue(token, entry)
        subject = clitic[0] if clitic else inverted_subject(token)
        opens = ctx.is_incise(cue) or ctx.quote_ending_at(cue.span.start) is not None
        return subject if opens and subject is not None and subject.i < participle.i else None
    return None


def _headline_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """`Macron confirme une loi …`, `Moscou revendique la prise de …`: a headline opens on its
    speaker, which the parser, unused to the telegraphic style, often leaves unattached (or
    reads as an adverb). Only a short capitalised phrase with no verb of its own counts."""
    if not ctx.is_heading or "Fin" not in verb.morph.get("VerbForm", []):
        return None
    before = [t for t in ctx.sent.doc[ctx.sent.start : verb.i] if not t.is_space]
    if not before or len(before) > HEADLINE_SUBJECT_TOKENS or not before[0].text[:1].isupper():
        return None
    if any(t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"} or t.is_punct for t in before):
        return None
    heads = [t for t in before if t.head.i == t.i or not before[0].i <= t.head.i < verb.i]
    return heads[-1] if len(heads) == 1 and heads[-1].pos_ in {"NOUN", "PROPN", "ADV", "X"} else None


def _causative_cue(ctx: SentenceContext, verb: Token) -> bool:
    """A cue phrase of a causative and this infinitive ("a fait remarquer que", "fait valoir
    que": the lexicon's "faire remarquer"); not any causative ("ont fait craindre à Kiev que": who
    fears is Kiev)."""
    made = causative(verb)
    return made is not None and ctx.lexicon.verb(made.lemma_, [verb.lemma_]) is not None


APPOSITION_DEPTH = 4  # words from an apposition's last word up to its noun ("responsable des frontières")


def _apposed_before(verb: Token) -> Token | None:
    """`Bien que les deux camps aient qualifié l'échange de « constructif », le conseiller du
    Kremlin, Iouri Ouchakov, a admis que …`: the subject between commas right before a verb of
    no subject, which the parser hung on the clause before as an apposition; a person's name."""
    if any(c.dep_.startswith("nsubj") for c in verb.children):
        return None
    at = verb.i - 1
    while at > verb.sent.start and verb.doc[at].head.i == verb.i and verb.doc[at].dep_.startswith("aux"):
        at -= 1
    if at <= verb.sent.start or verb.doc[at].text != ",":
        return None
    name = _name_before(verb.doc[at - 1])
    return name if name is not None and name.dep_ in ("appos", "conj") and name.head.i < name.i else None


def _name_before(last: Token) -> Token | None:
    """The person a stretch ending at ``last`` names: its own name, or the name an apposition
    ending there describes ("Dans le cadre de cette politique, Tom Homan, responsable des
    frontières, a annoncé que …": the parser hung the name on "politique" as a conjunct)."""
    node = last
    while node.dep_ == "flat:name" and node.head.i < node.i:
        node = node.head
    for _ in range(APPOSITION_DEPTH):
        if node.ent_type_ == "PER":
            return node
        if node.dep_ == "appos" and node.head.ent_type_ == "PER" and node.head.i < node.i:
            return node.head
        if node.head.i >= node.i:
            return None
        node = node.head
    return None


def _hearsay(ctx: SentenceContext, verb: Token) -> bool:
    """`l'idée selon laquelle Poutine avait rejeté …`: a saying inside what someone else says
    (the relative's preposition is an according-to cue) is that other voice's claim."""
    cues = {p.words[0] for p in ctx.lexicon.prepositions}
    return any(
        c.lower_ in RELATIVE_PRONOUNS and any(m.lower_ in cues for m in c.children if m.dep_ == "case")
        for c in verb.children
    )


def _impersonal_il(subject: Token) -> bool:
    """`Il a été annoncé que` says nobody; `Il a fermement rejeté …`, which the parser may also
    label a passive subject, names someone: only a passive auxiliary makes `il` impersonal."""
    if subject.lower_ != "il" or subject.dep_ != "nsubj:pass":
        return False
    return any(c.dep_ == "aux:pass" for c in subject.head.children)


def _is_incise_subject(ctx: SentenceContext, verb: Token, entry: VerbCue, content: Span) -> bool:
    """`…, a affirmé l'armée ukrainienne`: the noun after an incise is its speaker, not its content."""
    cue = ctx.cue(verb, entry)
    if present_participle(verb) or not ctx.is_incise(cue):
        return False
    unquoted = Span(ctx.offset(ctx.sent[0]), cue.span.start)
    if (
        ctx.quote_ending_at(cue.span.start) is None
        and not ctx.is_clause(unquoted)
        and voice(inverted_subject(verb)) is None
    ):
        return False  # "Le gouvernement congolais à travers son porte-parole, a confirmé la mort …"
    before = subject_of(verb)
    if (
        before is not None
        and before.i < verb.i
        and not ctx.in_quote_closed_by(cue, before)
        and subject_set_apart(before, verb)
    ):
        return False  # "Le porte-parole de l'état-major, Andreï Kovalev, a démenti la prise de …"
    subject = inverted_subject(verb)
    return subject is not None and content.start <= ctx.offset(subject) < content.end


def _governed_infinitive(token: Token) -> bool:
    """`a tenu à rappeler que` counts; `sans pouvoir affirmer` does not."""
    if "Inf" not in token.morph.get("VerbForm", []) or token.dep_ != "xcomp":
        return False
    if object_controlled(token):  # "a poussé Kiev à reconnaître …": Kiev was pushed, nobody said anything
        return False
    chain = [token, token.head]
    return not any(c.lower_ in BLOCKING_PREPOSITIONS for t in chain for c in t.children) and finite_or_perfect(
        token.head
    )


def _apposed_subjects(verb: Token, subject: Token) -> list[Token]:
    """`Le conseiller diplomatique du président russe, Iouri Ouchakov, a estimé`: the parser
    gives two subjects; the title right before the name (only a comma between) is part of it."""
    return [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and c.i != subject.i and 0 <= subject.left_edge.i - c.right_edge.i <= 2
    ]


def content_of(ctx: SentenceContext, verb: Token, entry: VerbCue) -> tuple[Span | None, float]:
    """What the cue ``verb`` reports within its sentence, and how sure the reading is."""
    verb = _phrase_verb(verb, entry)
    clause = _que_clause(ctx, verb)
    if clause is not None:
        return clause
    quote = quote_after(ctx, verb)
    if quote is not None:
        return quote.inner, 0.85
    infinitive = _infinitive_content(ctx, verb) if entry.cls in ctx.lexicon.infinitive_classes else None
    if infinitive is not None:
        return infinitive, 0.75
    nominal = _nominal_content(ctx, verb, entry)
    if nominal is not None:
        return nominal, 0.7
    return None, 0.0


def _phrase_verb(verb: Token, entry: VerbCue) -> Token:
    """The cue phrase's last verb, which carries what it reports ("a fait savoir que …", "a fait
    remarquer que …": the clause hangs on "savoir"); the verb itself for a one-word cue."""
    if not entry.rest:
        return verb
    last = entry.rest[-1]
    return next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.lemma_ == last), verb)


def _que_clause(ctx: SentenceContext, verb: Token) -> tuple[Span, float] | None:
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and any(m.lower_ in QUE for m in child.children):
            first = min(child.subtree, key=lambda t: t.i)
            last = max(child.subtree, key=lambda t: t.i)
            last = _extend_coordinated(verb, last)
            span = ctx.token_span(first, last)
            if span is not None:
                return span, 0.9
    # the parse missed the clause: take what follows a nearby `que` to the end of the sentence
    que = _que_after(ctx, verb)
    if que is not None:
        span = ctx.token_span(que, ctx.sent[-1])
        if span is not None:
            return span, 0.75
    return None


def _reports_que(ctx: SentenceContext, verb: Token) -> bool:
    """A `que` of the verb's own: right after it, or past the time, place and channel of the
    saying ("s'est réjoui lundi dans un communiqué que …"); not a relative ("s'emporte contre les
    décisions que …", "se réjouit du soutien que …") nor another conjunction ("s'est emporté alors
    que …")."""
    que = _que_after(ctx, verb)
    if que is None or que.pos_ != "SCONJ" or ctx.sent.doc[que.i - 1].lower_ in CONJUNCTION_HEADS:
        return False
    # "se réjouit du soutien que …": the verb's object, and a relative on it ("de ce que …" is the clause)
    between = ctx.sent.doc[verb.i + 1 : que.i]
    words = [t.lower_ for t in between if not t.lower_.endswith("ment") and t.lower_ not in TIME_NOUNS]
    return words[:1] not in (["du"], ["des"], ["de"], ["d'"]) or words[1:2] == ["ce"]


def _que_after(ctx: SentenceContext, verb: Token) -> Token | None:
    """The `que` the parser hung elsewhere: right after the verb, or past the place, time and
    channel of the saying (`a confirmé dans une interview à Sky News que …`, which the parser
    reads as a relative on `interview`). Past an object (`a annoncé la prise de la ville que …`)
    a `que` is a relative pronoun, not the clause's."""
    prepositional = crossed = False
    for token in ctx.sent.doc[verb.i + 1 : min(ctx.sent.end, verb.i + QUE_REACH)]:
        near = token.i < verb.i + QUE_NEAR
        conjunction = token.pos_ == "SCONJ" or (near and token.pos_ == "PRON")
        if token.lower_.replace("’", "'") in QUE and conjunction:
            if crossed and token.pos_ == "PRON":
                return None  # "souligne l'importance que Moscou accorde à …": a relative pronoun
            if token.i > 0 and token.doc[token.i - 1].lower_ in CONJUNCTION_HEADS:
                return None  # "comme il l'a indiqué, tandis que …": another clause's conjunction
            return token if near or not crossed else None
        if token.pos_ == "VERB":
            return None
        if token.pos_ == "ADP":
            prepositional = True
        # past an object, a clause mark or an auxiliary, a far `que` is no longer the verb's
        crossed = crossed or token.pos_ == "AUX" or token.text in CLAUSE_MARKS
        if token.pos_ in {"NOUN", "PROPN"} and not prepositional and token.lower_ not in TIME_NOUNS:
            crossed = True
    return None


def _extend_coordinated(verb: Token, last: Token) -> Token:
    """`a indiqué que A et que B`: the second clause may hang off the verb itself."""
    for child in verb.children:
        if child.dep_ == "conj" and child.i > last.i and any(m.lower_ in QUE for m in child.children):
            last = max(child.subtree, key=lambda t: t.i)
    return last


def _infinitive_content(ctx: SentenceContext, verb: Token) -> Span | None:
    """`X affirme avoir repoussé 43 attaques`: the infinitive clause is what X asserts."""
    for child in verb.children:
        infinitive = "Inf" in child.morph.get("VerbForm", []) or any(
            "Inf" in aux.morph.get("VerbForm", []) for aux in child.children if aux.dep_.startswith(("aux", "cop"))
        )
        if child.i > verb.i and child.dep_ in {"xcomp", "ccomp"} and infinitive:
            subtree = _without_coordinated_cues(ctx, child)
            first = next((t for t in subtree if t.dep_ not in {"mark", "case"}), subtree[0])
            return ctx.token_span(first, subtree[-1])
    return None


def _without_coordinated_cues(ctx: SentenceContext, head: Token) -> list[Token]:
    """`annonçant faire appel et clamant son innocence`: a cue coordinated inside the content
    reports words of its own, so the content stops before it."""
    cut = [c for c in head.children if c.dep_ == "conj" and c.i > head.i and cue_entry(ctx, c) is not None]
    tokens = sorted(head.subtree, key=lambda t: t.i)
    if not cut:
        return tokens
    stop = min(c.left_edge.i for c in cut)
    kept = [t for t in tokens if t.i < stop]
    while len(kept) > 1 and (kept[-1].is_punct or kept[-1].pos_ == "CCONJ"):
        kept.pop()
    return kept


def _content_candidates(verb: Token) -> list[Token]:
    """The verb's dependents, and `de …` phrases the parser hung on its object (`informer X de Y`),
    and `comme …` ones (`présenter la vidéo comme authentique`)."""
    children = list(verb.children)
    for child in list(children):
        if child.dep_ != "obj":
            continue
        marks = {"de", "d'", "des", "du", "comme"} if child.pos_ in {"PROPN", "PRON"} else {"comme"}
        children.extend(
            grand for grand in child.children if grand.dep_ == "nmod" and any(c.lower_ in marks for c in grand.children)
        )
    return children


def _nominal_content(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Span | None:
    """`revendiquer la prise de X`, `appeler à une pression accrue`, `informer X de Y`, and
    `qualifier X de « Y »`, `saluer X comme Y` (object and qualification together:
    `obj_through_de`, `obj_through_as`)."""
    spans: dict[str, Span] = {}
    for child in _content_candidates(verb):
        if child.i < verb.i or child.dep_ not in CONTENT_DEPS or child.pos_ in {"PUNCT", "PRON"}:
            continue
        if child.lower_ in TIME_NOUNS and child.n_lefts + child.n_rights == 0:
            continue  # "a déclaré mardi :" says when, not what
        cases = {c.lower_ for c in child.children if c.dep_ in {"case", "mark"}}
        relation = None
        if child.dep_ == "obj" and child.pos_ in {"NOUN", "PROPN"}:
            relation = "obj"
        elif cases & {"à", "au", "aux"}:
            relation = "obl_a"
        elif cases & {"comme"}:
            relation = "obj_as"
        elif cases & {"de", "d'", "des", "du"} or child.dep_ == "nmod":
            relation = "obj_de"
        if relation is None or relation in spans:
            continue
        subtree = sorted(child.subtree, key=lambda t: t.i)
        first = next((t for t in subtree if t.dep_ not in {"case", "mark"}), subtree[0])
        span = ctx.token_span(first, subtree[-1])
        if span is not None:
            spans[relation] = span
    relative = any(c.dep_ == "obj" and "Rel" in c.morph.get("PronType", []) for c in verb.children)
    for through, qualifier in (("obj_through_de", "obj_de"), ("obj_through_as", "obj_as")):
        if through in entry.content and "obj" in spans and qualifier in spans:
            return Span(spans["obj"].start, max(spans["obj"].end, spans[qualifier].end))
        if through in entry.content and relative and qualifier in spans:
            return spans[qualifier]  # "une vidéo qu'il a présentée comme authentique": what it was called
    for relation in ("obj", "obl_a", "obj_de"):
        if relation in spans and relation in entry.content:
            return spans[relation]
    return None
