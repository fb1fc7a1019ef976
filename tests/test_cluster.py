"""Ingest killed at any point and resumed ends with the store an uninterrupted run makes: the same
documents, attributions, claims and entities, none twice. In one process and on a Dask cluster of
two workers; a Dask worker killed mid-batch has its documents analysed again on the other; a
document over its time budget on a worker is reported and the batch goes on; documents are saved
a batch at a time. A cluster's task is a group of documents, as one process analyses them: a
document that fails in a group, or that kills the worker analysing its group, is reported alone.

The runs are real child processes (tests/ingest_child.py, the path `claimscope ingest` takes),
killed with SIGKILL (or stopped with Ctrl-C) at points drawn with a seeded random generator: once
at least one more batch has been saved, after a random delay. A Dask run starts its workers, and
each loads the pipeline first: some 30 s on two shared cores; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

import dask
import pytest
import typer
from distributed import Client, WorkerPlugin
from distributed.worker import Worker
from typer.testing import CliRunner

from claimscope import batch, cluster, pipeline
from claimscope.budget import Budget
from claimscope.cli.app import app
from claimscope.cli.options import cluster_client
from claimscope.query import materialise
from claimscope.records import Document
from claimscope.store import Store
from tests.apart_calls import counted_refresh, counted_refresh_at

ROOT = Path(__file__).resolve().parent.parent
# six batches of 20: the rest of the batch, once the first is saved, outlasts the random delay
# before a kill or Ctrl-C (on two workers, 40 documents took 1.1 s here; 100 take about 3 s)
ARTICLES = 120
RUN_S = 240  # the longest a run may take here (a cluster's start included)
GONE_S = 30  # how long a killed run's processes may take to end by themselves
PLACES = ["Pokrovsk", "Koupiansk", "Lyman", "Siversk", "Orikhiv", "Kostiantynivka", "Vovtchansk", "Huliaipole"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
SPEAKERS = ["le porte-parole de l'armée ukrainienne", "Volodymyr Zelensky", "le gouverneur régional"]


def write_articles(folder: Path, count: int = ARTICLES) -> Path:
    """Short French articles, each its own text: a control claim, a quote, a casualty figure."""
    folder.mkdir(parents=True)
    for n in range(count):
        place, day, speaker = PLACES[n % len(PLACES)], DAYS[n % len(DAYS)], SPEAKERS[n % len(SPEAKERS)]
        (folder / f"{n:02}.txt").write_text(
            f"Le ministère russe de la Défense a annoncé {day} la prise de {place}. "
            f"« Nos forces tiennent toujours {place} », a déclaré {speaker}. "
            f"Selon les autorités locales, {n + 3} civils ont été blessés {day} dans les bombardements.\n\n"
            + NARRATION,
            encoding="utf-8",
        )
    return folder


# narration that gives each article some seconds of parsing on a cluster (a run must still be going
# when a test interrupts it after its first saved batch)
NARRATION = (
    "Les habitants ont passé la nuit dans les abris, puis ils sont remontés chercher de l'eau et du pain. "
    "Les écoles sont restées fermées toute la semaine et les commerces n'ouvraient que le matin. "
) * 12


def counts(url: str) -> dict[str, int]:
    """What the store holds, and how many entities it holds twice (none, ever)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        found = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
        found["entities twice"] = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM entities GROUP BY name, type HAVING count(*) > 1)"
        ).fetchone()[0]
    return found


TABLES = ("documents", "attributions", "claims", "mentions", "entities")


def stored(url: str) -> int:
    try:
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def start(folder: Path, url: str, *options: str) -> subprocess.Popen[str]:
    """An ingest run; its output goes to a file (a pipe would be held open by any process it left)."""
    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    log = Path(url.removeprefix("sqlite:///")).with_suffix(f".{time.monotonic_ns()}.log")
    with log.open("w") as output:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.ingest_child", str(folder), url, *options],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)},
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # a Ctrl-C of its own, as from its terminal
        )
    LOGS[child.pid] = log
    return child


LOGS: dict[int, Path] = {}  # each run's output


def ended(child: subprocess.Popen[str]) -> str:
    """The run's output once it has ended (it fails the test if it takes too long)."""
    try:
        child.wait(RUN_S)
    except subprocess.TimeoutExpired:
        child.kill()
        raise AssertionError(f"the run took over {RUN_S} s: {LOGS[child.pid].read_text()[-3000:]}") from None
    return LOGS[child.pid].read_text()


def finished(child: subprocess.Popen[str]) -> str:
    output = ended(child)
    assert child.returncode == 0, output
    return output


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set[int](), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def assert_all_end(pids: set[int]) -> None:
    deadline = time.monotonic() + GONE_S
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.2)
    left = [_command(pid) for pid in pids if alive(pid)]
    assert not left, f"processes left running after the run ended: {left}"


def interrupt_midway(child: subprocess.Popen[str], url: str, rng: random.Random, how: signal.Signals) -> int:
    """Wait until one more batch is saved, then a random delay, then ``how``; what was stored then."""
    before = stored(url)
    deadline = time.monotonic() + RUN_S
    while stored(url) <= before and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(rng.uniform(0, 1.2))
    below = descendants(child.pid)
    if how == signal.SIGKILL:
        child.kill()  # this process alone, as the out-of-memory killer would: its workers must notice
    else:
        os.killpg(child.pid, how)  # Ctrl-C reaches every process of the terminal's group
    ended(child)
    assert_all_end(below)
    return stored(url)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("cluster") / "in")


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The store an uninterrupted single-process run makes."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'db.sqlite'}"
    summary = batch.ingest([corpus], Store(url))
    assert (summary.stored, summary.problems) == (ARTICLES, [])
    found = counts(url)
    assert found["attributions"] >= ARTICLES and found["claims"] >= ARTICLES and found["entities twice"] == 0
    return found


def test_documents_are_saved_a_batch_a_transaction_and_a_failing_batch_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_articles(tmp_path / "in", 6)
    batches: list[int] = []
    singles: list[str] = []
    save_many, save, insert = Store.save_many, Store.save, Store._insert

    def counted_many(self: Store, pairs: list[tuple[object, bool]]) -> list[bool]:
        batches.append(len(pairs))
        return save_many(self, pairs)  # type: ignore[arg-type]

    def counted_one(self: Store, analysed: object, replace: bool = False) -> bool:
        singles.append(analysed.document.source)  # type: ignore[attr-defined]
        return save(self, analysed, replace)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save_many", counted_many)
    monkeypatch.setattr(Store, "save", counted_one)
    monkeypatch.setattr(batch, "BATCH_SECONDS", 600.0)
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 4)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert batch.ingest([folder], store).stored == 6
    assert (batches, singles) == ([4, 2], [])  # two transactions for six documents

    def failing(self: Store, analysed: object, replace: bool = False, session: object = None) -> bool:
        if analysed.document.source.endswith("07.txt"):  # type: ignore[attr-defined]
            raise RuntimeError("disk on fire")
        return insert(self, analysed, replace, session)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_insert", failing)
    more = write_articles(tmp_path / "more", 9)  # the same six, and three new: 06, 07, 08
    batches.clear()
    again = batch.ingest([more], store)
    assert (again.stored, again.already_stored) == (2, 6)
    assert [p.reason for p in again.problems] == ["storage failed (RuntimeError: disk on fire)"]
    assert batches == [3] and sorted(Path(s).name for s in singles) == ["06.txt", "07.txt", "08.txt"]
    assert counts(store.engine.url.render_as_string())["documents"] == 8


@pytest.mark.parametrize(
    ("every", "shares"),
    [(4, [1.0, 1.0]), (0, [materialise.FULL_SHARE])],
    ids=["every 4 documents", "at the end only"],
)
def test_a_long_stream_refreshes_the_tables_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int, shares: list[float]
) -> None:
    """Readers see a long stream's articles as it goes (`ingest --refresh-every`), and no refresh
    takes in the whole stream: once it refreshes as it goes, none rebuilds the whole store either.
    With 0, one refresh at the end (a rebuild, when the batch is a large share of the store). The
    stream goes on beside each refresh: how many the next takes in depends on how long it took."""
    noted = tmp_path / "refreshes.jsonl"
    monkeypatch.setenv("REFRESHES", str(noted))
    monkeypatch.setattr(batch, "refresh", counted_refresh)
    monkeypatch.setattr(materialise, "refresh_at", counted_refresh_at)
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(batch, "REFRESH_SHARE", 1.0)  # however long this machine takes to refresh
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    summary = batch.ingest([write_articles(tmp_path / "in", 9)], store, budget=Budget(0, 0), refresh_every=every)
    assert summary.stored == 9
    pending = [json.loads(line) for line in noted.read_text("utf-8").splitlines()]
    assert sum(taken for taken, *_ in pending) == 9 and not materialise.is_stale(store)
    assert [share for _, share, *_ in pending][: len(shares)] == shares and len(pending) >= len(shares)
    if every:  # as it goes: each but the last takes in at least `every` documents, none the whole stream
        assert all(taken >= every for taken, *_ in pending[:-1]) and max(taken for taken, *_ in pending) < 9
    # a stream's refreshes, its last included, in processes of their own; a short batch's (small store) here
    assert all((pid != os.getpid()) == bool(every) for _, _, pid, _ in pending), pending
    assert len(summary.refreshes) == len(pending) and all(seconds > 0 for seconds in summary.refreshes)


def test_a_stream_waits_after_a_slow_refresh_so_that_refreshing_stays_a_share_of_its_time() -> None:
    """A refresh of 10 s after 4 documents: with a fifth of the time for refreshing, the next is
    due 40 s after it ended (documents arriving every 5 s: at the 8th), unless the stream holds
    the most documents a refresh may take (arriving every second: at the 12th)."""
    clock = [0.0]

    def slow() -> None:
        clock[0] += 10.0

    for every_s, first_due in ((5.0, 8), (1.0, 12)):
        cadence = batch.Cadence(every=4, share=0.2, most=12, clock=lambda: clock[0])
        due = []
        for stored in range(1, 30):
            clock[0] += every_s
            cadence.unrefreshed += 1
            if cadence.due():
                due.append(stored)
                cadence.timed(slow)
        assert due[:2] == [4, 4 + first_due], (every_s, due)
        assert cadence.took == 10.0
    larger = batch.Cadence(every=20, most=12, took=10**6, ended=0.0, clock=lambda: 1.0, unrefreshed=19)
    assert not larger.due()  # --refresh-every above the most held back: that many at the earliest
    larger.unrefreshed = 20
    assert larger.due()
    idle = batch.Cadence(every=0, unrefreshed=10**6)
    assert not idle.due()  # 0: at the end of the batch only


def test_a_single_process_ingest_killed_three_times_then_resumed_stores_each_document_once(
    corpus: Path, reference: dict[str, int], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    rng = random.Random(3)
    kept = [interrupt_midway(start(corpus, url), url, rng, signal.SIGKILL) for _ in range(3)]
    assert 0 < kept[0] < ARTICLES, kept  # the first kill, at least, came in the middle of the batch
    assert f"already {kept[-1]}," in finished(start(corpus, url))
    assert counts(url) == reference


def test_an_ingest_on_two_workers_interrupted_then_killed_then_resumed_stores_each_document_once(
    corpus: Path, reference: dict[str, int], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    rng = random.Random(5)
    ctrl_c = start(corpus, url, "--workers", "2")
    kept = [interrupt_midway(ctrl_c, url, rng, signal.SIGINT)]
    assert ctrl_c.returncode == 130 and 0 < kept[0] < ARTICLES, kept
    kept.append(interrupt_midway(start(corpus, url, "--workers", "2"), url, rng, signal.SIGKILL))
    assert kept[1] >= kept[0]
    assert f"already {kept[-1]}," in finished(start(corpus, url, "--workers", "2"))
    assert counts(url) == reference


def test_ctrl_c_while_the_workers_warm_up_says_one_line(tmp_path: Path) -> None:
    """Not Dask's tracebacks of the calls the closing cluster cut short (a worker's warm-up, the
    scheduler's broadcast of it)."""
    folder = write_articles(tmp_path / "in", 4)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    child = start(folder, url, "--workers", "2")
    deadline = time.monotonic() + RUN_S
    warming: list[int] = []  # the workers' analysing processes, loading the pipeline
    while not warming and child.poll() is None and time.monotonic() < deadline:
        warming = [pid for pid in descendants(child.pid) if "warm_process" in _command(pid)]
        time.sleep(0.05)
    below = descendants(child.pid)
    assert warming and stored(url) == 0
    os.killpg(child.pid, signal.SIGINT)
    output = ended(child)
    assert child.returncode == 130 and "interrupted" in output, output
    assert "Traceback" not in output and "ERROR" not in output and "never retrieved" not in output, output
    assert_all_end(below)


def test_ctrl_c_while_the_worker_processes_start_says_one_line(tmp_path: Path) -> None:
    """The worker processes share the terminal, and its Ctrl-C reached them in the second or two
    they take to import, before they could leave it to the command: each printed its traceback."""
    folder = write_articles(tmp_path / "in", 4)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    child = start(folder, url, "--workers", "2")
    deadline = time.monotonic() + RUN_S
    spawned: list[int] = []  # Dask's worker processes
    while not spawned and child.poll() is None and time.monotonic() < deadline:
        spawned = [pid for pid in descendants(child.pid) if "spawn_main" in _command(pid)]
        time.sleep(0.01)
    time.sleep(0.3)  # into their imports (Dask's take a second or two), past Python's own start
    below = descendants(child.pid)
    assert spawned and not any("warm_process" in _command(pid) for pid in below) and stored(url) == 0
    os.killpg(child.pid, signal.SIGINT)
    output = ended(child)
    assert child.returncode == 130 and "interrupted" in output, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert_all_end(below)


def test_a_worker_killed_mid_batch_and_a_document_over_its_time_budget_the_batch_finishes(
    corpus: Path, reference: dict[str, int], tmp_path: Path
) -> None:
    """On a cluster started as docs/scaling.md says (`dask scheduler`, `dask worker`): one worker
    process killed once a batch is saved; its documents are analysed again on the other (or on
    its replacement), and every document is stored once. A document that runs past the time
    budget on a worker is reported, not stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    for article in corpus.iterdir():
        (folder / article.name).write_bytes(article.read_bytes())
    clause = "« le porte-parole a déclaré que les forces tenaient la ville et que les combats continuaient "
    (folder / "05-run-on.txt").write_text((clause * 2500)[:200_000], encoding="utf-8")  # ~3.6 s to analyse alone
    address_file = tmp_path / "scheduler.json"
    dask = [str(Path(sys.executable).with_name("dask"))]
    paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "start_new_session": True}
    scheduler = subprocess.Popen(
        [
            *dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(address_file),
        ],
        **quiet,  # type: ignore[call-overload]
    )
    workers = None
    try:
        address = _address(address_file)
        workers = subprocess.Popen(
            [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
            **quiet,  # type: ignore[call-overload]
        )
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
        child = start(folder, url, "--cluster", address, "--time-budget", "1.5")
        deadline = time.monotonic() + RUN_S
        while stored(url) == 0 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        worker_processes = [pid for pid in descendants(workers.pid) if "spawn_main" in _command(pid)]
        assert len(worker_processes) >= 2 and stored(url) < ARTICLES, worker_processes  # mid-batch
        os.kill(worker_processes[0], signal.SIGKILL)
        output = finished(child)
    finally:
        for process in (workers, scheduler):
            if process is not None:
                process.terminate()
                process.wait(30)
    reason = "analysis stopped: over the time budget (1.5 s a document; raise --time-budget)"
    assert f"stored {ARTICLES}, already 0, problems 1: {folder / '05-run-on.txt'}: {reason}" in output
    assert counts(url) == reference and not alive(worker_processes[0])


class BadDocuments(WorkerPlugin):
    """On each Dask worker, and each that replaces one: the document from ``crash`` ends the
    worker's process as it is analysed (as a crash in C would), the one from ``fail`` raises."""

    name = "test-bad-documents"

    def __init__(self, crash: str, fail: str) -> None:
        self.crash, self.fail = crash, fail

    def setup(self, worker: Worker) -> None:
        real, crash, fail = pipeline.extract_claims, self.crash, self.fail

        def bad(parsed: object, *args: object) -> object:
            if parsed.document.source.endswith(crash):  # type: ignore[attr-defined]
                os._exit(70)
            if parsed.document.source.endswith(fail):  # type: ignore[attr-defined]
                raise IndexError("simulated")
            return real(parsed, *args)  # type: ignore[arg-type]

        pipeline.extract_claims = bad  # type: ignore[assignment]


def test_a_task_is_a_group_and_a_bad_document_in_a_group_is_reported_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """25 articles go to two workers as tasks of 10, 10 and 5. In the first, 04 raises: the worker
    analyses it and those after it again one at a time, and only 04 is reported. In the second,
    13 ends the worker's process: the group fails (Dask allowed no second try here), its documents
    are sent again one a task, and only 13 is reported. The rest is stored as a single process
    stores it."""
    folder = write_articles(tmp_path / "in", 25)
    good = tmp_path / "good"
    good.mkdir()
    for article in folder.iterdir():
        if article.name not in ("04.txt", "13.txt"):
            (good / article.name).write_bytes(article.read_bytes())
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    assert batch.ingest([good], Store(reference)).stored == 23
    tasks: list[list[str]] = []
    submit = Client.submit

    def counted(client: Client, function: object, documents: list[Document], *args: object, **kwargs: object) -> object:
        tasks.append([Path(document.source).stem for document in documents])
        return submit(client, function, documents, *args, **kwargs)

    monkeypatch.setattr(Client, "submit", counted)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    no_limit = Budget(0, 0)  # analysed in the Dask worker itself, where the plugin is
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), cluster.connect(2, budget=no_limit) as client:
        client.register_plugin(BadDocuments("13.txt", "04.txt"))
        summary = batch.ingest([folder], Store(url), budget=no_limit, client=client)
    assert [len(task) for task in tasks[:3]] == [10, 10, 5], tasks
    assert sorted(tasks[3:]) == [[f"{n}"] for n in range(10, 20)], tasks  # 04's group was not sent again
    killed = "analysis failed: it ended every Dask worker it ran on (a crash, or out of memory); see the workers' logs"
    reasons = sorted((Path(p.source).name, p.reason) for p in summary.problems)
    assert reasons == [("04.txt", "analysis failed (IndexError: simulated)"), ("13.txt", killed)]
    assert summary.stored == 23 and counts(url) == counts(reference)


def _address(scheduler_file: Path) -> str:
    """The scheduler's address, once it has written its file (the file is seen before it is written)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            return str(json.loads(scheduler_file.read_text())["address"])
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    raise AssertionError(f"the scheduler wrote no address to {scheduler_file} within 60 s")


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_no_cluster_to_be_had_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_S", 30)
    started = time.monotonic()
    with pytest.raises(typer.Exit) as nowhere, cluster_client(0, "tcp://127.0.0.1:9", Budget()):
        raise AssertionError("a command went on without the cluster it was given")
    assert nowhere.value.exit_code == 2 and time.monotonic() - started < 5  # refused: said at once
    assert "no Dask scheduler answers at tcp://127.0.0.1:9 (connection refused)" in capsys.readouterr().err
    with pytest.raises(typer.Exit) as both, cluster_client(2, "tcp://127.0.0.1:9", Budget()):
        pass
    assert both.value.exit_code == 2 and "not both" in capsys.readouterr().err


def test_an_ingest_given_no_cluster_creates_no_database(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "in", 1)
    database = tmp_path / "new.db"
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--cluster", "tcp://127.0.0.1:9", "--db", f"sqlite:///{database}"]
    )
    assert result.exit_code == 2 and "no Dask scheduler answers" in result.output
    assert not database.exists()


def test_a_batch_whose_inputs_are_all_stored_starts_no_cluster(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "in", 2)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    batch.ingest([corpus], store)

    def no_cluster() -> NoReturn:
        raise AssertionError("a cluster was started for inputs already stored")

    summary = batch.ingest([corpus], store, client=no_cluster)
    assert summary.already_stored == 2 and summary.stored == 0


@pytest.mark.parametrize(
    ("address", "why"),
    [("notanaddress", "missing port"), ("tcp://127.0.0.1", "missing port"), ("http://127.0.0.1:8786", "scheme 'http'")],
)
def test_a_malformed_scheduler_address_is_one_clear_error_at_once(
    address: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a client left behind that fails for 40 s more with a traceback as the command ends."""
    started = time.monotonic()
    with pytest.raises(typer.Exit) as wrong, cluster_client(0, address, Budget()) as client:
        assert client is not None
        client()
    err = capsys.readouterr().err
    assert wrong.value.exit_code == 2 and why in err and "tcp://HOST:PORT" in err and "Traceback" not in err
    assert time.monotonic() - started < 5
