"""Claims read in bulk (`ClaimReader`: a refresh reads half a million) are the claims read one by
one from their ORM rows, on both backends."""

from __future__ import annotations

from sqlalchemy import select

from claimscope.store import Store
from claimscope.store.convert import CLAIM_COLUMNS, ClaimReader, claim_record
from claimscope.store.models import ClaimRow


def test_the_reader_unpacks_every_column_of_the_claims_table() -> None:
    assert sorted(CLAIM_COLUMNS) == sorted(c.name for c in ClaimRow.__table__.columns)


def test_claims_read_in_bulk_equal_those_read_one_by_one(sample_store: Store) -> None:
    reader = ClaimReader()
    with sample_store.sessions() as session:
        one_by_one = {row.id: claim_record(row) for row in session.scalars(select(ClaimRow))}
        in_bulk = {row.id: reader(row) for row in session.execute(select(*reader.columns()))}
    assert len(one_by_one) > 400
    assert in_bulk == one_by_one
    kinds = {(c.place is not None, bool(c.hedges), c.sentence is not None) for c in in_bulk.values()}
    assert len(kinds) >= 4  # with and without a place, hedges, a sentence: each column's cases read
    first = next(iter(in_bulk.values())).source
    shared = [c.source for c in in_bulk.values() if c.source == first]
    assert len(shared) > 1 and all(s is first for s in shared)  # one immutable source, not one a claim
