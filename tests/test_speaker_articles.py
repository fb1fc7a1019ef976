"""A speaker's articles and statements, found from the entity each attribution keeps beside its
speaker's mention (migration 0022): the same as through the mentions, on a new store and on one
upgraded, whether SQLite reads them in the list's order or looks each up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, select

from claimscope import query
from claimscope.query import newest
from claimscope.store import Store
from claimscope.store.db import alembic_config
from claimscope.store.models import AttributionRow, DocumentRow, EntityRow, MentionRow
from tests.conftest import analyse_text

SAID = (
    "« Nous ne céderons pas », a déclaré Volodymyr Zelensky à Kyiv.",
    "« La situation est difficile », a déclaré un responsable local sous couvert d'anonymat.",
    "« La ville est à nous », a affirmé Vladimir Poutine. « Rien n'est fait », a répondu Volodymyr Zelensky.",
    "« Les discussions continuent », a dit Dmitri Peskov aux journalistes.",
)


def through_mentions(store: Store) -> dict[str, set[str]]:
    """Each speaker's articles as the desk found them before: from the entity to its mentions."""
    with store.sessions() as session:
        rows = session.execute(
            select(EntityRow.name, AttributionRow.document_id)
            .join(MentionRow, AttributionRow.speaker_mention_id == MentionRow.id)
            .join(EntityRow, MentionRow.entity_id == EntityRow.id)
        ).all()
    found: dict[str, set[str]] = {}
    for name, document in rows:
        found.setdefault(name, set()).add(document)
    return found


def kept_as_mentioned(store: Store) -> bool:
    """Whether every attribution keeps its speaker mention's entity (none where it has no speaker)."""
    with store.sessions() as session:
        rows = session.execute(
            select(AttributionRow.speaker_entity_id, MentionRow.entity_id).outerjoin(
                MentionRow, AttributionRow.speaker_mention_id == MentionRow.id
            )
        ).all()
    return bool(rows) and all(kept == mentioned for kept, mentioned in rows)


def listed(store: Store, names: list[str]) -> dict[str, set[str]]:
    return {name: {d.id for d in query.documents(store, query.DocumentFilter(speaker=name)).items} for name in names}


def test_a_speakers_articles_are_those_of_its_mentions_before_and_after_the_upgrade(
    tmp_path: Path, db_url: str
) -> None:
    store = Store(db_url)
    for n, text in enumerate(SAID):
        assert store.save(analyse_text(tmp_path, text, f"{n}.txt"))
    expected = through_mentions(store)
    assert len(expected) >= 3 and max(len(documents) for documents in expected.values()) == 2, expected
    assert listed(store, sorted(expected)) == expected and kept_as_mentioned(store)
    config = alembic_config()
    for step, revision in ((command.downgrade, "0021"), (command.upgrade, "head")):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)
    assert listed(store, sorted(expected)) == expected  # filled from the mentions by the migration
    assert kept_as_mentioned(store)


@contextmanager
def statements_run(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the store's engine runs meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def listing_plan(store: Store, f: query.DocumentFilter, offset: int, limit: int) -> tuple[list[str], str, str]:
    """A page's articles, the statement that listed them, and SQLite's plan for it."""
    with statements_run(store) as seen:
        ids = [d.id for d in query.documents(store, f, offset=offset, limit=limit).items]
    listing = [(s, p) for s, p in seen if "ORDER BY" in s and "attributions" in s]
    assert len(listing) == 1, seen
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {listing[0][0]}", tuple(listing[0][1])).all()
    return ids, listing[0][0], " | ".join(row[-1] for row in plan)


def test_a_much_quoted_speakers_articles_are_read_in_the_lists_order(
    desk_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite cannot tell how many articles one speaker has: for the most quoted (28,000 of
    100,000) it looked each up by id and sorted them all to show 50 (118-138 ms; 13 read newest
    first, each tested). The pages of a speaker quoted in many of the articles are read in the
    list's order; those of a speaker quoted in few are looked up; both ways give the same."""
    for name, offset, in_order in (
        ("Yuri Ushakov", 0, True),
        ("Yuri Ushakov", 12, True),
        ("Oleksandr Syrskyi", 1, False),
    ):
        f = query.DocumentFilter(speaker=name)
        with monkeypatch.context() as looked_up:  # the whole list, each article looked up
            looked_up.setattr(newest, "ENTRIES_A_ROW", 0)
            every = [d.id for d in query.documents(desk_store, f, limit=200).items]
        ids, statement, plan = listing_plan(desk_store, f, offset, 2)
        assert ids == every[offset : offset + 2] and ids, (name, every)
        assert ("+documents.id IN" in statement) is in_order, statement
        # the entity looked up first: PostgreSQL plans knowing how often it is quoted (not by its name)
        assert "entities" not in statement, statement
        assert re.search(r"speaker_entity_id IN \(\d", statement), statement  # written in (not bound): planned for it
        if in_order:  # (on so small a store SQLite may scan either way)
            assert "ix_documents_newest" in plan and "TEMP B-TREE" not in plan, plan
    monkeypatch.setattr(newest, "ENTRIES_A_ROW", 0)  # never read in order: the same page
    ushakov = query.DocumentFilter(speaker="Yuri Ushakov")
    ids, statement, _ = listing_plan(desk_store, ushakov, 0, 2)
    assert ids == [d.id for d in query.documents(desk_store, ushakov, limit=200).items][:2]
    assert "+documents.id" not in statement


def statement_order(store: Store, name: str) -> list[int]:
    """What ``name`` said, as the speaker's page lists it: newest article first (undated last),
    then by article, then in storing order; found through the speaker's mentions."""
    with store.sessions() as session:
        rows = session.execute(
            select(AttributionRow.id, DocumentRow.id, DocumentRow.published)
            .join(MentionRow, AttributionRow.speaker_mention_id == MentionRow.id)
            .join(EntityRow, MentionRow.entity_id == EntityRow.id)
            .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
            .where(EntityRow.name == name)
        ).all()
    dated = sorted((r for r in rows if r[2] is not None), key=lambda r: (-r[2].toordinal(), r[1], r[0]))
    return [r[0] for r in dated + sorted((r for r in rows if r[2] is None), key=lambda r: (r[1], r[0]))]


@pytest.mark.parametrize("entries_a_row", [0, 10**6])  # always looked up; always read in order
def test_a_speakers_statements_are_paged_newest_first_either_way(
    desk_store: Store, monkeypatch: pytest.MonkeyPatch, entries_a_row: int
) -> None:
    """The speaker's page lists what they said from the entity each attribution keeps: the most
    quoted's 108,000 statements at 100,000 articles were looked up and sorted (229 ms a page);
    read in the articles' order, under 1. Both ways walk the same statements in the same order."""
    monkeypatch.setattr(newest, "ENTRIES_A_ROW", entries_a_row)
    expected = statement_order(desk_store, "Yuri Ushakov")
    assert len(expected) > 10, expected
    walked: list[int] = []
    while len(walked) < len(expected) + 3:
        with statements_run(desk_store) as seen:
            found = query.speaker(desk_store, "Yuri Ushakov", offset=len(walked), limit=4)
        assert found is not None and found.statements.total == len(expected)
        paging = [(s, p) for s, p in seen if "ORDER BY" in s and "attributions" in s]
        assert len(paging) == 1 and ("+documents.id" in paging[0][0]) is (entries_a_row > 0), paging
        if entries_a_row:  # the articles read newest first, only a day's statements sorted
            with desk_store.engine.connect() as connection:
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {paging[0][0]}", tuple(paging[0][1])).all()
            lines = [row[-1] for row in plan]
            assert "SCAN documents USING COVERING INDEX ix_documents_newest" in lines, lines
            assert "USE TEMP B-TREE FOR ORDER BY" not in lines, lines
        if not found.statements.items:
            break
        walked += [s.attribution for s in found.statements.items]
    assert walked == expected
