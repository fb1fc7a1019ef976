"""A speaker's articles, found from the entity each attribution keeps beside its speaker's mention
(migration 0022): the same articles as through the mentions, on a new store and on one upgraded."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from claimscope import query
from claimscope.store import Store
from claimscope.store.db import alembic_config
from claimscope.store.models import AttributionRow, EntityRow, MentionRow
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
