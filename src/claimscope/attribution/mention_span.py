"""The words a speaker's head token stands for in the French parse: the mention's span (its
title, name and apposition, not the clause or circumstance after it), form and gender."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimscope.attribution.audience import spoken_to
from claimscope.attribution.names import (
    coordinated_end,
    coordinated_people,
    coordinated_roles,
    proper_name,
    proper_noun,
)
from claimscope.attribution.tokens import GRAMMAR, RELATIVE_PRONOUNS, has_preposition, names_subject, person_start
from claimscope.lang import load
from claimscope.nlp.names import NAME_PARTICLES
from claimscope.nlp.parsing import noun_gender
from claimscope.records import Mention, Span

CIRCUMSTANCES = frozenset(GRAMMAR["circumstance_prepositions"])
CHANNEL_PREPOSITIONS = frozenset(GRAMMAR["channel_prepositions"])
CHANNELS = frozenset(GRAMMAR["channels"])
PROPORTIONS = frozenset(GRAMMAR["proportion_prepositions"])
PRONOUNS = frozenset(load("fr", "groups")["pronouns"])  # the ones speaker resolution knows how to resolve
MAX_MENTION_TOKENS = 14
SENTENCE_MARKS = frozenset(".!?;:…")  # no word of a name is glued across them
HEAD_STOP_DEPS = {"punct", "cc", "conj", "obl", "obl:arg", "obl:mod", "advmod", "advcl", "ccomp", "nsubj", "nsubj:pass"}
NAME_DEPS = {"flat:name", "flat", "det", "amod", "appos"}


def mention_from(head: Token, base: int, siblings: list[Token] | None = None) -> Mention:
    """The words designating a speaker, around its head token, as a Mention."""
    tokens = _mention_tokens(head)
    for extra in siblings or []:
        tokens |= _mention_tokens(extra)
    lo, hi = min(tokens), max(tokens)
    doc = head.doc
    lo = _after_clause(doc, lo, head.i)
    # words glued to a noun ("L'état-major" split by the tokenizer) belong to it; a pronoun
    # glued to its verb ("estiment-ils", "qu'ils") stands alone
    while (
        head.pos_ in {"NOUN", "PROPN"}
        and lo > 0
        and doc[lo - 1].whitespace_ == ""
        and doc[lo - 1].text not in '«“"('
        and doc[lo - 1].pos_ not in {"SCONJ", "PRON", "VERB", "AUX", "CCONJ", "SPACE"}  # not across a line
        and doc[lo - 1].text not in SENTENCE_MARKS
    ):
        lo -= 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    hi = coordinated_end(head, _subject_cut(head, _apposed_name_end(head, hi)))
    while hi + 1 < len(doc) and doc[hi].whitespace_ == "" and doc[hi].text.endswith(("'", "\u2019")):
        if not doc[hi + 1].text[:1].isupper():
            break
        hi += 1  # "Katherine O'" + "Brien": a name the tokenizer cut after its apostrophe
    lo, hi = _whole_name(doc, lo, hi)
    while lo < hi and doc[lo].is_punct:
        lo += 1
    span = doc[lo : hi + 1]
    form = _form(head)
    members = coordinated_people(head, lo, hi) if head.pos_ != "PRON" else ()
    roles = () if members else coordinated_roles(head)
    # "un Français", "un Chinois": a singular determiner before a noun invariable in number, not
    # a share of them ("un Français sur deux")
    one = any(c.dep_ == "det" and c.morph.get("Number", []) == ["Sing"] for c in head.children)
    share = any(
        c.like_num and any(m.dep_ == "case" and m.lower_ in PROPORTIONS for m in c.children) for c in head.children
    )
    plural = (
        bool(members)
        or share
        or ("Plur" in head.morph.get("Number", []) and not one and not (form == "name" and head.pos_ == "PRON"))
    )
    return Mention(
        span=Span(base + span.start_char, base + span.end_char),
        text=span.text,
        form=form,
        head_lemma=_head_lemma(head),
        proper_name=proper_name(span),
        number="plur" if plural else "sing",  # (a surname read as a pronoun has the pronoun's number)
        gender=noun_gender(head),
        members=members,
        roles=roles,
    )


def _whole_name(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """A compound name the tokenizer cut at its hyphens, whole: "Huchot" + "-" + "Boissier", and
    "Anne Emery-Torracinta" when the parser made the hyphen the subject (the person's name the
    recogniser found around the words taken)."""
    for name in doc.ents:
        if name.label_ == "PER" and name.start <= hi and lo < name.end and all(map(_name_word, name)):
            lo, hi = min(lo, name.start), max(hi, name.end - 1)
    if doc[hi].text == "-" and hi > lo:  # the recogniser's name ended on the hyphen ("Tavares-")
        hi -= 1
    while hi + 2 < len(doc) and doc[hi].whitespace_ == "" and doc[hi + 1].text == "-" and doc[hi + 1].whitespace_ == "":
        if not doc[hi + 2].text[:1].isupper():
            break
        hi += 2
    return lo, hi


NAMED_AS = frozenset({"NOUN", "ADJ", "X"})  # what the tagger makes of a given name it does not know


def _name_word(token: Token) -> bool:
    """A word of a person's name: a proper noun, or a surname's article ("Marine Le Pen", the
    given name tagged a noun)."""
    return token.pos_ == "PROPN" or token.text in NAME_PARTICLES or (token.is_title and token.pos_ in NAMED_AS)


def _head_lemma(head: Token) -> str:
    """The head's lemma, with the words glued to it by hyphens ("état-major", not "major")."""
    if head.pos_ == "PROPN":
        return head.text
    start = head.i
    doc = head.doc
    while start > 0 and doc[start - 1].whitespace_ == "" and (doc[start - 1].text == "-" or doc[start].text == "-"):
        start -= 1
    glued = doc[start : head.i].text
    return (glued + head.lemma_).lower() if glued and glued.endswith("-") else head.lemma_.lower()


def _after_clause(doc: Doc, lo: int, head: int) -> int:
    """A mention never takes in a clause before its head that a comma closes ("Macron juge
    qu'un plan…, la Maison Blanche dit…": the speaker is "la Maison Blanche")."""
    commas = [t.i for t in doc[lo:head] if t.text == ","]
    if commas and any(t.pos_ in {"VERB", "AUX"} for t in doc[lo : commas[-1]]):
        return commas[-1] + 1
    return lo


def _apposed_name_end(head: Token, hi: int) -> int:
    """`le chef du Centre … auprès du Conseil …, Andriy Kovalenko`, `son collègue, le conseiller
    d'Etat chargé de la santé Marc Pellegrini`: a title followed, within its noun phrase, by a comma
    and a person's name, or by a comma and a description that ends in one (the parser often hangs
    the name elsewhere), takes the name along."""
    doc = head.doc
    if head.pos_ != "NOUN":
        return hi
    comma = None
    for token in doc[hi + 1 : min(len(doc) - 1, hi + MAX_MENTION_TOKENS)]:
        if (token.pos_ in {"VERB", "AUX"} and token.dep_ != "acl") or token.text in {".", ";", ":", "«", "»", '"'}:
            return hi
        if token.text == ",":
            if comma is not None:
                return hi
            comma = token.i
            continue
        if comma is None or not person_start(token):
            continue
        described = token.i > comma + 1
        if described and (doc[comma + 1].pos_ != "DET" or doc[token.i - 1].pos_ == "ADP" or has_preposition(head)):
            return hi  # "…, accompagné de Jean Dupont", "selon la même source, le président X…": someone else
        return _name_end(token)
    return hi


def _name_end(first: Token) -> int:
    """The index of the last word of the person's name that ``first`` begins."""
    doc, end = first.doc, first.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I" and doc[end + 1].ent_type_ == "PER":
        end += 1
    return end


def _subject_cut(head: Token, hi: int) -> int:
    """A name after "Selon la police," that a verb or a description follows is what the sentence
    is about ("Jean Dupont a été interpellé", "Jean Dupont, 45 ans, …"), not the source's name,
    wherever the parser hung it: the mention ends before its comma."""
    doc = head.doc
    if not has_preposition(head):
        return hi
    for comma in (t.i for t in doc[head.i + 1 : hi + 1] if t.text == ","):
        first = doc[comma + 1] if comma < hi else None
        if first is None or not person_start(first):
            continue
        if _begins_clause(doc, _name_end(first) + 1):
            return comma - 1
    return hi


def _begins_clause(doc: Doc, n: int) -> bool:
    if n >= len(doc):
        return False
    if doc[n].text == ",":
        return n + 1 < len(doc) and names_subject(doc[n + 1])
    return doc[n].pos_ in {"VERB", "AUX"}


def _mention_tokens(head: Token) -> set[int]:
    if head.lower_ in PRONOUNS or head.pos_ == "PRON":
        return {head.i}
    tokens = {head.i}
    for child in head.children:
        if child.dep_ in HEAD_STOP_DEPS or (child.dep_ in {"case", "mark"} and child.i < head.i):
            continue
        if proper_noun(head) and child.dep_ not in NAME_DEPS:
            continue
        if child.i > head.i and _circumstance(child):
            continue
        tokens.update(t.i for t in child.subtree)
    if head.ent_type_ == "ORG":  # "l'Institut royal des Sciences naturelles de Belgique", whole
        end = head.i
        while end + 1 < len(head.doc) and head.doc[end + 1].ent_iob_ == "I" and end - head.i < MAX_MENTION_TOKENS:
            end += 1
        tokens.update(range(head.i, end + 1))
    lo, hi = min(tokens), max(tokens)
    hi = min(hi, head.i + MAX_MENTION_TOKENS)
    hi = spoken_to(head, hi)  # "a indiqué une source proche du dossier à l'AFP"
    # stop a long description at the first comma after the head ("…, proches des forces"), but
    # before an apposition; a relative pronoun after it opens no apposition ("des sources russes,
    # dont un rapport du chef … Valeri Guérassimov": the parser hung the name on "sources")
    doc = head.doc
    for token in doc[head.i + 1 : hi + 1]:
        relative = token.i + 1 < len(doc) and doc[token.i + 1].lower_ in RELATIVE_PRONOUNS
        if token.text == "," and (relative or not any(t.dep_ == "appos" and t.i > token.i for t in head.children)):
            hi = token.i - 1
            break
    return set(range(lo, hi + 1))


def _circumstance(phrase: Token) -> bool:
    """Where or how someone spoke, not who: "devant la presse", "sur franceinfo", "dans un
    communiqué" (but "le directeur de la recherche sur le cancer" keeps its complement)."""
    # a preposition of several words counts whole ("à travers": "à" and its fixed "travers")
    marks = [c for c in phrase.children if c.dep_ == "case"]
    cases = {" ".join([c.lower_, *(f.lower_ for f in c.children if f.dep_ == "fixed")]) for c in marks}
    if cases & CIRCUMSTANCES:
        return True
    named = phrase.pos_ == "PROPN" or phrase.ent_type_ in {"ORG", "MISC"} or phrase.lemma_.lower() in CHANNELS
    return bool(cases & CHANNEL_PREPOSITIONS) and named


def _form(head: Token) -> str:
    # (the tagger may read a surname opening a sentence as a pronoun: "Dupont a ajouté", a name)
    if head.lower_ in PRONOUNS or (head.pos_ == "PRON" and head.ent_type_ != "PER"):
        return "pronoun"
    if proper_noun(head) or (head.ent_type_ in {"PER", "ORG", "LOC"} and head.pos_ not in ("NOUN", "PROPN")):
        return "name"
    return "noun"  # "la ministre de la Culture" is a description, whatever the recogniser tagged
