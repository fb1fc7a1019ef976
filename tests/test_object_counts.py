"""Relations' objects counted from refresh to refresh (`query.object_counts`) against a full count,
on both backends: each statement counted once with the source its document counts as now, and the
statements a flag may cite picked on from those kept, whatever is stored out of order, analysed
again or regrouped (`tests.test_refresh_summed` and `tests.test_speaker_counts` compare them too)."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from claimscope.claims.flags import _tally
from claimscope.claims.knowledge import CHECKED, kb_conflict
from claimscope.query import incremental, materialise, object_counts, summaries, tables
from claimscope.query.evidence import Pick
from claimscope.query.knowledge import store_knowledge
from claimscope.query.object_counts import counted_objects
from claimscope.query.tables import identity
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, KbFact, Source, Span, Stance
from claimscope.store import Store
from claimscope.store.models import DocumentGroupRow, DocumentRow, ObjectEvidenceRow, ObjectSourceRow, StateRow
from tests.conftest import kept_counts, stored_whole
from tests.desk import _sample
from tests.test_refresh_summed import FIRST, LATER, STORED, _report, incremental_and_full
from tests.test_refresh_summed import _tables as summed_tables

KEPT = 3  # statements a flag may cite of each object: fewer than the stored ones, so that order matters


def _kept_then_full(
    store: Store, later: list[AnalysedDocument], between: Callable[[Store], None] = lambda store: None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The kept rows after an incremental refresh takes ``later`` in (stored, then ``between``
    done), and after a full refresh."""
    store.save_many([(analysed, False) for analysed in STORED])
    materialise.refresh(store, full=True)
    store.save_many([(analysed, True) for analysed in later])
    between(store)
    materialise.refresh(store, full=False)
    kept = kept_counts(store)
    materialise.refresh(store, full=True)
    return kept, kept_counts(store)


def _cited(rows: dict[str, Any], document: str, allowed: bool = False) -> int:
    """How many of the document's statements a flag may cite: of their objects, or (``allowed``)
    of the statements the knowledge base allows of their relations."""
    return sum(claim[0] == document and agreeing == allowed for *_, agreeing, _, claim in rows["object evidence"])


def test_new_statements_are_counted_on_from_those_kept(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """News later than the store: only its statements are read, and the statements a flag may
    cite go on from the kept ones as a full refresh picks them (a new object's first are cited)."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    read: list[object_counts.Statement] = []
    real = object_counts._statements

    def reading(*args: Any) -> Iterator[object_counts.Statement]:
        for statement in real(*args):
            read.append(statement)
            yield statement

    kept, full = _kept_then_full(
        Store(db_url), LATER, lambda store: monkeypatch.setattr(object_counts, "_statements", reading)
    )
    assert kept == full
    new, stored = (sum(c.stance is Stance.ASSERTS for a in batch for c in a.claims) for batch in (LATER, STORED))
    assert len(read) == new + (stored + new), "the new statements (the incremental refresh), then all (the full one)"
    assert _cited(full, "Doc122de") == 3, "the first statements of a new object, one of each person's"


def test_a_statement_stored_before_the_kept_ones_is_picked_as_a_full_refresh_picks_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version committed late (beside the refresh, on PostgreSQL) comes before statements kept
    as citable: its relation is counted afresh."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    early = _report(130, "early.example", FIRST)

    def stored_first(store: Store) -> None:
        with store.session() as session:
            first = session.scalar(select(func.min(DocumentRow.ingested_at)))
            assert first is not None
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id == early.document.id)
                .values(ingested_at=first - timedelta(days=1))
            )

    kept, full = _kept_then_full(Store(db_url), [early], stored_first)
    assert kept == full
    assert _cited(full, early.document.id) == 3, "first in storing order: cited"


def test_a_relation_a_document_analysed_again_no_longer_gives_is_counted_afresh(db_url: str) -> None:
    again = replace(
        STORED[0], claims=[replace(c, args={**c.args, "object": "Vladimir Putin"}) for c in STORED[0].claims]
    )
    kept, full = _kept_then_full(Store(db_url), [again])
    assert kept == full
    assert {o[1] for o in full["object sources"]} == {"Donald Trump", "Vladimir Putin"}


@pytest.mark.parametrize("original", ["stored", "new"])
def test_an_articles_new_copy_moves_its_statements_to_the_source_they_count_as(db_url: str, original: str) -> None:
    """The only article of its site, copied by another site: its statements now count as the
    dispatch, and its site no longer as a source of their objects (the original stored before,
    or new in the same refresh: then its statements are counted once, as the dispatch)."""
    lone = _report(140, "lone.example", FIRST)
    copy = replace(lone, document=replace(lone.document, id="Copy140", source="copy.txt", site="copy.example"))
    store = Store(db_url)
    if original == "stored":
        store.save(lone)
    kept, full = _kept_then_full(store, [copy] if original == "stored" else [lone, copy])
    assert kept == full
    lone_sources = {o[2] for o in full["object sources"] if o[3] == 2}  # the original and its copy
    assert len(lone_sources) == 1 and not lone_sources & {o[2] for o in full["object sources"] if o[3] != 2}


def _unkept(store: Store) -> None:
    """As migration 0018 leaves a store refreshed before it."""
    with store.session() as session:
        session.execute(delete(ObjectSourceRow))
        session.execute(delete(ObjectEvidenceRow))
        session.execute(delete(StateRow).where(StateRow.name == object_counts.PICKED_WITH))


def test_a_store_refreshed_before_the_objects_were_kept_counts_them_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    kept, full = _kept_then_full(Store(db_url), LATER, _unkept)
    assert kept == full


def test_statements_picked_with_another_bound_are_picked_afresh(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """EVIDENCE_KEPT changed between two refreshes (a new version): every object is counted again."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT + 2)
    kept, full = _kept_then_full(Store(db_url), LATER, lambda store: monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT))
    assert kept == full


def test_the_counts_kept_are_each_objects_sources_and_statements_in_the_store(db_url: str) -> None:
    """Against the records themselves (the sample, refreshed whole): each object's independent
    sources and statements as a flag counts them over every statement, the statements the
    knowledge base allows as `claims.flags.Supporting` finds them, and the statements `Pick` cites
    in storing order, of each object and of those allowed."""
    store = Store(db_url)
    store.save_many([(analysed, False) for analysed in _sample()[1]])
    materialise.refresh(store, full=True)
    kb = store_knowledge(store)
    with store.sessions() as session:
        documents, claim_ids = stored_whole(session)  # in storing order
        sources = dict(session.execute(select(DocumentGroupRow.document_id, DocumentGroupRow.source_group)).all())
        said: dict[tuple[str, str], list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
        allowed: Counter[tuple[str, str]] = Counter()
        pick, cited = Pick(), set()  # (claim id, whether among the statements allowed)
        for analysed in documents:
            site = analysed.document.site or analysed.document.source
            for claim in analysed.claims:
                if claim.type in CHECKED and claim.stance is Stance.ASSERTS:
                    subject = (claim.args["person"], claim.args["relation"])
                    said[subject].append((analysed, claim))
                    ids = claim_ids[identity(analysed.document.id, claim)]
                    if pick.cites((subject, claim.args["object"]), site):
                        cited |= {(claim_id, False) for claim_id in ids}
                    if kb_conflict(claim, kb) is None:
                        allowed[subject] += 1
                        if pick.cites((subject, None), site):
                            cited |= {(claim_id, True) for claim_id in ids}
        kept = counted_objects(session, kb, said, said)
        picked = set(session.execute(select(ObjectEvidenceRow.claim_id, ObjectEvidenceRow.agreeing)).all())
    assert len(said) > 3 and len(allowed) > 3, "the sample gives several people offices"
    assert min(allowed.values()) < max(len(group) for group in said.values()), "some the knowledge base does not allow"
    assert kept.counted == {subject: _tally(group, sources) for subject, group in said.items()}
    assert kept.allowed == {subject: allowed[subject] for subject in said}
    assert picked == cited and kept.cited == {claim_id for claim_id, _ in cited}


def test_a_flag_against_the_knowledge_base_counts_the_statements_it_allows_unread(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New articles on the stored sites, after more statements than a flag may cite: only those it
    may cite are read of the relations the knowledge base says otherwise of, the others counted,
    and the flags are those a full refresh writes (evidence kept and counted)."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    monkeypatch.setattr(summaries, "MANY", 10)  # their propositions summed: their statements not read for them
    whole: list[set[tuple[str, str]]] = []
    real = incremental.allowed_picked
    monkeypatch.setattr(incremental, "allowed_picked", lambda *args: whole.append(real(*args)) or whole[-1])
    tables_after, full = incremental_and_full(Store(db_url), STORED, LATER)
    assert whole == [set()], "no statement of a new article may be cited: none is read whole"
    flagged = [f for f in full["flags"] if f[1] == LATER[-1].document.id and "but Steve Witkoff is" in f[2]]
    assert len(flagged) == 1 and flagged[0][4] > 40, "every statement of Donald Trump's envoy counted"
    assert tables_after == full


def _as_full(store: Store) -> None:
    kept = kept_counts(store)
    materialise.refresh(store, full=True)
    assert kept == kept_counts(store)


LONG_NAME = "Александр Петропавловский-Преображенский-Константинопольский " * 10  # 610 characters


@pytest.mark.parametrize(
    "article",
    [
        lambda n: _report(n, "Beta.example", FIRST, obj="Xi Jinping"),
        lambda n: _said(n, "Beta.example", (LONG_NAME, "envoy of", "Xi Jinping")),
    ],
    ids=["names", "a key cut in the store"],
)
def test_statements_stored_at_the_same_instant_are_counted_as_a_full_refresh_orders_them(
    db_url: str, monkeypatch: pytest.MonkeyPatch, article: Callable[[int], AnalysedDocument]
) -> None:
    """The database orders documents stored at one instant by id, in its collation (ICU's English
    puts "doc099" before "Doc100", code points after): such a new statement has its relations
    counted afresh, every statement of them, also where a name is so long that the claims' keys
    are cut in the store (600 characters)."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    store = Store(db_url)
    stored = [article(n) for n in (96, 98, 100)]
    store.save_many([(analysed, False) for analysed in stored])
    materialise.refresh(store, full=True)
    new = article(99)
    store.save(new)
    with store.session() as session:
        at = session.scalar(select(DocumentRow.ingested_at).where(DocumentRow.id == stored[-1].document.id))
        session.execute(update(DocumentRow).where(DocumentRow.id == new.document.id).values(ingested_at=at))
    materialise.refresh(store, full=False)
    assert {o[3] for o in kept_counts(store)["object sources"]} == {4}  # one source, four statements
    _as_full(store)


def test_a_document_analysed_again_beside_a_refresh_that_moves_its_statements(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL an ingest may store a new version of a document while a refresh regroups the
    old one (after it read what moves): the next refresh counts again the relations the old version
    asserted, as the ingest noted them from its claims (its propositions may be gone by then)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("an ingest commits beside a refresh on PostgreSQL only")
    store = Store(db_url)
    lone = _report(140, "lone.example", FIRST, obj="Xi Jinping")
    store.save_many([(analysed, False) for analysed in [*STORED, lone]])
    materialise.refresh(store, full=True)
    other = [
        replace(c, key=c.key.replace("Xi Jinping", "Li Qiang"), args={**c.args, "object": "Li Qiang"})
        for c in lone.claims
    ]
    store.save(replace(lone, document=replace(lone.document, id="Copy140", site="copy.example"), claims=other))
    real, saved = object_counts.moved, []

    def moved(session: Any, documents: list[str], source: str) -> None:
        if lone.document.id in documents and not saved:
            saved.append(store.save(lone, replace=True))
        real(session, documents, source)

    monkeypatch.setattr(object_counts, "moved", moved)
    materialise.refresh(store, full=False)
    monkeypatch.undo()
    assert saved and materialise.refresh(store, full=False).documents == 1, "the new version, taken in next"
    _as_full(store)


def test_a_new_document_analysed_again_while_the_refresh_taking_it_in_commits(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the ingest notes what the old version said before that refresh's stances are
    committed (it sees none), then waits to delete it: the relations it asserted are noted from its
    claims, and counted again by the next refresh."""
    if not db_url.startswith("postgresql"):
        pytest.skip("an ingest commits beside a refresh on PostgreSQL only")
    store = Store(db_url)
    store.save_many([(analysed, False) for analysed in STORED])
    materialise.refresh(store, full=True)
    lone = _report(140, "lone.example", FIRST, obj="Xi Jinping")
    store.save(lone)
    real, beside = materialise._done, []

    def done(*args: Any) -> None:
        real(*args)
        beside.append(threading.Thread(target=store.save, args=(lone,), kwargs={"replace": True}))
        beside[0].start()  # it notes what the version said, then waits on its row until the refresh commits
        time.sleep(2)

    monkeypatch.setattr(materialise, "_done", done)
    materialise.refresh(store, full=False)
    monkeypatch.undo()
    beside[0].join(60)
    assert not beside[0].is_alive() and materialise.refresh(store, full=False).documents == 1
    _as_full(store)


def _said(number: int, site: str, said: tuple[str, str, str], day: date = FIRST) -> AnalysedDocument:
    """An article giving someone (``said``: person, relation, object) an office, dated ``day``."""
    person, relation, obj = said
    sentence = f"{person}, {relation} {obj}, arrived."
    text = f"{' '.join(f'word{number * 7 + k}' for k in range(30))}. {sentence}"
    span = Span(len(text) - len(sentence), len(text))
    source = Source(site.split(".")[0], "media", "journalist")
    args = {"person": person, "relation": relation, "object": obj}
    claim = Claim(ClaimType.ROLE, f"role|{person}|{relation}|{obj}", args, Stance.ASSERTS, source, span, sentence, day)
    doc = Document(f"said{number:03d}", f"said{number:03d}.txt", text, site=site, published=day)
    return AnalysedDocument(doc, claims=[claim])


def test_a_flag_citing_several_relations_lists_them_in_the_order_of_their_first_statements(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office he never held: the flag cites his offices' statements the knowledge base allows,
    relation by relation in the order of each one's first statement, allowed or not (here a
    "secretary of Ukraine" it does not allow comes first)."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    umerov, council = "Rustem Umerov", "National Security and Defense Council of Ukraine"
    stored = [_said(1, "a.example", (umerov, "secretary of", "Ukraine"))]
    stored += [_said(n, f"{'bcde'[n - 2]}.example", (umerov, "negotiator of", "Ukraine")) for n in range(2, 6)]
    stored += [_said(n, f"{'fghi'[n - 6]}.example", (umerov, "secretary of", council)) for n in range(6, 10)]
    new = _said(10, "j.example", (umerov, "foreign minister of", "Ukraine"))
    tables_after, full = incremental_and_full(Store(db_url), stored, [new])
    flagged = [f for f in full["flags"] if f[1] == new.document.id]
    assert len(flagged) == 1 and "f.example" in flagged[0][3], "the secretary's statements first"
    assert tables_after == full


def test_the_statements_allowed_are_picked_again_when_the_knowledge_base_changes(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import the refresh does not see as such (committed after it chose not to recompute all,
    or a refresh asked to be incremental): the statements allowed are picked by the new facts."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", 2)
    martinet = ("Pierre Martinet", "envoy of", "Donald Trump")
    stored = [_said(n, f"{'abcd'[n % 4]}.example", martinet, FIRST + timedelta(days=n // 4)) for n in range(12)]
    store = Store(db_url)
    store.save_many([(analysed, False) for analysed in stored])
    materialise.refresh(store, full=True)
    store.add_knowledge(iter([KbFact(*martinet, FIRST + timedelta(days=2))]))  # his first statements now refused
    new = _said(20, "e.example", (*martinet[:2], "Vladimir Putin"), FIRST + timedelta(days=5))
    store.save(new)
    materialise.refresh(store, full=False)
    incremental_tables = summed_tables(store)
    materialise.refresh(store, full=True)  # it flags the stored articles too: those of the new one are compared
    full = summed_tables(store)
    flagged = [[f for f in tables["flags"] if f[1] == new.document.id] for tables in (incremental_tables, full)]
    assert flagged[1] and "but Pierre Martinet is envoy of" in flagged[1][0][2]
    assert flagged[0] == flagged[1]
    assert kept_counts(store) == {table: incremental_tables[table] for table in kept_counts(store)}


def test_a_relation_noted_too_long_for_its_column_has_every_relation_counted_afresh(db_url: str) -> None:
    """A document analysed again asserted a relation of a person whose name (with the relation)
    does not fit the note's column: it is not lost, every relation is counted again."""
    person = "Александр Петропавловский-Преображенский-Константинопольский " * 7  # some 430 characters
    store = Store(db_url)
    first = _said(1, "a.example", (person, "envoy of", "Donald Trump"))
    store.save_many([(first, False), (_said(2, "b.example", (person, "envoy of", "Donald Trump")), False)])
    materialise.refresh(store, full=True)
    store.save(replace(first, claims=[]), replace=True)
    materialise.refresh(store, full=False)
    _as_full(store)
