"""A per-document budget of time and memory for analysis, enforced from outside the analysis.

Analysis is CPU-bound Python and C (spaCy): nothing inside it can be relied on to stop itself,
and memory freed by Python is not always returned to the system. So a budgeted document is
analysed in a worker process (`claimscope.worker`) that serves document after document; this
process waits for each result, watching the worker's clock and resident memory, and kills the
worker when the document overruns either; the document is reported as a problem with its reason
and the batch goes on. The next document gets a fresh worker, forked from a warm one in some
20 ms (no model to load again). Costs on the normal path: sending a document and its result
between processes (under 1 ms an article); the pipeline's load happens once a process, as before,
but in the warm process.

The memory budget is the worker's resident memory, the pipeline included (about 0.7 GiB loaded);
the worker's address space is also capped (RLIMIT_AS) 1 GiB above it, so that an allocation
faster than the watch still fails inside the worker. A budget of 0 is no limit; with no limit at
all, documents are analysed in this process.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass

from claimscope.nlp import not_analysed
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.worker import FAILED, Outcome, Worker

DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MIB = 2048
TIME_ENV = "CLAIMSCOPE_TIME_BUDGET"
MEMORY_ENV = "CLAIMSCOPE_MEMORY_BUDGET"
STOPPED = "analysis stopped"


@dataclass(frozen=True)
class Budget:
    """What one document's analysis may take: wall-clock seconds and resident MiB (0: no limit)."""

    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    @property
    def limited(self) -> bool:
        return self.seconds > 0 or self.memory_mib > 0

    @classmethod
    def from_env(cls) -> Budget:
        """CLAIMSCOPE_TIME_BUDGET (seconds) and CLAIMSCOPE_MEMORY_BUDGET (MiB), else the defaults."""
        return cls(_env_number(TIME_ENV, DEFAULT_SECONDS), int(_env_number(MEMORY_ENV, DEFAULT_MEMORY_MIB)))

    def over_time(self) -> str:
        return f"{STOPPED}: over the time budget ({self.seconds:g} s a document; raise --time-budget)"

    def over_memory(self) -> str:
        return f"{STOPPED}: over the memory budget ({self.memory_mib:,} MiB a document; raise --memory-budget)"


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must be 0 (no limit) or more, not {value!r}")
    return number


_SHARED = Worker()
atexit.register(_SHARED.close)


def shared_worker() -> Worker:
    """The worker every budgeted analysis of this process goes through (one document at a time)."""
    return _SHARED


def analyse(document: Document) -> AnalysedDocument:
    """The pipeline's analysis, imported on the first call: spaCy loads with the first analysis,
    not with every command that imports this module."""
    from claimscope.pipeline import analyse as analysed

    return analysed(document)


def analyse_within(document: Document, budget: Budget | None = None) -> AnalysedDocument | Problem:
    """The document analysed, or a Problem saying why not (over the budget, or the analysis
    failed). Never raises for the document's sake; KeyboardInterrupt goes through (and stops
    the worker)."""
    budget = budget if budget is not None else Budget.from_env()
    if not budget.limited or not_analysed(document) is not None:  # another language, or too long: nothing to budget
        try:
            return analyse(document)
        except Exception as exc:  # one bad document must not stop the caller
            return Problem(document.source, f"{FAILED} ({type(exc).__name__}: {exc})")
    found = _SHARED.analyse(document, budget.seconds, budget.memory_mib)
    if found == "time":
        return Problem(document.source, budget.over_time())
    if found == "memory":
        return Problem(document.source, budget.over_memory())
    return found


def analyse_group(documents: Sequence[Document], budget: Budget | None = None) -> Iterator[AnalysedDocument | Problem]:
    """`analyse_within` of each document, in order, their texts parsed in one stream (faster;
    same results). A document the group does not analyse cleanly (over its budget on its own
    clock, a failure, a worker gone) and those after it are analysed again each on its own, as
    `analyse_within` does: what a document comes to does not depend on its neighbours."""
    budget = budget if budget is not None else Budget.from_env()
    done = 0
    if len(documents) > 1:
        outcomes: Generator[Outcome, None, None] = (
            _SHARED.analyse_many(documents, budget.seconds, budget.memory_mib) if budget.limited else _here(documents)
        )
        with contextlib.closing(outcomes):  # the worker is free again for the documents after
            for outcome in outcomes:  # as they come: what was analysed before Ctrl-C is kept
                if not isinstance(outcome, AnalysedDocument):
                    break
                done += 1
                yield outcome
    for document in documents[done:]:
        yield analyse_within(document, budget)


def _here(documents: Sequence[Document]) -> Generator[AnalysedDocument, None, None]:
    """Documents analysed in this process, up to the first failure (left to `analyse_within`)."""
    from claimscope.pipeline import analyse_all

    with contextlib.suppress(Exception):
        yield from analyse_all(documents)
