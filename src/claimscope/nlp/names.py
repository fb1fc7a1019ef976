"""Person names as the recogniser's entities give them, mended before any stage reads them:
titles taken off ("le Président"), lowercase tails cut, names cut at an apostrophe glued, and
people the recogniser missed found by a common given name or a name the knowledge base knows."""

from __future__ import annotations

from itertools import chain

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimscope.data import load
from claimscope.lang import merged
from claimscope.text import fold


def mended(doc: Doc) -> Doc:
    """The recogniser's names mended: titles taken off, tails cut, apostrophes glued, given names
    and known people found."""
    return known_names(given_names(particle_names(glued_names(name_tails(titles_alone(doc))))))


# a role's nouns and the phrases that name one holder ("président de la République"), folded
TITLES = frozenset(fold(t) for t in [*merged("titles")["roles"], *chain.from_iterable(merged("roles").values())])


def titles_alone(doc: Doc) -> Doc:
    """No person named by a title: official French writes "le Président", "le Premier ministre"
    with capitals, which the recogniser takes for a name (read as the lowercase title is, it is a
    description that the article's named holder resolves), and "le président de la République
    Macky Sall" is the person Macky Sall."""
    ents = []
    for ent in doc.ents:
        start = ent.start
        if ent.label_ == "PER":
            titled = (end for end in range(ent.end, ent.start, -1) if fold(doc[ent.start : end].text) in TITLES)
            start = next(titled, start)
        if start == ent.start:
            ents.append(ent)
        elif start < ent.end and doc[start].text[:1].isupper():
            ents.append(SpacySpan(doc, start, ent.end, label=ent.label_))
    if len(ents) != len(doc.ents) or any(a.start != b.start for a, b in zip(ents, doc.ents, strict=False)):
        doc.ents = ents
    return doc


def name_tails(doc: Doc) -> Doc:
    """Person names without the lowercase words the recogniser ran on with ("Kate made Meghan cry"
    gives "Meghan cry"): a name ends on a capitalised word; one with none is no name."""
    ents = []
    for ent in doc.ents:
        end = ent.end
        if ent.label_ == "PER":
            while end > ent.start and doc[end - 1].is_alpha and doc[end - 1].text[0].islower():
                end -= 1
        if end > ent.start:
            ents.append(ent if end == ent.end else SpacySpan(doc, ent.start, end, label=ent.label_))
    if len(ents) != len(doc.ents) or any(a.end != b.end for a, b in zip(ents, doc.ents, strict=False)):
        doc.ents = ents
    return doc


def glued_names(doc: Doc) -> Doc:
    """Names the tokenizer cut after an apostrophe ("Katherine O'" + "Brien") made whole again."""
    ents = list(doc.ents)
    changed = False
    for number, ent in enumerate(ents):
        last = doc[ent.end - 1]
        if (
            last.text.endswith(("'", "\u2019"))
            and last.whitespace_ == ""
            and ent.end < len(doc)
            and doc[ent.end].text[:1].isupper()
            and (number + 1 == len(ents) or ents[number + 1].start > ent.end)
        ):
            ents[number] = SpacySpan(doc, ent.start, ent.end + 1, label=ent.label_)
            changed = True
    if changed:
        doc.ents = ents
    return doc


NAME_PARTICLES = frozenset(merged("grammar").get("name_particles", ()))
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ"})  # what the tagger makes of a name's words


def particle_names(doc: Doc) -> Doc:
    """A surname beginning with an article, whole with its given name: "Marine Le Pen" (the
    recogniser found "Le Pen", or nothing: "Selon Marine Le Pen" gave the speaker "Marine" and
    the content "Le Pen, le gouvernement …"), "Selon Bruno Le Maire" ("Bruno"). Only where no
    other kind of entity holds the words, a name the recogniser did not find only inside a sentence
    ("Mardi Le Figaro a révélé" names no one), and not after a whole name it found ("Emmanuel
    Macron La Nation doit s'unir")."""
    spans = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    found: list[SpacySpan] = []
    for token in doc[1:-1]:
        before, after = doc[token.i - 1], doc[token.i + 1]
        words = (before, token, after)
        if (
            token.text not in NAME_PARTICLES
            or not all(t.is_alpha and t.text[:1].isupper() and t.pos_ in NAME_POS for t in (before, after))
            or any(t.i in spans and spans[t.i].label_ != "PER" for t in words)
            or (found and found[-1].end > before.i)
        ):
            continue
        named = [spans[t.i] for t in words if t.i in spans]
        if not named and before.is_sent_start:
            continue
        if named == [spans.get(before.i)] and len(named[0]) > 1:
            continue  # "Emmanuel Macron La Nation …": a whole name already, the article another's
        start = min([before.i, *(ent.start for ent in named)])
        end = max([after.i + 1, *(ent.end for ent in named)])
        found.append(SpacySpan(doc, start, end, label="PER"))
    if found:
        taken = {i for span in found for i in range(span.start, span.end)}
        kept = [ent for ent in doc.ents if not taken & set(range(ent.start, ent.end))]
        doc.ents = sorted([*kept, *found], key=lambda span: span.start)
    return doc


def _given_names() -> dict[str, str]:
    names = load("first_names")
    return {name: gender for gender, key in (("f", "female"), ("m", "male")) for name in names[key]}


GIVEN_NAMES = _given_names()
FOLDED_NAMES = {fold(name): gender for name, gender in GIVEN_NAMES.items()}  # "Zoe" as "Zoé"
NAMED_AFTER = frozenset(merged("grammar")["named_after"])
MAX_SURNAME_WORDS = 2


def given_name_gender(name: str) -> str | None:
    """The gender a person's given name usually carries ("Hélène Marchal" -> "f")."""
    words = name.split()
    return FOLDED_NAMES.get(fold(words[0])) if len(words) > 1 else None


def given_names(doc: Doc) -> Doc:
    """A common given name followed by capitalised words is a person, where the recogniser saw a
    place or nothing ("la préfète de Bretagne et Normandie Hélène Marchal", tagged a place)."""
    found = []
    for token in doc[:-1]:
        after = doc[token.i + 1]
        if (
            token.text not in GIVEN_NAMES
            or token.ent_type_ in {"PER", "ORG"}  # a person already, or "Marine nationale"
            or not after.text[:1].isupper()
            or (token.i > 0 and doc[token.i - 1].lower_ in NAMED_AFTER)  # "le lycée Victor Hugo"
        ):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= MAX_SURNAME_WORDS and doc[end].text[:1].isupper():
            end += 1
        if after.is_sent_start or any(t.is_punct for t in doc[token.i + 1 : end]):
            continue
        found.append(SpacySpan(doc, token.i, end, label="PER"))
    if not found:
        return doc
    taken = {i for span in found for i in range(span.start, span.end)}
    kept = []
    for ent in doc.ents:
        inside = [i for i in range(ent.start, ent.end) if i not in taken]
        if len(inside) == len(ent):
            kept.append(ent)
        elif inside and inside[0] == ent.start and inside == list(range(ent.start, inside[-1] + 1)):
            kept.append(SpacySpan(doc, ent.start, inside[-1] + 1, label=ent.label_))  # the place before it
    doc.ents = sorted([*kept, *found], key=lambda span: span.start)
    return doc


def _known_names() -> frozenset[str]:
    """The one-word names the shared knowledge gives people ("Trump", "Zelensky")."""
    return frozenset(
        alias for person in load("people") for alias in [person["name"], *person.get("aliases", [])] if " " not in alias
    )


KNOWN_NAMES = _known_names()


def known_names(doc: Doc) -> Doc:
    """A person the knowledge base knows by one word, written as that word where the recogniser
    found nothing ("Trump met Putin in Budapest": the English model misses a sentence's first
    "Trump")."""
    found = [
        SpacySpan(doc, t.i, t.i + 1, label="PER")
        for t in doc
        if t.text in KNOWN_NAMES and not t.ent_type_ and t.pos_ in {"PROPN", "NOUN", "ADJ", "VERB"}
    ]
    if found:
        doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
    return doc
