"""The flags of new documents read whole, against the claims of the others (held light), what a
computation over every document gives them: quotes given to another speaker and garbled dates are
found through the store's indexes instead of every stored text (`query.incremental` and
`query.rebuild` flag their documents a part at a time through here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, or_, select, tuple_
from sqlalchemy.orm import Session

from claimscope.claims.independence import Independence
from claimscope.claims.verdicts import Verdict
from claimscope.entities.kb import KnowledgeBase
from claimscope.query.grouping import groups
from claimscope.query.tables import EVIDENCE_KEPT, chunks
from claimscope.records import AnalysedDocument, Document, EntityMention, Evidence, Flag, Span
from claimscope.store.models import ClaimQuoteRow, ClaimRow, DocumentGroupRow, DocumentRow, EntityRow, MentionRow

if TYPE_CHECKING:
    from claimscope.claims.flags import Allowed, Counted
    from claimscope.claims.garbled import Meant

NEIGHBOURS = 200  # articles read at a time for a garbled date's evidence
FEW_NAMED = 2000  # articles naming someone, under which they are read by name rather than in storing order


def part_flags(
    session: Session,
    kb: KnowledgeBase,
    independence: Independence,
    found: list[Verdict],
    light: dict[str, AnalysedDocument],
    new: list[AnalysedDocument],
    searched: Meant,
    counted: Counted | None = None,
    allowed: Allowed | None = None,
) -> list[Flag]:
    """The flags of the ``new`` documents (read whole), with the claims of the ``light`` ones
    (their documents in storing order) as evidence, the quotes and garbled dates looked up in the
    store's indexes: what a full computation over every document gives them. ``searched``: the
    garbled dates' searches made by the refresh's other parts (the store does not change
    meanwhile; the copies of one garbled dispatch name the same people); ``counted``, ``allowed``:
    the relations whose objects' sources, or statements the knowledge base allows, the store
    counted (`query.object_counts`)."""
    from claimscope.claims.flags import corpus_flags

    whole = {analysed.document.id: analysed for analysed in new}
    # in storing order, as a full refresh lists them: a tie, and which statements a flag keeps as
    # evidence, then come out the same
    listed = [whole.get(doc_id, analysed) for doc_id, analysed in light.items()]
    listed += [analysed for doc_id, analysed in whole.items() if doc_id not in light]
    flags = corpus_flags(listed, kb, independence, found, whole, indexed=True, counted=counted, allowed=allowed)
    flags = [f for f in flags if f.document in whole]
    return flags + _garbled(session, new, searched) + _quoted(session, new)


def _quoted(session: Session, new: list[AnalysedDocument]) -> list[Flag]:
    """Quotes of new documents that other sources give to another speaker, among every indexed
    article (those stored before and the other new ones): each quote's speakers and their sources
    are counted in the index, and the majority's first statements read as evidence, in storing
    order as a full refresh lists them (a much-quoted remark is told by thousands of articles)."""
    from claimscope.claims.quotes import quote_flag, quote_key, quote_majority, quotes_in

    said = quotes_in(new, quote_key)
    speakers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for batch in chunks(sorted(said)):
        for quote, speaker, source in session.execute(
            select(ClaimQuoteRow.quote, ClaimRow.source_name, DocumentGroupRow.source_group)
            .join(ClaimRow, ClaimRow.id == ClaimQuoteRow.claim_id)
            .join(DocumentGroupRow, DocumentGroupRow.document_id == ClaimQuoteRow.document_id)
            .where(ClaimQuoteRow.quote.in_(batch))
            .distinct()
        ):
            speakers[quote][speaker].add(source)
    flags = []
    for quote, claims in said.items():
        majority = quote_majority(speakers[quote])
        minority = [(analysed, claim) for analysed, claim in claims if claim.source.name != majority]
        if majority is None or not minority:
            continue
        by_majority = (ClaimQuoteRow.quote == quote, ClaimRow.source_name == majority)
        total = session.scalar(
            select(func.count())
            .select_from(ClaimQuoteRow)
            .join(ClaimRow, ClaimRow.id == ClaimQuoteRow.claim_id)
            .where(*by_majority)
        )
        evidence = [
            Evidence(document, majority, text)
            for document, text in session.execute(
                select(ClaimRow.document_id, ClaimRow.evidence)
                .join(ClaimQuoteRow, ClaimQuoteRow.claim_id == ClaimRow.id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(*by_majority)
                .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)
                .limit(EVIDENCE_KEPT)
            )
        ]
        flags += [quote_flag(a, c, majority, evidence, (total or 0) - len(evidence)) for a, c in minority]
    return flags


def _garbled(session: Session, new: list[AnalysedDocument], searched: Meant) -> list[Flag]:
    """Garbled-date flags of new documents, with the real dates of the stored articles naming the
    same people and writing the same day number: read in the order a full refresh reads them,
    only until enough are found, and only what the search reads (text, names, source group)."""
    from claimscope.claims.garbled import document_garbled_flags, garbled_dates

    flags = []
    for analysed in new:
        doc = analysed.document
        garbled = garbled_dates(doc.text, doc.published)
        if not garbled:
            continue
        names = {e.name for e in analysed.entities}
        sources = groups(session, [doc.id])[1]
        numbers = sorted({str(g.day) for g in garbled})
        candidates = _candidates(session, names, numbers)
        others = _Lazy(_named_articles(session, candidates, sources))
        flags += document_garbled_flags(analysed, others, sources, searched, garbled)
    return flags


def _candidates(session: Session, names: set[str], numbers: list[str]) -> Iterator[Any]:
    """Stored articles naming one of ``names`` and writing one of ``numbers``, in the order a full
    refresh reads them: NEIGHBOURS at a time, each page a range of the documents' storing order
    (the search stops early; one query sorting every match of a much-named person took seconds a
    garbled date at 100,000 documents)."""
    naming = select(MentionRow.document_id).join(EntityRow, EntityRow.id == MentionRow.entity_id)
    naming = naming.where(EntityRow.name.in_(names))
    named: ColumnElement[bool] = DocumentRow.id.in_(naming)  # the few articles naming them, sorted
    if (session.scalar(select(func.count()).select_from(naming.limit(FEW_NAMED).subquery())) or 0) >= FEW_NAMED:
        named = naming.where(MentionRow.document_id == DocumentRow.id).exists()  # the store in storing order
    query = (
        select(DocumentRow.id, DocumentRow.source, DocumentRow.text, DocumentRow.site, DocumentRow.published)
        .add_columns(DocumentGroupRow.source_group, DocumentRow.ingested_at)
        .join(DocumentGroupRow, DocumentGroupRow.document_id == DocumentRow.id)
        .where(named, or_(*(DocumentRow.text.contains(n) for n in numbers)))
        .order_by(DocumentRow.ingested_at, DocumentRow.id)
        .limit(NEIGHBOURS)
    )
    page = session.execute(query).all()
    while page:
        yield from (row[:-1] for row in page)
        if len(page) < NEIGHBOURS:
            return
        last = page[-1]
        after = tuple_(DocumentRow.ingested_at, DocumentRow.id) > tuple_(last.ingested_at, last.id)
        page = session.execute(query.where(after)).all()


def _named_articles(session: Session, rows: Iterable[Any], sources: dict[str, str]) -> Iterator[AnalysedDocument]:
    """Articles with their entities' names only, a batch at a time; their source groups noted."""
    batch: list[Any] = []
    for row in chain(rows, [None]):
        if row is not None:
            batch.append(row)
        if batch and (row is None or len(batch) == NEIGHBOURS):
            named: dict[str, list[EntityMention]] = defaultdict(list)
            for doc_id, name in session.execute(
                select(MentionRow.document_id, EntityRow.name)
                .join(EntityRow, EntityRow.id == MentionRow.entity_id)
                .where(MentionRow.document_id.in_([r[0] for r in batch]), MentionRow.label != "SPEAKER")
            ):
                named[doc_id].append(EntityMention(Span(0, 0), name, "", name))
            for doc_id, source, text, site, published, group in batch:
                sources[doc_id] = group
                yield AnalysedDocument(
                    Document(doc_id, source, text, site=site, published=published), entities=named[doc_id]
                )
            batch = []


class _Lazy(Iterable[AnalysedDocument]):
    """Articles read from the database as they are asked for, and kept for the next reader."""

    def __init__(self, source: Iterator[AnalysedDocument]) -> None:
        self.source = source
        self.read: list[AnalysedDocument] = []

    def __iter__(self) -> Iterator[AnalysedDocument]:
        yield from self.read
        for item in self.source:
            self.read.append(item)
            yield item
