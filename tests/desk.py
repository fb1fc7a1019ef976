"""The desk's test data: the real sample (seed + French news corpus) analysed once per run and
stored in SQLite, and the desk app over it. conftest.py registers this module as a plugin, so
every test module can ask for ``desk_store`` and ``desk_app``; the store is built once per run.
``sample_store`` and ``sample_app`` are the same sample on each backend in turn (SQLite, then
PostgreSQL, stored from the same analyses rather than analysed twice)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi import FastAPI

from claimscope import batch
from claimscope.query.materialise import refresh
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from tests.conftest import SEED, SHARED
from tests.pg import create_database

TOKEN = "test-token-0123456789abcdef"


class Recording(Store):
    """A store that keeps what it saved, to save the same analyses into another backend."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.saved: list[AnalysedDocument] = []

    def save(self, analysed: AnalysedDocument, replace: bool = False) -> bool:
        self.saved.append(analysed)
        return super().save(analysed, replace)

    def save_many(self, batch: Sequence[tuple[AnalysedDocument, bool]]) -> list[bool]:
        saved = super().save_many(batch)  # all or nothing: a failed batch is saved again one by one
        self.saved.extend(analysed for analysed, _ in batch)
        return saved


@functools.cache
def _sample() -> tuple[str, tuple[AnalysedDocument, ...]]:
    folder = Path(tempfile.mkdtemp(prefix="claimscope-desk-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder / 'sample.db'}"
    store = Recording(url)
    summary = batch.ingest([SHARED / "seed", SHARED / "corpus" / "news-fr"], store)
    assert summary.stored == 50, summary
    return url, tuple(store.saved)


@pytest.fixture(scope="session")
def desk_store() -> Store:
    """The analysed sample in a SQLite store (read-only for tests: copy it before writing)."""
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    return Store(_sample()[0])


@pytest.fixture(scope="session")
def pg_sample(pg_server: str) -> Iterator[Store]:
    """The analysed sample in a PostgreSQL store, saved from the SQLite run's analyses."""
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    url, drop = create_database(pg_server)
    store = Store(url)
    analyses = _sample()[1]
    assert len(analyses) == 50  # every analysis the SQLite run saved, whichever way it saved them
    for document in analyses:
        assert store.save(document)
    refresh(store)  # as an ingest does at its end
    yield store
    store.engine.dispose()
    drop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def sample_store(request: pytest.FixtureRequest) -> Store:
    """The analysed sample on each backend in turn (read-only for tests)."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_sample")
    return request.getfixturevalue("desk_store")


@pytest.fixture(scope="session")
def sample_app(sample_store: Store) -> FastAPI:
    from claimscope.web.app import create_app

    return create_app(sample_store, token=TOKEN)


@pytest.fixture(scope="session")
def desk_app(desk_store: Store) -> FastAPI:
    from claimscope.web.app import create_app

    return create_app(desk_store, token=TOKEN)
