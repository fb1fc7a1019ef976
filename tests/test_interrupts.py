"""A Ctrl-C that Python loses (raised while a weakref callback runs, as when a module is imported
or a Dask future is collected) is still a Ctrl-C: the batch stops at the next document, saves what
was analysed, and nothing says "Exception ignored"."""

from __future__ import annotations

import signal
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope import batch
from claimscope.budget import Budget, analyse_group
from claimscope.interrupts import ctrl_c_kept
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from tests.apart_calls import stored
from tests.test_cluster import write_articles


class Collected:
    """An object whose collection runs a callback."""


def ctrl_c_while_a_callback_runs() -> None:
    """Ctrl-C's handler, run inside a weakref callback: the KeyboardInterrupt it raises is lost."""
    thing = Collected()
    handler = signal.getsignal(signal.SIGINT)
    assert callable(handler)
    kept = weakref.ref(thing, lambda _: handler(signal.SIGINT, None))
    del thing
    assert kept() is None


@pytest.fixture(autouse=True)
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raises, as in a terminal's command, even when the suite runs as a background job
    (SIGINT ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_a_lost_ctrl_c_is_noted_and_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[object] = []  # what Python would print as "Exception ignored"
    monkeypatch.setattr(sys, "unraisablehook", printed.append)
    with ctrl_c_kept() as noted:
        ctrl_c_while_a_callback_runs()  # no KeyboardInterrupt here: Python lost it
        assert noted.is_set()
    assert not printed
    assert sys.unraisablehook == printed.append and signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_batch_stops_at_a_lost_ctrl_c_and_keeps_what_it_analysed_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost_at_the_second(documents: list[Document], budget: Budget) -> Iterator[AnalysedDocument | Problem]:
        for n, result in enumerate(analyse_group(documents, budget)):
            if n == 1:
                ctrl_c_while_a_callback_runs()
            yield result

    monkeypatch.setattr(batch, "analyse_group", lost_at_the_second)
    printed: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", printed.append)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(KeyboardInterrupt):
        batch.ingest([write_articles(tmp_path / "in", 3)], store, budget=Budget(0, 0))
    assert stored(store) == 1  # the first, analysed before Ctrl-C; the batch went no further
    assert not printed


def test_one_note_for_a_batch_and_its_cluster_and_none_where_ctrl_c_is_ignored() -> None:
    with ctrl_c_kept() as outer:
        with ctrl_c_kept() as inner:  # the cluster's results, within the batch
            assert inner is outer
            ctrl_c_while_a_callback_runs()
        assert outer.is_set() and signal.getsignal(signal.SIGINT) not in (signal.default_int_handler, signal.SIG_IGN)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a command started in the background
    with ctrl_c_kept() as noted:
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN and not noted.is_set()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
