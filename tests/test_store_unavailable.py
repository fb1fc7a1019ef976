"""The desk while its database cannot answer: a PostgreSQL server stopped under it, every pooled
connection in use. Each request gets a 503 saying what happened, with Retry-After (JSON for the
API, a page for a browser), never a traceback or the server's address; it answers again after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.pool import QueuePool

from claimscope.query.materialise import refresh
from claimscope.store import Store
from claimscope.web.app import create_app
from tests.conftest import analyse_text
from tests.pg import create_database, own_cluster

SAID = "« Nous tenons la ville », a déclaré le porte-parole de l'armée à Pokrovsk."


def stored(tmp_path: Path, url: str) -> Store:
    store = Store(url)
    assert store.save(analyse_text(tmp_path, SAID))
    refresh(store)
    return store


def test_a_stopped_server_is_a_503_until_it_is_back(tmp_path: Path) -> None:
    cluster = own_cluster()
    try:
        url, _ = create_database(cluster.url)
        store = stored(tmp_path, url)
        client = TestClient(create_app(store), raise_server_exceptions=False)
        assert client.get("/api/documents").status_code == 200
        cluster.stop()
        api, page = client.get("/api/documents"), client.get("/articles?q=Pokrovsk")
        assert api.status_code == page.status_code == 503
        assert api.json() == {"detail": "the store's database cannot be reached; try again in a moment"}
        assert "cannot be reached" in page.text and "<h1>The store cannot answer" in page.text
        for answer in (api, page):
            assert answer.headers["retry-after"] == "30"
            assert "127.0.0.1" not in answer.text and "Traceback" not in answer.text
        cluster.restart()
        assert client.get("/api/documents").json()["total"] == 1
        store.engine.dispose()
    finally:
        cluster.remove()


def test_every_connection_in_use_is_a_503(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = stored(tmp_path, f"sqlite:///{path}")
    store.engine.dispose()
    store.engine.pool = QueuePool(
        lambda: sqlite3.connect(path, check_same_thread=False), pool_size=1, max_overflow=0, timeout=0.2
    )
    client = TestClient(create_app(store), raise_server_exceptions=False)
    with store.engine.connect():  # the pool's one connection, held
        busy = client.get("/api/claims")
    assert busy.status_code == 503 and busy.headers["retry-after"] == "30"
    assert busy.json() == {"detail": "the store's database has every connection in use; try again in a moment"}
    assert client.get("/api/claims").status_code == 200


def test_a_fault_in_the_store_stays_a_500(tmp_path: Path) -> None:
    """Not the database's state but a fault (here its text index gone): a 500, its traceback logged."""
    path = tmp_path / "store.db"
    store = stored(tmp_path, f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE documents_fts")
    client = TestClient(create_app(store), raise_server_exceptions=False)
    assert client.get("/api/documents?q=Pokrovsk").status_code == 500
