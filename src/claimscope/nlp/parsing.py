"""How text is parsed: the spaCy pipeline `claimscope.nlp` names for a language, loaded on first use.

Each paragraph is parsed on its own: headlines and subheads stay out of body sentences, and
memory stays flat on long pages. What any input costs is bounded by construction, so that a
hostile page is analysed to its end rather than stopped by the budget: an overlong block is
parsed in pieces of at most BLOCK_MAX_CHARS; run-on text (no sentence end for longer than any
sentence) in parts of at most SENTENCE_MAX_CHARS, so that no tree or sentence our rules walk
is longer; and texts in batches of at most BATCH_MAX_CHARS, since spaCy's working memory grows
with the whole batch (the 20 pieces of a 200,000-character run-on block, parsed together, took
550 MiB at once). Texts stream across documents: batches are filled by several pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby, pairwise

import numpy
import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimscope.lang import load as lang_load
from claimscope.nlp import PIPELINES, PipelineMissing
from claimscope.nlp.names import mended
from claimscope.records import Document, EntityMention, Paragraph, Span
from claimscope.text import DATE_MARKER

# The entity labels every later stage reads are those of the French pipelines (PER, LOC, ORG,
# MISC); a pipeline trained on OntoNotes' labels has its entities relabelled so, and its dates,
# times and numbers (no names) dropped.
ONTONOTES = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
ENTITY_LABELS = {"en": ONTONOTES}
HEADING_MAX_CHARS = 160
PROSE_WORDS = 8  # a sentence that ends inside a short block: prose ("Putin meets envoys. Talks go on": a headline)
BLOCK_MAX_CHARS = 10_000  # longer blocks are parsed in pieces (the longest in the shared corpora: 7,178)
BATCH_MAX_CHARS = 30_000  # characters parsed at once: memory is some 25 MiB per 10,000 (a normal page is one batch)
SENTENCE_END = '.!?»"”…:;)'
OPENING, CLOSING = "«“", "»”"  # quotation marks that pair ('"' opens and closes alike)
INNER_END = re.compile(r"(?<=[a-z]{2})[.!?][”\"]?\s+(?=[A-Z])")  # a sentence ends inside a block: prose, no heading
CLAUSE_END = ",;:)"  # where a piece of a run-on sentence is cut, failing a sentence end
SENTENCE_MAX_CHARS = 2_000  # the longest sentence in the dev articles (seed, news-fr, news-fr-general): 501 characters


@dataclass
class ParsedDocument:
    document: Document
    paragraphs: list[tuple[Paragraph, Doc]]
    entities: list[EntityMention]


def sentences_of(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, re-joined where a split fell inside a sentence (no final punctuation),
    up to SENTENCE_MAX_CHARS: run-on text stays in sentences of bounded length, so that the
    work done per sentence (and per cue within it) stays bounded too."""
    merged: list[SpacySpan] = []
    start = None
    for sent in doc.sents:
        if start is not None and sent.end_char - doc[start].idx > SENTENCE_MAX_CHARS:
            merged.append(doc[start : sent.start])
            start = None
        if start is None:
            start = sent.start
        if _ends(sent, doc[start : sent.end]) or sent.end == len(doc):
            merged.append(doc[start : sent.end])
            start = None
    return merged


def _ends(sent: SpacySpan, so_far: SpacySpan) -> bool:
    """A sentence ends on its final punctuation; on a line break after it ("….\n- …": a list's
    line) only outside a quote the line leaves open ('were “not acceptable.\n“Europe is …,” Putin
    said': a closing mark the page lost)."""
    last = sent[-1].text
    if last[-1:] in SENTENCE_END:
        return True
    text = so_far.text
    tail = text.rstrip()[-1:]  # none for a line break alone
    ended = last.isspace() and tail != "" and tail in SENTENCE_END
    return ended and sum(map(text.count, OPENING)) <= sum(map(text.count, CLOSING))


def sentences(parsed: ParsedDocument) -> Iterator[tuple[Paragraph, SpacySpan, Span]]:
    """Every sentence of a parsed document (a heading is one sentence), with its stored-text span."""
    for para, doc in parsed.paragraphs:
        for sent in [doc[:]] if para.is_heading else sentences_of(doc):
            yield para, sent, Span(para.span.start + sent.start_char, para.span.start + sent.end_char)


_loaded: dict[str, Language] = {}  # the whole pipelines loaded in this process, by language


def pipeline(language: str) -> Language:
    if language not in _loaded:
        _loaded[language] = _load(language)
    return _loaded[language]


def _load(language: str, words_only: bool = False) -> Language:
    name = PIPELINES.get(language)
    if name is None:
        raise PipelineMissing(f"no pipeline for language '{language}'")
    try:
        if words_only:  # the tokenizer and the static vectors: half the memory, no parse
            components = spacy.util.get_model_meta(spacy.util.get_package_path(name)).get("components", [])
            nlp = spacy.load(name, exclude=components)
        else:
            nlp = spacy.load(name)
    except OSError as exc:  # pragma: no cover - install problem
        raise PipelineMissing(
            f"spaCy pipeline '{name}' is not installed; run `make install` (pip install {name.replace('_', '-')})"
        ) from exc
    _keep_whole(nlp, language)
    return nlp


def _keep_whole(nlp: Language, language: str) -> None:
    """Hyphenated words the pipeline's tokenizer cuts, kept whole (lang/<code>/grammar.yaml's
    ``whole_words``): "l'état-major ukrainien" in three pieces left a stray "major" that the
    parser hung on the verb, and "Selon l'état" a speaker. Also capitalised and unaccented."""
    grammar = lang_load(language, "grammar") or {}
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for word in grammar.get("whole_words", ()):
        capitalised = word[:1].upper() + word[1:]
        for form in {word, capitalised, _unaccented(word), _unaccented(capitalised)}:
            tokenizer.add_special_case(form, [{ORTH: form}])


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def _words(language: str) -> Language:
    return _load(language, words_only=True)


def paragraphs(document: Document) -> list[Paragraph]:
    """Blocks separated by blank lines (after a stored page's date marker); a short block without
    final punctuation is a heading.
    A block longer than BLOCK_MAX_CHARS (no prose paragraph is) is parsed in pieces cut after a
    sentence end or a space, so that no input can make one parse, and what reads it, explode."""
    found: list[Paragraph] = []
    marker = DATE_MARKER.match(document.text)
    offset = marker.end() if marker else 0  # a stored page's date marker is no word of its first line
    for block in document.text[offset:].split("\n\n"):
        start = offset
        offset += len(block) + 2
        stripped = block.rstrip()
        if not stripped:
            continue
        heading = len(stripped) <= HEADING_MAX_CHARS and not _ended(stripped) and not _prose(stripped)
        found.extend(Paragraph(Span(start + a, start + b), heading) for a, b in _pieces(stripped))
    return found


def _ended(block: str) -> bool:
    """A block ending as a sentence does: a quote closes a sentence only after its punctuation
    ('… “we will win.”'); a headline may end on a quoted phrase ('… “avant 15-16 ans”')."""
    if block.endswith("”"):
        return block[-2:-1] in ".!?…"
    return block[-1] in SENTENCE_END


def _prose(block: str) -> bool:
    """A block whose first sentence ends inside it, then goes on with what a page put after it ("…,
    the city clerk said. Read more: Council elections"): prose with a link's text, no heading."""
    end = INNER_END.search(block)
    return end is not None and len(block[: end.start()].split()) >= PROSE_WORDS


def _pieces(block: str) -> Iterator[tuple[int, int]]:
    """Cuts of an overlong block: after the window's last sentence end, failing that after its
    last clause end (a comma), failing that after its last space, in the back half of the window;
    each cut looks at one window only, so cutting is linear in the block's length."""
    start = 0
    while len(block) - start > BLOCK_MAX_CHARS:
        yield start, start + (cut := _cut(block[start : start + BLOCK_MAX_CHARS]))
        start += cut
    yield start, len(block)


def _run_on_cuts(text: str) -> list[int]:
    """Where a run-on text (a stretch of more than SENTENCE_MAX_CHARS without a sentence end,
    which no prose has) is cut for parsing, so that no dependency tree spans more than
    SENTENCE_MAX_CHARS: what walks a tree or a sentence then does bounded work. Prose: no cut."""
    ends = [m.start() for m in _SENTENCE_END_CHAR.finditer(text)]
    if all(b - a <= SENTENCE_MAX_CHARS for a, b in pairwise([0, *ends, len(text)])):
        return []
    cuts, start = [], 0
    while len(text) - start > SENTENCE_MAX_CHARS:
        start += _cut(text[start : start + SENTENCE_MAX_CHARS])
        cuts.append(start)
    return cuts


_SENTENCE_END_CHAR = re.compile("[" + re.escape(SENTENCE_END) + "]")


def _cut(window: str) -> int:
    half = len(window) // 2
    for ends in (SENTENCE_END, CLAUSE_END):
        cut = max(window.rfind(end + " ") for end in ends) + 2
        if cut >= half:
            return cut
    return window.rfind(" ") + 1 or len(window)


def parse(documents: Iterable[Document], batch_size: int = 64) -> Iterator[ParsedDocument]:
    """Parse documents paragraph by paragraph, their texts streamed across documents through
    spaCy (a page's few paragraphs fill a batch poorly: one stream parses 10-20 % faster, to the
    same annotations); each document is yielded as soon as its own paragraphs are parsed."""
    for language, run in groupby(documents, key=lambda document: document.language):
        if language is None:
            raise PipelineMissing("document has no language")
        planned: deque[tuple[Document, list[Paragraph]]] = deque()  # documents read, not yet yielded
        docs = pipe(pipeline(language), _texts(run, planned), batch_size)
        labels = ENTITY_LABELS.get(language)
        for document, parsed in _by_document(docs, planned):
            pairs = [(para, mended(relabelled(doc, labels) if labels else doc)) for para, doc in parsed]
            yield ParsedDocument(document, pairs, entity_mentions(pairs))


def _texts(documents: Iterable[Document], planned: deque[tuple[Document, list[Paragraph]]]) -> Iterator[str]:
    """The paragraphs' texts of document after document, each document noted in ``planned``; a
    video's time marks blanked out (offsets unchanged)."""
    for document in documents:
        paras = paragraphs(document)
        planned.append((document, paras))
        yield from (_unmarked(document.text[p.span.start : p.span.end]) for p in paras)


# a video's time mark opening a line of its transcript or a caption ("01:16L'armée ukrainienne dit
# …", "0:25 Rencontre avec Poutine: …"), or a sentence of it run on ("Clémenceau. 01:16L'armée"):
# no word of the sentence, though glued to it
TIME_MARK = re.compile(r"(?m)(?:^[ \t]*|(?<=[.!?…»”] ))\d{1,2}:\d{2}(?::\d{2})?(?=[ \t]*[^\W\d_«“\"]|[ \t]*[«“\"])")


def _unmarked(text: str) -> str:
    return TIME_MARK.sub(lambda mark: " " * len(mark.group()), text)


def _by_document(
    docs: Iterator[Doc], planned: deque[tuple[Document, list[Paragraph]]]
) -> Iterator[tuple[Document, list[tuple[Paragraph, Doc]]]]:
    """The parses handed back to their documents, in order; a document is yielded before anything
    after it is parsed (a paragraph-less one too)."""
    ahead: list[Doc] = []
    while True:
        if not planned:
            try:
                ahead.append(next(docs))  # reads on: the next document is planned
            except StopIteration:
                if not planned:
                    return
        document, paras = planned.popleft()
        yield document, [(para, ahead.pop() if ahead else next(docs)) for para in paras]


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """spaCy's parse of each text, in order, streaming. A run-on text is parsed in parts
    (`_run_on_cuts`) joined back into one Doc. Parts are parsed in batches of at most
    ``batch_size`` texts and BATCH_MAX_CHARS characters: peak memory is bounded whatever the
    page's length, and ordinary paragraphs fill batches across pages."""
    splits: deque[tuple[str, int]] = deque()  # texts cut into parts, not yet yielded, and how many parts

    def parts() -> Iterator[str]:
        for text in texts:
            bounds = [0, *_run_on_cuts(text), len(text)]
            splits.append((text, len(bounds) - 1))
            yield from (text[a:b] for a, b in pairwise(bounds))

    parsed = _batched(nlp, parts(), batch_size)
    for first in parsed:
        text, count = splits.popleft()
        if count == 1:
            yield first
            continue
        doc = Doc.from_docs([first, *(next(parsed) for _ in range(count - 1))], ensure_whitespace=False)
        assert doc.text == text, "a run-on text's parts join back into the text"
        yield doc


def _batched(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) == batch_size or chars + len(text) > BATCH_MAX_CHARS):
            yield from nlp.pipe(batch, batch_size=batch_size)
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=batch_size)  # not len(batch): spaCy is some 15 % slower so


def relabelled(doc: Doc, labels: dict[str, str]) -> Doc:
    """The entities with the labels later stages read; those with no such label dropped."""
    doc.ents = [SpacySpan(doc, e.start, e.end, label=labels[e.label_]) for e in doc.ents if e.label_ in labels]
    return doc


def entity_mentions(pairs: list[tuple[Paragraph, Doc]]) -> list[EntityMention]:
    found: list[EntityMention] = []
    for para, doc in pairs:
        base = para.span.start
        for ent in doc.ents:
            found.append(
                EntityMention(Span(base + ent.start_char, base + ent.end_char), ent.text, ent.label_, ent.text)
            )
    return found


def noun_gender(noun: Token) -> str | None:
    """A noun's grammatical gender ("f"/"m"), from its determiner first ("la ministre"), then
    from the noun itself."""
    for token in [*(c for c in noun.children if c.dep_ == "det"), noun]:
        gender = token.morph.get("Gender", [])
        if gender:
            return "f" if gender[0] == "Fem" else "m"
    return None


CONTENT_WORD_MIN = 4  # shorter words carry little of a remark's meaning


def content_similarity(language: str, first: str, second: str) -> float:
    """How close two stretches of text are in meaning: the cosine of the mean static word vectors
    of their content words (tokenizer and vectors only, no parse: where the whole pipeline is not
    loaded, as in an ingest's client whose analysis runs in another process, only they are)."""
    nlp = _loaded.get(language) or _words(language)
    means = []
    for text in (first, second):
        vectors = [
            numpy.asarray(t.vector, dtype=numpy.float32)
            for t in nlp.make_doc(text)
            if t.has_vector and not t.is_stop and not t.is_punct and len(t.text) >= CONTENT_WORD_MIN
        ]
        if not vectors:
            return 0.0
        means.append(numpy.mean(vectors, axis=0))
    norm = float(numpy.linalg.norm(means[0]) * numpy.linalg.norm(means[1]))
    return float(means[0] @ means[1]) / norm if norm else 0.0
