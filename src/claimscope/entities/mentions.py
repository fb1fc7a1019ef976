"""Names for mentions that are not resolved one by one in reading order: the recogniser's entity
mentions (a person's fullest spelling, a body's one name, the government a capital stands for, a
place's gazetteer name), and a first-person speaker ("je", "nous"), who is whoever's words it is in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase
from claimscope.entities.text import introduced_as_outlet
from claimscope.nlp.parsing import ParsedDocument
from claimscope.records import Attribution, EntityMention, Mention, Span
from claimscope.text import fold

RUN = 5  # nominal words on each side of a name read for what says what it names
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
MAX_NAME_WORDS = 4  # a person's name written in full ("Jean-Marc Ayrault", "Ursula von der Leyen": not read)
NOMINAL = frozenset({"NOUN", "ADJ", "DET", "PROPN", "X", "NUM", "ADP"})  # "le site de cartographie ukrainien"


def name_entities(
    parsed: ParsedDocument, kb: KnowledgeBase, canonical_person: Callable[[str], str], outlets: set[str]
) -> None:
    """Set each entity mention's canonical name: Kiev, Kyïv -> Kyiv; a body the knowledge base
    knows is an organisation even where the recogniser took it for a place, and a person it knows
    is a person where the recogniser took them for a body, and a person's name an outlet noun
    introduced (``outlets``, `outlet_names`) is that outlet."""
    entities = parsed.entities
    places = gazetteer()
    countries = tuple(sorted({c for e in entities if e.label == "LOC" and (c := places.country(e.text))}))
    named = _names_words(entities)
    for entity in entities:
        if entity.label == "LOC" and fold(entity.text) in named and _as_person(parsed, entity.span, kb):
            entity.label = "PER"  # "Doué a marqué" after "Désiré Doué": the player, not Doué-la-Fontaine
        around = partial(describing_words, parsed, entity.span)
        body = kb.organisation(entity.text, around) if entity.label != "PER" else None
        if body is None and entity.label in ("ORG", "MISC") and kb.person(entity.text) is not None:
            entity.label = "PER"  # a known person's spelling the recogniser took for a body ("Kushner")
        elif entity.label == "PER" and fold(entity.text) in outlets:
            entity.label = "ORG"  # "German outlet Bild": the recogniser took the outlet for a person
        if entity.label == "PER":
            entity.name = canonical_person(entity.text)
        elif body is not None:
            entity.label, entity.name = "ORG", body
        elif entity.label == "ORG":
            entity.name = kb.government(entity.text) or entity.text
        elif entity.label == "LOC":
            place = places.lookup(entity.text, countries)
            entity.name = place.name if place else entity.text


def _names_words(entities: list[EntityMention]) -> set[str]:
    """The folded words of the people's names the recogniser found written in full ("Désiré
    Doué"): one of them alone is that person, not a town of that name. Names of capitalised words
    only (a span overrunning into "… sur TF1 dimanche" names no one by "Paris")."""
    words: set[str] = set()
    for entity in entities:
        parts = entity.text.split()
        if entity.label == "PER" and 1 < len(parts) <= MAX_NAME_WORDS and all(p[:1].isupper() for p in parts):
            words.update(fold(p) for p in parts)
    return words


def outlet_names(parsed: ParsedDocument, kb: KnowledgeBase) -> set[str]:
    """Folded names the recogniser took for people that a noun introduces as a news outlet
    ("German outlet Bild"), wherever the article names them again ("according to Bild")."""
    text = parsed.document.text
    people = (e for e in parsed.entities if e.label == "PER" and kb.person(e.text) is None)
    return {fold(e.text) for e in people if introduced_as_outlet(text, e.span.start)}


def describing_words(parsed: ParsedDocument, span: Span) -> str:
    """The words of the noun phrase around a name, up to a verb or a punctuation mark, which may
    say what it names ("le site de cartographie ukrainien X", "X, un site proche de l'armée", "the
    X monitoring group"; not "Trump's project to dismantle the X": a verb ends the phrase). Read
    on the tags, not the dependencies nor the sentences: the parser often leaves such a name
    hanging alone, even in a sentence of its own."""
    name = _tokens(parsed, span)
    if name is None:
        return ""
    doc = name.doc
    before = _phrase(reversed(doc[max(0, name.start - RUN) : name.start]))
    after = _phrase(iter(doc[name.end : name.end + RUN + 1]), apposition=True)
    return " ".join(w for t in [*before, *after] for w in (t.text, t.lemma_))


def _as_person(parsed: ParsedDocument, span: Span, kb: KnowledgeBase) -> bool:
    """The name stands where a person's does: a verb's subject ("Doué a marqué") or after a role
    noun ("le président Ouattara"), with no preposition or determiner before it (not "le maire de
    Florence", "à Austin", "a visité Victoria")."""
    name = _tokens(parsed, span)
    before = name.doc[name.start - 1] if name is not None and name.start > 0 else None
    if name is None or (before is not None and before.pos_ in ("ADP", "DET")):
        return False
    titled = before is not None and fold(before.lemma_) in kb.person_heads
    return titled or any(t.dep_ in SUBJECTS for t in name)


def _tokens(parsed: ParsedDocument, span: Span) -> SpacySpan | None:
    """The tokens of a document span, in the parse of its paragraph."""
    for paragraph, doc in parsed.paragraphs:
        start = paragraph.span.start
        if start <= span.start < paragraph.span.end:
            return doc.char_span(span.start - start, span.end - start, alignment_mode="expand")
    return None


def _phrase(tokens: Iterator[Token], apposition: bool = False) -> list[Token]:
    """The nominal words from a name outward, after an apposition's comma ("X, un site")."""
    run: list[Token] = []
    for at, token in enumerate(tokens):
        if apposition and at == 0 and token.text == ",":
            continue
        if token.pos_ not in NOMINAL or len(run) == RUN:
            break
        run.append(token)
    return run


def first_person_speaker(
    mention: Mention, voices: list[Attribution], kb: KnowledgeBase, paragraph: int | None
) -> Mention | None:
    """The speaker of the words a first-person speaker stands in, the innermost; a transcript's
    speaker for its whole paragraph ("…, sans lesquelles, selon nous, la crise…" past the words
    a cue inside it cut)."""
    if mention.form != "pronoun" or fold(mention.text) not in kb.first_person:
        return None
    at = mention.span.start
    around = [
        a
        for a in voices
        if a.speaker is not mention
        and (a.content.start <= at < a.content.end or (a.construction == "transcript" and a.paragraph == paragraph))
    ]
    inner = min(around, key=lambda a: a.content.end - a.content.start, default=None)
    return inner.speaker if inner is not None else None
