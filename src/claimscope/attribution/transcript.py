"""Transcripts: `Iouri Ouchakov : Tout le monde sait que …` (or `Name (role) : …`) and the
paragraphs that continue the same voice, as published interviews and official readouts are laid
out. The voice stops at a heading, at another `Name :` line, or at a paragraph that names the
speaker in the third person; a `Name : « … »` line quotes one remark and opens no transcript."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimscope.attribution.context import trim
from claimscope.attribution.quotes import PAIRS
from claimscope.records import Attribution, Kind, Mention, Paragraph, Span

# "Name : …", also with the speaker's title before or after the name, or a parenthesis between the
# name and the colon: "Ladj Ly (meilleur film) : …", "Conseiller du Président, Iouri Ouchakov : …",
# "Dmitri Peskov, porte-parole du Kremlin : …"
SPEAKER_LINE = re.compile(
    r"^(?:[A-ZÀ-Ý][^:,()\n]{0,60}, )?"
    r"(?P<name>[A-ZÀ-Ý][\w'.-]+(?: [A-ZÀ-Ý][\w'.-]+){0,3})"
    r"(?: \([^()\n]{1,80}\)|, [^:,()\n]{1,80})? ?: +\S"
)
MAX_CONTINUATION = 8


def attribute_transcripts(text: str, paragraphs: list[tuple[Paragraph, Doc]]) -> list[Attribution]:
    found: list[Attribution] = []
    speaker: Mention | None = None
    continued = 0
    for number, (para, doc) in enumerate(paragraphs):
        body = text[para.span.start : para.span.end]
        match = SPEAKER_LINE.match(body)
        if match and _names_a_person(doc, match.start("name"), match.end("name")):
            name = match.group("name")
            start = para.span.start + match.start("name")
            speaker = Mention(
                span=Span(start, start + len(name)),
                text=name,
                form="name",
                head_lemma=name.split()[-1],
                proper_name=name,
            )
            line = trim(text, para.span.start + match.end() - 1, para.span.end)
            content = _unquoted(text, line)
            # `Name : « … »` quotes one remark (often a subhead); `Name : …` in prose opens a transcript
            continued = MAX_CONTINUATION if content != line else 0
        elif speaker is not None and _continues(speaker, body, para.is_heading, continued):
            content = _unquoted(text, trim(text, para.span.start, para.span.end))
            continued += 1
        else:
            speaker = None
            continue
        if content is not None:
            found.append(Attribution(speaker, None, content, Kind.DIRECT, 0.7, "transcript", number))
    return found


def _unquoted(text: str, span: Span | None) -> Span | None:
    """A transcript line written as a quote (`Name : « … »`): the words, without the marks."""
    if span is None or text[span.start] not in PAIRS:
        return span
    inner = text[span.start + 1 : span.end]
    closing = PAIRS[text[span.start]]
    if inner.rstrip(" .").endswith(closing) and inner.count(closing) == 1:
        return trim(text, span.start + 1, span.start + 1 + len(inner.rstrip(" .")) - 1)
    return span


def _continues(speaker: Mention, body: str, heading: bool, continued: int) -> bool:
    surname = speaker.text.split()[-1]
    return not heading and continued < MAX_CONTINUATION and surname not in body


def _names_a_person(doc: Doc, start: int, end: int) -> bool:
    """A person's name (or a title and a name) opens the line; a byline ("By Lea Smith: …", "Par Léa
    Durand : …") opens with a preposition."""
    opens_with_name = len(doc) > 0 and doc[0].pos_ not in ("ADP", "DET", "CCONJ", "SCONJ")
    return opens_with_name and any(ent.label_ == "PER" and start <= ent.start_char < end for ent in doc.ents)
