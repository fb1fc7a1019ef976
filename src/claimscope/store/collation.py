"""Texts ordered the same on every backend: by code point, as SQLite and Python order them.

PostgreSQL orders texts by its database's collation, which follows a locale in the clusters users
run ("alpha" before "Beta", "département" before "General"); SQLite and Python order them by code
point. A list a view shows (speakers, the claims board, a proposition's sources) or a computation
compares with Python's (a group's first articles) would differ between the backends where ties
are broken by a name. `bytewise` orders as SQLite does on both; its PostgreSQL indexes are made
with the same collation (migration 0017), so that the order is still read from them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

BYTEWISE = "C"  # PostgreSQL's collation by code point (of UTF-8's bytes: the same order)


class Bytewise(ColumnElement[Any]):
    """An expression compared by code point on every backend."""

    inherit_cache = True
    _traverse_internals = [("compared", InternalTraversal.dp_clauseelement)]  # noqa: RUF012 (as SQLAlchemy declares it)

    def __init__(self, expression: ColumnElement[Any]) -> None:
        self.compared = expression
        self.type = expression.type

    @property
    def _from_objects(self) -> list[Any]:  # the tables it reads: a query selecting it alone reads them
        return self.compared._from_objects


def bytewise(expression: Any) -> ColumnElement[Any]:
    """``expression`` ordered and compared by code point on every backend."""
    return Bytewise(expression)


@compiles(Bytewise)
def _as_is(element: Bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.compared, **kw)


@compiles(Bytewise, "postgresql")
def _collated(element: Bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.compared.collate(BYTEWISE), **kw)
