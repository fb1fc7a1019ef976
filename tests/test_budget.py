"""The per-document budget: a document over its time or memory is stopped in the analysing worker,
reported as a problem with its reason, and the batch goes on; a re-run resumes without duplicates.

Each stop kills the worker (the next document starts a fresh one, seconds of model loading), so
these tests stop as few documents as they can.
"""

from __future__ import annotations

import _thread
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimscope import batch, budget, pipeline, query
from claimscope.api.upload import Upload
from claimscope.api.writes import analyse_uploads
from claimscope.budget import Budget, analyse_group, analyse_within, shared_worker
from claimscope.cli.app import app
from claimscope.nlp.parsing import ParsedDocument
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from claimscope.store.models import ProblemRow
from claimscope.worker import ENDED
from tests.conftest import FIXTURES, ROOT
from tests.test_cluster import alive, descendants

runner = CliRunner()
CLAUSE = "« le porte-parole a déclaré que les forces tenaient la ville et que les combats continuaient selon Kiev "
QUOTE = "Le porte-parole a déclaré que les forces tenaient la ville. Les combats continuaient selon Kiev, a-t-il dit. "


def no_full_stop(chars: int) -> str:
    """A run-on block with no full stop (some 3.6 s and 790 MiB at 200,000 characters, unbudgeted,
    on the 2-core dev machine: the 1 s budgets below leave it a margin of over 3×)."""
    return (CLAUSE * (chars // len(CLAUSE) + 1))[:chars]


def unclosed_quote(chars: int) -> str:
    return "Il a dit : « " + QUOTE * (chars // len(QUOTE))


def document(text: str, source: str = "hostile") -> Document:
    return Document(source, source, text, site="bench.example", published=date(2025, 12, 3), language="fr")


def small(n: int) -> str:
    return f"« Nous tenons le quartier {n} », a déclaré lundi le porte-parole de l'armée ukrainienne à Kyiv."


def test_over_the_time_budget_the_document_is_skipped_the_rest_stored_and_a_rerun_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(small(1), encoding="utf-8")
    (folder / "b-hostile.txt").write_text(no_full_stop(200_000), encoding="utf-8")
    (folder / "c.txt").write_text(small(2), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    started = time.monotonic()
    first = runner.invoke(app, ["ingest", str(folder), "--db", url, "--time-budget", "1"])
    assert first.exit_code == 1, first.output
    reason = "analysis stopped: over the time budget (1 s a document; raise --time-budget)"
    assert f"skipped {folder / 'b-hostile.txt'}: {reason}" in first.output
    assert "stored 2 new documents" in first.output and "1 skipped" in first.output
    assert time.monotonic() - started < 60
    again = runner.invoke(app, ["ingest", str(folder), "--db", url, "--time-budget", "1"])
    assert again.exit_code == 1 and "stored 0 new documents" in again.output and "2 already stored" in again.output
    store = Store(url)
    assert query.documents(store).total == 2
    with store.sessions() as session:
        assert [row.reason for row in session.query(ProblemRow)] == [reason]  # recorded once


def test_over_the_memory_budget_the_document_is_stopped_and_the_next_one_analysed(tmp_path: Path) -> None:
    """An unclosed « over 160,000 characters grows the worker by some 75 MiB (it is parsed in
    batches of bounded length): a budget 40 MiB above what the worker holds once loaded stops it;
    a normal article under the same budget passes."""
    warm = analyse_within(document(small(0), "warm"), Budget())
    assert isinstance(warm, AnalysedDocument)
    tight = Budget(seconds=0, memory_mib=int(shared_worker().started_mib) + 40)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    (tmp_path / "big.txt").write_text(unclosed_quote(160_000), encoding="utf-8")
    (tmp_path / "small.txt").write_text(small(3), encoding="utf-8")
    summary = batch.ingest([tmp_path / "big.txt", tmp_path / "small.txt"], store, budget=tight)
    assert [p.reason for p in summary.problems] == [
        f"analysis stopped: over the memory budget ({tight.memory_mib:,} MiB a document; raise --memory-budget)"
    ]
    assert summary.stored == 1 and summary.attributions == 1


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    assert isinstance(analyse_within(document(small(4)), Budget()), AnalysedDocument)
    pid = shared_worker().pid
    assert pid is not None
    threading.Timer(1.0, os.kill, (pid, 9)).start()  # as the kernel's out-of-memory killer would
    found = analyse_within(document(no_full_stop(200_000)), Budget())
    assert found == Problem("hostile", f"analysis failed: {ENDED}") and gone(pid)
    after = analyse_within(document(small(5)), Budget())
    assert isinstance(after, AnalysedDocument) and len(after.attributions) == 1


def test_ctrl_c_while_the_worker_works_stops_it_too() -> None:
    assert isinstance(analyse_within(document(small(6)), Budget()), AnalysedDocument)
    pid = shared_worker().pid
    assert pid is not None
    # a run started in the background (nohup … &) inherits SIGINT ignored, and then interrupt_main
    # does nothing: Python's own handler for the test's length
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Timer(1.0, _thread.interrupt_main).start()
        with pytest.raises(KeyboardInterrupt):
            analyse_within(document(no_full_stop(200_000)), Budget())
    finally:
        signal.signal(signal.SIGINT, previous)
    assert shared_worker().pid is None
    assert gone(pid)  # not left to run on


def gone(pid: int) -> bool:
    for _ in range(100):  # SIGKILL is delivered, and the process reaped, in a moment
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def test_without_a_budget_documents_are_analysed_here_and_failures_are_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(document: Document) -> AnalysedDocument:
        raise IndexError("simulated")

    monkeypatch.setattr(budget, "analyse", broken)  # in this process: the worker would not see it
    failed = analyse_within(document(small(7), "x"), Budget(0, 0))
    assert failed == Problem("x", "analysis failed (IndexError: simulated)")
    monkeypatch.undo()
    german = Document("de", "de", "Der Minister sagte, die Stadt halte stand.", language="de")
    kept = analyse_within(german, Budget())  # nothing to parse: kept with a note, no worker needed
    assert isinstance(kept, AnalysedDocument) and not kept.analysed


def test_the_budget_comes_from_options_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Budget.from_env() == Budget(60.0, 2048)
    monkeypatch.setenv("CLAIMSCOPE_TIME_BUDGET", "12.5")
    monkeypatch.setenv("CLAIMSCOPE_MEMORY_BUDGET", "0")
    assert Budget.from_env() == Budget(12.5, 0)
    monkeypatch.setenv("CLAIMSCOPE_MEMORY_BUDGET", "lots")
    with pytest.raises(ValueError, match="CLAIMSCOPE_MEMORY_BUDGET must be a number"):
        Budget.from_env()
    for command in ("ingest", "analyze"):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "--time-budget" in shown.output and "CLAIMSCOPE_TIME_BUDGET" in shown.output, command
        assert "--memory-budget" in shown.output and "CLAIMSCOPE_MEMORY_BUDGET" in shown.output, command
    refused = runner.invoke(app, ["analyze", str(FIXTURES / "excerpt-fr.txt"), "--time-budget", "-1"])
    assert refused.exit_code == 2


def test_uploads_to_the_api_are_analysed_under_the_budget_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSCOPE_TIME_BUDGET", "1")
    (tmp_path / "1.txt").write_text(no_full_stop(200_000), encoding="utf-8")
    (tmp_path / "2.txt").write_text(small(8), encoding="utf-8")
    out = analyse_uploads([Upload("hostile.txt", tmp_path / "1.txt"), Upload("ok.txt", tmp_path / "2.txt")], 10**7)
    reason = "analysis stopped: over the time budget (1 s a document; raise --time-budget)"
    assert out.problems == [{"source": "hostile.txt", "reason": reason}]
    assert len(out.documents) == 1


def test_a_group_gives_each_document_what_it_gets_alone() -> None:
    """Parsed in one stream, a hostile document still overruns on its own clock, and its
    neighbours are analysed as they are alone."""
    group = [document(small(10), "a"), document(no_full_stop(200_000)), document(small(11), "c")]
    found = list(analyse_group(group, Budget(seconds=1)))
    assert found[1] == Problem("hostile", Budget(seconds=1).over_time())
    assert [found[0], found[2]] == [analyse_within(group[0], Budget()), analyse_within(group[2], Budget())]


def test_a_failure_in_a_group_analysed_here_is_that_document_s_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_claims

    def failing(parsed: ParsedDocument, *args: Any) -> Any:
        if "quartier 13" in parsed.document.text:
            raise IndexError("simulated")
        return real(parsed, *args)

    monkeypatch.setattr(pipeline, "extract_claims", failing)
    group = [document(small(n), str(n)) for n in (12, 13, 14)]
    found = list(analyse_group(group, Budget(0, 0)))
    assert found[1] == Problem("13", "analysis failed (IndexError: simulated)")
    assert [found[0], found[2]] == [pipeline.analyse(group[0]), pipeline.analyse(group[2])]


CALLER = """
import sys
from claimscope.budget import Budget, analyse_within
from tests.test_budget import document, no_full_stop
print("analysing", flush=True)
analyse_within(document(no_full_stop(int(sys.argv[1]))), Budget(600, 0))
"""


def test_an_analysing_process_whose_caller_is_killed_mid_document_ends_at_once() -> None:
    """Killed (by the out-of-memory killer, or its Dask worker by SIGTERM), a caller can no longer
    watch the budget of the document its analysing child works on: the child must not go on alone."""
    caller = subprocess.Popen(
        [sys.executable, "-c", CALLER, "290000"],  # some 5 s of work, under the length analysed at all
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert caller.stdout is not None and caller.stdout.readline() == "analysing\n"
        deadline = time.monotonic() + 120  # the warm process loads the pipeline, then forks a child
        while time.monotonic() < deadline and len(below := descendants(caller.pid)) < 2:
            time.sleep(0.1)
        assert len(below) == 2, below  # the warm process and its child, at work on the document
        time.sleep(0.5)  # the document sent (a child waiting for one ends when its caller goes)
        caller.kill()
        caller.wait()
        started = time.monotonic()
        while any(alive(pid) for pid in below) and time.monotonic() - started < 1.5:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in below), "left running after their caller was killed"
    finally:
        if caller.poll() is None:
            caller.kill()


@pytest.mark.parametrize("when", ["the command's imports", "the analysing process's start"])
def test_ctrl_c_while_the_command_or_its_analysing_process_starts_prints_no_traceback(
    tmp_path: Path, when: str
) -> None:
    """A terminal's Ctrl-C goes to its whole process group: the analysing process starting up
    printed the KeyboardInterrupt of its imports, and the command its own before it began."""
    # Ctrl-C raises as in a terminal's command, even when the suite runs as a background job (its
    # children start with SIGINT ignored: Python then installs no handler, and the command none)
    terminal = "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    terminal += "runpy.run_module('claimscope', run_name='__main__')"
    command = [sys.executable, "-c", terminal, "ingest", str(FIXTURES), "--db", f"sqlite:///{tmp_path}/s.db"]
    ingest = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground command
    )
    try:
        deadline = time.monotonic() + 60
        if when == "the command's imports":
            time.sleep(0.3)  # past the interpreter's own start (later, the command's Ctrl-C is said alike)
        else:  # as soon as the analysing process is there, before it has imported anything much
            while not descendants(ingest.pid) and time.monotonic() < deadline:
                time.sleep(0.005)
            assert descendants(ingest.pid), "no analysing process was started"
        os.killpg(ingest.pid, signal.SIGINT)
        output, _ = ingest.communicate(timeout=60)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 130 and "Traceback" not in output and "KeyboardInterrupt" not in output, output
