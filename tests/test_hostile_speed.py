"""Hostile shapes are analysed to the end without the budget, in bounded pieces: no full stop over
many pages, an unclosed « over a whole page, one very long sentence. What bounds their cost is
structural (pieces, parts, sentences and batches of bounded length), so that is what is checked
here, on smaller sizes than `make bench` times: the same shapes, through the same run-on paths."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from spacy.tokens import Doc

from claimscope.nlp import parsing
from claimscope.pipeline import analyse
from claimscope.records import Document

CLAUSE = "« le porte-parole a déclaré que les forces tenaient la ville et que les combats continuaient selon Kiev "
QUOTE = "Le porte-parole a déclaré que les forces tenaient la ville. Les combats continuaient selon Kiev, a-t-il dit. "
SENTENCE = "les forces russes ont pris Pokrovsk et Vovchansk, selon le ministère russe, mais Kiev dément cette prise, "

SHAPES = {
    "no full stop": (CLAUSE * 150)[:12_000],
    "unclosed quote": "Il a dit : « " + QUOTE * 100,
    "one long sentence": "Le ministère a annoncé que " + SENTENCE * 50 + "a-t-il dit.",
}


def document(text: str) -> Document:
    return Document("hostile", "hostile", text, site="bench.example", published=date(2025, 12, 3), language="fr")


@pytest.mark.parametrize("shape", SHAPES)
def test_a_hostile_shape_is_analysed_in_sentences_of_bounded_length(shape: str) -> None:
    text = SHAPES[shape]
    parsed = next(parsing.parse([document(text)]))
    assert all(len(para.span) <= parsing.BLOCK_MAX_CHARS for para, _ in parsed.paragraphs)
    assert all(doc.text == text[para.span.start : para.span.end] for para, doc in parsed.paragraphs)
    sentences = [span for _, _, span in parsing.sentences(parsed)]
    assert sentences and all(len(span) <= parsing.SENTENCE_MAX_CHARS for span in sentences)
    assert all(len(sent) <= parsing.SENTENCE_MAX_CHARS for _, doc in parsed.paragraphs for sent in doc.sents)
    assert analyse(document(text)).analysed


def test_run_on_text_is_parsed_in_parts_that_join_back_and_prose_is_not_cut() -> None:
    run_on = SHAPES["no full stop"][:9_000]  # one block, under BLOCK_MAX_CHARS: cut for parsing only
    cuts = parsing._run_on_cuts(run_on)
    bounds = [0, *cuts, len(run_on)]
    assert cuts and all(0 < b - a <= parsing.SENTENCE_MAX_CHARS for a, b in pairwise(bounds))
    assert all(run_on[cut - 1] == " " for cut in cuts)  # between words
    assert parsing._run_on_cuts(QUOTE * 90) == []  # prose over many pieces' worth: its sentences end
    (doc,) = parsing.pipe(parsing.pipeline("fr"), [run_on])
    assert doc.text == run_on and [t.idx for t in doc if t.is_sent_start][: len(cuts) + 1] == bounds[:-1]


def test_a_long_page_is_parsed_in_batches_of_bounded_length() -> None:
    batches: list[list[str]] = []

    class Recorder:
        def pipe(self, texts: list[str], batch_size: int) -> list[Doc]:
            batches.append(list(texts))
            return [parsing.pipeline("fr").make_doc(t) for t in texts]

    texts = [("Une phrase ordinaire. " * 450)[:9_900] for _ in range(20)] + ["Court."] * 100
    docs = list(parsing.pipe(Recorder(), texts))  # type: ignore[arg-type]
    assert [d.text for d in docs] == texts
    assert all(sum(map(len, b)) <= parsing.BATCH_MAX_CHARS and len(b) <= 64 for b in batches)
    assert [t for b in batches for t in b] == texts


def test_documents_parsed_in_one_stream_get_what_each_gets_alone() -> None:
    """Paragraphs of several pages fill spaCy's batches together (an empty page and a run-on one
    among them): each page's parse is the one it gets alone, annotation for annotation."""
    texts = ["Titre\n\n" + SENTENCE * 3 + "a-t-il dit.", "  \n\n ", SHAPES["no full stop"], "Court.\n\nEncore."]
    alone = [next(parsing.parse([document(t)])) for t in texts]
    together = list(parsing.parse([document(t) for t in texts]))
    assert [p.document.text for p in together] == texts
    for one, streamed in zip(alone, together, strict=True):
        assert [(para, doc.to_bytes()) for para, doc in one.paragraphs] == [
            (para, doc.to_bytes()) for para, doc in streamed.paragraphs
        ]
        assert one.entities == streamed.entities
