"""The desk's test data: the real sample (seed + French news corpus) analysed once per run and
stored in SQLite, and the desk app over it. conftest.py registers this module as a plugin, so
every test module can ask for ``desk_store`` and ``desk_app``; the store is built once per run."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest
from fastapi import FastAPI

from claimscope import batch
from claimscope.store import Store
from tests.conftest import SEED, SHARED

TOKEN = "test-token-0123456789abcdef"


@functools.cache
def _sample_url() -> str:
    folder = Path(tempfile.mkdtemp(prefix="claimscope-desk-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder / 'sample.db'}"
    summary = batch.ingest([SHARED / "seed", SHARED / "corpus" / "news-fr"], Store(url))
    assert summary.stored == 50, summary
    return url


@pytest.fixture(scope="session")
def desk_store() -> Store:
    """The analysed sample in a SQLite store (read-only for tests: copy it before writing)."""
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    return Store(_sample_url())


@pytest.fixture(scope="session")
def desk_app(desk_store: Store) -> FastAPI:
    from claimscope.web.app import create_app

    return create_app(desk_store, token=TOKEN)
