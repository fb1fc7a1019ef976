"""The flagged articles, found from the flag count each article keeps (migration 0023): the
articles with flags in the flags table, after incremental and full refreshes, a replaced article,
and on a store upgraded from before the count was kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from alembic import command
from sqlalchemy import func, select, update

from claimscope import query
from claimscope.query import materialise
from claimscope.store import Store
from claimscope.store.db import alembic_config
from claimscope.store.models import DocumentRow, FlagRow
from tests.conftest import analyse_text, kept_counts

WRONG = "Jared Kushner, gendre de Vladimir Poutine, a rencontré des responsables ukrainiens à Kyiv."
PLAIN = (
    "« Nous ne céderons pas », a déclaré Volodymyr Zelensky à Kyiv.",
    "« Les discussions continuent », a dit Dmitri Peskov aux journalistes.",
)


def with_flags(store: Store) -> set[str]:
    with store.sessions() as session:
        return set(session.scalars(select(FlagRow.document_id)))


def listed(store: Store, flagged: bool, q: str | None = None) -> set[str]:
    page = query.documents(store, query.DocumentFilter(q=q, flagged=flagged), limit=200)
    assert page.total == len(page.items)
    return {d.id for d in page.items}


def every(store: Store) -> set[str]:
    return {d.id for d in query.documents(store, limit=200).items}


def test_the_flagged_articles_are_those_with_flags_as_the_refreshes_leave_them(tmp_path: Path, db_url: str) -> None:
    store = Store(db_url)
    for n, text in enumerate(PLAIN):
        assert store.save(analyse_text(tmp_path, text, f"plain{n}.txt"))
    wrong = analyse_text(tmp_path, WRONG, "wrong.txt")
    assert store.save(wrong)
    materialise.refresh(store, full=True)
    assert with_flags(store) == {wrong.document.id}
    assert listed(store, True) == {wrong.document.id} == listed(store, True, q="Kushner")
    assert listed(store, False) == every(store) - {wrong.document.id}

    again = analyse_text(tmp_path, WRONG.replace("Kyiv", "Odessa"), "again.txt")
    assert store.save(again)
    assert not materialise.refresh(store, full=False).whole  # the new article's flags counted alone
    assert listed(store, True) == with_flags(store) == {wrong.document.id, again.document.id}

    fixed = analyse_text(tmp_path, WRONG.replace("Poutine", "Trump").replace("Vladimir", "Donald"), "fixed.txt")
    fixed = replace(fixed, document=replace(fixed.document, id=wrong.document.id))  # the page corrected
    assert store.save(fixed, replace=True)
    # until the refresh takes it in, its flags stay and so does its count (the flags page shows them)
    assert listed(store, True, q="Kushner") == with_flags(store) == {wrong.document.id, again.document.id}
    with store.sessions() as session:
        old = session.scalar(select(func.count()).where(FlagRow.document_id == wrong.document.id))
        kept = session.scalar(select(DocumentRow.flag_count).where(DocumentRow.id == wrong.document.id))
    assert kept == old > 0
    materialise.refresh(store, full=False)
    kept_counts(store)
    assert listed(store, True) == with_flags(store) == {again.document.id}  # the corrected one left them
    with store.session() as session:  # a count gone wrong (a store written by an older process)
        session.execute(update(DocumentRow).where(DocumentRow.id == again.document.id).values(flag_count=7))
        session.execute(update(DocumentRow).where(DocumentRow.id != again.document.id).values(flag_count=1))
    materialise.refresh(store, full=True)  # every count made the flags' again
    kept_counts(store)
    assert listed(store, True) == with_flags(store) == {again.document.id}
    assert listed(store, False) == every(store) - {again.document.id}


def test_an_upgraded_store_counts_the_flags_it_had(tmp_path: Path, db_url: str) -> None:
    store = Store(db_url)
    for n, text in enumerate((WRONG, *PLAIN)):
        assert store.save(analyse_text(tmp_path, text, f"{n}.txt"))
    materialise.refresh(store, full=True)
    flagged = with_flags(store)
    assert flagged and listed(store, True) == flagged
    config = alembic_config()
    for step, revision in ((command.downgrade, "0022"), (command.upgrade, "head")):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)
    assert listed(store, True) == flagged and listed(store, False) == every(store) - flagged
    kept_counts(store)  # each article's count, not only whether it has one
