"""Small questions asked of the English parse (ClearNLP dependency labels, lang/en data):
negation, hypotheses, subjects, and the words that designate a speaker."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.attribution.names import coordinated_people, name_run
from claimscope.entities.text import is_title
from claimscope.lang import load
from claimscope.nlp.syntax import object_controlled
from claimscope.records import Mention, Span

GRAMMAR = load("en", "grammar")
NEGATORS = frozenset(GRAMMAR["negators"])
RELATIVE_PRONOUNS = frozenset(GRAMMAR["relative_pronouns"])
EMPTY_SUBJECTS = frozenset(GRAMMAR["empty_subjects"])
COMPLEMENTIZERS = frozenset(GRAMMAR["complementizers"])
TIME_NOUNS = frozenset(GRAMMAR["time_nouns"])
BLOCKING_HEADS = frozenset(GRAMMAR["blocking_heads"])
BLOCKING_PREPOSITIONS = frozenset(GRAMMAR["blocking_prepositions"])
CIRCUMSTANCES = frozenset(GRAMMAR["circumstance_prepositions"])
AUDIENCES = frozenset(GRAMMAR["audiences"])
ADDRESSING = frozenset(GRAMMAR["addressing"])
PRONOUNS = frozenset(load("en", "groups")["pronouns"])
NEUTER_PRONOUNS = frozenset(p for p, agrees in load("en", "groups")["pronouns"].items() if agrees["gender"] == "n")
CITED = frozenset(GRAMMAR["cited"])
PERSON_HEADS = frozenset(load("en", "groups")["person"])  # "the president", "the mayor": someone
CHANNELS = frozenset(GRAMMAR["channels"])
PERCEIVED = frozenset(GRAMMAR["perceived"]["verbs"])
PERCEIVED_MODALS = frozenset(GRAMMAR["perceived"]["modals"])
INFERENCES = frozenset(GRAMMAR["inferences"])
COMMENT_NOUNS = frozenset(GRAMMAR["comment_nouns"])
DEFINITE_WORDS = frozenset(w.strip() for w in load("en", "groups")["definite"])
SUBJECT_DEPS = {"nsubj"}
# dependents of a speaker's head that belong to its designation ("Kremlin spokesman Dmitry
# Peskov", "Ukraine's Defense Ministry", "the spokesman for the General Staff")
NAME_DEPS = {
    "compound",
    "amod",
    "det",
    "poss",
    "case",
    "nummod",
    "quantmod",
    "nmod",
    "appos",
    "prep",
    "pobj",
    "cc",
    "conj",
}
MAX_MENTION_TOKENS = 14
RESTRICTIVE_CLAUSE = 8  # tokens of the longest clause kept in a description ("people who have spoken with lawmakers")


def negated(verb: Token) -> bool:
    """ "did not say", "never claimed", or a negated verb the cue hangs on ("did not want to say")."""
    if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children)


def hypothetical(verb: Token, modals: frozenset[str], marks: frozenset[str]) -> bool:
    """ "would say", "could claim", "if Moscow says", "declined to say", "is expected to announce":
    words not (yet) said. The modals and marks are the lexicon's."""
    if any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children):
        return True
    if verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in BLOCKING_HEADS:
        return True
    if object_controlled(verb):  # "forced Kyiv to find …"
        return True
    return verb.dep_ == "pcomp" and verb.head.lower_ in BLOCKING_PREPOSITIONS  # "without saying"


def finite(verb: Token) -> bool:
    """A verb that states something: finite, a participle with its auxiliary, or a bare form
    the tagger left without features ("say" after "they")."""
    forms = verb.morph.get("VerbForm", [])
    if not forms or "Fin" in forms:
        return True
    if any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return True
    if verb.tag_ == "VBG" and verb.head.lower_ == "with" and any(c.dep_ == "nsubj" for c in verb.children):
        return True  # "…, with the Kremlin insisting that …"
    if verb.tag_ == "VBN" and {"nsubj", "dobj"} <= {c.dep_ for c in verb.children}:
        return True  # "Gerasimov informed Putin …": a past tense the tagger took for a participle
    return verb.dep_ == "conj" and finite(verb.head)  # "said A and added B"


def participle(verb: Token) -> bool:
    """ "…, adding that …", "…, saying …": a present participle that continues a clause."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in {"advcl", "conj", "xcomp"}
        and not any(c.dep_ in {"aux", "auxpass", "nsubj"} for c in verb.children)
    )


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, through coordination ("said A and added B"), relative clauses
    ("Gerasimov, who claimed …") and raising verbs ("went on to say")."""
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS and not c.is_punct]
        if subjects:
            subject = max(subjects, key=lambda t: t.i)  # "Washington DC: US President Donald Trump … said"
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subject
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ == "conj" and current.head.dep_ == "ccomp" and _reports(current, current.head.head):
            current = current.head.head  # "He said A would … but also stressed that B": the parser hung
            continue  # the second cue on the first one's content; its subject is the first cue's
        if current.dep_ in {"conj", "xcomp"} and current.head.i != current.i:
            current = current.head
            continue
        return None
    return None


def last_apposed(head: Token) -> Token | None:
    """The last of two people a chain of appositions names ("Alongside the French president,
    Emmanuel Macron, Ukraine's president, Volodymyr Zelenskyy, said …": the parser chains both
    pairs on one head): the title that opens the last pair, or its name. None when the chain
    names one person ("Kremlin aide, Yuri Ushakov")."""
    chain = [head]
    while (link := next((c for c in chain[-1].children if c.dep_ == "appos" and c.i > chain[-1].i), None)) is not None:
        chain.append(link)
    names = [t for t in chain if t.ent_type_ == "PER" and t.pos_ == "PROPN"]
    if len(names) < 2:
        return None
    title = chain[chain.index(names[-1]) - 1]
    return title if title.pos_ == "NOUN" and title.i > names[-2].i else names[-1]


def fronted_apposed(verb: Token) -> Token | None:
    """The speaker of a cue the parser left without a subject, hung on a fronted phrase whose
    appositions name two people ("Alongside A, B, C, D, acknowledged …"): the last of them."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < verb.i):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found = last_apposed(pobj)
            if found is not None and found.head.right_edge.i >= verb.i - 2:
                return found
    return None


def _reports(*verbs: Token) -> bool:
    """Verbs with a content clause each ("said A …", "stressed that B")."""
    return all(any(c.dep_ == "ccomp" for c in verb.children) for verb in verbs)


def passive_quoted(verb: Token) -> Token | None:
    """`X was quoted as saying`: the passive subject of the verb "as" hangs on; `X could be heard
    saying`: the passive subject of a verb of perception (neither negated nor in a forecast)."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
        return quoted_subject(verb.head.head)
    head = verb.head
    if verb.dep_ != "xcomp" or verb.tag_ != "VBG" or head.lemma_.lower() not in PERCEIVED or negated(head):
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in PERCEIVED_MODALS for c in head.children):
        return None
    return next((c for c in head.children if c.dep_ == "nsubjpass"), None)


def quoted_subject(verb: Token) -> Token | None:
    """The passive subject of a verb with an "as" complement ("X was quoted as saying")."""
    if not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def loose_subject(verb: Token) -> Token | None:
    """The speaker of a sentence-final incise the parser left without a subject (`…, Chief of
    the General Staff Valery Gerasimov said.`, hung as an apposition): the noun right before
    the verb, or right after it (`…, said Gerasimov`)."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.pos_ in {"PROPN", "NOUN", "PRON"} and before.dep_ != "nsubjpass":
        return before
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return after if after is not None and after.pos_ == "PROPN" else None


def mention(head: Token, base: int, bounds: tuple[int, int] | None = None) -> Mention:
    """The words designating a speaker, around its head token (within the first and last tokens
    of ``bounds``, if given)."""
    doc = head.doc
    if head.pos_ == "PRON":
        lo = hi = head.i
    else:
        tokens = {head.i}
        for child in head.children:
            if (child.dep_ in NAME_DEPS and not (child.dep_ == "prep" and _circumstance(child))) or _restricts(child):
                tokens.update(t.i for t in child.subtree)
        lo, hi = min(tokens), min(max(tokens), head.i + MAX_MENTION_TOKENS)
        if bounds is not None:
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        for token in doc[head.i + 1 : hi + 1]:  # "…, who …": a description stops at its comma
            if token.text == "," and not any(c.dep_ in {"appos", "conj"} and c.i > token.i for c in head.children):
                hi = token.i - 1
                break
            if token.text == "(":  # "the Institute for the Study of War (ISW)": the name, not its acronym
                hi = token.i - 1
                break
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc" or doc[lo].like_num or doc[lo].pos_ == "SYM"):
        lo += 1  # "2025-12-03 Russian Defense ministry claims": a page's date line before a headline
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc" or doc[hi].tag_ == "POS"):
        hi -= 1  # "the BBC's account": the BBC, without its possessive mark
    span = doc[lo : hi + 1]
    members = coordinated_people(head, lo, hi) if head.pos_ != "PRON" else ()
    return Mention(
        span=Span(base + span.start_char, base + span.end_char),
        text=span.text,
        form=_form(head),
        head_lemma=head.text if head.pos_ == "PROPN" else head.lemma_.lower(),
        proper_name=_proper_name(head, lo, hi),
        number="plur" if "Plur" in head.morph.get("Number", []) or head.lower_ == "they" or members else "sing",
        members=members,
    )


def _restricts(child: Token) -> bool:
    """What says which ones an indefinite description means ("one GOP operative in the state", "a
    person at the fundraiser", "people who have spoken with lawmakers", "an invitation obtained
    by POLITICO"): a place or a clause of its own, not the channel, the time or the reported words
    ("an official who said that…", "sources in a statement")."""
    head = child.head
    group = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and "Plur" in head.morph.get("Number", []))  # "Republicans"
    if not group or any(c.dep_ == "det" and c.lower_ in DEFINITE_WORDS for c in head.children):
        return False
    if child.dep_ in {"relcl", "acl"}:
        clause = list(child.subtree)
        reports = any(t.dep_ in {"ccomp", "mark", "parataxis"} or t.is_quote or t.is_punct for t in clause)
        return child.i > head.i and len(clause) <= RESTRICTIVE_CLAUSE and not reports
    if child.dep_ != "prep" or child.i < head.i:
        return False
    place = next((c for c in child.children if c.dep_ == "pobj"), None)
    return (
        place is not None
        and place.pos_ == "NOUN"
        and not place.ent_type_
        and place.lemma_.lower() not in TIME_NOUNS | AUDIENCES | CHANNELS
    )


def _circumstance(prep: Token) -> bool:
    """Where or when someone spoke, not who: "in Paris", "on Monday", "at a briefing"."""
    return prep.lower_ in CIRCUMSTANCES


def _form(head: Token) -> str:
    """pronoun, name or noun; a capitalised title without a name is a role noun ("the Prime
    Minister said", "General Staff Chief")."""
    if head.pos_ == "PRON" or head.lower_ in PRONOUNS:
        return "pronoun"
    if head.ent_type_ != "PER" and is_title(head.text) and head.text.rstrip(".").isalpha():
        return "noun"
    if head.pos_ == "PROPN" or (head.ent_type_ in {"PER", "ORG", "LOC"} and head.pos_ != "NOUN"):
        return "name"
    return "noun"


def _proper_name(head: Token, lo: int, hi: int) -> str | None:
    """The run of person-name tokens that holds the head, else the longest ("Valery Gerasimov"
    in "Russian Chief of Staff Valery Gerasimov"); a possessor names someone else ("Putin's top
    commanders", "Vladimir Putin's adviser Yuri Ushakov"), and so does a name a preposition ties
    to the head ("an adviser to Putin")."""
    doc = head.doc
    owners = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
    tied = [o for c in head.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    owners |= {t.i for o in tied for t in (o, *o.children) if t.i == o.i or t.dep_ == "compound"}
    found = name_run(
        doc[lo : hi + 1],
        head,
        lambda token, _run: (
            token.ent_type_ == "PER"
            and token.pos_ == "PROPN"
            and not token.text.isupper()  # ISW: no person
            and token.i not in owners
        ),
    )
    return found or _titled_name(head, lo)


def _titled_name(head: Token, lo: int) -> str | None:
    """A name after a person's title that the recogniser took into an organisation or missed
    ("Minister in the Ministry of Finance Brian Manning", "Dr Amery Browne"): the head and the
    capitalised words compounded to it, when a title stands before them."""
    if head.pos_ != "PROPN" or head.text.isupper() or head.ent_type_ in {"GPE", "LOC", "NORP"} or is_title(head.text):
        return None  # "General Staff Chief": a title, no name
    start = head.i
    while start > lo and head.doc[start - 1].dep_ == "compound" and head.doc[start - 1].head.i == head.i:
        if head.doc[start - 1].pos_ != "PROPN" or is_title(head.doc[start - 1].text):
            break
        start -= 1
    if start == head.i or not any(is_title(t.text) for t in head.doc[lo:start]):
        return None
    return head.doc[start : head.i + 1].text


def bound_antecedent(pronoun: Token) -> Token | None:
    """The subject an "it" inside a clause points back to: that of the clause governing it
    ("Russia has framed its aims around what it calls …": Russia), when that subject is a
    singular noun; a person, a pronoun or a plural is no antecedent of "it"."""
    if pronoun.lower_ not in NEUTER_PRONOUNS:
        return None
    for ancestor in list(pronoun.ancestors)[1:]:
        subject = next((c for c in ancestor.children if c.dep_ in SUBJECT_DEPS and c.i < pronoun.i), None)
        if subject is None:
            continue
        singular = subject.tag_ in {"NN", "NNP"} and not any(c.dep_ == "conj" for c in subject.children)
        person = subject.ent_type_ == "PERSON"
        return subject if singular and not person else None
    return None
