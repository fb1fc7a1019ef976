"""Speakers' counts kept from refresh to refresh (`query.speaker_counts`) against a full count, on
both backends (real sample): each document counted once, whatever comes beside a refresh, a
store refreshed before the sides were kept, or a document analysed again."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import delete, select

from claimscope.claims import duplicates
from claimscope.query import incremental, materialise, rebuild, speaker_counts
from claimscope.records import AnalysedDocument, ClaimType, Source, Span
from claimscope.store import Store
from claimscope.store.db import alembic_config
from claimscope.store.models import SpeakerSideRow, SpeakerStatsRow, StateRow
from tests.conftest import kept_counts
from tests.desk import _sample

HALF = 25  # of the 50 sample articles


@pytest.fixture(autouse=True)
def no_rewrites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rewrites are found by a full refresh only (they need every story's words): left out of both
    (the sample's store, which other tests share, is analysed and refreshed first, with them)."""
    _sample()
    monkeypatch.setattr(duplicates, "rewrites", lambda stories, versions=None: [])


def _speakers(store: Store) -> dict[str, Any]:
    with store.sessions() as session:
        return {
            "speakers": sorted(
                (s.name, s.type, s.side, s.statements, s.documents) for s in session.scalars(select(SpeakerStatsRow))
            ),
            "sides": sorted((s.name, s.party, s.claims) for s in session.scalars(select(SpeakerSideRow))),
        }


def _as_full(store: Store) -> None:
    """The tables kept incrementally are those a full refresh writes (the relations' objects too)."""
    kept = _speakers(store) | kept_counts(store)
    assert kept["speakers"] and kept["sides"], "the sample quotes speakers and gives them sides"
    assert kept["object sources"], "and gives people offices"
    materialise.refresh(store, full=True)
    assert kept == _speakers(store) | kept_counts(store)


def _stored(db_url: str, documents: list[AnalysedDocument]) -> Store:
    store = Store(db_url)
    store.save_many([(d, False) for d in documents])
    materialise.refresh(store, full=True)
    return store


def _left_for_the_next(
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    owner: ModuleType,
    name: str,
    patched: Callable[[Any], Any],
    full: bool = False,
) -> None:
    """A refresh with ``owner.name`` patched, then one without, which takes in the one document
    the first left; the counts then as a full count gives them."""
    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, patched(real))
    materialise.refresh(store, full=full)
    monkeypatch.setattr(owner, name, real)
    assert materialise.refresh(store, full=False).documents == 1
    _as_full(store)


def _quoted(analysed: AnalysedDocument) -> set[str]:
    return {a.speaker.name for a in analysed.attributions if a.speaker and a.speaker.name}


@pytest.mark.parametrize("full", [True, False], ids=["full", "incremental"])
def test_a_document_stored_beside_a_refresh_is_counted_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    """One stored after a refresh listed what it takes in (on PostgreSQL an ingest commits beside
    it) is the next refresh's new document: counted by neither a full count nor the speakers
    counted afresh (those of a document analysed again, here quoting the same speaker), it is
    counted once by the next."""
    sample = list(_sample()[1])
    before = set().union(*map(_quoted, sample[:HALF]))
    beside = next(d for d in reversed(sample[HALF:]) if _quoted(d) & before)
    if full:
        store = Store(db_url)
        store.save_many([(d, False) for d in sample])
    else:
        store = _stored(db_url, sample[:HALF])
        store.save_many([(d, False) for d in sample[HALF:]])
        store.save(next(d for d in sample[:HALF] if _quoted(d) & _quoted(beside)), replace=True)

    def but_beside(listed: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
        return lambda session: {d: at for d, at in listed(session).items() if d != beside.document.id}

    _left_for_the_next(monkeypatch, store, materialise, "_pending", but_beside, full)


def test_a_store_refreshed_before_the_sides_were_kept_counts_them_once(db_url: str) -> None:
    sample = list(_sample()[1])
    store = _stored(db_url, sample[:HALF])
    with store.session() as session:  # as migration 0016 leaves a store refreshed before it
        session.execute(delete(SpeakerSideRow))
        session.execute(delete(StateRow).where(StateRow.name == speaker_counts.KEPT))
    store.save_many([(d, False) for d in sample[HALF:]])
    materialise.refresh(store, full=False)
    _as_full(store)


def test_a_document_analysed_again_is_counted_again_for_the_names_its_claims_gave(db_url: str) -> None:
    """Its claims gave a side to someone it does not quote (a government "selon" another
    article's speaker, an outlet): the new version without them leaves that name's sides
    counted as a full refresh counts them."""
    sample = list(_sample()[1])

    def unquoted(analysed: AnalysedDocument) -> set[str]:
        return {c.source.name for c in analysed.claims if c.source.party != "unknown"} - _quoted(analysed)

    analysed = next(d for d in sample if unquoted(d) - {d.document.site} and d.document.published is not None)
    gone = unquoted(analysed)
    store = _stored(db_url, sample)
    store.save(replace(analysed, claims=[c for c in analysed.claims if c.source.name not in gone]), replace=True)
    materialise.refresh(store, full=False)
    _as_full(store)


def test_a_speakers_side_is_the_one_their_claims_give_most(db_url: str) -> None:
    """Counted from the records themselves (the other tests compare with a full count, which adds
    with the same code): the side most given, ties to the party that sorts last."""
    sample = list(_sample()[1])
    store = _stored(db_url, sample)
    given = Counter((c.source.name, c.source.party) for d in sample for c in d.claims if c.source.party != "unknown")
    most: dict[str, tuple[int, str]] = {}
    for (name, party), n in given.items():
        most[name] = max(most.get(name, (0, "")), (n, party))
    speakers = _speakers(store)["speakers"]
    assert {s[0]: s[2] for s in speakers} == {s[0]: most[s[0]][1] if s[0] in most else None for s in speakers}
    assert sum(s[2] is not None for s in speakers) >= 10


def test_new_claims_alone_can_change_a_kept_speakers_side(db_url: str) -> None:
    """A new article whose claims give a speaker another side, without quoting them (nor does any
    other new article: their statements do not change, their side does)."""
    sample = list(_sample()[1])
    store = _stored(db_url, sample[:HALF])
    later = set().union(*map(_quoted, sample[HALF:]))
    name = min(s[0] for s in _speakers(store)["speakers"] if s[2] is not None and s[0] not in later)  # counted before
    most = sum(c.source.name == name for d in sample for c in d.claims)  # all the sample's claims give them
    analysed = next(d for d in sample[HALF:] if any(c.type is ClaimType.STATEMENT for c in d.claims))
    claim = next(c for c in analysed.claims if c.type is ClaimType.STATEMENT)
    told = [  # more claims than the side it has, each its own
        replace(claim, source=Source(name, "person", "zz-side"), span=Span(k, k + 1)) for k in range(most + 1)
    ]
    document = replace(analysed.document, id="new-side", source="new-side.txt")
    store.save_many([(d, False) for d in sample[HALF:]] + [(AnalysedDocument(document, claims=told), False)])
    materialise.refresh(store, full=False)
    assert {s[0]: s[2] for s in _speakers(store)["speakers"]}[name] == "zz-side"
    _as_full(store)


def test_two_refreshes_at_once_on_sqlite_count_the_new_documents_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reads outside a transaction until the first write: a refresh that listed the new
    documents while another was taking them in waits for it, then takes in what is left (none)."""
    sample = list(_sample()[1])
    store = _stored(f"sqlite:///{tmp_path / 'db.sqlite'}", sample[:HALF])
    store.save_many([(d, False) for d in sample[HALF:]])
    real, started = incremental.refresh_touched, threading.Event()

    def slow(*args: Any) -> None:
        started.set()
        time.sleep(2)  # the other refresh lists the documents meanwhile
        real(*args)

    monkeypatch.setattr(incremental, "refresh_touched", slow)
    first = threading.Thread(target=materialise._refresh, args=(store, False))
    first.start()
    assert started.wait(60)
    monkeypatch.setattr(incremental, "refresh_touched", real)
    assert materialise._refresh(store, False).documents == 0
    first.join()
    _as_full(store)


AGAIN = {  # where a version is stored again: the step it follows or precedes, whether a full refresh
    "after an incremental refresh read": ("incremental", "refresh_touched", True, False),
    "while an incremental refresh reads": ("incremental", "taken_replaced", True, False),
    "while a full refresh reads": ("rebuild", "with_claims", False, True),
}


@pytest.mark.parametrize("when", AGAIN)
def test_a_document_stored_again_while_a_refresh_takes_it_in_is_left_for_the_next(
    db_url: str, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """An ingest beside a refresh may store a new version of a document the refresh is taking in
    (on SQLite only before a full refresh's first write: an incremental one holds the one writer):
    that version is neither counted nor marked taken in by it, and the next refresh counts it."""
    owner, name, after, full = AGAIN[when]
    if not full and not db_url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time: the version is stored after the refresh")
    sample = list(_sample()[1])
    store = _stored(db_url, sample[:HALF])
    quoting = next(d for d in sample[HALF:] if _quoted(d))
    unquoting = replace(quoting, claims=[], attributions=[])  # no claim: no stance holds the old version
    store.save_many([(d, False) for d in sample[HALF:] if d is not quoting] + [(unquoting, False)])

    def stored_meanwhile(real: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any) -> Any:
            if not after:
                store.save(quoting, replace=True)
            found = real(*args)
            if after:
                store.save(quoting, replace=True)
            return found

        return step

    module = {"incremental": incremental, "rebuild": rebuild}[owner]
    _left_for_the_next(monkeypatch, store, module, name, stored_meanwhile, full)


def test_a_store_downgraded_past_the_kept_sides_and_upgraded_counts_them_again(db_url: str) -> None:
    from alembic import command

    sample = list(_sample()[1])
    store = _stored(db_url, sample[:HALF])
    config = alembic_config()
    for step, target in ((command.downgrade, "0015"), (command.upgrade, "head")):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, target)
    store.save_many([(d, False) for d in sample[HALF:]])
    materialise.refresh(store, full=False)
    _as_full(store)
