"""meeting(participants, place, date): who met whom, where and when, and how it went."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, Word, token_key
from claimscope.claims.dates import event_date
from claimscope.claims.stance import clause_text, stance_of
from claimscope.entities.kb import Role
from claimscope.records import Claim, ClaimType, EntityMention, Span, Stance
from claimscope.text import fold


def read_meeting(unit: Unit, ctx: DocumentContext) -> list[Claim]:
    """One meeting per unit, or one per meeting of a unit that tells several apart ("a summit with
    Putin in Alaska and talks with Zelensky", "after talks in Florida, and a day before Witkoff is
    expected to meet Putin"), each with the people named in its own words or in none of theirs."""
    triggers = [w for w in unit.words if w.token.pos_ in ("NOUN", "VERB") and _is_trigger(w.token.lemma_, ctx)]
    if not triggers:
        return []
    regions = _own_regions(triggers, unit, ctx)
    if len(regions) < 2:
        return _read_one(unit, triggers, ctx)
    found = []
    for anchor, own in regions.items():
        others = set().union(*(r for a, r in regions.items() if a != anchor))
        words = [w for w in unit.words if token_key(w.token) not in others]
        part = replace(unit, words=words, _keys=None, _starts=None)
        found += _read_one(part, [w for w in triggers if token_key(w.token) in own], ctx)
    return found


def _own_regions(triggers: list[Word], unit: Unit, ctx: DocumentContext) -> dict[tuple[int, int], set[tuple[int, int]]]:
    """The words of each meeting a unit tells apart: a trigger with the verbs it completes ("is
    expected to meet"), less the meetings coordinated with it; only where two or more of them name
    someone of their own (else the unit tells one meeting)."""
    anchors = {}
    for word in triggers:
        anchor = word.token
        while anchor.dep_ == "xcomp" and anchor.head.i != anchor.i:
            anchor = anchor.head
        anchors[token_key(anchor)] = anchor
    inside = {k for k, a in anchors.items() for other in anchors.values() if _nested(a, other)}
    tops = {k: a for k, a in anchors.items() if k not in inside}
    regions = {}
    for key, anchor in tops.items():
        below = {
            token_key(t)
            for other in tops.values()
            if other.i != anchor.i and anchor.is_ancestor(other)
            for t in other.subtree
        }
        regions[key] = {token_key(t) for t in anchor.subtree if unit.has(t)} - below
    named = [k for k, r in regions.items() if _names_someone(r, unit, ctx)]
    return regions if len(named) >= 2 and len(named) == len(regions) else {}


def _nested(token: Token, other: Token) -> bool:
    """Whether a meeting word stands inside another's words, not coordinated with it."""
    if token.i == other.i or not other.is_ancestor(token):
        return False
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        if node.i == other.i:
            return False
    return True


def _names_someone(region: set[tuple[int, int]], unit: Unit, ctx: DocumentContext) -> bool:
    words = [w for w in unit.words if token_key(w.token) in region]
    part = replace(unit, words=words, _keys=None, _starts=None)
    return bool(ctx.entities_in(words, "PER") or _sides(part, ctx))


def _read_one(unit: Unit, triggers: list[Word], ctx: DocumentContext) -> list[Claim]:
    sentence = ctx.document.text[unit.sentence.start : unit.sentence.end]
    said = _words_text(unit)
    participants = _participants(said, unit, ctx) | _sides(unit, ctx) | _pronoun_subject(triggers[0].token, unit, ctx)
    if len(participants) < 2 and unit.attribution is not None:
        unit = _cut_short(unit, triggers[0], ctx)  # "a annoncé que Witkoff rencontrera | Poutine demain"
        said = _words_text(unit)
        participants = _participants(said, unit, ctx) | _sides(unit, ctx)
    if len(participants) < 2:
        return []
    place = _place(said, unit.words, triggers[0].token, ctx)
    if place is None and not _other_meeting(unit, ctx):
        place = _place(sentence, ctx.words_in(unit.sentence), triggers[0].token, ctx)
    when, when_text = event_date(said, ctx.document.published)
    if when is None:
        when, when_text = event_date(sentence, ctx.document.published)
    text = unit.text(ctx.document)
    clause = clause_text(triggers[0].token, unit)
    stance, hedges = stance_of(unit, triggers[0].token, clause, False, ctx.rules)
    verbs = [t for t in [triggers[0].token, *triggers[0].token.ancestors][:3] if t.pos_ in ("VERB", "AUX")]
    planned = ctx.rules.phrases_in(ctx.rules.planned, fold(clause)) or any(
        "Fut" in t.morph.get("Tense", []) for v in verbs for t in [v, *v.children]
    )
    if planned and stance is Stance.DENIES:
        return []  # "no meeting between Putin and Trump is planned": says nothing of one held
    if _wished(triggers[0].token, ctx):
        return []  # "les Européens souhaitent rencontrer Zelensky": neither held nor set
    if planned:  # a definite announcement asserts the meeting, marked as planned; "pourraient" hedges it
        hedges = [*hedges, "planned"]
    args = {
        "participants": "; ".join(sorted(participants)),
        "place": place or "",
        "date": when.isoformat() if when else "",
    }
    outcomes = ctx.rules.phrases_in(ctx.rules.outcomes, fold(sentence))
    if outcomes:
        args["outcome"] = ", ".join(sorted(outcomes))
    return [
        Claim(
            type=ClaimType.MEETING,
            key=f"meeting|{place or '?'}|{args['date'] or '?'}",
            args=args,
            stance=stance,
            source=unit.source,
            span=unit.span,
            evidence=text,
            date=when,
            date_text=when_text,
            hedges=tuple(hedges),
            attribution=unit.attribution,
            sentence=unit.sentence,
        )
    ]


def _wished(trigger: Token, ctx: DocumentContext) -> bool:
    """The meeting verb is the infinitive a verb of wishing governs ("souhaitent rencontrer",
    "want to meet")."""
    return "Inf" in trigger.morph.get("VerbForm", []) and fold(trigger.head.lemma_) in ctx.rules.wishes


def _pronoun_subject(trigger: Token, unit: Unit, ctx: DocumentContext) -> set[str]:
    """Who "he" is when he met, in reported words ("Trump said he had a very good meeting with
    Putin", "Zelensky said his talks with Witkoff were useful"): the speaker of the words."""
    if unit.source.type != "person":
        return set()
    holders = [trigger, trigger.head] if trigger.dep_ in ("dobj", "obj", "attr") else [trigger]
    pronouns = [c for t in holders for c in t.children if c.dep_ in ("nsubj", "poss") and unit.has(c)]
    return {unit.source.name} if any(fold(c.text) in ctx.rules.pronouns for c in pronouns) else set()


def _cut_short(unit: Unit, trigger: Word, ctx: DocumentContext) -> Unit:
    """Reported words the attribution stage ended on the meeting verb ("Le Kremlin a annoncé que
    l'émissaire américain Steve Witkoff rencontrera | Vladimir Poutine demain à Moscou": the
    parser hung the person met on "annoncé") read on to the next punctuation of the sentence."""
    if not unit.words or unit.words[-1].start != trigger.start or unit.span.end >= unit.sentence.end:
        return unit
    rest = ctx.words_in(Span(unit.span.end, unit.sentence.end))
    stop = next((i for i, w in enumerate(rest) if w.token.pos_ == "PUNCT"), len(rest))
    if stop == 0:
        return unit
    words = [*unit.words, *rest[:stop]]
    return replace(unit, words=words, span=Span(unit.span.start, words[-1].end), _keys=None, _starts=None)


def _other_meeting(unit: Unit, ctx: DocumentContext) -> bool:
    """Whether the sentence tells another meeting outside the unit: then a place outside the unit
    may be that one's ("after talks in Florida, the Kremlin said Witkoff will meet Putin")."""
    return any(
        not unit.has(w.token) and w.token.pos_ in ("NOUN", "VERB") and _is_trigger(w.token.lemma_, ctx)
        for w in ctx.words_in(unit.sentence)
    )


def _is_trigger(lemma: str, ctx: DocumentContext) -> bool:
    return fold(lemma) in ctx.rules.meeting_triggers


def _role_titles(folded: str, ctx: DocumentContext) -> list[tuple[int, int, Role]]:
    """Role titles of roles.yaml said in a text ("le président russe", "l'émissaire américain")."""
    found = []
    padded = f" {folded} "
    for role in ctx.kb.roles:
        for phrase in role.phrases:
            at = padded.find(f" {phrase}")
            while at >= 0:
                end = at + 1 + len(phrase)
                if not padded[end].isalnum():
                    found.append((at, end - 1, role))
                at = padded.find(f" {phrase}", at + 1)
    return found


def _described_by(before: str, ctx: DocumentContext, name: str | None = None) -> bool:
    """Whether the words before a name end with a relation or role noun and "de", the name's own
    title between them ("son-in-law of U.S. President Donald Trump"; not "l'envoyé spécial du
    président américain Steve Witkoff", whose title is not his)."""
    words = before.replace("'", "' ").split()
    titled = ctx.rules.title_nouns | set(ctx.rules.nations) | ctx.rules.titles.pre_adjectives
    own = len(words)
    while own and words[own - 1] in titled:
        own -= 1
    holder = ctx.kb.role_holder(" ".join(words[own:]), ctx.document.published) if own < len(words) else None
    if holder and holder[0] == name:
        words = words[:own]
    if not words or words[-1] not in ctx.rules.titles.bare_genitives:
        return False
    return any(" ".join(words[-1 - n : -1]) in ctx.rules.title_nouns for n in (1, 2, 3) if len(words) > n)


def _canonical(entity: EntityMention, ctx: DocumentContext) -> str:
    person = ctx.kb.person(entity.name)
    return person.name if person else entity.name


def _owns_title(entity: EntityMention, ctx: DocumentContext) -> bool:
    """ "Trump's envoy Steve Witkoff", "Trump envoys Witkoff and Kushner": the owner of a title is
    not the one who meets (the tagger may keep the "'s" inside the name)."""
    marks = ctx.rules.possessive_marks
    if not marks:
        return False
    written = fold(ctx.document.text[entity.span.start : entity.span.end + 40])
    after = written[len(entity.text) :]
    mark = next((m for m in marks if after.startswith(m)), "")
    words = [w.strip(",;:.") for w in after.removeprefix(mark).split()[:4]]
    if not (mark or any(fold(entity.text).endswith(m) for m in marks)):
        words = words[:1]  # no "'s": the title right after the name ("Trump envoys")
    return any(
        " ".join(words[i:j]) in ctx.rules.title_nouns for i in range(len(words)) for j in range(i + 1, len(words) + 1)
    )


MODIFIER_DEPS = ("compound", "poss")  # English labels ("Trump allies", "Trump's plan"); French has none
QUALIFIER_DEPS = ("amod", "compound", "nmod")  # a word qualifying a noun ("US officials")


def _modifier(entity: EntityMention, ctx: DocumentContext) -> bool:
    """A name that qualifies a noun ("two close Trump allies", "Trump's peace plan") names no one
    who met."""
    words = ctx.words_in(entity.span)
    if not words:
        return False
    token = words[-1].token
    if token.dep_ == "poss" and _is_trigger(token.head.lemma_, ctx):
        return False  # "Witkoff's meeting with Putin": who met
    return (token.dep_ in MODIFIER_DEPS and token.head.pos_ == "NOUN") or _of_a_thing(token, ctx)


def _of_a_thing(token: Token, ctx: DocumentContext) -> bool:
    """A name after "of"/"de" under a noun that tells no meeting ("a stroll past the mausoleum of
    Vladimir Lenin", "le mausolée de Lénine") names no one who met."""
    genitives = ctx.rules.titles.bare_genitives
    if token.dep_ == "pobj" and token.head.pos_ == "ADP" and fold(token.head.text) in genitives:
        noun = token.head.head  # English labels: noun -> "of" -> name
    elif token.dep_ == "nmod" and any(c.dep_ == "case" and fold(c.text) in genitives for c in token.children):
        noun = token.head  # French labels: noun -> name, "de" its case
    else:
        return False
    return noun.pos_ == "NOUN" and not _is_trigger(noun.lemma_, ctx)


def _words_text(unit: Unit) -> str:
    return " ".join(w.token.text for w in unit.words)


def _participants(said: str, unit: Unit, ctx: DocumentContext) -> set[str]:
    """People the unit names, and role titles resolved to their holder on the day; not the people
    a title points to ("le gendre de Donald Trump", "l'émissaire du président américain")."""
    text = ctx.document.text
    names = {
        e.name
        for e in ctx.entities_in(unit.words, "PER")
        if ctx.is_person(e)
        and not _described_by(fold(text[max(0, e.span.start - 60) : e.span.start]), ctx, _canonical(e, ctx))
        and not _owns_title(e, ctx)
        and not _modifier(e, ctx)
    }
    folded = fold(said)
    for start, end, role in _role_titles(folded, ctx):
        holder = role.holder_on(ctx.document.published)
        named = holder and folded[end:].lstrip().startswith((fold(holder), fold(holder.split()[-1])))
        if holder and not named and not _described_by(folded[:start], ctx):
            names.add(holder)  # "U.S. President Donald Trump's envoy": the name decides, not its title
    return {person.name if (person := ctx.kb.person(n)) else n for n in names}


def _sides(unit: Unit, ctx: DocumentContext) -> set[str]:
    """Countries at talks as sides, by the name of their delegation: two of them coordinated ("the
    United States and Ukraine", "US and Ukrainian officials", "Kyiv and Washington"), or one
    qualifying a group noun ("a Ukrainian delegation")."""
    found = set()
    for word in unit.words:
        token = word.token
        side = _side(token, ctx)
        if side is None:
            continue
        first = min([token, *token.conjuncts], key=lambda t: t.i)
        group = {fold(first.head.lemma_), fold(first.head.text)} & ctx.rules.side_groups
        grouped = first.dep_ in QUALIFIER_DEPS and group
        named = token.dep_ not in QUALIFIER_DEPS and any(_side(other, ctx) for other in token.conjuncts)
        if grouped or named:  # not "U.S. and Russian positions"
            found.add(side)
    return found


def _side(token: Token, ctx: DocumentContext) -> str | None:
    """The side a country's name ("the United States"), adjective or capital names."""
    words = [*(c for c in token.children if c.dep_ == "compound" and c.i < token.i), token]
    return ctx.rules.side_names.get(fold(" ".join(w.text for w in words)))


def _place(text: str, words: list[Word], trigger: Token, ctx: DocumentContext) -> str | None:
    """Where it happened: a place or venue after "à", "au", "en" wins; one after "de" or before a
    title is someone's title ("l'envoyé de la Maison Blanche", "a Kremlin aide"), not a meeting
    place; one in a clause the meeting word is not in is what that clause tells ("told Putin
    during a visit … that troops had captured Pokrovsk")."""
    candidates: list[tuple[int, int, str]] = []
    for entity in ctx.entities_in(words, "LOC"):
        if not _in_meeting_clause(ctx.words_in(entity.span), trigger):
            continue
        folded = fold(entity.text)
        place = ctx.rules.venues.get(folded) or _city(entity.text, ctx)
        if place:
            candidates.append((_preposition_rank(ctx.document.text, entity.span.start, ctx), entity.span.start, place))
    folded_text = fold(text)
    for venue, city in ctx.rules.venues.items():
        at = f" {folded_text}".find(f" {venue}")
        if at >= 0 and not _before_title(folded_text[at + len(venue) :], ctx):
            candidates.append((_preposition_rank(folded_text, max(0, at - 1), ctx), at, city))
    candidates = [c for c in candidates if c[0] < GENITIVE]
    return min(candidates)[2] if candidates else None


OTHER_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl:relcl", "parataxis"})


def _in_meeting_clause(words: list[Word], trigger: Token) -> bool:
    """Whether a place's words hang on the meeting word's clause: climbing from the place to the
    first word that also governs the meeting word, no other clause is crossed (a place in
    another sentence of the unit is not judged)."""
    tokens = {w.token.i for w in words}
    top = next((w.token for w in words if w.token.head.i not in tokens), None)
    for node in [top, *top.ancestors] if top is not None else []:
        if node.i == trigger.i or node.is_ancestor(trigger):
            return True
        if node.dep_ in OTHER_CLAUSES:
            return False
    return True


def _before_title(after: str, ctx: DocumentContext) -> bool:
    """Whether a venue's name qualifies the title after it ("Kremlin spokesperson")."""
    following = after.split()[:1]
    return bool(following) and following[0] in ctx.rules.title_nouns


LOCATIVE, NEUTRAL, GENITIVE = 0, 1, 2


def _preposition_rank(text: str, start: int, ctx: DocumentContext) -> int:
    before = fold(text[max(0, start - 12) : start]).replace("'", "' ").split()
    if not before:
        return NEUTRAL
    r = ctx.rules
    if before[-1] in r.locatives or (before[-1] in r.titles.articles and len(before) > 1 and before[-2] in r.locatives):
        return LOCATIVE
    if before[-1] in r.genitives:
        return GENITIVE
    return NEUTRAL


def _city(name: str, ctx: DocumentContext) -> str | None:
    place = ctx.gazetteer.lookup(name, ctx.countries)
    return place.name if place else None
