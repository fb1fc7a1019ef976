"""`X a indiqué que …`, `X a déclaré : « … »`, `X revendique la prise de …`, and the
participial continuation `…, soulignant …` whose speaker is the governing clause's subject."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.constructions.clitic import inversion
from claimscope.attribution.context import SentenceContext, quote_after
from claimscope.attribution.lexicon import VerbCue
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.que_clause import que_clause, reports_que
from claimscope.attribution.tokens import (
    EMPTY_SUBJECTS,
    GRAMMAR,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
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

CONTENT_DEPS = {"ccomp", "obj", "xcomp", "obl:arg", "obl", "obl:mod", "conj", "nmod"}
BLOCKING_PREPOSITIONS = frozenset(GRAMMAR["blocking_prepositions"])
HEADLINE_SUBJECT_TOKENS = 4  # "Macron", "La Russie", "Le Premier ministre britannique"


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
            content, confidence = (que_clause(ctx, token) if reports_que(ctx, token) else None) or (None, 0.0)
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
    clause = que_clause(ctx, verb)
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


def _object_run_on(verb: Token, last: Token) -> Token:
    """An object the parser cut in two, hanging its noun on the cue right after it with no
    punctuation between ("a critiqué la récente | annonce de M. X comme …"): the object runs on
    (a noun of time there says when: "a critiqué la réforme jeudi")."""
    following = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    if following is None or following.head != verb or following.pos_ != "NOUN" or following.lower_ in TIME_NOUNS:
        return last
    return max(following.subtree, key=lambda t: t.i)


def _before_next_subject(verb: Token, subtree: list[Token]) -> Token:
    """The next clause's subject, which the parser coordinated with the content ("a appelé à la
    « vigilance » et la Première ministre, X, a convoqué une cellule": "la Première ministre" is
    the subject of "a convoqué", a verb without one, coordinated with the cue or made its head):
    the content stops before it."""
    last = subtree[-1]
    clauses = [c for c in verb.children if c.dep_ == "conj"] + [verb.head]  # or the verb the parser hung the cue on
    following = min((c for c in clauses if c.i > last.i and c.pos_ == "VERB"), key=lambda c: c.i, default=None)
    if following is None or any(c.dep_ in SUBJECT_DEPS for c in following.children):
        return last
    between = last.doc[last.i + 1 : following.i]
    if any(not (t.is_punct or t.dep_.startswith("aux")) for t in between):
        return last
    # before a comma, only a subject closed by it ("la Première ministre, X,"): "a condamné l'attaque
    # et les violences, a rapporté l'AFP" ends on an incise, or on another verb of the same subject
    closed = any(t.text == "," for t in between)
    inside = {t.i for t in subtree}
    for phrase in subtree[1:]:  # the first noun phrase that ends the content with the phrases after it
        if phrase.dep_ not in ("conj", "appos") or phrase.head.i not in inside or not _tail(phrase, last):
            continue
        if any(c.dep_ == "case" for c in phrase.children):
            continue  # "des policiers et du préfet": a complement, not a subject
        if closed and not any(t.text == "," for t in last.doc[phrase.i : last.i + 1]):
            continue
        opening = next(t for t in phrase.subtree if not (t.is_punct or t.dep_ == "cc"))
        if opening.pos_ not in ("DET", "PROPN", "PRON"):
            continue  # "« utile » et « constructif »": a word of the content's, not a subject
        end = phrase.left_edge.i - 1
        while end > subtree[0].i and (last.doc[end].text == "," or last.doc[end].dep_ == "cc"):
            end -= 1
        return last.doc[end]
    return last


def _tail(phrase: Token, last: Token) -> bool:
    """Every word from ``phrase`` to ``last`` is in it or in a phrase after it on the same head."""
    for token in last.doc[phrase.left_edge.i : last.i + 1]:
        node = token
        while node.head.i != phrase.head.i and node.head.i != node.i:
            node = node.head
        if node.head.i != phrase.head.i or (node.i < phrase.i and not node.is_punct):
            return False
    return True


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
        last = _before_next_subject(verb, subtree)
        last = _object_run_on(verb, last) if relation == "obj" else last
        span = ctx.token_span(first, last)
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
