"""What a database error means for the person who ran the command, in one line, and what to do.

A read-only file, a database another process holds locked, a folder that cannot be written, a
full disk or a file that is not a database (SQLite), a server that is down, refuses the user,
has no such database or shuts down mid-batch (PostgreSQL) all reach claimscope as driver
exceptions with hundreds of lines of context; the commands print this line instead.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")
# how long a writer waits for another one holding the database past its busy timeout before it
# gives up (SQLite lets one writer in at a time, and an ingest's refresh holds it a minute at
# 100,000 documents), trying again every WRITER_PAUSE_S
WRITER_WAIT_S = 900.0
WRITER_PAUSE_S = 0.5
WAITED = "claimscope_waited_s"  # set on the error a writer gave up with: how long it waited

# (words in the driver's message, what happened, what to do), first match wins; SQLite's and PostgreSQL's words
KNOWN: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("readonly database", "read-only transaction", "read-only file system", "attempt to write a read"),
        "is read-only: nothing can be stored in it",
        "give a database you may write to with --db, or make the file (and its folder) writable",
    ),
    (
        ("database is locked", "database table is locked", "lock timeout", "could not obtain lock"),
        "is locked by another process (still busy after waiting {wait})",
        "try again when that process is done (another ingest or kb import?), or use another --db",
    ),
    (
        ("unable to open database file",),
        "cannot be opened",
        "check that its folder exists and that you may read and write there",
    ),
    (
        ('fatal: database "',),
        "does not exist on that server",
        "create it first (createdb NAME, or CREATE DATABASE NAME), or correct the database name in the URL",
    ),
    (
        ("password authentication failed", "no pg_hba.conf entry", 'fatal: role "', "no password supplied"),
        "refuses the URL's user or password",
        "check the user and password in the URL (postgresql+psycopg://USER:PASSWORD@HOST/NAME)",
    ),
    (
        (
            "server closed the connection",
            "terminating connection",
            "the database system is shutting down",
            "the database system is starting up",
            "consuming input failed",
            "connection is lost",
            "connection is closed",
        ),
        "lost its server (shut down or restarted)",
        "what was stored before is kept; when the server is up again, run the same command: it resumes",
    ),
    (
        ("could not connect", "connection refused", "could not translate host name", "failed to resolve host"),
        "cannot be reached",
        "check that the server is running and that the URL's host, port and user are right",
    ),
    (
        ("invalid port number", "invalid integer value"),
        "has no valid port in its URL",
        "write the server's port as a number, HOST:5432 by default",
    ),
    (
        ("database or disk is full", "disk full", "no space left"),
        "cannot grow: the disk is full",
        "free some space, or give a database on another disk with --db",
    ),
    (
        ("file is not a database", "disk image is malformed", "file is encrypted"),
        "is not a readable SQLite database (damaged, or another kind of file)",
        "give the path of a claimscope database with --db, or a new file name to start one",
    ),
)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (plain or ``file:`` URI form), None for other databases."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database.removeprefix("file:"))


def where(url: str) -> str:
    """The database as a person names it: a SQLite file's path, or the URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def explain(exc: BaseException, url: str, wait_seconds: float) -> str:
    """One line: which database, what happened, what to do (the driver's own words when unknown)."""
    words = _words(exc)
    folder = _unwritable_folder(url)
    if folder is not None and is_read_only(exc):
        return (
            f"the database {where(url)} cannot be used from here ({words}): SQLite creates the files it "
            f"keeps beside a database ({where(url)}-shm, -wal) to read or write it, and this user may not "
            f"write in {folder}; make that folder writable for this user, or give a copy of the file with --db"
        )
    found = known(exc, wait_seconds)
    if found is None:
        return f"the database {where(url)} failed: {words[:300]}"
    return f"the database {where(url)} {found[0]} ({words}); {found[1]}"


def known(exc: BaseException, wait_seconds: float) -> tuple[str, str] | None:
    """What happened to the database, in words that follow "the database", and what a person at
    the command line does about it, where it is a known failure (a lock, a read-only file, a
    server gone...); None for others."""
    folded = _words(exc).lower()
    for markers, said, todo in KNOWN:
        if any(marker in folded for marker in markers):
            return said.format(wait=f"{wait_seconds:g} s"), todo
    return None


def _words(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = (" ".join(line.split()) for line in str(orig).splitlines())  # a driver's message may span lines
    return "; ".join(line for line in lines if line) or type(orig).__name__


def _unwritable_folder(url: str) -> Path | None:
    """The folder of a SQLite file that this process may not write in, if it is one."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    folder = path.resolve().parent
    return None if os.access(folder, os.W_OK) else folder


def is_read_only(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return any(marker in str(orig).lower() for marker in KNOWN[0][0])


def is_locked(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return any(marker in str(orig).lower() for marker in KNOWN[1][0])


def waiting_for_writer(action: Callable[[], T], seconds: float | None = None) -> T:
    """``action``, tried again while another writer holds the database (each try waits the busy
    timeout), for up to ``seconds`` (WRITER_WAIT_S), saying so once; then its error, with how
    long it waited (`waited`)."""
    seconds = WRITER_WAIT_S if seconds is None else seconds
    since, told = time.monotonic(), False
    while True:
        try:
            return action()
        except OperationalError as exc:
            if not is_locked(exc) or time.monotonic() - since >= seconds:
                if told:
                    setattr(exc, WAITED, time.monotonic() - since)
                raise
            if not told:
                told = True
                log.warning(
                    "note: the database is held by another writer (another ingest's refresh?): "
                    "waiting for it, at most %s",
                    f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s",
                )
            time.sleep(WRITER_PAUSE_S)


def waited(exc: BaseException) -> float | None:
    """How long the writer that raised ``exc`` waited for another before giving up, if it did."""
    return getattr(exc, WAITED, None)


def seconds_waited(exc: BaseException, busy_timeout_s: float) -> float:
    """What to say ``exc``'s writer waited for another: its own wait (whole seconds) where it
    waited, else the database's busy timeout."""
    wait = waited(exc)
    return round(wait) if wait else busy_timeout_s
