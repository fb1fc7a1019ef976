"""`claimscope serve`: a real server process on loopback, its defaults and its refusals."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli.app import app
from claimscope.store import Store

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_binds_to_loopback_by_default() -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--token-file" in result.output


def test_serve_refuses_a_missing_database_and_a_weak_token(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and "ingest articles first" in missing.output
    Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    short = tmp_path / "token"
    short.write_text("abc\n")
    weak = runner.invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "--token-file", str(short)])
    assert weak.exit_code == 2 and "at least 16 characters" in weak.output
    absent = runner.invoke(
        app, ["serve", "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "--token-file", str(tmp_path / "nope")]
    )
    assert absent.exit_code == 2 and "cannot read the token file" in absent.output


def test_serve_on_a_port_taken_says_so_and_never_that_it_serves(tmp_path: Path) -> None:
    Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert "serving" not in result.output and f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "in use" in result.output


def test_serve_answers_refuses_other_hosts_then_stops_on_ctrl_c(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Store(url)
    port = _free_port()
    command = [sys.executable, "-m", "claimscope.cli", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=2) as response:
                    assert response.status == 200
                    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
        rebound = urllib.request.Request(f"http://127.0.0.1:{port}/api/documents", headers={"Host": "evil.example"})
        try:
            urllib.request.urlopen(rebound, timeout=5)
            raise AssertionError("a request naming another host was answered")
        except urllib.error.HTTPError as refused:
            assert refused.code == 400
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0
    assert f"http://127.0.0.1:{port}/" in output.replace("\n", "") and "stopped" in output


def test_the_uvicorn_factory_keeps_the_same_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from claimscope.web.app import app_from_env

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Store(url)
    monkeypatch.setenv("CLAIMSCOPE_DB", url)
    monkeypatch.setenv("CLAIMSCOPE_TOKEN", "short")
    with pytest.raises(ValueError, match="16 characters"):
        app_from_env()
    monkeypatch.delenv("CLAIMSCOPE_TOKEN")
    refused = TestClient(app_from_env(), base_url="http://evil.example").get("/api/documents")
    assert refused.status_code == 400 and "script-src 'self'" in refused.headers["Content-Security-Policy"]
    answered = TestClient(app_from_env(), base_url="http://127.0.0.1:8000").get("/api/documents")
    assert answered.status_code == 200
