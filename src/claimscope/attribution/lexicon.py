"""The cue lexicon of a language (lang/<language>/cues.yaml) as lookup tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from claimscope.lang import load, module

REFLEXIVE_PREFIXES = ("se ", "s'")


@dataclass(frozen=True)
class VerbCue:
    lemma: str  # the lexicon entry, e.g. "faire état"
    head: str  # the verb lemma spaCy gives, e.g. "faire"
    rest: tuple[str, ...]  # words that must follow the verb, e.g. ("état",)
    cls: str
    content: frozenset[str]
    # a cue only as an incise ("…, he continued, …"), never before its content (in French but a
    # que-clause: "s'est réjoui que …")
    incise_only: bool = False


@dataclass(frozen=True)
class PrepositionCue:
    words: tuple[str, ...]
    cls: str
    initial_only: bool


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[VerbCue, ...]]  # by head lemma, longest entries first
    nouns: dict[str, str]
    prepositions: tuple[PrepositionCue, ...]
    classes: tuple[str, ...]
    not_sources: frozenset[str]
    infinitive_classes: frozenset[str]
    anaphoric_openers: tuple[str, ...]
    attribute_marks: frozenset[str]  # words before an attribute: "présentée comme …", "qualifié de …"
    hypothesis_marks: frozenset[str]  # "si": a conditional after it is a hypothesis, not hearsay
    forecast_modals: frozenset[str]  # "devrait", "pourrait": the journalist's forecast, not hearsay
    inverted_clitics: frozenset[str]  # "-il" of "a-t-il ajouté"
    forms: dict[str, str]  # inflected form -> head lemma, for forms the tagger leaves unlemmatised
    sourcing_classes: frozenset[str] = frozenset()  # "Citing X, …": a fronted participle naming a source
    as_told_marks: frozenset[str] = frozenset()  # "…, comme le rapporte Tass": the clause is the source's
    title_nouns: frozenset[str] = frozenset()  # "le forum « La Russie vous appelle ! »": a title, not words
    as_told_classes: frozenset[str] = frozenset()  # cues "comme le rapporte X" takes ("comme l'a indiqué")
    commitments: frozenset[str] = frozenset()  # …but not these ("comme il l'avait promis")
    title_classes: frozenset[str] = frozenset()  # a title's "Une annonce du Kremlin : …"
    source_kinds: frozenset[str] = frozenset()  # "des sources de sécurité": a bare noun after says what kind

    def verb(self, head_lemma: str, following: list[str], form: str = "") -> VerbCue | None:
        """The cue for a verb lemma (or, when the lemmatizer failed, its inflected form)."""
        cues = self.verbs.get(head_lemma) or self.verbs.get(self.forms.get(form, ""), ())
        for cue in cues:
            if tuple(following[: len(cue.rest)]) == cue.rest:
                return cue
        return None

    def __len__(self) -> int:
        return sum(len(v) for v in self.verbs.values()) + len(self.nouns) + len(self.prepositions)


def _split_verb(entry: str) -> tuple[str, tuple[str, ...]]:
    for prefix in REFLEXIVE_PREFIXES:
        if entry.startswith(prefix):
            entry = entry[len(prefix) :]
    head, *rest = entry.split()
    return head, tuple(rest)


@cache
def lexicon(language: str) -> Lexicon:
    raw = load(language, "cues")
    classes = tuple(raw["classes"])
    verbs: dict[str, list[VerbCue]] = {}
    for cls, entries in raw["verbs"].items():
        if cls not in classes:
            raise ValueError(f"cues.yaml: unknown class {cls!r}")
        for entry, options in entries.items():
            head, rest = _split_verb(entry)
            content = frozenset((options or {}).get("content", []))
            incise_only = bool((options or {}).get("incise_only"))
            verbs.setdefault(head, []).append(VerbCue(entry, head, rest, cls, content, incise_only))
    nouns = {noun: cls for cls, words in raw["nouns"].items() for noun in words}
    preps = tuple(
        PrepositionCue(tuple(phrase.replace("'", "' ").split()), cls, bool((opts or {}).get("initial_only")))
        for cls, entries in raw["prepositions"].items()
        for phrase, opts in entries.items()
    )
    ordered = {k: tuple(sorted(v, key=lambda c: -len(c.rest))) for k, v in verbs.items()}
    return Lexicon(
        ordered,
        nouns,
        preps,
        classes,
        frozenset(raw.get("not_sources", [])),
        frozenset(raw.get("infinitive_content_classes", [])),
        tuple(raw.get("anaphoric_openers", [])),
        frozenset(raw.get("attribute_marks", [])),
        frozenset(raw.get("hypothesis_marks", [])),
        frozenset(raw.get("forecast_modals", [])),
        frozenset(raw.get("inverted_clitics", [])),
        module(language).inflections(ordered),
        frozenset(raw.get("sourcing_classes", [])),
        frozenset(raw.get("as_told_marks", [])),
        frozenset(raw.get("title_nouns", [])),
        frozenset(raw.get("as_told_classes", [])),
        frozenset(raw.get("commitments", [])),
        frozenset(raw.get("title_classes", [])),
        frozenset(raw.get("source_kinds", [])),
    )
