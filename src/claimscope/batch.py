"""Batch ingestion: read, analyse and store many inputs; problems reported, never fatal.

Re-running a batch resumes it: documents already stored (same normalised text, same id) are
recognised and skipped, so nothing is duplicated. A batch that stored anything ends by
refreshing the store's materialised verdicts and flags. ``reanalyse`` replaces what was found in
stored documents (after an upgrade that finds more, such as claims). Each document is analysed
under a budget of time and memory (`claimscope.budget`): one that overruns it is stopped and
reported as a problem, and the batch goes on; it is not stored, so a re-run (with a larger
budget, say) tries it again, and its problem is recorded once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.exc import OperationalError

from claimscope.budget import Budget, analyse_within, shared_worker
from claimscope.ingest import DEFAULT_MAX_BYTES, read_inputs
from claimscope.query.materialise import refresh
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store


@dataclass
class BatchSummary:
    stored: int = 0
    already_stored: int = 0
    reanalysed: int = 0
    not_analysed: dict[str, int] = field(default_factory=dict)  # language -> count
    attributions: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


Progress = Callable[[str], None]


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
) -> BatchSummary:
    """``rename`` gives each input the name it is stored and reported under (an upload's client
    name rather than its temporary path); ``on_known`` hears of inputs that were already stored;
    ``budget``: what each document's analysis may take (default: `Budget.from_env()`)."""
    summary = BatchSummary()
    budget = budget if budget is not None else Budget.from_env()
    if budget.limited:
        shared_worker().prestart()  # the worker loads its pipeline while the first inputs are read
    for item in read_inputs(paths, max_bytes):
        if rename is not None:
            item = _renamed(item, rename)
        if on_item:
            on_item(item.source)
        if isinstance(item, Problem):
            summary.problems.append(item)
            store.record_problem(item)
            if on_result:
                on_result(item)
            continue
        known = store.has(item.id)
        if known and not reanalyse:
            summary.already_stored += 1
            if on_known:
                on_known(item)
            continue
        try:
            analysed = analyse_within(item, budget)
            if isinstance(analysed, Problem):  # over the budget, or the analysis failed
                summary.problems.append(analysed)
                store.record_problem(analysed)
                if on_result:
                    on_result(analysed)
                continue
            saved = store.save(analysed, replace=known)
        except OperationalError:  # the database failed, not the document: the batch stops, what is stored is kept
            raise
        except Exception as exc:  # one bad document must not stop the batch
            problem = Problem(item.source, f"analysis or storage failed ({type(exc).__name__}: {exc})")
            summary.problems.append(problem)
            store.record_problem(problem)
            if on_result:
                on_result(problem)
            continue
        if saved and known:
            summary.reanalysed += 1
        elif saved:
            summary.stored += 1
            summary.attributions += len(analysed.attributions)
        else:
            summary.already_stored += 1
        if not analysed.analysed:
            lang = analysed.document.language or "unknown"
            summary.not_analysed[lang] = summary.not_analysed.get(lang, 0) + 1
        if on_result:
            on_result(analysed)
    if summary.stored or summary.reanalysed:
        refresh(store)  # verdicts and flags across sources, for readers that never recompute them
    return summary


def _renamed(item: Document | Problem, rename: Callable[[str], str]) -> Document | Problem:
    if isinstance(item, Problem):
        return replace(item, source=rename(item.source))
    item.source = rename(item.source)
    return item
