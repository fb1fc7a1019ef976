"""What the tests run in a process of its own (`claimscope.beside.apart`): functions named by this
module, which the child imports, so it imports little (no spaCy, no pytest). What they see is noted
in files named by environment variables, which the child inherits."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from claimscope.query import materialise
from claimscope.store import Store
from claimscope.store.failures import WAITED, waiting_for_writer
from claimscope.store.models import DocumentRow

REFRESH_AT = materialise.refresh_at  # the real one, whatever a test has put in its place
SLOW_S = 1.0  # each refresh takes this long more: time enough for a stream going on to store some


def stored(store: Store) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)


def lines(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines()) if path.exists() else 0


def slow_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    """The real refresh beside the stream, after a pause: the documents stored, and analysed, when
    it began and ended, its process and its priority, noted in the file named by $SEEN (the
    analysed documents are the lines of $ANALYSED)."""
    store, analysed = Store(url, migrate=False), Path(os.environ["ANALYSED"])
    before, analysed_before = stored(store), lines(analysed)
    began()
    time.sleep(SLOW_S)
    REFRESH_AT(url, share, writer_wait)
    noted = [before, stored(store), analysed_before, lines(analysed), os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)]
    with Path(os.environ["SEEN"]).open("a", encoding="utf-8") as seen:
        seen.write(json.dumps(noted) + "\n")


def failing_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    began()
    raise RuntimeError("the refresh failed")


def dying_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    """A refresh process killed (as the kernel kills one for its memory)."""
    began()
    os.kill(os.getpid(), signal.SIGKILL)


def began() -> None:
    """A refresh beside the stream has begun: the stream's analysis goes on (`test_refresh_beside.Noted`)."""
    with Path(os.environ["SEEN"] + ".began").open("a", encoding="utf-8") as noted:
        noted.write("\n")


def counted_refresh(store: Store, full: bool | None = None, share: float = materialise.FULL_SHARE) -> None:
    """The real refresh; the documents it takes in, its share, its process and its priority noted
    in the file named by $REFRESHES."""
    with store.sessions() as session:
        waiting = session.scalars(select(DocumentRow.id).where(DocumentRow.materialised.is_(False))).all()
    with Path(os.environ["REFRESHES"]).open("a", encoding="utf-8") as noted:
        noted.write(json.dumps([len(waiting), share, os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)]) + "\n")
    materialise.refresh(store, full, share)


def counted_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    """`counted_refresh` in a process of its own, waiting for another writer as the real one does."""
    store = Store(url, migrate=False)
    waiting_for_writer(lambda: counted_refresh(store, share=share), writer_wait)


def noting_pid_then_sleeping(path: str) -> None:
    Path(path).write_text(str(os.getpid()), "utf-8")
    time.sleep(60)


def gave_up_waiting() -> None:
    """A writer that gave up waiting for another: the error carries how long it waited."""
    error = OperationalError("INSERT", {}, Exception("database is locked"))
    setattr(error, WAITED, 900.0)
    raise error


class Unmade(Exception):
    """An error that pickles but cannot be made again from its pickle (two arguments, one given)."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


def raising_unmade() -> None:
    raise Unmade("the index", "is gone")
