"""The full refresh, read a part of whole documents at a time, against one computation over every
document held whole (what the full refresh did before, and what `claimscope analyze` does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, true

from claimscope.claims.flags import corpus_flags
from claimscope.claims.independence import independence
from claimscope.claims.verdicts import verdicts
from claimscope.query import incremental, materialise, rebuild
from claimscope.query.incremental import new_documents
from claimscope.query.knowledge import store_knowledge
from claimscope.query.map_days import keep_map_days
from claimscope.query.object_counts import write_objects
from claimscope.query.speaker_counts import write_speakers
from claimscope.query.tables import count_flags, insert_rows, write_flags, write_indexes, write_propositions
from claimscope.store import Store
from claimscope.store.models import DocumentGroupRow, FlagRow
from tests.conftest import stored_whole
from tests.desk import _sample
from tests.test_refresh_incremental import _tables as materialised


def _tables(store: Store) -> dict[str, Any]:
    """What the incremental refresh's tests compare, and the flags' evidence whole."""
    tables = materialised(store)
    with store.sessions() as session:
        tables["flags"] = sorted(
            (f.id, f.kind, f.document_id, f.start, f.message, repr(f.evidence), f.evidence_total)
            for f in session.scalars(select(FlagRow))
        )
    return tables


def _computed_at_once(store: Store) -> None:
    """The tables written from one computation over every stored document, held whole."""
    kb = store_knowledge(store)
    with store.sessions() as session:
        documents, claim_ids = stored_whole(session)
    known = independence(documents)
    found = verdicts(documents, kb, known)
    flags = corpus_flags(documents, kb, known, found)
    groups = [{"document_id": d, "dispatch": g, "source_group": known.source[d]} for d, g in known.dispatch.items()]
    with store.session() as session:
        write_indexes(session, *new_documents(session, [a.document.id for a in documents]))  # names, bands, quotes
        write_speakers(session)
        write_propositions(session, found, claim_ids, known.source)
        write_flags(session, flags)
        count_flags(session, None)  # each article's flags counted beside it, as a refresh does
        insert_rows(session, DocumentGroupRow, groups)
        write_objects(session, kb, true())  # as the groups count (checked in tests/test_object_counts.py)
        keep_map_days(session, None)  # from the stance rows (checked in tests/test_map_days.py)


def test_a_full_refresh_read_in_parts_writes_what_one_computation_over_every_document_does(
    fresh_db: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(fresh_db())
    for analysed in _sample()[1]:
        store.save(analysed)
    _computed_at_once(store)
    at_once = _tables(store)
    assert all(at_once.values()), "the sample fills every table"
    read: list[int] = []
    real = rebuild.new_documents

    def counted(session: Any, ids: list[str]) -> Any:
        read.append(len(ids))
        return real(session, ids)

    monkeypatch.setattr(incremental, "WHOLE", 3)
    monkeypatch.setattr(rebuild, "new_documents", counted)
    assert materialise.refresh(store, full=True).whole
    assert max(read) == 3 and sum(read) == 2 * len(at_once["groups"])  # each document read twice, 3 at a time
    assert _tables(store) == at_once
    store.engine.dispose()
