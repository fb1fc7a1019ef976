"""Who took part in a meeting: the people a meeting's own words name, and the sides at talks.

A sentence names more people than met: who reports the meeting ("Peskov said that Gerasimov met
Putin"), who sends someone to it ("Trump envoie son gendre rencontrer Poutine"), whose title
someone holds ("l'émissaire de Trump"), who acts after it ("après la rencontre des émissaires
avec Poutine, Dmitriev a publié"). A name counts when the parse links it to a meeting word
without crossing a clause of its own; places are judged the same way (claimscope.claims.meeting).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, Word, token_key
from claimscope.claims.rules import ClaimRules
from claimscope.entities.kb import Role
from claimscope.records import EntityMention
from claimscope.text import fold

OTHER_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl:relcl", "parataxis"})
PERSON_LABELS = frozenset({"PER", "PERSON"})  # the French and the English recogniser's label
MODIFIER_DEPS = ("compound", "poss")  # English labels ("Trump allies", "Trump's plan"); French has none
QUALIFIER_DEPS = ("amod", "compound", "nmod")  # a word qualifying a noun ("US officials")


def is_trigger(lemma: str, ctx: DocumentContext) -> bool:
    return fold(lemma) in ctx.rules.meeting_triggers


def people_named(said: str, unit: Unit, triggers: list[Token], ctx: DocumentContext) -> set[str]:
    """People the unit names in the meeting's own clause, and role titles resolved to their holder
    on the day; not the people a title points to ("le gendre de Donald Trump", "l'émissaire du
    président américain")."""
    text = ctx.document.text
    names = {
        e.name
        for e in ctx.entities_in(unit.words, "PER")
        if ctx.is_person(e)
        and linked(ctx.words_in(e.span), triggers, unit, ctx.rules)
        and not _described_by(fold(text[max(0, e.span.start - 60) : e.span.start]), ctx, _canonical(e, ctx))
        and not _owns_title(e, ctx)
        and not _modifier(e, ctx)
    }
    folded = fold(said)
    for start, end, role in _role_titles(folded, ctx):
        holder = role.holder_on(ctx.document.published)
        named = holder and folded[end:].lstrip().startswith((fold(holder), fold(holder.split()[-1])))
        word = _word_at(unit, start)
        in_clause = word is None or linked([word], triggers, unit, ctx.rules)
        if holder and not named and in_clause and not _described_by(folded[:start], ctx):
            names.add(holder)  # "U.S. President Donald Trump's envoy": the name decides, not its title
    return {person.name if (person := ctx.kb.person(n)) else n for n in names}


def _word_at(unit: Unit, start: int) -> Word | None:
    """The unit's word at an offset of its folded words joined by spaces."""
    at = 0
    for word in unit.words:
        piece = fold(word.token.text)
        if not piece:
            continue
        if start < at + len(piece) + 1:
            return word
        at += len(piece) + 1
    return None


def pronoun_subject(trigger: Token, unit: Unit, ctx: DocumentContext) -> set[str]:
    """Who "he" is when he met, in reported words ("Trump said he had a very good meeting with
    Putin", "Zelensky said his talks with Witkoff were useful"): the speaker of the words, unless
    they name someone before it ("the news was reported to Putin during his visit")."""
    if unit.source.type != "person":
        return set()
    holders = [trigger, trigger.head] if trigger.dep_ in ("dobj", "obj", "attr") else [trigger]
    pronouns = [c for t in holders for c in t.children if c.dep_ in ("nsubj", "poss") and unit.has(c)]
    said = {token_key(c) for c in pronouns if fold(c.text) in ctx.rules.pronouns}
    first = next((w.start for w in unit.words if token_key(w.token) in said), None)
    if first is None:
        return set()
    named = [e for e in ctx.entities_in(unit.words, "PER") if ctx.is_person(e) and e.span.start < first]
    return set() if named else {unit.source.name}


def sides(unit: Unit, ctx: DocumentContext) -> set[str]:
    """Countries at talks as sides, by the name of their delegation: two of them coordinated ("the
    United States and Ukraine", "US and Ukrainian officials", "Kyiv and Washington"), or one
    qualifying a group noun ("a Ukrainian delegation")."""
    return {side for word in unit.words if (side := as_side(word.token, ctx)) is not None}


def as_side(token: Token, ctx: DocumentContext) -> str | None:
    """The side a country's name, adjective or capital stands for at talks, if it stands for one
    there ("between Washington and Moscow": the two governments, not where they met)."""
    side = _side(token, ctx)
    if side is None:
        return None
    first = min([token, *token.conjuncts], key=lambda t: t.i)
    group = {fold(first.head.lemma_), fold(first.head.text)} & ctx.rules.side_groups
    grouped = first.dep_ in QUALIFIER_DEPS and group
    named = token.dep_ not in QUALIFIER_DEPS and any(_side(other, ctx) for other in token.conjuncts)
    return side if grouped or named else None  # not "U.S. and Russian positions"


def _side(token: Token, ctx: DocumentContext) -> str | None:
    """The side a country's name ("the United States"), adjective or capital names."""
    words = [*(c for c in token.children if c.dep_ == "compound" and c.i < token.i), token]
    return ctx.rules.side_names.get(fold(" ".join(w.text for w in words)))


def linked(words: list[Word], triggers: list[Token], unit: Unit, rules: ClaimRules) -> bool:
    """Whether a name (of a person or a place) hangs on a meeting word's clause: the path between
    them crosses no clause of its own ("Peskov said that Gerasimov met Putin": not Peskov; "told
    Putin during a visit that troops had captured Pokrovsk": not where they met), but for a clause
    describing the meeting ("la réunion qui s'est tenue mardi entre A et B") and an infinitive of
    purpose on the meeting's side ("a accompagné Witkoff à Moscou pour rencontrer Poutine"); nor
    does it end on one who sends others ("Trump envoie son gendre rencontrer Poutine"), or outside
    a meeting noun that names its own ("après la rencontre des émissaires de Trump avec Poutine,
    Dmitriev a publié").
    A path through words outside the unit is the parser's ("a annoncé que Witkoff rencontrera |
    Poutine", with Poutine hung on "annoncé"): reported words are one stretch, not judged; nor is
    a name in another sentence of the unit."""
    tokens = {w.token.i for w in words}
    top = next((w.token for w in words if w.token.head.i not in tokens), None)
    if top is None:
        return True
    meetings = {t.i for t in triggers}
    above = [top, *top.ancestors]
    at = {t.i: k for k, t in enumerate(above)}
    judged = False
    for trigger in triggers:
        own = [trigger, *trigger.ancestors]
        meet = next((k for k, t in enumerate(own) if t.i in at), None)
        if meet is None:
            continue  # in another sentence of the unit
        name_side, common = above[: at[own[meet].i]], own[meet]
        if not unit.has(common):
            return True
        judged = True
        if any(_closes(t, meetings) for t in name_side) or any(_closes(t, meetings, True) for t in own[:meet]):
            continue
        if meet and (_sends(common, name_side, rules) or _has_agent(trigger, rules)):
            continue
        return True
    return not judged


def _closes(token: Token, meetings: set[int], purpose: bool = False) -> bool:
    """Whether a word heads a clause of its own between a name and a meeting word."""
    if token.dep_ not in OTHER_CLAUSES and token.dep_.split(":")[0] not in OTHER_CLAUSES:
        return False
    if token.head.i in meetings and token.head.pos_ == "NOUN" and not _has_subject(token):
        return False  # the meeting described: "les rencontres tenues à Miami", "la réunion qui s'est tenue"
    form = token.morph.get("VerbForm", [])
    if "Part" in form and "Past" in token.morph.get("Tense", []) and not _has_subject(token):
        return False  # a past participle of no subject: the parser may hang "la réunion prévue" on the verb
    return not (purpose and "Inf" in form)


def _has_subject(verb: Token) -> bool:
    """A subject of its own, not the relative pronoun standing for the noun ("qui", "which")."""
    return any(c.dep_.startswith("nsubj") and "Rel" not in c.morph.get("PronType", []) for c in verb.children)


def _sends(verb: Token, name_side: list[Token], rules: ClaimRules) -> bool:
    """The name is the subject of a verb sending someone to the meeting ("Trump sent Witkoff to
    meet Putin"; not "Zelensky asked to meet Putin", where no one is sent)."""
    return (
        bool(name_side)
        and name_side[-1].dep_.startswith("nsubj")
        and fold(verb.lemma_) in rules.senders
        and any(c.dep_ in ("obj", "dobj") for c in verb.children)
    )


def _has_agent(noun: Token, rules: ClaimRules) -> bool:
    """A meeting noun with its own people ("la rencontre des deux émissaires avec Poutine",
    "Witkoff's meeting", "la rencontre entre Poutine et Witkoff"): no one outside its words takes
    part in it (not "Ouchakov" of "les commentaires d'Ouchakov sur la rencontre entre …")."""
    if noun.pos_ != "NOUN":
        return False
    return any(
        _agent(child, rules) and any(t.ent_type_ in PERSON_LABELS for t in child.subtree) for child in noun.children
    )


def _agent(child: Token, rules: ClaimRules) -> bool:
    """A noun's complement of who does it: a possessive name, "de"/"of" or "entre"/"between" and
    what follows."""
    marks = rules.genitives | rules.between
    if child.dep_ == "poss":
        return child.pos_ != "PRON"  # "his talks" are the speaker's or the subject's
    if child.dep_ == "prep":
        return fold(child.text) in marks
    return child.dep_ in ("nmod", "obl:mod") and any(c.dep_ == "case" and fold(c.text) in marks for c in child.children)


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


def _modifier(entity: EntityMention, ctx: DocumentContext) -> bool:
    """A name that qualifies a noun ("two close Trump allies", "Trump's peace plan") names no one
    who met."""
    words = ctx.words_in(entity.span)
    if not words:
        return False
    token = words[-1].token
    if token.dep_ == "poss" and is_trigger(token.head.lemma_, ctx):
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
    return noun.pos_ == "NOUN" and not is_trigger(noun.lemma_, ctx)
