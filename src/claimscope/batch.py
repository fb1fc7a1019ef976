"""Batch ingestion: read, analyse and store many inputs; problems reported, never fatal.

Re-running a batch resumes it: documents already stored (same normalised text, same id) are
recognised and skipped, so nothing is duplicated. A batch that stored anything ends by
refreshing the store's materialised verdicts and flags (a long one refreshes them as it goes,
every `REFRESH_DOCUMENTS`, less often when refreshing takes long: `Cadence`; beside the stream,
which goes on meanwhile: `claimscope.beside`; on SQLite, whose one writer is then the refresh, the
documents analysed meanwhile wait in memory, `HELD_MOST` at most, and are saved when it ends).
``reanalyse`` replaces what was found in stored documents (after an upgrade that finds more, such
as claims). Each document is analysed under a budget of time and memory (`claimscope.budget`): one
that overruns it is stopped and reported as a problem, and the batch goes on; it is not stored,
so a re-run (with a larger budget, say) tries it again, and its problem is recorded once.

Analysed documents are saved a batch at a time (up to `BATCH_DOCUMENTS`, or what came within
`BATCH_SECONDS`): one transaction a batch rather than a document. A batch that fails is saved
again one document at a time, so that one bad document loses no other. Analysis runs in this
process, a group of documents after another (their texts parsed in one stream), or on a Dask
cluster's workers (`claimscope.cluster`, given ``client``); either way the inputs are read here as
a stream, and saved, counted and reported here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from claimscope.beside import Beside
from claimscope.budget import Budget, analyse_group, shared_worker
from claimscope.ingest import DEFAULT_MAX_BYTES, read_inputs
from claimscope.interrupts import ctrl_c_kept
from claimscope.nlp import too_long
from claimscope.query.materialise import FULL_SHARE, is_stale, refresh, refresh_elsewhere, worth_a_process
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from claimscope.store.db import transient
from claimscope.store.failures import waiting_for_writer
from claimscope.worker import FAILED

if TYPE_CHECKING:
    from distributed import Client

    from claimscope.ingest.remote import Intake

log = logging.getLogger(__name__)
BATCH_DOCUMENTS = 20  # documents saved in one transaction, at most
BATCH_SECONDS = 1.0  # a batch is saved once its first document has waited this long (checked as results come)
# a long stream refreshes the materialised tables as it goes, this many stored documents at a time:
# readers see its articles, and no refresh at its end takes in the whole stream at once (a memory
# that would grow with the stream)
REFRESH_DOCUMENTS = 1000
# ...but a refresh recomputes every proposition its documents touch, whole, and a much-told one
# grows with the store: a long stream waits after each refresh until refreshing is at most this
# share of its time (at 100,000 stored documents a refresh took minutes, and a stream refreshing
# every 1,000 spent 97 % of its time on it), and holds at most REFRESH_MOST documents back: how late
# a stream's articles may reach the verdicts (a refresh reads its new documents whole a few
# thousand at a time, query.incremental.WHOLE, so that its memory does not grow with them)
REFRESH_SHARE = 0.2
REFRESH_MOST = 20 * REFRESH_DOCUMENTS
# documents analysed together (here, or in one task on a cluster), their texts parsed in one stream:
# a few of spaCy's batches (of 30,000 characters) filled across pages, not so many that a slow feed
# holds the first ones back
GROUP_DOCUMENTS = 10
GROUP_CHARS = 60_000
# documents analysed while a refresh holds SQLite's only write lock, kept in memory to be saved when
# it ends (at 100,000 documents a refresh takes a minute: some 600 documents of analysis); past this
# many the stream waits for the refresh
HELD_MOST = 2000


@dataclass
class BatchSummary:
    stored: int = 0
    already_stored: int = 0
    reanalysed: int = 0
    not_analysed: dict[str, int] = field(default_factory=dict)  # why ("in 'uk'", "too long") -> count
    attributions: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # said, skipping nothing (feed items that link to no page)
    refreshes: list[float] = field(default_factory=list)  # seconds each refresh of the verdicts and flags took

    @property
    def ok(self) -> bool:
        return not self.problems


Progress = Callable[[str], None]
Analysed = tuple[Document, bool, AnalysedDocument | Problem]  # a document, whether stored before, what became of it
Group = list[tuple[Document, bool]]  # documents analysed together, and whether each is stored before


def ingest(
    paths: Iterable[Path],
    store: Store,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Progress | None = None,
    on_result: Callable[[AnalysedDocument | Problem], None] | None = None,
    reanalyse: bool = False,
    rename: Callable[[str], str] | None = None,
    on_known: Callable[[Document], None] | None = None,
    budget: Budget | None = None,
    client: Client | Callable[[], Client] | None = None,
    intake: Intake | None = None,
    refresh_every: int = REFRESH_DOCUMENTS,
    writer_wait: float | None = None,
) -> BatchSummary:
    """``rename`` gives each input the name it is stored and reported under (an upload's client
    name rather than its temporary path); ``on_known`` hears of inputs that were already stored;
    ``on_result`` hears of each document once saved (or skipped); ``budget``: what each
    document's analysis may take (default: `Budget.from_env()`); ``client``: a Dask cluster's
    client that analyses the documents on its workers, or what starts it when a first document
    needs analysis (default: this process analyses); ``intake``:
    how web inputs are fetched (default: guarded, pages whose URL is stored not fetched again);
    ``refresh_every``: stored documents between refreshes of a long batch, at least (0: at its end
    only; `Cadence`); ``writer_wait``: how long a save or refresh waits for another writer holding
    the database (default `store.failures.WRITER_WAIT_S`) before the batch stops."""
    budget = budget if budget is not None else Budget.from_env()
    with ctrl_c_kept() as ctrl_c:  # a Ctrl-C Python lost is raised again as the next document comes
        run = _Run(store, reanalyse, on_item, on_result, rename, on_known, refresh_every, writer_wait)
        if intake is None:  # pages whose URL is stored are not fetched again
            from claimscope.ingest.remote import Intake

            intake = Intake(known_url=store.knows_url)
        intake.begin()  # a watch's intake lives across polls
        known_before = intake.stored
        groups = _groups(run.admitted(read_inputs(paths, max_bytes, intake)))
        if client is None:
            if budget.limited:
                shared_worker().prestart()  # the worker loads its pipeline while the first inputs are read
            results: Generator[Analysed, None, None] = _analysed_here(groups, budget)
        else:
            from claimscope.cluster import analysed_on  # distributed is imported only for a cluster

            results = analysed_on(client, groups, budget)
        with closing(results):  # a cluster's unfinished work is cancelled, whatever ends the batch
            try:
                for document, known, result in results:
                    if ctrl_c.is_set():
                        raise KeyboardInterrupt
                    run.outcome(document, known, result)
                if ctrl_c.is_set():
                    raise KeyboardInterrupt
            except KeyboardInterrupt:
                if run.locked_out and run.pending:
                    log.warning(
                        "saving the %d documents analysed once the refresh underway ends (Ctrl-C again leaves "
                        "them to the next run of the same command)",
                        len(run.pending),
                    )
                run.flush()  # what was analysed before Ctrl-C is kept
                raise
        run.finish()
        intake.settle({problem.source for problem in run.summary.problems})  # feeds read whole next time if not
        run.summary.already_stored += intake.stored - known_before  # pages not fetched: their URL is stored
        run.summary.notes += intake.notes
        if ctrl_c.is_set():  # lost as the batch ended: said as a Ctrl-C, once what it did is kept
            raise KeyboardInterrupt
        return run.summary


def _analysed_here(groups: Iterator[Group], budget: Budget) -> Generator[Analysed, None, None]:
    for group in groups:
        results = analyse_group([document for document, _ in group], budget)
        failed: Exception | None = None
        for document, known in group:  # each as it comes: what was analysed before Ctrl-C is kept
            if failed is None:
                try:
                    result = next(results)
                except Exception as exc:  # the group's analysis failed, not a document's: the batch goes on
                    failed = exc
            if failed is not None:
                result = Problem(document.source, f"{FAILED} ({type(failed).__name__}: {failed})")
            yield document, known, result


def _groups(documents: Iterator[tuple[Document, bool]]) -> Iterator[Group]:
    """Documents a group at a time: up to GROUP_DOCUMENTS, or GROUP_CHARS of text."""
    group: Group = []
    chars = 0
    for item in documents:
        group.append(item)
        chars += len(item[0].text)
        if len(group) == GROUP_DOCUMENTS or chars >= GROUP_CHARS:
            yield group
            group, chars = [], 0
    if group:
        yield group


@dataclass
class Cadence:
    """When a long stream refreshes: after ``every`` stored documents at the earliest (0: never on
    the way), once the last refresh is at most ``share`` of the time since the one before it began,
    and always at ``most`` documents (how late its articles may reach the verdicts; ``every`` when
    larger)."""

    every: int = REFRESH_DOCUMENTS
    share: float = REFRESH_SHARE
    most: int = REFRESH_MOST
    unrefreshed: int = 0  # documents stored since the last refresh
    took: float = 0.0  # how long it took (seconds)
    clock: Callable[[], float] = time.monotonic
    ended: float = -1.0  # when it ended (-1: none yet)

    def due(self) -> bool:
        if not self.every or self.unrefreshed < self.every:
            return False
        waited = self.clock() - self.ended if self.ended >= 0 else 0.0
        return self.unrefreshed >= self.most or self.took <= self.share * (self.took + waited)

    def begin(self) -> float:
        """A refresh begins: it takes in the documents stored so far."""
        self.unrefreshed = 0
        return self.clock()

    def end(self, began: float) -> None:
        self.ended = self.clock()
        self.took = self.ended - began

    def timed(self, refresh: Callable[[], object]) -> None:
        began = self.begin()
        refresh()
        self.end(began)


class _Run:
    """One batch's bookkeeping, whichever process analyses: inputs admitted (or skipped as stored),
    analysed documents saved a batch at a time, each result counted and reported once saved."""

    def __init__(
        self,
        store: Store,
        reanalyse: bool,
        on_item: Progress | None,
        on_result: Callable[[AnalysedDocument | Problem], None] | None,
        rename: Callable[[str], str] | None,
        on_known: Callable[[Document], None] | None,
        refresh_every: int = REFRESH_DOCUMENTS,
        writer_wait: float | None = None,
    ) -> None:
        self.store, self.reanalyse, self.cadence = store, reanalyse, Cadence(refresh_every, REFRESH_SHARE, REFRESH_MOST)
        self.writer_wait = writer_wait
        self.on_item, self.on_result, self.rename, self.on_known = on_item, on_result, rename, on_known
        self.summary = BatchSummary()
        self.pending: list[tuple[AnalysedDocument, bool]] = []  # analysed, not saved yet (and whether known)
        self.underway: set[str] = set()  # ids admitted and not yet saved or given up: a second copy waits
        self.since = 0.0  # when the first pending document came
        self.streaming = False  # refreshed as it goes
        self.beside = Beside()  # its refreshes run beside the stream
        self.unrecorded: list[Problem] = []  # problems met while a refresh holds SQLite's write lock

    def admitted(self, items: Iterable[Document | Problem]) -> Iterator[tuple[Document, bool]]:
        """The documents to analyse, and whether each is stored already (``reanalyse``)."""
        for item in items:
            if self.rename is not None:
                item = _renamed(item, self.rename)
            if self.on_item:
                self.on_item(item.source)
            if isinstance(item, Problem):
                self.problem(item)
                continue
            known = item.id not in self.underway and self.store.holds(item, note=not self.locked_out)
            if item.id in self.underway or (known and not self.reanalyse):  # the same text twice: once
                self.summary.already_stored += 1
                if self.on_known:
                    self.on_known(item)
                continue
            self.underway.add(item.id)
            yield item, known

    def outcome(self, document: Document, known: bool, result: AnalysedDocument | Problem) -> None:
        if isinstance(result, Problem):  # over the budget, or the analysis failed
            self.underway.discard(document.id)
            self.problem(result)
            return
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append((result, known))
        due = len(self.pending) >= BATCH_DOCUMENTS or time.monotonic() - self.since >= BATCH_SECONDS
        if due and not (self.locked_out and len(self.pending) < HELD_MOST):
            self.flush()
            self.refresh_if_due()

    @property
    def locked_out(self) -> bool:
        """A refresh beside the stream holds the store's only writer (SQLite): saving would wait for it."""
        return not self.store.side_by_side and self.beside.underway

    def flush(self) -> None:
        """Save what is pending in one transaction; if that fails, one document at a time (on
        SQLite, once the refresh beside the stream has ended)."""
        if not self.store.side_by_side:
            self.beside.wait()
        unrecorded, self.unrecorded = self.unrecorded, []
        for problem in unrecorded:
            self.store.record_problem(problem)
        if not self.pending:
            return
        batch = self.pending
        try:
            saved: list[bool | None] = list(waiting_for_writer(lambda: self.store.save_many(batch), self.writer_wait))
        except Exception as exc:  # one bad document, or a race or deadlock with another writer: each on its own
            if isinstance(exc, OperationalError) and not transient(exc):
                raise  # the database failed, not a document: the batch stops, what is stored is kept
            saved = [self._save_one(analysed, known) for analysed, known in batch]
        self.pending = []  # only now: Ctrl-C during a save leaves the batch to save again
        for (analysed, known), ok in zip(batch, saved, strict=True):
            self.underway.discard(analysed.document.id)
            if ok is not None:
                self._count(analysed, known, ok)
        self.cadence.unrefreshed += sum(1 for ok in saved if ok)

    def refresh_if_due(self) -> None:
        """A long stream's refresh, when `Cadence` says (the next one once the one beside has ended)."""
        self.beside.check()
        if self.beside.underway:
            return
        if self.cadence.due():
            self.streaming = True
            self.refresh(beside=True)

    def refresh(self, beside: bool = False) -> None:
        """The materialised tables brought up to date, ``beside`` the stream (`claimscope.beside`:
        the stream goes on) or in line (the batch waits for it). Once a stream refreshes as it goes,
        only what its new documents touch is recomputed (a rebuild would take in the whole store),
        each time in a process of its own (`materialise.refresh_elsewhere`), whose memory
        (gigabytes at 100,000 documents) goes back when it ends: the client's stays the stream's.
        So does a short batch's into a large store (`materialise.worth_a_process`), at the batch's
        priority: `watch` and the desk's server, which take in short batches, live for days.
        Into a small one, it refreshes in this process (no interpreter to start)."""
        here = not self.streaming and not worth_a_process(self.store)
        share = 1.0 if self.streaming else FULL_SHARE  # a stream's: what its new documents touch
        began = self.cadence.begin()

        def refreshed() -> None:
            if here:
                waiting_for_writer(lambda: refresh(self.store, share=share), self.writer_wait)
            else:
                refresh_elsewhere(self.store, share, self.writer_wait, lowered=beside)
            self.cadence.end(began)
            self.summary.refreshes.append(self.cadence.took)

        if beside:
            self.beside.start(refreshed)
        else:
            refreshed()

    def finish(self) -> None:
        """The last documents saved and taken in, after any refresh still underway; also those of
        a run interrupted before it took them in (run again, it stores nothing new)."""
        self.flush()
        self.beside.wait()
        if self.cadence.unrefreshed or is_stale(self.store):
            self.refresh()  # verdicts and flags across sources, for readers that never recompute them

    def _save_one(self, analysed: AnalysedDocument, known: bool) -> bool | None:
        try:
            return self.store.save(analysed, replace=known)
        except OperationalError:
            raise
        except Exception as exc:  # one bad document must not stop the batch
            self.problem(Problem(analysed.document.source, f"storage failed ({type(exc).__name__}: {exc})"))
            return None

    def _count(self, analysed: AnalysedDocument, known: bool, saved: bool) -> None:
        summary = self.summary
        if saved and known:
            summary.reanalysed += 1
        elif saved:
            summary.stored += 1
            summary.attributions += len(analysed.attributions)
        else:
            summary.already_stored += 1
        if not analysed.analysed:
            if too_long(analysed.document):  # the user has to split it: said by its name
                summary.notes.append(Problem(analysed.document.source, analysed.note or "too long to analyse"))
                why = "too long"
            else:
                why = f"in '{analysed.document.language or 'unknown'}'"
            summary.not_analysed[why] = summary.not_analysed.get(why, 0) + 1
        if self.on_result:
            self.on_result(analysed)

    def problem(self, problem: Problem) -> None:
        self.summary.problems.append(problem)
        if self.locked_out:
            self.unrecorded.append(problem)  # recorded with the next save
        else:
            self.store.record_problem(problem)
        if self.on_result:
            self.on_result(problem)


def _renamed(item: Document | Problem, rename: Callable[[str], str]) -> Document | Problem:
    if isinstance(item, Problem):
        return replace(item, source=rename(item.source))
    item.source = rename(item.source)
    return item
