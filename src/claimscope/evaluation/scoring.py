"""Matching predicted attributions to gold, and the scores.

A prediction matches a gold attribution when their content spans overlap by at least half of
the shorter span (one-to-one, best overlap first). Speaker and cue accuracy are measured on
matches: speakers by canonical name (groups by their description's words), cues by lemma.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from claimscope.entities.kb import knowledge
from claimscope.entities.text import description
from claimscope.evaluation.gold import GoldAttribution, load_gold
from claimscope.ingest.normalise import normalise_text
from claimscope.records import AnalysedDocument, Attribution, Span
from claimscope.text import fold

STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "au", "aux", "et", "en", "a", "qui", "que"}
STOPWORDS |= {"the", "of", "and"}
# words before the speaker's designation that say nothing of its form ("selon le ministre")
LEADING = {"selon", "d'apres", "pour", "le", "la", "les", "l", "un", "une", "des", "du", "de", "ce", "cette", "ces"}
LEADING |= {"according", "to", "the", "an", "this", "these"}  # "according to him", "the ministry"
FORMS = ("name", "role noun", "pronoun", "none")

Analyser = Callable[[str], AnalysedDocument]


@dataclass
class Matches:
    """Gold items, predicted items, and how many of them match: precision, recall, F1."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def add(self, other: Matches) -> None:
        for name in asdict(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Counts(Matches):
    speaker_correct: int = 0
    cue_correct: int = 0
    unlocated: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_correct / self.matched if self.matched else 0.0

    def scores(self) -> dict[str, float | int]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "cue_accuracy": round(self.cue_accuracy, 4),
        }


@dataclass
class Mismatch:
    doc: str
    what: str  # missed | spurious | speaker | cue
    content: str
    expected: str | None = None
    got: str | None = None


@dataclass
class Report:
    total: Counts = field(default_factory=Counts)
    documents: dict[str, Counts] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    # speaker accuracy by how the sentence designates the speaker: form -> [matched, correct]
    forms: dict[str, list[int]] = field(default_factory=lambda: {form: [0, 0] for form in FORMS})

    def form_accuracy(self) -> dict[str, dict[str, float | int]]:
        return {
            form: {"matched": n, "speaker_accuracy": round(ok / n, 4) if n else 0.0}
            for form, (n, ok) in self.forms.items()
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total.scores(),
            "speaker_by_form": self.form_accuracy(),
            "documents": {doc: c.scores() for doc, c in self.documents.items()},
            "mismatches": [asdict(m) for m in self.mismatches],
        }


def locate(text: str, content: str, after: int = 0) -> Span | None:
    """Where a gold content string lies in the stored (normalised) text, from ``after`` on."""
    needle = normalise_text(content)
    at = text.find(needle, after)
    if at >= 0:
        return Span(at, at + len(needle))
    # line breaks inside a long quote may be stored otherwise (paragraphs joined or split)
    spaced = re.compile(r"\s+".join(re.escape(word) for word in needle.split()))
    match = spaced.search(text, after)
    return Span(match.start(), match.end()) if match else None


def speaker_matches(gold: GoldAttribution, predicted: Attribution) -> bool:
    name = predicted.speaker.name if predicted.speaker else None
    if name is None:
        return False
    return any(_same_speaker(written, name) for written in _gold_names(gold))


def _gold_names(gold: GoldAttribution) -> list[str]:
    """The gold speaker, and for a person written with an appositive title ("Meghan, Duchess of
    Sussex", "Jane Doe, a lawyer") the name before it: either names the same person."""
    head, comma, _ = gold.speaker.partition(", ")
    return [gold.speaker, head] if comma and head and gold.speaker_type == "person" else [gold.speaker]


def _same_speaker(gold_name: str, name: str) -> bool:
    if fold(name) == fold(gold_name) or fold(name) == fold(canonical(gold_name)):
        return True
    gold_words = _words(gold_name)
    got_words = _words(name)
    if not gold_words or not got_words:
        return False
    shared = len(gold_words & got_words)
    return shared / len(gold_words) >= 0.6 or shared / len(gold_words | got_words) >= 0.5


def speaker_form(speaker_text: str | None) -> str:
    """How a gold attribution's sentence names its speaker: a pronoun ("elle", "a-t-il"), a
    name ("Moscou", "M. Dupont"), a role noun ("l'avocate", "le ministre"), or nothing."""
    words = [w for w in fold(speaker_text or "").replace("\u2019", "'").replace("'", "' ").split() if w]
    raw = [w for w in (speaker_text or "").replace("\u2019", "'").replace("'", "' ").split() if w]
    if not words:
        return "none"
    pronouns = knowledge().pronouns
    for i, (folded, word) in enumerate(zip(words, raw, strict=True)):
        if folded.strip("'") in LEADING or folded.endswith("'"):
            continue
        if i == len(words) - 1 and folded.split("-")[-1] in pronouns:
            return "pronoun"  # "elle", "selon lui", "a-t-il"
        return "name" if word[:1].isupper() else "role noun"
    return "role noun"


def canonical(name: str) -> str:
    """The knowledge base's name for a spelling (gold may spell a person or a body as the article
    does)."""
    person = knowledge().person(name)
    return person.name if person else knowledge().organisation(name) or name


def _words(name: str) -> set[str]:
    return {w for w in fold(description(name)).replace("'", " ").replace("-", " ").split() if w not in STOPWORDS}


def score_document(ref: str, analysed: AnalysedDocument, gold: list[GoldAttribution], report: Report) -> Counts:
    text = analysed.document.text
    counts = Counts(gold=len(gold), predicted=len(analysed.attributions))
    located: list[tuple[GoldAttribution, Span]] = []
    next_from: dict[str, int] = {}  # the same words quoted twice are two attributions
    for item in gold:
        span = locate(text, item.content, next_from.get(item.content, 0))
        if span is not None:
            next_from[item.content] = span.start + 1
        if span is None:
            counts.unlocated += 1
            report.mismatches.append(Mismatch(ref, "unlocated", item.content))
        else:
            located.append((item, span))
    pairs = []
    for gi, (_, gspan) in enumerate(located):
        for pi, pred in enumerate(analysed.attributions):
            overlap = gspan.overlap(pred.content)
            if overlap and overlap >= min(len(gspan), len(pred.content)) / 2:
                pairs.append((overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        item, pred = located[gi][0], analysed.attributions[pi]
        counts.matched += 1
        form = report.forms[speaker_form(item.speaker_text)]
        form[0] += 1
        if speaker_matches(item, pred):
            counts.speaker_correct += 1
            form[1] += 1
        else:
            got = pred.speaker.name if pred.speaker else None
            report.mismatches.append(Mismatch(ref, "speaker", item.content, item.speaker, got))
        pred_cue = pred.cue.lemma if pred.cue else None
        if fold(pred_cue or "") == fold(item.cue or ""):
            counts.cue_correct += 1
        else:
            report.mismatches.append(Mismatch(ref, "cue", item.content, item.cue, pred_cue))
    for gi, (item, _) in enumerate(located):
        if gi not in used_gold:
            report.mismatches.append(Mismatch(ref, "missed", item.content, item.speaker))
    for pi, pred in enumerate(analysed.attributions):
        if pi not in used_pred:
            got = pred.speaker.name if pred.speaker else None
            report.mismatches.append(Mismatch(ref, "spurious", text[pred.content.start : pred.content.end], None, got))
    return counts


def evaluate(gold_dir: Path, analyser: Analyser) -> Report:
    """Score every gold document; ``analyser`` turns a gold document reference into analysis."""
    report = Report()
    for ref, items in load_gold(gold_dir).items():
        counts = score_document(ref, analyser(ref), items, report)
        report.documents[ref] = counts
        report.total.add(counts)
    return report
