"""A long batch's refreshes, run beside its stream where the database lets writers in side by side.

On PostgreSQL a refresh and the documents stored meanwhile do not wait for each other: each
transaction writes its own rows, and the refresh takes in the documents stored when it began (the
others wait for the next one). So a stream goes on analysing and storing while its verdicts and
flags are brought up to date: at 100,000 documents a refresh takes a minute or more, in which one
process analyses some 600 documents. SQLite lets one writer in at a time, and a refresh holds it
from its first write to its end: there a stream waits for its refresh (`batch`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Beside:
    """One refresh at a time, in a thread of its own; what it raises is raised in the stream's
    thread, at its next check (so a refresh that fails stops the batch as one in line would)."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def underway(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, refresh: Callable[[], object]) -> None:
        self.wait()
        # a daemon: a stream stopped (Ctrl-C, a lost server) leaves without it, its transaction
        # rolled back, and the next refresh takes its documents in
        self.thread = threading.Thread(target=self._run, args=(refresh,), name="claimscope refresh", daemon=True)
        self.thread.start()

    def _run(self, refresh: Callable[[], object]) -> None:
        try:
            refresh()
        except BaseException as exc:  # handed to the stream's thread, raised there
            self.error = exc

    def check(self) -> None:
        """Raise what the last refresh raised, once it has ended."""
        if not self.underway:
            self.wait()

    def wait(self) -> None:
        """Until the refresh underway has ended; what it raised is raised here."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        error, self.error = self.error, None
        if error is not None:
            raise error
