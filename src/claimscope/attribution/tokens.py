"""Small questions asked of the French parse (Universal Dependencies labels, lang/fr data):
negation, subjects (a speaker's words: `attribution.mention_span`)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from claimscope.lang import load
from claimscope.text import fold

GRAMMAR = load("fr", "grammar")
NEGATORS = frozenset(GRAMMAR["negators"])
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
RELATIVE_PRONOUNS = frozenset(GRAMMAR["relative_pronouns"])
EMPTY_SUBJECTS = frozenset(GRAMMAR["empty_subjects"])
OBJECT_CLITICS = frozenset(GRAMMAR["object_clitics"])
PLURAL_CLITICS: dict[str, str] = GRAMMAR["plural_clitics"]
CAUSATIVES = frozenset(GRAMMAR["causatives"])
TIME_NOUNS = frozenset(GRAMMAR["time_nouns"])
THINGS = frozenset(load("fr", "groups")["not_voices"])
PERSON_TITLES = frozenset(fold(w) for w in load("fr", "groups")["person"])  # "le président", "la ministre"
VOICES = frozenset(
    fold(w) for kind in ("person", "anyone", "group", "organisation") for w in load("fr", "groups").get(kind, [])
)


def is_negated(verb: Token, quoted: Callable[[Token], bool] = lambda _: False) -> bool:
    """The verb is negated; a negation inside quoted words the parser hung on it does not count
    (`"Pas un seul département ne va pas…", menace la FNSEA`)."""
    if any(child.lower_ in NEGATORS and not quoted(child) for child in verb.children):
        return True
    head = verb.head
    # negation carried by an auxiliary's or modal's head ("n'a pas voulu confirmer")
    return (
        verb.dep_ == "xcomp" and head.i != verb.i and any(c.lower_ in NEGATORS and not quoted(c) for c in head.children)
    )


def finite(verb: Token) -> bool:
    """The verb or one of its auxiliaries is finite: a clause of its own, not a participle's."""
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    return any("Fin" in t.morph.get("VerbForm", []) for t in (verb, *auxiliaries))


def finite_or_perfect(verb: Token) -> bool:
    """A verb that states something: finite, or a past participle with its auxiliary."""
    forms = verb.morph.get("VerbForm", [])
    if not forms or "Fin" in forms:
        return True
    if "Part" in forms and "Past" in verb.morph.get("Tense", []):
        return any(c.dep_.startswith("aux") for c in verb.children)
    return False


def causative(verb: Token) -> Token | None:
    """The causative the parser hung on an infinitive ("a fait remarquer que": "fait" read as
    the infinitive's auxiliary), stating something as a finite verb does."""
    found = next((c for c in verb.children if c.i == verb.i - 1 and c.lemma_ in CAUSATIVES), None)
    if found is None or not infinitive(verb):
        return None
    helped = any(c.dep_.startswith("aux") and c.i < verb.i for c in verb.children if c is not found)
    return found if finite_or_perfect(found) or helped else None


def infinitive(verb: Token) -> bool:
    return "Inf" in verb.morph.get("VerbForm", [])


def present_participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm", []) and "Pres" in verb.morph.get("Tense", [])


def has_preposition(token: Token) -> bool:
    """`À l'issue de …` is no subject, whatever the parser says."""
    return any(c.dep_ == "case" and c.i < token.i for c in token.children)


def names_subject(token: Token) -> bool:
    """Words after "Name," that make the name what the sentence is about ("Jean Dupont, 45 ans",
    "…, qui", "…, a été", a list of names), not an apposition to what came before."""
    return (
        token.pos_ in {"VERB", "AUX", "CCONJ", "NUM"}
        or token.like_num
        or token.lower_ in RELATIVE_PRONOUNS
        or token.ent_type_ == "PER"
    )


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, climbing through coordination, modals and relative clauses."""
    seen = 0
    current = verb
    while seen < 6:
        seen += 1
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS and not has_preposition(c) and not c.is_punct]
        if any(object_clitic(c, current) for c in subjects):  # "Il nous a dit": "il" read as impersonal
            expletive = [c for c in current.children if c.dep_ == "expl:subj" and c.i < current.i]
            subjects = [c for c in subjects if not object_clitic(c, current)] or expletive
        if any(_emphatic(c) for c in subjects):  # "L'armée a quant à elle déclaré": the army speaks
            subjects = [c for c in subjects if not _emphatic(c)] or [
                g for c in current.children if c.dep_.startswith("aux") for g in c.children if g.dep_ in SUBJECT_DEPS
            ]
        if subjects:
            # one before the verb over one after it: "X, …, a informé le président Y de la prise" (Y
            # read as a second subject)
            subject = pick_subject([c for c in subjects if c.i < current.i] or subjects)
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_.startswith("acl"):
                return _agent_of_thing(current.head)
            return _agent_of_thing(subject)
        agents = [c for c in current.children if c.dep_ == "obl:agent"]
        if agents:
            return agents[0]
        lent = _participle_subject(current)
        if lent is not None:
            return lent
        if current.dep_ == "conj" and _perfect(current) and not _perfect(current.head):
            parallel = next((a for a in current.head.ancestors if a.pos_ == "VERB" and _perfect(a)), None)
            if parallel is not None:  # "X a précisé que l'Ukraine entendait coopérer … et a demandé …"
                current = parallel
                continue
        if current.dep_ in {"conj", "xcomp"} and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_.startswith("acl:relcl") and current.head.i != current.i:
            return current.head
        return None
    return None


def _participle_subject(verb: Token) -> Token | None:
    """The subject the parser hung on a participle set apart before the verb ("Le président
    ukrainien, s'exprimant le soir à Paris, a déclaré que …"): the participle's subject precedes
    it, and the participle is the verb's adverbial clause."""
    clauses = [c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i]
    if verb.dep_ in ("parataxis", "conj") and verb.head.i < verb.i:  # the participle made the root, the verb beside it
        clauses.append(verb.head)
    for clause in clauses:
        if not present_participle(clause):
            continue
        subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.i < clause.i and not c.is_punct]
        if subjects:
            return pick_subject(subjects)
    return None


def _emphatic(token: Token) -> bool:
    """ "quant à elle", "quant à lui": a pronoun that stresses the subject, not the subject."""
    return token.i >= 2 and token.doc[token.i - 1].lower_ == "à" and token.doc[token.i - 2].lower_ == "quant"


def _perfect(verb: Token) -> bool:
    """A verb in a compound tense ("a demandé"): coordinated with another verb, it goes with the
    one in the same tense (the parser often hangs it on a verb of the clause in between)."""
    return any(c.dep_ == "aux:tense" for c in verb.children)


def _agent_of_thing(subject: Token) -> Token:
    """`une information démentie par Kiev, qui assure que…`: a thing's participle names the
    voice with its agent."""
    if subject.lemma_.lower() not in THINGS:
        return subject
    for child in subject.children:
        if child.dep_.startswith("acl"):
            agents = [c for c in child.children if c.dep_ == "obl:agent"]
            if agents:
                return agents[0]
    return subject


def participial_subject(verb: Token, quoted: Callable[[Token], bool] = lambda _: False) -> Token | None:
    """`…, soulignant …`: the subject of the nearest governing verb that has a real one, outside
    quoted words (the parser may hang the participle inside the quote before it); a gerund
    opening the sentence (`En revendiquant …, la Russie cherche`) looks ahead too."""
    gerund = any(c.lower_ == "en" and c.dep_ == "mark" for c in verb.children)
    disputing = _disputing(verb)
    if disputing is not None and not quoted(disputing):
        return disputing
    for ancestor in verb.ancestors:
        if ancestor.pos_ not in {"VERB", "AUX", "ADJ", "NOUN"}:
            continue
        subject = subject_of(ancestor)
        if (
            subject is not None
            and subject.lower_ not in EMPTY_SUBJECTS
            and (subject.i < verb.i or gerund)
            and not quoted(subject)
        ):
            return subject
    return None


def _disputing(verb: Token) -> Token | None:
    """`…, une affirmation que Kiev conteste, affirmant que…`: a participle right after a relative
    clause on a thing said goes with that clause's subject, who answers it (the parser hangs the
    participle on the main verb, whose subject made the claim)."""
    before = verb.i - 1
    while before > verb.sent.start and verb.doc[before].is_punct:
        before -= 1
    last = verb.doc[before]
    clause = next((t for t in [last, *last.ancestors] if t.dep_.startswith("acl:relcl")), None)
    if clause is None or clause.is_ancestor(verb) or clause.head.lemma_.lower() not in THINGS:
        return None
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS]
    return pick_subject(subjects) if subjects else None


def subject_set_apart(subject: Token, verb: Token) -> bool:
    """`Le colonel Goya, historien militaire, souligne …`: the parser's subject is the real one
    when an apposition sits between commas before the verb and no other verb intervenes; so it is
    when the subject is itself the apposition (`Le porte-parole de l'état-major, Andreï Kovalev, a
    démenti …`: the parser makes both subjects of the verb). With a single comma (`Les soldats
    contrôlent la ville, a affirmé l'armée`) the verb is an incise."""
    first = min((c.i for c in verb.children if c.dep_ == subject.dep_ and c.i < verb.i), default=subject.i)
    between = subject.doc[min(first, subject.i) + 1 : verb.i]
    commas = sum(1 for t in between if t.text == ",")
    other_verb = any(
        t.pos_ in {"VERB", "AUX"} and not t.dep_.startswith("aux") and not _inserted(t, subject) for t in between
    )
    return commas >= 2 and not other_verb


def _inserted(verb: Token, subject: Token) -> bool:
    """A verb of a phrase inserted after the subject, not of a clause of its own: one of the
    subject's phrase, a relative clause or a participle ("Le ministre, qui était présent, a
    annoncé …"), or a bare participle ("Le ministre, interrogé par la presse, …")."""
    if any(node.i == subject.i for node in verb.ancestors):  # "qui était présent": in the subject's phrase
        return True
    bare = not any(c.dep_.startswith(("aux", "nsubj")) for c in verb.children)
    return bare and "Part" in verb.morph.get("VerbForm", [])


def inverted_subject(verb: Token, subject_only: bool = False) -> Token | None:
    """Subject after the verb ("…, a indiqué le ministère", "…, a-t-il dit"). Where nothing after
    the cue can be its object (``subject_only``: after the quote it closes, in "C'est ce qu'a
    rapporté X"), past an adjective before its noun ("« … », a ajouté une autre femme", "le 7e
    corps") or a nominal adjective ("se résigne un autre"), which after a clause start its object
    ("Le ministre, arrivé lundi, a annoncé une importante aide")."""
    for token in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + 4)]:
        if token.lower_ in INVERTED_PRONOUNS:
            return token
    for child in verb.children:  # "a t-il commenté": the pronoun between auxiliary and participle
        if child.dep_ in SUBJECT_DEPS and child.lower_ in INVERTED_PRONOUNS:
            return child
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i > verb.i and c.lower_ not in TIME_NOUNS]
    subjects = [s for s in subjects if not _modifier(s)]  # not after a preposition: "…, aux journalistes"
    if subjects:
        return pick_subject(subjects)
    # parsers often misread a sentence-final incise: take the noun phrase right after the cue,
    # past a time or a prepositional phrase and its words ("a déclaré mardi à Reuters l'armée
    # ukrainienne", "a répondu aux journalistes russes Dmitri Peskov", "a confié à X un diplomate")
    passed: set[int] = set()  # the words of the phrases passed
    for token in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + INCISE_WINDOW)]:
        if token.lower_ in COMPLEMENTIZERS:
            break  # "a annoncé samedi qu'une délégation…": the content, not the speaker, follows
        if _modifier(token) or _inside(token, passed):
            passed.add(token.i)
            continue
        if token.pos_ in {"NOUN", "PROPN"} or person_start(token) or (subject_only and _nominal(token)):
            return token
        if token.pos_ not in {"DET", "ADV", "AUX"} and not (subject_only and _before_its_noun(token)):
            break
    return None


def _inside(token: Token, passed: set[int]) -> bool:
    """A word of a phrase passed ("aux journalistes russes"): not a noun phrase of its own ("à
    l'AFP un responsable", which the parser hung on "AFP"), nor a person's name after an audience
    ("aux journalistes russes Dmitri Peskov"), but a name after a title is that title's ("au
    président ukrainien Volodymyr Zelensky le chancelier X": the chancellor speaks)."""
    holder = next((a for a in token.ancestors if a.i in passed), None)
    if holder is None or token.dep_ == "conj" or any(c.dep_ == "det" for c in token.children):
        return False
    if not person_start(token):
        return True
    return fold(holder.lemma_) in PERSON_TITLES and "Sing" in holder.morph.get("Number", [])


COMPLEMENTIZERS = frozenset({"que", "qu'", "qu’"})
INVERTED_PRONOUNS = frozenset(load("fr", "cues")["inverted_clitics"])  # "a-t-il dit", "a t-il dit"
INCISE_WINDOW = 7  # tokens after the cue where a misparsed inverted subject may start


def object_clitic(pronoun: Token, verb: Token) -> bool:
    """A pronoun the parser took for the verb's subject that can only be its object: "me",
    "leur"; "nous" or "vous" before a verb of another person ("…, nous confirme la police")."""
    if pronoun.lower_ in OBJECT_CLITICS:
        return True
    person = PLURAL_CLITICS.get(pronoun.lower_)
    if person is None:
        return False
    finite = next((a for a in verb.children if a.dep_.startswith("aux") and a.i < verb.i), verb)
    persons = finite.morph.get("Person", [])
    return bool(persons) and person not in persons


def _before_its_noun(token: Token) -> bool:
    """An adjective of the noun that follows it ("une autre femme"), not of one before it ("dans
    la revue scientifique Nature": the scan stops there)."""
    return token.pos_ == "ADJ" and token.dep_ == "amod" and token.head.i > token.i


def person_start(token: Token) -> bool:
    """The first word of a person's name the recogniser found, whatever the tagger made of it
    ("a déclaré Dmitri Peskov": "Dmitri" an adjective, the cue's object)."""
    return token.ent_iob_ == "B" and token.ent_type_ == "PER"


def _nominal(token: Token) -> bool:
    """An adjective with a determiner of its own stands for a noun: "…, se résigne un autre"."""
    return token.pos_ == "ADJ" and token.dep_ != "amod" and any(c.dep_ == "det" for c in token.children)


def _modifier(token: Token) -> bool:
    """A word of an adverbial phrase between a cue and its subject: "mardi", "à Reuters", "soir"."""
    if (token.dep_ == "obl:mod" and token.pos_ == "NOUN") or token.lower_ in TIME_NOUNS:
        return True
    return token.pos_ == "ADP" or any(child.dep_ == "case" for child in token.children)


def pick_subject(subjects: list[Token]) -> Token:
    """Of several subjects the parser gives, the one nearest the verb (the others are checked
    for apposition separately)."""
    return max(subjects, key=lambda t: t.i)


def voice(noun: Token | None) -> Token | None:
    """The noun if it names someone ("un haut responsable militaire", "l'armée", a person or body
    the recogniser found, an adjective standing for a person: "une septuagénaire", "un autre"):
    after an incise's cue, a noun that may be its object or its subject is its subject only then
    ("Le président a pris la parole, a évoqué de graves menaces")."""
    if noun is None or not (fold(noun.lemma_) in VOICES or noun.ent_type_ in ("PER", "ORG") or noun.pos_ == "ADJ"):
        return None
    return noun
