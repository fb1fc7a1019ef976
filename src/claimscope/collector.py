"""The cyclic garbage collector paused while a stage builds many long-lived, acyclic objects.

CPython's collector rescans every tracked object as they pile up: building the gazetteer's
700,000 entries spent 3.5 s of 5.5 in it, and a refresh holding half a million claims and their
stances some 30 s of 112 (at 100,000 stored documents). Records, rows and dicts free themselves
by reference counting when dropped, so pausing it holds back only the rare cycle until it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection in the block, then the thresholds it had. A threshold of 0 rather
    than `gc.disable()`: libraries turn the collector back on (srsly after each msgpack load, as
    spaCy loads its vectors for a flag), and they leave the thresholds alone."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
