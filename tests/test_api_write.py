"""Uploads through the API: the token, per-input results as the CLI reports them, no duplicates,
size limits refused while streaming, and analysis that leaves the server answering reads."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from claimscope import batch
from claimscope.api import upload, writes
from claimscope.api.upload import MAX_FILES, Upload, UploadRefused, display_name, receive, safe_suffix
from claimscope.beside import ApartFailed
from claimscope.ingest import read_inputs
from claimscope.query import materialise
from claimscope.records import Problem
from claimscope.store import Store
from claimscope.store import db as store_db
from claimscope.web.app import create_app
from tests.browser import serve
from tests.desk import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT = 4000
KREMLIN = "Le Kremlin a affirmé mardi que Pokrovsk était tombée, selon le ministère russe de la Défense.\n"
KYIV = "Volodymyr Zelensky a déclaré mercredi que la ville de Pokrovsk tenait toujours.\n"
Files = list[tuple[str, tuple[str, bytes]]]


def files(*named: tuple[str, str | bytes]) -> Files:
    return [("files", (name, body.encode() if isinstance(body, str) else body)) for name, body in named]


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, token=TOKEN, max_upload_bytes=LIMIT)) as c:
        yield c


def stored(client: TestClient) -> int:
    return int(client.get("/api/documents").json()["total"])


@pytest.mark.parametrize("url", ["/api/documents", "/api/analyze"])
@pytest.mark.parametrize(
    ("token", "headers", "code"),
    [
        (TOKEN, {}, 401),
        (TOKEN, {"Authorization": "Bearer wrong"}, 401),
        (TOKEN, {"Authorization": TOKEN}, 401),  # no scheme
        (None, AUTH, 403),  # a server started without a token takes no writes
    ],
)
def test_writes_refused_without_the_right_token(
    store: Store, url: str, token: str | None, headers: dict[str, str], code: int
) -> None:
    with TestClient(create_app(store, token=token)) as client:
        response = client.post(url, files=files(("a.txt", KREMLIN)), headers=headers)
        assert response.status_code == code
        assert response.json()["detail"]
        if code == 401:
            assert response.headers["www-authenticate"] == "Bearer"
        assert stored(client) == 0


def test_upload_stores_then_recognises_what_is_stored(client: TestClient) -> None:
    first = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN), ("kyiv.txt", KYIV)), headers=AUTH)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["stored"], body["already_stored"], body["skipped"]) == (2, 0, 0)
    assert [r["input"] for r in body["results"]] == ["kremlin.txt", "kyiv.txt"]
    assert all(r["status"] == "stored" and r["analysed"] for r in body["results"])
    doc = client.get(f"/api/documents/{body['results'][0]['document']}").json()
    assert doc["text"] == KREMLIN.strip() and doc["attributions"]
    assert any(p["key"] == "control|Pokrovsk|Russia" for p in client.get("/api/claims").json()["items"])

    again = client.post("/api/documents", files=files(("copy.txt", KREMLIN)), headers=AUTH).json()
    assert (again["stored"], again["already_stored"]) == (0, 1)
    assert again["results"] == [
        {
            "input": "copy.txt",
            "status": "already stored",
            "reason": None,
            "document": body["results"][0]["document"],
            "analysed": None,
            "note": None,
        }
    ]
    assert stored(client) == 2


def test_an_upload_is_stored_under_the_clients_name(client: TestClient) -> None:
    first = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN)), headers=AUTH).json()
    (result,) = first["results"]
    assert client.get(f"/api/documents/{result['document']}").json()["source"] == "kremlin.txt"
    again = client.post("/api/documents", files=files(("copy.txt", KREMLIN)), headers=AUTH).json()
    assert again["results"][0]["document"] == result["document"]


def test_bad_inputs_are_skipped_with_the_cli_reasons(client: TestClient, tmp_path: Path) -> None:
    bad = {
        "empty.txt": b"",
        "scan.pdf": b"%PDF-1.4",
        "page.html": b"<html><body><nav>menu</nav></body></html>",
    }
    response = client.post("/api/documents", files=files(*bad.items(), ("kyiv.txt", KYIV)), headers=AUTH)
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["skipped"]) == (1, 3)
    for name, content in bad.items():  # what `claimscope ingest` prints for the same file
        (tmp_path / name).write_bytes(content)
        (problem,) = read_inputs([tmp_path / name])
        assert isinstance(problem, Problem)
        result = next(r for r in body["results"] if r["input"] == name)
        assert result == {**result, "status": "skipped", "reason": problem.reason}
    assert stored(client) == 1


def test_jsonl_with_a_broken_line(client: TestClient) -> None:
    feed = "\n".join(
        [
            json.dumps({"id": "k", "title": "Kremlin", "text": KREMLIN}),
            '{"id": "broken", "text": ',
            json.dumps({"text": KYIV, "published": "2025-12-03"}),
        ]
    )
    body = client.post("/api/documents", files=files(("feed.jsonl", feed)), headers=AUTH).json()
    assert [(r["input"], r["status"]) for r in body["results"]] == [
        ("feed.jsonl#k", "stored"),
        ("feed.jsonl#line2", "skipped"),
        ("feed.jsonl#line3", "stored"),
    ]
    assert "invalid JSON" in body["results"][1]["reason"] and "line skipped" in body["results"][1]["reason"]
    assert stored(client) == 2


def test_file_over_the_limit_refuses_the_request(client: TestClient) -> None:
    response = client.post(
        "/api/documents", files=files(("kyiv.txt", KYIV), ("huge.txt", "x" * (LIMIT + 1))), headers=AUTH
    )
    assert response.status_code == 413
    assert response.json()["detail"] == f"'huge.txt' is over the limit of {LIMIT:,} bytes per file; nothing was read"
    assert stored(client) == 0
    assert client.post("/api/documents", files=files(("fits.txt", "x" * LIMIT)), headers=AUTH).status_code == 200


def test_too_many_files(client: TestClient) -> None:
    many = files(*((f"{i}.txt", "") for i in range(MAX_FILES + 1)))
    response = client.post("/api/documents", files=many, headers=AUTH)
    assert response.status_code == 413 and "too many files" in response.json()["detail"]


@pytest.mark.parametrize(
    ("kwargs", "code", "says"),
    [
        ({"content": b"just text", "headers": {"Content-Type": "text/plain"}}, 415, "multipart"),
        ({"data": {"files": "not a file"}}, 415, "multipart"),
        ({"content": b"", "headers": {"Content-Type": "multipart/form-data"}}, 422, "boundary"),
        (
            {"content": b"--b\r\nno end", "headers": {"Content-Type": "multipart/form-data; boundary=b"}},
            422,
            "multipart",
        ),
        ({"content": b"--b--\r\n", "headers": {"Content-Type": "multipart/form-data; boundary=b"}}, 422, "no files"),
        ({"files": {"note": (None, b"a field")}}, 422, "not a file"),
    ],
)
def test_malformed_uploads_are_client_errors(client: TestClient, kwargs: dict[str, Any], code: int, says: str) -> None:
    rest = dict(kwargs)  # the parameters are shared by both backends' runs: never changed
    headers = {**AUTH, **rest.pop("headers", {})}
    response = client.post("/api/documents", headers=headers, **rest)
    assert response.status_code == code, response.text
    assert says in response.json()["detail"]


def test_client_names_are_reported_never_used_as_paths(client: TestClient, tmp_path: Path) -> None:
    hostile = "../../" + "x" * 300 + "/<img src=x onerror=alert(1)>.TXT"
    body = client.post("/api/documents", files=files((hostile, KYIV)), headers=AUTH).json()
    (result,) = body["results"]
    assert result["status"] == "stored"
    assert result["input"] == "<img src=x onerror=alert(1)>.TXT"  # its last component, as data
    assert not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize(
    ("raw", "name", "suffix"),
    [
        (b"article.HTML", "article.HTML", ".html"),
        ("C:\\Users\\me\\dépêche.txt".encode(), "dépêche.txt", ".txt"),
        (b"../../etc/passwd", "passwd", ""),
        (b"feed.jsonl\x00.sh", "feed.jsonl.sh", ".sh"),
        (b"odd.t/x/t", "t", ""),
        (b"weird.$(rm -rf)", "weird.$(rm -rf)", ""),
        (b"", "upload-3", ""),
        (b"crawl.WARC.gz", "crawl.WARC.gz", ".warc.gz"),
        (b"old.arc.gz", "old.arc.gz", ".arc.gz"),
        (b"page.html.gz", "page.html.gz", ".gz"),
        (b".warc.gz", ".warc.gz", ".gz"),
    ],
)
def test_display_names_and_suffixes(raw: bytes, name: str, suffix: str) -> None:
    assert display_name(raw, 3) == name
    assert safe_suffix(name) == suffix


def test_analyze_returns_the_json_and_stores_nothing(client: TestClient) -> None:
    response = client.post("/api/analyze", files=files(("kremlin.txt", KREMLIN), ("scan.pdf", b"%PDF")), headers=AUTH)
    assert response.status_code == 200
    out = response.json()
    assert out["schema_version"] == 2
    (doc,) = out["documents"]
    assert doc["source"] == "kremlin.txt" and doc["attributions"] and doc["claims"]
    assert doc["attributions"][0]["cue"].keys() >= {"class", "lemma"}
    assert out["problems"] == [
        {
            "source": "scan.pdf",
            "reason": "unsupported file type '.pdf' "
            "(use .html, .htm, .txt, .jsonl, .xml, .rss, .atom, .opml, .warc, .arc, .warc.gz, .arc.gz)",
        }
    ]
    assert stored(client) == 0


def request_streaming(chunks: list[bytes], taken: list[int]) -> Request:
    """A request whose body arrives in ``chunks``, counting in ``taken`` how many were read."""
    queue = iter(chunks)

    async def receive_message() -> dict[str, Any]:
        chunk = next(queue, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        taken.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": True}

    headers = [(b"content-type", b"multipart/form-data; boundary=xyz")]
    return Request({"type": "http", "method": "POST", "headers": headers}, receive_message)


def received(request: Request, folder: Path, max_bytes: int) -> list[Upload]:
    """``receive`` run to completion on an event loop of its own thread (a browser test's
    Playwright may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, receive(request, folder, max_bytes)).result()


def test_an_oversized_file_is_refused_while_it_streams(tmp_path: Path) -> None:
    """The parser stops at the first chunk past the limit: the rest of the body is never read."""
    head = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    chunks = [head] + [b"x" * 1000] * 100
    taken: list[int] = []
    with pytest.raises(UploadRefused) as refused:
        received(request_streaming(chunks, taken), tmp_path, 5000)
    assert refused.value.status_code == 413
    assert len(taken) == 7  # the head, then five chunks within the limit and the one that passed it
    assert sum(f.stat().st_size for f in tmp_path.iterdir()) <= 5000


def test_a_request_is_refused_past_its_total_and_a_part_past_its_header_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload, "MAX_REQUEST_BYTES", 4000)

    def folder(name: str) -> Path:
        (tmp_path / name).mkdir()
        return tmp_path / name

    part = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="%d.txt"\r\n\r\n' + b"x" * 1500 + b"\r\n"
    with pytest.raises(UploadRefused) as total:
        received(request_streaming([part % n for n in range(4)] + [b"--xyz--\r\n"], []), folder("a"), 5000)
    assert total.value.status_code == 413 and "together" in total.value.message
    long_name = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="' + b"n" * 9000 + b'.txt"\r\n\r\n'
    with pytest.raises(UploadRefused) as header:
        received(request_streaming([long_name, b"x\r\n--xyz--\r\n"], []), folder("b"), 5000)
    assert header.value.status_code == 422  # python-multipart bounds a part's headers


def test_streamed_files_are_written_under_generated_names(tmp_path: Path) -> None:
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="../a.HTML"\r\n\r\n<p>1</p>\r\n'
        b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="b"\r\n\r\ntwo\r\n--xyz--\r\n'
    )
    uploads = received(request_streaming([body[:50], body[50:]], []), tmp_path, 100)
    assert [(u.name, u.path.name, u.path.read_bytes()) for u in uploads] == [
        ("a.HTML", "001.html", b"<p>1</p>"),
        ("b", "002", b"two"),
    ]


def test_reads_are_answered_while_an_upload_is_analysed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysis runs in the threadpool: the event loop keeps serving reads meanwhile."""
    started, release = threading.Event(), threading.Event()
    real = batch.ingest

    def slow_ingest(*args: Any, **kwargs: Any) -> batch.BatchSummary:
        started.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "ingest", slow_ingest)
    app: FastAPI = create_app(store, token=TOKEN)
    with serve(app) as base:
        results: list[httpx.Response] = []
        upload = threading.Thread(
            target=lambda: results.append(
                httpx.post(f"{base}/api/documents", files=files(("k.txt", KREMLIN)), headers=AUTH, timeout=60)
            )
        )
        upload.start()
        assert started.wait(30)
        with urllib.request.urlopen(f"{base}/api/speakers", timeout=10) as response:  # blocked: a timeout
            assert response.status == 200
        release.set()
        upload.join(60)
    assert results and results[0].status_code == 200 and results[0].json()["stored"] == 1


def test_an_upload_the_database_cannot_take_is_refused_in_words_and_nothing_stored_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A database locked by another writer for longer than an upload waits: 503 with what happened
    and what to do (the database's place and the driver's words in the server's log only), then
    the same files stored."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)  # before the store opens its connections
    monkeypatch.setattr(writes, "UPLOAD_WRITER_WAIT_S", 0.5)
    store = Store(f"sqlite:///{tmp_path / 'desk.db'}")
    with TestClient(create_app(store, token=TOKEN, max_upload_bytes=LIMIT)) as client:
        holder = sqlite3.connect(tmp_path / "desk.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            refused = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN)), headers=AUTH)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert refused.status_code == 503, refused.text
        detail = refused.json()["detail"]
        assert "locked by another process" in detail and "send the same files again" in detail, detail
        assert str(tmp_path) not in detail and "(database is locked)" not in detail  # the driver's words
        assert str(tmp_path) in caplog.text and "(database is locked)" in caplog.text
        again = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN)), headers=AUTH)
        assert again.status_code == 200 and again.json()["stored"] == 1, again.text


def test_an_upload_whose_refresh_fails_apart_keeps_what_it_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failed(*args: Any, **kwargs: Any) -> None:
        raise ApartFailed("the process of its own ended without an answer (killed by signal 9)")

    monkeypatch.setattr(materialise, "APART_DOCUMENTS", 1)  # a large store: refreshed in a process of its own
    with TestClient(create_app(store, token=TOKEN, max_upload_bytes=LIMIT)) as client:
        with monkeypatch.context() as killed:
            killed.setattr(materialise, "apart", failed)
            refused = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN)), headers=AUTH)
        assert refused.status_code == 503, refused.text
        detail = refused.json()["detail"]
        assert "the refresh of verdicts and flags failed" in detail and "signal" not in detail, detail
        again = client.post("/api/documents", files=files(("kremlin.txt", KREMLIN)), headers=AUTH)
        assert again.status_code == 200, again.text
        assert again.json()["results"][0]["status"] == "already stored"
        assert client.get("/api/claims").json()["total"] >= 1  # refreshed this time
