"""A refresh holds half a million records at 100,000 documents: the cyclic collector, which would
rescan them as they pile up (30 s of 112), is paused for it and left as it was found."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from claimscope.query import materialise
from claimscope.store import Store


def test_a_refresh_runs_with_the_collector_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = materialise._refresh

    def watched(*args: Any, **kwargs: Any) -> materialise.Refreshed:
        seen.append(gc.get_threshold()[0] > 0)
        return real(*args, **kwargs)

    monkeypatch.setattr(materialise, "_refresh", watched)
    store = Store(f"sqlite:///{tmp_path}/c.db")
    before = gc.get_threshold()
    assert before[0] > 0
    materialise.refresh(store)
    assert seen == [False] and gc.get_threshold() == before  # paused for it, as it was after

    def reenabling(*args: Any, **kwargs: Any) -> materialise.Refreshed:
        gc.enable()  # what srsly does after each msgpack load (spaCy loading its vectors for a flag)
        seen.append(gc.get_threshold()[0] > 0)
        return real(*args, **kwargs)

    monkeypatch.setattr(materialise, "_refresh", reenabling)
    materialise.refresh(store)
    assert seen == [False, False] and gc.get_threshold() == before
