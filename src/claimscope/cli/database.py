"""Opening the store for a command, and one clear line (not a traceback) when the database fails.

A read-only file, a database another process holds locked, a full disk: any command that meets
one prints what happened and what to do on stderr, and exits with code 2 (an unusable --db).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

import typer
from rich.console import Console
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from typer.core import TyperGroup

from claimscope.beside import ApartFailed
from claimscope.cli.render import safe
from claimscope.store import DEFAULT_URL, Store
from claimscope.store import db as store_db
from claimscope.store.db import StoreError
from claimscope.store.failures import explain, seconds_waited, sqlite_file, waiting_for_writer

console = Console()  # what a command prints: tables, results
errors = Console(stderr=True, soft_wrap=True)  # one line per message, greppable
opened: ContextVar[str] = ContextVar("opened", default=DEFAULT_URL)  # the --db a failing command was given
IN_MEMORY = ("sqlite://", "sqlite:///", "sqlite:///:memory:")


def open_store(url: str, must_exist: bool = False, write: bool = False, migrate: bool = True) -> Store:
    """The store at ``url``; for commands that only read, a missing SQLite file is an error
    (rather than a new empty database); for those that write (``write``), one that cannot be
    written to is refused before any work is done; ``migrate=False``: the schema as it is."""
    wrong = _mistyped(url)
    if wrong:
        errors.print(f"[red]error:[/] {safe(wrong)}")
        raise typer.Exit(2)
    if url.split("?", 1)[0] in IN_MEMORY:
        errors.print(
            f"[red]error:[/] '{safe(url)}' is a database in memory, thrown away when the command ends; "
            "give a file: --db sqlite:///claimscope.db"
        )
        raise typer.Exit(2)
    path = sqlite_file(url)
    if path is not None and path.is_dir():
        errors.print(
            f"[red]error:[/] {safe(path)} is a folder, not a database file; e.g. --db sqlite:///{safe(path)}/claimscope.db"
        )
        raise typer.Exit(2)
    if must_exist and path is not None and not path.is_file():
        errors.print(
            f"[red]error:[/] no database at {safe(path)}; "
            f"ingest articles first: claimscope ingest FILES --db {safe(url)}"
        )
        raise typer.Exit(2)
    opened.set(url)
    try:
        store = Store(url, migrate=migrate)
        if write:  # another writer at work (its refresh) is waited for
            waiting_for_writer(store.check_writable)
    except StoreError as exc:
        errors.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from exc
    return store


def _mistyped(url: str) -> str | None:
    """What is wrong with a --db URL that no driver should be given, and the URL meant."""
    if not url.strip():
        return "no database URL given; e.g. --db sqlite:///claimscope.db"
    if "://" not in url:  # a path, or "sqlite:/tmp/x.db"
        return f"'{url}' is not a database URL; for a file, use sqlite:///{url.removeprefix('sqlite:')}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # the driver's own words follow
    if parsed.get_backend_name() == "sqlite" and parsed.host:  # sqlite://tmp/x.db: "tmp" read as a host
        # sqlite://tmp/x.db meant /tmp/x.db; sqlite://x.db, the file x.db here
        meant = f"sqlite:////{parsed.host}/{parsed.database}" if parsed.database else f"sqlite:///{parsed.host}"
        return (
            f"'{url}' names a host ('{parsed.host}'), which SQLite has none of: a file is sqlite:///RELATIVE/PATH "
            f"or sqlite:////ABSOLUTE/PATH ({meant}?)"
        )
    return None


def database_failed(exc: DBAPIError, url: str | None = None) -> str:
    """The line that says what happened to the database and what to do."""
    seconds = seconds_waited(exc, store_db.BUSY_TIMEOUT_MS / 1000)  # a writer waits longer than the busy timeout
    return f"[red]error:[/] {safe(explain(exc, url or opened.get(), seconds))}"


class Notes(logging.Handler):
    """claimscope's warnings (e.g. tables read as last refreshed) as lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        errors.print(f"[cyan]{safe(record.getMessage())}[/]")


def _untyped(param: Any) -> Any:
    """An on/off flag takes no value: no "<bool>" after it in help."""
    if getattr(param, "is_flag", False) and param.metavar is None:
        param.metavar = ""
    return param


def _helped(get_help_option: Any) -> Any:
    """A command's help option (click makes it when help is asked for), shown as the flag it is."""

    def made(ctx: Any) -> Any:
        option = get_help_option(ctx)
        return option if option is None else _untyped(option)

    return made


class Commands(TyperGroup):
    """claimscope's commands: a database error met anywhere in one (or a refresh in a process
    of its own that failed without one) becomes one line and exit code 2;
    the library's warnings are printed as notes; each paragraph of a command's help is one line,
    which the terminal wraps (typer keeps a docstring's line breaks, and wrapping its lines again
    at 80 columns left a word or two on a line of their own); on/off flags show no type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.get_help_option = _helped(self.get_help_option)  # type: ignore[method-assign]
        for param in self.params:  # the group's own flags
            _untyped(param)
        groups: list[Any] = [self]
        while groups:
            for command in groups.pop().commands.values():
                if command.help:
                    command.help = "\n\n".join(" ".join(p.split()) for p in command.help.split("\n\n"))
                for param in command.params:
                    _untyped(param)
                command.get_help_option = _helped(command.get_help_option)  # --help is one too
                groups += [command] if hasattr(command, "commands") else []

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer vendors click: its type is private)
        library = logging.getLogger("claimscope")
        if not any(isinstance(handler, Notes) for handler in library.handlers):
            library.addHandler(Notes(logging.WARNING))
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            errors.print(database_failed(exc))
            raise typer.Exit(2) from None
        except ApartFailed as exc:  # a refresh in a process of its own (a stream's, or a batch's into a large store)
            errors.print(
                f"[red]error:[/] the refresh failed: {safe(exc)}; what was stored is kept: "
                "run the same command again (it stores the rest, then refreshes)"
            )
            raise typer.Exit(2) from None
