"""Who holds a stance, and which side of the story they speak for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from claimscope.claims.rules import ClaimRules
from claimscope.entities.text import description, not_voices
from claimscope.records import Attribution, Claim, Document, Source
from claimscope.text import fold

if TYPE_CHECKING:  # the refresh's flags read NARRATION here, in a process that need not load spaCy
    from spacy.tokens import Token

    from claimscope.claims.context import DocumentContext, Unit

NARRATION = "journalist"
# a sentence's end: a lower-case word's or a number's full stop (not "Gen.", "Lt.", "U.S.", "M."),
# "!" or "?", or a line's end
SENTENCE_END = re.compile(r"(?:(?<![^\W\d_])[a-zà-ÿ]{2,}|\d)[.!?](?=\s)|[!?](?=\s)|\n")
CONTEXT_CHARS = 80  # around a person's first mention, where the article says who they are
MAX_CUE_DEPTH = 5  # words above a capture word where a claim verb may stand


UNIDENTIFIED = "unidentified speaker"


def narrator(document: Document) -> Source:
    """The outlet speaking in its own voice: its narration is a source like any other."""
    name = document.site or document.author or document.source
    return Source(name, "outlet", NARRATION)


def speaker_source(attribution: Attribution, document: Document, rules: ClaimRules) -> Source:
    speaker = attribution.speaker
    if speaker is None or speaker.name is None:
        # an unresolved "-elle" or "qui" names nobody: the words stay, their speaker is unknown
        text = speaker.text if speaker and speaker.form != "pronoun" else UNIDENTIFIED
        return Source(text, "unknown", party_of(text, text, rules))
    party = party_of(speaker.name, speaker.text, rules)
    if party == "unknown" and speaker.type.value == "person":
        party = party_in_document(speaker.name, document.text, rules)
    return Source(speaker.name, speaker.type.value, party)


def credited_party(claim: Claim) -> str:
    """The party a capture credits ("russia" for Russia's control of a town); "" for a claim of
    another kind."""
    return fold(claim.args.get("actor", ""))


def party_in_document(name: str, text: str, rules: ClaimRules) -> str:
    """A person the knowledge base does not know takes the side the article gives them where it
    first names them: "le porte-parole de l'état-major ukrainien, Andreï Kovalev"."""
    surname = name.split()[-1]
    at = text.find(surname)
    if at < 0:
        return "unknown"
    # within the sentence that names them ("…, Andriy Kovalenko. Selon lui, les forces russes …"
    # does not make him Russian)
    ahead = text[max(0, at - CONTEXT_CHARS) : at]
    ahead = ahead[max((m.end() for m in SENTENCE_END.finditer(ahead)), default=0) :]
    behind = text[at : at + len(surname) + CONTEXT_CHARS]
    behind = behind[: next((m.end() for m in SENTENCE_END.finditer(behind, len(surname))), len(behind))]
    before, after = (_words(part) for part in (ahead, behind))
    nearest = [(i, w) for i, w in enumerate(reversed(before))] + [(i, w) for i, w in enumerate(after)]
    for _, written in sorted(nearest):
        word = _without_possessive(written, rules)
        if word in rules.observers:
            return "observer"
        if word in rules.party_words:
            return rules.party_words[word]
    return "unknown"


REPORTED_CLASSES = frozenset({"claim", "assert", "announce", "confirm", "report", "estimate"})


def reporter(trigger: Token, unit: Unit, ctx: DocumentContext) -> Source | Literal[False] | None:
    """In the outlet's own words, a capture governed by a claim verb ("Moscou revendique la prise
    de Pokrovsk", a headline the attribution stage did not read) is the claimant's, not the
    outlet's: its subject's source; False when it has none to credit; None when not reported.
    In someone's reported words, one they tell as another side's claim ("Although Russia says
    that it captured Kupyansk, we have cleared almost all the Russians") is that side's."""
    nested = unit.attribution is not None
    for node in claim_verbs(trigger, ctx.document.language or ""):
        if nested and not unit.has(node):
            return None  # the speaker's own cue: the speaker's claim
        if any(fold(c.text) in ctx.rules.negators for c in node.children):
            return None  # "Ukraine has not confirmed the Russian claims of capturing …": the narration's
        subject = next((c for c in node.children if c.dep_.startswith("nsubj")), None)
        if subject is None and not nested and node.i > 0 and node.doc[node.i - 1].pos_ in ("PROPN", "NOUN"):
            subject = node.doc[node.i - 1]  # a headline's "Moscou revendique …" the parser left apart
        if nested and (subject is None or subject.pos_ == "PRON"):
            return None  # "we said we took it": the speaker's own
        if subject is None or subject.pos_ == "PRON":
            return False
        if not speaks(subject):
            return None  # "Intense fighting characterized the area, culminating with …": the narration's
        found = subject_source(subject, ctx)
        if nested and found.party not in ctx.rules.sides:
            return None  # "… affirmant que les combats se poursuivent": a claimant of no side is none
        return found
    return None


def speaks(subject: Token) -> bool:
    """Whether a claim verb's subject can speak: not a thing or an event ("ce geste symbolique
    vise à affirmer le contrôle", "intense fighting characterized …")."""
    return fold(subject.lemma_) not in not_voices()


def claim_verbs(trigger: Token, language: str) -> Iterator[Token]:
    """The verbs above a trigger that report a claim ("revendique", "affirme"), nearest first."""
    from claimscope.attribution.lexicon import lexicon  # with spaCy: analysis only, never the refresh's flags

    cues = lexicon(language)
    for node in list(trigger.ancestors)[:MAX_CUE_DEPTH]:
        if node.pos_ not in ("VERB", "AUX"):
            continue
        cue = cues.verb(node.lemma_, [], node.text.lower())
        if cue is not None and cue.cls in REPORTED_CLASSES:
            yield node


def subject_source(subject: Token, ctx: DocumentContext) -> Source:
    """The source a claim verb's subject names: a government ("Moscou") or a described group."""
    words = subject.doc[subject.left_edge.i : subject.right_edge.i + 1].text
    government = ctx.kb.government(words)
    if government:
        return Source(government, "government", party_of(government, words, ctx.rules))
    people = {e.name for e in ctx.entities if e.label == "PER" and e.text in words and ctx.kb.person(e.name)}
    if len(people) == 1:  # "le chef d'état-major …, Valery Gerasimov", "Kremlin Spokesman Dmitry Peskov"
        (person,) = people
        return Source(person, "person", party_of(person, words, ctx.rules))
    name = description(words)
    return Source(name, "group", party_of(name, words, ctx.rules))


def party_of(name: str, written: str, rules: ClaimRules) -> str:
    """A known name's side; else observers by how the article describes them; else a nationality
    word in that description."""
    if name in rules.party_names:
        return rules.party_names[name]
    folded = fold(f"{name} {written}")
    if rules.phrases_in(rules.observers, folded):
        return "observer"
    for word in folded.replace("-", " ").split():
        word = _without_possessive(word, rules)
        if word in rules.party_words:
            return rules.party_words[word]
    spaced = f" {folded.replace('-', ' ')} "  # a side named in several words: "maison blanche"
    return next((p for w, p in rules.party_words.items() if " " in w and f" {w} " in spaced), "unknown")


def _words(text: str) -> list[str]:
    return [w.strip(',;:()«»"') for w in fold(text).replace("-", " ").replace("'", " ").split()]


def _without_possessive(word: str, rules: ClaimRules) -> str:
    """ "russia's" is "russia"."""
    mark = next((m for m in rules.possessive_marks if word.endswith(m)), None)
    return word[: -len(mark)] if mark else word
